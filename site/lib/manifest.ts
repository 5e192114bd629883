/** The shape of models-onnx/manifest.json: the single source of every number the site states about a model. */

export type Locale = 'ko' | 'en' | 'ja';

export const MODEL_IDS = ['alexnet', 'vgg', 'googlenet'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** One graph output; `shape` has 'N' for the dynamic batch. */
export interface ModelOutput {
  name: string;
  shape: ['N', ...number[]];
}

/** One epoch of training, as logged by scripts/models/train.py. */
export interface EpochRecord {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  test_loss: number;
  test_accuracy: number;
  seconds: number;
}

/** A Conv or Gemm node of the exported graph with its weight shape and multiply-accumulates per image. */
export interface LayerCost {
  node: string;
  op: string;
  weight_shape: number[];
  macs: number;
}

/** The input shape of one image: the manifest's shape with its batch axis set to 1. */
export const singleInputDims = (entry: ModelEntry): number[] => entry.input.shape.map((d) => (d === 'N' ? 1 : d));

export interface ModelEntry {
  id: ModelId;
  /** The paper's name, for display. */
  title: string;
  file: string;
  sha256: string;
  bytes: number;
  opset: number;
  ops: string[];
  input: {
    name: 'input';
    /** "N" is the batch axis. */
    shape: (number | 'N')[];
    dtype: 'float32';
    /** Pixels are scaled to 0-1, then (x - mean) / std. */
    mean: number;
    std: number;
  };
  outputs: ModelOutput[];
  /** Extra outputs for the inside view: output name -> the PyTorch submodule it comes from. */
  activations: Record<string, string>;
  labels: Record<Locale, string[]>;
  /** Elements of the ONNX file's float initializers (BatchNorm folded into the convolutions). */
  parameters: number;
  /** Trainable parameters of the PyTorch model before BatchNorm folding. */
  trainableParameters: number;
  batchNormFolded: boolean;
  /** Multiply-accumulates for one 28x28 image (Conv and Gemm nodes). */
  macs: number;
  layers: LayerCost[];
  /** Accuracy of the ONNX file under onnxruntime on the full 10k test set, 0-1. */
  accuracy: number;
  perClassAccuracy: number[];
  /** confusion[true][predicted], counts over the test set. */
  confusion: number[][];
  evaluatedWith: string;
  training: {
    epochs: number;
    seed: number;
    batchSize: number;
    /** One-cycle learning-rate schedules run one after another (warm restarts): epochs and peak rate of each. */
    cycles: { epochs: number; lr: number }[];
    weightDecay: number;
    augment: boolean;
    quick: boolean;
    /** Wall-clock seconds of the training epochs (on this project's 2-core machine, shared with other work). */
    seconds: number;
    torch: string;
    curves: EpochRecord[];
    command: string;
  };
}

export interface Manifest {
  version: 1;
  dataset: { name: string; testImages: number; source: string; license: string };
  models: Record<ModelId, ModelEntry>;
  /** The ReLU-vs-tanh experiment's curves, a file beside the manifest. */
  reluTanh: string | null;
}

/** Looks up a model and fails loudly (naming the id) rather than rendering undefined numbers. */
export function getModel(manifest: Manifest, id: string): ModelEntry {
  const entry = (manifest.models as Record<string, ModelEntry | undefined>)[id];
  if (!entry) {
    throw new Error(`manifest.json has no model "${id}" (known: ${Object.keys(manifest.models).join(', ')})`);
  }
  return entry;
}
