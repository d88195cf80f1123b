// POST /v1/auth/logout: ends the calling session (its token stops working at once).
import type { FastifyInstance } from "fastify";
import { endSession } from "../../../auth/sessionLifecycle.ts";
import { actorOf } from "../../../auth/types.ts";
import { forbidden } from "../../../errors.ts";

const error = { $ref: "Error#" };

export async function logoutRoutes(app: FastifyInstance) {
  app.post(
    "/logout",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["auth"],
        summary: "Terminate the current session",
        security: [{ session: [] }],
        response: { 204: { type: "null" }, 401: error, 403: error },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      if (principal.kind !== "session") {
        throw forbidden("auth.session_required", "Only a session can log out");
      }
      await endSession(app, principal.sessionId, "terminated", "logout", actorOf(principal));
      return reply.code(204).send();
    },
  );
}
