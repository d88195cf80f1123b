// The indexer's environment, validated once when Ponder loads the config: every chain the generated
// deploy module knows, where to reach it, how fast to poll, and where the data lives. A bad value
// fails the start naming the variable.
import type { DeploymentRecord } from "@fluxion/deploy";

export type ChainEnv = {
  chainId: number;
  /** Ponder's name for the chain (`chain31337`): chain names key every source in the config. */
  name: string;
  rpcUrl: string;
  wsUrl: string | undefined;
  deployment: DeploymentRecord;
};

export type IndexerEnv = {
  chains: ChainEnv[];
  pollingIntervalMs: number;
  /** Copies of each RPC URL handed to Ponder: each copy gets its own request budget. */
  rpcCopies: number;
  database: { kind: "postgres"; connectionString: string } | { kind: "pglite"; directory: string };
  api: ApiLimits;
};

/** What one request to the indexer's HTTP API may cost (see indexer/README.md, "Limits"). */
export type ApiLimits = {
  graphql: GraphqlLimits;
  /** Postgres `statement_timeout` of the read-only pool the API queries through. */
  statementTimeoutMs: number;
};

export type GraphqlLimits = {
  /** Nesting of fields in an operation (`{ a { b } }` is 2); introspection is bounded apart. */
  maxDepth: number;
  maxAliases: number;
  /** Lexical tokens in the query text. */
  maxTokens: number;
  /** Estimated rows: each list's offset + limit, multiplied through the lists around it. */
  maxCost: number;
  /** Largest `limit` of one list (Ponder itself refuses more than 1,000). */
  maxLimit: number;
  /** Request body, query and variables together. */
  maxBodyBytes: number;
  /** Wall-clock bound of one request: answered 504 and its remaining SQL not started. */
  timeoutMs: number;
};

/** Ponder's GraphQL refuses a `limit` above this whatever we configure. */
export const PONDER_MAX_LIMIT = 1_000;

export class IndexerConfigError extends Error {
  override name = "IndexerConfigError";
  readonly code = "indexer.invalid_config";
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

/** Development chains: `npm run dev`'s two Hardhat nodes (and Ganache's id), restarted from block 0 at will. */
export const LOCAL_CHAIN_IDS: readonly number[] = [31337, 31338, 1337];

/** Whether `chainId` is a development chain (its RPC responses must never be cached). */
export function isLocalChain(chainId: number): boolean {
  return LOCAL_CHAIN_IDS.includes(chainId);
}

/** Where each local chain answers unless `INDEXER_RPC_URL_<chainId>` says otherwise (as Hardhat's
 * `localhost` and `localhost2` networks). */
const LOCAL_RPC_DEFAULTS: Record<number, { variable: string; url: string }> = {
  31337: { variable: "FLUXION_RPC_URL", url: "http://127.0.0.1:8545" },
  31338: { variable: "FLUXION_RPC_URL_2", url: "http://127.0.0.1:8546" },
};

export function chainName(chainId: number): string {
  return `chain${chainId}`;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new IndexerConfigError(name, `must be an integer in [1, ${max}], got "${raw}"`);
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new IndexerConfigError(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new IndexerConfigError(name, `must use ${protocols.join(" or ")}, got "${raw}"`);
  }
  return raw;
}

/**
 * Reads the indexer's settings. Chains: every deployment in the generated module that has an RPC URL
 * (`INDEXER_RPC_URL_<chainId>`; the local chain 31337 defaults to `FLUXION_RPC_URL` or
 * http://127.0.0.1:8545, the second local chain 31338 to `FLUXION_RPC_URL_2` or
 * http://127.0.0.1:8546), optionally narrowed by `INDEXER_CHAIN_IDS`.
 */
export function readIndexerEnv(
  deployments: Record<string, DeploymentRecord>,
  env: NodeJS.ProcessEnv = process.env,
): IndexerEnv {
  const known = Object.values(deployments).sort((a, b) => a.chainId - b.chainId);
  let wanted: number[] | undefined;
  if (env.INDEXER_CHAIN_IDS) {
    wanted = env.INDEXER_CHAIN_IDS.split(",").map((part) => {
      const id = Number(part.trim());
      if (!Number.isInteger(id) || id <= 0) {
        throw new IndexerConfigError("INDEXER_CHAIN_IDS", `"${part}" is not a chain id`);
      }
      if (!known.some((d) => d.chainId === id)) {
        throw new IndexerConfigError(
          "INDEXER_CHAIN_IDS",
          `chain ${id} has no deployment in deploy/generated/fluxion.ts`,
        );
      }
      return id;
    });
  }

  const chains: ChainEnv[] = [];
  for (const deployment of known) {
    const id = deployment.chainId;
    if (wanted && !wanted.includes(id)) continue;
    const rpcVar = `INDEXER_RPC_URL_${id}`;
    const local = LOCAL_RPC_DEFAULTS[id];
    const rpcUrl =
      url(env, rpcVar, ["http:", "https:"]) ??
      (local ? (url(env, local.variable, ["http:", "https:"]) ?? local.url) : undefined);
    if (!rpcUrl) {
      if (wanted) throw new IndexerConfigError(rpcVar, `is required to index chain ${id}`);
      continue;
    }
    // A websocket cuts live latency (new heads are pushed, not polled); "off" keeps plain polling.
    const wsVar = `INDEXER_WS_URL_${id}`;
    const wsUrl =
      env[wsVar] === "off" ? undefined : (url(env, wsVar, ["ws:", "wss:"]) ?? undefined);
    chains.push({ chainId: id, name: chainName(id), rpcUrl, wsUrl, deployment });
  }
  if (chains.length === 0) {
    throw new IndexerConfigError(
      `INDEXER_RPC_URL_<chainId>`,
      `no chain to index: set an RPC URL for one of ${known.map((d) => d.chainId).join(", ") || "(no deployments)"}`,
    );
  }

  const databaseUrl = url(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  return {
    chains,
    pollingIntervalMs: positiveInt(env, "INDEXER_POLLING_MS", 100, 60_000),
    rpcCopies: positiveInt(env, "INDEXER_RPC_COPIES", 8, 64),
    database: databaseUrl
      ? { kind: "postgres", connectionString: databaseUrl }
      : { kind: "pglite", directory: env.INDEXER_PGLITE_DIR || ".ponder/pglite" },
    api: readApiLimits(env),
  };
}

export function readApiLimits(env: NodeJS.ProcessEnv = process.env): ApiLimits {
  return {
    graphql: {
      maxDepth: positiveInt(env, "INDEXER_GRAPHQL_MAX_DEPTH", 8, 100),
      maxAliases: positiveInt(env, "INDEXER_GRAPHQL_MAX_ALIASES", 30, 1_000),
      maxTokens: positiveInt(env, "INDEXER_GRAPHQL_MAX_TOKENS", 1_000, 100_000),
      maxCost: positiveInt(env, "INDEXER_GRAPHQL_MAX_COST", 10_000, 1_000_000_000),
      maxLimit: positiveInt(env, "INDEXER_GRAPHQL_MAX_LIMIT", PONDER_MAX_LIMIT, PONDER_MAX_LIMIT),
      maxBodyBytes: positiveInt(env, "INDEXER_GRAPHQL_MAX_BODY_BYTES", 100_000, 10_000_000),
      timeoutMs: positiveInt(env, "INDEXER_GRAPHQL_TIMEOUT_MS", 10_000, 600_000),
    },
    statementTimeoutMs: positiveInt(env, "INDEXER_API_STATEMENT_TIMEOUT_MS", 5_000, 600_000),
  };
}
