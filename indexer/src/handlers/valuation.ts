// USD valuation kept current in the tables: positions (as SynthVault.positionOf values them) and
// pool TVL are recomputed whenever their amounts change and whenever an oracle price they use moves.

import { collateralType, oracleAsset, pool, position, token } from "ponder:schema";
import { and, eq, or } from "ponder";
import type { Address, Hex } from "viem";
import { collateralRatio, debtValueUsd, valueUsd } from "../lib/fixedPoint.ts";
import type { Db } from "./common.ts";

type PositionKey = { chainId: number; owner: Address; collateral: Address; synth: Address };

async function priceOf(db: Db, chainId: number, asset: Address): Promise<bigint | null> {
  const row = await db.find(oracleAsset, { chainId, asset });
  return row?.feed ? (row.priceUsd ?? null) : null;
}

/** The valuation columns of a position with these amounts, at the latest indexed prices. */
export async function valuePosition(
  db: Db,
  key: PositionKey,
  collateralAmount: bigint,
  debt: bigint,
) {
  const config = await db.find(collateralType, { chainId: key.chainId, token: key.collateral });
  const collateralPrice =
    collateralAmount === 0n ? 0n : await priceOf(db, key.chainId, key.collateral);
  const synthPrice = debt === 0n ? 0n : await priceOf(db, key.chainId, key.synth);
  if (!config || collateralPrice === null || synthPrice === null) {
    return {
      collateralValueUsd: null,
      debtValueUsd: null,
      collateralRatio: null,
      liquidatable: false,
      health: debt === 0n ? "no_debt" : "unpriced",
    };
  }
  const cValue = valueUsd(collateralAmount, collateralPrice, config.decimals);
  const dValue = debtValueUsd(debt, synthPrice);
  const ratio = collateralRatio(cValue, dValue);
  const liquidatable = ratio < config.liquidationRatio;
  const health =
    debt === 0n
      ? "no_debt"
      : liquidatable
        ? "liquidatable"
        : ratio < config.issuanceRatio
          ? "below_issuance"
          : "healthy";
  return {
    collateralValueUsd: cValue,
    debtValueUsd: dValue,
    collateralRatio: ratio,
    liquidatable,
    health,
  };
}

/** Sets a position's amounts (creating it on first sight) and revalues it. */
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
  const value = await valuePosition(db, key, collateralAmount, debt);
  const liquidationCount = (existing?.liquidationCount ?? 0) + (extra.liquidation ? 1 : 0);
  const badDebt = (existing?.badDebt ?? 0n) + (extra.badDebt ?? 0n);
  await db
    .insert(position)
    .values({
      ...key,
      collateralAmount,
      debt,
      ...value,
      liquidationCount,
      badDebt,
      updatedBlock: blockNumber,
    })
    .onConflictDoUpdate({
      collateralAmount,
      debt,
      ...value,
      liquidationCount,
      badDebt,
      updatedBlock: blockNumber,
    });
}

/** Revalues every position that holds or owes `asset` (after its price or parameters changed). */
export async function revaluePositionsOf(
  db: Db,
  chainId: number,
  asset: Address,
  blockNumber: bigint,
) {
  const rows = await db.sql
    .select()
    .from(position)
    .where(
      and(
        eq(position.chainId, chainId),
        or(eq(position.collateral, asset), eq(position.synth, asset)),
      ),
    );
  for (const row of rows) {
    const key = { chainId, owner: row.owner, collateral: row.collateral, synth: row.synth };
    const value = await valuePosition(db, key, row.collateralAmount, row.debt);
    await db.update(position, key).set({ ...value, updatedBlock: blockNumber });
  }
}

/** TVL of a pool with these balances: sum of balance x price over the tokens that have a price. */
export async function poolTvl(
  db: Db,
  chainId: number,
  tokens: readonly Address[],
  balances: readonly bigint[],
): Promise<{ tvlUsd: bigint; tvlComplete: boolean }> {
  const rows = [];
  for (const address of tokens) rows.push(await db.find(token, { chainId, address }));
  return tvlOf(rows, balances);
}

/** TVL from the pool's token rows (in pool order) and balances. */
export function tvlOf(
  tokens: readonly ({ decimals: number; priceUsd: bigint | null } | null | undefined)[],
  balances: readonly bigint[],
): { tvlUsd: bigint; tvlComplete: boolean } {
  let tvlUsd = 0n;
  let tvlComplete = true;
  for (const [i, t] of tokens.entries()) {
    if (!t || t.priceUsd === null) {
      tvlComplete = false;
      continue;
    }
    tvlUsd += valueUsd(balances[i] ?? 0n, t.priceUsd, t.decimals);
  }
  return { tvlUsd, tvlComplete };
}

/** Revalues every pool holding `asset` (the token row lists them: no SQL scan in a handler). */
export async function revaluePoolsOf(db: Db, chainId: number, asset: Address): Promise<void> {
  const t = await db.find(token, { chainId, address: asset });
  for (const poolId of t?.pools ?? []) await revaluePool(db, chainId, poolId);
}

export async function revaluePool(db: Db, chainId: number, poolId: Hex): Promise<void> {
  const row = await db.find(pool, { chainId, poolId });
  if (!row) return;
  const tvl = await poolTvl(db, chainId, row.tokens as Address[], row.balances);
  await db.update(pool, { chainId, poolId }).set(tvl);
}

/** Records an asset's new oracle price and revalues everything that depends on it. */
export async function setAssetPrice(
  db: Db,
  chainId: number,
  asset: Address,
  priceUsd: bigint | null,
  blockNumber: bigint,
): Promise<void> {
  await db.update(oracleAsset, { chainId, asset }).set({ priceUsd });
  if (await db.find(token, { chainId, address: asset })) {
    await db.update(token, { chainId, address: asset }).set({ priceUsd });
  }
  await revaluePositionsOf(db, chainId, asset, blockNumber);
  await revaluePoolsOf(db, chainId, asset);
}
