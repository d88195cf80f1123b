// The keepers' database: Postgres when a URL is given, otherwise embedded PGlite (a data directory,
// or memory:// for tests). Both are driven through one tiny interface of parameterised SQL, because
// the bridge's correctness rests on statements that must be read exactly as written: row locks with
// SKIP LOCKED, compare-and-set updates, advisory locks.
import { mkdirSync } from "node:fs";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import pg from "pg";

export type Row = Record<string, unknown>;

/** Something that runs parameterised SQL ($1, $2, ...). */
export type Queryable = {
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
};

export type Sql = Queryable & {
  kind: "pglite" | "postgres";
  /** Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Holds a session-level advisory lock on a dedicated connection until `release` (Postgres), or
   * within this process (PGlite: one process owns the data directory). Resolves false when taken.
   */
  tryAdvisoryLock(key: bigint): Promise<{ release(): Promise<void> } | false>;
  close(): Promise<void>;
};

export type OpenSqlOptions = { databaseUrl?: string | undefined; dataDir: string };

export async function openSql({ databaseUrl, dataDir }: OpenSqlOptions): Promise<Sql> {
  return databaseUrl ? openPostgres(databaseUrl) : openPglite(dataDir);
}

function openPostgres(url: string): Sql {
  // Each swap task and the HTTP interface take connections briefly; 20 keep a busy keeper from queueing
  // on the pool (several keepers on one Postgres: 20 each, well within max_connections).
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  return {
    kind: "postgres",
    async query<T extends Row>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await fn({
          query: async <T extends Row>(text: string, params: unknown[] = []) =>
            (await client.query(text, params)).rows as T[],
        });
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async tryAdvisoryLock(key) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      client.on("error", () => {});
      const { rows } = await client.query<{ locked: boolean }>(
        "select pg_try_advisory_lock($1::bigint) as locked",
        [key.toString()],
      );
      if (!rows[0]?.locked) {
        await client.end();
        return false;
      }
      return { release: () => client.end() };
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Sql> {
  if (dataDir !== "memory://") mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir === "memory://" ? undefined : dataDir);
  const held = new Set<bigint>();
  const run =
    (target: PGlite | Transaction) =>
    async <T extends Row>(text: string, params: unknown[] = []) =>
      (await target.query<T>(text, params)).rows;
  return {
    kind: "pglite",
    query: run(client),
    transaction: (fn) => client.transaction((tx) => fn({ query: run(tx) })),
    async tryAdvisoryLock(key) {
      if (held.has(key)) return false;
      held.add(key);
      return { release: async () => void held.delete(key) };
    },
    close: () => client.close(),
  };
}
