/** Pagefind search in real Chromium over the shared build, under the site's CSP and COOP/COEP headers. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { collectErrors, pageSettled } from '../helpers/page.ts';
import { useSiteBrowser } from '../helpers/siteBrowser.ts';

const POST = 'cnn-basic';
/** The word each language's text uses for dropout. */
const QUERIES = [
  ['ko', '드롭아웃'],
  ['ja', 'ドロップアウト'],
  ['en', 'dropout'],
] as const;

/** Generous: the suite shares two cores with builds and model runs. */
const PAGE_TIMEOUT = 120_000;

const site = useSiteBrowser();

describe('search', () => {
  it('writes one Pagefind index per language', () => {
    const dir = join(inject('distDir'), 'pagefind');
    expect(existsSync(join(dir, 'pagefind.js'))).toBe(true);
    const metas = readdirSync(dir).filter((name) => name.endsWith('.pf_meta'));
    for (const [lang] of QUERIES)
      expect(
        metas.some((name) => name.startsWith(`pagefind.${lang}_`)),
        `pagefind.${lang}_*.pf_meta`,
      ).toBe(true);
  });

  it('loads nothing of Pagefind on a post page until the reader opens search from the header', async () => {
    const page = await site.browser.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${site.server.origin}/ko/posts/${POST}/`);
    await pageSettled(page);
    expect(requested.filter((path) => path.startsWith('/pagefind/'))).toEqual([]);
    await page.getByRole('link', { name: '검색' }).first().click();
    await page.waitForURL('**/ko/search/');
    await page.getByRole('searchbox').fill('AlexNet');
    await expect.poll(() => page.locator('[data-search-results] a').count(), { timeout: PAGE_TIMEOUT }).toBeGreaterThan(0);
    expect(requested.some((path) => path.startsWith('/pagefind/'))).toBe(true);
    await page.close();
  }, 300_000);

  for (const [lang, query] of QUERIES) {
    it(`finds the post for "${query}" on the ${lang} search page`, async () => {
      const page = await site.browser.newPage();
      page.setDefaultTimeout(PAGE_TIMEOUT);
      const errors = collectErrors(page);
      await page.goto(`${site.server.origin}/${lang}/search/?q=${encodeURIComponent(query)}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      const results = page.locator('[data-search-results] a');
      await expect.poll(() => results.count(), { timeout: PAGE_TIMEOUT }).toBeGreaterThan(0);
      const hrefs = await results.evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
      expect(hrefs).toContain(`/${lang}/posts/${POST}/`);
      expect(errors).toEqual([]);
      await page.close();
    }, 300_000);
  }
});
