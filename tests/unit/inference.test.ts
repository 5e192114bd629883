/** The browser-free parts of the demos' data path: preprocessing, softmax/top-k, the backend fallback decision, upload checks. */
import { describe, expect, it } from 'vitest';
import manifest from '../../models-onnx/manifest.json' with { type: 'json' };
import { loadTestSet } from '../../site/lib/build/fashionMnist.ts';
import { chooseBuild, planBackends, urlOverrides, wasmThreads } from '../../site/lib/inference/backend.ts';
import { checkUpload, MAX_PIXELS, readImageHeader } from '../../site/lib/inference/imageHeader.ts';
import { argmax, median, softmax, topK } from '../../site/lib/inference/postprocess.ts';
import { boundingBox, normalize, PIXELS, prepareGrey, prepareRgba, resampleArea, SIDE } from '../../site/lib/inference/preprocess.ts';

const entry = Object.values(manifest.models)[0] as (typeof manifest.models)['alexnet'];

describe('normalize', () => {
  it('maps 0-255 with the manifest mean/std', () => {
    const { mean, std } = entry.input;
    const out = normalize(new Uint8Array([0, 255]), mean, std);
    expect(out[0]).toBeCloseTo(-mean / std, 6);
    expect(out[1]).toBeCloseTo((1 - mean) / std, 6);
  });
  it('refuses a zero std', () => {
    expect(() => normalize(new Uint8Array(1), 0.5, 0)).toThrow(/std/);
  });
});

/** A w x h grey picture with a filled rectangle of `fg` on `bg`. */
function picture(w: number, h: number, bg: number, fg: number, rect: [number, number, number, number]): Float32Array {
  const g = new Float32Array(w * h).fill(bg);
  const [x0, y0, x1, y1] = rect;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) g[y * w + x] = fg;
  return g;
}

describe('prepareGrey (Fashion-MNIST style)', () => {
  it('inverts a light background, trims, fits the longest side to 28 and centres', () => {
    // A dark 20x60 object on white, off-centre in a 200x100 picture.
    const result = prepareGrey(picture(200, 100, 255, 0, [10, 20, 30, 80]), 200, 100);
    expect(result.inverted).toBe(true);
    expect(result.box).toEqual({ x0: 10, y0: 20, x1: 30, y1: 80 });
    const box = boundingBox(result.pixels, SIDE, SIDE, 127);
    // 20x60 keeps its 1:3 aspect: height 28, width round(28/3) = 9, centred.
    expect(box).toEqual({ x0: 9, y0: 0, x1: 18, y1: 28 });
    expect(result.pixels[14 * SIDE + 13]).toBe(255);
    expect(result.pixels[14 * SIDE + 2]).toBe(0);
  });
  it('keeps a dark background and stretches a dim object to full range', () => {
    const result = prepareGrey(picture(50, 50, 20, 120, [5, 5, 45, 45]), 50, 50);
    expect(result.inverted).toBe(false);
    expect(Math.max(...result.pixels)).toBe(255);
    expect(result.pixels[0]).toBe(255); // a square fills the whole 28x28
  });
  it('gives an all-black image for an empty picture', () => {
    const result = prepareGrey(new Float32Array(64 * 64).fill(200), 64, 64);
    expect(result.box).toBeNull();
    expect(result.pixels.every((v) => v === 0)).toBe(true);
  });
  it('reads RGBA, treating transparency as white paper', () => {
    const rgba = new Uint8ClampedArray(10 * 10 * 4); // fully transparent
    for (let i = 44; i < 56; i++) rgba.set([0, 0, 0, 255], i * 4); // an opaque black stroke
    const result = prepareRgba(rgba, 10, 10);
    expect(result.inverted).toBe(true);
    expect(result.pixels.length).toBe(PIXELS);
  });
  it('leaves a real test image essentially unchanged (it already is trimmed, fitted and centred)', () => {
    const test = loadTestSet();
    const original = test.images.subarray(0, PIXELS);
    const again = prepareGrey(original, SIDE, SIDE).pixels;
    let diff = 0;
    for (let i = 0; i < PIXELS; i++) diff += Math.abs((again[i] as number) - (original[i] as number));
    expect(diff / PIXELS).toBeLessThan(40);
  });
  it('area resampling preserves the mean', () => {
    const g = picture(90, 90, 0, 255, [0, 0, 45, 90]);
    const out = resampleArea(g, 90, { x0: 0, y0: 0, x1: 90, y1: 90 }, 28, 28);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    expect(mean).toBeCloseTo(127.5, 0);
  });
});

describe('softmax and top-k', () => {
  it('softmax is stable and sums to 1', () => {
    const p = softmax([1000, 1001, 1002]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(argmax(p)).toBe(2);
  });
  it('top-k uses the manifest labels in the page language, most probable first', () => {
    const labels = entry.labels.ja;
    const logits = labels.map((_, i) => (i === 7 ? 5 : i === 3 ? 4 : 0));
    const top = topK(softmax(logits), labels, 5);
    expect(top).toHaveLength(5);
    expect(top[0]).toMatchObject({ index: 7, label: labels[7] });
    expect(top[1]?.index).toBe(3);
    expect(top[0]!.probability).toBeGreaterThan(top[1]!.probability);
  });
  it('top-k refuses mismatched labels', () => {
    expect(() => topK([0.5, 0.5], ['a'], 1)).toThrow(/labels/);
  });
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('backend fallback decision', () => {
  const gpu = { hasNavigatorGpu: true, hasAdapter: true, deviceLost: false };
  it('tries WebGPU first, then WASM', () => {
    expect(planBackends('auto', gpu)).toEqual({ order: ['webgpu', 'wasm'] });
  });
  it('records why WASM ran', () => {
    expect(planBackends('auto', { ...gpu, hasNavigatorGpu: false, hasAdapter: false })).toEqual({
      order: ['wasm'],
      reason: 'no-navigator-gpu',
    });
    expect(planBackends('auto', { ...gpu, hasAdapter: false })).toEqual({ order: ['wasm'], reason: 'no-adapter' });
    expect(planBackends('auto', { ...gpu, deviceLost: true })).toEqual({ order: ['wasm'], reason: 'device-lost' });
    expect(planBackends('wasm', gpu)).toEqual({ order: ['wasm'], reason: 'forced' });
  });
  it('forcing WebGPU where it cannot run says why instead of falling back', () => {
    expect(planBackends('webgpu', gpu)).toEqual({ order: ['webgpu'] });
    expect(planBackends('webgpu', { ...gpu, hasAdapter: false })).toEqual({ order: [], unavailable: 'no-adapter' });
  });
  it('loads one onnxruntime-web build: CPU-only without WebGPU or when WASM is chosen, JSPI where the browser has it', () => {
    expect(chooseBuild('auto', { ...gpu, hasAdapter: false }, true)).toBe('wasm');
    expect(chooseBuild('wasm', gpu, true)).toBe('wasm');
    expect(chooseBuild('auto', { ...gpu, deviceLost: true }, true)).toBe('wasm');
    expect(chooseBuild('auto', gpu, true)).toBe('jspi');
    expect(chooseBuild('webgpu', gpu, false)).toBe('asyncify');
  });
  it('uses WASM threads only when cross-origin isolated, explicitly', () => {
    expect(wasmThreads(false, 8)).toBe(1);
    expect(wasmThreads(true, 2)).toBe(2);
    expect(wasmThreads(true, 16)).toBe(4);
    expect(wasmThreads(true, 16, 1)).toBe(1);
  });
  it('reads overrides from the URL', () => {
    expect(urlOverrides('?backend=wasm&threads=2')).toEqual({ backend: 'wasm', threads: 2, verbose: false });
    expect(urlOverrides('?backend=cuda&ort-log=verbose')).toEqual({ backend: undefined, threads: undefined, verbose: true });
  });
});

describe('upload checks before decoding', () => {
  const png = (w: number, h: number) => {
    const b = new Uint8Array(33);
    b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(b.buffer).setUint32(16, w);
    new DataView(b.buffer).setUint32(20, h);
    return b;
  };
  it('reads PNG, GIF and JPEG sizes', () => {
    expect(readImageHeader(png(640, 480))).toEqual({ format: 'png', width: 640, height: 480 });
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x20, 0x03, 0x58, 0x02]);
    expect(readImageHeader(gif)).toEqual({ format: 'gif', width: 800, height: 600 });
    // SOI, an APP0 segment of length 4, then SOF0 with height 0x0100, width 0x0200.
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 1, 0, 2, 0, 3, 0, 0, 0]);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 512, height: 256 });
  });
  it('sizes a GIF by its largest frame, whatever its header says', () => {
    // Header 10x10 with a 2-colour table, a comment extension, then one frame at (5,7) of 20000x20000 and the trailer.
    const frame = [0x2c, 5, 0, 7, 0, 0x20, 0x4e, 0x20, 0x4e, 0, 2, 2, 0x44, 0x01, 0];
    const gif = new Uint8Array([
      ...new TextEncoder().encode('GIF89a'),
      10,
      0,
      10,
      0,
      0x80,
      0,
      0,
      0,
      0,
      0,
      255,
      255,
      255,
      0x21,
      0xfe,
      3,
      0x61,
      0x62,
      0x63,
      0,
      ...frame,
      0x3b,
    ]);
    expect(readImageHeader(gif)).toEqual({ format: 'gif', width: 20005, height: 20007 });
    expect(checkUpload(gif, gif.length)).toEqual({ kind: 'too-large-image', width: 20005, height: 20007 });
  });
  it("finds a JPEG's size after metadata of any size (a 100 KB colour profile)", () => {
    const app2 = (n: number) => [0xff, 0xe2, (n + 2) >> 8, (n + 2) & 0xff, ...new Uint8Array(n)];
    const sof = [0xff, 0xc0, 0, 11, 8, 1, 0, 2, 0, 3, 0, 0, 0];
    const jpeg = new Uint8Array([0xff, 0xd8, ...app2(65_000), ...app2(40_000), ...sof]);
    expect(jpeg.length).toBeGreaterThan(100_000);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 512, height: 256 });
    expect(checkUpload(jpeg, jpeg.length)).toBeNull();
  });
  it('refuses what is not an image, and images too large to decode', () => {
    expect(checkUpload(new TextEncoder().encode('hello, not an image'), 19)).toEqual({ kind: 'not-image' });
    expect(checkUpload(png(30000, 30000), 33)).toEqual({ kind: 'too-large-image', width: 30000, height: 30000 });
    expect(checkUpload(png(640, 480), 100 * 1024 * 1024)).toMatchObject({ kind: 'too-large-file' });
    expect(checkUpload(png(640, 480), 33)).toBeNull();
    expect(640 * 480).toBeLessThan(MAX_PIXELS);
  });
});
