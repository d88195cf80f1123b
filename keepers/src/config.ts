// The bridge keeper's configuration, read once from the environment and validated: a bad variable
// stops the process naming it (KeeperConfigError, code config.invalid).
import { hostname } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Address, getAddress, type Hex, isAddress } from "viem";
import { type BridgeSettings, defaultBridgeSettings } from "./bridge/settings.ts";
import { incomingBroadcastDelta, mintHtlcSecondsLeft } from "./bridge/timing.ts";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Hardhat's development account #7, which the local deployment makes a gateway keeper. Never on a real network. */
export const devKeeperKey: Hex =
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";

export type KeeperConfig = {
  rpcUrl: string;
  chainId: number;
  /** The gateway's address; unset means the deployment record of `chainId`. */
  gateway: Address | undefined;
  privateKey: Hex;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Directory of the dev Lightning node to use when no LND_* is set. */
  lnDir: string;
  /** Network Lightning invoices must be for. */
  lnNetwork: "bitcoin" | "testnet" | "signet" | "regtest";
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  settings: BridgeSettings;
  /** Where swap events are delivered (the API's signed ingress), and the HMAC secret; unset: not sent. */
  events: { url: string; secret: string } | undefined;
};

export class KeeperConfigError extends Error {
  override name = "KeeperConfigError";
  readonly code = "config.invalid";
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

export type Env = Record<string, string | undefined>;

export const value = (env: Env, name: string) => {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
};

export function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new KeeperConfigError(name, `must be an integer in [${min}, ${max}], got "${raw}"`);
  }
  return n;
}

export function decimal(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || n < min || n > max) {
    throw new KeeperConfigError(name, `must be a number in [${min}, ${max}], got "${raw}"`);
  }
  return n;
}

export function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) {
    throw new KeeperConfigError(name, `must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

export const path = (raw: string) => (isAbsolute(raw) ? raw : resolve(repoRoot, raw));

/** An http(s) URL from `name` (or `fallback`). */
export function httpUrl(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (!["http:", "https:"].includes(url.protocol)) throw new Error();
  } catch {
    throw new KeeperConfigError(name, `must be an http(s) URL, got "${raw}"`);
  }
  return raw;
}

/** The chain, database and logging settings every keeper process shares. */
export function readCommon(env: Env) {
  const rpcUrl = httpUrl(
    "KEEPER_RPC_URL",
    value(env, "KEEPER_RPC_URL") ?? value(env, "FLUXION_RPC_URL") ?? "http://127.0.0.1:8545",
  ) as string;
  const chainId = integer(env, "KEEPER_CHAIN_ID", 31337, 1, 2 ** 31);
  const databaseUrl = value(env, "DATABASE_URL");
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new KeeperConfigError("DATABASE_URL", `must be a postgres:// URL, got "${databaseUrl}"`);
  }
  const logLevel = oneOf(
    env,
    "KEEPER_LOG_LEVEL",
    ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const,
    "info",
  );
  return { rpcUrl, chainId, databaseUrl, logLevel };
}

/** A signing key from `name`, required off the local chain (31337), where `devKey` stands in. */
export function privateKeyOf(env: Env, name: string, chainId: number, devKey: Hex): Hex {
  const raw = value(env, name);
  if (raw === undefined && chainId !== 31337) {
    throw new KeeperConfigError(name, "is required off the local chain");
  }
  const key = (raw ?? devKey) as Hex;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new KeeperConfigError(name, "must be 0x and 64 hex digits");
  }
  return key;
}

export function readKeeperConfig(env: Env = process.env): KeeperConfig {
  const { rpcUrl, chainId, databaseUrl, logLevel } = readCommon(env);
  const gatewayRaw = value(env, "KEEPER_GATEWAY");
  if (gatewayRaw !== undefined && !isAddress(gatewayRaw)) {
    throw new KeeperConfigError("KEEPER_GATEWAY", `must be an address, got "${gatewayRaw}"`);
  }
  const privateKey = privateKeyOf(env, "KEEPER_PRIVATE_KEY", chainId, devKeeperKey);
  const settings: BridgeSettings = {
    ...defaultBridgeSettings,
    keeper: value(env, "KEEPER_NAME") ?? `${hostname()}-${process.pid}`,
    chainId,
    invoiceExpirySeconds: integer(
      env,
      "KEEPER_INVOICE_EXPIRY",
      defaultBridgeSettings.invoiceExpirySeconds,
      60,
      86_400,
    ),
    cltvDelta: integer(env, "KEEPER_CLTV_DELTA", defaultBridgeSettings.cltvDelta, 18, 2_016),
    mintTimelockSeconds: integer(
      env,
      "KEEPER_MINT_TIMELOCK",
      defaultBridgeSettings.mintTimelockSeconds,
      600,
      604_800,
    ),
    burnTimelockSeconds: integer(
      env,
      "KEEPER_BURN_TIMELOCK",
      defaultBridgeSettings.burnTimelockSeconds,
      600,
      604_800,
    ),
    blockSeconds: integer(
      env,
      "KEEPER_LN_BLOCK_SECONDS",
      defaultBridgeSettings.blockSeconds,
      1,
      86_400,
    ),
    blockSpread: decimal(env, "KEEPER_BLOCK_SPREAD", defaultBridgeSettings.blockSpread, 1, 10),
    htlcResolutionBlocks: integer(
      env,
      "KEEPER_HTLC_RESOLUTION_BLOCKS",
      defaultBridgeSettings.htlcResolutionBlocks,
      0,
      1_000,
    ),
    burnClaimSafetySeconds: integer(
      env,
      "KEEPER_BURN_CLAIM_SAFETY",
      defaultBridgeSettings.burnClaimSafetySeconds,
      60,
      86_400,
    ),
    burnLockWindowSeconds: integer(
      env,
      "KEEPER_BURN_LOCK_WINDOW",
      defaultBridgeSettings.burnLockWindowSeconds,
      60,
      604_800,
    ),
    htlcSafetySeconds: integer(
      env,
      "KEEPER_HTLC_SAFETY",
      defaultBridgeSettings.htlcSafetySeconds,
      60,
      86_400,
    ),
    payMaxFeeSats: integer(
      env,
      "KEEPER_PAY_MAX_FEE_SATS",
      defaultBridgeSettings.payMaxFeeSats,
      0,
      1_000_000,
    ),
    pollMs: integer(env, "KEEPER_POLL_MS", defaultBridgeSettings.pollMs, 10, 60_000),
    leaseMs: integer(env, "KEEPER_LEASE_MS", defaultBridgeSettings.leaseMs, 1_000, 600_000),
    takeoverMs: integer(env, "KEEPER_TAKEOVER_MS", defaultBridgeSettings.takeoverMs, 0, 600_000),
  };
  // Our hold invoices' HTLCs must outlive a mint's timelock even when blocks come fast (./bridge/timing.ts).
  const htlcSeconds = mintHtlcSecondsLeft(settings, { height: 0, htlcExpiry: settings.cltvDelta });
  if (htlcSeconds < settings.mintTimelockSeconds + 600 + settings.htlcSafetySeconds) {
    throw new KeeperConfigError(
      "KEEPER_CLTV_DELTA",
      `${settings.cltvDelta} blocks may pass in ${Math.floor(htlcSeconds)} s (blocks ${settings.blockSpread}x faster than ${settings.blockSeconds} s, less the node's ${incomingBroadcastDelta}-block margin): too short for KEEPER_MINT_TIMELOCK (${settings.mintTimelockSeconds} s) plus KEEPER_HTLC_SAFETY (${settings.htlcSafetySeconds} s)`,
    );
  }
  const events = readEvents(env, "KEEPER_EVENTS_URL");
  return {
    rpcUrl,
    chainId,
    events,
    gateway: gatewayRaw === undefined ? undefined : getAddress(gatewayRaw),
    privateKey,
    databaseUrl,
    dataDir: path(value(env, "KEEPER_DATA_DIR") ?? ".dev/keepers/pglite"),
    lnDir: path(value(env, "KEEPER_LN_DIR") ?? ".dev/lnd/service"),
    lnNetwork: oneOf(
      env,
      "KEEPER_LN_NETWORK",
      ["bitcoin", "testnet", "signet", "regtest"] as const,
      "regtest",
    ),
    logLevel,
    settings,
  };
}

/** Where events go (`urlVariable`, the API's /v1/webhooks/<source>) and the source's whsec_ secret (KEEPER_EVENTS_SECRET). */
export function readEvents(
  env: Env,
  urlVariable: string,
): { url: string; secret: string } | undefined {
  const url = httpUrl(urlVariable, value(env, urlVariable));
  if (url === undefined) return undefined;
  const secret = value(env, "KEEPER_EVENTS_SECRET");
  if (secret === undefined || !/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/.test(secret)) {
    throw new KeeperConfigError(
      "KEEPER_EVENTS_SECRET",
      `must be set to the source's Standard Webhooks secret (whsec_ + base64) when ${urlVariable} is`,
    );
  }
  return { url, secret };
}
