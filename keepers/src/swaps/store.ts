// Durable swaps in keepers.swaps. Work is split between keeper processes with leases taken under row
// locks (`for update skip locked`): a due swap is leased by exactly one keeper for `leaseMs`, and every
// transition is a compare-and-set on (version, lease owner), so a keeper that lost its lease (paused,
// partitioned, killed) can never overwrite what another keeper did since. We chose row locks over a job
// queue library: the swap row is the state, so leasing the row itself is the whole coordination, with no
// second table to keep consistent with it; and it works the same on PGlite for a single embedded keeper.
import type { Queryable, Row, Sql } from "../db/sql.ts";
import { KeeperError } from "../errors.ts";
import { type Direction, finalStates, type SwapState } from "./states.ts";

export type Swap = {
  paymentHash: string;
  direction: Direction;
  state: SwapState;
  chainId: number;
  account: string;
  synth: string;
  sats: bigint;
  amount: bigint;
  fee: bigint;
  quotedAt: bigint;
  timelock: bigint | null;
  /** The invoice's final CLTV delta in blocks (burns: the payee's; mints: ours). */
  cltvDelta: number | null;
  invoice: string | null;
  invoiceExpiresAt: bigint | null;
  preimage: string | null;
  reference: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  /** The last failed attempt at a step (retried; not the swap's failure). */
  lastError: { code: string; message: string | null } | null;
  attempts: number;
  nextRunAt: Date;
  /** The keeper leasing it now (null when free). */
  leaseOwner: string | null;
  /** The keeper that created the swap, which drives it (see `lease`); null for older swaps. */
  homeKeeper: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export type NewSwap = Pick<
  Swap,
  | "paymentHash"
  | "direction"
  | "state"
  | "chainId"
  | "account"
  | "synth"
  | "sats"
  | "amount"
  | "fee"
  | "quotedAt"
> &
  Partial<Pick<Swap, "timelock" | "cltvDelta" | "invoice" | "invoiceExpiresAt" | "reference">>;

/** Columns a transition may change. */
export type SwapPatch = Partial<
  Pick<
    Swap,
    | "timelock"
    | "invoice"
    | "invoiceExpiresAt"
    | "preimage"
    | "failureCode"
    | "failureMessage"
    | "amount"
    | "fee"
    | "quotedAt"
  >
>;

const columns: Record<keyof SwapPatch, string> = {
  timelock: "timelock",
  invoice: "invoice",
  invoiceExpiresAt: "invoice_expires_at",
  preimage: "preimage",
  failureCode: "failure_code",
  failureMessage: "failure_message",
  amount: "amount",
  fee: "fee",
  quotedAt: "quoted_at",
};

type SwapRow = Record<string, unknown>;

/** A `keepers.swaps` row (as the driver returns it) as a Swap. */
export function fromRow(r: SwapRow): Swap {
  const big = (v: unknown) => (v === null || v === undefined ? null : BigInt(v as string));
  return {
    paymentHash: r.payment_hash as string,
    direction: r.direction as Direction,
    state: r.state as SwapState,
    chainId: Number(r.chain_id),
    account: r.account as string,
    synth: r.synth as string,
    sats: BigInt(r.sats as string),
    amount: BigInt(r.amount as string),
    fee: BigInt(r.fee as string),
    quotedAt: BigInt(r.quoted_at as string),
    timelock: big(r.timelock),
    cltvDelta: r.cltv_delta === null || r.cltv_delta === undefined ? null : Number(r.cltv_delta),
    invoice: (r.invoice as string | null) ?? null,
    invoiceExpiresAt: big(r.invoice_expires_at),
    preimage: (r.preimage as string | null) ?? null,
    reference: (r.reference as string | null) ?? null,
    failureCode: (r.failure_code as string | null) ?? null,
    failureMessage: (r.failure_message as string | null) ?? null,
    lastError: r.last_error_code
      ? {
          code: r.last_error_code as string,
          message: (r.last_error_message as string | null) ?? null,
        }
      : null,
    attempts: Number(r.attempts),
    nextRunAt: new Date(r.next_run_at as string),
    leaseOwner: (r.lease_owner as string | null) ?? null,
    homeKeeper: (r.home_keeper as string | null) ?? null,
    version: Number(r.version),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

const serialize = (v: unknown) => (typeof v === "bigint" ? v.toString() : v);
const eventDetail = (detail: Record<string, unknown> | null) =>
  detail === null ? null : JSON.stringify(detail, (_, v) => serialize(v));

export class LeaseLostError extends KeeperError {
  constructor(paymentHash: string) {
    super("keepers.lease_lost", `swap ${paymentHash} changed under another keeper's lease`, {
      retryable: true,
    });
  }
}

export class SwapStore {
  readonly #sql: Sql;
  readonly #now: () => Date;

  constructor(sql: Sql, now: () => Date = () => new Date()) {
    this.#sql = sql;
    this.#now = now;
  }

  /** Records a new swap; a payment hash the bridge has ever seen is refused. */
  async create(swap: NewSwap, keeper: string): Promise<Swap> {
    // The row and its first event in one statement (one round trip, one transaction).
    const rows = await this.#sql.query(
      `with created as (
         insert into keepers.swaps (payment_hash, direction, state, chain_id, account, synth, sats, amount,
           fee, quoted_at, timelock, invoice, invoice_expires_at, reference, cltv_delta, next_run_at,
           created_at, updated_at, home_keeper)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16, $15, $15, $15, $17)
         on conflict (payment_hash) do nothing
         returning *),
       logged as (
         insert into keepers.swap_events (payment_hash, from_state, to_state, detail, keeper, at)
         select payment_hash, null, state, '{"created":true}'::jsonb, $17::text, $15::timestamptz
         from created)
       select * from created`,
      [
        swap.paymentHash,
        swap.direction,
        swap.state,
        swap.chainId,
        swap.account.toLowerCase(),
        swap.synth.toLowerCase(),
        swap.sats,
        swap.amount,
        swap.fee,
        swap.quotedAt,
        swap.timelock ?? null,
        swap.invoice ?? null,
        swap.invoiceExpiresAt ?? null,
        swap.reference ?? null,
        this.#now(),
        swap.cltvDelta ?? null,
        keeper,
      ].map(serialize),
    );
    if (!rows[0]) {
      throw new KeeperError(
        "lightning.payment_hash_used",
        `payment hash ${swap.paymentHash} was already used: every swap needs a new preimage`,
      );
    }
    return fromRow(rows[0]);
  }

  async get(paymentHash: string): Promise<Swap | undefined> {
    const rows = await this.#sql.query("select * from keepers.swaps where payment_hash = $1", [
      paymentHash,
    ]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** An account's swaps, newest first, keyset-paged by (created_at, payment_hash). */
  async listByAccount(
    account: string,
    options: { limit?: number; before?: { createdAt: Date; paymentHash: string } } = {},
  ): Promise<Swap[]> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
    const rows = options.before
      ? await this.#sql.query(
          `select * from keepers.swaps where account = $1 and (created_at, payment_hash) < ($2, $3)
           order by created_at desc, payment_hash desc limit $4`,
          [account.toLowerCase(), options.before.createdAt, options.before.paymentHash, limit],
        )
      : await this.#sql.query(
          `select * from keepers.swaps where account = $1 order by created_at desc, payment_hash desc limit $2`,
          [account.toLowerCase(), limit],
        );
    return rows.map(fromRow);
  }

  /**
   * Leases up to `limit` due, unfinished swaps to `keeper` for `leaseMs` (or just `only`, due or not).
   * Rows another keeper is leasing right now (its lease not yet expired, or its row locked mid-lease)
   * are skipped, never waited on. With `takeoverMs`, a swap another keeper created is leased only once
   * it has been due that long (its creator dead or saturated), so that concurrent keepers split the
   * work as their swaps were created instead of racing for every event.
   */
  async lease(
    keeper: string,
    limit: number,
    leaseMs: number,
    only?: string,
    takeoverMs?: number,
  ): Promise<Swap[]> {
    const now = this.#now();
    const takeoverBefore = takeoverMs === undefined ? null : new Date(now.getTime() - takeoverMs);
    const rows = await this.#sql.query(
      `update keepers.swaps s set lease_owner = $1, lease_until = $2
       where s.payment_hash in (
         select payment_hash from keepers.swaps
         where (next_run_at <= $3 or $7::text is not null)
           and ($7::text is null or payment_hash = $7)
           and (lease_until is null or lease_until < $3)
           and not ((direction = 'mint' and state = any($4)) or (direction = 'burn' and state = any($5)))
           and ($8::timestamptz is null or home_keeper is null or home_keeper = $1 or next_run_at <= $8)
         order by next_run_at
         limit $6
         for update skip locked)
       returning s.*`,
      [
        keeper,
        new Date(now.getTime() + leaseMs),
        now,
        finalStates.mint,
        finalStates.burn,
        limit,
        only ?? null,
        takeoverBefore,
      ],
    );
    return rows.map(fromRow);
  }

  /**
   * Moves a leased swap to `to` (same state = progress without a state change), if and only if nobody
   * changed it since it was read and the lease is still this keeper's. Returns the new row.
   */
  async transition(
    swap: Swap,
    keeper: string,
    change: {
      to: SwapState;
      patch?: SwapPatch;
      detail?: Record<string, unknown>;
      runAt?: Date;
      /** Keep the lease, extended by this long (the caller takes the next step at once). */
      keepLeaseMs?: number;
    },
  ): Promise<Swap> {
    const sets = [
      "state = $4",
      "version = version + 1",
      "updated_at = $5",
      "next_run_at = $6",
      "attempts = 0",
      "last_error_code = null",
      "last_error_message = null",
    ];
    const now = this.#now();
    const params: unknown[] = [
      swap.paymentHash,
      swap.version,
      keeper,
      change.to,
      now,
      change.runAt ?? now,
    ];
    for (const [key, value] of Object.entries(change.patch ?? {})) {
      params.push(serialize(value));
      sets.push(`${columns[key as keyof SwapPatch]} = $${params.length}`);
    }
    if (change.keepLeaseMs === undefined) sets.push("lease_owner = null", "lease_until = null");
    else {
      params.push(new Date(now.getTime() + change.keepLeaseMs));
      sets.push(`lease_until = $${params.length}`);
    }
    const update = `update keepers.swaps set ${sets.join(", ")}
       where payment_hash = $1 and version = $2 and lease_owner = $3
       returning *`;
    let rows: Row[];
    if (change.to !== swap.state || change.detail) {
      // The change and its event in one statement (one round trip, one transaction).
      params.push(swap.state, eventDetail(change.detail ?? null));
      const from = params.length - 1;
      rows = await this.#sql.query(
        `with moved as (${update}),
           logged as (
             insert into keepers.swap_events (payment_hash, from_state, to_state, detail, keeper, at)
             select payment_hash, $${from}::text, $4::text, $${from + 1}::jsonb, $3::text, $5::timestamptz
             from moved)
         select * from moved`,
        params,
      );
    } else {
      rows = await this.#sql.query(update, params);
    }
    if (!rows[0]) throw new LeaseLostError(swap.paymentHash);
    return fromRow(rows[0]);
  }

  /** Gives a leased swap back without a state change, to run again at `runAt` (a failed attempt counts). */
  async release(
    swap: Swap,
    keeper: string,
    runAt: Date,
    failed?: { code: string; message: string },
  ): Promise<void> {
    await this.#sql.query(
      `update keepers.swaps set lease_owner = null, lease_until = null, next_run_at = $4,
         attempts = attempts + $5, last_error_code = coalesce($6, last_error_code),
         last_error_message = coalesce($7, last_error_message), updated_at = $8
       where payment_hash = $1 and version = $2 and lease_owner = $3`,
      [
        swap.paymentHash,
        swap.version,
        keeper,
        runAt,
        failed ? 1 : 0,
        failed?.code ?? null,
        failed?.message ?? null,
        this.#now(),
      ],
    );
  }

  /** Records a preimage handed over by its owner (once; it is checked against the hash by the caller). */
  async setPreimage(paymentHash: string, preimage: string): Promise<Swap | undefined> {
    const rows = await this.#sql.query(
      `update keepers.swaps set preimage = $2, updated_at = $3
       where payment_hash = $1 and preimage is null returning *`,
      [paymentHash, preimage, this.#now()],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Payment hashes of swaps in `state` (e.g. invoices to watch again after a restart). */
  async hashesIn(direction: Direction, state: SwapState): Promise<string[]> {
    const rows = await this.#sql.query<{ payment_hash: string }>(
      "select payment_hash from keepers.swaps where direction = $1 and state = $2",
      [direction, state],
    );
    return rows.map((r) => r.payment_hash);
  }

  /**
   * A burn that expired without a lock was locked after all (the user locked late): it is not paid, and
   * its lock is refunded at the timelock like any unpaid burn's. Does nothing to any other swap.
   */
  async reopenLateBurn(paymentHash: string, keeper: string): Promise<boolean> {
    return this.#sql.transaction(async (tx) => {
      const rows = await tx.query(
        `update keepers.swaps set state = 'rejected', version = version + 1, updated_at = $2,
           next_run_at = $2, failure_code = 'lightning.lock_after_expiry',
           failure_message = 'locked after the invoice expired: not paid; the lock is refunded after its timelock (npm run swap -- refund ' || payment_hash || ')'
         where payment_hash = $1 and direction = 'burn' and state = 'expired'
           and failure_code = 'lightning.invoice_expired'
         returning *`,
        [paymentHash, this.#now()],
      );
      if (!rows[0]) return false;
      await this.#event(tx, paymentHash, "expired", "rejected", { lateLock: true }, keeper);
      return true;
    });
  }

  /** Makes a swap due now (an invoice update or a chain event arrived for it). */
  async wake(paymentHash: string): Promise<void> {
    await this.#sql.query(
      "update keepers.swaps set next_run_at = least(next_run_at, $2) where payment_hash = $1",
      [paymentHash, this.#now()],
    );
  }

  /** Every state change of a swap, oldest first. */
  async history(paymentHash: string) {
    return this.#sql.query<{
      from_state: string | null;
      to_state: string;
      detail: unknown;
      keeper: string;
      at: Date;
    }>(
      "select from_state, to_state, detail, keeper, at from keepers.swap_events where payment_hash = $1 order by id",
      [paymentHash],
    );
  }

  async #event(
    tx: Queryable,
    paymentHash: string,
    from: SwapState | null,
    to: SwapState,
    detail: Record<string, unknown> | null,
    keeper: string,
  ): Promise<void> {
    await tx.query(
      "insert into keepers.swap_events (payment_hash, from_state, to_state, detail, keeper, at) values ($1, $2, $3, $4, $5, $6)",
      [paymentHash, from, to, eventDetail(detail), keeper, this.#now()],
    );
  }
}
