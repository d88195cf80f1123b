// Folding a score into a session: who may name which session, and the per-session EMA update
// (auth/sessionRisk.ts owns the session row; this maps its errors to the risk routes' codes).
import type { FastifyInstance } from "fastify";
import { applySessionScore } from "../../../auth/sessionRisk.ts";
import type { Principal } from "../../../auth/types.ts";
import { ApiError, forbidden, notFound } from "../../../errors.ts";
import type { RiskResult } from "../../../risk/types.ts";

/** 403 risk.session_forbidden unless a service, or the session principal naming itself. */
export function assertMayScoreSession(principal: Principal | null, sessionId: string): void {
  if (principal?.kind === "session" && principal.sessionId === sessionId) return;
  if (principal?.kind === "apiKey" && principal.roles.includes("service")) return;
  throw forbidden(
    "risk.session_forbidden",
    "Only a service, or the session itself, may fold scores into a session",
  );
}

export async function scoreIntoSession(
  app: FastifyInstance,
  sessionId: string,
  result: RiskResult,
) {
  try {
    const outcome = await applySessionScore(app, sessionId, result);
    return { id: sessionId, ema: outcome.ema, band: outcome.band, status: outcome.status };
  } catch (error) {
    if (error instanceof ApiError && error.statusCode === 404) {
      throw notFound("risk.session_not_found", "No such session", { details: { sessionId } });
    }
    throw error;
  }
}
