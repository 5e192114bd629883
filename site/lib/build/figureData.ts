/** Build-time (Node): each figure's data computed from the shipped ONNX files, the manifest and the ReLU/tanh curves. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { alexnetDropout, classifierFromGraph } from '../figures/dropout.ts';
import { connectivity, filterBank, groupedLayers, groupingSaving } from '../figures/grouped.ts';
import { inceptionCost, inceptionModule, reductionSaving } from '../figures/inception.ts';
import type {
  DropoutFigureData,
  FilterShades,
  GroupsFigureData,
  InceptionFigureData,
  ReluTanhFigureData,
  ReluTanhSeries,
} from '../figures/props.ts';
import { type ACTIVATIONS, errorCurve, parseReluTanh, reluTanhGap, THRESHOLD_STEP, thresholdRange } from '../figures/reluTanh.ts';
import { encodeMagnitudes, encodeSigned } from '../figures/shades.ts';
import { softmax } from '../inference/postprocess.ts';
import { type Locale, singleInputDims } from '../manifest.ts';
import { type OnnxGraph, readOnnxGraph } from '../onnx/graph.ts';
import { activationShapes } from '../onnx/shapes.ts';
import { demoModel, galleryInfo, MODELS_DIR, readManifest } from './demoFiles.ts';

const results = new Map<string, unknown>();

/** A figure's data (or a graph) computed once per build for the same arguments: every page that shows the figure asks again. */
function once<T>(key: string, make: () => T): T {
  if (!results.has(key)) results.set(key, make());
  return results.get(key) as T;
}

/** A shipped model's graph, read once per build (with weight values when `withData`). */
function graphOf(id: string, withData = false): OnnxGraph {
  return once(`graph:${id}:${withData}`, () => {
    const entry = readManifest().models[id as keyof ReturnType<typeof readManifest>['models']];
    if (!entry) throw new Error(`models-onnx/manifest.json has no model "${id}"`);
    return readOnnxGraph(readFileSync(path.join(MODELS_DIR, entry.file)), { withData });
  });
}

/** The model's input as the shape inference needs it, from the manifest ([N, C, H, W]). */
function inputOf(id: string) {
  const entry = readManifest().models[id as 'alexnet'];
  const [, channels = 1, height = 1, width = 1] = singleInputDims(entry);
  return { name: entry.input.name, channels, height, width };
}

/** conv1, conv2, … in graph order, the way the papers number convolutions. */
function convNames(graph: OnnxGraph): Map<string, string> {
  return new Map(graph.nodes.filter((n) => n.opType === 'Conv').map((n, i) => [n.name, `conv${i + 1}`]));
}

/** `module`'s branch outputs as the manifest names them (`inception3a_1x1`, …: activations mapped to `<module>.branch*`). */
export function inceptionFigureData(module = 'inception3a'): InceptionFigureData {
  return once(`inception:${module}`, () => computeInception(module));
}

function computeInception(module: string): InceptionFigureData {
  const entry = readManifest().models.googlenet;
  const outputs = Object.entries(entry.activations)
    .filter(([, source]) => source.startsWith(`${module}.`))
    .map(([name]) => name);
  if (outputs.length === 0) throw new Error(`models-onnx/manifest.json: googlenet.activations names no output of "${module}"`);
  const graph = graphOf('googlenet');
  const m = inceptionModule(graph, activationShapes(graph, inputOf('googlenet')), outputs);
  return {
    module,
    inShape: m.inShape,
    outChannels: m.outChannels,
    branches: m.branches.map((b) => ({
      label: b.label,
      pool: b.pool,
      outChannels: b.outChannels,
      convs: b.convs.map((c) => ({
        inChannels: c.inChannels,
        outChannels: c.outChannels,
        kernel: c.kernel,
        params: c.weights + c.biases,
        macs: c.macs,
        reduction: c === b.reduction,
      })),
    })),
    cost: { with: inceptionCost(m, true), without: inceptionCost(m, false) },
    saving: reductionSaving(m),
  };
}

function filterShades(graph: OnnxGraph, node: string, name: string): FilterShades {
  const bank = filterBank(graph, node);
  return { name, count: bank.count, height: bank.height, width: bank.width, shades: bank.filters.map(encodeSigned) };
}

export function groupsFigureData(): GroupsFigureData {
  return once('groups', computeGroups);
}

function computeGroups(): GroupsFigureData {
  const graph = graphOf('alexnet', true);
  const names = convNames(graph);
  const layers = groupedLayers(graph, activationShapes(graph, inputOf('alexnet')));
  if (layers.length === 0) throw new Error('models-onnx: alexnet has no grouped convolution (Conv with group > 1)');
  const firstConv = graph.nodes.find((n) => n.opType === 'Conv')?.name;
  const readsFirst = layers.find((l) => l.inputFrom === firstConv);
  return {
    layers: layers.map((l) => {
      const map = connectivity(graph, l);
      return {
        name: names.get(l.layer.node) ?? l.layer.node,
        inChannels: l.layer.inChannels,
        outChannels: l.layer.outChannels,
        kernel: l.layer.kernel,
        groups: l.layer.groups,
        weights: l.layer.weights,
        ungroupedWeights: l.ungroupedWeights,
        savedWeights: l.savedWeights,
        groupInputs: l.groupInputs,
        groupOutputs: l.groupOutputs,
        inputFrom: l.inputFrom ? (names.get(l.inputFrom) ?? null) : null,
        connectivity: {
          rows: map.rows,
          cols: map.cols,
          outPerRow: map.outPerRow,
          inPerCol: map.inPerCol,
          shades: map.cells.map(encodeMagnitudes),
        },
      };
    }),
    total: groupingSaving(layers),
    modelParameters: readManifest().models.alexnet.parameters,
    filters: readsFirst && firstConv ? filterShades(graph, firstConv, names.get(firstConv) ?? firstConv) : null,
  };
}

/** Dropout rates the reader can choose: the paper's 0.5 first, then higher ones that make a confident network waver. */
export const DROPOUT_RATES = [0.5, 0.7, 0.9];

/**
 * The gallery sample AlexNet is least sure of (lowest top-1 softmax probability in the committed PyTorch reference
 * logits, which cover the gallery's test images): where dropout's runs are most likely to disagree.
 */
export function leastConfidentSample(testIndices: readonly number[]): number {
  const file = path.join(MODELS_DIR, 'reference', 'alexnet.logits.json');
  const { logits } = JSON.parse(readFileSync(file, 'utf8')) as { logits: number[][] };
  const confidence = testIndices.map((index) => {
    const row = logits[index];
    if (!row) throw new Error(`${file}: no logits for test image ${index} (a gallery sample)`);
    return Math.max(...softmax(row));
  });
  return confidence.indexOf(Math.min(...confidence));
}

export function dropoutFigureData(lang: Locale, features = 'pool5'): DropoutFigureData {
  return once(`dropout:${lang}:${features}`, () => computeDropout(lang, features));
}

function computeDropout(lang: Locale, features: string): DropoutFigureData {
  const manifest = readManifest();
  if (!manifest.models.alexnet.outputs.some((o) => o.name === features)) {
    throw new Error(`models-onnx/manifest.json: alexnet has no output "${features}" for the dropout figure`);
  }
  // Only the layer shapes go to the page: the island reads the weights from the model bytes it downloads.
  const graph = graphOf('alexnet', true);
  const layers = classifierFromGraph(graph, features);
  const spec = alexnetDropout(layers);
  const gallery = galleryInfo();
  return {
    model: demoModel(manifest, 'alexnet', lang).id,
    features,
    layers: layers.map((l) => [l.inFeatures, l.outFeatures]),
    p: spec.p,
    rates: DROPOUT_RATES,
    defaultSample: leastConfidentSample(gallery.samples.map((s) => s.index)),
    before: spec.before,
  };
}

export function reluTanhFigureData(): ReluTanhFigureData {
  return once('reluTanh', computeReluTanh);
}

function computeReluTanh(): ReluTanhFigureData {
  const manifest = readManifest();
  if (!manifest.reluTanh)
    throw new Error('models-onnx/manifest.json: reluTanh is null; run `npm run models` to record the ReLU/tanh curves');
  const file = path.join(MODELS_DIR, manifest.reluTanh);
  const record = parseReluTanh(JSON.parse(readFileSync(file, 'utf8')), file);
  const series = (a: (typeof ACTIVATIONS)[number]): ReluTanhSeries => {
    const run = record.runs[a];
    return {
      epochs: run.curves.map((c) => c.epoch),
      trainLoss: run.curves.map((c) => c.train_loss),
      testLoss: run.curves.map((c) => c.test_loss),
      error: { test: errorCurve(run, 'test'), train: errorCurve(run, 'train') },
    };
  };
  const { seed, epochs, optimizer, lr, quick, network } = record;
  return {
    meta: { seed, epochs, optimizer, lr, quick, network },
    runs: { relu: series('relu'), tanh: series('tanh') },
    ranges: { test: thresholdRange(record, 'test'), train: thresholdRange(record, 'train') },
    defaultMetric: 'train',
    gaps: { test: reluTanhGap(record, 'test'), train: reluTanhGap(record, 'train') },
    step: THRESHOLD_STEP,
  };
}
