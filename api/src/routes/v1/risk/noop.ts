// Benchmark ceilings (only with API_BENCH_ROUTES=true, hidden from OpenAPI): the score route's
// exact schema, authentication and validation with a fixed answer and no model run.
// POST /v1/risk/noop answers at once; POST /v1/risk/noop/deferred answers one setImmediate
// later, as /score does when it waits for its micro-batch. Deferring alone changes throughput
// (responses of one loop turn are written together), so the deferred one isolates the model.
import type { FastifyInstance } from "fastify";
import type { TObject, TSchema } from "typebox";
import type { RiskFeatures } from "../../../risk/types.ts";
import { errorResponses, scoreSchemas } from "./schemas.ts";
import { assertMayScoreSession } from "./sessionAccess.ts";

type ScoreBody = { features: RiskFeatures; sessionId?: string };

export function registerNoopRoutes(
  app: FastifyInstance,
  features: TObject<Record<string, TSchema>>,
) {
  const { body, response } = scoreSchemas(features);
  const answer = () => ({ score: 0, band: "low" as const, model: app.risk.version, reasons: [] });
  const options = {
    schema: { hide: true, body, response: { 200: response, ...errorResponses } },
    preHandler: app.authenticate,
  };
  app.post<{ Body: ScoreBody }>("/noop", options, async (request) => {
    const { sessionId } = request.body;
    if (sessionId !== undefined) assertMayScoreSession(request.principal, sessionId);
    return answer();
  });
  app.post<{ Body: ScoreBody }>("/noop/deferred", options, async (request) => {
    const { sessionId } = request.body;
    if (sessionId !== undefined) assertMayScoreSession(request.principal, sessionId);
    await new Promise((resolve) => setImmediate(resolve));
    return answer();
  });
}
