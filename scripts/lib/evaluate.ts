/** Runs a shipped ONNX model under onnxruntime-node on the test set: the accuracy the manifest states and the tests recheck. */
import * as ort from 'onnxruntime-node';
import type { TestSet } from '../../site/lib/build/fashionMnist.ts';
// The one normalization, shared with the browser demos.
import { argmax } from '../../site/lib/inference/postprocess.ts';
import { normalize } from '../../site/lib/inference/preprocess.ts';

export interface Evaluation {
  accuracy: number;
  perClassAccuracy: number[];
  confusion: number[][];
  /** Logits of every test image, count x classes, row-major. */
  logits: Float32Array;
}

export async function evaluateModel(
  modelPath: string,
  testSet: TestSet,
  mean: number,
  std: number,
  { count = testSet.count, batch = 500, classes = 10 } = {},
): Promise<Evaluation> {
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 2 });
  const logits = new Float32Array(count * classes);
  const pixels = testSet.side[0] * testSet.side[1];
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  try {
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const input = normalize(testSet.images.subarray(start * pixels, (start + n) * pixels), mean, std);
      const result = await session.run({ input: new ort.Tensor('float32', input, [n, 1, ...testSet.side]) }, ['logits']);
      const out = result.logits.data as Float32Array;
      logits.set(out, start * classes);
      for (let i = 0; i < n; i++) {
        confusion[testSet.labels[start + i]][argmax(out.subarray(i * classes, (i + 1) * classes))] += 1;
      }
    }
  } finally {
    await session.release();
  }
  const correct = confusion.reduce((s, row, i) => s + row[i], 0);
  const perClassAccuracy = confusion.map((row, i) => row[i] / row.reduce((a, b) => a + b, 0));
  return { accuracy: correct / count, perClassAccuracy, confusion, logits };
}
