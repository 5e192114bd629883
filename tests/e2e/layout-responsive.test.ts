/**
 * The post reads on a phone and on a desktop: no sideways page scroll at 320 px in any locale; on a 390x844 screen the
 * answer to a chosen test image shows without scrolling; the comparison never clips; an upload error leaves no old
 * answer behind it; the first-run label names shader compilation only where WebGPU compiled shaders.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../site/i18n/en.ts';
import { useSiteBrowser } from '../helpers/siteBrowser.ts';

const site = useSiteBrowser();
const post = (lang: string) => `/${lang}/posts/cnn-basic/`;

/** Opens `path` at `viewport` (web fonts loaded), runs `check` on it, and closes it. */
async function onPage(path: string, viewport: { width: number; height: number }, check: (page: Page) => Promise<void>): Promise<void> {
  const page = await site.browser.newPage({ viewport });
  page.setDefaultTimeout(120_000);
  try {
    await page.goto(`${site.server.origin}${path}`, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    await check(page);
  } finally {
    await page.close();
  }
}

/** Elements of the article that reach past the window's right edge without a scrolling box around them (clipped or scrolling the page). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // A box that scrolls sideways holds its overflow; a visually hidden one (KaTeX's MathML for screen readers) shows none.
    const holds = (el: Element) => {
      const style = getComputedStyle(el);
      return ['auto', 'scroll'].includes(style.overflowX) || style.clip !== 'auto' || style.clipPath !== 'none';
    };
    return [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
      .filter((el) => {
        for (let a: Element | null = el; a; a = a.parentElement) if (holds(a)) return false;
        return true;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} right=${Math.round(el.getBoundingClientRect().right)}`);
  });
}

/** Brings a demo's top to the top of the window, as a reader who has just reached it, and waits until it is hydrated. */
async function reach(demo: Locator): Promise<void> {
  await demo.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await demo.page().waitForFunction((el) => !el?.closest('astro-island')?.hasAttribute('ssr'), await demo.elementHandle());
}

/** Clicks the first test image and waits for the island's answer. */
async function chooseSample(demo: Locator): Promise<void> {
  await demo.evaluate((el) => el.removeAttribute('data-status'));
  await demo.locator('button[data-sample]').first().click();
  await demo.page().waitForFunction((el) => ['done', 'error'].includes(el?.getAttribute('data-status') ?? ''), await demo.elementHandle());
  expect(await demo.getAttribute('data-status')).toBe('done');
}

describe('layout from 320 to 1,440 px', () => {
  for (const lang of ['ko', 'en', 'ja']) {
    it(`${lang}: the post does not scroll sideways at 320 px, and nothing in it reaches past the edge`, async () => {
      await onPage(post(lang), { width: 320, height: 700 }, async (page) => {
        expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(320);
        expect(await overflowing(page)).toEqual([]);
      });
    }, 60_000);

    it(`${lang}: at 390x844 the classifier's top answer is on screen right after a test image is chosen`, async () => {
      await onPage(post(lang), { width: 390, height: 844 }, async (page) => {
        const classifier = page.locator('[data-demo="classifier"]').first();
        await reach(classifier);
        await chooseSample(classifier);
        const box = await classifier.locator('.demo-top5 li').first().boundingBox();
        expect(box).not.toBeNull();
        const { y, height } = box as { y: number; height: number };
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y + height).toBeLessThanOrEqual(844);
      });
    }, 120_000);
  }

  for (const width of [390, 1280]) {
    it(`at ${width} px the comparison shows every network and number inside its box, nothing clipped`, async () => {
      await onPage(post('en'), { width, height: 900 }, async (page) => {
        const compare = page.locator('[data-demo="compare"]');
        await reach(compare);
        await chooseSample(compare);
        const clipped = await compare.evaluate((root) => {
          const edge = root.getBoundingClientRect().right;
          return [...root.querySelectorAll('.demo-cards, .demo-cards *')]
            .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > edge + 0.5)
            .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`);
        });
        expect(clipped).toEqual([]);
        expect(await compare.locator('.demo-card .demo-top5').count()).toBe(3);
        // The first network's answer shows without scrolling, as the classifier's does.
        const first = (await compare.locator('.demo-card .demo-top5 li').first().boundingBox()) as { y: number; height: number };
        expect(first.y + first.height).toBeLessThanOrEqual(900);
        // A percentage stays on one line.
        const lines = await compare
          .locator('.demo-percent')
          .evaluateAll((els) =>
            els.map((el) => Math.round(el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight))),
          );
        expect(new Set(lines)).toEqual(new Set([1]));
      });
    }, 120_000);
  }

  it('an upload error clears the answer before it, and a WASM first run is not said to compile shaders', async () => {
    await onPage(post('en'), { width: 1280, height: 900 }, async (page) => {
      const classifier = page.locator('[data-demo="classifier"]').first();
      await reach(classifier);
      await chooseSample(classifier);
      expect(await classifier.getAttribute('data-backend')).toBe('wasm');
      expect(await classifier.locator('dt:has(+ [data-latency="first"])').textContent()).toBe(en['demo.result.firstRun']);
      expect(await classifier.locator('.demo-top5 li').count()).toBe(5);
      await classifier
        .locator('input[data-action="upload"]')
        .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image') });
      await expect.poll(() => classifier.getAttribute('data-status')).toBe('error');
      expect(await classifier.locator('[data-error]').getAttribute('data-error')).toBe('not-image');
      expect(await classifier.locator('.demo-top5').count()).toBe(0);
      expect(await classifier.locator('[data-latency]').count()).toBe(0);
    });
  }, 120_000);

  it('the file input is a labelled button that the keyboard reaches', async () => {
    await onPage(post('en'), { width: 390, height: 844 }, async (page) => {
      const classifier = page.locator('[data-demo="classifier"]').first();
      await reach(classifier);
      const button = classifier.locator('.demo-upload-button');
      expect(await button.textContent()).toBe(en['demo.input.upload']);
      const input = classifier.locator('input[data-action="upload"]');
      // The draw pad's Clear button, then Tab: the file input has the focus, and its button shows the focus ring.
      await classifier.locator('[data-action="clear"]').focus();
      await page.keyboard.press('Tab');
      expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    });
  }, 60_000);
});
