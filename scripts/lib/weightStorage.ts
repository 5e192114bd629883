/**
 * The rule that picks how a shipped model stores its weights, shared by the manifest builder (which applies it) and
 * the model tests (which hold the shipped file to it): the smallest stored form that answers like the float32 network.
 */
import type { WeightCandidate, WeightStorage } from '../../site/lib/manifest.ts';

/** The forms scripts/models/compact.py writes beside the exported float32 file, largest first. */
export const WEIGHT_STORAGES: readonly WeightStorage[] = ['float32', 'float16', 'int8'];

/** A compact form's test accuracy must stay this close (percentage points, either way) to the float32 network's. */
export const ACCURACY_TOLERANCE_PP = 0.1;

/**
 * Largest |logit − PyTorch's logit| on the reference images that each form may show. float32: the export itself
 * (onnxruntime vs PyTorch arithmetic). float16: 11-bit mantissas, measured ≤ 0.007 on these nets. int8 (per-channel
 * scales): a weight moves by up to half a step, peak/254; measured ≤ 0.16 on logits of magnitude ~10-25.
 */
export const LOGIT_TOLERANCE: Record<WeightStorage, number> = { float32: 1e-4, float16: 0.02, int8: 0.25 };

/** Why `candidate` may not ship instead of the float32 network, or null when it may. */
export function disqualification(candidate: WeightCandidate, float32: WeightCandidate): string | null {
  const movedPp = (candidate.accuracy - float32.accuracy) * 100;
  if (Math.abs(movedPp) > ACCURACY_TOLERANCE_PP + 1e-9) {
    return `test accuracy moves by ${movedPp.toFixed(2)} pp (more than ${ACCURACY_TOLERANCE_PP})`;
  }
  if (candidate.top1Disagreements > 0) return `${candidate.top1Disagreements} reference images change their top-1 class`;
  const limit = LOGIT_TOLERANCE[candidate.storage];
  if (candidate.maxLogitDifference > limit) return `logits move by ${candidate.maxLogitDifference.toFixed(4)} (> ${limit})`;
  return null;
}

/** The smallest candidate that is not disqualified; float32 (which must be in the list) when none is. */
export function chooseStorage(candidates: WeightCandidate[]): WeightCandidate {
  const float32 = candidates.find((c) => c.storage === 'float32');
  if (!float32) throw new Error('weight candidates: the float32 network is missing, so nothing can be compared');
  return candidates.filter((c) => disqualification(c, float32) === null).reduce((a, b) => (b.bytes < a.bytes ? b : a));
}
