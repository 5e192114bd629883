/**
 * The speed lab's figures for `npm run bench`: the full-size AlexNet, VGG-16 and GoogLeNet on synthesized weights, timed
 * with the site's own onnxruntime-web in Chromium (WASM, one thread; WebGPU when the browser has a real adapter) and
 * with onnxruntime-node (one thread) on the same graph, weights and input.
 */

import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import ts from 'typescript';
import { chromiumExecutablePath } from '../../../site/lib/build/chromium.ts';
import { FULLSIZE_DIR, speedLabNetworks } from '../../../site/lib/build/speedLab.ts';
import type { SpeedLabNetwork } from '../../../site/lib/speedlab/types.ts';
import { networkLayout } from '../../../site/lib/speedlab/weightLayout.ts';
import { runFullsizeOnNode } from '../speedLabNode.ts';
import { serveStatic } from '../staticServer.ts';
import { siteOrtVersion } from './inference.ts';

const REPO = new URL('../../../', import.meta.url).pathname;

export interface SpeedLabRow {
  network: SpeedLabNetwork;
  wasm: BrowserTiming;
  webgpu?: BrowserTiming;
  node: { medianMs: number; runsMs: number[]; sessionMs: number };
  /** Largest |WASM logit − onnxruntime-node logit|. */
  maxLogitDiff: number;
}

export interface BrowserTiming {
  synthesizeMs: number;
  sessionMs: number;
  firstMs: number;
  runsMs: number[];
  medianMs: number;
  logits: number[];
}

export interface SpeedLabBenchOptions {
  runs: number;
  chromiumPath?: string;
  /** Time WebGPU even when the only adapter is a software one (SwiftShader: minutes for VGG-16). */
  softwareWebGpu?: boolean;
  log?: (message: string) => void;
}

/** The synthesizer as browser JavaScript: the very module the island bundles, its types stripped. */
async function synthesizerModule(): Promise<string> {
  const source = await readFile(join(REPO, 'site', 'lib', 'speedlab', 'synthWeights.ts'), 'utf8');
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

export async function speedLabTable(dist: string, options: SpeedLabBenchOptions): Promise<{ rows: SpeedLabRow[]; webgpu: string }> {
  const log = options.log ?? (() => undefined);
  const networks = speedLabNetworks();
  const ortVersion = await siteOrtVersion(dist);
  const work = await mkdtemp(join(tmpdir(), 'receptive-bench-speedlab-'));
  await symlink(join(dist, 'ort'), join(work, 'ort'));
  await symlink(join(dist, 'models'), join(work, 'models'));
  await writeFile(join(work, 'synth.mjs'), await synthesizerModule());
  await writeFile(
    join(work, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>',
  );
  const server = await serveStatic(work, { isolated: true });
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? (await chromiumExecutablePath()),
    args: ['--enable-unsafe-webgpu'],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`${server.origin}/`, { waitUntil: 'domcontentloaded' });
    const adapter = await page.evaluate(async () => {
      const gpu = (
        navigator as unknown as {
          gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null> };
        }
      ).gpu;
      const a = await gpu?.requestAdapter();
      if (!a) return null;
      return [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(' ') || 'unknown adapter';
    });
    const software = !adapter || /swiftshader|llvmpipe|software/i.test(adapter);
    const useWebGpu = Boolean(adapter) && (!software || options.softwareWebGpu === true);
    const webgpu = !adapter
      ? 'no WebGPU adapter: skipped'
      : useWebGpu
        ? `WebGPU on ${adapter}`
        : `WebGPU adapter is ${adapter} (the CPU): skipped, pass --speed-lab-webgpu to time it anyway`;
    const inBrowser = (network: SpeedLabNetwork, backend: 'wasm' | 'webgpu') =>
      page.evaluate(
        async ({ network, layout, backend, module, base, runs }) => {
          const ort = await import(module);
          ort.env.wasm.wasmPaths = base;
          ort.env.wasm.numThreads = 1;
          const synthUrl = '/synth.mjs'; // served beside the page; a variable, so TypeScript does not look for it
          const synth = await import(synthUrl);
          let t = performance.now();
          const weights = await synth.synthesizeWeights(layout, { yieldEvery: 0 });
          const synthesizeMs = performance.now() - t;
          const graph = new Uint8Array(await (await fetch(network.graph.url)).arrayBuffer());
          t = performance.now();
          const session = await ort.InferenceSession.create(graph, {
            executionProviders: [backend],
            graphOptimizationLevel: 'all',
            externalData: [{ path: layout.path, data: weights }],
          });
          const sessionMs = performance.now() - t;
          const input = synth.synthesizeInput(network.inputShape.reduce((a: number, b: number) => a * b, 1));
          const once = async () => {
            const feeds = { [network.inputName]: new ort.Tensor('float32', input.slice(), network.inputShape) };
            const s = performance.now();
            const out = await session.run(feeds);
            const ms = performance.now() - s;
            const logits = Array.from(out[network.outputName].data as Float32Array);
            return { ms, logits };
          };
          const first = await once();
          const runsMs: number[] = [];
          for (let i = 0; i < runs; i++) runsMs.push((await once()).ms);
          await session.release();
          const sorted = [...runsMs].sort((a, b) => a - b);
          const mid = sorted.length >> 1;
          const medianMs = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
          return { synthesizeMs, sessionMs, firstMs: first.ms, runsMs, medianMs, logits: first.logits };
        },
        {
          network,
          layout: networkLayout(readFileSync(join(FULLSIZE_DIR, basename(network.graph.url))), network),
          backend,
          module: `/ort/${ortVersion}/ort.webgpu.min.mjs`,
          base: `/ort/${ortVersion}/`,
          runs: options.runs,
        },
      );
    const rows: SpeedLabRow[] = [];
    for (const network of networks) {
      log(`speed lab: ${network.title} on WASM (1 thread), ${options.runs} runs`);
      const wasm = await inBrowser(network, 'wasm');
      if (useWebGpu) log(`speed lab: ${network.title} on WebGPU`);
      const webgpuTiming = useWebGpu ? await inBrowser(network, 'webgpu') : undefined;
      log(`speed lab: ${network.title} on onnxruntime-node (1 thread)`);
      const node = await runFullsizeOnNode(network, { threads: 1, runs: options.runs });
      const maxLogitDiff = Math.max(...wasm.logits.map((v, i) => Math.abs(v - (node.logits[i] as number))));
      rows.push({
        network,
        wasm,
        webgpu: webgpuTiming,
        node: { medianMs: node.medianMs, runsMs: node.runsMs, sessionMs: node.sessionMs },
        maxLogitDiff,
      });
    }
    return { rows, webgpu };
  } finally {
    await browser.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}
