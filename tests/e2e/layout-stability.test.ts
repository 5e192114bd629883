/**
 * The header keeps its height whether the web fonts have loaded or not: a header that wraps onto a second row only in the
 * fallback font moves the whole page when the fonts arrive (Lighthouse measured a layout shift of 0.39 on a 412 px phone).
 */
import { describe, expect, it } from 'vitest';
import { useSiteBrowser } from '../helpers/siteBrowser.ts';

const site = useSiteBrowser();

/** The header's height at `width` px, with the site's web fonts loaded or refused (the fallback font, as before they arrive). */
async function headerHeight(path: string, width: number, fonts: boolean): Promise<number> {
  // Service workers blocked: the offline worker's own fetches would bypass the route that refuses the fonts.
  const page = await site.browser.newPage({ viewport: { width, height: 700 }, serviceWorkers: 'block' });
  try {
    if (!fonts) await page.route(/\.woff2$/, (route) => route.abort());
    await page.goto(`${site.server.origin}${path}`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').length);
    if (fonts) expect(loaded, 'web fonts loaded').toBeGreaterThan(0);
    else expect(loaded, 'web fonts refused').toBe(0);
    return await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
  } finally {
    await page.close();
  }
}

describe('layout stability', () => {
  for (const path of ['/ko/posts/cnn-basic/', '/ja/']) {
    it(`keeps the header of ${path} the same height with and without the web fonts, from 320 to 480 px wide`, async () => {
      for (const width of [320, 360, 390, 412, 480]) {
        expect(await headerHeight(path, width, false), `${path} at ${width} px`).toBe(await headerHeight(path, width, true));
      }
    }, 120_000);
  }
});
