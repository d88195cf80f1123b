// /v1/risk routes: score one row, score a batch, and (benchmark builds only) the no-model ceiling.
// Request schemas are generated from the loaded model's features.json.
import type { FastifyInstance } from "fastify";
import { featureSchema } from "../../../risk/featureSchema.ts";
import { registerBatchRoute } from "./batch.ts";
import { registerNoopRoutes } from "./noop.ts";
import { registerScoreRoute } from "./score.ts";

export async function riskRoutes(app: FastifyInstance) {
  const features = featureSchema(app.risk.features);
  registerScoreRoute(app, features);
  registerBatchRoute(app, features);
  if (app.config.benchRoutes) registerNoopRoutes(app, features);
}
