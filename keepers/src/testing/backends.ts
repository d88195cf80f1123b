// Runs a suite once on embedded PGlite and once on Postgres (a fresh database per call, created on
// TEST_DATABASE_URL's server and dropped afterwards). Without a reachable Postgres the Postgres run is
// skipped, except under CI=true, where it fails.
import pg from "pg";
import { migrate } from "../db/migrate.ts";
import { openSql, type Sql } from "../db/sql.ts";

export type Backend = "pglite" | "postgres";

export const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({
    connectionString: testDatabaseUrl,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const problem = await postgresProblem();
if (problem && process.env.CI === "true") {
  throw new Error(`CI=true but Postgres is not reachable at ${testDatabaseUrl}: ${problem}`);
}

/** The backends to run on here, with the reason a skipped one was skipped. */
export const backends: { backend: Backend; skip: string | false }[] = [
  { backend: "pglite", skip: false },
  { backend: "postgres", skip: problem ? `Postgres not reachable: ${problem}` : false },
];

let counter = 0;

/** A migrated, empty keepers database; for Postgres also its URL (to open more connections). */
export async function openTestSql(
  backend: Backend,
): Promise<{ sql: Sql; url?: string; close(): Promise<void> }> {
  if (backend === "pglite") {
    const sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    return { sql, close: () => sql.close() };
  }
  const name = `fluxion_keepers_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const sql = await openSql({ databaseUrl: url.toString(), dataDir: "memory://" });
  await migrate(sql);
  return {
    sql,
    url: url.toString(),
    async close() {
      await sql.close();
      const dropper = new pg.Client({ connectionString: testDatabaseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
