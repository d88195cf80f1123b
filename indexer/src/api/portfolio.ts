// GET /portfolio/:address: everything one account holds and owes on every indexed chain (or one,
// with ?chainId=), valued in USD at the latest indexed oracle prices. Amounts and USD values are
// decimal strings of exact integers (USD with 18 decimals).

import { db } from "ponder:api";
import {
  balance,
  chainClock,
  governanceAccount,
  pool,
  position,
  rewardToken,
  stakerReward,
  token,
} from "ponder:schema";
import { and, eq, gt, type PgColumn } from "ponder";
import type { Address } from "viem";
import { valueUsd, WAD } from "../lib/fixedPoint.ts";

const str = (v: bigint | null | undefined) => (v === null || v === undefined ? null : v.toString());

export async function portfolio(address: Address, chainId: number | undefined) {
  const byChain = (col: PgColumn) => (chainId === undefined ? undefined : eq(col, chainId));

  const holdings = await db
    .select({ b: balance, t: token, p: pool })
    .from(balance)
    .innerJoin(token, and(eq(token.chainId, balance.chainId), eq(token.address, balance.token)))
    .leftJoin(pool, and(eq(pool.chainId, token.chainId), eq(pool.poolId, token.poolId)))
    .where(and(eq(balance.account, address), gt(balance.amount, 0n), byChain(balance.chainId)));

  const positions = await db
    .select()
    .from(position)
    .where(and(eq(position.owner, address), byChain(position.chainId)));

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

  for (const { b, t, p } of holdings) {
    const c = chainOf(b.chainId);
    let value: bigint | null = null;
    if (t.priceUsd !== null) value = valueUsd(b.amount, t.priceUsd, t.decimals);
    else if (t.kind === "lp" && p && p.lpSupply > 0n && p.tvlComplete) {
      value = (b.amount * p.tvlUsd) / p.lpSupply; // share of the pool's TVL, rounded down
    }
    if (value !== null) c.walletUsd += value;
    else c.unpriced.push(t.address);
    c.balances.push({
      token: t.address,
      symbol: t.symbol,
      kind: t.kind,
      decimals: t.decimals,
      amount: b.amount.toString(),
      priceUsd: str(t.priceUsd),
      valueUsd: str(value),
      poolId: t.poolId,
    });
  }

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

  return {
    address,
    chains: [...chains.values()]
      .sort((a, b) => a.chainId - b.chainId)
      .map(({ walletUsd, collateralUsd, debtUsd, ...c }) => ({
        ...c,
        totals: {
          walletUsd: walletUsd.toString(),
          collateralUsd: collateralUsd.toString(),
          debtUsd: debtUsd.toString(),
          netUsd: (walletUsd + collateralUsd - debtUsd).toString(),
        },
      })),
  };
}

function emptyChain(chainId: number) {
  return {
    chainId,
    balances: [] as {
      token: string;
      symbol: string | null;
      kind: string;
      decimals: number;
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
