/**
 * What a full-size graph without weights needs to run, read from the graph alone: where each weight goes in the external
 * file and how to make it up (He-scaled, zero or one), its parameters as torchvision counts them, and its multiply-adds.
 */

import { attributeInt, type OnnxGraph, type OnnxNode, readOnnxGraph } from '../onnx/graph.ts';
import { activationShapes, convLayers } from '../onnx/shapes.ts';
import type { SpeedLabNetwork } from './types.ts';

/** How a synthesized tensor is filled: He-scaled uniform noise for a weight with a fan-in, else a constant. */
export type Fill = { kind: 'he'; fanIn: number } | { kind: 'zero' } | { kind: 'one' };

/** One float32 tensor of the external weights file. */
export interface WeightTensor {
  name: string;
  dims: number[];
  /** Byte offset and length in the external file. */
  offset: number;
  length: number;
  fill: Fill;
}

/** The external weights file of one graph, as the synthesizer builds it. */
export interface WeightLayout {
  /** The file name the graph's initializers point at (ONNX external data `location`). */
  path: string;
  bytes: number;
  tensors: WeightTensor[];
}

export interface GraphCost {
  /** Trainable parameters, as torchvision counts them: every float initializer but BatchNorm's running statistics. */
  parameters: number;
  /** Multiply-adds for one image: Conv (weights × output pixels) and Gemm (weights). */
  macs: number;
  layout: WeightLayout;
}

const elements = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** The fill of the tensor that `node` reads as its input `slot`. */
function fillFor(node: OnnxNode, slot: number, dims: number[]): Fill {
  if (node.opType === 'Conv') {
    if (slot === 1) return { kind: 'he', fanIn: elements(dims.slice(1)) };
    if (slot === 2) return { kind: 'zero' };
  } else if (node.opType === 'Gemm') {
    // Gemm computes A·B (B transposed when transB = 1): the fan-in is B's input dimension.
    if (slot === 1) return { kind: 'he', fanIn: (attributeInt(node, 'transB', 0) === 1 ? dims[1] : dims[0]) ?? 1 };
    if (slot === 2) return { kind: 'zero' };
  } else if (node.opType === 'BatchNormalization') {
    // scale 1, bias 0, running mean 0, running variance 1: the identity, so activations keep He's scale.
    if (slot === 1 || slot === 4) return { kind: 'one' };
    if (slot === 2 || slot === 3) return { kind: 'zero' };
  }
  throw new Error(`node "${node.name}" (${node.opType}) reads a float initializer as input ${slot}: no rule to synthesize it`);
}

/**
 * Parameters, multiply-adds and the weight layout of a graph whose float initializers are all external data in one file.
 * `input` is the image's shape without the batch (3 × 224 × 224 for the ImageNet networks).
 */
export function graphCost(graph: OnnxGraph, input: { name: string; channels: number; height: number; width: number }): GraphCost {
  const users = new Map<string, { node: OnnxNode; slot: number }>();
  for (const node of graph.nodes) for (const [slot, name] of node.inputs.entries()) users.set(name, { node, slot });
  let parameters = 0;
  let path: string | undefined;
  const tensors: WeightTensor[] = [];
  for (const t of graph.initializers) {
    if (t.dataType !== 1) continue;
    if (!t.external) throw new Error(`initializer "${t.name}" holds its values inside the graph: the graph must ship without weights`);
    if (path !== undefined && t.external.location !== path)
      throw new Error(`initializer "${t.name}" points at "${t.external.location}", the others at "${path}": expected one file`);
    path = t.external.location;
    const use = users.get(t.name);
    if (!use) throw new Error(`initializer "${t.name}" is read by no node`);
    const count = elements(t.dims);
    if (t.external.length !== count * 4 || t.external.offset % 4 !== 0)
      throw new Error(`initializer "${t.name}": ${t.external.length} bytes at ${t.external.offset} for ${count} float32 values`);
    const fill = fillFor(use.node, use.slot, t.dims);
    const runningStatistic = use.node.opType === 'BatchNormalization' && use.slot >= 3;
    if (!runningStatistic) parameters += count;
    tensors.push({ name: t.name, dims: t.dims, offset: t.external.offset, length: t.external.length, fill });
  }
  if (path === undefined) throw new Error('the graph has no external float initializers');
  const shapes = activationShapes(graph, input);
  const convMacs = convLayers(graph, shapes).reduce((sum, layer) => sum + layer.macs, 0);
  const gemmMacs = graph.nodes
    .filter((n) => n.opType === 'Gemm' || n.opType === 'MatMul')
    .reduce((sum, n) => sum + elements(graph.initializers.find((t) => t.name === n.inputs[1])?.dims ?? []), 0);
  const bytes = Math.max(...tensors.map((t) => t.offset + t.length));
  return { parameters, macs: convMacs + gemmMacs, layout: { path, bytes, tensors } };
}

/**
 * The weight layout of a speed lab network, read from its graph file (the browser has just fetched it, so the page's
 * props need not carry hundreds of tensor entries); fails when the graph does not match what the build described.
 */
export function networkLayout(
  graphBytes: Uint8Array,
  network: Pick<SpeedLabNetwork, 'id' | 'inputName' | 'inputShape' | 'weights'>,
): WeightLayout {
  const [, channels = 0, height = 0, width = 0] = network.inputShape;
  const { layout } = graphCost(readOnnxGraph(graphBytes), { name: network.inputName, channels, height, width });
  if (layout.path !== network.weights.path || layout.bytes !== network.weights.bytes)
    throw new Error(
      `${network.id}: the graph's weights are ${layout.bytes} bytes in "${layout.path}", the build said ${network.weights.bytes} in "${network.weights.path}"`,
    );
  return layout;
}
