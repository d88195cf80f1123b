// What one deployment of Fluxion on one chain left behind: addresses and the block each contract
// was created in (indexers start there). Written to deploy/deployments/<chainId>.json by the deploy
// script and compiled into the generated module by codegen.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Address, Hex } from "viem";

export type DeployedContract = { address: Address; blockNumber: number };

export type DeployedToken = DeployedContract & { symbol: string; decimals: number };

export type DeployedPool = {
  poolId: Hex;
  kind: "weighted" | "stable";
  lpToken: Address;
  tokens: string[];
  blockNumber: number;
};

export type DeploymentRecord = {
  chainId: number;
  network: string;
  /** Core protocol contracts by contract name (PriceOracle, SynthVault, ...). */
  contracts: Record<string, DeployedContract>;
  /** Synths by asset id (sUSD, sXAU, ...). */
  synths: Record<string, DeployedToken & { assetId: string }>;
  /** Collateral tokens by symbol. */
  collateral: Record<string, DeployedToken>;
  /** Chainlink price feeds by pair name (ETH/USD, ...). */
  feeds: Record<string, DeployedContract & { decimals: number }>;
  /** Pools by name (sXAU/sUSD, ...). */
  pools: Record<string, DeployedPool>;
  /** Cross-chain (Chainlink CCIP), when the network's config has a `ccip` section. */
  ccip?: DeployedCcip;
};

export type DeployedCcip = {
  /** This chain's CCIP selector (decimal uint64). */
  chainSelector: string;
  /** True when `router` is our LocalCCIPRouter (a relay keeper delivers); false for Chainlink's router. */
  local: boolean;
  router: DeployedContract;
  gateway: DeployedContract;
  feeToken: DeployedToken;
  /** The other chains of the config, with their selectors; `connected` once the gateway has their lane. */
  peers: { chainId: number; chainSelector: string; name: string; connected: boolean }[];
};

export const deploymentsDir = new URL("../deployments/", import.meta.url).pathname;

export function deploymentPath(chainId: number, dir = deploymentsDir): string {
  return join(dir, `${chainId}.json`);
}

/** Every deployment record in `dir`, ordered by chain id. */
export function readDeployments(dir = deploymentsDir): DeploymentRecord[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^\d+\.json$/.test(f));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as DeploymentRecord)
    .sort((a, b) => a.chainId - b.chainId);
}

/** Stable JSON (sorted keys) so re-deploying the same thing rewrites the same bytes. */
export function serializeDeployment(record: DeploymentRecord): string {
  return `${JSON.stringify(sortKeys(record), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
