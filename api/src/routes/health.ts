// Liveness (/health: the process answers) and readiness (/ready: the database answers and the
// risk model is loaded), for orchestrators and `npm run dev`.
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";

const Status = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

export async function healthRoutes(app: FastifyInstance) {
  app.get(
    "/health",
    { schema: { tags: ["ops"], response: { 200: Status } }, config: { rateLimit: false } },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/ready",
    {
      schema: { tags: ["ops"], response: { 200: Status, 503: Status } },
      config: { rateLimit: false },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      try {
        await app.database.ping();
        checks.database = "ok";
      } catch (error) {
        checks.database = (error as Error).message;
      }
      checks.model = app.risk?.version ? "ok" : "not loaded";
      const ready = Object.values(checks).every((value) => value === "ok");
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ok" : "unavailable", checks });
    },
  );
}
