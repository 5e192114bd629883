/**
 * The demo islands in Debian's Chromium against the built site, served with the production headers: each network on
 * WebGPU (SwiftShader) and on WASM gives the class PyTorch's reference logits give; every WebGPU node is placed on the
 * WebGPU provider; the fallback and the backend control work; each failure shows its message inside the island while
 * the rest of the page keeps working; no console errors; no request leaves our origin. One browser; pages reused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/staticServer.ts';
import en from '../../site/i18n/en.ts';
import type { Manifest } from '../../site/lib/manifest.ts';
import { launchChromium, skipWithoutWebGpu, webgpuMissing } from '../helpers/browser.ts';
import { collectErrors, hydrated, settled } from '../helpers/page.ts';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'models-onnx/manifest.json'), 'utf8')) as Manifest;
const ids = Object.keys(manifest.models);
const reference: Record<string, number[][]> = Object.fromEntries(
  ids.map((id) => [
    id,
    (JSON.parse(readFileSync(path.join(root, `models-onnx/reference/${id}.logits.json`), 'utf8')) as { logits: number[][] }).logits,
  ]),
);
const argmax = (v: number[]) => v.reduce((best, x, i) => (x > (v[best] as number) ? i : best), 0);
/** Reference class of test image `index` for a model. */
const expected = (id: string, index: number) => argmax((reference[id] as number[][])[index] as number[]);
/** Gap between the two largest reference logits: gallery images with a clear winner keep float differences of another backend from flipping a tie. */
function margin(id: string, index: number): number {
  const sorted = [...((reference[id] as number[][])[index] as number[])].sort((a, b) => b - a);
  return (sorted[0] as number) - (sorted[1] as number);
}

let browser: Browser;
let server: StaticServer;
const external: string[] = [];
const consoleErrors: string[] = [];
const contexts: BrowserContext[] = [];

/** A fresh context (empty Cache API) whose every request is checked for its origin. */
async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  // Generous: SwiftShader compiles WebGPU shaders on the CPU, and CI machines may be busy.
  context.setDefaultTimeout(120_000);
  context.on('request', (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
  });
  contexts.push(context);
  return context;
}

async function open(context: BrowserContext, url: string, options: { collectErrors?: boolean; init?: string } = {}): Promise<Page> {
  const page = await context.newPage();
  if (options.init) await page.addInitScript(options.init);
  if (options.collectErrors !== false) collectErrors(page, consoleErrors, { label: url });
  await page.goto(`${server.origin}${url}`, { waitUntil: 'domcontentloaded' });
  return page;
}

/** Scrolls the island into view (hydrating it) and forgets its last status, so `settled` waits for the next run. */
async function ready(island: Locator): Promise<void> {
  await hydrated(island);
  await island.evaluate((el) => el.removeAttribute('data-status'));
}

/** Clicks the gallery button of test image `index`. */
async function choose(island: Locator, index: number): Promise<void> {
  await ready(island);
  await island.locator(`button[data-sample="${index}"]`).click();
}

/** The page's inference worker (site/lib/inference/ortWorker.ts) and the onnxruntime-web entry it imported. */
async function ortWorker(page: Page): Promise<{ worker: Worker; module: string }> {
  const worker = page.workers().find((w) => w.url().includes('ortWorker'));
  if (!worker) throw new Error(`no inference worker among ${page.workers().map((w) => w.url())}`);
  const module = await worker.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .find((n) => /\/ort\/[^/]+\/ort\.[a-z]+\.min\.mjs$/.test(n)),
  );
  if (!module) throw new Error('the inference worker imported no onnxruntime-web entry');
  return { worker, module };
}

let samples: number[] = [];
/** Why this browser cannot run the WebGPU tests (undefined: it can), e.g. a bundled Chromium without SwiftShader. */
let noWebGpu: string | undefined;

beforeAll(async () => {
  // RECEPTIVE_E2E_DIST: a private copy of a build, for iterating on this file while others rebuild dist/.
  server = await serveStatic(process.env.RECEPTIVE_E2E_DIST ?? inject('distDir'));
  browser = await launchChromium({ webgpu: true });
  noWebGpu = await webgpuMissing(browser, `${server.origin}/404.html`);
  const gallery = (await (await fetch(`${server.origin}/en/posts/cnn-basic/`)).text()).matchAll(/data-sample="(\d+)"/g);
  samples = [...new Set([...gallery].map((m) => Number(m[1])))];
  // Gallery images whose reference winner is clear for every network, most decisive first.
  samples.sort((a, b) => Math.min(...ids.map((id) => margin(id, b))) - Math.min(...ids.map((id) => margin(id, a))));
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('demo islands in Chromium', () => {
  it('gallery images come from the test images that have PyTorch reference logits', () => {
    expect(samples.length).toBeGreaterThanOrEqual(10);
    for (const s of samples) expect(s).toBeLessThan(reference[ids[0] as string]?.length ?? 0);
  });

  it('WebGPU: every network gives the reference class, and ORT places every node on the WebGPU provider', async ({ skip }) => {
    skipWithoutWebGpu(noWebGpu, skip);
    const context = await newContext();
    // Verbose ORT logging goes to console.error, so this page is left out of the console-error check.
    const page = await open(context, '/en/posts/cnn-basic/?ort-log=verbose&backend=webgpu', { collectErrors: false });
    const placements: string[] = [];
    page.on('console', (m) => {
      const text = m.text();
      if (text.includes('VerifyEachNodeIsAssignedToAnEp')) placements.push(text);
    });
    const compare = page.locator('[data-demo="compare"]');
    const index = samples[0] as number;
    await choose(compare, index);
    // Three cold WebGPU sessions with SwiftShader compiling every shader, logged verbosely: the slowest step here.
    expect(await settled(compare, 400_000)).toBe('done');
    expect(await compare.getAttribute('data-backend')).toBe('webgpu');
    for (const id of ids) {
      const card = compare.locator(`.demo-card[data-model="${id}"]`);
      expect(Number(await card.getAttribute('data-top1')), id).toBe(expected(id, index));
      // The first WebGPU run compiled shaders, and its label says so.
      expect(await card.locator('dt:has(+ [data-latency="first"])').textContent()).toBe(en['demo.result.firstRunWebgpu']);
    }
    const allOnGpu = placements.filter((l) => /All nodes placed on \[WebGpuExecutionProvider\]/.test(l));
    expect(allOnGpu, placements.join('\n')).toHaveLength(ids.length);
    expect(placements.filter((l) => /CPUExecutionProvider|Provider: \[/.test(l))).toEqual([]);
    await page.close();
  }, 480_000);

  // Each test opens its own page in a fresh context, so any one of them can run alone or in any order.
  const postPage = async () => open(await newContext(), '/ko/posts/cnn-basic/');

  it('WASM (forced with the backend control) gives the reference class for every network, on several threads', async () => {
    const from = server.requests.length;
    const main = await postPage();
    expect(await main.evaluate(() => crossOriginIsolated)).toBe(true);
    const compare = main.locator('[data-demo="compare"]');
    await ready(compare);
    await compare.locator('select[data-action="backend"]').selectOption('wasm');
    const index = samples[1] as number;
    await choose(compare, index);
    expect(await settled(compare)).toBe('done');
    expect(await compare.getAttribute('data-backend')).toBe('wasm');
    expect(await compare.locator('[data-fallback]').getAttribute('data-fallback')).toBe('forced');
    for (const id of ids) {
      const row = compare.locator(`.demo-card[data-model="${id}"]`);
      expect(Number(await row.getAttribute('data-top1')), id).toBe(expected(id, index));
      // Names in the page's language, numbers from the manifest.
      await expect
        .poll(() => row.locator('.demo-label').first().textContent())
        .toBe(manifest.models[id as 'alexnet'].labels.ko[expected(id, index)]);
    }
    // WASM chosen before any run: the page loaded the CPU-only build (its worker, its wasm), not a WebGPU one.
    const { worker, module } = await ortWorker(main);
    expect(module).toMatch(/\/ort\/[0-9.]+\/ort\.wasm\.min\.mjs$/);
    expect(server.requests.slice(from).filter((r) => /asyncify|jspi/.test(r))).toEqual([]);
    // A string, so vitest's transform leaves the worker's own dynamic import() alone; same URL = the worker's ORT instance.
    expect(await worker.evaluate(`import(${JSON.stringify(module)}).then((ort) => ort.env.wasm.numThreads)`)).toBeGreaterThan(1);
  }, 300_000);

  it('Classifier and InsideView on WebGPU: top-5 with bars, latencies, AlexNet’s two groups, GoogLeNet’s four branches', async ({
    skip,
  }) => {
    skipWithoutWebGpu(noWebGpu, skip);
    const main = await postPage();
    const classifier = main.locator('[data-demo="classifier"][data-model="alexnet"]');
    const index = samples[2] as number;
    await ready(classifier);
    // Every backend the island shows, in order: WASM answers first while WebGPU compiles, then WebGPU takes over.
    await classifier.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { backends: string[] }).backends = seen;
      new MutationObserver(() => {
        const now = `${el.getAttribute('data-backend')}:${el.querySelector('[data-fallback]')?.getAttribute('data-fallback') ?? ''}`;
        if (el.getAttribute('data-backend') && seen.at(-1) !== now) seen.push(now);
      }).observe(el, { attributes: true, subtree: true, childList: true });
    });
    await choose(classifier, index);
    expect(await settled(classifier)).toBe('done');
    await expect.poll(() => classifier.getAttribute('data-backend'), { timeout: 300_000 }).toBe('webgpu');
    expect(await main.evaluate(() => (window as unknown as { backends: string[] }).backends)).toEqual(['wasm:webgpu-pending', 'webgpu:']);
    expect(Number(await classifier.getAttribute('data-top1'))).toBe(expected('alexnet', index));
    expect(await classifier.locator('.demo-top5 li meter').count()).toBe(5);
    expect(await classifier.locator('[data-latency="first"]').textContent()).toMatch(/ms$/);
    expect(await classifier.locator('[data-latency="warm"]').textContent()).toMatch(/ms$/);

    const alexInside = main.locator('[data-demo="inside"][data-model="alexnet"]');
    await choose(alexInside, index);
    expect(await settled(alexInside)).toBe('done');
    await expect.poll(() => alexInside.locator('[data-filters] [data-group]').count()).toBe(2);
    const grouped = alexInside.locator('[data-panel="conv2"] .inside-group');
    expect(await grouped.count()).toBe(2);

    const inside = main.locator('[data-demo="inside"][data-model="googlenet"]');
    await choose(inside, index);
    expect(await settled(inside)).toBe('done');
    expect(Number(await inside.getAttribute('data-top1'))).toBe(expected('googlenet', index));
    const branches = manifest.models.googlenet.outputs.filter((o) => /_(1x1|3x3|5x5|pool)$/.test(o.name));
    expect(branches).toHaveLength(4);
    for (const b of branches) {
      await expect.poll(() => inside.locator(`[data-output="${b.name}"]`).getAttribute('data-channels')).toBe(String(b.shape[1]));
    }
  }, 300_000);

  it('a drawing runs the model, and the keyboard clears the canvas', async () => {
    const main = await postPage();
    const classifier = main.locator('[data-demo="classifier"][data-model="vgg"]');
    // Hydrated first: a stroke drawn on the server-rendered canvas has no listener to hear it.
    await ready(classifier);
    const canvas = classifier.locator('.demo-draw canvas');
    const box = (await canvas.boundingBox()) as { x: number; y: number; width: number; height: number };
    await main.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
    await main.mouse.down();
    await main.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.8, { steps: 8 });
    await main.mouse.up();
    expect(await settled(classifier)).toBe('done');
    expect(Number(await classifier.getAttribute('data-top1'))).toBeGreaterThanOrEqual(0);
    const lit = () =>
      canvas.evaluate((c: HTMLCanvasElement) =>
        c
          .getContext('2d')
          ?.getImageData(0, 0, c.width, c.height)
          .data.some((v, i) => i % 4 === 0 && v > 0),
      );
    expect(await lit()).toBe(true);
    await canvas.focus();
    await main.keyboard.press('Delete');
    expect(await lit()).toBe(false);
  }, 300_000);

  it('a gallery image chosen, or a file dropped, before a demo’s code arrived is answered once it has', async () => {
    const context = await newContext();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The classifiers' code is held back until after the reader's choices, as on a slow connection.
    await context.route(/\/_astro\/Classifier\.[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const main = await open(context, '/en/posts/cnn-basic/');
    const clicked = main.locator('[data-demo="classifier"][data-model="alexnet"]');
    const dropped = main.locator('[data-demo="classifier"][data-model="vgg"]');
    await clicked.scrollIntoViewIfNeeded();
    const index = samples[0] as number;
    const button = clicked.locator(`button[data-sample="${index}"]`);
    await button.click();
    expect(await clicked.evaluate((el) => el.closest('astro-island')?.hasAttribute('ssr'))).toBe(true);
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    // A file dropped on a demo that has not hydrated is kept for it, not opened in the tab in place of the page.
    await dropped.scrollIntoViewIfNeeded();
    const kept = await dropped.locator('.demo-drop').evaluate((zone) => {
      const data = new DataTransfer();
      data.items.add(new File(['not an image'], 'note.txt', { type: 'text/plain' }));
      const event = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
      zone.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(kept).toBe(true);
    expect(await dropped.evaluate((el) => el.closest('astro-island')?.hasAttribute('ssr'))).toBe(true);
    release();
    await hydrated(dropped);
    await expect.poll(() => dropped.locator('[role="alert"]').first().textContent()).toContain(en['demo.error.not-image']);
    await hydrated(clicked);
    expect(await settled(clicked)).toBe('done');
    expect(Number(await clicked.getAttribute('data-top1'))).toBe(expected('alexnet', index));
  }, 300_000);

  it('WebGPU device lost: the island says so, and the next run continues on WASM', async ({ skip }) => {
    skipWithoutWebGpu(noWebGpu, skip);
    const main = await postPage();
    const classifier = main.locator('[data-demo="classifier"][data-model="alexnet"]');
    await choose(classifier, samples[2] as number);
    expect(await settled(classifier)).toBe('done');
    await expect.poll(() => classifier.getAttribute('data-backend'), { timeout: 300_000 }).toBe('webgpu');
    const { worker, module } = await ortWorker(main);
    await worker.evaluate(`import(${JSON.stringify(module)}).then(async (ort) => (await ort.env.webgpu.device).destroy())`);
    await expect.poll(() => classifier.getAttribute('data-status'), { timeout: 30_000 }).toBe('error');
    expect(await classifier.locator('[data-error]').getAttribute('data-error')).toBe('device-lost');
    await choose(classifier, samples[3] as number);
    expect(await settled(classifier)).toBe('done');
    expect(await classifier.getAttribute('data-backend')).toBe('wasm');
    expect(await classifier.locator('[data-fallback]').getAttribute('data-fallback')).toBe('device-lost');
    expect(Number(await classifier.getAttribute('data-top1'))).toBe(expected('alexnet', samples[3] as number));
  }, 300_000);

  it('a second visit downloads neither ORT’s wasm nor the models again (the service worker’s cache)', async () => {
    // Two visits in one fresh context: the first is cold (downloads, session), so the test owns its whole story.
    const context = await newContext();
    const visit = async () => {
      const page = await open(context, '/en/posts/cnn-basic/?backend=wasm');
      const classifier = page.locator('[data-demo="classifier"][data-model="vgg"]');
      await choose(classifier, samples[0] as number);
      expect(await settled(classifier)).toBe('done');
      return page;
    };
    await (await visit()).close();
    const before = server.requests.filter((r) => r.endsWith('.wasm') || r.endsWith('.onnx')).length;
    const page = await visit();
    expect(server.requests.filter((r) => r.endsWith('.wasm') || r.endsWith('.onnx')).length).toBe(before);
    await page.close();
  }, 300_000);

  it('falls back to WASM with the reason: no navigator.gpu, no adapter', async () => {
    const context = await newContext();
    const noGpu = await open(context, '/ja/posts/cnn-basic/', {
      init: "Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined })",
    });
    let island = noGpu.locator('[data-demo="classifier"][data-model="vgg"]');
    await choose(island, samples[0] as number);
    expect(await settled(island)).toBe('done');
    expect(await island.getAttribute('data-backend')).toBe('wasm');
    expect(await island.locator('[data-fallback]').getAttribute('data-fallback')).toBe('no-navigator-gpu');
    expect(Number(await island.getAttribute('data-top1'))).toBe(expected('vgg', samples[0] as number));
    await noGpu.close();
    const noAdapter = await open(context, '/en/posts/cnn-basic/', { init: 'GPU.prototype.requestAdapter = async () => null;' });
    island = noAdapter.locator('[data-demo="classifier"][data-model="vgg"]');
    await choose(island, samples[0] as number);
    expect(await settled(island)).toBe('done');
    expect(await island.locator('[data-fallback]').getAttribute('data-fallback')).toBe('no-adapter');
    // Forcing WebGPU where there is none says so rather than silently running WASM.
    await ready(island);
    await island.locator('select[data-action="backend"]').selectOption('webgpu');
    expect(await settled(island)).toBe('error');
    expect(await island.locator('[data-error]').getAttribute('data-error')).toBe('webgpu-unavailable');
    await noAdapter.close();
  }, 300_000);

  it('failures show their message inside the island while the rest of the page works', async () => {
    // page.route cannot see the requests a service worker makes, and the offline cache's worker would make them.
    const context = await newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    // The 404 the test itself serves is logged by Chromium as a failed resource load: expected here, nothing else is.
    collectErrors(page, consoleErrors, { label: 'failures', expected: /status of 404/ });
    const only = (name: string) => (url: URL) => url.pathname === `/models/${name}`;
    await page.route(only(manifest.models.vgg.file), (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.route(only(manifest.models.googlenet.file), async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[body.length >> 1] ^= 0xff; // one flipped byte: same size, different hash
      await route.fulfill({ response, body });
    });
    await page.goto(`${server.origin}/en/posts/cnn-basic/?backend=wasm`, { waitUntil: 'domcontentloaded' });

    const vgg = page.locator('[data-demo="classifier"][data-model="vgg"]');
    await choose(vgg, samples[0] as number);
    expect(await settled(vgg)).toBe('error');
    expect(await vgg.locator('[data-error]').getAttribute('data-error')).toBe('http');
    expect(await vgg.locator('[role="alert"]').textContent()).toContain('404');

    const googlenet = page.locator('[data-demo="inside"][data-model="googlenet"]');
    await choose(googlenet, samples[0] as number);
    expect(await settled(googlenet)).toBe('error');
    expect(await googlenet.locator('[data-error]').getAttribute('data-error')).toBe('checksum');

    // Truncated: the same model, now cut in half.
    await page.unroute(only(manifest.models.vgg.file));
    await page.route(only(manifest.models.vgg.file), async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: Buffer.from(await response.body()).subarray(0, manifest.models.vgg.bytes >> 1) });
    });
    await choose(vgg, samples[1] as number);
    expect(await settled(vgg)).toBe('error');
    expect(await vgg.locator('[data-error]').getAttribute('data-error')).toBe('truncated');

    // The rest of the page keeps working.
    const alexnet = page.locator('[data-demo="classifier"][data-model="alexnet"]');
    await choose(alexnet, samples[0] as number);
    expect(await settled(alexnet)).toBe('done');
    expect(Number(await alexnet.getAttribute('data-top1'))).toBe(expected('alexnet', samples[0] as number));

    // Uploads: not an image; an image too large to decode (a PNG header claiming 30000x30000 pixels).
    const upload = alexnet.locator('input[data-action="upload"]');
    await upload.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image') });
    await expect.poll(() => alexnet.locator('[data-error]').getAttribute('data-error')).toBe('not-image');
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(png);
    png.writeUInt32BE(30000, 16);
    png.writeUInt32BE(30000, 20);
    await upload.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => alexnet.locator('[data-error]').getAttribute('data-error')).toBe('too-large-image');
    // A real picture (a light background, dark object) is prepared and classified.
    const real = await page.evaluate(async () => {
      const c = new OffscreenCanvas(120, 80);
      const ctx = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 120, 80);
      ctx.fillStyle = '#222';
      ctx.fillRect(40, 10, 40, 60);
      return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
    });
    await ready(alexnet);
    await upload.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(real) });
    expect(await settled(alexnet)).toBe('done');
    // The panel shows the upload itself, at its own aspect ratio, with the dark object where it was drawn.
    const preview = alexnet.locator('canvas.demo-uploaded');
    await expect.poll(() => preview.isVisible()).toBe(true);
    const drawn = await preview.evaluate((c: HTMLCanvasElement) => {
      const at = (x: number, y: number) => (c.getContext('2d') as CanvasRenderingContext2D).getImageData(x, y, 1, 1).data[0];
      return { ratio: c.width / c.height, background: at(2, 2), object: at(c.width / 2, c.height / 2) };
    });
    expect(drawn.ratio).toBeCloseTo(1.5, 1);
    expect(drawn.background).toBeGreaterThan(200);
    expect(drawn.object).toBeLessThan(60);
    await page.close();
  }, 300_000);

  it('no console errors, and no request left our origin', () => {
    expect(consoleErrors).toEqual([]);
    expect(external).toEqual([]);
  });
});
