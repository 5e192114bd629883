/** AlexNet's two-GPU split as our exported model has it: grouped convolutions, which input channels each group sees, and what grouping saves. */
import type { OnnxGraph } from '../onnx/graph.ts';
import { type ActivationShape, type ConvLayer, convLayers, initializerOf, producerOf } from '../onnx/shapes.ts';

/** A half-open channel range [start, end). */
export type ChannelRange = [number, number];

export interface GroupedLayer {
  layer: ConvLayer;
  /** The convolution whose output this layer reads (through ReLU and the like), if any. */
  inputFrom?: string;
  /** Input and output channels of each group. */
  groupInputs: ChannelRange[];
  groupOutputs: ChannelRange[];
  /** Weights of the same layer without groups: out · in · kh · kw. */
  ungroupedWeights: number;
  /** ungroupedWeights − the layer's weights. */
  savedWeights: number;
}

export interface GroupingSaving {
  /** Weights of the grouped layers as exported. */
  grouped: number;
  /** The same layers, ungrouped. */
  ungrouped: number;
  saved: number;
  /** saved / ungrouped. */
  fraction: number;
}

function ranges(total: number, groups: number): ChannelRange[] {
  const size = total / groups;
  return Array.from({ length: groups }, (_, g) => [g * size, (g + 1) * size] as ChannelRange);
}

/** The Conv node a tensor comes from, looking through single-input element-wise ops (ReLU, …) but not through pooling. */
function convBehind(graph: OnnxGraph, tensor: string): string | undefined {
  for (
    let node = producerOf(graph, tensor), hops = 0;
    node && hops < graph.nodes.length;
    node = producerOf(graph, node.inputs[0] ?? ''), hops++
  ) {
    if (node.opType === 'Conv') return node.name;
    if (!['Relu', 'Tanh', 'LeakyRelu', 'BatchNormalization', 'Identity', 'Dropout'].includes(node.opType)) return undefined;
  }
  return undefined;
}

/** Every convolution with more than one group, in graph order. */
export function groupedLayers(graph: OnnxGraph, shapes: Map<string, ActivationShape>): GroupedLayer[] {
  return convLayers(graph, shapes)
    .filter((layer) => layer.groups > 1)
    .map((layer) => {
      const ungroupedWeights = layer.outChannels * layer.inChannels * layer.kernel[0] * layer.kernel[1];
      return {
        layer,
        inputFrom: convBehind(graph, layer.input),
        groupInputs: ranges(layer.inChannels, layer.groups),
        groupOutputs: ranges(layer.outChannels, layer.groups),
        ungroupedWeights,
        savedWeights: ungroupedWeights - layer.weights,
      };
    });
}

export function groupingSaving(layers: readonly GroupedLayer[]): GroupingSaving {
  const grouped = layers.reduce((s, l) => s + l.layer.weights, 0);
  const ungrouped = layers.reduce((s, l) => s + l.ungroupedWeights, 0);
  return { grouped, ungrouped, saved: ungrouped - grouped, fraction: ungrouped > 0 ? (ungrouped - grouped) / ungrouped : 0 };
}

/** How strongly (mean |w|, scaled so the largest cell is 1) each bin of output channels reads each bin of input channels; null where no weight exists. */
export interface ConnectivityMap {
  rows: number;
  cols: number;
  /** Output channels per row and input channels per column. */
  outPerRow: number;
  inPerCol: number;
  /** cells[row][col], 0–1 rounded to 3 decimals, or null for "not connected". */
  cells: (number | null)[][];
}

/** Bins a grouped layer's weights (read with `withData`) into at most `maxRows` × `maxCols` cells. */
export function connectivity(graph: OnnxGraph, grouped: GroupedLayer, maxRows = 16, maxCols = 48): ConnectivityMap {
  const { layer } = grouped;
  const node = graph.nodes.find((n) => n.name === layer.node);
  const weight = node ? initializerOf(graph, node, 1) : undefined;
  if (!weight?.data)
    throw new Error(`connectivity: the weights of "${layer.node}" were not read (use readOnnxGraph(bytes, { withData: true }))`);
  const data = weight.data;
  const outPerRow = Math.ceil(layer.outChannels / maxRows);
  const inPerCol = Math.ceil(layer.inChannels / maxCols);
  const rows = Math.ceil(layer.outChannels / outPerRow);
  const cols = Math.ceil(layer.inChannels / inPerCol);
  const sums = Array.from({ length: rows }, () => new Float64Array(cols));
  const counts = Array.from({ length: rows }, () => new Uint32Array(cols));
  const perGroupIn = layer.inChannels / layer.groups;
  const perGroupOut = layer.outChannels / layer.groups;
  const taps = layer.kernel[0] * layer.kernel[1];
  for (let o = 0; o < layer.outChannels; o++) {
    const g = Math.floor(o / perGroupOut);
    for (let i = 0; i < perGroupIn; i++) {
      let sum = 0;
      const base = (o * perGroupIn + i) * taps;
      for (let t = 0; t < taps; t++) sum += Math.abs(data[base + t] ?? 0);
      const row = Math.floor(o / outPerRow);
      const col = Math.floor((g * perGroupIn + i) / inPerCol);
      (sums[row] as Float64Array)[col] += sum / taps;
      (counts[row] as Uint32Array)[col] += 1;
    }
  }
  let max = 0;
  const means = sums.map((r, row) =>
    Array.from(r, (s, col) => ((counts[row] as Uint32Array)[col] ? s / ((counts[row] as Uint32Array)[col] ?? 1) : null)),
  );
  for (const r of means) for (const v of r) if (v !== null && v > max) max = v;
  const cells = means.map((r) => r.map((v) => (v === null ? null : Math.round((v / (max || 1)) * 1000) / 1000)));
  return { rows, cols, outPerRow, inPerCol, cells };
}

/** A convolution's filters as flat kh·kw arrays (input channels averaged), each scaled to −1…1, rounded to 3 decimals. */
export interface FilterBank {
  node: string;
  count: number;
  height: number;
  width: number;
  filters: number[][];
}

export function filterBank(graph: OnnxGraph, convNode: string): FilterBank {
  const node = graph.nodes.find((n) => n.name === convNode && n.opType === 'Conv');
  if (!node) throw new Error(`filterBank: no Conv node "${convNode}"`);
  const weight = initializerOf(graph, node, 1);
  if (!weight.data)
    throw new Error(`filterBank: the weights of "${convNode}" were not read (use readOnnxGraph(bytes, { withData: true }))`);
  const [count = 0, inPer = 1, height = 1, width = 1] = weight.dims;
  const taps = height * width;
  const filters = Array.from({ length: count }, (_, f) => {
    const values = Array.from({ length: taps }, (_, t) => {
      let sum = 0;
      for (let c = 0; c < inPer; c++) sum += weight.data?.[(f * inPer + c) * taps + t] ?? 0;
      return sum / inPer;
    });
    const scale = Math.max(...values.map(Math.abs)) || 1;
    return values.map((v) => Math.round((v / scale) * 1000) / 1000);
  });
  return { node: convNode, count, height, width, filters };
}
