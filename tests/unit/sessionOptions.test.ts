/**
 * The demo networks' sessions decode their compact weights once: with the site's session options, the graph onnxruntime
 * optimizes (and writes out here) runs no DequantizeLinear or Cast, where the default options keep the int8 models'
 * DequantizeLinear nodes on every run. Logits are the same either way.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../site/lib/build/demoFiles.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';
import { demoSessionOptions } from '../../site/lib/inference/sessionOptions.ts';
import { MODEL_IDS } from '../../site/lib/manifest.ts';
import { readOnnxGraph } from '../../site/lib/onnx/graph.ts';

const manifest = readManifest();
const work = mkdtempSync(path.join(tmpdir(), 'receptive-optimized-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The op types of the graph onnxruntime runs for `file` under `options`, and its logits for one input. */
async function optimized(file: string, options: ort.InferenceSession.SessionOptions, name: string) {
  const optimizedModelFilePath = path.join(work, `${name}.onnx`);
  const session = await ort.InferenceSession.create(file, { ...options, optimizedModelFilePath });
  const input = new ort.Tensor(
    'float32',
    Float32Array.from({ length: 784 }, (_, i) => (i % 29) / 29),
    [1, 1, 28, 28],
  );
  const output = await session.run({ [session.inputNames[0] as string]: input });
  await session.release();
  const graph = readOnnxGraph(readFileSync(optimizedModelFilePath));
  const ops = [...graph.nodes, ...graph.decoders].map((n) => n.opType);
  return { ops, logits: output[session.outputNames.at(-1) as string]?.data as Float32Array };
}

describe('demo session options', () => {
  for (const id of MODEL_IDS) {
    it(`${id}: the optimized graph decodes no weights per run, and gives the same logits`, async () => {
      const file = path.join(REPO_ROOT, 'models-onnx', manifest.models[id].file);
      const site = await optimized(file, { ...demoSessionOptions, intraOpNumThreads: 1 }, `${id}-site`);
      const plain = await optimized(file, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 }, `${id}-default`);
      expect(site.ops.filter((op) => op === 'DequantizeLinear' || op === 'Cast')).toEqual([]);
      const stored = readOnnxGraph(readFileSync(file)).decoders.map((n) => n.opType);
      // Without the option a model stored as int8 dequantizes on every run: the case the option exists for.
      if (stored.includes('DequantizeLinear')) expect(plain.ops).toContain('DequantizeLinear');
      expect(site.logits.length).toBe(plain.logits.length);
      for (const [i, v] of site.logits.entries()) expect(Math.abs(v - (plain.logits[i] as number))).toBeLessThan(1e-4);
    });
  }
});
