/**
 * Build-time (Node) reading of the speed lab's full-size graphs (models-onnx/fullsize/): their parameters, multiply-adds
 * and weight layout worked out from the graph files, checked against the initializer list the exporter wrote.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readOnnxGraph } from '../onnx/graph.ts';
import { PAPERS } from '../speedlab/papers.ts';
import { SPEED_LAB_NETWORKS, type SpeedLabNetwork, type SpeedLabNetworkId } from '../speedlab/types.ts';
import { graphCost } from '../speedlab/weightLayout.ts';
import { REPO_ROOT } from './repoRoot.ts';

export const FULLSIZE_DIR = path.join(REPO_ROOT, 'models-onnx', 'fullsize');
export const FULLSIZE_URL = '/models/fullsize/';

const TITLES: Record<SpeedLabNetworkId, string> = { alexnet: 'AlexNet', vgg16: 'VGG-16', googlenet: 'GoogLeNet' };

/** models-onnx/fullsize/index.json, as scripts/models/export_fullsize.py writes it. */
export interface FullsizeIndex {
  opset: number;
  torchvision: string;
  command: string;
  networks: Record<
    string,
    {
      file: string;
      bytes: number;
      sha256: string;
      weightsFile: string;
      weightsBytes: number;
      input: { name: string; shape: number[] };
      output: string;
      torchvisionParameters: number;
      /** Multiply-adds of one image, counted by PyTorch's forward hooks on Conv2d and Linear at export. */
      torchMacs: number;
      initializers: { name: string; dims: number[]; dtype: string; offset: number; length: number }[];
    }
  >;
}

export function readFullsizeIndex(dir = FULLSIZE_DIR): FullsizeIndex {
  const file = path.join(dir, 'index.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as FullsizeIndex;
  } catch (error) {
    throw new Error(`${file}: cannot read the full-size graph list (run npm run models:fullsize): ${(error as Error).message}`);
  }
}

/** One network's props for the island, its figures computed from the graph file. */
export function speedLabNetwork(id: SpeedLabNetworkId, index = readFullsizeIndex(), dir = FULLSIZE_DIR): SpeedLabNetwork {
  const entry = index.networks[id];
  const where = path.join(dir, 'index.json');
  if (!entry) throw new Error(`${where}: no network "${id}"`);
  const file = path.join(dir, entry.file);
  const bytes = readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== entry.sha256 || bytes.length !== entry.bytes)
    throw new Error(`${file}: ${bytes.length} bytes, sha256 ${sha256}; ${where} lists ${entry.bytes} bytes, ${entry.sha256} (stale list)`);
  const [, channels = 0, height = 0, width = 0] = entry.input.shape;
  const cost = graphCost(readOnnxGraph(bytes), { name: entry.input.name, channels, height, width });
  if (cost.layout.path !== entry.weightsFile || cost.layout.bytes !== entry.weightsBytes)
    throw new Error(
      `${file}: weights in "${cost.layout.path}" (${cost.layout.bytes} bytes); ${where} says "${entry.weightsFile}" (${entry.weightsBytes})`,
    );
  const listed = new Map(entry.initializers.map((t) => [t.name, t]));
  for (const t of cost.layout.tensors) {
    const l = listed.get(t.name);
    if (!l || l.offset !== t.offset || l.length !== t.length || l.dims.join() !== t.dims.join())
      throw new Error(`${where}: initializer "${t.name}" of ${entry.file} is missing or differs from the graph (stale list)`);
  }
  if (listed.size !== cost.layout.tensors.length) throw new Error(`${where}: ${id} lists initializers the graph does not have`);
  return {
    id,
    title: TITLES[id],
    graph: { url: `${FULLSIZE_URL}${entry.file}`, sha256, bytes: bytes.length },
    inputName: entry.input.name,
    inputShape: entry.input.shape,
    outputName: entry.output,
    parameters: cost.parameters,
    macs: cost.macs,
    weights: { path: cost.layout.path, bytes: cost.layout.bytes },
    paper: PAPERS[id],
  };
}

export function speedLabNetworks(): SpeedLabNetwork[] {
  const index = readFullsizeIndex();
  return SPEED_LAB_NETWORKS.map((id) => speedLabNetwork(id, index));
}

/** The graph files the site serves: URL path -> file. */
export function speedLabServedFiles(): { url: string; source: string }[] {
  const index = readFullsizeIndex();
  return SPEED_LAB_NETWORKS.map((id) => {
    const file = index.networks[id]?.file ?? `${id}.onnx`;
    return { url: `${FULLSIZE_URL}${file}`, source: path.join(FULLSIZE_DIR, file) };
  });
}
