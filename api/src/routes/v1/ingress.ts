// POST /v1/ingress/keeper: swap events from the bridge keeper, signed with a shared secret (not a session
// or API key: see lightning/ingress.ts), streamed to each swap's account as "lightning.swap" events. The
// body is verified as the exact bytes sent, so this scope parses JSON itself. Order matters: the IP's
// attempt budget (onRequest, before the body is read), the body limit (while reading), the signature,
// and only then JSON parsing, validation and the database.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
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

const pruneIntervalMs = 60 * 60_000;

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
const Batch = Type.Object({ events: Type.Array(KeeperEvent, { maxItems: 1000 }) });

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

  app.post(
    "/keeper",
    {
      // The app-wide limiter would throttle the keeper; this route has its own budget.
      config: { rateLimit: false },
      bodyLimit,
      onRequest: takeAttempt,
      schema: {
        tags: ["ingress"],
        summary: "Swap events from the bridge keeper (HMAC-signed), streamed to their accounts",
        description:
          `Header ${signatureHeader}: t=<unix s>,v1=hex(HMAC-SHA256(secret, t + "." + body)). ` +
          `Bodies over API_INGRESS_BODY_LIMIT bytes: 413 request.too_large. Past ` +
          "API_INGRESS_RATE_LIMIT unverified requests per minute from one IP: 429 rate_limited.",
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
      const source = verifySignature(
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
          `Not a keeper event batch: ${first ? `${first.instancePath || "/"} ${first.message}` : "invalid"}`,
        );
      }
      const events = batch.events;
      const accepted = await app.db.transaction(async (tx) => {
        const fresh = await firstReceived(
          tx,
          source,
          events.map((event) => event.id),
          app.clock.now(),
        );
        let published = 0;
        for (const event of events) {
          // Once per id, even when a batch repeats one.
          if (!fresh.delete(event.id)) continue;
          published++;
          publish(event);
        }
        return published;
      });
      return { accepted, duplicates: events.length - accepted };
    },
  );

  function publish(event: Static<typeof KeeperEvent>) {
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
