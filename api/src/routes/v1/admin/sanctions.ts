// /v1/admin/sanctions: what sanctions list is in force, and reloading it from the file now. A
// malformed file answers 400 compliance.sanctions_invalid with the bad line numbers and leaves the
// previous list in force. Reloads (and failed attempts) are audited.
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import { ApiError } from "../../../errors.ts";
import { errorRef, security } from "../compliance/schemas.ts";

const Info = Type.Object({
  entries: Type.Integer({ description: "Distinct listed addresses" }),
  loadedAt: Type.String({ format: "date-time" }),
  sha256: Type.String({ description: "Of the file's bytes" }),
});

export async function sanctionsAdminRoutes(app: FastifyInstance) {
  const admin = app.requireRole("admin");

  app.get(
    "/sanctions",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "The sanctions list in force",
        security,
        response: { 200: Info, 401: errorRef, 403: errorRef },
      },
    },
    async () => app.compliance.sanctions.info(),
  );

  app.post(
    "/sanctions/reload",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "Reload the sanctions list from its file (the old list stays if the file is bad)",
        security,
        response: { 200: Info, 400: errorRef, 401: errorRef, 403: errorRef },
      },
    },
    async (request) => {
      const actor = actorOf(request.principal);
      try {
        const { changed, ...info } = await app.compliance.sanctions.reload();
        await app.audit.append({
          kind: "compliance.sanctions_reloaded",
          actor,
          data: { ...info, changed, trigger: "admin" },
        });
        return info;
      } catch (error) {
        if (error instanceof ApiError) {
          await app.audit.append({
            kind: "compliance.sanctions_reload_failed",
            actor,
            data: { trigger: "admin", code: error.code, error: error.message, ...error.details },
          });
        }
        throw error;
      }
    },
  );
}
