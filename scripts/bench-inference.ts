/**
 * `npm run bench:inference [-- --runs 50] [--dist dist]`: a benchmark, not a test. Per network, warm batch-1 latency
 * of the site's own onnxruntime-web build (the WebGPU bundle's WASM execution provider, 1 and 2 threads, in Chromium,
 * cross-origin isolated) beside onnxruntime-node on this machine; then the post page's JS bytes before a demo runs
 * and the bytes a first run fetches. Needs a built site (`npm run build`).
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { Manifest } from '../site/lib/manifest.ts';
import { serveStatic } from '../tests/helpers/staticServer.ts';
import { nodeLatency, readManifest, sampleInput, summarize, type Timing } from './lib/bench/inference.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    dist: { type: 'string', default: 'dist' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    'no-latency': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const REPO = new URL('../', import.meta.url).pathname;
const dist = resolve(REPO, values.dist);
if (!existsSync(join(dist, 'ort'))) throw new Error(`${dist}/ort is missing: run \`npm run build\` first`);
const ortVersion = (await readdir(join(dist, 'ort')))[0] as string;

export interface SiteInferenceRow {
  model: string;
  node1: Timing;
  node2: Timing;
  wasm1: Timing;
  wasm2: Timing;
}

/** Times `runs` warm runs of each model in Chromium with the site's ORT files, in a page of our origin. */
async function browserLatency(manifest: Manifest, threads: number): Promise<Record<string, Timing>> {
  const work = await mkdtemp(join(tmpdir(), 'receptive-bench-inference-'));
  await symlink(join(dist, 'ort'), join(work, 'ort'));
  await symlink(join(dist, 'models'), join(work, 'models'));
  await writeFile(
    join(work, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>',
  );
  const server = await serveStatic(work);
  const browser = await chromium.launch({ executablePath: values.chromium });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(180_000);
    await page.goto(`${server.origin}/`, { waitUntil: 'domcontentloaded' });
    const out: Record<string, Timing> = {};
    for (const model of Object.values(manifest.models)) {
      const samples = await page.evaluate(
        async ({ module, base, file, threads, runs, input }) => {
          const ort = await import(module);
          ort.env.wasm.wasmPaths = base;
          ort.env.wasm.numThreads = threads;
          if (!crossOriginIsolated && threads > 1) throw new Error('not cross-origin isolated: no WASM threads');
          const session = await ort.InferenceSession.create(file, { executionProviders: ['wasm'] });
          const feeds = { input: new ort.Tensor('float32', Float32Array.from(input), [1, 1, 28, 28]) };
          for (let i = 0; i < 10; i++) await session.run(feeds);
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const t = performance.now();
            await session.run(feeds);
            times.push(performance.now() - t);
          }
          await session.release();
          return times;
        },
        {
          module: `/ort/${ortVersion}/ort.webgpu.min.mjs`,
          base: `/ort/${ortVersion}/`,
          file: `/models/${model.file}`,
          threads,
          runs,
          input: Array.from(sampleInput(784)),
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

/** JS bytes a post page loads once every island has hydrated (before any demo runs), and the bytes one first run adds. */
async function pageBytes(): Promise<{ jsBeforeRun: number; jsFiles: string[]; firstRun: number; firstRunFiles: string[] }> {
  const server = await serveStatic(dist);
  const browser = await chromium.launch({ executablePath: values.chromium });
  const size = (p: string) => statSync(join(dist, p)).size;
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(180_000);
    await page.goto(`${server.origin}/ko/posts/cnn-basic/?backend=wasm`, { waitUntil: 'domcontentloaded' });
    for (const island of await page.locator('[data-demo]').all()) await island.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);
    const before = [...server.requests];
    const jsFiles = [...new Set(before.filter((r) => r.endsWith('.js') || r.endsWith('.mjs')))];
    const classifier = page.locator('[data-demo="classifier"]').first();
    await classifier.scrollIntoViewIfNeeded();
    await classifier.locator('button[data-sample]').first().click();
    await page.waitForFunction(
      () => document.querySelector('[data-demo="classifier"]')?.getAttribute('data-status') === 'done',
      undefined,
      { timeout: 120_000 },
    );
    const firstRunFiles = [...new Set(server.requests.slice(before.length))];
    return {
      jsBeforeRun: jsFiles.reduce((sum, f) => sum + size(f), 0),
      jsFiles,
      firstRun: firstRunFiles.reduce((sum, f) => sum + size(f), 0),
      firstRunFiles,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

const manifest = await readManifest();
if (!values['no-latency']) await latencyTable();

async function latencyTable(): Promise<void> {
  const [wasm1, wasm2] = [await browserLatency(manifest, 1), await browserLatency(manifest, 2)];
  const ms = (t: Timing | undefined) => (t ? `${t.median.toFixed(2)} ms` : '–');
  console.log(`Warm latency, batch 1, median of ${runs} runs after 10 warm-up runs (${cpus().length} CPUs; onnxruntime-web ${ortVersion})`);
  console.log('| network | WASM 1 thread | WASM 2 threads | onnxruntime-node 1 thread | onnxruntime-node 2 threads |');
  console.log('|---|---|---|---|---|');
  for (const model of Object.values(manifest.models)) {
    const file = join(REPO, 'models-onnx', model.file);
    const node1 = await nodeLatency(file, model.input.name, 1, { runs });
    const node2 = await nodeLatency(file, model.input.name, 2, { runs });
    console.log(`| ${model.title} | ${ms(wasm1[model.id])} | ${ms(wasm2[model.id])} | ${ms(node1)} | ${ms(node2)} |`);
  }
}
const bytes = await pageBytes();
console.log(
  `\n/ko/posts/cnn-basic/: JS before a demo runs (every island hydrated): ${bytes.jsBeforeRun} bytes in ${bytes.jsFiles.length} files`,
);
for (const f of bytes.jsFiles) console.log(`  ${f}`);
console.log(`First run (Classifier, WASM): ${bytes.firstRun} bytes fetched`);
for (const f of bytes.firstRunFiles) console.log(`  ${f}`);
