// POST /v1/webhooks/:source: signed events from payment providers and from our keepers, into the
// event log. Standard Webhooks (events/standardWebhooks.ts): the signature is checked on the exact
// bytes received before anything parses them. Order: the source's per-IP token bucket (before the
// body is read), the body limit (while reading), the signature, then JSON, the envelope, the
// source's permissions and the event's schema; the event is durable in the log before the 2xx.
// A `webhook-id` already received from the source is acknowledged (200, duplicate: true) and not
// logged again, however late it comes back.
//
// Body: { "type": "PAYMENT_RECEIVED", "timestamp": "2026-...Z", "data": { ... }, "version"?: 1 }.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { Compile } from "typebox/compile";
import { getAddress, isAddress } from "viem";
import { badRequest, forbidden, notFound } from "../../../errors.ts";
import { audienceOf, isEventType } from "../../../events/catalogue.ts";
import { normaliseWebhookPayload } from "../../../events/normalise.ts";
import { createRateBuckets } from "../../../events/rateBuckets.ts";
import { liveSecrets, sourceNamePattern } from "../../../events/sources.ts";
import { verify } from "../../../events/standardWebhooks.ts";
import { parseJsonBody } from "../../../plugins/jsonBody.ts";
import { rateLimited } from "../../../plugins/rateLimit.ts";
import { errorRef } from "../compliance/schemas.ts";

const Envelope = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 64 }),
    timestamp: Type.String({ format: "date-time", maxLength: 40 }),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);

const envelopeCheck = Compile(Envelope);

/** Deepest nesting of objects and arrays a webhook's body may have (Postgres and the schema checks recurse). */
export const maxBodyDepth = 32;

/** How deep `value` nests, counted without recursion (a hostile body may nest 100,000 levels). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > maxBodyDepth) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const Params = Type.Object({ source: Type.String({ maxLength: 64 }) });

export async function webhookIngressRoutes(app: FastifyInstance) {
  const buckets = createRateBuckets(() => app.clock.now().getTime());
  const bodyLimit = app.config.webhookBodyLimit;
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string", bodyLimit },
    (_request, body, done) => done(null, body),
  );

  // Runs before the body is read: an unknown source or a spent bucket costs us nothing more.
  async function admit(request: FastifyRequest) {
    const { source: name } = request.params as { source: string };
    const source = new RegExp(sourceNamePattern).test(name)
      ? await app.webhookSources.get(name)
      : null;
    const rate = source?.rateLimit ?? app.config.webhookRateLimit;
    const taken = buckets.take(`${source ? name : "?"}|${request.ip}`, rate);
    if (!taken.ok)
      throw rateLimited(rate, taken.retryAfterS, "requests per second (webhooks), i.e.");
    if (!source) throw notFound("webhook.unknown_source", `No webhook source "${name}"`);
    if (!source.enabled) throw forbidden("webhook.source_disabled", `Source "${name}" is disabled`);
    request.webhookSource = source;
  }

  app.post(
    "/:source",
    {
      config: { rateLimit: false },
      bodyLimit,
      onRequest: admit,
      schema: {
        tags: ["webhooks"],
        summary: "Receive a signed event (Standard Webhooks) from a configured source",
        description:
          "Headers webhook-id, webhook-timestamp (unix s, within 5 minutes) and webhook-signature " +
          "(space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> under one of the source's " +
          "whsec_ secrets). Body: { type, timestamp, data, version? }. 200 { id, cursor, duplicate } once the " +
          "event is durable; a repeated webhook-id answers 200 with duplicate: true. 401 webhook.* " +
          "for a bad signature or time, 403 webhook.*_not_allowed outside the source's permissions, " +
          "413 over API_WEBHOOK_BODY_LIMIT, 429 past the source's requests per second per IP.",
        params: Params,
        response: {
          200: Type.Object({ id: Type.String(), cursor: Type.String(), duplicate: Type.Boolean() }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
          404: errorRef,
          413: errorRef,
          429: errorRef,
        },
      },
    },
    async (request) => {
      const source = request.webhookSource!;
      const raw = typeof request.body === "string" ? request.body : "";
      const now = app.clock.now();
      const webhookId = verify(liveSecrets(source, now), request.headers, raw, now.getTime());
      const envelope = parseJsonBody(raw);
      if (depthOf(envelope) > maxBodyDepth) {
        throw badRequest("webhook.too_deep", `A webhook body nests at most ${maxBodyDepth} levels`);
      }
      if (!envelopeCheck.Check(envelope)) {
        const first = [...envelopeCheck.Errors(envelope)][0];
        throw badRequest(
          "webhook.invalid_body",
          `Not a webhook event: ${first ? `${first.instancePath || "/"} ${first.message}` : "invalid"}`,
        );
      }
      if (!isEventType(envelope.type)) {
        throw badRequest("event.unknown_type", `Unknown event type "${envelope.type}"`);
      }
      if (!source.eventTypes.includes(envelope.type)) {
        throw forbidden(
          "webhook.type_not_allowed",
          `Source "${source.name}" may not publish ${envelope.type}`,
        );
      }
      const data = envelope.data;
      let account: string | null = null;
      if (audienceOf(envelope.type) === "broadcast") {
        if (!source.broadcast) {
          throw forbidden(
            "webhook.broadcast_not_allowed",
            `Source "${source.name}" may not broadcast`,
          );
        }
      } else {
        if (typeof data.account !== "string" || !isAddress(data.account, { strict: false })) {
          throw badRequest("event.invalid", `${envelope.type} needs data.account, an address`);
        }
        account = getAddress(data.account);
        if (source.accounts !== null && !source.accounts.includes(account)) {
          throw forbidden(
            "webhook.account_not_allowed",
            `Source "${source.name}" may not publish for ${account}`,
          );
        }
      }
      const [appended] = await app.eventLog.append([
        {
          id: `${source.name}:${webhookId}`,
          type: envelope.type,
          ...(envelope.version === undefined ? {} : { version: envelope.version }),
          source: source.name,
          account,
          payload: normaliseWebhookPayload(envelope.type, {
            ...data,
            ...(account ? { account } : {}),
          }),
          occurredAt: new Date(envelope.timestamp),
          webhookId,
        },
      ]);
      const { event, duplicate } = appended!;
      app.eventMetrics.webhooks.inc({
        source: source.name,
        outcome: duplicate ? "duplicate" : "accepted",
      });
      return { id: event.id, cursor: event.cursor.toString(), duplicate };
    },
  );
}
