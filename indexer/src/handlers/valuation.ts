// Positions and pool TVL. A position row holds the amounts the vault's events leave; its USD valuation
// is computed when read (the `position_value` view), so a price move rewrites no position. Pool TVL
// is kept in the pool row: recomputed whenever its balances change and whenever a price it uses moves.

import { oracleAsset, pool, position, token } from "ponder:schema";
import type { Address, Hex } from "viem";
import { valueUsd } from "../lib/fixedPoint.ts";
import type { Db } from "./common.ts";

type PositionKey = { chainId: number; owner: Address; collateral: Address; synth: Address };

/** Sets a position's amounts (creating it on first sight). */
export async function writePosition(
  db: Db,
  key: PositionKey,
  amounts: { collateralAmount?: bigint; debt?: bigint },
  blockNumber: bigint,
  extra: { liquidation?: boolean; badDebt?: bigint } = {},
): Promise<void> {
  const existing = await db.find(position, key);
  const collateralAmount = amounts.collateralAmount ?? existing?.collateralAmount ?? 0n;
  const debt = amounts.debt ?? existing?.debt ?? 0n;
  const liquidationCount = (existing?.liquidationCount ?? 0) + (extra.liquidation ? 1 : 0);
  const badDebt = (existing?.badDebt ?? 0n) + (extra.badDebt ?? 0n);
  const row = { collateralAmount, debt, liquidationCount, badDebt, updatedBlock: blockNumber };
  if (existing) await db.update(position, key).set(row);
  else await db.insert(position).values({ ...key, ...row });
}

/**
 * TVL: sum of balance x price over the tokens that have a price (0 marks none: the oracle never
 * reports a zero price, it has none), and whether every token had one.
 */
export function tvlOf(
  pricing: { tokenDecimals: readonly number[]; tokenPrices: readonly bigint[] },
  balances: readonly bigint[],
): { tvlUsd: bigint; tvlComplete: boolean } {
  let tvlUsd = 0n;
  let tvlComplete = true;
  for (const [i, price] of pricing.tokenPrices.entries()) {
    if (price === 0n) {
      tvlComplete = false;
      continue;
    }
    tvlUsd += valueUsd(balances[i] ?? 0n, price, pricing.tokenDecimals[i]!);
  }
  return { tvlUsd, tvlComplete };
}

/** Gives a pool `asset`'s new price and revalues it. */
async function repricePool(
  db: Db,
  chainId: number,
  poolId: Hex,
  asset: Address,
  priceUsd: bigint | null,
): Promise<void> {
  const row = await db.find(pool, { chainId, poolId });
  if (!row) return;
  const tokenPrices = (row.tokens as Address[]).map((t, i) =>
    t === asset ? (priceUsd ?? 0n) : row.tokenPrices[i]!,
  );
  const tvl = tvlOf({ tokenDecimals: row.tokenDecimals, tokenPrices }, row.balances);
  await db.update(pool, { chainId, poolId }).set({ tokenPrices, ...tvl });
}

/**
 * Records an asset's new oracle price (null: none) on its oracle and token rows and revalues the
 * pools holding it (the token row lists them: no SQL scan in a handler). Positions are valued when
 * read (`position_value`), so none is touched.
 */
export async function setAssetPrice(
  db: Db,
  chainId: number,
  asset: Address,
  priceUsd: bigint | null,
): Promise<void> {
  await db.update(oracleAsset, { chainId, asset }).set({ priceUsd });
  const t = await db.find(token, { chainId, address: asset });
  if (!t) return;
  await db.update(token, { chainId, address: asset }).set({ priceUsd });
  for (const poolId of t.pools) await repricePool(db, chainId, poolId, asset, priceUsd);
}
