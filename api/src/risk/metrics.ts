// Prometheus metrics of the risk model: run duration and rows per run (how well micro-batching
// works), and scores by band (the shape of the traffic the model sees).
import { Counter, Histogram, type Registry } from "prom-client";
import { riskBands } from "./bands.ts";
import type { RiskBand } from "./types.ts";

export type RiskMetrics = {
  /** Records one model run (the scorer's onRun). */
  observeRun(rows: number, seconds: number, error: unknown): void;
  countBand(band: RiskBand, count?: number): void;
};

export function createRiskMetrics(registry: Registry): RiskMetrics {
  const runDuration = new Histogram({
    name: "risk_model_run_duration_seconds",
    help: "Wall time of one ONNX model run (one micro-batch), by outcome",
    labelNames: ["outcome"] as const,
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [registry],
  });
  const batchRows = new Histogram({
    name: "risk_model_batch_rows",
    help: "Rows scored per ONNX model run (micro-batch size)",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers: [registry],
  });
  const scores = new Counter({
    name: "risk_scores_total",
    help: "Rows scored through the API, by band",
    labelNames: ["band"] as const,
    registers: [registry],
  });
  // Children resolved once: label lookups are not free on the hot path.
  const ok = runDuration.labels("ok");
  const failed = runDuration.labels("error");
  const byBand = Object.fromEntries(riskBands.map((band) => [band, scores.labels(band)]));
  for (const band of riskBands) byBand[band]?.inc(0);
  return {
    observeRun(rows, seconds, error) {
      (error ? failed : ok).observe(seconds);
      batchRows.observe(rows);
    },
    countBand(band, count = 1) {
      byBand[band]?.inc(count);
    },
  };
}
