// /v1/ingress: events pushed by services we run, signed with a shared secret (not a session or API
// key: see lightning/ingress.ts). POST /v1/ingress/keeper takes the bridge keeper's swap events,
// streamed to each swap's account as "lightning.swap"; POST /v1/ingress/protocol takes the scheduled
// keepers' protocol events (ingressProtocol.ts). Both routes share this scope: the body is verified as
// the exact bytes sent, so the scope parses JSON itself, and one per-IP attempt budget. Order
// matters: the IP's attempt budget (onRequest, before the body is read), the body limit (while
// reading), the signature, and only then JSON parsing, validation and the database.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type Static, type TSchema, Type } from "typebox";
import { Value } from "typebox/value";
import { getAddress } from "viem";
import { badRequest } from "../../errors.ts";
import {
  createAttemptBudget,
  firstReceived,
  pruneIngressEvents,
  signatureHeader,
  verifySignature,
} from "../../lightning/ingress.ts";
import { swapStatus } from "../../lightning/status.ts";
import { parseJsonBody } from "../../plugins/jsonBody.ts";
import { rateLimited } from "../../plugins/rateLimit.ts";
import { errorRef } from "./compliance/schemas.ts";
import { ProtocolEvent, protocolSource, publishProtocolEvent } from "./ingressProtocol.ts";

const pruneIntervalMs = 60 * 60_000;
/** Most events in one signed batch. */
export const maxBatchEvents = 1000;

const KeeperEvent = Type.Object({
  id: Type.String({ pattern: "^\\d{1,20}$" }),
  paymentHash: Type.String({ pattern: "^[0-9a-f]{64}$" }),
  direction: Type.Union([Type.Literal("mint"), Type.Literal("burn")]),
  account: Type.String({ pattern: "^0x[0-9a-fA-F]{40}$" }),
  from: Type.Union([Type.String(), Type.Null()]),
  state: Type.String({ minLength: 1, maxLength: 64 }),
  at: Type.String({ maxLength: 64 }),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  swap: Type.Record(Type.String(), Type.Unknown()),
});

/** One signed-batch route of this scope. */
type SignedBatchRoute<Event extends TSchema> = {
  url: string;
  summary: string;
  /** Said of a body that does not validate: "Not a <what>: ...". */
  what: string;
  event: Event;
  /** The dedupe namespace of a batch signed by the secret `secretName` (api.ingress_events.source). */
  source(secretName: string): string;
  /** Streams one event received for the first time (inside the transaction that records it). */
  publish(event: Static<Event>): void;
};

export async function ingressRoutes(app: FastifyInstance) {
  const { ingressBodyLimit: bodyLimit, ingressRateLimit } = app.config;
  const budget = createAttemptBudget(ingressRateLimit, 60_000, () => app.clock.now().getTime());
  // The signature covers the exact bytes: this scope takes the body as text and parses it later.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string", bodyLimit },
    (_request, body, done) => done(null, body),
  );

  const takeAttempt = async (request: FastifyRequest) => {
    const attempt = budget.take(request.ip);
    if (!attempt.ok)
      throw rateLimited(ingressRateLimit, attempt.retryAfterS, "unverified requests");
  };

  function signedBatchRoute<Event extends TSchema>(route: SignedBatchRoute<Event>) {
    const Batch = Type.Object({ events: Type.Array(route.event, { maxItems: maxBatchEvents }) });
    app.post(
      route.url,
      {
        // The app-wide limiter would throttle the keepers; these routes have their own budget.
        config: { rateLimit: false },
        bodyLimit,
        onRequest: takeAttempt,
        schema: {
          tags: ["ingress"],
          summary: route.summary,
          description:
            `Header ${signatureHeader}: t=<unix s>,v1=hex(HMAC-SHA256(secret, t + "." + body)). ` +
            `Body: { events: [...] }, at most ${maxBatchEvents} events. Bodies over ` +
            "API_INGRESS_BODY_LIMIT bytes: 413 request.too_large. Past API_INGRESS_RATE_LIMIT " +
            "unverified requests per minute from one IP: 429 rate_limited. An event id already " +
            "received is acknowledged as a duplicate and not streamed again.",
          response: {
            200: Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() }),
            400: errorRef,
            401: errorRef,
            413: errorRef,
            429: errorRef,
          },
        },
      },
      async (request) => {
        const raw = typeof request.body === "string" ? request.body : "";
        const header = request.headers[signatureHeader];
        const secretName = verifySignature(
          app.config.ingressSecrets,
          Array.isArray(header) ? header[0] : header,
          raw,
          app.clock.now().getTime(),
        );
        budget.refund(request.ip);
        const batch = parseJsonBody(raw);
        if (!Value.Check(Batch, batch)) {
          const first = Value.Errors(Batch, batch)[0];
          throw badRequest(
            "ingress.invalid_event",
            `Not a ${route.what}: ${first ? `${first.instancePath || "/"} ${first.message}` : "invalid"}`,
          );
        }
        const events = batch.events as Static<Event>[];
        const idOf = (event: Static<Event>) => (event as { id: string }).id;
        const accepted = await app.db.transaction(async (tx) => {
          const fresh = await firstReceived(
            tx,
            route.source(secretName),
            events.map(idOf),
            app.clock.now(),
          );
          let published = 0;
          for (const event of events) {
            // Once per id, even when a batch repeats one.
            if (!fresh.delete(idOf(event))) continue;
            published++;
            route.publish(event);
          }
          return published;
        });
        return { accepted, duplicates: events.length - accepted };
      },
    );
  }

  signedBatchRoute({
    url: "/keeper",
    summary: "Swap events from the bridge keeper (HMAC-signed), streamed to their accounts",
    what: "keeper event batch",
    event: KeeperEvent,
    source: (secretName) => secretName,
    publish: publishSwapEvent,
  });

  signedBatchRoute({
    url: "/protocol",
    summary:
      "Protocol events from the scheduled keepers (HMAC-signed): streamed to their account, or to " +
      "every stream client when the account is null",
    what: "protocol event batch",
    event: ProtocolEvent,
    source: protocolSource,
    publish: (event) => publishProtocolEvent(app.events, event),
  });

  function publishSwapEvent(event: Static<typeof KeeperEvent>) {
    app.events.publish({
      kind: "lightning.swap",
      account: getAddress(event.account),
      at: event.at,
      data: {
        eventId: event.id,
        paymentHash: event.paymentHash,
        direction: event.direction,
        from: event.from,
        state: event.state,
        status: swapStatus(event.direction, event.state),
        detail: event.detail,
        swap: { ...event.swap, status: swapStatus(event.direction, String(event.swap.state)) },
      },
    });
  }

  // Received ids are kept for ingressRetentionMs; older ones are pruned hourly.
  let prune: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    prune = setInterval(() => {
      pruneIngressEvents(app.db, app.clock.now()).catch((error: unknown) =>
        app.log.error({ err: error }, "ingress prune failed"),
      );
    }, pruneIntervalMs);
    prune.unref();
  });
  app.addHook("onClose", async () => clearInterval(prune));
}
