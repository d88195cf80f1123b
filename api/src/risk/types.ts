// The risk model's contract, shared by the score routes, session rescoring and compliance.
// Feature names and order are defined by ml/features.json (the model's own description).

export type RiskBand = "low" | "medium" | "high" | "critical";

/** Raw feature values by name (ml/features.json), e.g. { rootedDevice: 1, proxyHops: 3, ... }. */
export type RiskFeatures = Record<string, number>;

export type RiskReason = {
  feature: string;
  value: number;
  /** How much this feature raised the score (occlusion against its benign baseline). */
  contribution: number;
};

export type RiskResult = {
  score: number;
  band: RiskBand;
  /** The model's version string (from the ONNX metadata). */
  model: string;
  reasons: RiskReason[];
};

export type RiskScorer = {
  readonly version: string;
  /** Feature descriptions in model input order. */
  readonly features: readonly {
    name: string;
    type: string;
    min: number;
    max: number;
    baseline: number;
    description?: string;
  }[];
  /** Scores one subject; calls made in the same event-loop turn share one model run. */
  score(features: RiskFeatures): Promise<RiskResult>;
  scoreBatch(rows: RiskFeatures[]): Promise<RiskResult[]>;
  close(): Promise<void>;
};
