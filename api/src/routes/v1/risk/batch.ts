// POST /v1/risk/score/batch: up to 1000 rows in one request, scored in as few model runs as the
// scorer's row bound allows; results in request order, each echoing its optional id.
import type { FastifyInstance } from "fastify";
import type { TObject, TSchema } from "typebox";
import type { RiskFeatures } from "../../../risk/types.ts";
import { batchSchemas, errorResponses, security } from "./schemas.ts";

type BatchBody = { items: { id?: string; features: RiskFeatures }[] };

export function registerBatchRoute(
  app: FastifyInstance,
  features: TObject<Record<string, TSchema>>,
) {
  const { body, response } = batchSchemas(features);
  app.post<{ Body: BatchBody }>(
    "/score/batch",
    {
      schema: {
        tags: ["risk"],
        summary: "Score up to 1000 subjects in one request",
        security,
        body,
        response: { 200: response, ...errorResponses },
      },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { items } = request.body;
      const scored = await app.risk.scoreBatch(items.map((item) => item.features));
      const results = scored.map(({ score, band, reasons }, index) => {
        app.riskMetrics.countBand(band);
        const id = items[index]?.id;
        return id === undefined ? { score, band, reasons } : { id, score, band, reasons };
      });
      return { model: app.risk.version, results };
    },
  );
}
