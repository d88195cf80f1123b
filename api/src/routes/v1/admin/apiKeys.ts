// /v1/admin/api-keys: service API keys for keepers and integrations. The key is shown once at
// creation; only its sha256 is stored. Revoked keys answer 401 auth.api_key_invalid at once.
import { desc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { apiKeyPrefix, newSecret, sha256Hex } from "../../../auth/tokens.ts";
import { actorOf, type Role } from "../../../auth/types.ts";
import { apiKeys } from "../../../db/schema/index.ts";
import { notFound } from "../../../errors.ts";

const error = { $ref: "Error#" };
const errors = { 401: error, 403: error };
const security: { [scheme: string]: string[] }[] = [{ session: [] }, { apiKey: [] }];

const RoleSchema = Type.Union([
  Type.Literal("service"),
  Type.Literal("reviewer"),
  Type.Literal("admin"),
  Type.Literal("user"),
]);

const ApiKeySchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  roles: Type.Array(RoleSchema),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  revokedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

function view(row: typeof apiKeys.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    roles: row.roles as Role[],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export async function apiKeysAdminRoutes(app: FastifyInstance) {
  const admin = app.requireRole("admin");

  app.post(
    "/api-keys",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "Create an API key (the key is in this response only)",
        security,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            roles: Type.Optional(
              Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Intersect([ApiKeySchema, Type.Object({ key: Type.String() })]),
          400: error,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { name, roles = ["service"] } = request.body as { name: string; roles?: Role[] };
      const key = newSecret(apiKeyPrefix);
      const actor = actorOf(request.principal);
      const row = await app.db.transaction(async (tx) => {
        const [created] = await tx
          .insert(apiKeys)
          .values({
            name,
            roles,
            keyHash: sha256Hex(key),
            createdBy: actor,
            createdAt: app.clock.now(),
          })
          .returning();
        await app.audit.append(
          { kind: "admin.api_key_created", actor, subject: created!.id, data: { name, roles } },
          tx,
        );
        return created!;
      });
      return reply.code(201).send({ ...view(row), key });
    },
  );

  app.get(
    "/api-keys",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "List API keys (never the keys themselves), newest first",
        security,
        response: { 200: Type.Object({ apiKeys: Type.Array(ApiKeySchema) }), ...errors },
      },
    },
    async () => {
      const rows = await app.db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
      return { apiKeys: rows.map(view) };
    },
  );

  app.delete(
    "/api-keys/:id",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "Revoke an API key (revoking a revoked key changes nothing)",
        security,
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 204: { type: "null" }, 400: error, ...errors, 404: error },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const actor = actorOf(request.principal);
      await app.db.transaction(async (tx) => {
        const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
        if (!row) throw notFound("api_keys.not_found", "No such API key");
        if (row.revokedAt) return;
        await tx.update(apiKeys).set({ revokedAt: app.clock.now() }).where(eq(apiKeys.id, id));
        await app.audit.append(
          { kind: "admin.api_key_revoked", actor, subject: id, data: { name: row.name } },
          tx,
        );
      });
      return reply.code(204).send();
    },
  );
}
