// The API's configuration, read once from the environment at start-up and validated: a bad
// variable stops the process with a message that names it (ConfigError, code config.invalid).
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getAddress, isAddress } from "viem";
import { isSecret } from "./events/standardWebhooks.ts";

/** Repository root: defaults below are resolved against it so the API runs from any cwd. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export type Config = {
  host: string;
  port: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Postgres connection string; unset means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  /** PGlite data directory, or "memory://" for a throwaway in-memory database. */
  dataDir: string;
  /** Addresses (checksummed) that sign in with the `admin` role. */
  admins: `0x${string}`[];
  /** SIWE: the domain (host[:port]) messages must name, and the chain ids accepted. */
  siweDomain: string;
  chainIds: number[];
  /**
   * JSON-RPC endpoint of the first of `chainIds` (API_RPC_URL): contract-wallet (ERC-1271)
   * signatures are verified and paid mints sent there.
   */
  rpcUrl: string;
  /**
   * JSON-RPC endpoint of every chain the API reads (CCIP: fees, lanes, rate limits), by chain id:
   * the first of `chainIds` at `rpcUrl`, any other from API_RPC_URL_<chainId>.
   */
  rpcUrls: Record<number, string>;
  corsOrigins: string[];
  /** Requests per minute per client IP, and per signed-in account or API key. */
  rateLimitPerIp: number;
  rateLimitPerAccount: number;
  /** SIWE nonces (POST /v1/auth/nonce and /v1/auth/challenge) per minute per client IP. */
  rateLimitNonce: number;
  modelPath: string;
  featuresPath: string;
  /** Risk scorer: rows per model run at most, and when queued scores are flushed (risk/scorer.ts). */
  riskMaxBatchRows: number;
  riskFlush: "macrotask" | "microtask";
  /** Registers POST /v1/risk/noop (the benchmark's ceiling: the score route without the model). */
  benchRoutes: boolean;
  sanctionsFile: string;
  /** Compliance policy: KYC tier limits, velocity, risk thresholds, reporting thresholds. */
  policyFile: string;
  trustProxy: boolean;
  /** Bootstrap service API keys (API_SERVICE_KEYS="name=key,..."), each granted role "service". */
  serviceKeys: { name: string; key: string }[];
  /** The Lightning bridge keeper's internal HTTP (KEEPER_URL) and its service key; unset: no bridge. */
  keeper: { url: string; serviceKey: string } | undefined;
  /**
   * The scheduled keepers' HTTP (KEEPER_JOBS_URL, their /jobs) and the same KEEPER_SERVICE_KEY;
   * unset: the admin keeper routes answer 503 keepers.not_configured.
   */
  keeperJobs: { url: string; serviceKey: string } | undefined;
  /**
   * The CCIP relay keeper's HTTP (KEEPER_CCIP_URL, its /v1/ccip/messages) and the same
   * KEEPER_SERVICE_KEY; unset: manual executions answer 503 ccip.relay_not_configured.
   */
  keeperCcip: { url: string; serviceKey: string } | undefined;
  /** Manual CCIP executions per minute per account or API key (API_RATE_LIMIT_CCIP_EXECUTE). */
  rateLimitCcipExecute: number;
  /**
   * Our keepers' webhook sources (API_INGRESS_SECRETS="name=whsec_...,..."): each may publish the
   * keepers' event types (lightning.swap, protocol.*) for any account, at `keeperWebhookRate`.
   */
  ingressSecrets: { name: string; key: string }[];
  /** Requests per second per IP of the keepers' sources (API_KEEPER_WEBHOOK_RATE). */
  keeperWebhookRate: number;
  /** Payment providers and other webhook sources from a file (API_WEBHOOK_SOURCES_FILE). */
  webhookSourcesFile: string | undefined;
  /** Largest webhook body in bytes (API_WEBHOOK_BODY_LIMIT). */
  webhookBodyLimit: number;
  /** Requests per second per IP to /v1/webhooks/<unknown source> (API_WEBHOOK_RATE_LIMIT); each source has its own. */
  webhookRateLimit: number;
  /** Reactions (events/reactions.ts) run in this process (API_REACTIONS). */
  reactions: boolean;
  /** How long a process holds a reaction before another may take it over (API_REACTION_LEASE_MS). */
  reactionLeaseMs: number;
  /**
   * The indexer whose feed of on-chain events the API logs (API_INDEXER_URL, its root: /ready and
   * /graphql are read); unset: no chain events on the bus.
   */
  indexerUrl: string | undefined;
  /** How often the chain feed polls the indexer (API_CHAIN_POLL_MS). */
  chainPollMs: number;
  /** Blocks below its cursor the chain feed compares again for reorgs (API_CHAIN_REORG_DEPTH). */
  chainReorgDepth: number;
  /**
   * Outgoing webhooks may go to private, loopback and local hosts (API_WEBHOOK_ALLOW_PRIVATE);
   * off in production, on for `npm run dev` (local receivers).
   */
  webhookAllowPrivate: boolean;
  /**
   * The FiatMinter's MINTER_ROLE key (API_FIAT_MINTER_PRIVATE_KEY): paid mints are sent with it.
   * Unset: PAYMENT_RECEIVED events are logged and their reactions wait for a process that has it.
   */
  fiatMinterKey: `0x${string}` | undefined;
  /** Which synth a payment in each currency mints (API_FIAT_CURRENCIES="USD=sUSD"). */
  fiatCurrencies: Record<string, string>;
  /** A deployment record to use instead of @fluxion/deploy's for the chain (API_DEPLOYMENT_FILE). */
  deploymentFile: string | undefined;
  /**
   * Who may read /metrics: "loopback" (direct connections from this machine), "token" (a bearer
   * token, from anywhere), "public" (anyone) or "off" (no route).
   */
  metrics: { access: "loopback" | "token" | "public" | "off"; token: string | undefined };
};

export class ConfigError extends Error {
  override name = "ConfigError";
  readonly code = "config.invalid";
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

type Env = Record<string, string | undefined>;

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? fallback : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be in [${min}, ${max}]`);
  return value;
}

function list(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function path(env: Env, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  if (value === "memory://") return value;
  return isAbsolute(value) ? value : resolve(repoRoot, value);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

/** `name=key` pairs (API_SERVICE_KEYS, API_INGRESS_SECRETS); keys are long random secrets. */
function namedKeys(env: Env, variable: string): { name: string; key: string }[] {
  const names = new Set<string>();
  return list(env, variable, []).map((pair) => {
    const at = pair.indexOf("=");
    const name = at > 0 ? pair.slice(0, at).trim() : "";
    const key = at > 0 ? pair.slice(at + 1).trim() : "";
    if (!/^[\w.-]{1,64}$/.test(name)) {
      throw new ConfigError(variable, "expected name=key pairs with a name of [A-Za-z0-9_.-]");
    }
    if (names.has(name)) throw new ConfigError(variable, `duplicate name "${name}"`);
    if (key.length < 32) {
      throw new ConfigError(variable, `the key of "${name}" is shorter than 32 characters`);
    }
    names.add(name);
    return { name, key };
  });
}

/** `name=whsec_...` pairs: Standard Webhooks secrets by source name. */
function webhookSecrets(env: Env, variable: string): { name: string; key: string }[] {
  return namedKeys(env, variable).map((entry) => {
    if (!isSecret(entry.key)) {
      throw new ConfigError(variable, `the secret of "${entry.name}" is not whsec_ + base64`);
    }
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(entry.name)) {
      throw new ConfigError(variable, `"${entry.name}" is not a source name ([a-z0-9_-])`);
    }
    return entry;
  });
}

/** `CUR=synth` pairs: "USD=sUSD". */
function currencies(env: Env, variable: string): Record<string, string> {
  const pairs = list(env, variable, ["USD=sUSD"]).map((pair) => {
    const match = /^([A-Z]{3})=(\w{1,32})$/.exec(pair);
    if (!match)
      throw new ConfigError(variable, `expected CUR=synth pairs such as USD=sUSD, got "${pair}"`);
    return [match[1]!, match[2]!] as const;
  });
  return Object.fromEntries(pairs);
}

function privateKey(env: Env, variable: string): `0x${string}` | undefined {
  const raw = env[variable]?.trim();
  if (!raw) return undefined;
  if (!/^0x[0-9a-fA-F]{64}$/.test(raw))
    throw new ConfigError(variable, "expected 0x + 64 hex digits");
  return raw as `0x${string}`;
}

/** `variable` (KEEPER_URL, KEEPER_JOBS_URL, KEEPER_CCIP_URL) and KEEPER_SERVICE_KEY: the key is required with the URL. */
function keeperEndpoint(
  env: Env,
  variable: string,
): { url: string; serviceKey: string } | undefined {
  const url = env[variable]?.trim() || undefined;
  if (url === undefined) return undefined;
  if (!/^https?:\/\/[^/]+/.test(url)) throw new ConfigError(variable, "expected an http(s) URL");
  const serviceKey = env.KEEPER_SERVICE_KEY?.trim() ?? "";
  if (serviceKey.length < 32) {
    throw new ConfigError(
      "KEEPER_SERVICE_KEY",
      `must be set (at least 32 characters) when ${variable} is`,
    );
  }
  return { url: url.replace(/\/+$/, ""), serviceKey };
}

/** API_INDEXER_URL: the indexer's root URL (a trailing /graphql is accepted and dropped). */
function indexerUrl(env: Env): string | undefined {
  const url = env.API_INDEXER_URL?.trim() || undefined;
  if (url === undefined) return undefined;
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new ConfigError("API_INDEXER_URL", "expected an http(s) URL");
  return url.replace(/\/+$/, "").replace(/\/graphql$/, "");
}

/**
 * Every chain's RPC URL: API_RPC_URL for the first of API_CHAIN_IDS, API_RPC_URL_<chainId> for any
 * chain (for the first too, when it agrees with API_RPC_URL or that is unset).
 */
function rpcUrls(
  env: Env,
  firstChainId: number,
): { rpcUrl: string; rpcUrls: Record<number, string> } {
  const urls: Record<number, string> = {};
  for (const [variable, raw] of Object.entries(env)) {
    const match = /^API_RPC_URL_(.*)$/.exec(variable);
    if (!match) continue;
    const url = raw?.trim();
    if (!url) continue;
    if (!/^[1-9]\d{0,15}$/.test(match[1]!)) {
      throw new ConfigError(variable, "expected API_RPC_URL_<chainId> with a decimal chain id");
    }
    if (!/^https?:\/\/[^/]+/.test(url)) throw new ConfigError(variable, "expected an http(s) URL");
    urls[Number(match[1])] = url;
  }
  const explicit = env.API_RPC_URL?.trim() || undefined;
  const first = urls[firstChainId];
  if (explicit !== undefined && first !== undefined && first !== explicit) {
    throw new ConfigError(
      `API_RPC_URL_${firstChainId}`,
      `differs from API_RPC_URL, which is chain ${firstChainId}'s already`,
    );
  }
  const rpcUrl = explicit ?? first ?? "http://127.0.0.1:8545";
  if (!/^https?:\/\//.test(rpcUrl)) throw new ConfigError("API_RPC_URL", "expected an http(s) URL");
  return { rpcUrl, rpcUrls: { ...urls, [firstChainId]: rpcUrl } };
}

/** API_RISK_FLUSH: "macrotask" (setImmediate, the default) or "microtask" (queueMicrotask). */
function riskFlush(env: Env): Config["riskFlush"] {
  const value = text(env, "API_RISK_FLUSH", "macrotask");
  if (value !== "macrotask" && value !== "microtask") {
    throw new ConfigError("API_RISK_FLUSH", `expected macrotask or microtask, got "${value}"`);
  }
  return value;
}

const metricsAccess = ["loopback", "token", "public", "off"] as const;

/** API_METRICS and API_METRICS_TOKEN: a token means "token" unless said otherwise, and only then. */
function metrics(env: Env): Config["metrics"] {
  const token = env.API_METRICS_TOKEN?.trim() || undefined;
  const access = text(env, "API_METRICS", token ? "token" : "loopback");
  if (!(metricsAccess as readonly string[]).includes(access)) {
    throw new ConfigError("API_METRICS", `expected one of ${metricsAccess.join(", ")}`);
  }
  if (access === "token" && (token?.length ?? 0) < 32) {
    throw new ConfigError("API_METRICS_TOKEN", "must be set (at least 32 characters) for token");
  }
  if (access !== "token" && token) {
    throw new ConfigError("API_METRICS_TOKEN", `is set, but API_METRICS is "${access}"`);
  }
  return { access: access as Config["metrics"]["access"], token };
}

/** Reads and validates the API's environment. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const logLevel = text(env, "API_LOG_LEVEL", "info");
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new ConfigError("API_LOG_LEVEL", `expected one of ${logLevels.join(", ")}`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("DATABASE_URL", "expected a postgres:// or postgresql:// URL");
  }
  const admins = list(env, "API_ADMINS", []).map((address) => {
    if (!isAddress(address, { strict: false })) {
      throw new ConfigError("API_ADMINS", `"${address}" is not an Ethereum address`);
    }
    return getAddress(address);
  });
  const chainIds = list(env, "API_CHAIN_IDS", ["31337"]).map((id) => {
    if (!/^\d+$/.test(id) || Number(id) < 1) {
      throw new ConfigError("API_CHAIN_IDS", `"${id}" is not a chain id`);
    }
    return Number(id);
  });
  const { rpcUrl, rpcUrls: chainRpcUrls } = rpcUrls(env, chainIds[0] ?? 31337);
  const corsOrigins = list(env, "API_CORS_ORIGINS", [
    "http://localhost:5173",
    "http://127.0.0.1:5173",
  ]);
  return {
    host: text(env, "API_HOST", "127.0.0.1"),
    port: integer(env, "API_PORT", 8787, 0, 65535),
    logLevel: logLevel as Config["logLevel"],
    databaseUrl,
    dataDir: path(env, "API_DATA_DIR", ".dev/api/pglite"),
    admins,
    siweDomain: text(env, "API_SIWE_DOMAIN", "localhost:5173"),
    chainIds,
    rpcUrl,
    rpcUrls: chainRpcUrls,
    corsOrigins,
    rateLimitPerIp: integer(env, "API_RATE_LIMIT_IP", 1200, 1, 10_000_000),
    rateLimitPerAccount: integer(env, "API_RATE_LIMIT_ACCOUNT", 600, 1, 10_000_000),
    rateLimitNonce: integer(env, "API_RATE_LIMIT_NONCE", 30, 1, 10_000_000),
    modelPath: path(env, "API_MODEL_PATH", "ml/model/risk.onnx"),
    featuresPath: path(env, "API_FEATURES_PATH", "ml/features.json"),
    riskMaxBatchRows: integer(env, "API_RISK_MAX_BATCH", 1024, 1, 65_536),
    riskFlush: riskFlush(env),
    benchRoutes: boolean(env, "API_BENCH_ROUTES", false),
    sanctionsFile: path(env, "API_SANCTIONS_FILE", "api/data/sanctions.txt"),
    policyFile: path(env, "API_POLICY_FILE", "api/data/compliance-policy.json"),
    trustProxy: boolean(env, "API_TRUST_PROXY", false),
    serviceKeys: namedKeys(env, "API_SERVICE_KEYS"),
    keeper: keeperEndpoint(env, "KEEPER_URL"),
    keeperJobs: keeperEndpoint(env, "KEEPER_JOBS_URL"),
    keeperCcip: keeperEndpoint(env, "KEEPER_CCIP_URL"),
    rateLimitCcipExecute: integer(env, "API_RATE_LIMIT_CCIP_EXECUTE", 5, 1, 10_000),
    ingressSecrets: webhookSecrets(env, "API_INGRESS_SECRETS"),
    keeperWebhookRate: integer(env, "API_KEEPER_WEBHOOK_RATE", 1000, 1, 1_000_000),
    webhookSourcesFile: env.API_WEBHOOK_SOURCES_FILE?.trim()
      ? path(env, "API_WEBHOOK_SOURCES_FILE", "")
      : undefined,
    webhookBodyLimit: integer(env, "API_WEBHOOK_BODY_LIMIT", 256 * 1024, 1024, 16 * 1024 * 1024),
    webhookRateLimit: integer(env, "API_WEBHOOK_RATE_LIMIT", 10, 1, 1_000_000),
    reactions: boolean(env, "API_REACTIONS", true),
    reactionLeaseMs: integer(env, "API_REACTION_LEASE_MS", 60_000, 100, 3_600_000),
    indexerUrl: indexerUrl(env),
    chainPollMs: integer(env, "API_CHAIN_POLL_MS", 500, 10, 600_000),
    chainReorgDepth: integer(env, "API_CHAIN_REORG_DEPTH", 256, 1, 100_000),
    webhookAllowPrivate: boolean(env, "API_WEBHOOK_ALLOW_PRIVATE", false),
    fiatMinterKey: privateKey(env, "API_FIAT_MINTER_PRIVATE_KEY"),
    fiatCurrencies: currencies(env, "API_FIAT_CURRENCIES"),
    deploymentFile: env.API_DEPLOYMENT_FILE?.trim()
      ? path(env, "API_DEPLOYMENT_FILE", "")
      : undefined,
    metrics: metrics(env),
  };
}
