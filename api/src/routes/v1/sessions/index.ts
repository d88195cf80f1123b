// /v1/sessions: the caller's sessions, the current one, its device signals (which rescore it),
// and ending a session (own sessions; admins any).
import { and, desc, eq } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { endSession } from "../../../auth/sessionLifecycle.ts";
import { rescoreSession } from "../../../auth/sessionRisk.ts";
import { sessionView } from "../../../auth/sessionView.ts";
import { actorOf, type SessionPrincipal } from "../../../auth/types.ts";
import { sessions } from "../../../db/schema/index.ts";
import { forbidden, notFound } from "../../../errors.ts";
import { loadFeatureFile } from "../../../risk/featureSpec.ts";
import { SessionSchema, signalsSchema } from "./schemas.ts";

const error = { $ref: "Error#" };
const listLimit = 100;

function sessionOf(request: FastifyRequest): SessionPrincipal {
  const principal = request.principal!;
  if (principal.kind !== "session") {
    throw forbidden("auth.session_required", "This route is for signed-in sessions");
  }
  return principal;
}

export async function sessionsRoutes(app: FastifyInstance) {
  const { features } = await loadFeatureFile(app.config.featuresPath);

  async function currentRow(request: FastifyRequest) {
    const { sessionId } = sessionOf(request);
    const [row] = await app.db.select().from(sessions).where(eq(sessions.id, sessionId));
    if (!row) throw notFound("sessions.not_found", "No such session");
    return row;
  }

  app.get(
    "/",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["sessions"],
        summary: `The caller's sessions, newest first (at most ${listLimit})`,
        security: [{ session: [] }],
        response: {
          200: Type.Object({ sessions: Type.Array(SessionSchema) }),
          401: error,
          403: error,
        },
      },
    },
    async (request) => {
      const { address, sessionId } = sessionOf(request);
      const rows = await app.db
        .select()
        .from(sessions)
        .where(eq(sessions.address, address))
        .orderBy(desc(sessions.createdAt))
        .limit(listLimit);
      return { sessions: rows.map((row) => sessionView(row, sessionId)) };
    },
  );

  app.get(
    "/current",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["sessions"],
        summary: "The session making the request, with its risk",
        security: [{ session: [] }],
        response: { 200: SessionSchema, 401: error, 403: error },
      },
    },
    async (request) => sessionView(await currentRow(request), sessionOf(request).sessionId),
  );

  app.post(
    "/current/signals",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["sessions"],
        summary: "Report device signals; merged into the session's and rescored at once",
        description:
          "Booleans are 0/1, integers whole, each within its feature's range (ml/features.json). " +
          "The answer may carry status challenge_required (403 on sensitive routes until " +
          "POST /v1/auth/challenge/verify) or blocked (403 auth.session_blocked from then on).",
        security: [{ session: [] }],
        body: signalsSchema(features),
        response: { 200: SessionSchema, 400: error, 401: error, 403: error },
      },
    },
    async (request) => {
      const row = await currentRow(request);
      const signals = { ...row.signals, ...(request.body as Record<string, number>) };
      const [updated] = await app.db
        .update(sessions)
        .set({ signals })
        .where(eq(sessions.id, row.id))
        .returning();
      const rescored = await rescoreSession(app, updated!);
      return sessionView(rescored, row.id);
    },
  );

  app.delete(
    "/:id",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["sessions"],
        summary: "Terminate a session: your own, or any session for admins",
        description: "Ending a session that already ended changes nothing (still 204).",
        security: [{ session: [] }, { apiKey: [] }],
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 204: { type: "null" }, 400: error, 401: error, 403: error, 404: error },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const { id } = request.params as { id: string };
      const isAdmin = principal.roles.includes("admin");
      const owner = principal.kind === "session" ? principal.address : null;
      const [row] = await app.db
        .select({ id: sessions.id })
        .from(sessions)
        .where(
          isAdmin
            ? eq(sessions.id, id)
            : and(eq(sessions.id, id), eq(sessions.address, owner ?? "")),
        );
      // Someone else's session is reported as missing: its existence is not the caller's business.
      if (!row) throw notFound("sessions.not_found", "No such session");
      await endSession(
        app,
        id,
        "terminated",
        principal.kind === "session" && principal.sessionId === id ? "logout" : "revoked",
        actorOf(principal),
      );
      return reply.code(204).send();
    },
  );
}
