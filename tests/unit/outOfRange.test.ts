/**
 * The out-of-range measure (the networks disagree) on real model outputs under onnxruntime-node: the gallery's test
 * images do not trigger the note, the test images that do are the ones the networks get wrong more often, and
 * drawings made the way the canvas makes them (thick white strokes, then the page's preprocessing) mostly do.
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoModel, galleryBinary, readManifest } from '../../site/lib/build/demoFiles.ts';
import { loadTestSet } from '../../site/lib/build/fashionMnist.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';
import { classify, type Outputs } from '../../site/lib/inference/classify.ts';
import { listAnswers, type NetworkAnswer, networksDisagree } from '../../site/lib/inference/outOfRange.ts';
import { PIXELS, prepareRgba } from '../../site/lib/inference/preprocess.ts';
import { MODEL_IDS } from '../../site/lib/manifest.ts';

const manifest = readManifest();
const testSet = loadTestSet();
const image = (index: number) => testSet.images.subarray(index * PIXELS, (index + 1) * PIXELS);
const sessions: ort.InferenceSession[] = [];
let answer: (pixels: Uint8Array) => Promise<NetworkAnswer[]>;

beforeAll(async () => {
  const models = MODEL_IDS.map((id) => demoModel(manifest, id, 'en'));
  for (const id of MODEL_IDS)
    sessions.push(await ort.InferenceSession.create(path.join(REPO_ROOT, 'models-onnx', manifest.models[id].file)));
  answer = (pixels) =>
    Promise.all(
      models.map(async (model, i) => {
        const session = sessions[i] as ort.InferenceSession;
        const { top } = await classify(model, pixels, async (input): Promise<Outputs> => {
          const out = await session.run({ [model.inputName]: new ort.Tensor('float32', input.data, input.dims) });
          return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]));
        });
        return { network: model.title, index: top[0]?.index ?? -1, label: top[0]?.label ?? '' };
      }),
    );
}, 60_000);

afterAll(async () => {
  for (const s of sessions) await s.release();
});

/** The drawing canvas's picture: 140x140 black, a round white stroke DRAW_SIDE/14 wide through `points`, as RGBA. */
function drawing(points: [number, number][]): Uint8Array {
  const side = 140;
  const half = side / 14 / 2;
  const rgba = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const lit = points.slice(1).some(([bx, by], i) => {
        const [ax, ay] = points[i] as [number, number];
        const [dx, dy] = [bx - ax, by - ay];
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
        return (ax + t * dx - x) ** 2 + (ay + t * dy - y) ** 2 <= half * half;
      });
      rgba.set(lit ? [255, 255, 255, 255] : [0, 0, 0, 255], (y * side + x) * 4);
    }
  }
  return prepareRgba(rgba, side, side).pixels;
}

/** A ring of radius 45 around the canvas centre: the drawing tests/e2e/pageInput.test.ts draws. */
const CIRCLE: [number, number][] = Array.from({ length: 25 }, (_, i) => [
  70 + 45 * Math.cos((i / 24) * 2 * Math.PI),
  70 + 45 * Math.sin((i / 24) * 2 * Math.PI),
]);

describe('out-of-range inputs: the networks disagree', () => {
  it('no gallery image triggers the note', async () => {
    const { samples } = galleryBinary();
    const flagged = [];
    for (const s of samples) if (networksDisagree(await answer(image(s.index)))) flagged.push(s.index);
    console.log(`gallery: ${flagged.length} of ${samples.length} samples trigger the out-of-range note`);
    expect(flagged).toEqual([]);
  });

  it('on the test images, few trigger it, and those are the ones the networks get wrong more often', async () => {
    const count = 256;
    let flagged = 0;
    let wrongFlagged = 0;
    let wrongOthers = 0;
    for (let index = 0; index < count; index++) {
      const answers = await answer(image(index));
      const wrong = answers.filter((a) => a.index !== testSet.labels[index]).length;
      if (networksDisagree(answers)) {
        flagged++;
        wrongFlagged += wrong;
      } else wrongOthers += wrong;
    }
    const errorFlagged = wrongFlagged / (3 * flagged);
    const errorOthers = wrongOthers / (3 * (count - flagged));
    console.log(
      `test images 0-${count - 1}: ${flagged} flagged (${((100 * flagged) / count).toFixed(1)} %), network error ${(100 * errorFlagged).toFixed(0)} % on them vs ${(100 * errorOthers).toFixed(1)} % on the rest`,
    );
    expect(flagged / count).toBeLessThan(0.15);
    expect(errorFlagged).toBeGreaterThan(5 * errorOthers);
  });

  it('most scribbles trigger it (a seeded set of random strokes), and the note lists each network’s answer', async () => {
    // Scribbles of 2 to 6 points anywhere on the canvas, from a fixed linear congruential sequence: not hand-picked shapes.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const scribbles = Array.from({ length: 20 }, () =>
      Array.from({ length: 2 + Math.floor(next() * 5) }, (): [number, number] => [15 + next() * 110, 15 + next() * 110]),
    );
    let flagged = 0;
    for (const points of scribbles) if (networksDisagree(await answer(drawing(points)))) flagged++;
    const circle = await answer(drawing(CIRCLE));
    console.log(`scribbles: ${flagged} of ${scribbles.length} trigger the note; a circle: ${listAnswers(circle)}`);
    expect(flagged).toBeGreaterThanOrEqual(scribbles.length / 2);
    expect(networksDisagree(circle)).toBe(true);
    expect(listAnswers(circle)).toMatch(/^AlexNet: \S.*, VGG: \S.*, GoogLeNet: \S.*$/);
  });
});
