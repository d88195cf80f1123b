// /v1/compliance: the compliance check and the decisions it stored.
import type { FastifyInstance } from "fastify";
import { loadFeatureFile } from "../../../risk/featureSpec.ts";
import { checkRoute } from "./check.ts";
import { decisionRoutes } from "./decisions.ts";

export async function complianceRoutes(app: FastifyInstance) {
  const { features } = await loadFeatureFile(app.config.featuresPath);
  await checkRoute(app, features);
  await decisionRoutes(app);
}
