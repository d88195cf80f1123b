// The portfolio across chains as the indexer adds it up (/portfolio/:address answers every indexed
// chain): each chain's totals, the total over them, and each asset once with its amount on every
// chain that holds it, the total, and what is on its way to the account between chains.
import type { PortfolioAsset, PortfolioChain, PortfolioTotals } from "../../indexer/client.ts";

export type Totals = { walletUsd: bigint; collateralUsd: bigint; debtUsd: bigint; netUsd: bigint };

export function totalsOf(totals: PortfolioTotals): Totals {
  return {
    walletUsd: BigInt(totals.walletUsd),
    collateralUsd: BigInt(totals.collateralUsd),
    debtUsd: BigInt(totals.debtUsd),
    netUsd: BigInt(totals.netUsd),
  };
}

export function chainTotals(chain: PortfolioChain): Totals {
  return totalsOf(chain.totals);
}

export type AssetRow = {
  key: string;
  symbol: string | null;
  kind: string;
  decimals: number;
  /** The amount on each chain that holds some. */
  byChain: Map<number, bigint>;
  total: bigint;
  /** The value over all chains; null when a holding has no price (the sum would understate it). */
  valueUsd: bigint | null;
  /** On its way to the account from another chain. */
  inTransit: bigint;
};

/** One row per asset, in the indexer's order, those `keep` accepts. */
export function assetRows(
  assets: readonly PortfolioAsset[],
  keep: (asset: PortfolioAsset) => boolean = () => true,
): AssetRow[] {
  return assets.filter(keep).map((a) => ({
    key: a.asset,
    symbol: a.symbol,
    kind: a.kind,
    decimals: a.decimals,
    byChain: new Map(a.chains.map((c) => [c.chainId, BigInt(c.amount)])),
    total: BigInt(a.amount),
    valueUsd: a.complete ? BigInt(a.valueUsd) : null,
    inTransit: BigInt(a.inTransit),
  }));
}
