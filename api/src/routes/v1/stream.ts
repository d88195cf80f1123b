// GET /v1/stream: a WebSocket of the caller's account events (session.changed, compliance and
// review updates, ...) and of the broadcasts every client gets (protocol events such as a tripped
// circuit breaker, with `account: null`). Browsers cannot set headers on WebSocket, so the session token may come
// as ?token=; services with an API key name the account with ?account=. A session that gets
// blocked is closed with 4403, one that ends (logout, revocation, idle expiry) with 4401.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { getAddress, isAddress } from "viem";
import { badRequest } from "../../errors.ts";
import { isEventType } from "../../events/catalogue.ts";
import { wireEvent } from "../../events/log.ts";
import type { BroadcastEvent, StreamEvent } from "../../stream/eventBus.ts";

type Subscribe = { events: string[] | null; cursor: bigint | undefined };

/** A client's {"action":"subscribe","events":[...],"cursor":"..."}, or what is wrong with it. */
function parseMessage(raw: Buffer): Subscribe | { error: string; code: string } {
  let message: unknown;
  try {
    message = JSON.parse(raw.toString("utf8"));
  } catch {
    return { code: "stream.bad_message", error: "Messages are JSON" };
  }
  const m = message as { action?: unknown; events?: unknown; cursor?: unknown };
  if (typeof message !== "object" || message === null || m.action !== "subscribe") {
    return { code: "stream.bad_message", error: 'Expected {"action":"subscribe", ...}' };
  }
  let events: string[] | null = null;
  if (m.events !== undefined && m.events !== null) {
    if (
      !Array.isArray(m.events) ||
      m.events.length > 100 ||
      !m.events.every((t) => typeof t === "string")
    ) {
      return { code: "stream.bad_message", error: "events is a list of at most 100 event types" };
    }
    const unknown = m.events.find((type) => !isEventType(type));
    if (unknown !== undefined)
      return { code: "stream.unknown_type", error: `Unknown event type "${unknown}"` };
    events = m.events as string[];
  }
  if (m.cursor !== undefined && (typeof m.cursor !== "string" || !/^\d{1,19}$/.test(m.cursor))) {
    return { code: "stream.bad_cursor", error: "cursor is a decimal string, as events carry it" };
  }
  return { events, cursor: m.cursor === undefined ? undefined : BigInt(m.cursor) };
}

/** Inbound messages allowed per window; the stream is server → client, clients barely talk. */
const inboundLimit = 20;
const inboundWindowMs = 10_000;

/** Events per log read while a client catches up. */
const replayPage = 500;
/** A client this far behind on reading is closed (it resumes from its cursor). */
const maxBufferedBytes = 8 * 1024 * 1024;

export const closeCodes = {
  policyViolation: 1008,
  internal: 1011,
  tooSlow: 1013,
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
          'First frame: { kind: "hello", account, at, cursor }; then every event of the account as ' +
          "{ kind, type, version, id, cursor, account, at, data }, and every broadcast (events for " +
          "everyone, e.g. protocol.oracle.breaker_tripped) with account: null, in log order. Send " +
          '{"action":"subscribe","events":["MINT_CONFIRMED",...],"cursor":"<last cursor seen>"} ' +
          "to filter by type and (with cursor, or ?cursor= on connect) to get every event missed " +
          "since, once and in order, before the live ones. More than 20 inbound messages in 10 s " +
          "closes with 1008; a client over 8 MB behind on reading is closed with 1013.",
        security: [{ session: [] }, { apiKey: [] }],
        querystring: Type.Object(
          {
            token: Type.Optional(Type.String({ description: "Session token (browsers)" })),
            account: Type.Optional(Type.String({ description: "Account to follow (API keys)" })),
            cursor: Type.Optional(
              Type.String({
                pattern: "^\\d{1,19}$",
                description: "Resume: every event after this cursor first, in order, then live",
              }),
            ),
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
      const query = request.query as { cursor?: string };
      app.eventMetrics.streams.inc();

      // Delivery state: events up to `sent` are behind us; while `live`, the tail's events go out
      // as they come; otherwise a replay from the log is catching up (and the tail's are skipped,
      // to be read back from the log in order).
      let sent = 0n;
      let live = false;
      let filter: Set<string> | null = null;
      let generation = 0;
      let closed = false;

      const deliver = (event: StreamEvent | BroadcastEvent) => {
        const cursor = BigInt(event.cursor!);
        if (cursor <= sent) return;
        sent = cursor;
        if (filter && !filter.has(event.kind)) return;
        if (socket.bufferedAmount > maxBufferedBytes) {
          socket.close(closeCodes.tooSlow, "too slow: reconnect and resume from your last cursor");
          return;
        }
        send(event);
        if (event.kind !== "session.changed" || event.data.sessionId !== ownSession) return;
        if (event.data.status === "blocked") {
          socket.close(closeCodes.sessionBlocked, "session blocked");
        } else if (event.data.status === "terminated" || event.data.status === "expired") {
          socket.close(closeCodes.sessionEnded, `session ${event.data.status}`);
        }
      };
      const onLive = (event: StreamEvent | BroadcastEvent) => {
        if (live) deliver(event);
      };
      const unsubscribe = app.events.subscribe(account, onLive);
      const unsubscribeBroadcasts = app.events.subscribeBroadcasts(onLive);

      /** Sends what the log holds after `from` (in order, once), then goes live. */
      async function resume(from: bigint) {
        const mine = ++generation;
        live = false;
        sent = from;
        const types = filter ? [...filter] : undefined;
        for (;;) {
          const until = app.tail.position;
          for (;;) {
            const page = await app.eventLog.read({
              after: sent,
              until,
              audience: account,
              types,
              limit: replayPage,
            });
            if (mine !== generation || closed) return;
            for (const event of page) deliver(wireEvent(event) as StreamEvent);
            if (page.length < replayPage) break;
          }
          if (sent < until) sent = until;
          // Nothing reached the tail since `until` was read: what follows comes live, in order.
          if (app.tail.position === until) {
            live = true;
            return;
          }
        }
      }
      const resumeFrom = (cursor: bigint) =>
        resume(cursor).catch((error: unknown) => {
          request.log.error({ err: error }, "stream replay failed");
          socket.close(closeCodes.internal, "replay failed: reconnect and resume");
        });

      const stop = () => {
        if (closed) return;
        closed = true;
        app.eventMetrics.streams.dec();
        unsubscribe();
        unsubscribeBroadcasts();
      };

      const inbound: number[] = [];
      socket.on("message", (raw: Buffer) => {
        const now = app.clock.now().getTime();
        while (inbound.length > 0 && inbound[0]! <= now - inboundWindowMs) inbound.shift();
        inbound.push(now);
        if (inbound.length > inboundLimit) {
          socket.close(closeCodes.policyViolation, "too many messages");
          return;
        }
        const message = parseMessage(raw);
        if ("error" in message) {
          send({ kind: "error", code: message.code, message: message.error });
          return;
        }
        filter = message.events ? new Set(message.events) : null;
        send({
          kind: "subscribed",
          events: message.events ?? null,
          cursor: (message.cursor ?? sent).toString(),
        });
        if (message.cursor !== undefined) void resumeFrom(message.cursor);
      });
      socket.on("close", stop);
      socket.on("error", stop);

      // "Now" is the log's head when the client connected: it gets what comes after (or, with
      // ?cursor=, everything after that cursor), whichever process appends it.
      const start = generation;
      void app.eventLog.head().then(
        (head) => {
          if (closed) return;
          send({
            kind: "hello",
            account,
            at: app.clock.now().toISOString(),
            cursor: head.toString(),
          });
          // A subscribe with a cursor that came first has started its own replay.
          if (start === generation)
            void resumeFrom(query.cursor === undefined ? head : BigInt(query.cursor));
        },
        (error: unknown) => {
          request.log.error({ err: error }, "stream start failed");
          socket.close(closeCodes.internal, "try again");
        },
      );
    },
  );
}
