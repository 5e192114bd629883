/**
 * Build-time facts about each shipped network for the "About the models" section: per-class accuracy, the confusion
 * matrix and the training curves from models-onnx/manifest.json, and misclassified test images found by comparing
 * the committed reference logits (test images 0–255) with the test set's labels. Nothing here is typed by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { argmax, softmax } from '../inference/postprocess.ts';
import { type Manifest, MODEL_IDS, type ModelId } from '../manifest.ts';
import { loadTestSet } from './fashionMnist.ts';
import { greyscalePng } from './png.ts';
import { REPO_ROOT } from './repoRoot.ts';

const SIDE = 28;

export interface Mistake {
  /** Index in the 10k test set. */
  index: number;
  truth: number;
  predicted: number;
  /** Softmax probability of the predicted class. */
  probability: number;
  /** The 28x28 image as a PNG `data:` URL. */
  image: string;
}

export interface ModelFacts {
  id: ModelId;
  title: string;
  accuracy: number;
  parameters: number;
  macs: number;
  epochs: number;
  trainingSeconds: number;
  perClassAccuracy: number[];
  /** confusion[true][predicted] over the full test set. */
  confusion: number[][];
  curves: { epoch: number; train: number; test: number }[];
  /** How many of the reference images the network gets wrong, and the first few of them. */
  mistakesCount: number;
  referenceImages: number;
  mistakes: Mistake[];
}

interface ReferenceLogits {
  model: string;
  images: string;
  logits: number[][];
}

/** The first and the one-past-last test index of a reference file's `images` field ("t10k[0:256]"). */
function referenceRange(file: string, images: string): [number, number] {
  const match = /^t10k\[(\d+):(\d+)\]$/.exec(images);
  if (!match) throw new Error(`${file}: field "images" must look like "t10k[0:256]", got "${images}"`);
  return [Number(match[1]), Number(match[2])];
}

/** Facts for every network of the manifest, `shown` misclassified images each. */
export function modelFacts(manifest: Manifest, shown = 4): ModelFacts[] {
  const testSet = loadTestSet();
  return MODEL_IDS.map((id) => {
    const entry = manifest.models[id];
    const file = `models-onnx/reference/${id}.logits.json`;
    const reference = JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')) as ReferenceLogits;
    const [from, to] = referenceRange(file, reference.images);
    if (reference.logits.length !== to - from) throw new Error(`${file}: ${reference.logits.length} logit rows for ${reference.images}`);
    const wrong: Omit<Mistake, 'image'>[] = [];
    reference.logits.forEach((logits, row) => {
      const index = from + row;
      const truth = testSet.labels[index] as number;
      const probabilities = softmax(logits);
      const predicted = argmax(probabilities);
      const probability = probabilities[predicted] as number;
      if (predicted !== truth) wrong.push({ index, truth, predicted, probability });
    });
    const mistakes = wrong.slice(0, shown).map((m) => {
      const pixels = testSet.images.subarray(m.index * SIDE * SIDE, (m.index + 1) * SIDE * SIDE);
      return { ...m, image: `data:image/png;base64,${greyscalePng(pixels, SIDE, SIDE).toString('base64')}` };
    });
    return {
      id,
      title: entry.title,
      accuracy: entry.accuracy,
      parameters: entry.parameters,
      macs: entry.macs,
      epochs: entry.training.epochs,
      trainingSeconds: entry.training.seconds,
      perClassAccuracy: entry.perClassAccuracy,
      confusion: entry.confusion,
      curves: entry.training.curves.map((c) => ({ epoch: c.epoch, train: c.train_accuracy, test: c.test_accuracy })),
      mistakesCount: wrong.length,
      referenceImages: to - from,
      mistakes,
    };
  });
}
