/**
 * Pixels to the tensor a model reads, the way Fashion-MNIST was made: grey, light object on a dark background,
 * trimmed to the object, longest side fitted into 28x28 keeping the aspect ratio, centred; then the one
 * normalization every consumer (browser demos, onnxruntime-node evaluation, tests) uses. Browser-free.
 */

/** Side of a Fashion-MNIST image. */
export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

/** Pixels 0-255 -> (x/255 - mean) / std, the normalization the models were trained with (mean/std from the manifest). */
export function normalize(pixels: ArrayLike<number>, mean: number, std: number): Float32Array {
  if (!(std > 0)) throw new Error(`normalize: std must be > 0 (got ${std})`);
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] / 255 - mean) / std;
  return out;
}

/** RGBA (as canvas ImageData holds it) to grey 0-255 with Rec. 601 luma; transparent pixels count as white paper. */
export function rgbaToGrey(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const n = width * height;
  if (rgba.length !== n * 4) throw new Error(`rgbaToGrey: ${rgba.length} values for ${width}x${height} RGBA (need ${n * 4})`);
  const grey = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rgba[i * 4 + 3] / 255;
    const luma = 0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2];
    grey[i] = luma * a + 255 * (1 - a);
  }
  return grey;
}

/** The median of the outermost ring of pixels: what the picture's background looks like. */
export function borderLevel(grey: ArrayLike<number>, width: number, height: number): number {
  const ring: number[] = [];
  for (let x = 0; x < width; x++) ring.push(grey[x], grey[(height - 1) * width + x]);
  for (let y = 1; y < height - 1; y++) ring.push(grey[y * width], grey[y * width + width - 1]);
  ring.sort((a, b) => a - b);
  return ring[Math.floor(ring.length / 2)] ?? 0;
}

/** A box of pixels, [x0, x1) x [y0, y1). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The smallest box holding every pixel brighter than `threshold`; null when none is. */
export function boundingBox(grey: ArrayLike<number>, width: number, height: number, threshold: number): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * Area-averaging resample of `box` of a grey image into `outW` x `outH` (each output pixel is the mean of the
 * source area it covers, with fractional edges), the quality a downscale of a photo needs.
 */
export function resampleArea(grey: ArrayLike<number>, width: number, box: Box, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  const sx = (box.x1 - box.x0) / outW;
  const sy = (box.y1 - box.y0) / outH;
  for (let oy = 0; oy < outH; oy++) {
    const fy0 = box.y0 + oy * sy;
    const fy1 = fy0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const fx0 = box.x0 + ox * sx;
      const fx1 = fx0 + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(fy0); y < Math.ceil(fy1); y++) {
        const wy = Math.min(fy1, y + 1) - Math.max(fy0, y);
        if (wy <= 0) continue;
        for (let x = Math.floor(fx0); x < Math.ceil(fx1); x++) {
          const wx = Math.min(fx1, x + 1) - Math.max(fx0, x);
          if (wx <= 0) continue;
          sum += grey[y * width + x] * wx * wy;
          area += wx * wy;
        }
      }
      out[oy * outW + ox] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}

export interface Prepared {
  /** 28x28 grey, 0 = background, row-major: the image the model sees. */
  pixels: Uint8Array;
  /** The picture had a light background and was inverted. */
  inverted: boolean;
  /** The object's box in the source picture; null for an empty picture. */
  box: Box | null;
}

/**
 * Any grey picture -> a Fashion-MNIST-like 28x28: invert when the background is light, stretch so the background
 * is 0 and the brightest object pixel 255, trim to the object, fit its longest side to 28 keeping the aspect
 * ratio, centre. An empty picture (nothing stands out from the background) gives an all-black image.
 */
export function prepareGrey(grey: ArrayLike<number>, width: number, height: number): Prepared {
  if (width < 1 || height < 1 || grey.length !== width * height) {
    throw new Error(`prepareGrey: ${grey.length} pixels for a ${width}x${height} picture`);
  }
  const background = borderLevel(grey, width, height);
  const inverted = background > 127;
  const dark = new Float32Array(width * height);
  let peak = 0;
  for (let i = 0; i < dark.length; i++) {
    const v = inverted ? 255 - grey[i] : grey[i];
    const lifted = Math.max(0, v - (inverted ? 255 - background : background));
    dark[i] = lifted;
    if (lifted > peak) peak = lifted;
  }
  const pixels = new Uint8Array(PIXELS);
  // Below ~4% of full scale nothing stands out: JPEG noise, paper texture.
  if (peak < 10) return { pixels, inverted, box: null };
  const scale = 255 / peak;
  for (let i = 0; i < dark.length; i++) dark[i] *= scale;
  const box = boundingBox(dark, width, height, 255 * 0.1);
  if (!box) return { pixels, inverted, box: null };
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const fit = SIDE / Math.max(bw, bh);
  const outW = Math.max(1, Math.min(SIDE, Math.round(bw * fit)));
  const outH = Math.max(1, Math.min(SIDE, Math.round(bh * fit)));
  const small = resampleArea(dark, width, box, outW, outH);
  const left = Math.floor((SIDE - outW) / 2);
  const top = Math.floor((SIDE - outH) / 2);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) pixels[(top + y) * SIDE + left + x] = Math.round(Math.min(255, small[y * outW + x]));
  }
  return { pixels, inverted, box };
}

/** RGBA pixels (canvas ImageData) -> the 28x28 image the model sees. */
export function prepareRgba(rgba: ArrayLike<number>, width: number, height: number): Prepared {
  return prepareGrey(rgbaToGrey(rgba, width, height), width, height);
}
