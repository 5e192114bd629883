/**
 * Inference figures for `npm run bench`: warm batch-1 latency of the site's own onnxruntime-web build (WASM, 1 and 2
 * threads, in Chromium, cross-origin isolated) beside onnxruntime-node, and the bytes a post page and a first run load.
 */
import { statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { chromium } from 'playwright-core';
import { chromiumExecutablePath } from '../../../site/lib/build/chromium.ts';
import { REPO_ROOT } from '../../../site/lib/build/repoRoot.ts';
import { logitsOutput } from '../../../site/lib/inference/classify.ts';
import { demoSessionOptions } from '../../../site/lib/inference/sessionOptions.ts';
import { type Manifest, type ModelEntry, singleInputDims } from '../../../site/lib/manifest.ts';
import { longTasksBetween, recordLongTasks } from '../longTasks.ts';
import { serveStatic } from '../staticServer.ts';

export interface Timing {
  /** Median milliseconds of one batch-1 run. */
  median: number;
  p90: number;
  runs: number;
}

export interface InferenceOptions {
  warmup?: number;
  runs?: number;
  chromiumPath?: string;
}

/** One network's latency on each backend. */
export interface InferenceRow {
  model: string;
  /** Multiply-accumulates of one image (manifest.json). */
  macs: number;
  wasm1: Timing;
  wasm2: Timing;
  node1: Timing;
  node2: Timing;
}

/** A fixed, input-shaped pseudo-random image (same on both sides), already normalized. */
export function sampleInput(size: number): Float32Array {
  const data = new Float32Array(size);
  let state = 12345;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    data[i] = (state / 2147483648 - 0.5) * 2;
  }
  return data;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p90: at(0.9), runs: sorted.length };
}

export async function readManifest(): Promise<Manifest> {
  return JSON.parse(await readFile(join(REPO_ROOT, 'models-onnx', 'manifest.json'), 'utf8')) as Manifest;
}

/** The onnxruntime-web version a built site serves (its `/ort/<version>/` folder). */
export async function siteOrtVersion(dist: string): Promise<string> {
  const [version] = await readdir(join(dist, 'ort')).catch(() => []);
  if (!version) throw new Error(`${dist}/ort is missing: build the site first (npm run build)`);
  return version;
}

/** The classifier's output of a manifest entry (labels are per locale there; any locale has the count). */
function logitsOfEntry(model: Manifest['models'][keyof Manifest['models']]): string {
  return logitsOutput({ ...model, labels: model.labels.en });
}

/** onnxruntime-node, CPU execution provider, with `threads` intra-op threads, fetching `logits` alone as the classifier does. */
export async function nodeLatency(
  modelFile: string,
  model: ModelEntry,
  logits: string,
  threads: number,
  options: InferenceOptions = {},
): Promise<Timing> {
  const dims = singleInputDims(model);
  const size = dims.reduce((a, b) => a * b, 1);
  const session = await ortNode.InferenceSession.create(modelFile, {
    ...demoSessionOptions,
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const feeds = { [model.input.name]: new ortNode.Tensor('float32', sampleInput(size), dims) };
  for (let i = 0; i < (options.warmup ?? 10); i++) await session.run(feeds, [logits]);
  const samples: number[] = [];
  for (let i = 0; i < (options.runs ?? 100); i++) {
    const started = performance.now();
    await session.run(feeds, [logits]);
    samples.push(performance.now() - started);
  }
  await session.release();
  return summarize(samples);
}

/** Times each model in Chromium with the files the built site serves (`/ort/<version>/`, `/models/`), `threads` WASM threads. */
async function browserLatency(
  dist: string,
  manifest: Manifest,
  threads: number,
  options: InferenceOptions,
): Promise<Record<string, Timing>> {
  const ortVersion = await siteOrtVersion(dist);
  // A blank page of our own beside the site's ORT and model folders: the post page's islands would compete for the CPU.
  const work = await mkdtemp(join(tmpdir(), 'receptive-bench-inference-'));
  await symlink(join(dist, 'ort'), join(work, 'ort'));
  await symlink(join(dist, 'models'), join(work, 'models'));
  await writeFile(
    join(work, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>',
  );
  const server = await serveStatic(work, { isolated: true });
  const browser = await chromium.launch({ executablePath: options.chromiumPath ?? (await chromiumExecutablePath()) });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(180_000);
    await page.goto(`${server.origin}/`, { waitUntil: 'domcontentloaded' });
    const out: Record<string, Timing> = {};
    for (const model of Object.values(manifest.models)) {
      const dims = singleInputDims(model);
      const samples = await page.evaluate(
        async ({ module, base, file, inputName, logits, threads, warmup, runs, input, dims, sessionOptions }) => {
          const ort = await import(module);
          ort.env.wasm.wasmPaths = base;
          ort.env.wasm.numThreads = threads;
          if (!crossOriginIsolated && threads > 1) throw new Error('the bench page is not cross-origin isolated, so WASM threads are off');
          const session = await ort.InferenceSession.create(file, { ...sessionOptions, executionProviders: ['wasm'] });
          const feeds = { [inputName]: new ort.Tensor('float32', Float32Array.from(input), dims) };
          // Warm for `warmup` runs and at least a second: V8 first runs the wasm on its baseline compiler and swaps in
          // optimized code in the background, so a few runs would time the baseline (the first network most of all).
          const warmUntil = performance.now() + 1000;
          for (let i = 0; i < warmup || performance.now() < warmUntil; i++) await session.run(feeds, [logits]);
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const t = performance.now();
            await session.run(feeds, [logits]);
            times.push(performance.now() - t);
          }
          await session.release();
          return times;
        },
        {
          // The CPU-only build: what the site loads on the WASM path (site/lib/inference/backend.ts chooseBuild).
          module: `/ort/${ortVersion}/ort.wasm.min.mjs`,
          base: `/ort/${ortVersion}/`,
          file: `/models/${model.file}`,
          inputName: model.input.name,
          // The classifier's runs fetch the logits alone (site/islands/demo/useRunner.ts).
          logits: logitsOfEntry(model),
          threads,
          warmup: options.warmup ?? 10,
          runs: options.runs ?? 100,
          input: Array.from(sampleInput(dims.reduce((a, b) => a * b, 1))),
          dims,
          // The options the site's worker uses (site/lib/inference/ortWorker.ts).
          sessionOptions: demoSessionOptions,
        },
      );
      out[model.id] = summarize(samples);
    }
    return out;
  } finally {
    await browser.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Every network of the manifest: the site's WASM build with 1 and 2 threads, onnxruntime-node with 1 and 2 threads. */
export async function inferenceTable(dist: string, options: InferenceOptions = {}): Promise<InferenceRow[]> {
  const manifest = await readManifest();
  const [wasm1, wasm2] = [await browserLatency(dist, manifest, 1, options), await browserLatency(dist, manifest, 2, options)];
  const rows: InferenceRow[] = [];
  for (const model of Object.values(manifest.models)) {
    const file = join(REPO_ROOT, 'models-onnx', model.file);
    const [w1, w2] = [wasm1[model.id], wasm2[model.id]];
    if (!w1 || !w2) throw new Error(`no browser timing for ${model.id}`);
    const logits = logitsOfEntry(model);
    rows.push({
      model: model.title,
      macs: model.macs,
      wasm1: w1,
      wasm2: w2,
      node1: await nodeLatency(file, model, logits, 1, options),
      node2: await nodeLatency(file, model, logits, 2, options),
    });
  }
  return rows;
}

export interface PostPageBytes {
  /** JS files (and their total bytes) a post page loads once every island has hydrated, before any demo runs. */
  jsBeforeRun: number;
  jsFiles: string[];
  /** What the classifier's first answer fetches on top (runtime, WASM, model). */
  firstRun: number;
  firstRunFiles: string[];
  /** Cold first answer: milliseconds from the click to the top-1 shown. */
  firstAnswerMs: number;
  /** The backend that gave the first answer, and the one the island ends on (WebGPU takes over after compiling). */
  firstBackend: string;
  /** Longest main-thread task (PerformanceObserver 'longtask') while the page loaded, and from the click to the answer. */
  longestTaskLoadMs: number;
  longestTaskRunMs: number;
  /** What every demo of the page fetched once all of them answered that first input (they share it). */
  allDemos: number;
  allDemosFiles: string[];
  /** A return visit (the service worker's cache): runtime and model bytes fetched from the server, and click to top-1. */
  returnFetched: number;
  returnAnswerMs: number;
  /** The same with the network off; NaN when the page did not answer offline. */
  offlineAnswerMs: number;
}

/**
 * Loads `path` of the built site in Chromium (cold cache), scrolls every demo into view, then runs the classifier once:
 * on WASM (`?backend=wasm`), or with `webgpu` in a browser with WebGPU (SwiftShader here) and the reader's default.
 */
export async function postPageBytes(
  dist: string,
  path: string,
  options: InferenceOptions & { webgpu?: boolean } = {},
): Promise<PostPageBytes> {
  const server = await serveStatic(dist, { isolated: true });
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? (await chromiumExecutablePath()),
    args: options.webgpu ? ['--enable-unsafe-webgpu'] : [],
  });
  /** Bytes of a file the page fetched (0 for a directory index or a missing file: a 404 the page asked for). */
  const size = (file: string): number => {
    const stat = statSync(join(dist, file), { throwIfNoEntry: false });
    return stat?.isFile() ? stat.size : 0;
  };
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(180_000);
    await recordLongTasks(page);
    const url = `${server.origin}${path}${options.webgpu ? '' : '?backend=wasm'}`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    for (const island of await page.locator('[data-demo]').all()) await island.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);
    const before = [...server.requests];
    const jsFiles = [...new Set(before.filter((r) => r.endsWith('.js') || r.endsWith('.mjs')))];
    const classifier = page.locator('[data-demo="classifier"]').first();
    await classifier.scrollIntoViewIfNeeded();
    const clicked = await page.evaluate(() => performance.now());
    // The moment the answer shows (on the page's clock and as wall time): the other demos start fetching right after it
    // (site/lib/inference/pageInput.ts afterLeadAnswer), and what they fetch is not the first answer's.
    const answer = page.evaluate(
      () =>
        new Promise<{ now: number; epoch: number }>((resolve) => {
          const island = document.querySelector('[data-demo="classifier"]');
          const observer = new MutationObserver(() => {
            if (island?.getAttribute('data-status') !== 'done') return;
            observer.disconnect();
            resolve({ now: performance.now(), epoch: performance.timeOrigin + performance.now() });
          });
          if (island) observer.observe(island, { attributes: true, attributeFilter: ['data-status'] });
        }),
    );
    await classifier.locator('button[data-sample]').first().click();
    const limit = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the classifier gave no answer in 120 s')), 120_000).unref(),
    );
    const { now: answered, epoch: answeredAt } = await Promise.race([answer, limit]);
    const untilAnswer = server.requestedAt.findIndex((t, i) => i >= before.length && t > answeredAt);
    const firstRunFiles = [...new Set(server.requests.slice(before.length, untilAnswer === -1 ? undefined : untilAnswer))];
    const longest = async (from: number, to: number) => Math.max(0, ...(await longTasksBetween(page, from, to)));
    const [longestTaskLoadMs, longestTaskRunMs] = [await longest(0, clicked), await longest(clicked, answered)];
    const firstBackend = (await classifier.getAttribute('data-backend')) ?? '';
    // Every demo answers the page's input (site/lib/inference/pageInput.ts): wait for all, then count what they fetched.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-demo]')].every((el) => !['loading', 'running'].includes(el.getAttribute('data-status') ?? '')),
      undefined,
      { timeout: 300_000, polling: 100 },
    );
    const allDemosFiles = [...new Set(server.requests.slice(before.length))];
    const runtimeOrModel = (f: string): boolean => f.startsWith('/ort/') || f.startsWith('/models/');
    // The service worker keeps what the demos used (site/lib/offline/serviceWorker.js); wait until it holds every file.
    const kept = allDemosFiles.filter(runtimeOrModel);
    await page.waitForFunction(
      async (files) => {
        for (const f of files) if (!(await caches.match(f, { ignoreSearch: true }))) return false;
        return true;
      },
      kept,
      { timeout: 60_000, polling: 250 },
    );
    /** Opens the page again (the sample in the URL removed, so the answer waits for the click) and times click to top-1. */
    const revisit = async (): Promise<number> => {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      const island = page.locator('[data-demo="classifier"]').first();
      await island.scrollIntoViewIfNeeded();
      const t0 = await page.evaluate(() => performance.now());
      await island.locator('button[data-sample]').nth(1).click();
      await page.waitForFunction(
        () => document.querySelector('[data-demo="classifier"]')?.getAttribute('data-status') === 'done',
        undefined,
        { timeout: 120_000, polling: 10 },
      );
      return (await page.evaluate(() => performance.now())) - t0;
    };
    const mark = server.requests.length;
    const returnAnswerMs = await revisit();
    const returnFetched = server.requests.slice(mark).filter(runtimeOrModel);
    await page.context().setOffline(true);
    const offlineAnswerMs = await revisit().catch(() => Number.NaN);
    await page.context().setOffline(false);
    return {
      jsBeforeRun: jsFiles.reduce((sum, f) => sum + size(f), 0),
      jsFiles,
      firstRun: firstRunFiles.reduce((sum, f) => sum + size(f), 0),
      firstRunFiles,
      firstAnswerMs: answered - clicked,
      firstBackend,
      longestTaskLoadMs,
      longestTaskRunMs,
      allDemos: allDemosFiles.reduce((sum, f) => sum + size(f), 0),
      allDemosFiles,
      returnFetched: returnFetched.reduce((sum, f) => sum + size(f), 0),
      returnAnswerMs,
      offlineAnswerMs,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
