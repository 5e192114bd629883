/** The one classify path, run for real under onnxruntime-node on the shipped models: it agrees with PyTorch's reference logits. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { demoModel, readManifest } from '../../site/lib/build/demoFiles.ts';
import { loadTestSet } from '../../site/lib/build/fashionMnist.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';
import { classify, inputTensor, logitsOutput, type Outputs } from '../../site/lib/inference/classify.ts';
import { argmax, softmax } from '../../site/lib/inference/postprocess.ts';
import { MODEL_IDS } from '../../site/lib/manifest.ts';

const manifest = readManifest();
const testSet = loadTestSet();
const [height, width] = testSet.side;
const image = (index: number) => testSet.images.subarray(index * height * width, (index + 1) * height * width);

describe('classify', () => {
  for (const id of MODEL_IDS) {
    it(`${id}: pixels → manifest-shaped tensor → onnxruntime → the reference top-1 and probabilities`, async () => {
      const model = demoModel(manifest, id, 'en');
      const reference = JSON.parse(readFileSync(path.join(REPO_ROOT, 'models-onnx', 'reference', `${id}.logits.json`), 'utf8')) as {
        logits: number[][];
      };
      const session = await ort.InferenceSession.create(path.join(REPO_ROOT, 'models-onnx', manifest.models[id].file));
      try {
        const run = async (input: { data: Float32Array; dims: readonly number[] }): Promise<Outputs> => {
          const out = await session.run({ [model.inputName]: new ort.Tensor('float32', input.data, input.dims) });
          return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]));
        };
        for (const index of [0, 1, 2]) {
          const result = await classify(model, image(index), run, 3);
          const expected = reference.logits[index] as number[];
          expect(result.top1).toBe(argmax(expected));
          expect(result.top.map((p) => p.label)[0]).toBe(model.labels[argmax(expected)]);
          expect(result.top).toHaveLength(3);
          const probabilities = softmax(expected);
          for (const [c, p] of probabilities.entries()) expect(Math.abs((result.probabilities[c] ?? 0) - p)).toBeLessThan(1e-4);
          expect(result.outputs[logitsOutput(model)]?.dims).toEqual([1, model.labels.length]);
        }
      } finally {
        await session.release();
      }
    });
  }

  it('refuses pixels that do not fill the manifest input shape, naming the model and the shape', () => {
    const model = demoModel(manifest, 'alexnet', 'en');
    expect(model.inputDims).toEqual(manifest.models.alexnet.input.shape.map((d) => (d === 'N' ? 1 : d)));
    expect(() => inputTensor(model, new Uint8Array(10))).toThrow(/alexnet: 10 pixels for an input shaped \[1,1,/);
    expect(inputTensor(model, image(0)).dims).toEqual(model.inputDims);
  });
});
