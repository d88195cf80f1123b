// Score → band. Boundaries are inclusive at the bottom: low < 0.3 <= medium < 0.6 <= high
// < 0.85 <= critical. 0.6 matches the session challenge threshold in auth/sessionRisk.ts.
import type { RiskBand } from "./types.ts";

export const bandThresholds = { medium: 0.3, high: 0.6, critical: 0.85 } as const;

export const riskBands: readonly RiskBand[] = ["low", "medium", "high", "critical"];

export function bandOf(score: number): RiskBand {
  if (score >= bandThresholds.critical) return "critical";
  if (score >= bandThresholds.high) return "high";
  if (score >= bandThresholds.medium) return "medium";
  return "low";
}
