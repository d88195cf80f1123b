// Runs a test suite once on embedded PGlite and once on Postgres. The Postgres run uses a fresh
// database per app (created from TEST_DATABASE_URL's server, dropped afterwards). Without a
// reachable Postgres the Postgres run is skipped — except under CI=true, where it fails.
import { describe } from "node:test";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../db/client.ts";

export type Backend = "pglite" | "postgres";

export const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function postgresReachable(): Promise<string | null> {
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

const postgresProblem = await postgresReachable();
if (postgresProblem && process.env.CI === "true") {
  throw new Error(
    `CI=true but Postgres is not reachable at ${testDatabaseUrl}: ${postgresProblem}`,
  );
}

let counter = 0;

/** Opens an empty database on the backend (migrations are applied by buildApp). */
export async function openTestDatabase(backend: Backend): Promise<DatabaseHandle> {
  if (backend === "pglite") return openDatabase({ dataDir: "memory://" });
  const name = `fluxion_api_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: "memory://" });
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: testDatabaseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

/** `describe` once per backend; the body receives the backend to build its apps on. */
export function describeBackends(name: string, body: (backend: Backend) => void): void {
  describe(`${name} [pglite]`, () => body("pglite"));
  describe(
    `${name} [postgres]`,
    { skip: postgresProblem ? `Postgres not reachable: ${postgresProblem}` : false },
    () => body("postgres"),
  );
}
