// Delivers keeper events to the API's signed ingress: swap events (POST /v1/ingress/keeper), which the API
// streams to each swap's account on /v1/stream, and the scheduled jobs' protocol events (POST
// /v1/ingress/protocol: liquidations, breaker trips, ...). keepers.swap_events (keepers.job_events) is
// the outbox: every state change is written there in the same transaction as the change itself, so no event is lost to a crash. One keeper at a time holds
// the "events" lease and sends undelivered events in id order (a swap's changes are committed in order, so
// each swap's events arrive in order), in batches, marking them delivered once the API answered 2xx. A
// batch the API never acknowledged is sent again: delivery is at least once, and the API drops repeats by
// event id. Bodies are signed HMAC-SHA256(secret, `${unixSeconds}.${body}`) in `x-fluxion-signature`.
import { createHmac } from "node:crypto";
import type { Logger } from "pino";
import type { Sql } from "../db/sql.ts";
import { swapJson } from "../swaps/json.ts";
import { fromRow } from "../swaps/store.ts";

export type EventPublisherOptions = {
  sql: Sql;
  /** The API's ingress URL, e.g. http://127.0.0.1:8787/v1/ingress/keeper. */
  url: string;
  /** Shared HMAC secret (the API's API_INGRESS_SECRETS entry for this keeper fleet). */
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

/** A table of events to deliver in id order, and the lease that makes one keeper the sender. */
export type Outbox = {
  lease: string;
  /**
   * Marks `acknowledged` delivered and returns up to `batch` undelivered events (each with a string
   * `id`), oldest first.
   */
  take(sql: Sql, batch: number, acknowledged: string[]): Promise<{ id: string }[]>;
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
      return {
        id: String(row.event_id),
        paymentHash: swap.paymentHash,
        direction: swap.direction,
        account: swap.account,
        from: (row.from_state as string | null) ?? null,
        state: row.to_state as string,
        at: new Date(row.event_at as string).toISOString(),
        detail: (row.detail as Record<string, unknown> | null) ?? null,
        // The swap as it is now (it may have moved on since this event).
        swap,
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
    return rows.map((row) => ({
      id: String(row.id),
      type: row.type as string,
      account: (row.account as string | null) ?? null,
      at: new Date(row.at as string).toISOString(),
      data: row.data as Record<string, unknown>,
    }));
  },
  async markDelivered(sql, ids) {
    await sql.query(
      "update keepers.job_events set delivered_at = $2 where id = any($1::bigint[]) and delivered_at is null",
      [ids, new Date()],
    );
  },
};

export const signatureHeader = "x-fluxion-signature";

/** The `x-fluxion-signature` value for `body` sent at `at` (unix seconds). */
export function signBody(secret: string, body: string, at: number): string {
  const mac = createHmac("sha256", secret).update(`${at}.${body}`).digest("hex");
  return `t=${at},v1=${mac}`;
}

export class EventPublisher {
  readonly #o: Required<EventPublisherOptions>;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #failures = 0;
  /** Until when this publisher knows it holds the lease (0: it does not). */
  #heldUntil = 0;
  /** Events per delivery: the configured batch, halved each time the API refuses a body as too large. */
  #batch: number;
  /**
   * Events the API acknowledged but not yet marked delivered: marked by the next delivery's query (the
   * publisher asks again at once after sending), saving a round trip each time. A crash before it
   * leaves them to be sent again, which the API drops by event id.
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
    this.#batch = this.#o.batch;
  }

  /** One delivery: returns how many events the API acknowledged (0 without the lease or events). */
  async runOnce(): Promise<number> {
    const { sql, url, secret, timeoutMs } = this.#o;
    const batch = this.#batch;
    if (!(await this.#holdLease())) return 0;
    const acknowledged = this.#acknowledged;
    const events = await this.#o.outbox.take(sql, batch, acknowledged);
    this.#acknowledged = [];
    if (events.length === 0) return 0;
    const body = JSON.stringify({ events });
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [signatureHeader]: signBody(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 413 && events.length > 1) {
      // The API caps ingress bodies: send smaller batches from now on (the same events, in order).
      this.#batch = Math.max(1, Math.floor(events.length / 2));
      this.#o.logger.warn({ batch: this.#batch }, "ingress body too large: smaller batches");
      return this.runOnce();
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw new Error(`ingress answered ${response.status}: ${text.slice(0, 300)}`);
    }
    this.#acknowledged = events.map((e) => e.id);
    return events.length;
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
