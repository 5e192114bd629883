/**
 * Build-time (Node) table of the files the demos fetch from our own origin: onnxruntime-web's files (version-matched,
 * from node_modules), the models of the manifest, the speed lab's full-size graphs and the gallery binary. Used by the Astro integration that copies
 * and serves them and by the wrappers that pass their URLs, sizes and hashes to the islands.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { VerifiedAsset } from '../inference/fetchVerified.ts';
import type { DemoModel, GalleryInfo, GallerySample, OrtBuild, RuntimeAssets } from '../inference/types.ts';
import { getModel, type Locale, type Manifest, singleInputDims } from '../manifest.ts';
import { loadTestSet } from './fashionMnist.ts';
import { greyscalePng } from './png.ts';
import { REPO_ROOT } from './repoRoot.ts';
import { speedLabServedFiles } from './speedLab.ts';

const require = createRequire(import.meta.url);
export const MODELS_DIR = path.join(REPO_ROOT, 'models-onnx');

function ortPackage(): { version: string; dir: string } {
  // onnxruntime-web's exports map hides package.json, so find it from the resolved entry point.
  let dir = path.dirname(require.resolve('onnxruntime-web'));
  while (!statSync(path.join(dir, 'package.json'), { throwIfNoEntry: false })) dir = path.dirname(dir);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
  if (pkg.name !== 'onnxruntime-web') throw new Error(`expected onnxruntime-web's package.json in ${dir}, found ${pkg.name}`);
  return { version: pkg.version, dir };
}

/**
 * The files of each onnxruntime-web build the page may load (see OrtBuild): its ESM entry, the Emscripten glue `.mjs`
 * it names (which WASM threads import too) and the glue's `.wasm`. Checked against the entries' own references in
 * tests/unit/demoFiles.test.ts.
 */
export const ORT_BUILDS: Record<OrtBuild, readonly [entry: string, glue: string, wasm: string]> = {
  wasm: ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'],
  jspi: ['ort.jspi.min.mjs', 'ort-wasm-simd-threaded.jspi.mjs', 'ort-wasm-simd-threaded.jspi.wasm'],
  asyncify: ['ort.webgpu.min.mjs', 'ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'],
};

export interface ServedFile {
  /** URL path on our origin, e.g. `/ort/1.30.0/ort.webgpu.min.mjs`. */
  url: string;
  source: string;
  contentType: string;
}

const sha256File = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const memo = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};

export const ortBase = memo(() => `/ort/${ortPackage().version}/`);

export const runtimeAssets = memo((): RuntimeAssets => {
  const { version, dir } = ortPackage();
  const build = ([entry, , wasm]: (typeof ORT_BUILDS)[OrtBuild]) => {
    const file = path.join(dir, 'dist', wasm);
    return { module: `${ortBase()}${entry}`, wasm: { url: `${ortBase()}${wasm}`, sha256: sha256File(file), bytes: statSync(file).size } };
  };
  return {
    version,
    base: ortBase(),
    builds: { wasm: build(ORT_BUILDS.wasm), jspi: build(ORT_BUILDS.jspi), asyncify: build(ORT_BUILDS.asyncify) },
  };
});

let manifestCache: { mtimeMs: number; manifest: Manifest } | undefined;

/** models-onnx/manifest.json, parsed once per build (every demo and figure on every page asks for it); re-read when it changes. */
export function readManifest(): Manifest {
  const file = path.join(MODELS_DIR, 'manifest.json');
  const { mtimeMs } = statSync(file);
  if (manifestCache?.mtimeMs !== mtimeMs) manifestCache = { mtimeMs, manifest: JSON.parse(readFileSync(file, 'utf8')) as Manifest };
  return manifestCache.manifest;
}

/** A manifest entry trimmed to what a demo needs, labels in `lang`. */
export function demoModel(manifest: Manifest, id: string, lang: Locale): DemoModel {
  const entry = getModel(manifest, id);
  const labels = entry.labels[lang];
  if (!labels) throw new Error(`manifest.json: model "${id}" has no labels for locale "${lang}"`);
  return {
    id: entry.id,
    title: entry.title,
    file: { url: `/models/${entry.file}`, sha256: entry.sha256, bytes: entry.bytes },
    inputName: entry.input.name,
    inputDims: singleInputDims(entry),
    mean: entry.input.mean,
    std: entry.input.std,
    labels,
    parameters: entry.parameters,
    macs: entry.macs,
    accuracy: entry.accuracy,
    outputs: entry.outputs,
    activations: entry.activations,
  };
}

/** Gallery samples: the first test image of each class among indices 0..255 (the images with PyTorch reference logits). */
export const GALLERY_RANGE = 256;

export const galleryBinary = memo((): { samples: GallerySample[]; bytes: Uint8Array; side: [number, number] } => {
  const testSet = loadTestSet(path.join(MODELS_DIR, 'fashion-mnist'));
  const seen = new Set<number>();
  const samples: GallerySample[] = [];
  for (let index = 0; index < Math.min(GALLERY_RANGE, testSet.count); index++) {
    const label = testSet.labels[index] as number;
    if (seen.has(label)) continue;
    seen.add(label);
    samples.push({ index, label });
  }
  samples.sort((a, b) => a.label - b.label);
  const size = testSet.side[0] * testSet.side[1];
  const bytes = new Uint8Array(samples.length * size);
  for (const [i, s] of samples.entries()) bytes.set(testSet.images.subarray(s.index * size, (s.index + 1) * size), i * size);
  return { samples, bytes, side: testSet.side };
});

/**
 * The gallery's images stacked in one grey PNG (the binary's bytes are already that column of 28x28 images), drawn
 * by CSS as the sample buttons' thumbnails: they show before any script runs, with no canvas per button. The name
 * carries a hash of the pixels, as /models/ files are cached for good.
 */
export const galleryThumbnails = memo((): { url: string; bytes: Uint8Array } => {
  const { samples, bytes, side } = galleryBinary();
  const png = greyscalePng(bytes, side[1], side[0] * samples.length);
  return { url: `/models/gallery.${createHash('sha256').update(png).digest('hex').slice(0, 10)}.png`, bytes: png };
});

export const galleryInfo = memo((): GalleryInfo => {
  const { samples, bytes } = galleryBinary();
  const asset: VerifiedAsset = {
    url: '/models/gallery.bin',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
  };
  return { asset, samples, thumbnails: galleryThumbnails().url };
});

/** Files the demos fetch that the build makes rather than copies: the gallery binary and its thumbnails. */
export function generatedFiles(): { url: string; bytes: Uint8Array; contentType: string }[] {
  return [
    { url: galleryInfo().asset.url, bytes: galleryBinary().bytes, contentType: 'application/octet-stream' },
    { ...galleryThumbnails(), contentType: 'image/png' },
  ];
}

/** Every file the demos fetch: URL path -> where it comes from. */
export function servedFiles(): ServedFile[] {
  const { dir } = ortPackage();
  const files: ServedFile[] = Object.values(ORT_BUILDS)
    .flat()
    .map((name) => ({
      url: `${ortBase()}${name}`,
      source: path.join(dir, 'dist', name),
      contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8',
    }));
  for (const entry of Object.values(readManifest().models)) {
    files.push({ url: `/models/${entry.file}`, source: path.join(MODELS_DIR, entry.file), contentType: 'application/octet-stream' });
  }
  for (const graph of speedLabServedFiles()) files.push({ ...graph, contentType: 'application/octet-stream' });
  return files;
}
