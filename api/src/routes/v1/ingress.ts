// POST /v1/ingress/keeper: swap events from the bridge keeper, signed with a shared secret (not a session
// or API key: see lightning/ingress.ts), streamed to each swap's account as "lightning.swap" events. The
// body is verified as the exact bytes sent, so this scope parses JSON itself.
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { Value } from "typebox/value";
import { getAddress } from "viem";
import { badRequest } from "../../errors.ts";
import { createSeenIds, signatureHeader, verifySignature } from "../../lightning/ingress.ts";
import { swapStatus } from "../../lightning/status.ts";
import { errorRef } from "./compliance/schemas.ts";

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
  const seen = createSeenIds();
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string", bodyLimit: 4 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );

  app.post(
    "/keeper",
    {
      config: { rateLimit: false },
      schema: {
        tags: ["ingress"],
        summary: "Swap events from the bridge keeper (HMAC-signed), streamed to their accounts",
        description: `Header ${signatureHeader}: t=<unix s>,v1=hex(HMAC-SHA256(secret, t + "." + body)).`,
        response: {
          200: Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() }),
          400: errorRef,
          401: errorRef,
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
      let batch: unknown;
      try {
        batch = JSON.parse(raw);
      } catch {
        throw badRequest("request.invalid_json", "The body must be JSON");
      }
      if (!Value.Check(Batch, batch)) {
        const first = Value.Errors(Batch, batch)[0];
        throw badRequest(
          "ingress.invalid_event",
          `Not a keeper event batch: ${first ? `${first.instancePath || "/"} ${first.message}` : "invalid"}`,
        );
      }
      let accepted = 0;
      for (const event of batch.events) {
        if (!seen.first(source, event.id)) continue;
        accepted++;
        const status = swapStatus(event.direction, event.state);
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
            status,
            detail: event.detail,
            swap: { ...event.swap, status: swapStatus(event.direction, String(event.swap.state)) },
          },
        });
      }
      return { accepted, duplicates: batch.events.length - accepted };
    },
  );
}
