/** Inference latency per network: onnxruntime-node on this machine against onnxruntime-web's WASM backend in Chromium. */
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { chromium } from 'playwright-core';
import type { Manifest } from '../../../site/lib/manifest.ts';
import { serveStatic } from '../../../tests/helpers/staticServer.ts';

const REPO = new URL('../../../', import.meta.url).pathname;
const ORT_WEB_DIST = join(REPO, 'node_modules', 'onnxruntime-web', 'dist');
/** The files of onnxruntime-web's WASM build: the loader and its threaded SIMD module. */
const ORT_WEB_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

export interface Timing {
  /** Median milliseconds of one batch-1 run. */
  median: number;
  p90: number;
  runs: number;
}

export interface InferenceRow {
  model: string;
  backend: string;
  threads: number;
  timing: Timing;
}

export interface InferenceOptions {
  warmup?: number;
  runs?: number;
  chromiumPath?: string;
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
  return JSON.parse(await readFile(join(REPO, 'models-onnx', 'manifest.json'), 'utf8')) as Manifest;
}

/** onnxruntime-node, CPU execution provider, with `threads` intra-op threads. */
export async function nodeLatency(modelFile: string, inputName: string, threads: number, options: InferenceOptions = {}): Promise<Timing> {
  const session = await ortNode.InferenceSession.create(modelFile, { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const feeds = { [inputName]: new ortNode.Tensor('float32', sampleInput(28 * 28), [1, 1, 28, 28]) };
  for (let i = 0; i < (options.warmup ?? 10); i++) await session.run(feeds);
  const samples: number[] = [];
  for (let i = 0; i < (options.runs ?? 100); i++) {
    const started = performance.now();
    await session.run(feeds);
    samples.push(performance.now() - started);
  }
  await session.release();
  return summarize(samples);
}

/** The page that times one model in the browser; its result lands in `window.benchResult`. */
const BENCH_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ORT WASM bench</title></head><body>
<script type="module">
import * as ort from '/ort/ort.wasm.min.mjs';
const params = new URLSearchParams(location.search);
const threads = Number(params.get('threads'));
const warmup = Number(params.get('warmup'));
const runs = Number(params.get('runs'));
ort.env.wasm.wasmPaths = '/ort/';
ort.env.wasm.numThreads = threads;
try {
  const input = new Float32Array(await (await fetch('/input.bin')).arrayBuffer());
  const session = await ort.InferenceSession.create('/models/' + params.get('model'), { executionProviders: ['wasm'] });
  const feeds = { [params.get('input')]: new ort.Tensor('float32', input, [1, 1, 28, 28]) };
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await session.run(feeds);
    samples.push(performance.now() - t);
  }
  window.benchResult = { samples, isolated: crossOriginIsolated };
} catch (error) {
  window.benchResult = { error: String(error && error.stack || error) };
}
</script></body></html>`;

/** Lays out the bench page, onnxruntime-web's files and the models in `dir`. */
async function preparePage(dir: string, modelFiles: string[]): Promise<void> {
  await mkdir(join(dir, 'ort'), { recursive: true });
  await mkdir(join(dir, 'models'), { recursive: true });
  for (const file of ORT_WEB_FILES) await copyFile(join(ORT_WEB_DIST, file), join(dir, 'ort', file));
  for (const file of modelFiles) await symlink(join(REPO, 'models-onnx', file), join(dir, 'models', file)).catch(() => undefined);
  const input = sampleInput(28 * 28);
  await writeFile(join(dir, 'input.bin'), Buffer.from(input.buffer));
  await writeFile(join(dir, 'index.html'), BENCH_PAGE);
}

/** Every model of the manifest on every backend: node with 1 and 2 threads, browser WASM with 1 and 2 threads. */
export async function inferenceTable(workDir: string, options: InferenceOptions = {}): Promise<InferenceRow[]> {
  const manifest = await readManifest();
  const models = Object.values(manifest.models);
  const rows: InferenceRow[] = [];
  for (const model of models) {
    for (const threads of [1, 2]) {
      const timing = await nodeLatency(join(REPO, 'models-onnx', model.file), model.input.name, threads, options);
      rows.push({ model: model.title, backend: 'onnxruntime-node (CPU)', threads, timing });
    }
  }
  await preparePage(
    workDir,
    models.map((model) => model.file),
  );
  const server = await serveStatic(workDir, { isolated: true });
  const browser = await chromium.launch({ executablePath: options.chromiumPath ?? '/usr/bin/chromium' });
  try {
    for (const model of models) {
      for (const threads of [1, 2]) {
        const page = await browser.newPage();
        const query = new URLSearchParams({
          model: model.file,
          input: model.input.name,
          threads: String(threads),
          warmup: String(options.warmup ?? 10),
          runs: String(options.runs ?? 100),
        });
        await page.goto(`${server.origin}/?${query}`);
        const handle = await page.waitForFunction(() => (window as unknown as { benchResult?: unknown }).benchResult, undefined, {
          timeout: 180_000,
        });
        const result = (await handle.jsonValue()) as { samples?: number[]; isolated?: boolean; error?: string };
        await page.close();
        if (result.error || !result.samples) throw new Error(`browser WASM run of ${model.file} failed: ${result.error}`);
        if (threads > 1 && !result.isolated) throw new Error('the bench page is not cross-origin isolated, so WASM threads are off');
        rows.push({ model: model.title, backend: 'onnxruntime-web WASM (Chromium)', threads, timing: summarize(result.samples) });
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
