import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headersFor, parseHeadersFile } from '../../scripts/lib/headersFile.ts';

const rules = parseHeadersFile(readFileSync(new URL('../../site/public/_headers', import.meta.url), 'utf8'));

describe('site/public/_headers (Netlify, Cloudflare Pages)', () => {
  it('isolates every page cross-origin, so WASM can use threads', () => {
    for (const path of ['/', '/ko/', '/ko/posts/cnn-basic/', '/404.html', '/models/alexnet.onnx']) {
      const headers = headersFor(rules, path);
      expect(headers['Cross-Origin-Opener-Policy'], path).toBe('same-origin');
      expect(headers['Cross-Origin-Embedder-Policy'], path).toBe('require-corp');
    }
  });

  it('caches hashed and versioned files for a year, and pages not at all', () => {
    for (const path of [
      '/_astro/Base.a1b2c3.css',
      '/ort/1.30.0/ort-wasm-simd-threaded.asyncify.wasm',
      '/vendor/katex-0.19.1/katex.min.css',
    ]) {
      expect(headersFor(rules, path)['Cache-Control'], path).toBe('public, max-age=31536000, immutable');
    }
    expect(headersFor(rules, '/ko/posts/cnn-basic/')['Cache-Control']).toBeUndefined();
    expect(headersFor(rules, '/pagefind/pagefind.js')['Cache-Control']).toBeUndefined();
  });

  it('revalidates the service worker on every visit, so a new build replaces it', () => {
    expect(headersFor(rules, '/sw.js')['Cache-Control']).toBe('no-cache');
  });

  it('rejects a malformed file with the line number', () => {
    expect(() => parseHeadersFile('/*\n  not a header\n')).toThrow(/line 2/);
    expect(() => parseHeadersFile('no-slash\n')).toThrow(/line 1/);
  });
});
