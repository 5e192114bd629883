/**
 * The speed lab's networks on onnxruntime-node (CPU execution provider) with the weights the browser synthesizes:
 * the yardstick for the browser test's logits and for the bench's WASM/native ratio.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { FULLSIZE_DIR } from '../../site/lib/build/speedLab.ts';
import { median } from '../../site/lib/inference/postprocess.ts';
import { DEFAULT_SEED, synthesizeInput, synthesizeWeights } from '../../site/lib/speedlab/synthWeights.ts';
import type { SpeedLabNetwork } from '../../site/lib/speedlab/types.ts';
import { networkLayout } from '../../site/lib/speedlab/weightLayout.ts';

export interface NodeRun {
  logits: Float32Array;
  synthesizeMs: number;
  sessionMs: number;
  firstMs: number;
  runsMs: number[];
  medianMs: number;
}

/** One session of `network` on synthesized weights: a warm-up run, then `runs` timed runs (0: the warm-up only). */
export async function runFullsizeOnNode(
  network: SpeedLabNetwork,
  options: { threads?: number; runs?: number; seed?: number } = {},
): Promise<NodeRun> {
  const seed = options.seed ?? DEFAULT_SEED;
  const graph = readFileSync(path.join(FULLSIZE_DIR, path.basename(network.graph.url)));
  let started = performance.now();
  const layout = networkLayout(graph, network);
  const weights = await synthesizeWeights(layout, { seed, yieldEvery: 0 });
  const synthesizeMs = performance.now() - started;
  started = performance.now();
  const session = await ortNode.InferenceSession.create(graph, {
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    externalData: [{ path: layout.path, data: weights }],
  });
  const sessionMs = performance.now() - started;
  try {
    const input = synthesizeInput(
      network.inputShape.reduce((a, b) => a * b, 1),
      seed,
    );
    const feeds = { [network.inputName]: new ortNode.Tensor('float32', input, network.inputShape) };
    const once = async () => {
      const t = performance.now();
      const out = await session.run(feeds);
      const ms = performance.now() - t;
      const logits = out[network.outputName]?.data as Float32Array | undefined;
      if (!logits) throw new Error(`${network.id}: no output "${network.outputName}"`);
      return { ms, logits: Float32Array.from(logits) };
    };
    const first = await once();
    const runsMs: number[] = [];
    for (let i = 0; i < (options.runs ?? 0); i++) runsMs.push((await once()).ms);
    return {
      logits: first.logits,
      synthesizeMs,
      sessionMs,
      firstMs: first.ms,
      runsMs,
      medianMs: runsMs.length ? median(runsMs) : first.ms,
    };
  } finally {
    await session.release();
  }
}
