/** What each figure island receives from its Astro wrapper: plain, serializable data computed at build time. */
import type { DemoErrorStrings, DemoModel, GalleryInfo, RuntimeAssets } from '../inference/types.ts';
import type { GroupingSaving } from './grouped.ts';
import type { ModuleCost, Saving } from './inception.ts';
import type { ErrorMetric } from './reluTanh.ts';
import type { FigureKey, FigureStrings } from './strings.ts';

/** Every island: the page's language, its strings (keys without the `fig.<figure>.` prefix), and an id prefix for labels. */
export interface FigureBaseProps<F extends FigureKey> {
  lang: string;
  t: FigureStrings<F>;
  id: string;
}

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

export interface InceptionProps extends FigureBaseProps<'inception'> {
  data: InceptionFigureData;
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

export interface GroupsProps extends FigureBaseProps<'groups'> {
  data: GroupsFigureData;
}

export interface DropoutFigureData {
  model: DemoModel;
  runtime: RuntimeAssets;
  gallery: GalleryInfo;
  /** The demos' error messages, so a failed run reads as it does in the demos. */
  errors: DemoErrorStrings;
  /** The graph output the classifier starts from (AlexNet's pool5). */
  features: string;
  /** [in, out] of each Linear (Gemm) layer, read from the graph. */
  layers: [number, number][];
  p: number;
  before: boolean[];
}

export interface DropoutProps extends FigureBaseProps<'dropout'> {
  data: DropoutFigureData;
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
  /** Thresholds both runs reach, per metric; `min` is the default. */
  ranges: Record<ErrorMetric, { min: number; max: number }>;
  step: number;
}

export interface ReluTanhProps extends FigureBaseProps<'reluTanh'> {
  data: ReluTanhFigureData;
}
