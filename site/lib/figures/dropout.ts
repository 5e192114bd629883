/**
 * Dropout, run honestly on AlexNet's own classifier: the Gemm layers read from the exported graph, applied to one image's
 * pool5 features many times with inverted dropout (training mode) and once without (test mode, what the exported model does).
 */
import { argmax, softmax } from '../inference/postprocess.ts';
import type { OnnxGraph } from '../onnx/graph.ts';
import { attributeFloat, attributeInt, initializerOf } from '../onnx/graph.ts';
import { runsPath } from './runsPath.ts';

/** One fully connected layer as y = alpha · W x + beta · b, with W stored [out, in] row-major. */
export interface DenseLayer {
  node: string;
  inFeatures: number;
  outFeatures: number;
  weight: Float32Array;
  bias: Float32Array;
  alpha: number;
  beta: number;
  /** A ReLU follows this layer. */
  relu: boolean;
}

/** Where dropout acts at training time: p, and before which layers (input side). */
export interface DropoutSpec {
  p: number;
  before: boolean[];
}

/**
 * AlexNet's classifier (scripts/models/alexnet.py): Dropout(p=0.5) in front of every Linear but the last. The exported graph has
 * no Dropout nodes (eval mode removes them), so the placement comes from the model's definition; tests check it against that file.
 */
export const ALEXNET_DROPOUT_P = 0.5;
export function alexnetDropout(layers: readonly DenseLayer[]): DropoutSpec {
  return { p: ALEXNET_DROPOUT_P, before: layers.map((_, i) => i < layers.length - 1) };
}

/** Follows the graph from `features` (e.g. AlexNet's pool5) through Flatten, Gemm and Relu nodes to the end; needs `withData`. */
export function classifierFromGraph(graph: OnnxGraph, features: string): DenseLayer[] {
  const layers: DenseLayer[] = [];
  let tensor = features;
  for (let hops = 0; hops <= graph.nodes.length; hops++) {
    const consumers = graph.nodes.filter((n) => n.inputs[0] === tensor);
    if (consumers.length === 0) break;
    const [node] = consumers;
    if (!node || consumers.length > 1) throw new Error(`classifier: tensor "${tensor}" feeds ${consumers.length} nodes; expected a chain`);
    if (node.opType === 'Gemm') {
      const weight = initializerOf(graph, node, 1);
      const bias = initializerOf(graph, node, 2);
      if (!weight.data || !bias.data)
        throw new Error(`classifier: the weights of "${node.name}" were not read (use readOnnxGraph(bytes, { withData: true }))`);
      if (attributeInt(node, 'transA', 0) !== 0) throw new Error(`classifier: "${node.name}" has transA = 1, which is not supported`);
      const transB = attributeInt(node, 'transB', 0) === 1;
      const [d0 = 0, d1 = 0] = weight.dims;
      const [outFeatures, inFeatures] = transB ? [d0, d1] : [d1, d0];
      let w = weight.data;
      if (!transB) {
        w = new Float32Array(outFeatures * inFeatures);
        for (let i = 0; i < inFeatures; i++)
          for (let o = 0; o < outFeatures; o++) w[o * inFeatures + i] = weight.data[i * outFeatures + o] ?? 0;
      }
      if (bias.data.length !== outFeatures)
        throw new Error(`classifier: "${node.name}" has ${bias.data.length} biases for ${outFeatures} outputs`);
      layers.push({
        node: node.name,
        inFeatures,
        outFeatures,
        weight: w,
        bias: bias.data,
        alpha: attributeFloat(node, 'alpha', 1),
        beta: attributeFloat(node, 'beta', 1),
        relu: false,
      });
    } else if (node.opType === 'Relu') {
      const last = layers.at(-1);
      if (!last) throw new Error(`classifier: a Relu ("${node.name}") before any Gemm`);
      last.relu = true;
    } else if (node.opType !== 'Flatten' && node.opType !== 'Reshape' && node.opType !== 'Identity' && node.opType !== 'Dropout') {
      throw new Error(`classifier: unexpected ${node.opType} node "${node.name}" after "${features}"`);
    }
    tensor = node.outputs[0] ?? '';
  }
  if (layers.length === 0) throw new Error(`classifier: no Gemm node follows "${features}"`);
  return layers;
}

/** A small, fast, seeded PRNG (mulberry32), so a figure's "run again" is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inverted dropout as PyTorch applies it in training: zero each unit with probability p, scale survivors by 1 / (1 − p). */
export function applyDropout(values: Float32Array, p: number, random: () => number): { values: Float32Array; kept: number } {
  if (!(p >= 0 && p < 1)) throw new Error(`dropout p must be in [0, 1), got ${p}`);
  const scale = 1 / (1 - p);
  const out = new Float32Array(values.length);
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    if (random() >= p) {
      out[i] = (values[i] ?? 0) * scale;
      kept++;
    }
  }
  return { values: out, kept };
}

/** The classifier's logits for one feature vector; with `random`, dropout acts as in training, without it as at test time. */
export function classify(
  layers: readonly DenseLayer[],
  features: Float32Array,
  dropout?: DropoutSpec & { random: () => number },
): Float32Array {
  let x = features;
  const first = layers[0];
  if (first && x.length !== first.inFeatures) throw new Error(`classifier expects ${first.inFeatures} features, got ${x.length}`);
  layers.forEach((layer, index) => {
    if (dropout?.before[index]) x = applyDropout(x, dropout.p, dropout.random).values;
    const y = new Float32Array(layer.outFeatures);
    for (let o = 0; o < layer.outFeatures; o++) {
      let sum = 0;
      const row = o * layer.inFeatures;
      for (let i = 0; i < layer.inFeatures; i++) sum += (layer.weight[row + i] ?? 0) * (x[i] ?? 0);
      const v = layer.alpha * sum + layer.beta * (layer.bias[o] ?? 0);
      y[o] = layer.relu && v < 0 ? 0 : v;
    }
    x = y;
  });
  return x;
}

/** Per class over many dropout runs: the mean probability and the 10th–90th percentile band. */
export interface ClassSpread {
  mean: number;
  low: number;
  high: number;
  min: number;
  max: number;
}

export interface DropoutExperiment {
  runs: number;
  /** Softmax of the deterministic (test-time) run. */
  deterministic: number[];
  deterministicTop1: number;
  spread: ClassSpread[];
  /** How many runs picked each class as top-1. */
  top1Counts: number[];
  /** Share of dropout runs whose top-1 equals the deterministic top-1. */
  agreement: number;
  /** Top-1 of the runs' mean probabilities (averaging many thinned networks, as the test-time scaling approximates). */
  averagedTop1: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (at - lo);
}

/** Runs the classifier `runs` times with dropout on (seeded) and once with it off, and summarizes the spread. */
export function dropoutExperiment(
  layers: readonly DenseLayer[],
  features: Float32Array,
  spec: DropoutSpec,
  runs: number,
  seed: number,
): DropoutExperiment {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${runs}`);
  const deterministic = Array.from(softmax(classify(layers, features)));
  const random = seededRandom(seed);
  const classes = deterministic.length;
  const perClass: number[][] = Array.from({ length: classes }, () => []);
  const top1Counts = new Array<number>(classes).fill(0);
  for (let r = 0; r < runs; r++) {
    const probs = softmax(classify(layers, features, { ...spec, random }));
    for (const [c, p] of probs.entries()) perClass[c]?.push(p);
    const top = argmax(probs);
    top1Counts[top] = (top1Counts[top] ?? 0) + 1;
  }
  const spread = perClass.map((values): ClassSpread => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      low: quantile(sorted, 0.1),
      high: quantile(sorted, 0.9),
      min: sorted[0] ?? Number.NaN,
      max: sorted.at(-1) ?? Number.NaN,
    };
  });
  const deterministicTop1 = argmax(deterministic);
  return {
    runs,
    deterministic,
    deterministicTop1,
    spread,
    top1Counts,
    agreement: (top1Counts[deterministicTop1] ?? 0) / runs,
    averagedTop1: argmax(spread.map((s) => s.mean)),
  };
}

/**
 * A mask's kept units as one path (runsPath): each run of kept neighbours in a row is one horizontal stroke across the
 * run, dashed one square per pitch (figures.css, shifted into place by the path's transform). About 5 bytes a run
 * instead of 9 a unit: a 1,152-unit layer's mask is the page's biggest drawing.
 * @example keptPath([true, true, false, true], 32) // 'M0 0h2m1 0h1'
 */
export function keptPath(kept: boolean[], columns: number): string {
  const cells = kept.flatMap((k, i) => (k ? [{ x: i % columns, y: Math.floor(i / columns) }] : []));
  return runsPath(cells, 1, 0);
}
