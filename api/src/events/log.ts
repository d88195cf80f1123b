// The append-only event log (api.event_log). Appends are group-committed: callers queue events and
// one flush at a time writes everything queued in one statement (api.append_events, one round trip),
// so each caller's event is durable when its promise resolves, and a burst of webhooks costs one
// commit per batch, not one per event. The statement holds a transaction-scoped advisory lock, so
// cursors are assigned in commit order across every API process on the database: a reader that has
// seen cursor N never later finds one below it.
// An event whose id (or source + webhook id) is already in the log is not written again; its caller
// gets the logged event back with `duplicate: true`.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { badRequest } from "../errors.ts";
import type { Clock } from "../lib/clock.ts";
import { isEventType, latestVersion, payloadError } from "./catalogue.ts";

export type NewEvent = {
  id: string;
  type: string;
  /** Defaults to the type's latest version. */
  version?: number;
  source: string;
  /** Checksummed; null: everyone's. */
  account: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
  webhookId?: string | null;
};

export type LoggedEvent = {
  cursor: bigint;
  id: string;
  type: string;
  version: number;
  source: string;
  account: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
  webhookId: string | null;
};

export type Appended = { event: LoggedEvent; duplicate: boolean };

export type ReadOptions = {
  after: bigint;
  limit: number;
  /** Only this account's events and the broadcasts (account null). */
  audience?: string;
  types?: readonly string[] | undefined;
  /** Only events up to this cursor (inclusive). */
  until?: bigint;
};

export type EventLog = {
  /** Validates, queues and resolves once durable (or found already logged). */
  append(events: readonly NewEvent[]): Promise<Appended[]>;
  read(options: ReadOptions): Promise<LoggedEvent[]>;
  byId(id: string): Promise<LoggedEvent | null>;
  /** The highest cursor written so far (0 for an empty log). */
  head(): Promise<bigint>;
  /** Called after each commit with the events it wrote (not the duplicates), in cursor order. */
  onAppended(listener: (events: LoggedEvent[]) => void): () => void;
};

/** Most events in one flush. */
const maxFlush = 2000;

type Pending = {
  event: NewEvent & { version: number };
  resolve(value: Appended): void;
  reject(error: unknown): void;
};

type Row = Record<string, unknown>;

function toLogged(row: Row): LoggedEvent {
  return {
    cursor: BigInt(row.cursor as string | number | bigint),
    id: row.id as string,
    type: row.type as string,
    version: Number(row.version),
    source: row.source as string,
    account: (row.account as string | null) ?? null,
    payload: (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as Record<
      string,
      unknown
    >,
    occurredAt: new Date(row.occurred_at as string | Date),
    recordedAt: new Date(row.recorded_at as string | Date),
    webhookId: (row.webhook_id as string | null) ?? null,
  };
}

function rowsOf(result: unknown): Row[] {
  return ((result as { rows?: Row[] }).rows ?? (result as Row[])) as Row[];
}

/** Throws 400 event.invalid when the event does not match its catalogue entry. */
export function checkEvent(event: NewEvent): NewEvent & { version: number } {
  if (!isEventType(event.type)) {
    throw badRequest("event.unknown_type", `Unknown event type "${event.type}"`);
  }
  const version = event.version ?? latestVersion(event.type);
  const problem = payloadError(event.type, version, event.payload);
  if (problem) throw badRequest("event.invalid", `Not a ${event.type} v${version}: ${problem}`);
  return { ...event, version };
}

export function createEventLog(db: Database, clock: Clock): EventLog {
  const queue: Pending[] = [];
  const listeners = new Set<(events: LoggedEvent[]) => void>();
  let flushing = false;

  async function write(batch: Pending[]): Promise<Appended[]> {
    const recordedAt = clock.now().toISOString();
    const rows = JSON.stringify(
      batch.map(({ event }) => ({
        id: event.id,
        type: event.type,
        version: event.version,
        source: event.source,
        account: event.account,
        payload: event.payload,
        occurred_at: event.occurredAt.toISOString(),
        webhook_id: event.webhookId ?? null,
      })),
    );
    const sentById = new Map(batch.map(({ event }) => [event.id, event]));
    // One statement (api.append_events): the append lock, the insert and the NOTIFY, committed
    // together; what was skipped as already logged is read afterwards (it is committed).
    const inserted = rowsOf(
      await db.execute(
        sql`select * from api.append_events(${rows}::jsonb, ${recordedAt}::timestamptz)`,
      ),
    ).map((row) => {
      // The rest is what was sent: no need to read the payload back.
      const sent = sentById.get(row.o_id as string)!;
      return {
        cursor: BigInt(row.o_cursor as string),
        id: sent.id,
        type: sent.type,
        version: sent.version,
        source: sent.source,
        account: sent.account,
        payload: sent.payload,
        occurredAt: sent.occurredAt,
        recordedAt: new Date(row.o_recorded_at as string),
        webhookId: sent.webhookId ?? null,
      } satisfies LoggedEvent;
    });
    const byId = new Map(inserted.map((event) => [event.id, event]));
    const missing = batch.filter(({ event }) => !byId.has(event.id));
    const existing = new Map<string, LoggedEvent>();
    if (missing.length > 0) {
      const found = rowsOf(
        await db.execute(sql`
          select l.* from api.event_log l
          join jsonb_array_elements(${JSON.stringify(
            missing.map(({ event }) => ({
              id: event.id,
              source: event.source,
              webhook_id: event.webhookId ?? null,
            })),
          )}::jsonb) as m(e)
            on l.id = m.e->>'id'
            or (l.source = m.e->>'source' and l.webhook_id = m.e->>'webhook_id')`),
      ).map(toLogged);
      for (const event of found) {
        existing.set(event.id, event);
        if (event.webhookId !== null)
          existing.set(`${event.source}\u0000${event.webhookId}`, event);
      }
    }
    const seen = new Set<string>();
    return batch.map(({ event }) => {
      const fresh = byId.get(event.id);
      // The same id twice in one batch: the first is the write, the second a duplicate.
      if (fresh && !seen.has(event.id)) {
        seen.add(event.id);
        return { event: fresh, duplicate: false };
      }
      const logged =
        fresh ??
        existing.get(event.id) ??
        (event.webhookId ? existing.get(`${event.source}\u0000${event.webhookId}`) : undefined);
      if (!logged) throw new Error(`event ${event.id} was neither written nor found`);
      return { event: logged, duplicate: true };
    });
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxFlush);
        let results: Appended[];
        try {
          results = await write(batch);
        } catch (error) {
          for (const pending of batch) pending.reject(error);
          continue;
        }
        for (const [i, pending] of batch.entries()) pending.resolve(results[i]!);
        const fresh = results.filter(({ duplicate }) => !duplicate).map(({ event }) => event);
        if (fresh.length > 0) for (const listener of listeners) listener(fresh);
      }
    } finally {
      flushing = false;
    }
  }

  return {
    append(events) {
      let checked: (NewEvent & { version: number })[];
      try {
        checked = events.map(checkEvent);
      } catch (error) {
        return Promise.reject(error);
      }
      const done = Promise.all(
        checked.map(
          (event) =>
            new Promise<Appended>((resolve, reject) => queue.push({ event, resolve, reject })),
        ),
      );
      void flush();
      return done;
    },
    async read({ after, limit, audience, types, until }) {
      const result = await db.execute(sql`
        select * from api.event_log
        where cursor > ${after.toString()}::bigint
          ${until === undefined ? sql`` : sql`and cursor <= ${until.toString()}::bigint`}
          ${audience === undefined ? sql`` : sql`and (account = ${audience} or account is null)`}
          ${
            types && types.length > 0
              ? sql`and type in (${sql.join(
                  types.map((type) => sql`${type}`),
                  sql`, `,
                )})`
              : sql``
          }
        order by cursor
        limit ${limit}`);
      return rowsOf(result).map(toLogged);
    },
    async byId(id) {
      const [row] = rowsOf(await db.execute(sql`select * from api.event_log where id = ${id}`));
      return row ? toLogged(row) : null;
    },
    async head() {
      const [row] = rowsOf(
        await db.execute(sql`select coalesce(max(cursor), 0) as head from api.event_log`),
      );
      return BigInt((row?.head as string | number | undefined) ?? 0);
    },
    onAppended(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** An event as stream clients and webhook endpoints see it. */
export function wireEvent(event: LoggedEvent) {
  return {
    kind: event.type,
    type: event.type,
    version: event.version,
    id: event.id,
    cursor: event.cursor.toString(),
    account: event.account,
    at: event.occurredAt.toISOString(),
    data: event.payload,
  };
}
