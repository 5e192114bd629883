/**
 * The five interactive figures in Debian's Chromium against the built site: each is in the HTML before any JavaScript runs,
 * speaks the page's language, and answers its controls, operated from the keyboard, with the numbers the shipped files give.
 * One browser, one page per locale (the Japanese one with prefers-reduced-motion); the dropout figure runs our AlexNet for
 * real (onnxruntime-web; WASM here, as Chromium runs without --enable-unsafe-webgpu).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/staticServer.ts';
import en from '../../site/i18n/en.ts';
import ja from '../../site/i18n/ja.ts';
import ko from '../../site/i18n/ko.ts';
import { compareWithSingleKernel } from '../../site/lib/figures/filterSize.ts';
import { groupedLayers } from '../../site/lib/figures/grouped.ts';
import { inceptionModule, reductionSaving } from '../../site/lib/figures/inception.ts';
import { compareAt, parseReluTanh, reluTanhGap, thresholdRange } from '../../site/lib/figures/reluTanh.ts';
import type { Locale, Manifest } from '../../site/lib/manifest.ts';
import { readOnnxGraph } from '../../site/lib/onnx/graph.ts';
import { activationShapes } from '../../site/lib/onnx/shapes.ts';
import { launchChromium } from '../helpers/browser.ts';
import { decodeEntities, visibleText } from '../helpers/html.ts';
import { hydrated as islandHydrated } from '../helpers/page.ts';
import { breakRequests } from '../helpers/route.ts';

const root = path.resolve(import.meta.dirname, '../..');
const models = path.join(root, 'models-onnx');
const manifest = JSON.parse(readFileSync(path.join(models, 'manifest.json'), 'utf8')) as Manifest;
const strings = { ko, en, ja } as Record<Locale, Record<string, string>>;
const LOCALES: Locale[] = ['ko', 'en', 'ja'];
const FIGURES = ['filter-size', 'inception-1x1', 'dropout', 'relu-tanh', 'two-groups'] as const;
const TITLE_KEY: Record<(typeof FIGURES)[number], string> = {
  'filter-size': 'fig.filterSize.title',
  'inception-1x1': 'fig.inception.title',
  dropout: 'fig.dropout.title',
  'relu-tanh': 'fig.reluTanh.title',
  'two-groups': 'fig.groups.title',
};
const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (w, k: string) => String(values[k] ?? w));
const titleOf = (lang: Locale, figure: (typeof FIGURES)[number]) => fill(strings[lang][TITLE_KEY[figure]] ?? '', { module: 'inception3a' });

// What the figures must show, worked out here from the shipped files with the same pure modules the unit tests check.
const input = { name: 'input', channels: 1, height: 28, width: 28 };
const googlenet = readOnnxGraph(readFileSync(path.join(models, manifest.models.googlenet.file)));
const inception = reductionSaving(
  inceptionModule(
    googlenet,
    activationShapes(googlenet, input),
    Object.keys(manifest.models.googlenet.activations).filter((k) => manifest.models.googlenet.activations[k]?.startsWith('inception3a.')),
  ),
);
const alexnet = readOnnxGraph(readFileSync(path.join(models, manifest.models.alexnet.file)));
const grouped = groupedLayers(alexnet, activationShapes(alexnet, input));
const reluTanh = parseReluTanh(
  JSON.parse(readFileSync(path.join(models, manifest.reluTanh ?? 'relu-tanh.json'), 'utf8')),
  'relu-tanh.json',
);
const reference = (JSON.parse(readFileSync(path.join(models, 'reference/alexnet.logits.json'), 'utf8')) as { logits: number[][] }).logits;
const argmax = (v: number[]) => v.reduce((best, x, i) => (x > (v[best] as number) ? i : best), 0);
const margin = (v: number[]) => {
  const [a = 0, b = 0] = [...v].sort((x, y) => y - x);
  return a - b;
};

/** expect.poll waits this long by default here (vitest's own default is one second). */
const POLL = { timeout: 60_000, interval: 100 };

let browser: Browser;
let server: StaticServer;
let context: BrowserContext;
const external: string[] = [];
const consoleErrors: string[] = [];

/** A page of `url`; `fakeClock` installs Playwright's clock first, so a test can fast-forward the page's timers. */
async function open(ctx: BrowserContext, url: string, { fakeClock = false } = {}): Promise<Page> {
  const page = await ctx.newPage();
  if (fakeClock) await page.clock.install();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${url}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${url}: ${e.message}`));
  await page.goto(`${server.origin}${url}`);
  return page;
}

async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext(options);
  // Generous limits: on a busy 2-core machine a page and its islands can take a while; no assertion depends on speed.
  ctx.setDefaultTimeout(90_000);
  ctx.setDefaultNavigationTimeout(120_000);
  ctx.on('request', (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
  });
  return ctx;
}

/** Scrolls a figure into view and waits until its island has hydrated (client:visible). */
async function hydrated(page: Page, figure: string): Promise<Locator> {
  const fig = page.locator(`[data-figure="${figure}"]`);
  await islandHydrated(fig);
  return fig;
}

/** Focuses a control and presses keys on it, as a keyboard user would. */
async function keys(control: Locator, ...pressed: string[]): Promise<void> {
  await control.focus();
  for (const key of pressed) await control.page().keyboard.press(key);
}

beforeAll(async () => {
  // FIGURES_DIST_DIR serves a private build instead of the shared dist/ (handy while other work rebuilds dist/).
  server = await serveStatic(process.env.FIGURES_DIST_DIR ?? inject('distDir'));
  browser = await launchChromium();
  context = await newContext();
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('figures before JavaScript (the server-rendered HTML)', () => {
  it.each(LOCALES)('%s: each figure is in the page with its title in the language and its default numbers', async (lang) => {
    const html = await (await fetch(`${server.origin}/${lang}/posts/cnn-basic/`)).text();
    for (const figure of FIGURES) {
      const at = html.indexOf(`data-figure="${figure}"`);
      expect(at, figure).toBeGreaterThan(0);
      expect(html.indexOf(`data-figure="${figure}"`, at + 1), `${figure} appears once`).toBe(-1);
      const island = html.lastIndexOf('<astro-island', at);
      const islandTag = html.slice(island, html.indexOf('>', island));
      expect(islandTag).toContain('client="visible"');
      expect(islandTag).toContain(' ssr');
      const end = html.indexOf('</astro-island>', at);
      expect(visibleText(html.slice(at, end)), figure).toContain(visibleText(titleOf(lang, figure)));
    }
    const attr = (figure: string, name: string) =>
      decodeEntities(new RegExp(`data-figure="${figure}"[^>]*?${name}="([^"]*)"`).exec(html)?.[1] ?? '');
    // The article's claim, by default: three 3x3 layers (27 weights per channel pair) against one 7x7 (49).
    expect(attr('filter-size', 'data-stack-weights')).toBe('27');
    expect(attr('filter-size', 'data-single-weights')).toBe('49');
    expect(attr('filter-size', 'data-receptive-field')).toBe('7');
    expect(attr('inception-1x1', 'data-params')).toBe(String(inception.params.with));
    expect(attr('inception-1x1', 'data-macs')).toBe(String(inception.macs.with));
    expect(attr('two-groups', 'data-saved')).toBe(String(grouped[0]?.savedWeights));
    // The paper's claim is about training error: the figure opens there, at the target where ReLU leads the most.
    const opening = reluTanhGap(reluTanh, 'train').bestThreshold;
    expect(attr('relu-tanh', 'data-metric')).toBe('train');
    expect(Number(attr('relu-tanh', 'data-threshold'))).toBeCloseTo(opening, 9);
    expect(attr('relu-tanh', 'data-epochs-relu')).toBe(String(compareAt(reluTanh, 'train', opening).epochs.relu ?? 'never'));
    expect(attr('dropout', 'data-status')).toBe('idle');
  });
});

/** The Japanese page is read with prefers-reduced-motion, so both ways of showing the receptive field are exercised. */
const REDUCED_MOTION: Locale = 'ja';

describe.each(LOCALES)('figures in Chromium, %s', (lang) => {
  let page: Page;
  const t = strings[lang];
  const calm = lang === REDUCED_MOTION;

  beforeAll(async () => {
    page = await open(context, `/${lang}/posts/cnn-basic/`, { fakeClock: calm });
    if (calm) await page.emulateMedia({ reducedMotion: 'reduce' });
  }, 180_000);
  afterAll(async () => {
    await page?.close();
  });

  it(`filter-size: kernel, depth, channels and the layer slider answer the keyboard; the grid ${calm ? 'stays still (reduced motion) until asked to play' : 'plays through the layers'}`, async () => {
    const fig = page.locator('[data-figure="filter-size"]');
    // Record the steps the animation shows from the moment it hydrates.
    await fig.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { figSteps: string[] }).figSteps = seen;
      new MutationObserver(() => seen.push(el.getAttribute('data-step') ?? '')).observe(el, {
        attributes: true,
        attributeFilter: ['data-step'],
      });
    });
    await hydrated(page, 'filter-size');
    const steps = () => page.evaluate(() => (window as unknown as { figSteps: string[] }).figSteps.join(','));
    if (calm) {
      // Fast-forward the page's timers by two animation steps: a playing grid would have moved.
      await page.clock.runFor(2000);
      expect(await steps()).toBe('');
      expect(await fig.getAttribute('data-step')).toBe('3');
    } else {
      await expect.poll(steps, POLL).toMatch(/^0,1,2,3/);
    }
    await expect.poll(() => fig.locator('button[aria-pressed]').getAttribute('aria-pressed'), POLL).toBe('false');

    await keys(fig.locator('input[type="radio"][value="3"]'), 'ArrowRight');
    expect(await fig.getAttribute('data-kernel')).toBe('5');
    await keys(fig.locator('input[name="depth"]'), 'ArrowLeft');
    expect(await fig.getAttribute('data-depth')).toBe('2');
    await fig.locator('select[name="channels"]').selectOption('64');
    const c = compareWithSingleKernel({ kernel: 5, depth: 2, channels: 64 });
    expect(await fig.getAttribute('data-stack-weights')).toBe(String(c.stack.weights));
    expect(await fig.getAttribute('data-single-weights')).toBe(String(c.single.weights));
    expect(await fig.getAttribute('data-receptive-field')).toBe('9');
    const n = new Intl.NumberFormat(lang);
    expect(await fig.locator('[data-cell="stack-weights"] strong').textContent()).toBe(n.format(c.stack.weights));
    expect(await fig.locator('[data-cell="single-weights"] strong').textContent()).toBe(n.format(c.single.weights));
    expect(await fig.locator('thead th').nth(1).textContent()).toBe(fill(t['fig.filterSize.stack'] ?? '', { n: 2, k: 5 }));

    await keys(fig.locator('input[name="step"]'), 'Home');
    expect(await fig.getAttribute('data-step')).toBe('0');
    expect(await fig.locator('rect.fig-rf').count()).toBe(1);
    await keys(fig.locator('input[name="step"]'), 'ArrowRight');
    expect(await fig.locator('rect.fig-rf').count()).toBe(2);
    expect(await fig.locator('rect.fig-rf-current').getAttribute('width')).toBe('5');
    // Play from the keyboard runs to the last layer and stops.
    await keys(fig.locator('button[aria-pressed]'), 'Enter');
    await expect.poll(() => fig.getAttribute('data-step'), POLL).toBe('2');
    await expect.poll(() => fig.locator('button[aria-pressed]').getAttribute('aria-pressed'), POLL).toBe('false');
  });

  it('inception-1x1: the variant toggle swaps in the counts without the reductions and back', async () => {
    const fig = await hydrated(page, 'inception-1x1');
    expect(await fig.getAttribute('data-params')).toBe(String(inception.params.with));
    await keys(fig.locator('input[type="radio"][value="with"]'), 'ArrowRight');
    expect(await fig.getAttribute('data-variant')).toBe('without');
    expect(await fig.getAttribute('data-params')).toBe(String(inception.params.without));
    expect(await fig.getAttribute('data-macs')).toBe(String(inception.macs.without));
    expect(await fig.locator('.fig-box-dropped').count()).toBe(2);
    expect(await fig.locator('[data-cell="params"] strong').textContent()).toBe(
      new Intl.NumberFormat(lang).format(inception.params.without),
    );
    await keys(fig.locator('input[type="radio"][value="without"]'), 'ArrowLeft');
    expect(await fig.getAttribute('data-params')).toBe(String(inception.params.with));
    expect(await fig.locator('.fig-box-dropped').count()).toBe(0);
    expect(await fig.locator('[data-result="saving"]').textContent()).toContain(new Intl.NumberFormat(lang).format(inception.params.saved));
  });

  it('relu-tanh: metric and target error answer the keyboard; the epochs stated match the recorded curves', async () => {
    const fig = await hydrated(page, 'relu-tanh');
    expect(await fig.locator('svg.fig-chart polyline').count()).toBe(4);
    expect(await fig.getAttribute('data-metric')).toBe('train');
    await keys(fig.locator('input[type="radio"][value="train"]'), 'ArrowLeft');
    expect(await fig.getAttribute('data-metric')).toBe('test');
    expect(Number(await fig.getAttribute('data-threshold'))).toBeCloseTo(reluTanhGap(reluTanh, 'test').bestThreshold, 9);
    const range = thresholdRange(reluTanh, 'test');
    await keys(fig.locator('input[name="threshold"]'), 'End');
    const threshold = Number(await fig.getAttribute('data-threshold'));
    expect(threshold).toBeCloseTo(range.max, 9);
    const result = compareAt(reluTanh, 'test', threshold);
    expect(await fig.getAttribute('data-epochs-relu')).toBe(String(result.epochs.relu ?? 'never'));
    expect(await fig.getAttribute('data-epochs-tanh')).toBe(String(result.epochs.tanh ?? 'never'));
    expect(await fig.locator('legend').textContent()).toBe(t['fig.reluTanh.metric']);
    expect(await fig.locator('[data-run="relu"]').textContent()).toContain('ReLU');
  });

  it('two-groups: layer, highlighted group and the ungrouped comparison answer the keyboard', async () => {
    const fig = await hydrated(page, 'two-groups');
    expect(await fig.getAttribute('data-layer')).toBe('conv2');
    expect(await fig.locator('.fig-filters').count()).toBe(2);
    await keys(fig.locator('select[name="layer"]'), 'ArrowDown');
    expect(await fig.getAttribute('data-layer')).toBe('conv4');
    expect(await fig.getAttribute('data-saved')).toBe(String(grouped[1]?.savedWeights));
    expect(await fig.locator('.fig-filters').count()).toBe(0);
    await keys(fig.locator('input[type="radio"][value="both"]'), 'ArrowRight');
    expect(await fig.getAttribute('data-highlight')).toBe('1');
    expect(await fig.locator('rect.fig-block-on').getAttribute('data-group')).toBe('1');
    const [, inEnd] = grouped[1]?.groupInputs[0] ?? [0, 0];
    expect(await fig.locator('li[data-group]').count()).toBe(1);
    expect(await fig.locator('li[data-group="1"]').textContent()).toContain(String(inEnd - 1));
    expect(await fig.locator('path[data-cells="missing"]').count()).toBe(0);
    await keys(fig.locator('input[name="ungrouped"]'), 'Space');
    expect(await fig.getAttribute('data-ungrouped')).toBe('true');
    expect(await fig.locator('path[data-cells="missing"]').count()).toBe(1);
  });

  it(`dropout: Run (keyboard) runs AlexNet in the browser; dropout off gives PyTorch's class, on gives a spread${lang === 'en' ? '; new masks and fewer runs recompute' : ''}`, async () => {
    const fig = await hydrated(page, 'dropout');
    // The gallery image whose reference winner is clearest, so a WASM float difference cannot flip it.
    const options = await fig.locator('select[name="sample"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const indices = await fig.locator('select[name="sample"] option').allTextContents();
    const testIndex = (text: string) => Number(/#(\d+)/.exec(text)?.[1]);
    const best = options.reduce(
      (b, _, i) => (margin(reference[testIndex(indices[i] ?? '')] ?? []) > margin(reference[testIndex(indices[b] ?? '')] ?? []) ? i : b),
      0,
    );
    await fig.locator('select[name="sample"]').selectOption(options[best] ?? '0');
    const index = testIndex(indices[best] ?? '');
    expect(await fig.getAttribute('data-sample')).toBe(String(index));

    await keys(fig.locator('button[name="run"]'), 'Enter');
    await expect.poll(() => fig.getAttribute('data-status'), { timeout: 150_000, interval: 500 }).toMatch(/done|error/);
    expect(await fig.locator('.fig-error').count(), (await fig.locator('.fig-error').allTextContents()).join()).toBe(0);
    expect(Number(await fig.getAttribute('data-top1'))).toBe(argmax(reference[index] ?? []));
    const counts = async () =>
      (await fig.locator('g.fig-prob').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-top1-count'))))) as number[];
    expect(await fig.locator('g.fig-prob').count()).toBe(10);
    expect((await counts()).reduce((a, b) => a + b, 0)).toBe(100);
    const agreement = Number(await fig.getAttribute('data-agreement'));
    expect(agreement).toBeGreaterThanOrEqual(0);
    expect(agreement).toBeLessThanOrEqual(100);
    // The class names are the page's language.
    expect(await fig.locator('g.fig-prob text').first().textContent()).toBe(manifest.models.alexnet.labels[lang][0]);

    if (lang !== 'en') return; // the other controls once: each run repeats the same work
    const masksBefore = await fig.locator('svg.fig-mask path.fig-unit-kept').first().getAttribute('d');
    await keys(fig.locator('button[name="again"]'), 'Space');
    await expect.poll(() => fig.getAttribute('data-seed'), POLL).toBe('2');
    await expect.poll(() => fig.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    expect(await fig.locator('svg.fig-mask path.fig-unit-kept').first().getAttribute('d')).not.toBe(masksBefore);
    expect(Number(await fig.getAttribute('data-top1'))).toBe(argmax(reference[index] ?? []));

    await fig.locator('select[name="runs"]').selectOption('20');
    await expect.poll(() => fig.getAttribute('data-runs'), POLL).toBe('20');
    await expect.poll(async () => (await counts()).reduce((a, b) => a + b, 0), { timeout: 60_000 }).toBe(20);
  }, 200_000);
});

describe('the dropout figure when the model download fails', () => {
  it('names the model file, offers a retry, and the retry runs the model', async () => {
    const ctx = await newContext({ serviceWorkers: 'block' }); // a cached model would never reach the route
    const model = /\/models\/alexnet\.onnx(\?|$)/;
    const corrupt = await breakRequests(ctx, model, (route) => route.fulfill({ status: 200, body: 'not a model' }));
    const page = await open(ctx, '/en/posts/cnn-basic/');
    const fig = await hydrated(page, 'dropout');
    await fig.locator('button[name="run"]').click();
    await expect.poll(() => fig.getAttribute('data-status'), { timeout: 60_000 }).toBe('error');
    const alert = fig.locator('.fig-error[role="alert"]');
    expect(await alert.textContent()).toMatch(/alexnet\.onnx/);
    corrupt.mend();
    await alert.locator('button[data-action="retry"]').click();
    await expect.poll(() => fig.getAttribute('data-status'), { timeout: 150_000, interval: 500 }).toMatch(/done|error/);
    expect(await fig.locator('.fig-error').count(), (await fig.locator('.fig-error').allTextContents()).join()).toBe(0);
    await ctx.close();
  }, 240_000);
});

describe('figures and the page', () => {
  it('no console errors and no request to another origin on any figure page', () => {
    expect(consoleErrors).toEqual([]);
    expect(external).toEqual([]);
  });
});
