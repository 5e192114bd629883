/** GoogLeNet's 1x1 claim, counted on the exported graph: one Inception module's parameters and MACs with and without its 1x1 reductions. */
import type { OnnxGraph, OnnxNode } from '../onnx/graph.ts';
import { type ActivationShape, type ConvLayer, convLayers, producerOf } from '../onnx/shapes.ts';

export interface InceptionBranch {
  /** The tensor this branch hands to the Concat. */
  output: string;
  /** "1x1", "3x3", "5x5" after its last convolution, or "pool" when it starts with a pooling. */
  label: string;
  pool: boolean;
  convs: ConvLayer[];
  /** The 1x1 convolution that shrinks the channels in front of a larger kernel, when the branch has one. */
  reduction?: ConvLayer;
  outChannels: number;
}

export interface InceptionModule {
  /** The Concat node that joins the branches. */
  concat: string;
  /** The tensor every branch reads. */
  input: string;
  inShape: ActivationShape;
  branches: InceptionBranch[];
  outChannels: number;
}

export interface BranchCost {
  label: string;
  params: number;
  macs: number;
}

export interface ModuleCost {
  params: number;
  macs: number;
  branches: BranchCost[];
}

export interface Saving {
  with: number;
  without: number;
  saved: number;
  /** saved / without. */
  fraction: number;
}

/** The tensors from the graph input up to `tensor`, following each node's first input. */
function lineage(graph: OnnxGraph, tensor: string): { tensors: string[]; nodes: OnnxNode[] } {
  const tensors = [tensor];
  const nodes: OnnxNode[] = [];
  let current = tensor;
  for (let node = producerOf(graph, current); node; node = producerOf(graph, current)) {
    nodes.unshift(node);
    current = node.inputs[0] ?? '';
    tensors.unshift(current);
    if (nodes.length > graph.nodes.length) throw new Error(`a cycle in the graph above tensor "${tensor}"`);
  }
  return { tensors, nodes };
}

/**
 * Finds the Inception module whose Concat reads `branchOutputs` (the manifest's named branch outputs) and lays out its branches:
 * the module's input is the last tensor the branches have in common.
 */
export function inceptionModule(graph: OnnxGraph, shapes: Map<string, ActivationShape>, branchOutputs: readonly string[]): InceptionModule {
  if (branchOutputs.length < 2) throw new Error(`an Inception module needs at least two branch outputs, got [${branchOutputs.join(', ')}]`);
  const concat = graph.nodes.find((n) => n.opType === 'Concat' && branchOutputs.every((o) => n.inputs.includes(o)));
  if (!concat) throw new Error(`no Concat node reads all of [${branchOutputs.join(', ')}]`);
  const lines = concat.inputs.map((out) => lineage(graph, out));
  let common = 0;
  const first = lines[0]?.tensors ?? [];
  while (common < first.length && lines.every((l) => l.tensors[common] === first[common])) common++;
  const input = first[common - 1];
  if (common === 0 || input === undefined) throw new Error(`the branches of "${concat.name}" share no input tensor`);
  const inShape = shapes.get(input);
  if (!inShape) throw new Error(`the shape of "${input}", the input of "${concat.name}", is unknown`);

  const allConvs = new Map(convLayers(graph, shapes).map((c) => [c.node, c]));
  const branches = concat.inputs.map((output, b): InceptionBranch => {
    // The nodes after the shared input belong to this branch (lineage has one node fewer than tensors).
    const nodes = (lines[b]?.nodes ?? []).slice(common - 1);
    const convs = nodes.flatMap((n) => (n.opType === 'Conv' ? [allConvs.get(n.name) as ConvLayer] : []));
    const last = convs.at(-1);
    if (!last) throw new Error(`branch "${output}" of "${concat.name}" has no convolution`);
    const pool = nodes[0]?.opType === 'MaxPool' || nodes[0]?.opType === 'AveragePool';
    const [head, next] = convs;
    const isReduction = !pool && head && next && head.kernel[0] === 1 && head.kernel[1] === 1 && (next.kernel[0] > 1 || next.kernel[1] > 1);
    return {
      output,
      label: pool ? 'pool' : `${last.kernel[0]}x${last.kernel[1]}`,
      pool,
      convs,
      reduction: isReduction ? head : undefined,
      outChannels: last.outChannels,
    };
  });
  return { concat: concat.name, input, inShape, branches, outChannels: branches.reduce((s, b) => s + b.outChannels, 0) };
}

/**
 * Parameters (weights and biases, as the exported file holds them) and MACs of the module. Without the reductions, the convolution
 * after each 1x1 reduction reads all of the module's input channels instead, and every branch keeps its output channels, so the
 * module stays a drop-in replacement.
 */
export function inceptionCost(module: InceptionModule, withReductions: boolean): ModuleCost {
  const branches = module.branches.map((branch): BranchCost => {
    let convs = branch.convs;
    if (!withReductions && branch.reduction) {
      const [, widened, ...rest] = branch.convs as [ConvLayer, ConvLayer, ...ConvLayer[]];
      const weights = (widened.outChannels * module.inShape.channels * widened.kernel[0] * widened.kernel[1]) / widened.groups;
      convs = [
        { ...widened, inChannels: module.inShape.channels, weights, macs: weights * widened.outShape.height * widened.outShape.width },
        ...rest,
      ];
    }
    return {
      label: branch.label,
      params: convs.reduce((s, c) => s + c.weights + c.biases, 0),
      macs: convs.reduce((s, c) => s + c.macs, 0),
    };
  });
  return {
    params: branches.reduce((s, b) => s + b.params, 0),
    macs: branches.reduce((s, b) => s + b.macs, 0),
    branches,
  };
}

function saving(withValue: number, withoutValue: number): Saving {
  const saved = withoutValue - withValue;
  return { with: withValue, without: withoutValue, saved, fraction: withoutValue > 0 ? saved / withoutValue : 0 };
}

/** What the 1x1 reductions save, in parameters and in MACs. */
export function reductionSaving(module: InceptionModule): { params: Saving; macs: Saving } {
  const withR = inceptionCost(module, true);
  const withoutR = inceptionCost(module, false);
  return { params: saving(withR.params, withoutR.params), macs: saving(withR.macs, withoutR.macs) };
}
