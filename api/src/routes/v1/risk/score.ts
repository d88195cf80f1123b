// POST /v1/risk/score: one feature row → score, band, reasons and the model version; with a
// sessionId the score is also folded into that session's EMA (which may change its status).
import type { FastifyInstance } from "fastify";
import type { TObject, TSchema } from "typebox";
import type { RiskFeatures } from "../../../risk/types.ts";
import { errorResponses, scoreSchemas, security } from "./schemas.ts";
import { assertMayScoreSession, scoreIntoSession } from "./sessionAccess.ts";

type ScoreBody = { features: RiskFeatures; sessionId?: string };

export function registerScoreRoute(
  app: FastifyInstance,
  features: TObject<Record<string, TSchema>>,
) {
  const { body, response } = scoreSchemas(features);
  app.post<{ Body: ScoreBody }>(
    "/score",
    {
      schema: {
        tags: ["risk"],
        summary: "Score one subject (optionally folding the score into a session)",
        security,
        body,
        response: {
          200: response,
          ...errorResponses,
          403: { $ref: "Error#" },
          404: { $ref: "Error#" },
        },
      },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { features: row, sessionId } = request.body;
      if (sessionId !== undefined) assertMayScoreSession(request.principal, sessionId);
      const result = await app.risk.score(row);
      app.riskMetrics.countBand(result.band);
      if (sessionId === undefined) return result;
      return { ...result, session: await scoreIntoSession(app, sessionId, result) };
    },
  );
}
