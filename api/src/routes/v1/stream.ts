// GET /v1/stream: a WebSocket of the caller's account events (session.changed, compliance and
// review updates, ...) and of the broadcasts every client gets (protocol events such as a tripped
// circuit breaker, with `account: null`). Browsers cannot set headers on WebSocket, so the session token may come
// as ?token=; services with an API key name the account with ?account=. A session that gets
// blocked is closed with 4403, one that ends (logout, revocation, idle expiry) with 4401.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { getAddress, isAddress } from "viem";
import { badRequest } from "../../errors.ts";
import type { StreamEvent } from "../../stream/eventBus.ts";

/** Inbound messages allowed per window; the stream is server → client, clients barely talk. */
const inboundLimit = 20;
const inboundWindowMs = 10_000;

export const closeCodes = {
  policyViolation: 1008,
  sessionEnded: 4401,
  sessionBlocked: 4403,
} as const;

function accountOf(request: FastifyRequest): string {
  const principal = request.principal!;
  if (principal.kind === "session") return principal.address;
  const { account } = request.query as { account?: string };
  if (!account || !isAddress(account, { strict: false })) {
    throw badRequest("stream.account_required", "API keys must name the account: ?account=0x...");
  }
  return getAddress(account);
}

export async function streamRoutes(app: FastifyInstance) {
  app.get(
    "/stream",
    {
      websocket: true,
      config: { rateLimit: false, tokenInQuery: true },
      // Both run before the upgrade, so failures are plain HTTP JSON errors.
      preValidation: [
        app.authenticate,
        async (request) => {
          accountOf(request);
        },
      ],
      schema: {
        tags: ["stream"],
        summary: "WebSocket of the caller's account events and of broadcasts (JSON text frames)",
        description:
          'First frame: { kind: "hello", account, at }; then every event of the account as ' +
          "{ kind, account, at, data }, and every broadcast (events for everyone, e.g. " +
          "protocol.oracle.breaker_tripped) as { kind, account: null, at, data }. More than 20 " +
          "inbound messages in 10 s closes with 1008.",
        security: [{ session: [] }, { apiKey: [] }],
        querystring: Type.Object(
          {
            token: Type.Optional(Type.String({ description: "Session token (browsers)" })),
            account: Type.Optional(Type.String({ description: "Account to follow (API keys)" })),
          },
          { additionalProperties: false },
        ),
      },
    },
    (socket, request) => {
      const account = accountOf(request);
      const principal = request.principal!;
      const ownSession = principal.kind === "session" ? principal.sessionId : null;
      const send = (payload: unknown) => socket.send(JSON.stringify(payload));

      const unsubscribe = app.events.subscribe(account, (event: StreamEvent) => {
        send(event);
        if (event.kind !== "session.changed" || event.data.sessionId !== ownSession) return;
        if (event.data.status === "blocked") {
          socket.close(closeCodes.sessionBlocked, "session blocked");
        } else if (event.data.status === "terminated" || event.data.status === "expired") {
          socket.close(closeCodes.sessionEnded, `session ${event.data.status}`);
        }
      });

      const unsubscribeBroadcasts = app.events.subscribeBroadcasts(send);
      const stop = () => {
        unsubscribe();
        unsubscribeBroadcasts();
      };

      const inbound: number[] = [];
      socket.on("message", () => {
        const now = app.clock.now().getTime();
        while (inbound.length > 0 && inbound[0]! <= now - inboundWindowMs) inbound.shift();
        inbound.push(now);
        if (inbound.length > inboundLimit) {
          socket.close(closeCodes.policyViolation, "too many messages");
        }
      });
      socket.on("close", stop);
      socket.on("error", stop);

      send({ kind: "hello", account, at: app.clock.now().toISOString() });
    },
  );
}
