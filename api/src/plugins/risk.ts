// Loads the ONNX risk model at start-up (a missing or mismatched model stops the app with the
// reason), decorates `app.risk` (micro-batching scorer) and `app.riskMetrics`, and releases the
// shared model session when the app closes.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createRiskMetrics, type RiskMetrics } from "../risk/metrics.ts";
import { loadRiskModel } from "../risk/model.ts";
import { createScorer } from "../risk/scorer.ts";

declare module "fastify" {
  interface FastifyInstance {
    riskMetrics: RiskMetrics;
  }
}

export const riskPlugin = fp(
  async (app: FastifyInstance) => {
    const { modelPath, featuresPath, riskMaxBatchRows, riskFlush } = app.config;
    const model = await loadRiskModel(modelPath, featuresPath);
    const metrics = createRiskMetrics(app.metrics.registry);
    const scorer = createScorer(model, {
      maxRows: riskMaxBatchRows,
      flush: riskFlush,
      onRun: metrics.observeRun,
    });
    app.decorate("risk", scorer);
    app.decorate("riskMetrics", metrics);
    app.addHook("onClose", () => scorer.close());
    app.log.info({ model: model.version, features: model.names.length }, "risk model loaded");
  },
  { name: "risk", dependencies: ["config", "metrics"] },
);
