// The webhook endpoint routes, registered twice: for accounts under /v1/webhooks/endpoints (their
// own endpoints) and for admins under /v1/admin/webhook-endpoints (every endpoint; new ones receive
// every account's events). The scope decides what a caller sees: another account's endpoint
// answers 404 webhook_endpoint.not_found. Every change is audited.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { type Static, Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import { type EndpointScope, endpointView } from "../../../events/outgoing/endpoints.ts";
import { errorRef } from "../compliance/schemas.ts";
import {
  Attempt,
  DeliveriesQuery,
  Delivery,
  DeliveryParams,
  Endpoint,
  EndpointChange,
  EndpointInput,
  IdParams,
  ListQuery,
  Rotation,
} from "./endpointSchemas.ts";

export type EndpointAction = "created" | "changed" | "removed" | "rotated" | "delivery_retried";

export type EndpointRoutesOptions = {
  /** "/endpoints" or "/webhook-endpoints". */
  base: string;
  tags: string[];
  security: { [scheme: string]: string[] }[];
  /** Guards reads, and changes (which may ask more, e.g. a passed step-up challenge). */
  read: preHandlerAsyncHookHandler;
  write: preHandlerAsyncHookHandler;
  scopeOf(request: FastifyRequest): EndpointScope;
  /** Whose events an endpoint the caller registers receives (null: every account's). */
  ownerOf(request: FastifyRequest): string | null;
  /** The account of a test event sent to an endpoint that has none. */
  testAccountOf(request: FastifyRequest): string;
  auditKind(action: EndpointAction): string;
};

const hostOf = (url: string) => new URL(url).host;

export function registerEndpointRoutes(instance: FastifyInstance, options: EndpointRoutesOptions) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { base, tags, security, read, write, scopeOf } = options;
  const store = app.webhookEndpoints;
  const audit = (
    request: FastifyRequest,
    action: EndpointAction,
    subject: string,
    data: Record<string, unknown>,
  ) =>
    app.audit.append({
      kind: options.auditKind(action),
      actor: actorOf(request.principal),
      subject,
      data,
    });

  app.get(
    base,
    {
      preHandler: read,
      schema: {
        tags,
        summary: "Webhook endpoints, newest first",
        security,
        querystring: ListQuery,
        response: {
          200: Type.Object({ endpoints: Type.Array(Endpoint) }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async (request) => {
      const { before, limit } = request.query;
      const rows = await store.list(scopeOf(request), {
        ...(before ? { before } : {}),
        limit: limit === undefined ? 100 : Number(limit),
      });
      return { endpoints: rows.map(endpointView) };
    },
  );

  app.post(
    base,
    {
      preHandler: write,
      schema: {
        tags,
        summary: "Register an endpoint; answers its signing secret (shown once)",
        description:
          "Events are POSTed as JSON ({ kind, type, version, id, cursor, account, at, data }) with " +
          "Standard Webhooks headers: webhook-id (the event id: dedupe on it, delivery is at least " +
          "once), webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256> per live secret). " +
          "A 2xx within 15 s delivers; anything else retries after 5 s, 5 min, 30 min, 2 h, 5 h, " +
          "10 h, 10 h; one endpoint's events go out one at a time, in order. 410 Gone disables the " +
          "endpoint, and so do 8 failed attempts in a row. 400 webhook_endpoint.invalid_url / " +
          ".private_url / .unknown_event_type, 409 webhook_endpoint.limit (20 per account).",
        security,
        body: EndpointInput,
        response: {
          201: Type.Object({ endpoint: Endpoint, secret: Type.String() }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
          409: errorRef,
        },
      },
    },
    async (request, reply) => {
      scopeOf(request);
      const { endpoint, secret } = await store.create(
        options.ownerOf(request),
        request.body,
        actorOf(request.principal),
      );
      await audit(request, "created", endpoint.id, {
        account: endpoint.account,
        host: hostOf(endpoint.url),
        eventTypes: endpoint.eventTypes,
      });
      reply.code(201);
      return { endpoint: endpointView(endpoint), secret };
    },
  );

  app.get(
    `${base}/:id`,
    {
      preHandler: read,
      schema: {
        tags,
        summary: "One endpoint",
        security,
        params: IdParams,
        response: {
          200: Type.Object({ endpoint: Endpoint }),
          401: errorRef,
          403: errorRef,
          404: errorRef,
        },
      },
    },
    async (request) => ({
      endpoint: endpointView(await store.get(scopeOf(request), request.params.id)),
    }),
  );

  app.patch(
    `${base}/:id`,
    {
      preHandler: write,
      schema: {
        tags,
        summary: "Change an endpoint's URL, description, event types or status",
        description:
          "status disabled stops new deliveries (queued ones wait); enabled resumes the queue now " +
          "and resets the failure count. Events logged while it was disabled are not delivered.",
        security,
        params: IdParams,
        body: EndpointChange,
        response: {
          200: Type.Object({ endpoint: Endpoint }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
          404: errorRef,
        },
      },
    },
    async (request) => {
      const change = request.body as Static<typeof EndpointChange>;
      const endpoint = await store.update(scopeOf(request), request.params.id, change);
      const { url, ...rest } = change;
      await audit(request, "changed", endpoint.id, {
        ...rest,
        ...(url === undefined ? {} : { host: hostOf(endpoint.url) }),
      });
      return { endpoint: endpointView(endpoint) };
    },
  );

  app.delete(
    `${base}/:id`,
    {
      preHandler: write,
      schema: {
        tags,
        summary: "Remove an endpoint, its deliveries and their attempts",
        security,
        params: IdParams,
        response: { 204: Type.Null(), 401: errorRef, 403: errorRef, 404: errorRef },
      },
    },
    async (request, reply) => {
      const endpoint = await store.remove(scopeOf(request), request.params.id);
      await audit(request, "removed", endpoint.id, {
        account: endpoint.account,
        host: hostOf(endpoint.url),
      });
      reply.code(204);
    },
  );

  app.post(
    `${base}/:id/test`,
    {
      preHandler: write,
      schema: {
        tags,
        summary: "Send a webhook.test event to this endpoint (through the normal pipeline)",
        description:
          "Logs a webhook.test event that only this endpoint receives, whatever its event types, " +
          "delivered (and retried) like any other. 409 webhook_endpoint.disabled.",
        security,
        params: IdParams,
        response: {
          202: Type.Object({ eventId: Type.String(), cursor: Type.String() }),
          401: errorRef,
          403: errorRef,
          404: errorRef,
          409: errorRef,
        },
      },
    },
    async (request, reply) => {
      const event = await store.sendTest(
        scopeOf(request),
        request.params.id,
        options.testAccountOf(request),
      );
      reply.code(202);
      return { eventId: event.id, cursor: event.cursor.toString() };
    },
  );

  app.post(
    `${base}/:id/rotate`,
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          "A new signing secret (shown once); the current ones keep signing for overlapSeconds",
        description:
          "While both are live, each delivery carries one v1 signature per secret, so a receiver " +
          "verifies with either: switch the receiver over, then let the old secret expire.",
        security,
        params: IdParams,
        body: Rotation,
        response: {
          200: Type.Object({ endpoint: Endpoint, secret: Type.String() }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
          404: errorRef,
        },
      },
    },
    async (request) => {
      const overlapSeconds = request.body?.overlapSeconds ?? 86_400;
      const { endpoint, secret } = await store.rotate(
        scopeOf(request),
        request.params.id,
        overlapSeconds,
      );
      await audit(request, "rotated", endpoint.id, { overlapSeconds });
      return { endpoint: endpointView(endpoint), secret };
    },
  );

  app.get(
    `${base}/:id/deliveries`,
    {
      preHandler: read,
      schema: {
        tags,
        summary: "The endpoint's deliveries, newest event first",
        security,
        params: IdParams,
        querystring: DeliveriesQuery,
        response: {
          200: Type.Object({ deliveries: Type.Array(Delivery) }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
          404: errorRef,
        },
      },
    },
    async (request) => {
      const { status, before, limit } = request.query;
      return {
        deliveries: await store.deliveries(scopeOf(request), request.params.id, {
          ...(status ? { status } : {}),
          ...(before ? { before: BigInt(before) } : {}),
          limit: limit === undefined ? 50 : Number(limit),
        }),
      };
    },
  );

  app.get(
    `${base}/:id/deliveries/:eventId/attempts`,
    {
      preHandler: read,
      schema: {
        tags,
        summary: "Every attempt at one delivery, oldest first",
        security,
        params: DeliveryParams,
        response: {
          200: Type.Object({ attempts: Type.Array(Attempt) }),
          401: errorRef,
          403: errorRef,
          404: errorRef,
        },
      },
    },
    async (request) => ({
      attempts: await store.attempts(scopeOf(request), request.params.id, request.params.eventId),
    }),
  );

  app.post(
    `${base}/:id/deliveries/:eventId/retry`,
    {
      preHandler: write,
      schema: {
        tags,
        summary: "Send a failed or dead delivery again (now, with a fresh retry schedule)",
        security,
        params: DeliveryParams,
        response: {
          200: Type.Object({ delivery: Delivery }),
          401: errorRef,
          403: errorRef,
          404: errorRef,
          409: errorRef,
        },
      },
    },
    async (request) => {
      const { id, eventId } = request.params;
      const delivery = await store.retry(scopeOf(request), id, eventId);
      await audit(request, "delivery_retried", id, { eventId });
      // Sent by this process when it runs the sender, otherwise by the next one that polls.
      if (app.config.reactions) void app.webhookSender.poke();
      return { delivery };
    },
  );
}
