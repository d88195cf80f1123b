// Runs a suite once on embedded PGlite and once on Postgres (a fresh database per call, created on
// TEST_DATABASE_URL's server and dropped afterwards). Without a reachable Postgres the Postgres run is
// skipped, except under CI=true, where it fails.
import { describe } from "vitest";
import { createTestDatabase, onPostgres } from "../../../scripts/lib/testPostgres.ts";
import { migrate } from "../db/migrate.ts";
import { openSql, type Sql } from "../db/sql.ts";

export type Backend = "pglite" | "postgres";

/** `describe` once per backend (`name (pglite)`, `name (postgres)`); the body receives the backend. */
export function describeBackends(name: string, body: (backend: Backend) => void): void {
  describe(`${name} (pglite)`, () => body("pglite"));
  describe(...onPostgres(`${name} (postgres)`), () => body("postgres"));
}

/** A migrated, empty keepers database; for Postgres also its URL (to open more connections). */
export async function openTestSql(
  backend: Backend,
): Promise<{ sql: Sql; url?: string; close(): Promise<void> }> {
  if (backend === "pglite") {
    const sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    return { sql, close: () => sql.close() };
  }
  const database = await createTestDatabase("fluxion_keepers_test");
  const sql = await openSql({ databaseUrl: database.url, dataDir: "memory://" });
  await migrate(sql);
  return {
    sql,
    url: database.url,
    async close() {
      await sql.close();
      await database.drop();
    },
  };
}
