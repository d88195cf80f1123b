// The chain feed's state in the API database: per chain, its cursor (api.event_consumers, named
// chain:<chainId>: the highest block whose feed rows it has compared and logged), the lease that
// makes one process the poller (api.leases, same name), and the events it logged (api.chain_feed).
// Recording is fenced by the lease: a process that lost it (stalled past its lease while another
// took over) records nothing, and what it appended meanwhile was logged under deterministic ids.
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import type { LoggedChainEvent } from "./events.ts";

export type StoredChainEvent = LoggedChainEvent & { retracted: boolean };

export type FeedStore = {
  cursor(chainId: number): Promise<bigint | null>;
  /** Takes or renews the chain's lease; false while another process holds it. */
  hold(chainId: number): Promise<boolean>;
  release(chainId: number): Promise<void>;
  /** The last event still standing below `block`: a point the indexer must still agree with. */
  anchorBelow(chainId: number, block: bigint): Promise<StoredChainEvent | null>;
  /** Every event logged (standing or retracted) in blocks [from, to]. */
  loggedIn(chainId: number, from: bigint, to: bigint): Promise<StoredChainEvent[]>;
  /** Records what was appended and retracted and moves the cursor, if this process holds the lease. */
  record(
    chainId: number,
    change: { appended: LoggedChainEvent[]; retracted: string[]; cursor: bigint },
  ): Promise<void>;
};

type Row = Record<string, unknown>;
const rowsOf = (result: unknown) =>
  ((result as { rows?: Row[] }).rows ?? (result as Row[])) as Row[];

const nameOf = (chainId: number) => `chain:${chainId}`;

function toStored(row: Row): StoredChainEvent {
  return {
    eventId: row.event_id as string,
    chainId: Number(row.chain_id),
    blockNumber: BigInt(row.block_number as string | number | bigint),
    logIndex: Number(row.log_index),
    blockHash: row.block_hash as string,
    generation: Number(row.generation),
    type: row.type as string,
    account: (row.account as string | null) ?? null,
    retracted: row.retracted_at !== null && row.retracted_at !== undefined,
  };
}

export function createFeedStore(options: {
  db: Database;
  clock: Clock;
  /** This process's name, the lease holder. */
  owner: string;
  leaseMs: number;
}): FeedStore {
  const { db, clock, owner, leaseMs } = options;
  const now = () => clock.now().toISOString();

  return {
    async cursor(chainId) {
      const [row] = rowsOf(
        await db.execute(
          sql`select cursor from api.event_consumers where name = ${nameOf(chainId)}`,
        ),
      );
      return row ? BigInt(row.cursor as string | number | bigint) : null;
    },
    async hold(chainId) {
      const at = clock.now();
      const rows = rowsOf(
        await db.execute(sql`
          insert into api.leases (name, holder, until)
          values (${nameOf(chainId)}, ${owner}, ${new Date(at.getTime() + leaseMs).toISOString()})
          on conflict (name) do update set holder = excluded.holder, until = excluded.until
          where api.leases.until < ${at.toISOString()} or api.leases.holder = ${owner}
          returning holder`),
      );
      return rows.length > 0;
    },
    async release(chainId) {
      await db.execute(
        sql`delete from api.leases where name = ${nameOf(chainId)} and holder = ${owner}`,
      );
    },
    async anchorBelow(chainId, block) {
      const [row] = rowsOf(
        await db.execute(sql`
          select * from api.chain_feed
          where chain_id = ${chainId} and block_number < ${block.toString()}::bigint
            and retracted_at is null
          order by block_number desc, log_index desc
          limit 1`),
      );
      return row ? toStored(row) : null;
    },
    async loggedIn(chainId, from, to) {
      const rows = rowsOf(
        await db.execute(sql`
          select * from api.chain_feed
          where chain_id = ${chainId}
            and block_number between ${from.toString()}::bigint and ${to.toString()}::bigint
          order by block_number, log_index, generation`),
      );
      return rows.map(toStored);
    },
    async record(chainId, { appended, retracted, cursor }) {
      const name = nameOf(chainId);
      await db.transaction(async (tx) => {
        const held = rowsOf(
          await tx.execute(sql`
            select holder from api.leases where name = ${name} and holder = ${owner} for update`),
        );
        if (held.length === 0) throw new Error(`chain feed ${name}: the lease was taken over`);
        if (appended.length > 0) {
          const rows = JSON.stringify(
            appended.map((event) => ({ ...event, blockNumber: event.blockNumber.toString() })),
          );
          await tx.execute(sql`
            insert into api.chain_feed
              (event_id, chain_id, block_number, log_index, block_hash, generation, type, account, logged_at)
            select e->>'eventId', (e->>'chainId')::int, (e->>'blockNumber')::bigint,
                   (e->>'logIndex')::int, e->>'blockHash', (e->>'generation')::int, e->>'type',
                   e->>'account', ${now()}::timestamptz
            from jsonb_array_elements(${rows}::jsonb) as t(e)
            on conflict do nothing`);
        }
        if (retracted.length > 0) {
          await tx.execute(sql`
            update api.chain_feed set retracted_at = ${now()}::timestamptz
            where event_id in (select jsonb_array_elements_text(${JSON.stringify(retracted)}::jsonb))
              and retracted_at is null`);
        }
        await tx.execute(sql`
          insert into api.event_consumers (name, cursor, updated_at)
          values (${name}, ${cursor.toString()}::bigint, ${now()}::timestamptz)
          on conflict (name) do update set cursor = excluded.cursor, updated_at = excluded.updated_at`);
      });
    },
  };
}
