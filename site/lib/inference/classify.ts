/**
 * The one classify path every model-running island (and its tests, under onnxruntime-node) takes: pixels → input
 * tensor (shape and normalization from the manifest) → a run → probabilities → top-k. Browser-free: the run is passed in.
 */
import type { ModelOutput } from '../manifest.ts';
import { type Prediction, softmax, topK } from './postprocess.ts';
import { normalize } from './preprocess.ts';

/** What classifying needs of a manifest entry (a DemoModel has it, labels in the page's language). */
export interface ClassifierSpec {
  id: string;
  inputName: string;
  /** The manifest's input shape for one image (batch axis 1). */
  inputDims: readonly number[];
  mean: number;
  std: number;
  labels: readonly string[];
  outputs: readonly ModelOutput[];
}

/** Every graph output of one run, copied out of the runtime's tensors. */
export type Outputs = Record<string, { data: Float32Array; dims: readonly number[] }>;
export interface InputTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** Grey pixels (0-255, row-major) to the normalized input of `model`; throws when their count does not fill its shape. */
export function inputTensor(model: ClassifierSpec, pixels: ArrayLike<number>): InputTensor {
  const size = model.inputDims.reduce((a, b) => a * b, 1);
  if (pixels.length !== size) throw new Error(`${model.id}: ${pixels.length} pixels for an input shaped [${model.inputDims.join(',')}]`);
  return { data: normalize(pixels, model.mean, model.std), dims: model.inputDims };
}

/** The output holding the class scores: shaped [N, number of labels]. */
export function logitsOutput(model: Pick<ClassifierSpec, 'id' | 'labels' | 'outputs'>): string {
  const out = model.outputs.find((o) => o.shape.length === 2 && o.shape[1] === model.labels.length);
  if (!out) throw new Error(`${model.id}: no output shaped [N, ${model.labels.length}] in the manifest`);
  return out.name;
}

export interface Classification {
  probabilities: Float32Array;
  /** The `k` most probable classes, most probable first. */
  top: Prediction[];
  top1: number;
  outputs: Outputs;
}

/** One image through `run` (a session of `model`), read back as probabilities and the top `k` classes. */
export async function classify(
  model: ClassifierSpec,
  pixels: ArrayLike<number>,
  run: (input: InputTensor) => Promise<Outputs>,
  k = 5,
): Promise<Classification> {
  const outputs = await run(inputTensor(model, pixels));
  const logits = outputs[logitsOutput(model)];
  if (!logits) throw new Error(`${model.id}: the run returned no "${logitsOutput(model)}" output`);
  const probabilities = softmax(logits.data);
  const top = topK(probabilities, model.labels, k);
  return { probabilities, top, top1: top[0]?.index ?? -1, outputs };
}
