// /v1/admin/webhook-sources: who may post signed events to /v1/webhooks/:source. Creating a source
// returns its first secret (generated unless given); rotating adds a new secret and keeps the old
// ones valid for `overlapSeconds` (default 24 h), so a provider can switch without a failed
// delivery. Sources from API_WEBHOOK_SOURCES_FILE or API_INGRESS_SECRETS are listed but changed only
// where they come from (409 webhook_source.managed_elsewhere). Secrets are shown once, at creation
// and rotation; listings show only a prefix.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import {
  normaliseSource,
  type Source,
  SourceInputSchema,
  sourceNamePattern,
} from "../../../events/sources.ts";
import { errorRef, nullable, security } from "../compliance/schemas.ts";

const SourceView = Type.Object({
  name: Type.String(),
  eventTypes: Type.Array(Type.String()),
  accounts: nullable(Type.Array(Type.String())),
  broadcast: Type.Boolean(),
  rateLimit: Type.Integer({ description: "Requests per second per client IP" }),
  enabled: Type.Boolean(),
  managedBy: Type.String({ description: "file | env | admin" }),
  secrets: Type.Array(
    Type.Object({
      prefix: Type.String(),
      expiresAt: nullable(Type.String({ format: "date-time" })),
    }),
  ),
});

const Name = Type.Object({ name: Type.String({ pattern: sourceNamePattern }) });

function view(source: Source): Static<typeof SourceView> {
  return {
    name: source.name,
    eventTypes: source.eventTypes,
    accounts: source.accounts,
    broadcast: source.broadcast,
    rateLimit: source.rateLimit,
    enabled: source.enabled,
    managedBy: source.managedBy,
    secrets: source.secrets.map((entry) => ({
      prefix: `${entry.secret.slice(0, 10)}…`,
      expiresAt: entry.expiresAt,
    })),
  };
}

/** These routes take no query parameters: an unknown one is a 400, not ignored. */
const NoQuery = Type.Object({}, { additionalProperties: false });

export async function webhookSourcesAdminRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const admin = app.requireRole("admin");
  const tags = ["admin", "webhooks"];
  app.get(
    "/webhook-sources",
    {
      preParsing: admin,
      schema: {
        querystring: NoQuery,
        tags,
        summary: "Webhook sources",
        security,
        response: {
          200: Type.Object({ sources: Type.Array(SourceView) }),
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async () => ({ sources: (await app.webhookSources.list()).map(view) }),
  );
  app.post(
    "/webhook-sources",
    {
      preParsing: admin,
      schema: {
        querystring: NoQuery,
        tags,
        summary: "Register a webhook source; answers its secret (once)",
        security,
        body: SourceInputSchema,
        response: {
          201: Type.Object({ source: SourceView, secret: Type.String() }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
          409: errorRef,
        },
      },
    },
    async (request, reply) => {
      const source = await app.webhookSources.create(normaliseSource(request.body, "admin"));
      await app.audit.append({
        kind: "admin.webhook_source_created",
        actor: actorOf(request.principal),
        subject: source.name,
        data: {
          eventTypes: source.eventTypes,
          accounts: source.accounts,
          rateLimit: source.rateLimit,
        },
      });
      reply.code(201);
      return { source: view(source), secret: source.secrets[0]!.secret };
    },
  );
  app.patch(
    "/webhook-sources/:name",
    {
      preParsing: admin,
      schema: {
        querystring: NoQuery,
        tags,
        summary: "Change a source's permissions, rate or state",
        security,
        params: Name,
        body: Type.Partial(Type.Omit(SourceInputSchema, ["name", "secrets"]), {
          additionalProperties: false,
        }),
        response: {
          200: Type.Object({ source: SourceView }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
          404: errorRef,
          409: errorRef,
        },
      },
    },
    async (request) => {
      const { name } = request.params;
      const current = await app.webhookSources.get(name);
      const checked = normaliseSource(
        {
          name,
          secrets: current?.secrets.map((entry) => entry.secret) ?? [],
          eventTypes: request.body.eventTypes ?? current?.eventTypes ?? [],
          accounts:
            request.body.accounts === undefined
              ? (current?.accounts ?? null)
              : request.body.accounts,
          broadcast: request.body.broadcast ?? current?.broadcast ?? false,
          rateLimit: request.body.rateLimit ?? current?.rateLimit,
          enabled: request.body.enabled ?? current?.enabled ?? true,
        },
        "admin",
      );
      const { secrets: _secrets, managedBy: _managedBy, name: _name, ...change } = checked;
      const source = await app.webhookSources.update(name, change);
      await app.audit.append({
        kind: "admin.webhook_source_changed",
        actor: actorOf(request.principal),
        subject: name,
        data: { ...request.body },
      });
      return { source: view(source) };
    },
  );
  app.post(
    "/webhook-sources/:name/rotate",
    {
      preParsing: admin,
      schema: {
        querystring: NoQuery,
        tags,
        summary: "Add a new secret; the current ones stay valid for overlapSeconds",
        security,
        params: Name,
        body: Type.Optional(
          Type.Object(
            { overlapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400 })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({ source: SourceView, secret: Type.String() }),
          401: errorRef,
          403: errorRef,
          404: errorRef,
          409: errorRef,
        },
      },
    },
    async (request) => {
      const { source, secret } = await app.webhookSources.rotate(
        request.params.name,
        request.body?.overlapSeconds ?? 86_400,
      );
      await app.audit.append({
        kind: "admin.webhook_source_rotated",
        actor: actorOf(request.principal),
        subject: source.name,
        data: { overlapSeconds: request.body?.overlapSeconds ?? 86_400 },
      });
      return { source: view(source), secret };
    },
  );
  app.delete(
    "/webhook-sources/:name",
    {
      preParsing: admin,
      schema: {
        querystring: NoQuery,
        tags,
        summary: "Remove a source (its events stay in the log)",
        security,
        params: Name,
        response: { 204: Type.Null(), 401: errorRef, 403: errorRef, 404: errorRef, 409: errorRef },
      },
    },
    async (request, reply) => {
      await app.webhookSources.remove(request.params.name);
      await app.audit.append({
        kind: "admin.webhook_source_removed",
        actor: actorOf(request.principal),
        subject: request.params.name,
        data: {},
      });
      reply.code(204);
    },
  );
}
