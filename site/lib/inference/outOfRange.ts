/**
 * Whether a drawing or an upload looks unlike Fashion-MNIST, by a measure a reader can check: the page's networks
 * disagree on its class. Why not one network's top-1 probability or entropy: each network alone is confidently wrong
 * on scribbles (often ≥ 90 %), while three networks trained apart rarely pick the same wrong class. Measured under
 * onnxruntime-node (tests/unit/outOfRange.test.ts): 0 of the 10 gallery images, 21 of test images 0-255 (8 %; the
 * networks err on 46 % of those against 2.6 % of the rest) and 14 of 20 random scribbles are flagged. Browser-free.
 */

/** One network's answer, as the note lists it. */
export interface NetworkAnswer {
  network: string;
  index: number;
  label: string;
}

/** True when at least two networks name different classes (one network alone never disagrees). */
export function networksDisagree(answers: readonly Pick<NetworkAnswer, 'index'>[]): boolean {
  return new Set(answers.map((a) => a.index)).size > 1;
}

/** "AlexNet: Bag, VGG: Bag, GoogLeNet: Sandal": the answers in the page's language, for the note. */
export function listAnswers(answers: readonly NetworkAnswer[]): string {
  return answers.map((a) => `${a.network}: ${a.label}`).join(', ');
}
