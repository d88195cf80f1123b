// /v1/audit: the hash-chained audit log, for admins: verify the chain, export it as JSONL.
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";

const errors = { 401: { $ref: "Error#" }, 403: { $ref: "Error#" } };
const pageSize = 500;

export async function auditRoutes(app: FastifyInstance) {
  app.get(
    "/verify",
    {
      preHandler: app.requireRole("admin"),
      schema: {
        tags: ["audit"],
        summary: "Recompute the hash chain and report the first row that does not verify",
        security: [{ session: [] }],
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            rows: Type.Integer(),
            head: Type.Optional(Type.String()),
            brokenAt: Type.Optional(Type.Integer()),
            reason: Type.Optional(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async () => app.audit.verify(),
  );

  app.get(
    "/export",
    {
      preHandler: app.requireRole("admin"),
      schema: {
        tags: ["audit"],
        summary: "Every audit row in order as JSON Lines (application/x-ndjson), with its hashes",
        security: [{ session: [] }],
        querystring: Type.Object(
          {
            // A query string is text: digits only, so "1e3", "-1" or "0x10" are refused with a 400.
            afterSeq: Type.Optional(
              Type.String({
                pattern: "^[0-9]{1,15}$",
                description: "Rows after this sequence number",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.String({ description: "one JSON object per line" }), ...errors },
      },
    },
    async (request, reply) => {
      // Streamed page by page so an export of millions of rows never sits in memory.
      const audit = app.audit;
      let after = Number((request.query as { afterSeq?: string }).afterSeq ?? 0);
      async function* lines() {
        for (;;) {
          const rows = await audit.page(after, pageSize);
          for (const row of rows) yield `${JSON.stringify(row)}\n`;
          if (rows.length < pageSize) return;
          after = rows[rows.length - 1]!.seq;
        }
      }
      await app.audit.append({
        kind: "admin.audit_exported",
        actor: actorOf(request.principal),
        data: { afterSeq: after },
      });
      reply.type("application/x-ndjson");
      reply.header("content-disposition", 'attachment; filename="fluxion-audit.jsonl"');
      return reply.send(Readable.from(lines()));
    },
  );
}
