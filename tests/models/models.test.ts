/** The shipped ONNX files give what models-onnx/manifest.json says, under onnxruntime-node, with no Python. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateModel } from '../../scripts/lib/evaluate.ts';
import { loadTestSet, type TestSet } from '../../site/lib/build/fashionMnist.ts';
import { type Manifest, MODEL_IDS } from '../../site/lib/manifest.ts';
import { countParameters, readOnnxGraph } from '../../site/lib/onnx/graph.ts';

const dir = new URL('../../models-onnx/', import.meta.url);
const manifest: Manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
const MAX_BYTES = 5 * 1024 * 1024;

let testSet: TestSet;
beforeAll(() => {
  testSet = loadTestSet();
});

describe.each(MODEL_IDS)('%s', (id) => {
  const entry = manifest.models[id];
  const path = new URL(entry.file, dir);
  const bytes = readFileSync(path);

  it('matches the manifest byte for byte (sha256, size) and fits the 5 MB budget', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    expect(bytes.length).toBe(entry.bytes);
    expect(bytes.length).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('has the parameter count and opset the manifest states, recomputed from the ONNX initializers', () => {
    const graph = readOnnxGraph(bytes);
    expect(countParameters(graph)).toBe(entry.parameters);
    expect(graph.opsetVersion).toBe(17);
    expect(graph.inputs).toEqual(['input']);
    expect(graph.outputs).toEqual(entry.outputs.map((o) => o.name));
    // WebGPU EP gaps: no ceil_mode pooling, no LRN.
    for (const node of graph.nodes) {
      expect(node.opType).not.toBe('LRN');
      if (node.opType === 'MaxPool') expect(node.attributes.find((a) => a.name === 'ceil_mode')?.i ?? 0).toBe(0);
    }
  });

  it('exposes the named activation outputs with the shapes the manifest lists', async () => {
    const session = await ort.InferenceSession.create(path.pathname);
    try {
      const batch = 2;
      const input = new ort.Tensor('float32', new Float32Array(batch * 784), [batch, 1, 28, 28]);
      const out = await session.run({ input });
      expect(Object.keys(out).sort()).toEqual(entry.outputs.map((o) => o.name).sort());
      for (const o of entry.outputs) expect(out[o.name].dims).toEqual([batch, ...o.shape.slice(1)]);
      expect(entry.outputs[0]).toEqual({ name: 'logits', shape: ['N', 10] });
    } finally {
      await session.release();
    }
  });

  it("reproduces the manifest's test accuracy on the full test set and PyTorch's logits to 1e-4", async () => {
    const evaluation = await evaluateModel(path.pathname, testSet, entry.input.mean, entry.input.std);
    let correct = 0;
    for (let i = 0; i < testSet.count; i++) {
      const row = evaluation.logits.subarray(i * 10, i * 10 + 10);
      const predicted = row.indexOf(Math.max(...row));
      if (predicted === testSet.labels[i]) correct++;
    }
    expect(testSet.count).toBe(10000);
    expect(Math.abs((correct / testSet.count) * 100 - entry.accuracy * 100)).toBeLessThanOrEqual(0.05);

    const reference = JSON.parse(readFileSync(new URL(`reference/${id}.logits.json`, dir), 'utf8'));
    expect(reference.logits).toHaveLength(256);
    let maxDiff = 0;
    reference.logits.forEach((row: number[], i: number) => {
      row.forEach((v, c) => {
        maxDiff = Math.max(maxDiff, Math.abs(v - evaluation.logits[i * 10 + c]));
      });
    });
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
  }, 180_000); // 10k images through the network on 2 cores

  it('carries what the site shows: labels in three languages, per-class accuracy, curves', () => {
    for (const lang of ['ko', 'en', 'ja'] as const) expect(entry.labels[lang]).toHaveLength(10);
    expect(entry.perClassAccuracy).toHaveLength(10);
    expect(entry.confusion.flat().reduce((a, b) => a + b, 0)).toBe(10000);
    expect(entry.training.curves).toHaveLength(entry.training.epochs);
    expect(entry.training.cycles.reduce((s, c) => s + c.epochs, 0)).toBe(entry.training.epochs);
    expect(entry.macs).toBe(entry.layers.reduce((s, l) => s + l.macs, 0));
  });
});

describe('ReLU vs tanh curves', () => {
  it('hold two runs of the same budget', () => {
    expect(manifest.reluTanh).toBe('relu-tanh.json');
    const data = JSON.parse(readFileSync(new URL(manifest.reluTanh as string, dir), 'utf8'));
    expect(data.runs.relu.curves).toHaveLength(data.epochs);
    expect(data.runs.tanh.curves).toHaveLength(data.epochs);
  });
});
