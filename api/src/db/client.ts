// Opens the API's database: Postgres when DATABASE_URL is set, otherwise embedded PGlite (a data
// directory on disk, or memory:// for tests). Both are driven through the same drizzle `PgDatabase`
// type, so every query, transaction and migration takes one code path.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseHandle = {
  db: Database;
  kind: "pglite" | "postgres";
  /** The Postgres connection string (postgres only): migrations take a dedicated connection. */
  url?: string;
  /** Runs a trivial query; used by /ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = { databaseUrl?: string | undefined; dataDir: string };

export async function openDatabase({
  databaseUrl,
  dataDir,
}: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on("error", () => {});
    const db = drizzlePg({ client: pool, schema }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      url: databaseUrl,
      ping: async () => {
        await pool.query("select 1");
      },
      close: () => pool.end(),
    };
  }
  if (dataDir !== "memory://") mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir === "memory://" ? undefined : dataDir);
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}
