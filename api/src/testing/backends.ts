// Runs a test suite once on embedded PGlite and once on Postgres. The Postgres run uses a fresh
// database per app (created from TEST_DATABASE_URL's server, dropped afterwards). Without a
// reachable Postgres the Postgres run is skipped — except under CI=true, where it fails.
import { describe } from "vitest";
import { createTestDatabase, onPostgres } from "../../../scripts/lib/testPostgres.ts";
import { type DatabaseHandle, openDatabase } from "../db/client.ts";

export type Backend = "pglite" | "postgres";

/** Opens an empty database on the backend (migrations are applied by buildApp). */
export async function openTestDatabase(backend: Backend): Promise<DatabaseHandle> {
  if (backend === "pglite") return openDatabase({ dataDir: "memory://" });
  const database = await createTestDatabase("fluxion_api_test");
  const handle = await openDatabase({ databaseUrl: database.url, dataDir: "memory://" });
  return {
    ...handle,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

/** `describe` once per backend; the body receives the backend to build its apps on. */
export function describeBackends(name: string, body: (backend: Backend) => void): void {
  describe(`${name} [pglite]`, () => body("pglite"));
  describe(...onPostgres(`${name} [postgres]`), () => body("postgres"));
}
