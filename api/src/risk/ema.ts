// Per-session exponential moving average of risk scores, so one noisy score does not flip a
// session's band while a sustained change still shows within a few requests.

/** Weight of the newest score: 0.5 halves the influence of history on every update. */
export const emaAlpha = 0.5;

/** Next EMA value; the first score of a session (prev === null) is taken as-is. */
export function updateEma(prev: number | null, score: number, alpha = emaAlpha): number {
  if (prev === null) return score;
  return alpha * score + (1 - alpha) * prev;
}
