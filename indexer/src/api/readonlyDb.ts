// Bounds on the read-only database the API serves from, which Ponder 0.17 keeps to itself: a
// Postgres statement_timeout on its read-only pool (Ponder's is 30 s, and the pool config it
// takes is shared with the indexing pools); a guard that stops a timed-out GraphQL request from
// starting more SQL; and, on PGlite, a turn of the event loop between a request's statements.
// All reach Ponder's own global (`globalThis.PONDER_DATABASE`, which its
// graphql() middleware and `ponder:api` read); Ponder is pinned to 0.17.7 and the shape is checked
// here so an upgrade that moves it fails the start instead of silently dropping the bounds.
import { AsyncLocalStorage } from "node:async_hooks";

type Query = (db: unknown) => unknown;
type QueryBuilder = {
  raw: unknown;
  wrap(...args: unknown[]): Promise<unknown>;
};
type PgClient = { query(sql: string): Promise<unknown> };
type PgPool = { on(event: "connect", listener: (client: PgClient) => void): unknown };
type Pglite = { query(...args: unknown[]): Promise<unknown> };
type PonderDatabase = {
  driver: { dialect: "postgres"; readonly: PgPool } | { dialect: "pglite"; instance: Pglite };
  readonlyQB: QueryBuilder;
};

const GUARDED = Symbol.for("fluxion.indexer.guarded");
const TIMED = Symbol.for("fluxion.indexer.statementTimeout");
const TAKES_TURNS = Symbol.for("fluxion.indexer.takesTurns");

/** The deadline of the request being served (GraphQL only), seen by every query it starts. */
const deadlines = new AsyncLocalStorage<AbortSignal>();

function ponderDatabase(): PonderDatabase {
  const database = (globalThis as { PONDER_DATABASE?: Partial<PonderDatabase> }).PONDER_DATABASE;
  if (
    !database?.driver ||
    typeof database.readonlyQB?.wrap !== "function" ||
    (database.driver.dialect === "postgres" &&
      typeof (database.driver as { readonly?: PgPool }).readonly?.on !== "function") ||
    (database.driver.dialect === "pglite" &&
      typeof (database.driver as { instance?: Pglite }).instance?.query !== "function")
  ) {
    throw new Error(
      "indexer api: Ponder's read-only database is not where Ponder 0.17.7 keeps it; the API's SQL bounds cannot be installed",
    );
  }
  return database as PonderDatabase;
}

/**
 * Installs both bounds once per process (Ponder's dev server re-runs the API file on change).
 * Returns the store's dialect: statement_timeout exists only on Postgres (PGlite runs each
 * statement to its end on the main thread; see indexer/README.md, "Limits").
 */
export function boundReadonlyDb({ statementTimeoutMs }: { statementTimeoutMs: number }): {
  dialect: "postgres" | "pglite";
} {
  const database = ponderDatabase();
  const { driver } = database;
  if (driver.dialect === "postgres") {
    const pool = driver.readonly as PgPool & { [TIMED]?: boolean };
    if (!pool[TIMED]) {
      pool[TIMED] = true;
      // Runs on every new connection before the pool hands it out (queries queue in order).
      pool.on("connect", (client) => {
        client.query(`SET statement_timeout = ${Math.floor(statementTimeoutMs)}`).catch(() => {});
      });
    }
  }
  if (driver.dialect === "pglite") takeTurns(driver.instance);
  const qb = database.readonlyQB as QueryBuilder & { [GUARDED]?: boolean };
  if (!qb[GUARDED]) database.readonlyQB = guard(qb);
  return { dialect: driver.dialect };
}

/** Runs `fn` with `signal` as its deadline: once aborted, the queries it starts fail at once. */
export function withDeadline<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return deadlines.run(signal, fn);
}

function guard(qb: QueryBuilder): QueryBuilder {
  return new Proxy(qb, {
    get(target, property, receiver) {
      if (property === GUARDED) return true;
      const signal = deadlines.getStore();
      if (signal && (property === "raw" || property === "wrap")) {
        signal.throwIfAborted();
        if (property === "wrap") {
          // Ponder retries a failed wrap() up to 9 times: each attempt checks the deadline again.
          return (...args: unknown[]) =>
            target.wrap(
              ...args.map((arg) =>
                typeof arg === "function"
                  ? (db: unknown) => {
                      signal.throwIfAborted();
                      return (arg as Query)(db);
                    }
                  : arg,
              ),
            );
        }
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * PGlite runs on the main thread and resumes its queue from microtasks: the thousands of small
 * statements of one nested GraphQL request ran back to back without a single timer or socket
 * being served (5,000 point reads: 13 s with /health unanswered). Statements of GraphQL requests
 * (those under a deadline) therefore go one at a time with a turn of the event loop before each,
 * and those still waiting when their request's deadline passes are dropped. Indexing's own
 * statements are untouched.
 */
function takeTurns(pglite: Pglite & { [TAKES_TURNS]?: boolean }): void {
  if (pglite[TAKES_TURNS]) return;
  pglite[TAKES_TURNS] = true;
  const query = pglite.query.bind(pglite);
  let tail: Promise<unknown> = Promise.resolve();
  pglite.query = (...args: unknown[]) => {
    const signal = deadlines.getStore();
    if (!signal) return query(...args);
    const result = tail
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => {
        signal.throwIfAborted();
        return query(...args);
      });
    tail = result.then(
      () => {},
      () => {},
    );
    return result;
  };
}
