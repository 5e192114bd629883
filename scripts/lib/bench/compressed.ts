/**
 * What a file costs over the wire as hosts send it: raw, gzip (level 6, what servers compress on the fly) and brotli
 * (quality 11, what Netlify and Cloudflare Pages send for static files they compress ahead of time).
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface WireBytes {
  raw: number;
  gzip: number;
  brotli: number;
}

const memo = new Map<string, WireBytes>();

/** Sizes of one file (memoized by path: the 27 MB wasm takes seconds to brotli). */
export function wireBytes(file: string): WireBytes {
  let sizes = memo.get(file);
  if (!sizes) {
    const bytes = readFileSync(file);
    sizes = {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 6 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    };
    memo.set(file, sizes);
  }
  return sizes;
}

export function sumWireBytes(all: WireBytes[]): WireBytes {
  return all.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });
}
