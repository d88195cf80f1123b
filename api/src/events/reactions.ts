// Reactions: the side effects of events (PAYMENT_RECEIVED → a mint), exactly once across every API
// process on one database.
// - Dispatch: one consumer cursor ("reactions") reads the log in order and writes a pending reaction
//   per (reactor, event) it concerns, advancing the cursor in the same transaction; the consumer row
//   is locked with SKIP LOCKED, so one process dispatches at a time and a crash re-reads, never skips.
// - Work: a process claims due reactions with FOR UPDATE SKIP LOCKED under a lease; a process that
//   dies mid-reaction loses the lease and another takes the reaction over when it expires.
// - Exactly once: a reaction may run more than once (a lease lost mid-way), so each reactor makes its
//   side effect idempotent on a key of its own (the FiatMinter mints once per payment id, ever) and
//   emits its events under deterministic ids (logged once, whoever emits them).
// - Failure: a thrown error retries on Svix's schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
//   10 h, 10 h); after the last, the reaction is dead (a dead letter) until an admin replays it.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { EventLog, LoggedEvent, NewEvent } from "./log.ts";

/** Waits after the 1st, 2nd, ... failure (the first attempt is immediate): 8 attempts in all. */
export const retryScheduleMs = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

export type ReactionOutcome =
  /** Finished: `emit` is appended (deterministic ids), `state` kept as the result. */
  | { kind: "done"; emit?: NewEvent[]; state?: Record<string, unknown> }
  /** Not a failure: look again at `atMs` (e.g. a compliance review is pending). */
  | { kind: "wait"; atMs: number; state?: Record<string, unknown> };

export type ReactionContext = {
  attempt: number;
  /** What earlier attempts saved. */
  state: Record<string, unknown>;
  /** Saves progress before a side effect (e.g. the transaction about to be sent). */
  save(state: Record<string, unknown>): Promise<void>;
};

export type Reactor = {
  name: string;
  types: readonly string[];
  react(event: LoggedEvent, context: ReactionContext): Promise<ReactionOutcome>;
  /** Emitted when the last retry failed (e.g. MINT_FAILED): deterministic ids. */
  onDead?(event: LoggedEvent, error: string): NewEvent[];
};

export type ReactionRow = {
  reactor: string;
  eventId: string;
  eventCursor: string;
  status: "pending" | "running" | "done" | "dead";
  attempts: number;
  nextAt: string;
  lastError: string | null;
  state: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
};

export type ReactionEngine = {
  /** Dispatches what is new in the log and runs what is due; resolves when idle. */
  poke(): Promise<void>;
  /** Sets matching reactions back to pending (done or dead ones); returns how many. */
  replay(filter: ReplayFilter): Promise<number>;
  list(filter: { status?: string; reactor?: string; limit: number }): Promise<ReactionRow[]>;
  counts(): Promise<{ retrying: number; dead: number; pending: number }>;
  start(): void;
  stop(): Promise<void>;
};

export type ReplayFilter =
  | { eventId: string; reactor?: string }
  | { from: Date; to: Date; reactor?: string };

export type ReactionEngineOptions = {
  db: Database;
  log: EventLog;
  clock: Clock;
  reactors: readonly Reactor[];
  /** This process's name, the lease holder. */
  owner: string;
  leaseMs?: number;
  pollMs?: number;
  concurrency?: number;
  scheduleMs?: readonly number[];
  onError(error: unknown, context: string): void;
  onOutcome?(
    reactor: string,
    outcome: "done" | "retry" | "dead" | "wait",
    event: LoggedEvent,
  ): void;
};

type Row = Record<string, unknown>;
const rowsOf = (result: unknown) =>
  ((result as { rows?: Row[] }).rows ?? (result as Row[])) as Row[];
const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

function toReaction(row: Row): ReactionRow {
  return {
    reactor: row.reactor as string,
    eventId: row.event_id as string,
    eventCursor: String(row.event_cursor),
    status: row.status as ReactionRow["status"],
    attempts: Number(row.attempts),
    nextAt: iso(row.next_at)!,
    lastError: (row.last_error as string | null) ?? null,
    state: (typeof row.state === "string" ? JSON.parse(row.state) : row.state) as Record<
      string,
      unknown
    >,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    doneAt: iso(row.done_at),
  };
}

const consumer = "reactions";

export function createReactionEngine(options: ReactionEngineOptions): ReactionEngine {
  const { db, log, clock, reactors, owner } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const schedule = options.scheduleMs ?? retryScheduleMs;
  const concurrency = options.concurrency ?? 4;
  const byName = new Map(reactors.map((reactor) => [reactor.name, reactor]));
  const types = [...new Set(reactors.flatMap((reactor) => reactor.types))];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  const inFlight = new Set<Promise<void>>();

  const now = () => clock.now().toISOString();

  /** Writes pending reactions for the next page of the log; true when there may be more. */
  async function dispatch(): Promise<boolean> {
    return db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into api.event_consumers (name, cursor, updated_at)
        values (${consumer}, 0, ${now()}) on conflict do nothing`);
      const [position] = rowsOf(
        await tx.execute(sql`
          select cursor from api.event_consumers where name = ${consumer} for update skip locked`),
      );
      if (!position) return false;
      const events = rowsOf(
        await tx.execute(sql`
          select cursor, id, type from api.event_log where cursor > ${String(position.cursor)}::bigint
          order by cursor limit 1000`),
      );
      if (events.length === 0) return false;
      const work = events.flatMap((event) =>
        reactors
          .filter((reactor) => reactor.types.includes(event.type as string))
          .map((reactor) => ({
            reactor: reactor.name,
            event_id: event.id,
            event_cursor: String(event.cursor),
          })),
      );
      if (work.length > 0) {
        await tx.execute(sql`
          insert into api.reactions (reactor, event_id, event_cursor, status, next_at, created_at, updated_at)
          select w->>'reactor', w->>'event_id', (w->>'event_cursor')::bigint, 'pending', ${now()}, ${now()}, ${now()}
          from jsonb_array_elements(${JSON.stringify(work)}::jsonb) as t(w)
          on conflict do nothing`);
      }
      await tx.execute(sql`
        update api.event_consumers set cursor = ${String(events.at(-1)!.cursor)}::bigint, updated_at = ${now()}
        where name = ${consumer}`);
      return events.length === 1000;
    });
  }

  async function claim(limit: number): Promise<ReactionRow[]> {
    const at = clock.now();
    const rows = rowsOf(
      await db.execute(sql`
        update api.reactions r
        set status = 'running', leased_by = ${owner},
            lease_until = ${new Date(at.getTime() + leaseMs).toISOString()}, updated_at = ${at.toISOString()}
        where (r.reactor, r.event_id) in (
          select reactor, event_id from api.reactions
          where reactor in (${sql.join(
            [...byName.keys()].map((name) => sql`${name}`),
            sql`, `,
          )})
            and ((status = 'pending' and next_at <= ${at.toISOString()})
              or (status = 'running' and lease_until < ${at.toISOString()}))
          order by next_at, event_cursor
          limit ${limit}
          for update skip locked)
        returning r.*`),
    );
    return rows.map(toReaction);
  }

  /** Updates a reaction this process still holds; false when the lease was lost meanwhile. */
  async function settle(reaction: ReactionRow, set: ReturnType<typeof sql>): Promise<boolean> {
    const rows = rowsOf(
      await db.execute(sql`
        update api.reactions set ${set}, updated_at = ${now()}
        where reactor = ${reaction.reactor} and event_id = ${reaction.eventId}
          and status = 'running' and leased_by = ${owner}
        returning reactor`),
    );
    return rows.length > 0;
  }

  async function run(reaction: ReactionRow): Promise<void> {
    const reactor = byName.get(reaction.reactor)!;
    const event = await log.byId(reaction.eventId);
    if (!event) throw new Error(`reaction to ${reaction.eventId}: no such event`);
    let state = reaction.state;
    const context: ReactionContext = {
      attempt: reaction.attempts + 1,
      get state() {
        return state;
      },
      async save(next) {
        state = next;
        const held = await settle(
          reaction,
          sql`state = ${JSON.stringify(next)}::jsonb, status = 'running'`,
        );
        if (!held) throw new Error("lease lost");
      },
    };
    let outcome: ReactionOutcome;
    try {
      outcome = await reactor.react(event, context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = reaction.attempts + 1;
      if (attempts > schedule.length) {
        const emit = reactor.onDead?.(event, message) ?? [];
        if (emit.length > 0) await log.append(emit);
        await settle(
          reaction,
          sql`status = 'dead', attempts = ${attempts}, last_error = ${message.slice(0, 2000)}, leased_by = null, lease_until = null`,
        );
        options.onOutcome?.(reactor.name, "dead", event);
      } else {
        const next = new Date(clock.now().getTime() + schedule[attempts - 1]!).toISOString();
        await settle(
          reaction,
          sql`status = 'pending', attempts = ${attempts}, next_at = ${next}, last_error = ${message.slice(0, 2000)}, leased_by = null, lease_until = null`,
        );
        options.onOutcome?.(reactor.name, "retry", event);
      }
      return;
    }
    const saved = JSON.stringify(outcome.state ?? state);
    if (outcome.kind === "wait") {
      await settle(
        reaction,
        sql`status = 'pending', next_at = ${new Date(outcome.atMs).toISOString()}, state = ${saved}::jsonb, leased_by = null, lease_until = null`,
      );
      options.onOutcome?.(reactor.name, "wait", event);
      return;
    }
    if (outcome.emit && outcome.emit.length > 0) await log.append(outcome.emit);
    await settle(
      reaction,
      sql`status = 'done', done_at = ${now()}, state = ${saved}::jsonb, last_error = null, leased_by = null, lease_until = null`,
    );
    options.onOutcome?.(reactor.name, "done", event);
  }

  async function cycle() {
    do {
      again = false;
      while (await dispatch()) {}
      for (;;) {
        const free = concurrency - inFlight.size;
        if (free <= 0 || stopped) break;
        const claimed = await claim(free);
        if (claimed.length === 0) break;
        for (const reaction of claimed) {
          const job: Promise<void> = run(reaction)
            .catch((error: unknown) =>
              options.onError(error, `reaction ${reaction.reactor} ${reaction.eventId}`),
            )
            .finally(() => {
              inFlight.delete(job);
              void poke();
            });
          inFlight.add(job);
        }
      }
    } while (again && !stopped);
  }

  function poke(): Promise<void> {
    // A process without reactors has nothing to dispatch (another process's engine does it).
    if (reactors.length === 0) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = cycle()
      .catch((error: unknown) => options.onError(error, "reactions"))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    poke,
    async replay(filter) {
      const reactorFilter = filter.reactor ? sql`and r.reactor = ${filter.reactor}` : sql``;
      const events =
        "eventId" in filter
          ? sql`l.id = ${filter.eventId}`
          : sql`l.occurred_at >= ${filter.from.toISOString()} and l.occurred_at <= ${filter.to.toISOString()}`;
      const names = (filter.reactor ? [filter.reactor] : [...byName.keys()]).filter((name) =>
        byName.has(name),
      );
      if (names.length === 0) return 0;
      // Events whose reactions never got written (the dispatcher has not reached them) get them now.
      const work = reactors.filter((reactor) => names.includes(reactor.name));
      await db.execute(sql`
        insert into api.reactions (reactor, event_id, event_cursor, status, next_at, created_at, updated_at)
        select x.name, l.id, l.cursor, 'pending', ${now()}, ${now()}, ${now()}
        from api.event_log l
        join jsonb_to_recordset(${JSON.stringify(work.map((reactor) => ({ name: reactor.name, types: reactor.types })))}::jsonb)
          as x(name text, types jsonb) on x.types ? l.type
        where ${events}
        on conflict do nothing`);
      const rows = rowsOf(
        await db.execute(sql`
          update api.reactions r set status = 'pending', attempts = 0, next_at = ${now()},
            last_error = null, done_at = null, updated_at = ${now()}
          from api.event_log l
          where l.id = r.event_id and (${events}) ${reactorFilter}
            and r.status in ('done', 'dead')
          returning r.reactor`),
      );
      void poke();
      return rows.length;
    },
    async list({ status, reactor, limit }) {
      const rows = rowsOf(
        await db.execute(sql`
          select * from api.reactions where true
          ${status ? sql`and status = ${status}` : sql``}
          ${reactor ? sql`and reactor = ${reactor}` : sql``}
          order by event_cursor desc limit ${limit}`),
      );
      return rows.map(toReaction);
    },
    async counts() {
      const [row] = rowsOf(
        await db.execute(sql`
          select count(*) filter (where status = 'pending' and attempts > 0) as retrying,
                 count(*) filter (where status = 'dead') as dead,
                 count(*) filter (where status = 'running' or (status = 'pending' and attempts = 0)) as pending
          from api.reactions`),
      );
      return {
        retrying: Number(row?.retrying ?? 0),
        dead: Number(row?.dead ?? 0),
        pending: Number(row?.pending ?? 0),
      };
    },
    start() {
      if (types.length === 0) return;
      stopped = false;
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
