// Which pools and tokens exist: the deployment record's pools (known at build time, named) merged
// with the indexer's (every pool ever created, with live TVL), and each token's symbol, decimals and
// latest oracle price.
import type { Address, Hex } from "viem";
import type { PoolInfo, TokenInfo } from "../../lib/deployment.ts";
import { shortAddress } from "../../ui/format.ts";

export type IndexedPool = {
  poolId: string;
  kind: string;
  lpToken: string;
  tokens: string[];
  balances: string[];
  weights: string[];
  amp: string;
  swapFee: string;
  lpSupply: string;
  tvlUsd: string;
  tvlComplete: boolean;
  swapCount: number;
};

export type IndexedToken = {
  address: string;
  symbol: string | null;
  decimals: number;
  priceUsd: string | null;
};

export type TokenMeta = {
  address: Address;
  symbol: string;
  decimals: number;
  priceUsd: bigint | null;
};

export type PoolMeta = {
  poolId: Hex;
  name: string;
  kind: "weighted" | "stable";
  lpToken: Address;
  tokens: TokenMeta[];
  indexed?: IndexedPool;
};

const lower = (s: string) => s.toLowerCase();
const DECIMAL = /^\d+$/;

/** Every token by lowercase address: the deployment's, completed by the indexer's (prices). */
export function tokenDirectory(
  deployed: readonly TokenInfo[],
  indexed: readonly IndexedToken[] = [],
): Map<string, TokenMeta> {
  const map = new Map<string, TokenMeta>();
  for (const t of indexed) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(t.address)) continue;
    map.set(lower(t.address), {
      address: t.address as Address,
      symbol: t.symbol ?? shortAddress(t.address),
      decimals: t.decimals,
      priceUsd: t.priceUsd !== null && DECIMAL.test(t.priceUsd) ? BigInt(t.priceUsd) : null,
    });
  }
  for (const t of deployed) {
    const known = map.get(lower(t.address));
    map.set(lower(t.address), {
      address: t.address,
      symbol: t.symbol,
      decimals: t.decimals,
      priceUsd: known?.priceUsd ?? null,
    });
  }
  return map;
}

/**
 * The deployment's pools (in its order) then any other pool the indexer knows, each with its tokens'
 * metadata and its indexed row. An indexed pool with a token of unknown decimals is left out.
 */
export function poolDirectory(
  deployed: readonly PoolInfo[],
  indexed: readonly IndexedPool[] = [],
  tokens: ReadonlyMap<string, TokenMeta> = new Map(),
): PoolMeta[] {
  const byId = new Map(indexed.map((p) => [lower(p.poolId), p]));
  const seen = new Set<string>();
  const pools: PoolMeta[] = [];
  for (const p of deployed) {
    seen.add(lower(p.poolId));
    pools.push({
      poolId: p.poolId,
      name: p.name,
      kind: p.kind,
      lpToken: p.lpToken,
      tokens: p.tokens.map((t) => ({
        address: t.address,
        symbol: t.symbol,
        decimals: t.decimals,
        priceUsd: tokens.get(lower(t.address))?.priceUsd ?? null,
      })),
      indexed: byId.get(lower(p.poolId)),
    });
  }
  for (const p of indexed) {
    if (seen.has(lower(p.poolId))) continue;
    const metas = p.tokens.map((t) => tokens.get(lower(t)));
    if (metas.some((m) => m === undefined)) continue;
    const resolved = metas as TokenMeta[];
    seen.add(lower(p.poolId));
    pools.push({
      poolId: p.poolId as Hex,
      name: resolved.map((t) => t.symbol).join("/"),
      kind: p.kind === "stable" ? "stable" : "weighted",
      lpToken: p.lpToken as Address,
      tokens: resolved,
      indexed: p,
    });
  }
  return pools;
}

/** Every distinct token of every pool, in first-seen order (what a swap can pick from). */
export function swappableTokens(pools: readonly PoolMeta[]): TokenMeta[] {
  const map = new Map<string, TokenMeta>();
  for (const p of pools)
    for (const t of p.tokens) if (!map.has(lower(t.address))) map.set(lower(t.address), t);
  return [...map.values()];
}

export function findPool(pools: readonly PoolMeta[], poolId: string): PoolMeta | undefined {
  return pools.find((p) => lower(p.poolId) === lower(poolId));
}

export function isPoolId(text: string): text is Hex {
  return /^0x[0-9a-fA-F]{64}$/.test(text);
}
