/** Writes models-onnx/manifest.json from the exported ONNX files: checksums, sizes and accuracy measured
 * here by onnxruntime-node on the full test set, merged with the Python side's training record. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTestSet } from '../site/lib/build/fashionMnist.ts';
import type { Manifest, ModelEntry, ModelId } from '../site/lib/manifest.ts';
import { MODEL_IDS } from '../site/lib/manifest.ts';
import { countParameters, readOnnxGraph } from '../site/lib/onnx/graph.ts';
import { evaluateModel } from './lib/evaluate.ts';

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

const testSet = loadTestSet();
const models = {} as Record<ModelId, ModelEntry>;
for (const id of MODEL_IDS) {
  const exportPath = join(workdir, `${id}.export.json`);
  if (!existsSync(exportPath)) throw new Error(`${exportPath} missing: run the export step first`);
  const info = JSON.parse(readFileSync(exportPath, 'utf8'));
  const modelPath = join(out, info.file);
  const bytes = readFileSync(modelPath);
  const graph = readOnnxGraph(bytes);
  const parameters = countParameters(graph);
  if (parameters !== info.parameters) {
    throw new Error(`${modelPath}: ${parameters} parameters in the file, the export step counted ${info.parameters}`);
  }
  const t = info.training;
  const evaluation = await evaluateModel(modelPath, testSet, t.mean, t.std);
  models[id] = {
    id,
    title: TITLES[id],
    file: info.file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    opset: graph.opsetVersion,
    ops: info.ops,
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
    `[manifest] ${id}: accuracy ${(evaluation.accuracy * 100).toFixed(2)}%, ${parameters} parameters, ` +
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
