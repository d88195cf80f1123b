// Test and benchmark support: `ponder start` as a child process against a local chain, on PGlite (a
// throwaway directory) or on Postgres (a throwaway schema), with helpers to query it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort } from "../../../scripts/lib/rpc.ts";
import { repoRoot, stopGroup } from "./localChain.ts";

// ponder's exports hide package.json: find the CLI next to its ESM entry (dist/esm/index.js).
const ponderBin = join(dirname(fileURLToPath(import.meta.resolve("ponder"))), "bin/ponder.js");
export const indexerRoot = join(repoRoot, "indexer");

export const postgresUrl =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type Storage =
  | { kind: "pglite"; directory: string }
  | { kind: "postgres"; url: string; schema: string };

/** Whether the test Postgres answers; under CI=true a missing server is an error, not a skip. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch (error) {
    if (process.env.CI === "true") {
      throw new Error(`CI=true needs Postgres at ${postgresUrl}: ${(error as Error).message}`);
    }
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A fresh place to keep the indexer's data, and a way to delete it. Postgres gets a whole throwaway
 * database, not just a schema: Ponder's raw-data cache (`ponder_sync`) is shared by every schema
 * of a database and keys blocks by number, so a new local chain must never meet an old one's blocks.
 */
export async function freshStorage(
  kind: "pglite" | "postgres",
): Promise<{ storage: Storage; drop(): Promise<void> }> {
  if (kind === "pglite") {
    const directory = mkdtempSync(join(tmpdir(), "fluxion-indexer-"));
    return {
      storage: { kind, directory },
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  const database = `fluxion_indexer_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(`create database "${database}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  return {
    storage: { kind, url: url.toString(), schema: "fluxion" },
    drop: () => adminQuery(`drop database if exists "${database}" with (force)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type IndexerProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  /** `performance.now()` when the process was spawned. */
  spawnedAt: number;
  output(): string;
  /** GraphQL query; throws on errors. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<T>;
  get(path: string): Promise<{ status: number; body: unknown }>;
  waitReady(timeoutMs?: number): Promise<void>;
  /** Waits until the HTTP server answers at all (/health, any status): the end of Ponder's startup. */
  waitListening(timeoutMs?: number): Promise<void>;
  /** Ponder's Prometheus metrics (/metrics), as text. */
  metrics(): Promise<string>;
  /** The block the indexer has processed on a chain (from /status; default 31337), or undefined. */
  indexedBlock(chainId?: number): Promise<bigint | undefined>;
  /** Waits until every block up to `blockNumber` of a chain (default 31337) is indexed (visible in the API). */
  waitForBlock(blockNumber: bigint, timeoutMs?: number, chainId?: number): Promise<void>;
  stop(): Promise<number | null>;
};

/** A chain the indexer follows: where its node answers. */
export type IndexedChain = { chainId: number; rpcUrl: string; wsUrl?: string };

/**
 * `ponder start` on the local chain at `rpcUrl` (31337), or on every chain of `chains` (the
 * two-chain setup of `npm run dev`). `root` runs another Ponder app than ours (indexer/) with the same
 * variables (the floor app of bench/indexer.ts).
 */
export async function startIndexer(
  options: ({ rpcUrl: string; wsUrl?: string } | { chains: IndexedChain[] }) & {
    storage: Storage;
    env?: Record<string, string>;
    root?: string;
  },
): Promise<IndexerProcess> {
  const root = options.root ?? indexerRoot;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { storage } = options;
  const chains: IndexedChain[] =
    "chains" in options
      ? options.chains
      : [{ chainId: 31337, rpcUrl: options.rpcUrl, wsUrl: options.wsUrl }];
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...Object.fromEntries(
      chains.flatMap((c) => [
        [`INDEXER_RPC_URL_${c.chainId}`, c.rpcUrl],
        [`INDEXER_WS_URL_${c.chainId}`, c.wsUrl ?? "off"],
      ]),
    ),
    INDEXER_CHAIN_IDS: chains.map((c) => c.chainId).join(","),
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  if (storage.kind === "pglite") {
    env.INDEXER_PGLITE_DIR = storage.directory;
    env.DATABASE_SCHEMA = "fluxion";
  } else {
    env.DATABASE_URL = storage.url;
    env.DATABASE_SCHEMA = storage.schema;
  }
  const spawnedAt = performance.now();
  const child = spawn(
    process.execPath,
    [ponderBin, "start", "--root", root, "--port", String(port), "--hostname", "127.0.0.1"],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });

  const indexer: IndexerProcess = {
    url,
    port,
    child,
    spawnedAt,
    output: () => output,
    async graphql(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data as never;
    },
    async get(path) {
      const response = await fetch(`${url}${path}`);
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON.
      }
      return { status: response.status, body };
    },
    async waitReady(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`indexer exited:\n${output.slice(-4000)}`);
        try {
          const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1_000) });
          await response.body?.cancel();
          if (response.status === 200) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) {
          throw new Error(`indexer not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async waitListening(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`indexer exited:\n${output.slice(-4000)}`);
        try {
          const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
          await response.body?.cancel();
          return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) {
          throw new Error(`indexer not listening after ${timeoutMs} ms:\n${output.slice(-4000)}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async metrics() {
      const response = await fetch(`${url}/metrics`);
      if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
      return response.text();
    },
    async indexedBlock(chainId = 31337) {
      try {
        const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(1_000) });
        if (!response.ok) return undefined;
        const status = (await response.json()) as Record<string, { block?: { number: number } }>;
        const n = status[`chain${chainId}`]?.block?.number;
        return n === undefined ? undefined : BigInt(n);
      } catch {
        return undefined;
      }
    },
    async waitForBlock(blockNumber, timeoutMs = 60_000, chainId = 31337) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const indexed = await indexer.indexedBlock(chainId);
        if (indexed !== undefined && indexed >= blockNumber) return;
        if (child.exitCode !== null) throw new Error(`indexer exited:\n${output.slice(-4000)}`);
        if (Date.now() > deadline) {
          throw new Error(
            `indexer at block ${indexed} of chain ${chainId} after ${timeoutMs} ms, wanted ${blockNumber}:\n${output.slice(-4000)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    // SIGINT: Ponder releases its lock on the schema (SIGTERM leaves it held for ~25 s).
    stop: () => stopGroup(child, 15_000),
  };
  return indexer;
}
