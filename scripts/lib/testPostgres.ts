// Test support shared by the workspaces whose suites run on Postgres too: the test server
// (TEST_DATABASE_URL), whether it answers (under CI=true it must), and throwaway databases on it.
import pg from "pg";

export const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function probe(): Promise<string | null> {
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

/** Why Postgres cannot be used here (null when it can). Under CI=true an unreachable server throws. */
export const postgresProblem = await probe();
if (postgresProblem && process.env.CI === "true") {
  throw new Error(
    `CI=true but Postgres is not reachable at ${testDatabaseUrl}: ${postgresProblem}`,
  );
}

/**
 * A suite's name and vitest options when it needs Postgres: skipped, with the reason in its name, when
 * no server answers (vitest's skip takes no reason). Use as `describe(...onPostgres(name), body)`.
 */
export function onPostgres(name: string): [string, { skip: boolean }] {
  return postgresProblem
    ? [`${name} (skipped: Postgres not reachable: ${postgresProblem})`, { skip: true }]
    : [name, { skip: false }];
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A new empty database on the test server, and a way to drop it (closing its connections). */
export async function createTestDatabase(
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now()}_${counter++}`;
  await admin(`create database "${name}"`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}
