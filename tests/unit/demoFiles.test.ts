/** The files the demos serve: exactly what each onnxruntime-web build's entry loads, version-matched; the models of the manifest; the gallery. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  GALLERY_RANGE,
  galleryInfo,
  generatedFiles,
  ORT_BUILDS,
  readManifest,
  runtimeAssets,
  servedFiles,
} from '../../site/lib/build/demoFiles.ts';

const require = createRequire(import.meta.url);

describe('demo assets', () => {
  it('serves the Emscripten files each build entry references, under its version', () => {
    const dist = path.dirname(require.resolve('onnxruntime-web/webgpu'));
    const runtime = runtimeAssets();
    for (const [build, [entry, ...files]] of Object.entries(ORT_BUILDS)) {
      const referenced = new Set(readFileSync(path.join(dist, entry), 'utf8').match(/ort-wasm-simd-threaded[a-z.]*\.(?:mjs|wasm)/g));
      // The entry names the Emscripten glue (.mjs); the glue's .wasm sibling is the binary it instantiates.
      const needed = [...referenced].flatMap((name) => [name, name.replace(/\.mjs$/, '.wasm')]);
      expect([...new Set(needed)].sort(), build).toEqual([...files].sort());
      expect(runtime.builds[build as keyof typeof ORT_BUILDS].module).toBe(`/ort/${runtime.version}/${entry}`);
    }
    // The CPU-only build is the smallest download: what a browser without WebGPU fetches.
    expect(runtime.builds.wasm.wasm.bytes).toBeLessThan(runtime.builds.jspi.wasm.bytes);
    expect(runtime.builds.jspi.wasm.bytes).toBeLessThan(runtime.builds.asyncify.wasm.bytes);
    for (const file of servedFiles()) expect(existsSync(file.source), file.source).toBe(true);
  });
  it('serves every model of the manifest and a gallery of real test images with reference logits', () => {
    const urls = servedFiles().map((f) => f.url);
    for (const entry of Object.values(readManifest().models)) expect(urls).toContain(`/models/${entry.file}`);
    const { samples, asset } = galleryInfo();
    expect(asset.bytes).toBe(samples.length * 784);
    expect(new Set(samples.map((s) => s.label)).size).toBe(samples.length);
    for (const s of samples) expect(s.index).toBeLessThan(GALLERY_RANGE);
  });

  it('writes the gallery and its thumbnails: one PNG whose rows are the gallery images stacked, named by its hash', () => {
    const [binary, thumbnails] = generatedFiles();
    expect(binary?.url).toBe(galleryInfo().asset.url);
    expect(thumbnails?.url).toBe(galleryInfo().thumbnails);
    expect(thumbnails?.url).toMatch(/^\/models\/gallery\.[0-9a-f]{10}\.png$/);
    const png = Buffer.from(thumbnails?.bytes ?? []);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([28, 28 * galleryInfo().samples.length]);
    const rows = inflateSync(png.subarray(41, 41 + png.readUInt32BE(33)));
    // Each row is a filter byte (0) and then 28 pixels; without the filter bytes, the rows are the binary's bytes.
    const pixels = rows.filter((_, i) => i % 29 !== 0);
    expect(Buffer.from(pixels).equals(Buffer.from(binary?.bytes ?? []))).toBe(true);
  });
});
