// POST /v1/auth/challenge and /v1/auth/challenge/verify: the step-up a session must pass once its
// risk reaches 0.6. The nonce is bound to the session; the message must come from its address.
import { and, eq, inArray } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { consumeNonce, issueNonce } from "../../../auth/nonces.ts";
import { liveStatuses } from "../../../auth/sessionLifecycle.ts";
import { sessionChangedEvent, sessionView } from "../../../auth/sessionView.ts";
import { verifySiwe } from "../../../auth/siwe.ts";
import type { SessionPrincipal } from "../../../auth/types.ts";
import { sessions } from "../../../db/schema/index.ts";
import { forbidden, unauthorized } from "../../../errors.ts";
import { SessionSchema } from "../sessions/schemas.ts";
import { NonceResponse, nonceResponse, SignedMessageBody } from "./schemas.ts";

const error = { $ref: "Error#" };

function sessionOf(request: FastifyRequest): SessionPrincipal {
  const principal = request.principal!;
  if (principal.kind !== "session") {
    throw forbidden("auth.session_required", "Challenges are for signed-in sessions");
  }
  return principal;
}

export async function challengeRoutes(app: FastifyInstance) {
  app.post(
    "/challenge",
    {
      onRequest: app.nonceRateLimit,
      preHandler: app.authenticate,
      schema: {
        tags: ["auth"],
        summary: "Issue a nonce for a step-up SIWE challenge bound to the current session",
        description: "Counts against the per-IP nonce budget of POST /v1/auth/nonce (429).",
        security: [{ session: [] }],
        response: { 200: NonceResponse, 401: error, 403: error, 429: error },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      return nonceResponse(await issueNonce(app, `challenge:${session.sessionId}`), app.config);
    },
  );

  app.post(
    "/challenge/verify",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["auth"],
        summary: "Pass the challenge: the session becomes active again",
        description:
          "Same checks and codes as /v1/auth/verify, plus auth.address_mismatch (401) when the " +
          "message is not signed by the session's address.",
        security: [{ session: [] }],
        body: SignedMessageBody,
        response: { 200: SessionSchema, 400: error, 401: error, 403: error, 503: error },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const purpose = `challenge:${session.sessionId}`;
      const body = request.body as { message: string; signature: `0x${string}` };
      const siwe = await verifySiwe(app, body, purpose, session.address);
      const now = app.clock.now();
      const row = await app.db.transaction(async (tx) => {
        await consumeNonce(tx, siwe.nonce, purpose, now);
        const [updated] = await tx
          .update(sessions)
          .set({ status: "active", challengePassedAt: now })
          .where(and(eq(sessions.id, session.sessionId), inArray(sessions.status, liveStatuses)))
          .returning();
        // Blocked or ended while the challenge was being signed.
        if (!updated) throw unauthorized("auth.session_invalid", "Session is no longer live");
        await app.audit.append(
          {
            kind: "session.challenge_passed",
            actor: session.address,
            subject: session.address,
            data: { sessionId: session.sessionId, from: session.status, signer: siwe.signer },
          },
          tx,
        );
        return updated;
      });
      await app.events.publish(sessionChangedEvent(row, now));
      return sessionView(row, row.id);
    },
  );
}
