/**
 * What the inside view draws, read from the model itself rather than typed in: the first convolution's filters (split
 * the way the next grouped convolution splits their outputs: AlexNet's two GPUs), and how each activation output is
 * laid out (a grouped layer's channels side by side; an Inception module's four branches together). Browser-free.
 */
import type { ModelOutput } from '../manifest.ts';
import type { OnnxGraph, OnnxNode } from './graph.ts';

const attr = (node: OnnxNode, name: string) => node.attributes.find((a) => a.name === name);
export const groupsOf = (node: OnnxNode): number => attr(node, 'group')?.i ?? 1;

/** Ops that pass channels through one to one, so a walk may step over them. */
const PASS_THROUGH = new Set(['Relu', 'MaxPool', 'AveragePool', 'BatchNormalization', 'Identity', 'Dropout', 'LRN']);

export interface FilterBank {
  /** [out, in, kh, kw] */
  dims: number[];
  data: Float32Array;
  /** How many groups the next convolution splits these filters' outputs into (1 = not grouped). */
  consumerGroups: number;
}

function producers(graph: OnnxGraph): Map<string, OnnxNode> {
  const map = new Map<string, OnnxNode>();
  for (const node of graph.nodes) for (const out of node.outputs) map.set(out, node);
  return map;
}

/** The first convolution applied to the graph input, with its weights (read the graph with `{ withData: true }`). */
export function firstLayerFilters(graph: OnnxGraph, inputName: string): FilterBank {
  const conv = graph.nodes.find((n) => n.opType === 'Conv' && n.inputs[0] === inputName);
  if (!conv) throw new Error(`no Conv node reads the input "${inputName}"`);
  const weight = graph.initializers.find((t) => t.name === conv.inputs[1]);
  if (!weight?.data) throw new Error(`the first Conv's weight "${conv.inputs[1]}" has no float data (read the graph withData)`);
  // Follow the output forward through pass-through ops to the next convolution.
  let tensor = conv.outputs[0];
  let consumerGroups = 1;
  for (let steps = 0; steps < graph.nodes.length && tensor; steps++) {
    const next = graph.nodes.find((n) => n.inputs[0] === tensor);
    if (!next) break;
    if (next.opType === 'Conv') {
      consumerGroups = groupsOf(next);
      break;
    }
    if (!PASS_THROUGH.has(next.opType)) break;
    tensor = next.outputs[0];
  }
  return { dims: weight.dims, data: weight.data, consumerGroups };
}

/** The convolution an output comes from (stepping back over ReLU and pooling), or undefined. */
export function sourceConv(graph: OnnxGraph, output: string): OnnxNode | undefined {
  const byOutput = producers(graph);
  let node = byOutput.get(output);
  for (let steps = 0; node && steps < graph.nodes.length; steps++) {
    if (node.opType === 'Conv') return node;
    if (!PASS_THROUGH.has(node.opType)) return undefined;
    node = byOutput.get(node.inputs[0] ?? '');
  }
  return undefined;
}

export interface ActivationItem {
  output: string;
  channels: number;
  height: number;
  width: number;
  /** Channel groups of the convolution that made it (AlexNet's grouped layer: 2). */
  groups: number;
  /** Within a module: the branch's short name, e.g. `1x1`, `pool`. */
  branch?: string;
}

export interface ActivationPanel {
  /** `layer`: one output; `module`: the branches of one Inception module, shown together. */
  kind: 'layer' | 'module';
  /** The output's name, or the module's (e.g. `inception3a`). */
  name: string;
  items: ActivationItem[];
}

/** Smallest maps worth drawing: below this a channel is a few pixels of noise. */
const MIN_SIDE = 4;

/**
 * The activation outputs as panels, in manifest order. Outputs whose PyTorch module is `<module>.branchN` form one
 * module panel; a branch's short name is its output name after the module's last segment (`inception3a_3x3` -> `3x3`).
 */
export function activationPanels(
  graph: OnnxGraph,
  outputs: readonly ModelOutput[],
  activations: Record<string, string>,
): ActivationPanel[] {
  const panels: ActivationPanel[] = [];
  for (const out of outputs) {
    const modulePath = activations[out.name];
    if (modulePath === undefined || out.shape.length !== 4) continue;
    const [, channels, height, width] = out.shape as [string, number, number, number];
    if (height < MIN_SIDE || width < MIN_SIDE) continue;
    const conv = sourceConv(graph, out.name);
    const item: ActivationItem = { output: out.name, channels, height, width, groups: conv ? groupsOf(conv) : 1 };
    const branch = /^(.*)\.branch\d+$/.exec(modulePath);
    if (branch) {
      const moduleName = (branch[1] as string).split('.').pop() as string;
      item.branch = out.name.startsWith(`${moduleName}_`) ? out.name.slice(moduleName.length + 1) : out.name;
      const existing = panels.find((p) => p.kind === 'module' && p.name === moduleName);
      if (existing) existing.items.push(item);
      else panels.push({ kind: 'module', name: moduleName, items: [item] });
    } else {
      panels.push({ kind: 'layer', name: out.name, items: [item] });
    }
  }
  return panels;
}

/** Columns and rows of a near-square grid of `count` tiles. */
export function tileGrid(count: number): { cols: number; rows: number } {
  const cols = Math.max(1, Math.ceil(Math.sqrt(count)));
  return { cols, rows: Math.max(1, Math.ceil(count / cols)) };
}
