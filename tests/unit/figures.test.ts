/** The figures' arithmetic: VGG's 49 vs 27, receptive fields, and the Inception, grouping and dropout numbers counted on the shipped models. */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadTestSet } from '../../site/lib/build/fashionMnist.ts';
import {
  ALEXNET_DROPOUT_P,
  alexnetDropout,
  applyDropout,
  classifierFromGraph,
  classify,
  dropoutExperiment,
  keptPath,
  seededRandom,
} from '../../site/lib/figures/dropout.ts';
import { compareWithSingleKernel, receptiveField, receptiveFieldByLayer, stackWeights } from '../../site/lib/figures/filterSize.ts';
import { connectivity, filterBank, groupedLayers, groupingSaving } from '../../site/lib/figures/grouped.ts';
import { inceptionCost, inceptionModule, reductionSaving } from '../../site/lib/figures/inception.ts';
import type { Manifest } from '../../site/lib/manifest.ts';
import { countParameters, type OnnxGraph, readOnnxGraph } from '../../site/lib/onnx/graph.ts';
import { activationShapes } from '../../site/lib/onnx/shapes.ts';

const dir = new URL('../../models-onnx/', import.meta.url);
const manifest: Manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
const bytesOf = (id: 'alexnet' | 'vgg' | 'googlenet') => readFileSync(new URL(manifest.models[id].file, dir));
const input = { name: 'input', channels: 1, height: 28, width: 28 };
const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
const initializerSize = (graph: OnnxGraph, name: string) => product(graph.initializers.find((t) => t.name === name)?.dims ?? [0]);

describe('filter size (VGG)', () => {
  it('counts one 7x7 as 49 weights and three 3x3 as 27 per channel pair, 49C² against 27C² with C channels', () => {
    expect(stackWeights({ kernel: 7, depth: 1, channels: 1 })).toBe(49);
    expect(stackWeights({ kernel: 3, depth: 3, channels: 1 })).toBe(27);
    expect(stackWeights({ kernel: 7, depth: 1, channels: 64 })).toBe(49 * 64 * 64);
    expect(stackWeights({ kernel: 3, depth: 3, channels: 64 })).toBe(27 * 64 * 64);
    const c = compareWithSingleKernel({ kernel: 3, depth: 3, channels: 1 });
    expect(c.single).toEqual({ kernel: 7, weights: 49, receptiveField: 7, nonlinearities: 1 });
    expect(c.stack).toEqual({ weights: 27, receptiveField: 7, nonlinearities: 3 });
    expect(c.savedWeights).toBe(22);
    expect(c.savedFraction).toBeCloseTo(22 / 49, 12);
  });

  it('grows the receptive field by k − 1 per stride-1 layer: 1 + n(k − 1)', () => {
    expect(receptiveField(3, 1)).toBe(3);
    expect(receptiveField(3, 2)).toBe(5);
    expect(receptiveField(3, 3)).toBe(7);
    expect(receptiveField(5, 2)).toBe(9);
    expect(receptiveField(1, 4)).toBe(1);
    expect(receptiveFieldByLayer(3, 3)).toEqual([1, 3, 5, 7]);
    expect(receptiveFieldByLayer(7, 1)).toEqual([1, 7]);
    // Two 3x3 see what one 5x5 sees with 18 weights instead of 25.
    expect(compareWithSingleKernel({ kernel: 3, depth: 2, channels: 1 })).toMatchObject({
      single: { kernel: 5, weights: 25 },
      stack: { weights: 18 },
    });
  });

  it('rejects sizes that are not positive integers, naming the field', () => {
    expect(() => stackWeights({ kernel: 0, depth: 1, channels: 1 })).toThrow(/kernel/);
    expect(() => receptiveField(3, 1.5)).toThrow(/depth/);
    expect(() => stackWeights({ kernel: 3, depth: 1, channels: -2 })).toThrow(/channels/);
  });
});

describe('activation shapes worked out from the graph', () => {
  it.each(['alexnet', 'vgg', 'googlenet'] as const)('%s: agree with every 4-D output the manifest lists', (id) => {
    const shapes = activationShapes(readOnnxGraph(bytesOf(id)), input);
    for (const out of manifest.models[id].outputs.filter((o) => o.shape.length === 4)) {
      const [, channels, height, width] = out.shape;
      expect(shapes.get(out.name), out.name).toEqual({ channels, height, width });
    }
  });
});

describe('the 1x1 reductions of our GoogLeNet (inception3a)', () => {
  const graph = readOnnxGraph(bytesOf('googlenet'));
  const shapes = activationShapes(graph, input);
  const branchOutputs = Object.entries(manifest.models.googlenet.activations)
    .filter(([, module]) => module.startsWith('inception3a.'))
    .map(([name]) => name);
  const module = inceptionModule(graph, shapes, branchOutputs);

  it("finds the module's four branches, its input and its channel counts in the graph", () => {
    expect(module.branches.map((b) => b.label)).toEqual(['1x1', '3x3', '5x5', 'pool']);
    expect(module.branches.map((b) => Boolean(b.reduction))).toEqual([false, true, true, false]);
    const concatOut = shapes.get(graph.nodes.find((n) => n.name === module.concat)?.outputs[0] ?? '');
    expect(module.outChannels).toBe(concatOut?.channels);
    // The module reads the previous conv's output: its channels are that conv's filters.
    const conv3 = graph.nodes.find((n) => n.opType === 'Conv' && shapes.get(n.outputs[0] ?? '')?.channels === module.inShape.channels);
    expect(conv3).toBeDefined();
    expect(module.inShape.height).toBe(manifest.models.googlenet.outputs.find((o) => o.name === branchOutputs[0])?.shape[2]);
  });

  it('with the reductions: the parameters and MACs the exported file holds for the module', () => {
    // Counted independently: every initializer read by a node of the module, and the manifest's per-layer MACs.
    const prefix = module.concat.slice(0, module.concat.lastIndexOf('/') + 1);
    const moduleNodes = graph.nodes.filter((n) => n.name.startsWith(prefix));
    const params = moduleNodes.flatMap((n) => n.inputs.slice(1)).reduce((s, name) => s + initializerSize(graph, name), 0);
    const macs = manifest.models.googlenet.layers.filter((l) => l.node.startsWith(prefix)).reduce((s, l) => s + l.macs, 0);
    const cost = inceptionCost(module, true);
    expect(cost.params).toBe(params);
    expect(cost.macs).toBe(macs);
  });

  it('without the reductions: the same count with the reduction layers removed and the 3x3/5x5 reading every input channel', () => {
    const prefix = module.concat.slice(0, module.concat.lastIndexOf('/') + 1);
    const convs = graph.nodes.filter((n) => n.opType === 'Conv' && n.name.startsWith(prefix));
    const dimsOf = (name: string) => graph.initializers.find((t) => t.name === name)?.dims ?? [];
    const isOneByOne = (n: (typeof convs)[number]) =>
      dimsOf(n.inputs[1] ?? '')
        .slice(2)
        .every((d) => d === 1);
    // A reduction is a 1x1 conv whose output (through its ReLU) feeds a larger conv.
    const reductions = convs.filter((r) => {
      if (!isOneByOne(r)) return false;
      const relu = graph.nodes.find((n) => n.inputs[0] === r.outputs[0]);
      return convs.some((c) => c.inputs[0] === relu?.outputs[0] && !isOneByOne(c));
    });
    const widened = convs.filter((c) =>
      reductions.some((r) => graph.nodes.some((n) => n.inputs[0] === r.outputs[0] && c.inputs[0] === n.outputs[0])),
    );
    expect(reductions).toHaveLength(2);
    const sizeOf = (n: (typeof convs)[number]) => n.inputs.slice(1).reduce((s, name) => s + initializerSize(graph, name), 0);
    const withR = convs.reduce((s, n) => s + sizeOf(n), 0);
    const inChannels = dimsOf(convs[0]?.inputs[1] ?? '')[1] ?? 0;
    let withoutR = withR - reductions.reduce((s, n) => s + sizeOf(n), 0) - widened.reduce((s, n) => s + sizeOf(n), 0);
    for (const c of widened) {
      const [out = 0, , kh = 0, kw = 0] = dimsOf(c.inputs[1] ?? '');
      withoutR += out * inChannels * kh * kw + initializerSize(graph, c.inputs[2] ?? '');
    }
    const saving = reductionSaving(module);
    expect(saving.params.with).toBe(withR);
    expect(saving.params.without).toBe(withoutR);
    expect(saving.params.saved).toBe(withoutR - withR);
    expect(saving.params.saved).toBeGreaterThan(0);
    expect(saving.macs.saved).toBeGreaterThan(0);
    // Every conv here is stride 1 with "same" padding, so each weight is used once per pixel of the module's input.
    const pixels = module.inShape.height * module.inShape.width;
    const biases = convs.reduce((s, n) => s + initializerSize(graph, n.inputs[2] ?? ''), 0);
    expect(saving.macs.with).toBe((withR - biases) * pixels);
  });
});

describe("AlexNet's two groups (the two-GPU split)", () => {
  const graph = readOnnxGraph(bytesOf('alexnet'), { withData: true });
  const shapes = activationShapes(graph, input);
  const layers = groupedLayers(graph, shapes);

  it('finds every convolution whose ONNX group attribute is 2 and the channels each group reads', () => {
    const byAttribute = graph.nodes.filter((n) => n.opType === 'Conv' && (n.attributes.find((a) => a.name === 'group')?.i ?? 1) > 1);
    expect(layers.map((l) => l.layer.node)).toEqual(byAttribute.map((n) => n.name));
    expect(layers.length).toBeGreaterThan(0);
    for (const l of layers) {
      expect(l.layer.groups).toBe(2);
      expect(l.groupInputs).toEqual([
        [0, l.layer.inChannels / 2],
        [l.layer.inChannels / 2, l.layer.inChannels],
      ]);
    }
    // conv2 reads conv1's 48 filters: group 1 sees filters 0–23, group 2 sees 24–47.
    const first = graph.nodes.find((n) => n.opType === 'Conv');
    expect(layers[0]?.inputFrom).toBe(first?.name);
    expect(layers[0]?.groupInputs).toEqual([
      [0, 24],
      [24, 48],
    ]);
  });

  it("saves what the model's weight shapes say against ungrouped layers", () => {
    // Ungrouped, each layer would read every channel its producer writes (the previous conv's filter count).
    const convs = graph.nodes.filter((n) => n.opType === 'Conv');
    let saved = 0;
    for (const l of layers) {
      const node = convs.find((n) => n.name === l.layer.node);
      const dims = graph.initializers.find((t) => t.name === node?.inputs[1])?.dims ?? [];
      const previous = convs[convs.indexOf(node as (typeof convs)[number]) - 1];
      const producedChannels = graph.initializers.find((t) => t.name === previous?.inputs[1])?.dims[0] ?? 0;
      const [out = 0, , kh = 0, kw = 0] = dims;
      expect(l.savedWeights).toBe(out * producedChannels * kh * kw - product(dims));
      saved += l.savedWeights;
    }
    const total = groupingSaving(layers);
    expect(total.saved).toBe(saved);
    // The whole model, ungrouped, would hold exactly that many more parameters than the manifest states.
    expect(countParameters(graph) + total.saved).toBe(manifest.models.alexnet.parameters + saved);
    expect(total.fraction).toBeCloseTo(0.5, 12);
  });

  it('maps connectivity as two diagonal blocks and reads the first-layer filters of each half', () => {
    const map = connectivity(graph, layers[0] as (typeof layers)[number]);
    const half = map.cols / 2;
    map.cells.forEach((row, r) => {
      const inFirstGroup = r < map.rows / 2;
      row.forEach((cell, c) => {
        expect(cell === null, `cell ${r},${c}`).toBe(inFirstGroup ? c >= half : c < half);
      });
    });
    expect(Math.max(...map.cells.flat().map((v) => v ?? 0))).toBe(1);
    const bank = filterBank(graph, layers[0]?.inputFrom ?? '');
    expect(bank.count).toBe(48);
    expect(bank.filters[0]).toHaveLength(bank.height * bank.width);
    for (const f of bank.filters) expect(Math.max(...f.map(Math.abs))).toBe(1);
  });
});

describe("dropout on AlexNet's classifier", () => {
  const graph = readOnnxGraph(bytesOf('alexnet'), { withData: true });
  const layers = classifierFromGraph(graph, 'pool5');

  it('reads the classifier Gemm layers after pool5 from the ONNX file', () => {
    expect(layers.map((l) => [l.inFeatures, l.outFeatures, l.relu])).toEqual([
      [128 * 3 * 3, 384, true],
      [384, 384, true],
      [384, 10, false],
    ]);
  });

  it('places dropout as scripts/models/alexnet.py does: p = 0.5 before every Linear but the last', () => {
    const source = readFileSync(new URL('../../scripts/models/alexnet.py', import.meta.url), 'utf8');
    expect(source).toMatch(new RegExp(`dropout: float = ${ALEXNET_DROPOUT_P}\\b`));
    const classifier = source.slice(source.indexOf('self.classifier'), source.indexOf('def forward'));
    const order = [...classifier.matchAll(/nn\.(Dropout|Linear)\(/g)].map((m) => m[1]);
    expect(order).toEqual(['Dropout', 'Linear', 'Dropout', 'Linear', 'Linear']);
    expect(alexnetDropout(layers).before).toEqual([true, true, false]);
  });

  it("with dropout off, gives onnxruntime's logits for a real test image from its pool5", async () => {
    const entry = manifest.models.alexnet;
    const testSet = loadTestSet();
    const session = await ort.InferenceSession.create(new URL(entry.file, dir).pathname);
    try {
      const pixels = Float32Array.from(testSet.images.subarray(0, 784), (v) => (v / 255 - entry.input.mean) / entry.input.std);
      const out = await session.run({ input: new ort.Tensor('float32', pixels, [1, 1, 28, 28]) });
      const features = out.pool5?.data as Float32Array;
      const logits = classify(layers, features);
      const expected = out.logits?.data as Float32Array;
      for (let c = 0; c < 10; c++) expect(Math.abs((logits[c] ?? 0) - (expected[c] ?? 0))).toBeLessThan(1e-4);

      const experiment = dropoutExperiment(layers, features, alexnetDropout(layers), 200, 1);
      expect(experiment.top1Counts.reduce((a, b) => a + b, 0)).toBe(200);
      expect(experiment.deterministicTop1).toBe(Array.from(expected).indexOf(Math.max(...expected)));
      expect(experiment.agreement).toBeGreaterThanOrEqual(0);
      expect(experiment.agreement).toBeLessThanOrEqual(1);
      for (const s of experiment.spread) {
        expect(s.min).toBeLessThanOrEqual(s.low);
        expect(s.low).toBeLessThanOrEqual(s.mean + 1e-12);
        expect(s.high).toBeLessThanOrEqual(s.max);
      }
      // Same seed, same runs; another seed, other masks.
      expect(dropoutExperiment(layers, features, alexnetDropout(layers), 200, 1)).toEqual(experiment);
      expect(dropoutExperiment(layers, features, alexnetDropout(layers), 200, 2).spread).not.toEqual(experiment.spread);
    } finally {
      await session.release();
    }
  });

  it('drops about p of the units and scales the survivors by 1 / (1 − p), so the expectation is unchanged', () => {
    const random = seededRandom(7);
    const ones = new Float32Array(10000).fill(1);
    const { values, kept } = applyDropout(ones, 0.5, random);
    expect(kept / ones.length).toBeGreaterThan(0.47);
    expect(kept / ones.length).toBeLessThan(0.53);
    expect(new Set(values)).toEqual(new Set([0, 2]));
    expect(() => applyDropout(ones, 1, random)).toThrow(/p must be/);
  });
});

describe('shade strings (compact figure props)', () => {
  it('round-trips magnitudes and signed values at the figure resolution', async () => {
    const { decodeMagnitudes, decodeSigned, encodeMagnitudes, encodeSigned, SHADE_LEVELS } = await import(
      '../../site/lib/figures/shades.ts'
    );
    expect(encodeMagnitudes([null, 0, 0.01, 0.5, 1])).toBe('.1148');
    expect(decodeMagnitudes('.1148')).toEqual([null, 1, 1, 4, 8]);
    expect(encodeSigned([-1, -0.5, 0, 0.5, 1])).toBe('aeimq');
    expect(decodeSigned('aeimq')).toEqual([-SHADE_LEVELS, -4, 0, 4, SHADE_LEVELS]);
    expect(() => decodeMagnitudes('9')).toThrow(/shade level/);
    expect(() => decodeSigned('z')).toThrow(/signed shade/);
  });
});

describe("the figures' build-time data, from the shipped files", () => {
  it('inception-1x1: the wrapper states the saving counted above', async () => {
    const { inceptionFigureData } = await import('../../site/lib/build/figureData.ts');
    const data = inceptionFigureData('inception3a');
    expect(data.saving.params.with).toBe(data.cost.with.params);
    expect(data.saving.params.without).toBe(data.cost.without.params);
    expect(data.branches.flatMap((b) => b.convs.filter((c) => c.reduction))).toHaveLength(2);
    expect(() => inceptionFigureData('inception9z')).toThrow(/inception9z/);
  });

  it('two-groups: one entry per grouped layer, connectivity rows as shade strings, conv1 filters for conv2', async () => {
    const { groupsFigureData } = await import('../../site/lib/build/figureData.ts');
    const data = groupsFigureData();
    expect(data.layers.map((l) => l.name)).toEqual(['conv2', 'conv4', 'conv5']);
    for (const l of data.layers) {
      expect(l.connectivity.shades).toHaveLength(l.connectivity.rows);
      for (const row of l.connectivity.shades) expect(row).toMatch(new RegExp(`^[.1-8]{${l.connectivity.cols}}$`));
    }
    expect(data.layers[0]?.inputFrom).toBe('conv1');
    expect(data.filters?.name).toBe('conv1');
    expect(data.filters?.shades).toHaveLength(data.filters?.count ?? -1);
    expect(data.total.saved).toBe(data.layers.reduce((s, l) => s + l.savedWeights, 0));
  });

  it('relu-tanh: a default threshold both runs reach, and a clear error naming the file for a bad record', async () => {
    const { reluTanhFigureData } = await import('../../site/lib/build/figureData.ts');
    const { firstEpochAtOrBelow, parseReluTanh } = await import('../../site/lib/figures/reluTanh.ts');
    const data = reluTanhFigureData();
    for (const metric of ['test', 'train'] as const) {
      const { min, max } = data.ranges[metric];
      expect(min).toBeLessThanOrEqual(max);
      for (const run of [data.runs.relu, data.runs.tanh]) expect(firstEpochAtOrBelow(run.epochs, run.error[metric], min)).not.toBeNull();
      // The next half point down is missed by at least one run: min is the hardest target both meet.
      const harder = min - data.step;
      expect([data.runs.relu, data.runs.tanh].some((run) => firstEpochAtOrBelow(run.epochs, run.error[metric], harder) === null)).toBe(
        true,
      );
    }
    expect(() =>
      parseReluTanh(
        { network: 'x', optimizer: 'y', seed: 0, epochs: 1, batch_size: 1, lr: 1, quick: true, runs: { relu: { curves: [] } } },
        'bad.json',
      ),
    ).toThrow('bad.json: runs.relu.curves must be a non-empty array');
  });

  it('dropout: the classifier shapes and dropout placement the island checks the downloaded model against', async () => {
    const { dropoutFigureData } = await import('../../site/lib/build/figureData.ts');
    const data = dropoutFigureData('ja');
    expect(data.layers).toEqual([
      [128 * 3 * 3, 384],
      [384, 384],
      [384, 10],
    ]);
    expect(data.before).toEqual([true, true, false]);
    expect(data.p).toBe(0.5);
    expect(data.model).toBe('alexnet');
    expect(() => dropoutFigureData('en', 'nope')).toThrow(/no output "nope"/);
  });
});

describe('keptPath', () => {
  /** The units a path draws: each run `h<n>` covers n units from where the pen is, as the dashed stroke does. */
  function unitsOf(d: string, columns: number): number[] {
    const units: number[] = [];
    let x = 0;
    let y = 0;
    for (const [, command, a, b] of d.matchAll(/([Mmh])(-?\d+)(?: (-?\d+))?/g)) {
      if (command === 'M') [x, y] = [Number(a), Number(b)];
      else if (command === 'm') [x, y] = [x + Number(a), y + Number(b)];
      else for (let i = 0; i < Number(a); i++, x++) units.push(y * columns + x);
    }
    return units;
  }

  it('draws exactly the kept units, runs never crossing a row, for random masks and the edge cases', () => {
    const random = seededRandom(7);
    const masks = [
      Array.from({ length: 1152 }, () => random() >= 0.5),
      Array.from({ length: 100 }, () => true),
      Array.from({ length: 70 }, () => false),
      [true, false, true],
    ];
    for (const kept of masks) {
      const expected = kept.flatMap((k, i) => (k ? [i] : []));
      expect(unitsOf(keptPath(kept, 32), 32)).toEqual(expected);
    }
    expect(
      keptPath(
        Array.from({ length: 64 }, () => true),
        32,
      ),
    ).toBe('M0 0h32m-32 1h32');
  });
});
