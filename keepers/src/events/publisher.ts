// Delivers keeper events to the API as Standard Webhooks (POST /v1/webhooks/<source>, signed with the
// source's whsec_ secret by the `standardwebhooks` package): swap events ("lightning.swap"), which the
// API streams to each swap's account on /v1/stream, and the scheduled jobs' protocol events
// ("protocol.liquidation", "protocol.oracle.breaker_tripped", ...). keepers.swap_events
// (keepers.job_events) is the outbox: every state change is written there in the same transaction as
// the change itself, so no event is lost to a crash. One keeper at a time holds the outbox's lease and
// sends undelivered events in id order, one message each (a swap's changes are committed in order, so
// each swap's events arrive in order), marking them delivered once the API answered 2xx. A message the
// API never acknowledged is sent again under the same webhook-id: delivery is at least once, and the
// API drops repeats by webhook-id, durably. A message the API refuses for good (400, 413 or 422: this
// keeper is newer than the API's event catalogue) is logged as an error and set aside, so one bad
// event never holds up the rest; a refused signature or an unknown source (401, 403, 404) is
// configuration, and the events wait for it to be fixed.

import type { Logger } from "pino";
import { Webhook } from "standardwebhooks";
import type { Sql } from "../db/sql.ts";
import { swapJson } from "../swaps/json.ts";
import { fromRow } from "../swaps/store.ts";

export type EventPublisherOptions = {
  sql: Sql;
  /** The API's webhook URL for this keeper fleet's source, e.g. http://127.0.0.1:8787/v1/webhooks/keeper. */
  url: string;
  /** The source's whsec_ secret (the API's API_INGRESS_SECRETS entry for this keeper fleet). */
  secret: string;
  /** This keeper's name: the lease owner. */
  owner: string;
  logger: Logger;
  batch?: number;
  idleMs?: number;
  /**
   * Least time between two deliveries: a busy keeper sends what gathered meanwhile together (fewer,
   * larger requests) instead of one request per change; an idle one sends a change at once.
   */
  spacingMs?: number;
  leaseMs?: number;
  timeoutMs?: number;
  /** What is delivered (default: swap events). */
  outbox?: Outbox;
};

/** One event as a webhook message: its id (webhook-id), type, time and data. */
export type OutboxMessage = {
  id: string;
  webhookId: string;
  type: string;
  at: string;
  data: Record<string, unknown>;
};

/** A table of events to deliver in id order, and the lease that makes one keeper the sender. */
export type Outbox = {
  lease: string;
  /** Marks `acknowledged` delivered and returns up to `batch` undelivered events, oldest first. */
  take(sql: Sql, batch: number, acknowledged: string[]): Promise<OutboxMessage[]>;
  markDelivered(sql: Sql, ids: string[]): Promise<void>;
};

/** keepers.swap_events, each sent with its swap as it is now. */
export const swapOutbox: Outbox = {
  lease: "events",
  async take(sql, batch, acknowledged) {
    const rows = await sql.query(
      `with delivered as (
         update keepers.swap_events set delivered_at = $3
         where id = any($2::bigint[]) and delivered_at is null
         returning id)
       select e.id as event_id, e.from_state, e.to_state, e.detail, e.at as event_at, s.*
       from keepers.swap_events e join keepers.swaps s on s.payment_hash = e.payment_hash
       where e.delivered_at is null and e.id not in (select id from delivered)
       order by e.id
       limit $1`,
      [batch, acknowledged, new Date()],
    );
    return rows.map((row) => {
      const swap = swapJson(fromRow(row));
      const id = String(row.event_id);
      return {
        id,
        webhookId: `swap-event-${id}`,
        type: "lightning.swap",
        at: new Date(row.event_at as string).toISOString(),
        data: {
          eventId: id,
          paymentHash: swap.paymentHash,
          direction: swap.direction,
          account: swap.account,
          from: (row.from_state as string | null) ?? null,
          state: row.to_state as string,
          detail: (row.detail as Record<string, unknown> | null) ?? null,
          // The swap as it is now (it may have moved on since this event).
          swap,
        },
      };
    });
  },
  async markDelivered(sql, ids) {
    await sql.query(
      "update keepers.swap_events set delivered_at = $2 where id = any($1::bigint[]) and delivered_at is null",
      [ids, new Date()],
    );
  },
};

/** keepers.job_events: liquidations, breaker trips, stale feeds, distributions, refunds. */
export const protocolOutbox: Outbox = {
  lease: "protocol-events",
  async take(sql, batch, acknowledged) {
    const rows = await sql.query(
      `with delivered as (
         update keepers.job_events set delivered_at = $3
         where id = any($2::bigint[]) and delivered_at is null
         returning id)
       select id, type, account, data, at from keepers.job_events
       where delivered_at is null and id not in (select id from delivered)
       order by id limit $1`,
      [batch, acknowledged, new Date()],
    );
    return rows.map((row) => {
      const id = String(row.id);
      const account = (row.account as string | null) ?? null;
      return {
        id,
        webhookId: `job-event-${id}`,
        type: `protocol.${row.type as string}`,
        at: new Date(row.at as string).toISOString(),
        data: {
          ...(row.data as Record<string, unknown>),
          eventId: id,
          ...(account ? { account } : {}),
        },
      };
    });
  },
  async markDelivered(sql, ids) {
    await sql.query(
      "update keepers.job_events set delivered_at = $2 where id = any($1::bigint[]) and delivered_at is null",
      [ids, new Date()],
    );
  },
};

/** The Standard Webhooks headers of `body` sent as message `webhookId` at `at`. */
export function webhookHeaders(secret: string, webhookId: string, body: string, at = new Date()) {
  return {
    "content-type": "application/json",
    "webhook-id": webhookId,
    "webhook-timestamp": Math.floor(at.getTime() / 1000).toString(),
    "webhook-signature": new Webhook(secret).sign(webhookId, at, body),
  };
}

/**
 * A refusal of the event itself, which no resend can change: 400 (not an event the API knows), 413,
 * 422. Not 401/403/404 (a secret or a source being set up: fixed, the events flow again), nor 408/429.
 */
const isPermanent = (status: number) => status === 400 || status === 413 || status === 422;

export class EventPublisher {
  readonly #o: Required<EventPublisherOptions>;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #failures = 0;
  /** Until when this publisher knows it holds the lease (0: it does not). */
  #heldUntil = 0;
  /**
   * Events the API acknowledged but not yet marked delivered: marked by the next delivery's query (the
   * publisher asks again at once after sending), saving a round trip each time. A crash before it
   * leaves them to be sent again, which the API drops by webhook-id.
   */
  #acknowledged: string[] = [];
  /** When the last delivery was sent (for `spacingMs`). */
  #lastSent = 0;

  constructor(options: EventPublisherOptions) {
    this.#o = {
      batch: 200,
      idleMs: 500,
      spacingMs: 10,
      leaseMs: 15_000,
      timeoutMs: 5_000,
      outbox: swapOutbox,
      ...options,
    };
  }

  /** One delivery round: returns how many events the API acknowledged (0 without the lease or events). */
  async runOnce(): Promise<number> {
    const { sql, url, secret, timeoutMs } = this.#o;
    if (!(await this.#holdLease())) return 0;
    const acknowledged = this.#acknowledged;
    const events = await this.#o.outbox.take(sql, this.#o.batch, acknowledged);
    this.#acknowledged = [];
    let sent = 0;
    try {
      for (const event of events) {
        const body = JSON.stringify({ type: event.type, timestamp: event.at, data: event.data });
        const response = await fetch(url, {
          method: "POST",
          headers: webhookHeaders(secret, event.webhookId, body),
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok) {
          const text = await response.text().catch(() => "");
          if (!isPermanent(response.status)) {
            throw new Error(`webhook answered ${response.status}: ${text.slice(0, 300)}`);
          }
          this.#o.logger.error(
            {
              eventId: event.id,
              type: event.type,
              status: response.status,
              body: text.slice(0, 300),
            },
            "the API refused an event for good: set aside",
          );
        } else {
          await response.arrayBuffer().catch(() => undefined);
        }
        this.#acknowledged.push(event.id);
        sent++;
      }
    } catch (error) {
      // What went through stays acknowledged; the rest goes again, in order, next round.
      if (sent === 0) throw error;
      this.#o.logger.warn(
        { err: (error as Error).message, sent },
        "event delivery stopped part way",
      );
    }
    return sent;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        let sent = 0;
        try {
          const since = Date.now() - this.#lastSent;
          if (since < this.#o.spacingMs) {
            await new Promise((resolve) => setTimeout(resolve, this.#o.spacingMs - since));
          }
          sent = await this.runOnce();
          if (sent > 0) this.#lastSent = Date.now();
          this.#failures = 0;
        } catch (error) {
          this.#failures++;
          this.#o.logger.warn(
            { err: (error as Error).message, failures: this.#failures },
            "event delivery failed; will retry",
          );
        }
        if (sent === 0 && this.#running) {
          // Back off while the API is down (up to 10 s); otherwise poll for new events.
          const wait =
            this.#failures > 0 ? Math.min(250 * 2 ** this.#failures, 10_000) : this.#o.idleMs;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, wait);
            this.#wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.#wake = undefined;
        }
      }
    })();
  }

  /** Sends now (a swap just changed). */
  poke(): void {
    if (this.#failures === 0) this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#heldUntil = 0;
    const acknowledged = this.#acknowledged;
    this.#acknowledged = [];
    await this.#o.outbox.markDelivered(this.#o.sql, acknowledged).catch(() => {});
    await this.#o.sql
      .query("delete from keepers.leases where name = $1 and owner = $2", [
        this.#o.outbox.lease,
        this.#o.owner,
      ])
      .catch(() => {});
  }

  /**
   * Takes or renews the publisher lease; false while another live keeper holds it. A lease held with more
   * than half its time left is not written again (an idle keeper would otherwise write every poll).
   */
  async #holdLease(): Promise<boolean> {
    if (this.#heldUntil - Date.now() > this.#o.leaseMs / 2) return true;
    const now = new Date();
    const rows = await this.#o.sql.query(
      `insert into keepers.leases (name, owner, until) values ($4, $1, $2)
       on conflict (name) do update set owner = excluded.owner, until = excluded.until
         where keepers.leases.owner = excluded.owner or keepers.leases.until < $3
       returning owner`,
      [this.#o.owner, new Date(now.getTime() + this.#o.leaseMs), now, this.#o.outbox.lease],
    );
    this.#heldUntil = rows.length === 1 ? now.getTime() + this.#o.leaseMs : 0;
    return rows.length === 1;
  }
}
