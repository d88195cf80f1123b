// /v1/compliance: the compliance check, the decisions it stored, and the records and reports.
import type { FastifyInstance } from "fastify";
import { loadFeatureFile } from "../../../risk/featureSpec.ts";
import { checkRoute } from "./check.ts";
import { decisionRoutes } from "./decisions.ts";
import { filingRoutes } from "./filings.ts";

export async function complianceRoutes(app: FastifyInstance) {
  const { features } = await loadFeatureFile(app.config.featuresPath);
  await checkRoute(app, features);
  await decisionRoutes(app);
  await filingRoutes(app);
}
