/**
 * Weights made up on the spot, the same bytes in every browser and in Node: the speed lab measures what a network costs
 * to run, which does not depend on trained values, so no weight file is downloaded. Seeded per tensor (the seed and the
 * tensor's name), so a tensor's values do not depend on the others; He-scaled so activations keep their size through
 * the ReLU stacks and the logits stay finite.
 */
import type { Fill, WeightLayout } from './weightLayout.ts';

/** The seed the site and the tests use. */
export const DEFAULT_SEED = 2012;

/** 32-bit FNV-1a of a string, mixed with the seed: one generator state per tensor. */
export function tensorSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Fills `out` per `fill`: He's uniform initialization (±√(6 / fan-in), variance 2 / fan-in) from a mulberry32 stream,
 * or a constant. Returns the generator's state after `out`, so a tensor filled in slices gets the values it gets in one go.
 * @example fillTensor(new Float32Array(4), { kind: 'one' }, 1) // → [1, 1, 1, 1]
 */
export function fillTensor(out: Float32Array, fill: Fill, state: number): number {
  if (fill.kind !== 'he') {
    out.fill(fill.kind === 'one' ? 1 : 0);
    return state;
  }
  if (!(fill.fanIn > 0)) throw new Error(`He fill needs a positive fan-in, got ${fill.fanIn}`);
  const scale = (2 * Math.sqrt(6 / fill.fanIn)) / 4294967296;
  const bound = Math.sqrt(6 / fill.fanIn);
  let s = state >>> 0;
  for (let i = 0; i < out.length; i++) {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) * scale - bound;
  }
  return s;
}

export interface SynthesizeOptions {
  seed?: number;
  /** Stops between slices with the signal's reason. */
  signal?: AbortSignal;
  /** Bytes filled so far, after each slice. */
  onProgress?: (filled: number, total: number) => void;
  /** Yields to the event loop after about this many values, so a page stays responsive (default 4 M; 0: never yield). */
  yieldEvery?: number;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The external weights file of `layout`, synthesized: little-endian float32, each tensor at its offset. */
export async function synthesizeWeights(layout: WeightLayout, options: SynthesizeOptions = {}): Promise<Uint8Array> {
  const { seed = DEFAULT_SEED, signal, onProgress, yieldEvery = 4 << 20 } = options;
  const bytes = new Uint8Array(layout.bytes);
  const floats = new Float32Array(bytes.buffer);
  let filled = 0;
  let sinceYield = 0;
  for (const t of layout.tensors) {
    signal?.throwIfAborted();
    if (t.offset % 4 !== 0 || t.offset + t.length > layout.bytes)
      throw new Error(`weight "${t.name}": ${t.length} bytes at ${t.offset} do not fit a ${layout.bytes}-byte float32 file`);
    const start = t.offset / 4;
    const end = (t.offset + t.length) / 4;
    let state = tensorSeed(seed, t.name);
    for (let at = start; at < end; ) {
      const stop = yieldEvery > 0 ? Math.min(end, at + yieldEvery - sinceYield) : end;
      state = fillTensor(floats.subarray(at, stop), t.fill, state);
      filled += (stop - at) * 4;
      sinceYield += stop - at;
      at = stop;
      if (yieldEvery > 0 && sinceYield >= yieldEvery) {
        sinceYield = 0;
        onProgress?.(filled, layout.bytes);
        await nextTask();
        signal?.throwIfAborted();
      }
    }
  }
  signal?.throwIfAborted();
  onProgress?.(filled, layout.bytes);
  return bytes;
}

/** A made-up input image, values uniform in [-1, 1), the same in every runtime: `count` float32 values. */
export function synthesizeInput(count: number, seed = DEFAULT_SEED): Float32Array {
  const out = new Float32Array(count);
  fillTensor(out, { kind: 'he', fanIn: 6 }, tensorSeed(seed, 'input'));
  return out;
}
