/**
 * What a reader can throw at a demo, in Chromium against the built site: uploads whose header lies or whose metadata is
 * large, and downloads that fail (the island's code offline, the gallery, onnxruntime's module, a model offline).
 * Each case either works or shows, inside the island, `data-status="error"`, a message naming what failed and a retry
 * that works once the cause is gone; no uncaught error or promise rejection reaches the page. Each case is a row of CONTRIBUTING's "What the build checks" table.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectErrors, hydrated, settled } from '../helpers/page.ts';
import { breakRequests } from '../helpers/route.ts';
import { useSiteBrowser } from '../helpers/siteBrowser.ts';

const site = useSiteBrowser();

/** A post page with its demos, on WASM (no GPU needed), recording every uncaught error and rejection. */
async function openPost(given?: BrowserContext): Promise<{ page: Page; uncaught: string[] }> {
  const context = given ?? (await site.browser.newContext());
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  const uncaught = collectErrors(page, [], { console: false });
  await page.goto(`${site.server.origin}/en/posts/cnn-basic/?backend=wasm`, { waitUntil: 'domcontentloaded' });
  return { page, uncaught };
}

/**
 * A GIF whose header says 10x10 but whose one frame is 20000x20000 (a valid, empty LZW stream): a decoder allocates
 * 1.6 GB of pixels for it.
 */
function lyingGif(): Buffer {
  return Buffer.from([
    ...Buffer.from('GIF89a'),
    10,
    0,
    10,
    0,
    0x80,
    0,
    0, // logical screen 10x10, a 2-colour global table
    0,
    0,
    0,
    255,
    255,
    255,
    0x2c,
    0,
    0,
    0,
    0,
    0x20,
    0x4e,
    0x20,
    0x4e,
    0, // image at (0,0), 20000x20000
    2,
    1,
    0x2c,
    0, // LZW minimum code size 2: clear, end
    0x3b,
  ]);
}

describe('uploads in Chromium', () => {
  it('refuses a GIF whose frame is larger than the pixel limit, whatever its header says', async () => {
    const { page, uncaught } = await openPost();
    const island = page.locator('[data-demo="classifier"][data-model="alexnet"]');
    await hydrated(island);
    await island.locator('input[data-action="upload"]').setInputFiles({ name: 'lying.gif', mimeType: 'image/gif', buffer: lyingGif() });
    // Refused from the bytes, before decoding: a decoder would spend many seconds on the frame.
    await expect.poll(() => island.locator('[data-error]').getAttribute('data-error'), { timeout: 5_000 }).toBe('too-large-image');
    expect(await island.locator('[role="alert"]').textContent()).toMatch(/20000×20000/);
    expect(uncaught).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('accepts a JPEG with a 100 KB colour profile before its size', async () => {
    const { page, uncaught } = await openPost();
    const island = page.locator('[data-demo="classifier"][data-model="alexnet"]');
    await hydrated(island);
    const jpeg = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(120, 80);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 120, 80);
      ctx.fillStyle = '#222';
      ctx.fillRect(40, 10, 40, 60);
      return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer()));
    });
    // Two APP2 "ICC_PROFILE" segments (as a large profile is split) right after the start-of-image marker.
    const app2 = (index: number, bytes: number) => {
      const header = Buffer.from([0xff, 0xe2, 0, 0, ...Buffer.from('ICC_PROFILE\0'), index, 2]);
      header.writeUInt16BE(header.length - 2 + bytes, 2);
      return Buffer.concat([header, Buffer.alloc(bytes, 0x20)]);
    };
    const file = Buffer.concat([Buffer.from(jpeg.slice(0, 2)), app2(1, 60_000), app2(2, 42_000), Buffer.from(jpeg.slice(2))]);
    expect(file.length).toBeGreaterThan(100_000);
    await island.evaluate((el) => el.removeAttribute('data-status'));
    await island.locator('input[data-action="upload"]').setInputFiles({ name: 'profiled.jpg', mimeType: 'image/jpeg', buffer: file });
    expect(await settled(island)).toBe('done');
    expect(uncaught).toEqual([]);
    await page.context().close();
  }, 180_000);
});

describe('islands that cannot load their code', () => {
  // A demo, the speed lab and a figure, each far enough down the post not to have hydrated before the connection goes.
  const lower = [
    { root: '[data-demo="compare"]', file: /Could not load this demo's code \(\/_astro\/CompareNetworks\.[\w-]+\.js\)/ },
    { root: '[data-demo="speed-lab"]', file: /Could not load this demo's code \(\/_astro\/SpeedLab\.[\w-]+\.js\)/ },
    { root: '[data-figure="inception-1x1"]', file: /Could not load this figure's code \(\/_astro\/Inception1x1\.[\w-]+\.js\)/ },
  ];
  it.each(lower)(
    'offline, $root lower on the page says which file failed and retries once back online',
    async ({ root, file }) => {
      const { page, uncaught } = await openPost();
      // The reader loses the connection after the page loaded, before scrolling to the island.
      await page.context().setOffline(true);
      const island = page.locator(root);
      expect(await island.evaluate((el) => el.closest('astro-island')?.hasAttribute('ssr'))).toBe(true);
      await island.scrollIntoViewIfNeeded();
      await expect.poll(() => island.getAttribute('data-status'), { timeout: 30_000 }).toBe('error');
      // Inside a demo (under its status line), or just before a figure's island.
      const alert = page.locator(
        `astro-island:has(${root}) [role="alert"][data-error="module"], [role="alert"][data-error="module"]:has(+ astro-island ${root})`,
      );
      expect(await alert.textContent()).toMatch(file);
      await page.context().setOffline(false);
      await alert.locator('button[data-action="retry"]').click();
      await hydrated(island);
      expect(await alert.count()).toBe(0);
      expect(await island.getAttribute('data-status')).not.toBe('error');
      expect(uncaught).toEqual([]);
      await page.context().close();
    },
    120_000,
  );
});

describe('demo downloads that fail', () => {
  const classifier = (page: Page) => page.locator('[data-demo="classifier"][data-model="alexnet"]');
  const alertOf = (island: Locator) => island.locator('[role="alert"]');
  /** Clicks the retry button of the island's error and waits until the island has left the error state. */
  async function retry(island: Locator): Promise<void> {
    await alertOf(island).locator('button[data-action="retry"]').click();
    await expect.poll(() => island.getAttribute('data-status'), { timeout: 60_000 }).not.toBe('error');
  }
  /** What the island says went wrong, for an assertion's message (a run that should have worked names its error). */
  const shown = async (island: Locator) => `island says: ${(await alertOf(island).allTextContents()).join(' ') || '(no alert)'}`;
  /**
   * Clicks the first gallery sample and waits for the run to end. An island already in error would stay there without
   * writing its status again (Preact leaves an unchanged attribute alone), so that is refused here rather than waited on.
   */
  async function runSample(island: Locator): Promise<string> {
    expect(await island.getAttribute('data-status'), await shown(island)).not.toBe('error');
    await island.evaluate((el) => el.removeAttribute('data-status'));
    await island.locator('button[data-sample]').first().click();
    return settled(island, 180_000);
  }

  it('a missing gallery: the island names the file, offers a retry and raises no uncaught error', async () => {
    const context = await site.browser.newContext();
    const gallery = /\/models\/gallery\.bin(\?|$)/;
    const missing = await breakRequests(context, gallery, (route) => route.fulfill({ status: 404, body: 'gone' }));
    // Gallery downloads still open (another island's, say): the sample's click below must start one of its own.
    let open = 0;
    context.on('request', (r) => void (gallery.test(r.url()) && open++));
    context.on('requestfinished', (r) => void (gallery.test(r.url()) && open--));
    context.on('requestfailed', (r) => void (gallery.test(r.url()) && open--));
    const { page, uncaught } = await openPost(context);
    const island = classifier(page);
    await hydrated(island);
    await expect.poll(() => island.getAttribute('data-status'), { timeout: 30_000 }).toBe('error');
    expect(await alertOf(island).getAttribute('data-error')).toBe('http');
    expect(await alertOf(island).textContent()).toMatch(/gallery\.bin.*404/);
    // A sample clicked while the gallery is missing fails the same way, not as an uncaught rejection. The gallery comes
    // back only once that click's own download was refused (else it could succeed and run the sample, leaving no error).
    await expect.poll(() => open, { timeout: 30_000 }).toBe(0);
    const refused = page.waitForResponse((r) => gallery.test(r.url()) && r.status() === 404);
    await island.locator('button[data-sample]').first().click();
    await refused;
    await expect.poll(() => island.getAttribute('data-status')).toBe('error');
    missing.mend();
    await retry(island);
    expect(await runSample(island), await shown(island)).toBe('done');
    expect(uncaught).toEqual([]);
    await context.close();
  }, 240_000);

  it('a missing onnxruntime module is named as such, not as a failed run, and a retry runs the model', async () => {
    const context = await site.browser.newContext();
    // The entry of whichever onnxruntime-web build this browser gets (site/lib/inference/backend.ts chooseBuild).
    const missing = await breakRequests(context, /\/ort\/[^/]+\/ort\.[a-z]+\.min\.mjs$/, (route) =>
      route.fulfill({ status: 404, body: 'gone' }),
    );
    const { page, uncaught } = await openPost(context);
    const island = classifier(page);
    await hydrated(island);
    expect(await runSample(island)).toBe('error');
    expect(await alertOf(island).getAttribute('data-error')).toBe('http');
    expect(await alertOf(island).textContent()).toMatch(/ONNX Runtime.*ort\.[a-z]+\.min\.mjs.*404/);
    missing.mend();
    await retry(island);
    expect(await settled(island, 180_000), await shown(island)).toBe('done');
    expect(uncaught).toEqual([]);
    await context.close();
  }, 300_000);

  it('offline, a model download is named as the file that failed, and a retry once back online runs it', async () => {
    const context = await site.browser.newContext();
    const { page, uncaught } = await openPost(context);
    const island = classifier(page);
    await hydrated(island);
    // The connection goes once the gallery is here (on a busy machine its download can still be running after hydration,
    // and a gallery lost offline is the missing-gallery case above, not a model download).
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/models\/gallery\.bin/.test(e.name)));
    await context.setOffline(true);
    expect(await runSample(island)).toBe('error');
    expect(await alertOf(island).getAttribute('data-error')).toBe('network');
    expect(await alertOf(island).textContent()).toMatch(/alexnet\.onnx|ort/);
    await context.setOffline(false);
    await retry(island);
    expect(await settled(island, 180_000), await shown(island)).toBe('done');
    expect(uncaught).toEqual([]);
    await context.close();
  }, 300_000);
});
