/** The graph reader decodes compactly stored weights (float16 + Cast, int8 + DequantizeLinear) to the float32 network. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../site/lib/manifest.ts';
import { halfToFloat, readOnnxGraph } from '../../site/lib/onnx/graph.ts';

const dir = new URL('../../models-onnx/', import.meta.url);
const manifest: Manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));

describe('halfToFloat', () => {
  it('decodes normal, subnormal, zero, infinite and NaN half-precision values', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(1 / 3, 3);
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x0000)).toBe(0);
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });
});

describe.each(Object.values(manifest.models))('$id as shipped', (entry) => {
  const graph = readOnnxGraph(readFileSync(new URL(entry.file, dir)), { withData: true });

  it('folds every decoder into a float32 initializer named as the node that reads it expects', () => {
    const names = new Set(graph.initializers.map((t) => t.name));
    for (const node of graph.nodes) {
      expect(['Cast', 'DequantizeLinear']).not.toContain(node.opType);
      for (const input of node.inputs.slice(1))
        if (input && !graph.nodes.some((n) => n.outputs.includes(input))) expect(names).toContain(input);
    }
    for (const t of graph.initializers.filter((i) => i.storedAs)) {
      expect(t.dataType).toBe(1);
      expect(t.data).toHaveLength(t.dims.reduce((a, b) => a * b, 1));
      expect(t.data?.every(Number.isFinite)).toBe(true);
    }
  });

  it('gives int8 weights on a per-channel grid of at most 255 levels', () => {
    for (const t of graph.initializers.filter((i) => i.storedAs === 'int8')) {
      const data = t.data as Float32Array;
      const per = data.length / (t.dims[0] as number);
      for (let c = 0; c < Math.min(4, t.dims[0] as number); c++) {
        const channel = data.subarray(c * per, (c + 1) * per);
        expect(new Set(channel).size).toBeLessThanOrEqual(255);
      }
    }
  });
});
