/** onnxruntime-node runs the speed lab's full-size GoogLeNet graph on synthesized weights: 1000 finite, varied logits. */
import { describe, expect, it } from 'vitest';
import { runFullsizeOnNode } from '../../scripts/lib/speedLabNode.ts';
import { speedLabNetwork } from '../../site/lib/build/speedLab.ts';

describe('full-size GoogLeNet on onnxruntime-node', () => {
  it('gives 1000 finite logits that differ from each other (the weights are He-scaled, not degenerate)', async () => {
    const run = await runFullsizeOnNode(speedLabNetwork('googlenet'));
    expect(run.logits.length).toBe(1000);
    expect(run.logits.every(Number.isFinite)).toBe(true);
    const mean = run.logits.reduce((s, x) => s + x, 0) / 1000;
    const std = Math.sqrt(run.logits.reduce((s, x) => s + (x - mean) ** 2, 0) / 1000);
    expect(std).toBeGreaterThan(1e-3);
    expect(Math.max(...run.logits.map(Math.abs))).toBeLessThan(1e4);
  });
});
