// Pools: creation, balances and protocol fees owed (from the events, exactly as the manager books
// them), LP supply, swaps, liquidity events, 1-minute candles per token pair, TVL. A swap is the hot
// path of a backfill: it reads the pool row alone (which keeps its tokens' decimals and prices) and
// writes three rows (pool, swap, candle); hourly candles are added up from the minutes when read.

import { ponder } from "ponder:registry";
import { candle, liquidityEvent, pool, poolToken, swap, token } from "ponder:schema";
import { getDeployment } from "@fluxion/deploy";
import type { Address, Hex } from "viem";
import { bucketStart, orientPair, tradePrice } from "../lib/candles.ts";
import { maxBig, minBig } from "../lib/fixedPoint.ts";
import {
  applyTransfer,
  type Client,
  type Db,
  type EventMeta,
  ensureToken,
  eventId,
  lc,
  meta,
} from "./common.ts";
import { recordTreasuryFee } from "./treasury.ts";
import { tvlOf } from "./valuation.ts";

const poolKinds: Record<number, string> = { 1: "weighted", 2: "stable" };

function isCollateral(chainId: number, address: Address): boolean {
  try {
    return Object.values(getDeployment(chainId).collateral).some((t) => lc(t.address) === address);
  } catch {
    return false;
  }
}

async function ensurePoolToken(db: Db, client: Client, chainId: number, address: Address) {
  return ensureToken(
    db,
    client,
    chainId,
    address,
    isCollateral(chainId, address) ? "collateral" : "other",
  );
}

ponder.on("LiquidityPoolManager:PoolCreated", async ({ event, context }) => {
  const { db, client } = context;
  const chainId = context.chain.id;
  const { poolId, kind, weights, amp, swapFee } = event.args;
  const tokens = event.args.tokens.map(lc);
  const lpToken = lc(event.args.lpToken);
  const tokenDecimals: number[] = [];
  const tokenPrices: bigint[] = [];
  for (const [index, t] of tokens.entries()) {
    const row = await ensurePoolToken(db, client, chainId, t);
    tokenDecimals.push(row.decimals);
    tokenPrices.push(row.priceUsd ?? 0n);
    await db.insert(poolToken).values({ chainId, poolId, token: t, index }).onConflictDoNothing();
    await db
      .update(token, { chainId, address: t })
      .set((row) => ({ pools: row.pools.includes(poolId) ? row.pools : [...row.pools, poolId] }));
  }
  await ensureToken(db, client, chainId, lpToken, "lp", { decimals: 18, poolId });
  const zeros = tokens.map(() => 0n);
  await db.insert(pool).values({
    chainId,
    poolId,
    kind: poolKinds[kind] ?? `kind${kind}`,
    lpToken,
    tokens,
    balances: zeros,
    protocolFeesOwed: zeros,
    weights: weights.length ? [...weights] : zeros,
    tokenDecimals,
    tokenPrices,
    amp,
    ampRampEnd: amp,
    ampRampStartTime: 0n,
    ampRampEndTime: 0n,
    swapFee,
    lpSupply: 0n,
    tvlUsd: 0n,
    tvlComplete: true,
    swapCount: 0,
    createdBlock: event.block.number,
    createdTimestamp: event.block.timestamp,
  });
});

type PoolRow = Readonly<NonNullable<Awaited<ReturnType<typeof findPool>>>>;

function findPool(db: Db, chainId: number, poolId: Hex) {
  return db.find(pool, { chainId, poolId });
}

async function mustPool(db: Db, chainId: number, poolId: Hex): Promise<PoolRow> {
  const row = await findPool(db, chainId, poolId);
  if (!row) throw new Error(`indexer: pool ${poolId} on chain ${chainId} was never created`);
  return row;
}

/** Writes new balances and owed fees, with the TVL they imply. */
async function setBalances(
  db: Db,
  row: PoolRow,
  balances: bigint[],
  protocolFeesOwed: bigint[],
): Promise<void> {
  await db
    .update(pool, { chainId: row.chainId, poolId: row.poolId })
    .set({ balances, protocolFeesOwed, ...tvlOf(row, balances) });
}

/** The 1-minute candle of the swapped pair. */
async function updateCandle(
  db: Db,
  m: EventMeta,
  row: PoolRow,
  tokenIn: Address,
  tokenOut: Address,
  amountIn: bigint,
  amountOut: bigint,
): Promise<void> {
  const tokens = row.tokens as Address[];
  const pair = orientPair(tokens, tokenIn, tokenOut);
  if (!pair) return;
  const baseAmount = pair.base === tokenIn ? amountIn : amountOut;
  const quoteAmount = pair.base === tokenIn ? amountOut : amountIn;
  const price = tradePrice(
    baseAmount,
    quoteAmount,
    row.tokenDecimals[tokens.indexOf(pair.base)]!,
    row.tokenDecimals[tokens.indexOf(pair.quote)]!,
  );
  await db
    .insert(candle)
    .values({
      chainId: m.chainId,
      poolId: row.poolId,
      base: pair.base,
      quote: pair.quote,
      bucketStart: bucketStart(m.timestamp, "1m"),
      open: price,
      high: price,
      low: price,
      close: price,
      volumeBase: baseAmount,
      volumeQuote: quoteAmount,
      trades: 1,
    })
    .onConflictDoUpdate((c) => ({
      high: maxBig(price, c.high),
      low: minBig(price, c.low),
      close: price,
      volumeBase: c.volumeBase + baseAmount,
      volumeQuote: c.volumeQuote + quoteAmount,
      trades: c.trades + 1,
    }));
}

ponder.on("LiquidityPoolManager:Swap", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const { poolId, amountIn, amountOut, protocolFee } = event.args;
  const tokenIn = lc(event.args.tokenIn);
  const tokenOut = lc(event.args.tokenOut);
  const row = await mustPool(db, m.chainId, poolId);
  const tokens = row.tokens as Address[];
  const i = tokens.indexOf(tokenIn);
  const o = tokens.indexOf(tokenOut);
  const balances = [...row.balances];
  const owed = [...row.protocolFeesOwed];
  // The in-balance grows by what stays in the pool; the protocol's cut is owed separately.
  balances[i] = balances[i]! + amountIn - protocolFee;
  owed[i] = owed[i]! + protocolFee;
  balances[o] = balances[o]! - amountOut;
  await db.update(pool, { chainId: m.chainId, poolId }).set({
    balances,
    protocolFeesOwed: owed,
    ...tvlOf(row, balances),
    swapCount: row.swapCount + 1,
  });
  await db.insert(swap).values({
    id: eventId(m),
    chainId: m.chainId,
    poolId,
    sender: lc(event.args.sender),
    recipient: lc(event.args.recipient),
    tokenIn,
    tokenOut,
    amountIn,
    amountOut,
    protocolFee,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
    logIndex: m.logIndex,
  });
  await updateCandle(db, m, row, tokenIn, tokenOut, amountIn, amountOut);
});

ponder.on("LiquidityPoolManager:LiquidityAdded", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const { poolId, amountsIn, protocolFees, lpMinted } = event.args;
  const row = await mustPool(db, m.chainId, poolId);
  const balances = row.balances.map((b, i) => b + amountsIn[i]! - protocolFees[i]!);
  const owed = row.protocolFeesOwed.map((f, i) => f + protocolFees[i]!);
  await setBalances(db, row, balances, owed);
  await db.insert(liquidityEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    poolId,
    kind: "add",
    sender: lc(event.args.sender),
    recipient: lc(event.args.recipient),
    amounts: [...amountsIn],
    protocolFees: [...protocolFees],
    lpAmount: lpMinted,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
});

ponder.on("LiquidityPoolManager:LiquidityRemoved", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const { poolId, amountsOut, protocolFees, lpBurned } = event.args;
  const row = await mustPool(db, m.chainId, poolId);
  const balances = row.balances.map((b, i) => b - amountsOut[i]! - protocolFees[i]!);
  const owed = row.protocolFeesOwed.map((f, i) => f + protocolFees[i]!);
  await setBalances(db, row, balances, owed);
  await db.insert(liquidityEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    poolId,
    kind: "remove",
    sender: lc(event.args.sender),
    recipient: lc(event.args.recipient),
    amounts: [...amountsOut],
    protocolFees: [...protocolFees],
    lpAmount: lpBurned,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
});

ponder.on("LiquidityPoolManager:ProtocolFeesCollected", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const { poolId, amount } = event.args;
  const tokenAddress = lc(event.args.token);
  const row = await mustPool(db, m.chainId, poolId);
  const i = (row.tokens as Address[]).indexOf(tokenAddress);
  const owed = [...row.protocolFeesOwed];
  owed[i] = owed[i]! - amount;
  await db.update(pool, { chainId: m.chainId, poolId }).set({ protocolFeesOwed: owed });
  await recordTreasuryFee(db, m, tokenAddress, "pool_fee", amount, { poolId });
});

ponder.on("LiquidityPoolManager:SwapFeeChanged", async ({ event, context }) => {
  await context.db
    .update(pool, { chainId: context.chain.id, poolId: event.args.poolId })
    .set({ swapFee: event.args.newSwapFee });
});

ponder.on("LiquidityPoolManager:AmpRampStarted", async ({ event, context }) => {
  const { startAmp, endAmp, startTime, endTime } = event.args;
  await context.db.update(pool, { chainId: context.chain.id, poolId: event.args.poolId }).set({
    amp: startAmp,
    ampRampEnd: endAmp,
    ampRampStartTime: startTime,
    ampRampEndTime: endTime,
  });
});

ponder.on("LiquidityPoolManager:AmpRampStopped", async ({ event, context }) => {
  const { currentAmp } = event.args;
  await context.db
    .update(pool, { chainId: context.chain.id, poolId: event.args.poolId })
    .set({ amp: currentAmp, ampRampEnd: currentAmp, ampRampStartTime: 0n, ampRampEndTime: 0n });
});

ponder.on("PoolLpToken:Transfer", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const address = lc(event.log.address);
  const lp = await db.find(token, { chainId: m.chainId, address });
  const change = await applyTransfer(
    db,
    m,
    address,
    event.args.from,
    event.args.to,
    event.args.value,
  );
  if (change !== 0n && lp?.poolId) {
    await db
      .update(pool, { chainId: m.chainId, poolId: lp.poolId })
      .set((row) => ({ lpSupply: row.lpSupply + change }));
  }
});

ponder.on("CollateralToken:Transfer", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const address = lc(event.log.address);
  await ensureToken(context.db, context.client, m.chainId, address, "collateral");
  await applyTransfer(context.db, m, address, event.args.from, event.args.to, event.args.value);
});
