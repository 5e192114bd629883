/**
 * The speed lab's full-size graphs and synthesized weights: the shipped graphs hold no weights, their parameters and
 * multiply-adds (counted from the graph by the site's reader) are torchvision's, and the synthesizer is deterministic.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FULLSIZE_DIR, readFullsizeIndex, speedLabNetwork } from '../../site/lib/build/speedLab.ts';
import { readOnnxGraph } from '../../site/lib/onnx/graph.ts';
import { DEFAULT_SEED, fillTensor, synthesizeInput, synthesizeWeights, tensorSeed } from '../../site/lib/speedlab/synthWeights.ts';
import { SPEED_LAB_NETWORKS } from '../../site/lib/speedlab/types.ts';
import type { WeightLayout } from '../../site/lib/speedlab/weightLayout.ts';

/** torchvision 0.14's own figures: sum(p.numel() for p in model.parameters()), and its docs' GFLOPS (multiply-adds). */
const TORCHVISION = {
  alexnet: { parameters: 61_100_840, gmacs: 0.71 },
  vgg16: { parameters: 138_357_544, gmacs: 15.47 },
  googlenet: { parameters: 6_624_904, gmacs: 1.5 },
} as const;

describe('full-size graphs', () => {
  const index = readFullsizeIndex();
  for (const id of SPEED_LAB_NETWORKS) {
    it(`${id}: the graph holds no weights (no float value inside, file under 256 KB)`, () => {
      const entry = index.networks[id];
      if (!entry) throw new Error(`index.json lacks ${id}`);
      const file = path.join(FULLSIZE_DIR, entry.file);
      expect(statSync(file).size).toBeLessThan(256 * 1024);
      const graph = readOnnxGraph(readFileSync(file));
      const floats = graph.initializers.filter((t) => t.dataType === 1);
      expect(floats.length).toBeGreaterThan(0);
      for (const t of floats) {
        expect(t.inlineBytes, t.name).toBe(0);
        expect(t.external?.location, t.name).toBe(entry.weightsFile);
      }
      // What stays inline is small: shape constants, never a weight.
      const inline = graph.initializers.filter((t) => t.dataType !== 1).reduce((n, t) => n + t.inlineBytes, 0);
      expect(inline).toBeLessThan(1024);
    });

    it(`${id}: parameters and multiply-adds from the graph are torchvision's`, () => {
      const network = speedLabNetwork(id, index);
      const entry = index.networks[id];
      expect(network.parameters).toBe(TORCHVISION[id].parameters);
      expect(network.parameters).toBe(entry?.torchvisionParameters);
      // Counted independently by PyTorch's forward hooks when the graph was exported.
      expect(network.macs).toBe(entry?.torchMacs);
      expect(network.macs / 1e9).toBeCloseTo(TORCHVISION[id].gmacs, 2);
      expect(network.weights.bytes).toBe(entry?.weightsBytes);
      expect(network.graph.url).toBe(`/models/fullsize/${entry?.file}`);
    });
  }

  it('VGG-16 needs 553 MB of float32 weights, AlexNet 244 MB, GoogLeNet 27 MB (BatchNorm statistics included)', () => {
    const mb = (id: (typeof SPEED_LAB_NETWORKS)[number]) => Math.round(speedLabNetwork(id, index).weights.bytes / 1e6);
    expect([mb('vgg16'), mb('alexnet'), mb('googlenet')]).toEqual([553, 244, 27]);
  });

  it('a stale initializer list is a clear error naming the file', () => {
    const stale = structuredClone(index);
    const first = stale.networks.alexnet?.initializers[0];
    if (!first) throw new Error('no initializer');
    first.offset += 4;
    expect(() => speedLabNetwork('alexnet', stale)).toThrow(/index\.json: initializer ".+" of alexnet\.onnx .*stale list/);
  });
});

describe('synthesized weights', () => {
  const layout: WeightLayout = {
    path: 'w.bin',
    bytes: 4 * (6 + 3 + 3),
    tensors: [
      { name: 'conv.weight', dims: [2, 3], offset: 0, length: 24, fill: { kind: 'he', fanIn: 3 } },
      { name: 'bn.var', dims: [3], offset: 24, length: 12, fill: { kind: 'one' } },
      { name: 'bn.mean', dims: [3], offset: 36, length: 12, fill: { kind: 'zero' } },
    ],
  };

  it('are the same bytes every time, whatever the slicing, within He bounds', async () => {
    const a = new Float32Array((await synthesizeWeights(layout, { yieldEvery: 0 })).buffer);
    const b = new Float32Array((await synthesizeWeights(layout, { yieldEvery: 2 })).buffer);
    expect(Array.from(a)).toEqual(Array.from(b));
    const bound = Math.sqrt(6 / 3);
    const weights = Array.from(a.subarray(0, 6));
    expect(new Set(weights).size).toBe(6);
    for (const w of weights) expect(Math.abs(w)).toBeLessThanOrEqual(bound);
    expect(Array.from(a.subarray(6))).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('depend on the seed and the tensor name, not on the other tensors', async () => {
    const alone = new Float32Array(6);
    fillTensor(alone, { kind: 'he', fanIn: 3 }, tensorSeed(DEFAULT_SEED, 'conv.weight'));
    const all = new Float32Array((await synthesizeWeights(layout)).buffer);
    expect(Array.from(all.subarray(0, 6))).toEqual(Array.from(alone));
    const other = new Float32Array((await synthesizeWeights(layout, { seed: 1 })).buffer);
    expect(Array.from(other.subarray(0, 6))).not.toEqual(Array.from(alone));
  });

  it('have He variance 2 / fan-in, and the input is uniform in [-1, 1)', () => {
    const w = new Float32Array(200_000);
    fillTensor(w, { kind: 'he', fanIn: 50 }, 7);
    const variance = w.reduce((s, x) => s + x * x, 0) / w.length;
    expect(variance).toBeCloseTo(2 / 50, 3);
    const input = synthesizeInput(10_000);
    expect(Math.max(...input)).toBeLessThan(1);
    expect(Math.min(...input)).toBeGreaterThanOrEqual(-1);
  });

  it('stop when aborted, with the signal reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(synthesizeWeights(layout, { signal: controller.signal })).rejects.toThrow('stop');
  });
});
