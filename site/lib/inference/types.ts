/** What an island receives as props: everything decided at build time, so a demo needs no extra manifest request. */
import type { UiKey } from '../../i18n/ko.ts';
import type { ModelOutput } from '../manifest.ts';
import type { VerifiedAsset } from './fetchVerified.ts';

/** The `demo.<island>.*` groups only one island shows: only that island's props carry them (DemoStringsWith). */
export type OwnStringGroup = 'speed' | 'inside';
/** `demo.*` UI strings every demo may show, keyed in full (`demo.error.run`), so a wrong key fails to compile. */
export type DemoStrings = Record<Exclude<Extract<UiKey, `demo.${string}`>, `demo.${OwnStringGroup}.${string}`>, string>;
/** Those and the island's own group. */
export type DemoStringsWith<G extends OwnStringGroup> = DemoStrings & Record<Extract<UiKey, `demo.${G}.${string}`>, string>;
/** The part of them that describes a failure, and the button that tries again. */
export type DemoErrorStrings = Pick<DemoStrings, Extract<UiKey, `demo.error.${string}` | `demo.fallback.${string}` | 'demo.retry'>>;

/** The part of a manifest entry a demo shows or needs, labels already in the page's language. */
export interface DemoModel {
  id: string;
  title: string;
  /** The ONNX file: `/models/<file>`, its sha256 and bytes from the manifest. */
  file: VerifiedAsset;
  inputName: string;
  /** The manifest's input shape for one image (batch axis 1). */
  inputDims: number[];
  mean: number;
  std: number;
  labels: string[];
  parameters: number;
  macs: number;
  /** Test accuracy, 0-1, measured by onnxruntime on the 10k test set. */
  accuracy: number;
  outputs: ModelOutput[];
  /** Activation output name -> PyTorch module path. */
  activations: Record<string, string>;
}

/**
 * The three onnxruntime-web builds: `wasm` (CPU only, the smallest), `jspi` (WebGPU through JSPI, where the browser has
 * `WebAssembly.Suspending`), `asyncify` (WebGPU elsewhere). Each binary holds the CPU kernels too.
 */
export type OrtBuild = 'wasm' | 'jspi' | 'asyncify';

/** One build as this site serves it: its ESM entry (imported in the inference worker) and its verified wasm binary. */
export interface OrtBuildAssets {
  /** URL of the entry, e.g. `/ort/1.30.0/ort.wasm.min.mjs`. */
  module: string;
  wasm: VerifiedAsset;
}

/** onnxruntime-web as this site serves it: the folder of its files and each build; a page loads exactly one build. */
export interface RuntimeAssets {
  version: string;
  /** Folder URL of ORT's files (`env.wasm.wasmPaths`): the Emscripten glue `.mjs` that WASM threads load. */
  base: string;
  builds: Record<OrtBuild, OrtBuildAssets>;
}

/** One real test image offered as input. */
export interface GallerySample {
  /** Index in the Fashion-MNIST test set. */
  index: number;
  /** True class index. */
  label: number;
}

/** The gallery: one binary of 28x28 grey images, one after the other, in `samples` order. */
export interface GalleryInfo {
  asset: VerifiedAsset;
  samples: GallerySample[];
  /** The same images stacked in one PNG, for thumbnails that CSS draws before any script runs. */
  thumbnails: string;
}

export interface DemoProps {
  lang: string;
  strings: DemoStrings;
  runtime: RuntimeAssets;
  gallery: GalleryInfo;
  /** The networks whose disagreement marks a drawing or an upload as unlike Fashion-MNIST (outOfRange.ts); the island's own when absent. */
  ensemble?: DemoModel[];
}
