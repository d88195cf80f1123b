// The outgoing webhook worker of one API process: dispatches new log events to deliveries
// (dispatcher.ts), claims the due heads of the endpoints' queues (queue.ts) and POSTs them, signed
// the Standard Webhooks way: `webhook-id` is the event id (receivers dedupe on it: delivery is at
// least once), `webhook-timestamp` the attempt's time, `webhook-signature` one `v1,` signature per
// live secret of the endpoint (two during a rotation). The body is the event as stream clients see
// it (wireEvent).
//
// Outcomes: a 2xx is delivered. Anything else (another status, no answer within the timeout, a
// refused address, a redirect, which is never followed) fails the attempt and retries on Svix's
// schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: 8 attempts); a failure after the last is
// dead. A 410 Gone disables the endpoint at once. `disableAfterFailures` consecutive failures with
// no 2xx between them disable it too: by default 8, i.e. its head delivery went dead after ~27.5 h
// of unbroken failure. Its later deliveries stay queued until it is re-enabled, then go out in
// order (Svix instead keeps failing every message until 5 days have passed; holding the backlog
// loses one event rather than five days of them).

import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import type { EndpointSecret } from "../../db/schema/index.ts";
import type { Clock } from "../../lib/clock.ts";
import { type EventLog, wireEvent } from "../log.ts";
import { retryScheduleMs } from "../reactions.ts";
import { signHeaders } from "../standardWebhooks.ts";
import { dispatchPage } from "./dispatcher.ts";
import { liveEndpointSecrets } from "./endpoints.ts";
import { postWebhook } from "./post.ts";
import { type ClaimedDelivery, claimDue, type Settled, settleAttempt } from "./queue.ts";
import { rowsOf } from "./rows.ts";

export type DeliveryOutcome = "delivered" | "retry" | "dead" | "gone";

export type WebhookSender = {
  /** Dispatches what is new in the log and sends what is due; resolves when idle. */
  poke(): Promise<void>;
  start(): void;
  /** Stops claiming; resolves once the deliveries in flight are settled. */
  stop(): Promise<void>;
};

export type WebhookSenderOptions = {
  db: Database;
  log: EventLog;
  clock: Clock;
  /** This process's name, the lease holder. */
  owner: string;
  /** API_WEBHOOK_ALLOW_PRIVATE: deliver to private and loopback addresses. */
  allowPrivate: boolean;
  /** Per attempt, connecting to the first KB of the answer (default 15 s). */
  timeoutMs?: number;
  /** How long a claimed delivery is ours; must outlive the timeout (default 60 s). */
  leaseMs?: number;
  pollMs?: number;
  /** Deliveries in flight at once in this process (to different endpoints). */
  concurrency?: number;
  scheduleMs?: readonly number[];
  /** Consecutive failed attempts (no 2xx between) that disable an endpoint (default 8). */
  disableAfterFailures?: number;
  onError(error: unknown, context: string): void;
  onOutcome?(endpointId: string, outcome: DeliveryOutcome): void;
  onDisabled?(endpointId: string, reason: "gone" | "failing"): void;
};

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { db, log, clock, owner } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const leaseMs = options.leaseMs ?? 60_000;
  if (leaseMs < timeoutMs + 5_000) {
    throw new Error("a webhook delivery lease must outlive the HTTP timeout by 5 s or more");
  }
  const scheduleMs = options.scheduleMs ?? retryScheduleMs;
  const disableAfterFailures = options.disableAfterFailures ?? scheduleMs.length + 1;
  const concurrency = options.concurrency ?? 8;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function endpointOf(id: string) {
    const [row] = rowsOf(
      await db.execute(sql`select url, secrets from api.webhook_endpoints where id = ${id}`),
    );
    if (!row) return null;
    const secrets = (
      typeof row.secrets === "string" ? JSON.parse(row.secrets) : row.secrets
    ) as EndpointSecret[];
    return { url: row.url as string, secrets };
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    const [event, endpoint] = await Promise.all([
      log.byId(delivery.eventId),
      endpointOf(delivery.endpointId),
    ]);
    // Deleted meanwhile: its deliveries went with it.
    if (!endpoint) return;
    if (!event) throw new Error(`delivery of ${delivery.eventId}: no such event in the log`);
    const at = clock.now();
    const body = JSON.stringify(wireEvent(event));
    const secrets = liveEndpointSecrets(endpoint.secrets, at);
    const result = await postWebhook({
      url: endpoint.url,
      body,
      headers: signHeaders(secrets, event.id, at, body),
      timeoutMs,
      allowPrivate: options.allowPrivate,
    });
    const settled: Settled = await settleAttempt(db, {
      owner,
      delivery,
      attempt: { at, ...result },
      scheduleMs,
      disableAfterFailures,
    });
    if (!settled.held) return;
    options.onOutcome?.(
      delivery.endpointId,
      result.status === 410 && settled.outcome !== "dead" ? "gone" : settled.outcome,
    );
    if (settled.disabled) options.onDisabled?.(delivery.endpointId, settled.disabled);
  }

  function launch(delivery: ClaimedDelivery) {
    const job: Promise<void> = deliver(delivery)
      .catch((error: unknown) =>
        options.onError(error, `webhook delivery ${delivery.eventId} → ${delivery.endpointId}`),
      )
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  }

  async function cycle() {
    do {
      again = false;
      while (!stopped && (await dispatchPage(db, clock))) {}
      for (;;) {
        const free = concurrency - inFlight.size;
        if (free > 0 && !stopped) {
          const claimed = await claimDue(db, { owner, now: clock.now(), leaseMs, limit: free });
          for (const delivery of claimed) launch(delivery);
          if (claimed.length > 0) continue;
        }
        if (inFlight.size === 0) break;
        // A settled delivery may have made the endpoint's next one the head: claim again.
        await Promise.race(inFlight);
      }
    } while (again && !stopped);
  }

  function poke(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = cycle()
      .catch((error: unknown) => options.onError(error, "outgoing webhooks"))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    poke,
    start() {
      if (stopped) return;
      timer = setInterval(() => void poke(), options.pollMs ?? 1000);
      timer.unref();
      void poke();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.allSettled([...inFlight]);
    },
  };
}
