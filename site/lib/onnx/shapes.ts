/** Shapes and costs of an exported graph's convolutions, worked out from its nodes and initializer shapes alone (no runtime). */
import type { OnnxGraph, OnnxNode, OnnxTensorInfo } from './graph.ts';

/** Channels and spatial size of one image's activation (the batch dimension left out). */
export interface ActivationShape {
  channels: number;
  height: number;
  width: number;
}

/** One Conv node, as the figures explain it. */
export interface ConvLayer {
  node: string;
  input: string;
  output: string;
  inChannels: number;
  outChannels: number;
  kernel: [number, number];
  groups: number;
  /** Elements of the weight tensor: out · (in / groups) · kh · kw. */
  weights: number;
  /** Elements of the bias tensor (0 when the node has none). */
  biases: number;
  inShape: ActivationShape;
  outShape: ActivationShape;
  /** Multiply-accumulates for one image: weights × output pixels (as the manifest counts them). */
  macs: number;
}

const PASS_THROUGH = new Set(['Relu', 'Tanh', 'Sigmoid', 'LeakyRelu', 'BatchNormalization', 'Dropout', 'Identity', 'LRN', 'Add', 'Mul']);

export function attributeInt(node: OnnxNode, name: string, fallback: number): number {
  return node.attributes.find((a) => a.name === name)?.i ?? fallback;
}

export function attributeInts(node: OnnxNode, name: string, fallback: number[]): number[] {
  return node.attributes.find((a) => a.name === name)?.ints ?? fallback;
}

export function attributeFloat(node: OnnxNode, name: string, fallback: number): number {
  return node.attributes.find((a) => a.name === name)?.f ?? fallback;
}

/** The initializer a node input names, failing with the node's name when it is missing. */
export function initializerOf(graph: OnnxGraph, node: OnnxNode, inputIndex: number): OnnxTensorInfo {
  const name = node.inputs[inputIndex];
  const tensor = name ? graph.initializers.find((t) => t.name === name) : undefined;
  if (!tensor) throw new Error(`node "${node.name}" (${node.opType}): input ${inputIndex} is not an initializer of the graph`);
  return tensor;
}

const elements = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Output size of a sliding window along one axis (floor mode, as every exported pooling here uses). */
function windowOut(size: number, kernel: number, stride: number, padBegin: number, padEnd: number, dilation = 1): number {
  return Math.floor((size + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride) + 1;
}

function slide(node: OnnxNode, shape: ActivationShape, kernel: number[]): { height: number; width: number } {
  const strides = attributeInts(node, 'strides', [1, 1]);
  const pads = attributeInts(node, 'pads', [0, 0, 0, 0]);
  const dilations = attributeInts(node, 'dilations', [1, 1]);
  if (attributeInt(node, 'ceil_mode', 0) !== 0) throw new Error(`node "${node.name}": ceil_mode pooling is not supported`);
  const [kh = 1, kw = 1] = kernel;
  return {
    height: windowOut(shape.height, kh, strides[0] ?? 1, pads[0] ?? 0, pads[2] ?? 0, dilations[0] ?? 1),
    width: windowOut(shape.width, kw, strides[1] ?? 1, pads[1] ?? 0, pads[3] ?? 0, dilations[1] ?? 1),
  };
}

/**
 * Propagates [C, H, W] from the graph input through the convolutional part (Conv, pooling, Concat, element-wise ops).
 * Nodes after the spatial part (Flatten, Gemm) are left out of the map.
 */
export function activationShapes(graph: OnnxGraph, input: { name: string } & ActivationShape): Map<string, ActivationShape> {
  const shapes = new Map<string, ActivationShape>([[input.name, { channels: input.channels, height: input.height, width: input.width }]]);
  for (const node of graph.nodes) {
    const first = node.inputs[0] !== undefined ? shapes.get(node.inputs[0]) : undefined;
    const output = node.outputs[0];
    if (!first || output === undefined) continue;
    if (node.opType === 'Conv') {
      const weight = initializerOf(graph, node, 1);
      shapes.set(output, { channels: weight.dims[0] ?? 0, ...slide(node, first, weight.dims.slice(2)) });
    } else if (node.opType === 'MaxPool' || node.opType === 'AveragePool') {
      shapes.set(output, { channels: first.channels, ...slide(node, first, attributeInts(node, 'kernel_shape', [1, 1])) });
    } else if (node.opType === 'GlobalAveragePool' || node.opType === 'GlobalMaxPool') {
      shapes.set(output, { channels: first.channels, height: 1, width: 1 });
    } else if (node.opType === 'Concat') {
      if (attributeInt(node, 'axis', 0) !== 1) throw new Error(`node "${node.name}": only channel concatenation (axis 1) is supported`);
      const parts = node.inputs.map((name) => shapes.get(name));
      if (parts.some((p) => !p)) throw new Error(`node "${node.name}": an input's shape is unknown`);
      shapes.set(output, { ...first, channels: parts.reduce((sum, p) => sum + (p?.channels ?? 0), 0) });
    } else if (PASS_THROUGH.has(node.opType)) {
      shapes.set(output, first);
    }
  }
  return shapes;
}

/** Every Conv node with its channels, groups, parameter counts and MACs, in graph order. */
export function convLayers(graph: OnnxGraph, shapes: Map<string, ActivationShape>): ConvLayer[] {
  return graph.nodes
    .filter((node) => node.opType === 'Conv')
    .map((node) => {
      const weight = initializerOf(graph, node, 1);
      const bias = node.inputs[2] ? initializerOf(graph, node, 2) : undefined;
      const inShape = shapes.get(node.inputs[0] ?? '');
      const outShape = shapes.get(node.outputs[0] ?? '');
      if (!inShape || !outShape)
        throw new Error(`node "${node.name}": its activation shape is unknown (is it reachable from the graph input?)`);
      const groups = attributeInt(node, 'group', 1);
      const [outChannels = 0, perGroupIn = 0, kh = 1, kw = 1] = weight.dims;
      if (perGroupIn * groups !== inShape.channels) {
        throw new Error(`node "${node.name}": weight expects ${perGroupIn}×${groups} input channels, its input has ${inShape.channels}`);
      }
      const weights = elements(weight.dims);
      return {
        node: node.name,
        input: node.inputs[0] ?? '',
        output: node.outputs[0] ?? '',
        inChannels: inShape.channels,
        outChannels,
        kernel: [kh, kw] as [number, number],
        groups,
        weights,
        biases: bias ? elements(bias.dims) : 0,
        inShape,
        outShape,
        macs: weights * outShape.height * outShape.width,
      };
    });
}

/** The node that writes a tensor, if any. */
export function producerOf(graph: OnnxGraph, tensor: string): OnnxNode | undefined {
  return graph.nodes.find((node) => node.outputs.includes(tensor));
}
