// The "why" of a score. The graph computes occlusion attribution in the same run as the score:
// for each feature it scores the row once more with that one feature replaced by its benign
// baseline (median of the benign training class, features.json) and reports
// contribution = score(x) - score(x with feature at baseline). Positive = the feature raised risk.
import type { RiskFeatures, RiskReason } from "./types.ts";

/**
 * Contributions below one percentage point of probability are noise for a reader (and the
 * baseline itself contributes exactly 0), so they are not reported.
 */
export const reasonThreshold = 0.01;
export const maxReasons = 3;

/**
 * The features that raised the score most: contribution >= reasonThreshold, largest first
 * (ties keep model input order), at most maxReasons. When none reaches the threshold but some
 * raised the score at all, those are reported instead: a saturated score (many signals at once,
 * score ~0.999) moves little when any single feature is reset, and the riskiest subjects must
 * still be explained. `contributions` holds the row's contributions in features.json order from
 * `offset`; values are the caller's own (not the float32 the model saw).
 */
export function selectReasons(
  names: readonly string[],
  features: RiskFeatures,
  contributions: ArrayLike<number>,
  offset = 0,
): RiskReason[] {
  const picked = pick(names, features, contributions, offset, reasonThreshold);
  return picked.length > 0
    ? picked
    : pick(names, features, contributions, offset, Number.MIN_VALUE);
}

function pick(
  names: readonly string[],
  features: RiskFeatures,
  contributions: ArrayLike<number>,
  offset: number,
  threshold: number,
): RiskReason[] {
  const picked: RiskReason[] = [];
  for (let index = 0; index < names.length; index++) {
    const contribution = contributions[offset + index] as number;
    if (!(contribution >= threshold)) continue;
    const feature = names[index] as string;
    const reason = { feature, value: features[feature] as number, contribution };
    // Insertion into a list of at most maxReasons: cheaper than sort() on the hot path.
    let at = picked.length;
    while (at > 0 && (picked[at - 1] as RiskReason).contribution < contribution) at--;
    if (at < maxReasons) {
      picked.splice(at, 0, reason);
      if (picked.length > maxReasons) picked.pop();
    }
  }
  return picked;
}
