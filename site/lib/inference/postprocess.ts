/** Logits to what a reader sees: probabilities (softmax) and the top classes with names in the page's language. Browser-free. */

/** Numerically stable softmax (subtracts the maximum first). */
export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** Index of the largest value (the first one on ties), -1 for an empty array. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i] > values[best]) best = i;
  return best;
}

export interface Prediction {
  /** Class index in the manifest's label order. */
  index: number;
  label: string;
  probability: number;
}

/** The `k` most probable classes, most probable first (ties keep class order); `labels` come from the manifest. */
export function topK(probabilities: ArrayLike<number>, labels: readonly string[], k = 5): Prediction[] {
  if (labels.length !== probabilities.length) {
    throw new Error(`topK: ${probabilities.length} probabilities but ${labels.length} labels`);
  }
  return Array.from(probabilities, (probability, index) => ({ index, probability, label: labels[index] as string }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, Math.max(0, k));
}

/** The median of a list of numbers (NaN when empty): warm latency is reported as the median, robust to one slow run. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
