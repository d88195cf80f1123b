// GET /portfolio/:address: everything one account holds and owes on every indexed chain (or one,
// with ?chainId=), valued in USD at the latest indexed oracle prices. Amounts and USD values are
// decimal strings of exact integers (USD with 18 decimals). `chains` holds each chain's balances,
// positions and governance; `assets` adds each asset up across chains (a synth by its asset id, the
// same on every chain; other tokens by kind and symbol), `inTransit` lists the account's cross-chain
// transfers not yet delivered (burnt on one chain, not yet minted on the other) and `totals` sums the
// chains' USD totals.

import { db } from "ponder:api";
import {
  balance,
  ccipMessage,
  chainClock,
  governanceAccount,
  pool,
  positionValue,
  rewardToken,
  stakerReward,
  synth,
  token,
} from "ponder:schema";
import { and, eq, gt, ne, or, type PgColumn } from "ponder";
import type { Address } from "viem";
import { valueUsd, WAD } from "../lib/fixedPoint.ts";

const str = (v: bigint | null | undefined) => (v === null || v === undefined ? null : v.toString());

export async function portfolio(address: Address, chainId: number | undefined) {
  const byChain = (col: PgColumn) => (chainId === undefined ? undefined : eq(col, chainId));

  const holdings = await db
    .select({ b: balance, t: token, p: pool, s: synth })
    .from(balance)
    .innerJoin(token, and(eq(token.chainId, balance.chainId), eq(token.address, balance.token)))
    .leftJoin(pool, and(eq(pool.chainId, token.chainId), eq(pool.poolId, token.poolId)))
    .leftJoin(synth, and(eq(synth.chainId, token.chainId), eq(synth.address, token.address)))
    .where(and(eq(balance.account, address), gt(balance.amount, 0n), byChain(balance.chainId)));

  // Valued as read, at the latest indexed prices (the `position_value` view).
  const positions = await db
    .select()
    .from(positionValue)
    .where(and(eq(positionValue.owner, address), byChain(positionValue.chainId)));

  const holders = await db
    .select()
    .from(governanceAccount)
    .where(and(eq(governanceAccount.address, address), byChain(governanceAccount.chainId)));

  const rewardRows = await db
    .select({ rt: rewardToken, book: stakerReward })
    .from(rewardToken)
    .leftJoin(
      stakerReward,
      and(
        eq(stakerReward.chainId, rewardToken.chainId),
        eq(stakerReward.token, rewardToken.token),
        eq(stakerReward.account, address),
      ),
    )
    .where(byChain(rewardToken.chainId));

  // Cooldowns end at chain time, which local chains move at will: use the latest indexed block's.
  const clocks = new Map(
    (await db.select().from(chainClock).where(byChain(chainClock.chainId))).map((c) => [
      c.chainId,
      c.timestamp,
    ]),
  );

  const chains = new Map<number, ReturnType<typeof emptyChain>>();
  const chainOf = (id: number) => {
    let c = chains.get(id);
    if (!c) {
      c = emptyChain(id);
      chains.set(id, c);
    }
    return c;
  };

  const assets = new Map<string, AssetTotal>();

  for (const { b, t, p, s } of holdings) {
    const c = chainOf(b.chainId);
    let value: bigint | null = null;
    if (t.priceUsd !== null) value = valueUsd(b.amount, t.priceUsd, t.decimals);
    else if (t.kind === "lp" && p && p.lpSupply > 0n && p.tvlComplete) {
      value = (b.amount * p.tvlUsd) / p.lpSupply; // share of the pool's TVL, rounded down
    }
    if (value !== null) c.walletUsd += value;
    else c.unpriced.push(t.address);
    const assetId = s?.assetId ?? null;
    c.balances.push({
      token: t.address,
      symbol: t.symbol,
      kind: t.kind,
      decimals: t.decimals,
      assetId,
      amount: b.amount.toString(),
      priceUsd: str(t.priceUsd),
      valueUsd: str(value),
      poolId: t.poolId,
    });
    const key = assetKey(b.chainId, t, assetId);
    let total = assets.get(key);
    if (!total) {
      total = {
        asset: assetId ?? t.symbol ?? t.address,
        kind: t.kind,
        symbol: t.symbol,
        decimals: t.decimals,
        assetId,
        amount: 0n,
        valueUsd: 0n,
        complete: true,
        inTransit: 0n,
        chains: [],
      };
      assets.set(key, total);
    }
    total.amount += b.amount;
    if (value === null) total.complete = false;
    else total.valueUsd += value;
    total.chains.push({
      chainId: b.chainId,
      token: t.address,
      amount: b.amount.toString(),
      valueUsd: str(value),
    });
  }

  // Transfers to or from the account that left one chain and have not arrived on the other.
  const transfers = await db
    .select()
    .from(ccipMessage)
    .where(
      and(
        eq(ccipMessage.kind, "transfer"),
        ne(ccipMessage.state, "executed"),
        or(eq(ccipMessage.userFrom, address), eq(ccipMessage.userTo, address)),
        chainId === undefined
          ? undefined
          : or(eq(ccipMessage.sourceChainId, chainId), eq(ccipMessage.destChainId, chainId)),
      ),
    );
  const inTransit = transfers
    .sort((a, b) =>
      a.firstSeenTimestamp === b.firstSeenTimestamp
        ? a.messageId.localeCompare(b.messageId)
        : a.firstSeenTimestamp < b.firstSeenTimestamp
          ? -1
          : 1,
    )
    .map((m) => {
      const incoming = m.userTo === address;
      if (incoming && m.assetId !== null && m.amount !== null) {
        const total = [...assets.values()].find((a) => a.assetId === m.assetId);
        if (total) total.inTransit += m.amount;
        else {
          // A synth the account holds on no chain yet (synths have 18 decimals everywhere).
          assets.set(`synth:${m.assetId}`, {
            asset: m.assetId,
            kind: "synth",
            symbol: null,
            decimals: 18,
            assetId: m.assetId,
            amount: 0n,
            valueUsd: 0n,
            complete: true,
            inTransit: m.amount,
            chains: [],
          });
        }
      }
      return {
        messageId: m.messageId,
        state: m.state,
        direction: m.userFrom === address ? (incoming ? "self" : "out") : "in",
        from: m.userFrom,
        to: m.userTo,
        assetId: m.assetId,
        amount: str(m.amount),
        sourceChainId: m.sourceChainId,
        destChainId: m.destChainId,
      };
    });

  for (const p of positions) {
    if (p.collateralAmount === 0n && p.debt === 0n) continue;
    const c = chainOf(p.chainId);
    c.collateralUsd += p.collateralValueUsd ?? 0n;
    c.debtUsd += p.debtValueUsd ?? 0n;
    c.positions.push({
      collateral: p.collateral,
      synth: p.synth,
      collateralAmount: p.collateralAmount.toString(),
      debt: p.debt.toString(),
      collateralValueUsd: str(p.collateralValueUsd),
      debtValueUsd: str(p.debtValueUsd),
      collateralRatio: str(p.collateralRatio),
      liquidatable: p.liquidatable,
      health: p.health,
      liquidationCount: p.liquidationCount,
    });
  }

  for (const h of holders) {
    const c = chainOf(h.chainId);
    const now = clocks.get(h.chainId) ?? BigInt(Math.floor(Date.now() / 1000));
    const cooling = h.cooldownEnd > now ? h.cooling : 0n;
    c.governance = {
      votingPower: h.votingPower.toString(),
      delegate: h.delegate,
      staked: h.staked.toString(),
      cooling: cooling.toString(),
      cooldownEnd: cooling === 0n ? "0" : h.cooldownEnd.toString(),
      rewards: [],
    };
  }
  for (const { rt, book } of rewardRows) {
    const c = chains.get(rt.chainId);
    if (!c?.governance) continue;
    const staked = BigInt(c.governance.staked);
    const paid = book?.paidPerStake ?? 0n;
    const earned = (book?.accrued ?? 0n) + (staked * (rt.rewardPerStake - paid)) / WAD;
    if (earned === 0n && !book) continue;
    c.governance.rewards.push({
      token: rt.token,
      earned: earned.toString(),
      claimed: (book?.claimed ?? 0n).toString(),
    });
  }

  const sorted = [...chains.values()].sort((a, b) => a.chainId - b.chainId);
  const sum = (pick: (c: (typeof sorted)[number]) => bigint) =>
    sorted.reduce((total, c) => total + pick(c), 0n);
  const walletUsd = sum((c) => c.walletUsd);
  const collateralUsd = sum((c) => c.collateralUsd);
  const debtUsd = sum((c) => c.debtUsd);
  return {
    address,
    chains: sorted.map(({ walletUsd, collateralUsd, debtUsd, ...c }) => ({
      ...c,
      totals: {
        walletUsd: walletUsd.toString(),
        collateralUsd: collateralUsd.toString(),
        debtUsd: debtUsd.toString(),
        netUsd: (walletUsd + collateralUsd - debtUsd).toString(),
      },
    })),
    assets: [...assets.values()]
      .sort((a, b) => a.asset.localeCompare(b.asset) || a.kind.localeCompare(b.kind))
      .map((a) => ({
        asset: a.asset,
        kind: a.kind,
        symbol: a.symbol,
        decimals: a.decimals,
        assetId: a.assetId,
        amount: a.amount.toString(),
        /** Sum over the chains where the token has a price; `complete` says whether that is all. */
        valueUsd: a.valueUsd.toString(),
        complete: a.complete,
        inTransit: a.inTransit.toString(),
        chains: a.chains.sort((x, y) => x.chainId - y.chainId),
      })),
    inTransit,
    totals: {
      walletUsd: walletUsd.toString(),
      collateralUsd: collateralUsd.toString(),
      debtUsd: debtUsd.toString(),
      netUsd: (walletUsd + collateralUsd - debtUsd).toString(),
    },
  };
}

/** One asset summed over chains. */
type AssetTotal = {
  asset: string;
  kind: string;
  symbol: string | null;
  decimals: number;
  assetId: string | null;
  amount: bigint;
  valueUsd: bigint;
  complete: boolean;
  /** Transfers to the account on their way between chains. */
  inTransit: bigint;
  chains: { chainId: number; token: string; amount: string; valueUsd: string | null }[];
};

/**
 * What makes tokens on different chains the same asset: a synth's asset id; else the kind, symbol and
 * decimals; a token without a symbol stays its own.
 */
function assetKey(
  chainId: number,
  t: { kind: string; symbol: string | null; decimals: number; address: string },
  assetId: string | null,
): string {
  if (assetId !== null) return `synth:${assetId}`;
  if (t.symbol !== null) return `${t.kind}:${t.symbol}:${t.decimals}`;
  return `${t.kind}:${chainId}:${t.address}`;
}

function emptyChain(chainId: number) {
  return {
    chainId,
    balances: [] as {
      token: string;
      symbol: string | null;
      kind: string;
      decimals: number;
      assetId: string | null;
      amount: string;
      priceUsd: string | null;
      valueUsd: string | null;
      poolId: string | null;
    }[],
    positions: [] as Record<string, unknown>[],
    governance: null as null | {
      votingPower: string;
      delegate: string;
      staked: string;
      cooling: string;
      cooldownEnd: string;
      rewards: { token: string; earned: string; claimed: string }[];
    },
    /** Tokens held that have no price (their value is left out of the totals). */
    unpriced: [] as string[],
    walletUsd: 0n,
    collateralUsd: 0n,
    debtUsd: 0n,
  };
}
