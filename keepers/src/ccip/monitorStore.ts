// Monitor mode's state (migration 0006, keepers.ccip_monitored): one row per message id the Fluxion gateways
// logged, sent on the source and delivered or failed on the destination, in whichever order they are seen;
// and the alert raised for it, once (a compare-and-set on alerted_at, so monitors sharing the database do
// not alert twice).
import type { Hex } from "viem";
import type { Sql } from "../db/sql.ts";
import type { MonitoredState } from "./types.ts";

export type MonitoredRow = {
  messageId: Hex;
  lane: string;
  kind: "synth" | "liquidity" | null;
  state: MonitoredState;
  sentBlock: bigint | null;
  sentTx: Hex | null;
  sentAt: Date | null;
  deliveredBlock: bigint | null;
  deliveredTx: Hex | null;
  deliveredAt: Date | null;
  failedReason: Hex | null;
  alertedAt: Date | null;
  seenAt: Date;
};

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
const big = (v: unknown) => (v === null || v === undefined ? null : BigInt(String(v)));

function fromRow(r: Record<string, unknown>): MonitoredRow {
  return {
    messageId: r.message_id as Hex,
    lane: r.lane as string,
    kind: (r.kind as MonitoredRow["kind"]) ?? null,
    state: r.state as MonitoredState,
    sentBlock: big(r.sent_block),
    sentTx: (r.sent_tx as Hex | null) ?? null,
    sentAt: date(r.sent_at),
    deliveredBlock: big(r.delivered_block),
    deliveredTx: (r.delivered_tx as Hex | null) ?? null,
    deliveredAt: date(r.delivered_at),
    failedReason: (r.failed_reason as Hex | null) ?? null,
    alertedAt: date(r.alerted_at),
    seenAt: new Date(r.seen_at as string),
  };
}

export type SentEvent = {
  messageId: Hex;
  kind: "synth" | "liquidity";
  blockNumber: bigint;
  txHash: Hex;
  /** The send block's timestamp. */
  blockTime: Date;
};

export type ArrivalEvent = {
  messageId: Hex;
  outcome: "delivered" | "failed";
  blockNumber: bigint;
  txHash: Hex;
  /** MessageFailed's reason. */
  reason?: Hex;
};

export class MonitorStore {
  readonly sql: Sql;
  constructor(sql: Sql) {
    this.sql = sql;
  }

  /** Records sends (a row delivered or failed before its send was seen keeps its state). */
  async recordSent(lane: string, events: SentEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.sql.query(
      `insert into keepers.ccip_monitored (message_id, lane, kind, state, sent_block, sent_tx, sent_at)
       select e.message_id, $1, e.kind, 'sent', e.block::bigint, e.tx, least(e.at::timestamptz, now())
       from jsonb_to_recordset($2::jsonb) as e(message_id text, kind text, block text, tx text, at text)
       on conflict (message_id) do update set kind = excluded.kind, sent_block = excluded.sent_block,
         sent_tx = excluded.sent_tx, sent_at = excluded.sent_at, updated_at = now()`,
      [
        lane,
        JSON.stringify(
          events.map((e) => ({
            message_id: e.messageId.toLowerCase(),
            kind: e.kind,
            block: e.blockNumber.toString(),
            tx: e.txHash.toLowerCase(),
            at: e.blockTime.toISOString(),
          })),
        ),
      ],
    );
  }

  /**
   * Records arrivals in log order: a delivery is final (a failed message retried and delivered is
   * delivered); a failure does not undo a delivery.
   */
  async recordArrival(lane: string, event: ArrivalEvent): Promise<void> {
    await this.sql.query(
      `insert into keepers.ccip_monitored (message_id, lane, state, delivered_block, delivered_tx,
         delivered_at, failed_reason)
       values ($1, $2, $3, $4, $5, now(), $6)
       on conflict (message_id) do update set state = excluded.state,
         delivered_block = excluded.delivered_block, delivered_tx = excluded.delivered_tx,
         delivered_at = excluded.delivered_at,
         failed_reason = coalesce(excluded.failed_reason, keepers.ccip_monitored.failed_reason),
         updated_at = now()
       where keepers.ccip_monitored.state <> 'delivered'`,
      [
        event.messageId.toLowerCase(),
        lane,
        event.outcome,
        event.blockNumber.toString(),
        event.txHash.toLowerCase(),
        event.reason ?? null,
      ],
    );
  }

  /**
   * Claims the alerts now due: failed messages, and messages sent before `overdueBefore` and not
   * delivered. Each is returned once ever.
   */
  async claimAlerts(overdueBefore: Date): Promise<MonitoredRow[]> {
    const rows = await this.sql.query(
      `update keepers.ccip_monitored set alerted_at = now(), updated_at = now()
       where alerted_at is null and (state = 'failed' or (state = 'sent' and sent_at < $1))
       returning *`,
      [overdueBefore],
    );
    return rows.map(fromRow);
  }

  async get(messageId: Hex): Promise<MonitoredRow | undefined> {
    const rows = await this.sql.query(
      "select * from keepers.ccip_monitored where message_id = $1",
      [messageId.toLowerCase()],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async list(
    filter: { state?: MonitoredState; lane?: string; limit?: number } = {},
  ): Promise<MonitoredRow[]> {
    const rows = await this.sql.query(
      `select * from keepers.ccip_monitored
       where ($1::text is null or state = $1) and ($2::text is null or lane = $2)
       order by seen_at desc, message_id limit $3`,
      [filter.state ?? null, filter.lane ?? null, filter.limit ?? 100],
    );
    return rows.map(fromRow);
  }

  async counts(): Promise<{ lane: string; state: MonitoredState; n: number }[]> {
    const rows = await this.sql.query<{ lane: string; state: MonitoredState; n: string }>(
      "select lane, state, count(*)::text as n from keepers.ccip_monitored group by lane, state",
    );
    return rows.map((r) => ({ lane: r.lane, state: r.state, n: Number(r.n) }));
  }

  /** Per lane, the oldest send not yet delivered: its age and its source block. */
  async oldestUndelivered(): Promise<{ lane: string; seconds: number; block: bigint | null }[]> {
    const rows = await this.sql.query<{ lane: string; seconds: string; block: string | null }>(
      `select lane, extract(epoch from now() - min(sent_at))::text as seconds, min(sent_block)::text as block
       from keepers.ccip_monitored where state = 'sent' group by lane`,
    );
    return rows.map((r) => ({
      lane: r.lane,
      seconds: Number(r.seconds),
      block: r.block === null ? null : BigInt(r.block),
    }));
  }
}
