// The CCIP keeper's configuration (`npm run keepers:ccip`), read once from the environment and validated: a
// bad variable stops the process naming it (KeeperConfigError, code config.invalid).
//
//   KEEPER_CCIP_MODE            relay | monitor (default relay). relay: commit and execute on LocalCCIPRouters
//                               (local chains); monitor: only watch the gateways (Chainlink's routers).
//   KEEPER_CCIP_CHAINS          chainId=rpcUrl pairs, comma-separated (default
//                               31337=http://127.0.0.1:8545,31338=http://127.0.0.1:8546). Lanes run both ways
//                               between every two of them; routers, selectors and gateways come from each
//                               chain's deployment record (`ccip`), unless the caller passes them.
//   KEEPER_CCIP_PRIVATE_KEY     the relay's key on every chain (holds RELAYER_ROLE on each router). Default on
//                               the local chains only: Hardhat's development account #12.
//   KEEPER_CCIP_FINALITY_DEPTH  blocks a message waits on its source before it is committed (default 2; 0
//                               commits at once). On an automining dev chain a block comes only with a
//                               transaction, so a message waits for that many later transactions: dev uses 1
//                               or 0.
//   KEEPER_CCIP_POLL_MS         how often the lanes are looked at when nothing moved (default 250).
//   KEEPER_CCIP_LEASE_MS        a lane's lease: how long relays sharing a database wait for a dead one (10000;
//                               the same key restarted takes its lanes back at once).
//   KEEPER_CCIP_ALERT_AFTER_MS  monitor mode: a send not delivered after this long is alerted (1800000).
//   KEEPER_CCIP_PORT, KEEPER_HOST  the HTTP interface (default 127.0.0.1:8794).
//   KEEPER_SERVICE_KEY          bearer token of /v1 (at least 32 characters; unset: /v1 answers 401).
//   KEEPER_CCIP_DATA_DIR        the PGlite directory (default .dev/keepers/ccip), unless DATABASE_URL is set.
//   KEEPER_CCIP_DEPLOYMENT_DIR  read each chain's deployment record from <dir>/<chainId>.json rather than the
//                               generated module (a fresh local deployment, before codegen).
//   KEEPER_NAME, KEEPER_LOG_LEVEL as the other keepers.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { type DeploymentRecord, getDeployment } from "@fluxion/deploy";
import { type Address, getAddress, type Hex, isAddress } from "viem";
import { type Env, httpUrl, integer, KeeperConfigError, oneOf, path, value } from "../config.ts";
import type { CcipEndpoint } from "./types.ts";

/** Hardhat's development account #12: the relay's key on the local chains. Never elsewhere. */
export const devRelayKey: Hex =
  "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1";

/** Chains the development key may be used on. */
export const localChainIds: readonly number[] = [31337, 31338];

/** What a chain's deployment record says about CCIP (DeploymentRecord.ccip, the parts the keeper reads). */
export type CcipDeployment = {
  /** Decimal uint64. */
  chainSelector: string;
  /** True for our LocalCCIPRouter (the relay delivers), false for Chainlink's router (monitor mode only). */
  local?: boolean;
  router: { address: string; blockNumber: number };
  gateway?: { address: string; blockNumber: number };
};

export type CcipChainConfig = { chainId: number; rpcUrl: string };

export type CcipConfig = {
  mode: "relay" | "monitor";
  chains: CcipChainConfig[];
  /** Each chain's CCIP end (selector, router, gateway), in the order of `chains`. */
  endpoints: CcipEndpoint[];
  /** The relay's signing key (relay mode only). */
  privateKey: Hex | undefined;
  finalityDepth: number;
  pollMs: number;
  leaseMs: number;
  alertAfterMs: number;
  host: string;
  port: number;
  serviceKey: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  keeper: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
};

export const defaultChains = "31337=http://127.0.0.1:8545,31338=http://127.0.0.1:8546";

/** `chainId=url,chainId=url`: at least two distinct chains, each with an http(s) URL. */
export function parseChains(raw: string): CcipChainConfig[] {
  const name = "KEEPER_CCIP_CHAINS";
  const chains = raw
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const match = /^(\d{1,10})=(.+)$/.exec(entry);
      if (!match) {
        throw new KeeperConfigError(name, `expected chainId=rpcUrl pairs, got "${entry}"`);
      }
      const chainId = Number(match[1]);
      if (chainId < 1 || chainId > 2 ** 31) {
        throw new KeeperConfigError(name, `chain id ${match[1]} is out of range`);
      }
      return { chainId, rpcUrl: httpUrl(name, match[2]!.trim()) as string };
    });
  if (chains.length < 2) throw new KeeperConfigError(name, "needs at least two chains");
  const ids = new Set(chains.map((c) => c.chainId));
  if (ids.size !== chains.length) throw new KeeperConfigError(name, "lists a chain twice");
  return chains;
}

/** Chain `chainId`'s CCIP record in the generated deployments (undefined: not deployed, or no CCIP). */
export function deployedCcip(chainId: number): CcipDeployment | undefined {
  let record: DeploymentRecord;
  try {
    record = getDeployment(chainId);
  } catch {
    return undefined;
  }
  return record.ccip;
}

/** Chain `chainId`'s CCIP record from `<dir>/<chainId>.json` (a DeploymentRecord). */
function ccipFromFile(dir: string, chainId: number): CcipDeployment | undefined {
  const file = join(dir, `${chainId}.json`);
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { ccip?: CcipDeployment }).ccip;
  } catch (error) {
    throw new KeeperConfigError(
      "KEEPER_CCIP_DEPLOYMENT_DIR",
      `${file}: ${(error as Error).message}`,
    );
  }
}

function address(raw: string, where: string): Address {
  if (!isAddress(raw))
    throw new KeeperConfigError("KEEPER_CCIP_CHAINS", `${where}: "${raw}" is not an address`);
  return getAddress(raw);
}

/** A chain's endpoint from its CCIP record. */
export function endpointOf(chainId: number, ccip: CcipDeployment): CcipEndpoint {
  const where = `chain ${chainId}'s CCIP deployment`;
  if (!/^\d{1,20}$/.test(ccip.chainSelector) || BigInt(ccip.chainSelector) >= 2n ** 64n) {
    throw new KeeperConfigError(
      "KEEPER_CCIP_CHAINS",
      `${where}: chainSelector "${ccip.chainSelector}" is not a uint64`,
    );
  }
  return {
    chainId,
    selector: BigInt(ccip.chainSelector),
    router: {
      address: address(ccip.router.address, `${where} router`),
      blockNumber: BigInt(ccip.router.blockNumber),
    },
    ...(ccip.gateway
      ? {
          gateway: {
            address: address(ccip.gateway.address, `${where} gateway`),
            blockNumber: BigInt(ccip.gateway.blockNumber),
          },
        }
      : {}),
  };
}

export type ReadCcipConfigOptions = {
  /** Where each chain's CCIP record comes from (default: the generated deployments). */
  ccipOf?: (chainId: number) => CcipDeployment | undefined;
};

export function readCcipConfig(
  env: Env = process.env,
  options: ReadCcipConfigOptions = {},
): CcipConfig {
  const mode = oneOf(env, "KEEPER_CCIP_MODE", ["relay", "monitor"] as const, "relay");
  const chains = parseChains(value(env, "KEEPER_CCIP_CHAINS") ?? defaultChains);
  const dir = value(env, "KEEPER_CCIP_DEPLOYMENT_DIR");
  const ccipOf =
    options.ccipOf ??
    (dir === undefined ? deployedCcip : (id: number) => ccipFromFile(path(dir), id));
  const endpoints = chains.map(({ chainId }) => {
    const ccip = ccipOf(chainId);
    if (!ccip) {
      throw new KeeperConfigError(
        "KEEPER_CCIP_CHAINS",
        `chain ${chainId} has no CCIP deployment (deploy Fluxion with CCIP there, or remove it)`,
      );
    }
    const endpoint = endpointOf(chainId, ccip);
    if (mode === "relay" && ccip.local === false) {
      throw new KeeperConfigError(
        "KEEPER_CCIP_MODE",
        `chain ${chainId} uses Chainlink's router, where the relay must not commit or execute: use monitor`,
      );
    }
    if (mode === "monitor" && !endpoint.gateway) {
      throw new KeeperConfigError(
        "KEEPER_CCIP_CHAINS",
        `chain ${chainId}'s CCIP deployment has no gateway: monitor mode follows the gateways`,
      );
    }
    return endpoint;
  });
  const selectors = new Set(endpoints.map((e) => e.selector));
  if (selectors.size !== endpoints.length) {
    throw new KeeperConfigError("KEEPER_CCIP_CHAINS", "two chains share a CCIP selector");
  }
  // The development key only where every chain is a local one; monitor mode sends nothing and needs none.
  let privateKey: Hex | undefined;
  if (mode === "relay") {
    const raw = value(env, "KEEPER_CCIP_PRIVATE_KEY");
    if (raw === undefined && !chains.every((c) => localChainIds.includes(c.chainId))) {
      throw new KeeperConfigError(
        "KEEPER_CCIP_PRIVATE_KEY",
        `is required off the local chains (${localChainIds.join(", ")})`,
      );
    }
    privateKey = (raw ?? devRelayKey) as Hex;
    if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
      throw new KeeperConfigError("KEEPER_CCIP_PRIVATE_KEY", "must be 0x and 64 hex digits");
    }
  }
  const serviceKey = value(env, "KEEPER_SERVICE_KEY");
  if (serviceKey !== undefined && serviceKey.length < 32) {
    throw new KeeperConfigError("KEEPER_SERVICE_KEY", "must be at least 32 characters");
  }
  const databaseUrl = value(env, "DATABASE_URL");
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new KeeperConfigError("DATABASE_URL", `must be a postgres:// URL, got "${databaseUrl}"`);
  }
  return {
    mode,
    chains,
    endpoints,
    privateKey,
    finalityDepth: integer(env, "KEEPER_CCIP_FINALITY_DEPTH", 2, 0, 1_000),
    pollMs: integer(env, "KEEPER_CCIP_POLL_MS", 250, 10, 60_000),
    leaseMs: integer(env, "KEEPER_CCIP_LEASE_MS", 10_000, 1_000, 600_000),
    alertAfterMs: integer(env, "KEEPER_CCIP_ALERT_AFTER_MS", 1_800_000, 1_000, 7 * 86_400_000),
    host: value(env, "KEEPER_HOST") ?? "127.0.0.1",
    port: integer(env, "KEEPER_CCIP_PORT", 8794, 0, 65_535),
    serviceKey,
    databaseUrl,
    dataDir: path(value(env, "KEEPER_CCIP_DATA_DIR") ?? ".dev/keepers/ccip"),
    keeper: value(env, "KEEPER_NAME") ?? `${hostname()}-${process.pid}`,
    logLevel: oneOf(
      env,
      "KEEPER_LOG_LEVEL",
      ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const,
      "info",
    ),
  };
}
