/** What each figure island receives from its Astro wrapper: plain, serializable data computed at build time. */

import type { Locale } from '../i18n.ts';
import type { DemoShared } from '../inference/pageShared.ts';
import type { Sent } from '../pageProps.ts';
import type { GroupingSaving } from './grouped.ts';
import type { ModuleCost, Saving } from './inception.ts';
import type { ErrorMetric, ReluTanhGap } from './reluTanh.ts';
import type { FigureKey, FigureStrings } from './strings.ts';

/** Every island: the page's language, its strings (keys without the `fig.<figure>.` prefix), and an id prefix for labels. */
export interface FigureBaseProps<F extends FigureKey> {
  lang: Locale;
  t: FigureStrings<F>;
  id: string;
}

/** An island that draws what the build read from the model (`data`). */
export type FigureProps<F extends FigureKey, D> = FigureBaseProps<F> & { data: D };

export interface FilterSizeProps extends FigureBaseProps<'filterSize'> {
  kernels: number[];
  maxDepth: number;
  channelOptions: number[];
  initial: { kernel: number; depth: number; channels: number };
}

export interface InceptionConvData {
  inChannels: number;
  outChannels: number;
  kernel: [number, number];
  params: number;
  macs: number;
  reduction: boolean;
}

export interface InceptionFigureData {
  module: string;
  inShape: { channels: number; height: number; width: number };
  outChannels: number;
  branches: { label: string; pool: boolean; outChannels: number; convs: InceptionConvData[] }[];
  cost: { with: ModuleCost; without: ModuleCost };
  saving: { params: Saving; macs: Saving };
}

export interface GroupedLayerData {
  /** conv1, conv2, … by position among the graph's convolutions, as the paper names them. */
  name: string;
  inChannels: number;
  outChannels: number;
  kernel: [number, number];
  groups: number;
  weights: number;
  ungroupedWeights: number;
  savedWeights: number;
  groupInputs: [number, number][];
  groupOutputs: [number, number][];
  /** Name of the convolution this layer reads (conv1, …), if it reads one directly. */
  inputFrom: string | null;
  /** Mean |weight| per (output bin, input bin), one string per row (see shades.ts: '.' = not connected, '1'–'8' = shade). */
  connectivity: { rows: number; cols: number; outPerRow: number; inPerCol: number; shades: string[] };
}

/** A convolution's filters, one string of signed shades per filter (see shades.ts), row-major height × width. */
export interface FilterShades {
  name: string;
  count: number;
  height: number;
  width: number;
  shades: string[];
}

export interface GroupsFigureData {
  layers: GroupedLayerData[];
  total: GroupingSaving;
  modelParameters: number;
  /** The first convolution's filters when a grouped layer reads it directly (AlexNet's conv2 reads conv1). */
  filters: FilterShades | null;
}

export interface DropoutFigureData {
  /** The network's id: the network itself, the gallery, ORT's files and the error messages are the page's demos' (`shared`). */
  model: string;
  /** The graph output the classifier starts from (AlexNet's pool5). */
  features: string;
  /** [in, out] of each Linear (Gemm) layer, read from the graph. */
  layers: [number, number][];
  /** The paper's dropout rate, and the rates the reader may choose (including it). */
  p: number;
  rates: number[];
  before: boolean[];
  /** The gallery sample shown first (its position in `gallery.samples`): the one the network is least sure of. */
  defaultSample: number;
}

export interface DropoutProps extends FigureBaseProps<'dropout'> {
  data: DropoutFigureData;
  /** What the page's demo islands share: a failed run reads as it does in the demos. */
  shared: Sent<DemoShared>;
  runOptions: number[];
  initialRuns: number;
}

export interface ReluTanhSeries {
  epochs: number[];
  trainLoss: number[];
  testLoss: number[];
  error: Record<ErrorMetric, number[]>;
}

export interface ReluTanhFigureData {
  meta: { seed: number; epochs: number; optimizer: string; lr: number; quick: boolean; network: string };
  runs: { relu: ReluTanhSeries; tanh: ReluTanhSeries };
  /** Thresholds both runs reach, per metric. */
  ranges: Record<ErrorMetric, { min: number; max: number }>;
  /** The metric the figure opens on: training error, what the paper's claim is about. */
  defaultMetric: ErrorMetric;
  /** Per metric: how far ReLU leads tanh; the figure opens at its `bestThreshold`. */
  gaps: Record<ErrorMetric, ReluTanhGap>;
  step: number;
}
