/** Writes models-onnx/manifest.json from the exported ONNX files: checksums, sizes and accuracy measured
 * here by onnxruntime-node on the full test set, merged with the Python side's training record. Also ships each
 * network's weights in the smallest stored form (scripts/models/compact.py) that answers like the float32 export. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTestSet } from '../site/lib/build/fashionMnist.ts';
import type { Manifest, ModelEntry, ModelId, WeightCandidate } from '../site/lib/manifest.ts';
import { MODEL_IDS } from '../site/lib/manifest.ts';
import { countParameters, readOnnxGraph } from '../site/lib/onnx/graph.ts';
import { type Evaluation, evaluateModel } from './lib/evaluate.ts';
import { chooseStorage, disqualification, WEIGHT_STORAGES } from './lib/weightStorage.ts';

const TITLES: Record<ModelId, string> = { alexnet: 'AlexNet', vgg: 'VGG', googlenet: 'GoogLeNet' };

const { values } = parseArgs({
  options: {
    workdir: { type: 'string', default: '.cache/train' },
    out: { type: 'string', default: 'models-onnx' },
    command: { type: 'string', default: 'npm run models' },
  },
});
const workdir = values.workdir as string;
const out = values.out as string;
const ortVersion = createRequire(import.meta.url)('onnxruntime-node/package.json').version as string;

/** How far a file's logits are from PyTorch's on the reference images (the first rows of the test set). */
function againstReference(evaluation: Evaluation, reference: number[][]) {
  const argmax = (row: ArrayLike<number>) => Array.from(row).reduce((best, v, i, all) => (v > (all[best] as number) ? i : best), 0);
  let maxLogitDifference = 0;
  let top1Disagreements = 0;
  reference.forEach((row, i) => {
    const ours = evaluation.logits.subarray(i * row.length, (i + 1) * row.length);
    row.forEach((v, c) => {
      maxLogitDifference = Math.max(maxLogitDifference, Math.abs(v - (ours[c] as number)));
    });
    if (argmax(row) !== argmax(ours)) top1Disagreements++;
  });
  return { maxLogitDifference, top1Disagreements };
}

const testSet = loadTestSet();
const models = {} as Record<ModelId, ModelEntry>;
for (const id of MODEL_IDS) {
  const exportPath = join(workdir, `${id}.export.json`);
  if (!existsSync(exportPath)) throw new Error(`${exportPath} missing: run the export step first`);
  const info = JSON.parse(readFileSync(exportPath, 'utf8'));
  const t = info.training;
  const referencePath = join(out, 'reference', `${id}.logits.json`);
  const reference: number[][] = JSON.parse(readFileSync(referencePath, 'utf8')).logits;
  const measured: { candidate: WeightCandidate; evaluation: Evaluation; bytes: Buffer }[] = [];
  for (const storage of WEIGHT_STORAGES) {
    const candidatePath = join(workdir, `${id}.${storage}.onnx`);
    if (!existsSync(candidatePath)) throw new Error(`${candidatePath} missing: run export.py, then compact.py`);
    const bytes = readFileSync(candidatePath);
    const parameters = countParameters(readOnnxGraph(bytes));
    if (parameters !== info.parameters) {
      throw new Error(`${candidatePath}: ${parameters} parameters in the file, the export step counted ${info.parameters}`);
    }
    const evaluation = await evaluateModel(candidatePath, testSet, t.mean, t.std);
    measured.push({
      candidate: { storage, bytes: bytes.length, accuracy: evaluation.accuracy, ...againstReference(evaluation, reference) },
      evaluation,
      bytes,
    });
  }
  const float32 = measured[0].candidate;
  for (const { candidate } of measured) {
    const why = candidate === float32 ? 'the export' : (disqualification(candidate, float32) ?? 'eligible');
    console.log(
      `[manifest] ${id} ${candidate.storage}: ${candidate.bytes} bytes, accuracy ${(candidate.accuracy * 100).toFixed(2)}%, ` +
        `max |Δlogit| ${candidate.maxLogitDifference.toFixed(5)}, ${candidate.top1Disagreements} top-1 changes: ${why}`,
    );
  }
  const chosen = chooseStorage(measured.map((m) => m.candidate));
  const { evaluation, bytes } = measured.find((m) => m.candidate === chosen) as (typeof measured)[number];
  const modelPath = join(out, info.file);
  writeFileSync(`${modelPath}.tmp`, bytes);
  renameSync(`${modelPath}.tmp`, modelPath);
  const graph = readOnnxGraph(bytes);
  const parameters = countParameters(graph);
  models[id] = {
    id,
    title: TITLES[id],
    file: info.file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    opset: graph.opsetVersion,
    ops: [...new Set([...graph.decoders, ...graph.nodes].map((n) => n.opType))].sort(),
    input: { name: 'input', shape: ['N', 1, 28, 28], dtype: 'float32', mean: t.mean, std: t.std },
    outputs: info.outputs,
    activations: info.activations,
    labels: info.labels,
    parameters,
    trainableParameters: info.trainable_parameters,
    batchNormFolded: info.batch_norm_folded,
    macs: info.macs,
    layers: info.layers,
    accuracy: evaluation.accuracy,
    perClassAccuracy: evaluation.perClassAccuracy,
    confusion: evaluation.confusion,
    evaluatedWith: `onnxruntime-node ${ortVersion}`,
    weights: { storage: chosen.storage, candidates: measured.map((m) => m.candidate) },
    training: {
      epochs: t.epochs,
      seed: t.seed,
      batchSize: t.batch_size,
      cycles: t.cycles,
      weightDecay: t.weight_decay,
      augment: t.augment,
      quick: t.quick,
      seconds: t.train_seconds,
      torch: t.torch,
      curves: t.curves,
      command: values.command as string,
    },
  };
  console.log(
    `[manifest] ${id}: ships ${chosen.storage}, accuracy ${(evaluation.accuracy * 100).toFixed(2)}%, ${parameters} parameters, ` +
      `${info.macs} MACs, ${bytes.length} bytes`,
  );
}

const manifest: Manifest = {
  version: 1,
  dataset: {
    name: 'Fashion-MNIST',
    testImages: testSet.count,
    source: 'https://github.com/zalandoresearch/fashion-mnist',
    license: 'MIT',
  },
  models,
  reluTanh: existsSync(join(out, 'relu-tanh.json')) ? 'relu-tanh.json' : null,
};
const target = join(out, 'manifest.json');
writeFileSync(`${target}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
renameSync(`${target}.tmp`, target); // never a half-written manifest
console.log(`[manifest] wrote ${target}`);
