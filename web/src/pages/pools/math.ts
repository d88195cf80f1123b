// The pools page's arithmetic, all on exact integers: slippage bounds, price impact and its warning
// levels, proportional joins and exits exactly as the manager computes them, LP shares, and the
// list's 24 h volume, fees and fee APR in USD. Fixed point is 18 decimals (1e18 = 100% or $1).

export const WAD = 10n ** 18n;
/** The manager's `MINIMUM_LIQUIDITY`: shares locked at the first join, never redeemable. */
export const MINIMUM_LIQUIDITY = 1_000_000n;
/** Largest amount the proportional join and exit take (`_checkLpAmount`: uint128). */
export const MAX_LP_AMOUNT = 2n ** 128n - 1n;
const SECONDS_PER_DAY = 86_400n;
const DAYS_PER_YEAR = 365n;

export function mulDivDown(a: bigint, b: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError("division by zero");
  return (a * b) / d;
}

export function mulDivUp(a: bigint, b: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError("division by zero");
  const p = a * b;
  return p === 0n ? 0n : (p - 1n) / d + 1n;
}

function clampFraction(fraction: bigint): bigint {
  return fraction < 0n ? 0n : fraction > WAD ? WAD : fraction;
}

/** The least output accepted: `amount x (1 - slippage)`, rounded down (slippage as a 1e18 fraction). */
export function minWithSlippage(amount: bigint, slippage: bigint): bigint {
  if (amount <= 0n) return 0n;
  return mulDivDown(amount, WAD - clampFraction(slippage), WAD);
}

/** The most input accepted: `amount x (1 + slippage)`, rounded up. */
export function maxWithSlippage(amount: bigint, slippage: bigint): bigint {
  if (amount <= 0n) return 0n;
  return mulDivUp(amount, WAD + clampFraction(slippage), WAD);
}

/**
 * Price impact of a trade (1e18 = 100%): how much worse its rate is than the spot rate, where the spot
 * rate is that of a tiny reference trade through the same route (`refOut` for `refIn`). Both rates pay
 * the same fee, so the impact measures size alone. Undefined when there is no spot rate to compare to.
 */
export function priceImpact(trade: {
  amountIn: bigint;
  amountOut: bigint;
  refIn: bigint;
  refOut: bigint;
}): bigint | undefined {
  const { amountIn, amountOut, refIn, refOut } = trade;
  if (amountIn <= 0n || refIn <= 0n || refOut <= 0n || amountOut < 0n) return undefined;
  // 1 - (amountOut / amountIn) / (refOut / refIn)
  const ratio = mulDivDown(amountOut * refIn, WAD, amountIn * refOut);
  return ratio >= WAD ? 0n : WAD - ratio;
}

export type ImpactLevel = "none" | "low" | "medium" | "high" | "extreme" | "unknown";

const PERCENT = WAD / 100n;

/** 1%, 3%, 5% warn with growing severity; above 10% the user must type a confirmation. */
export function impactLevel(impact: bigint | undefined): ImpactLevel {
  if (impact === undefined) return "unknown";
  if (impact > 10n * PERCENT) return "extreme";
  if (impact >= 5n * PERCENT) return "high";
  if (impact >= 3n * PERCENT) return "medium";
  if (impact >= PERCENT) return "low";
  return "none";
}

/** The word a user types to send a trade whose price impact is above 10%. */
export const CONFIRM_WORD = "confirm";

export function needsTypedConfirmation(level: ImpactLevel): boolean {
  return level === "extreme";
}

export function typedConfirmationOk(level: ImpactLevel, typed: string): boolean {
  return !needsTypedConfirmation(level) || typed.trim().toLowerCase() === CONFIRM_WORD;
}

/** USD value (18 decimals) of `amount` raw units of a token priced at `priceUsd` (18 decimals). */
export function valueUsd(amount: bigint, priceUsd: bigint, decimals: number): bigint {
  return mulDivDown(amount, priceUsd, 10n ** BigInt(decimals));
}

/** Fee APR (1e18 = 100%): a day's fees x 365 over the TVL; undefined without TVL. */
export function feeApr(feesUsd24h: bigint, tvlUsd: bigint): bigint | undefined {
  if (tvlUsd <= 0n) return undefined;
  return mulDivDown(feesUsd24h * DAYS_PER_YEAR, WAD, tvlUsd);
}

/** A user's fraction of a pool (1e18 = 100%). */
export function lpShare(balance: bigint, supply: bigint): bigint {
  if (supply <= 0n || balance <= 0n) return 0n;
  return mulDivDown(balance, WAD, supply);
}

export type ProportionalJoin =
  | { ok: true; lpOut: bigint; amountsIn: bigint[] }
  | { ok: false; error: string };

/**
 * A proportional join driven by one token's amount: the shares that amount buys (rounded down) and
 * what the manager will then take of every token (`mulDivUp(balance, lpOut, supply)`), so the
 * driving token's amount never exceeds what was typed.
 */
export function proportionalJoin(input: {
  balances: readonly bigint[];
  supply: bigint;
  index: number;
  amount: bigint;
}): ProportionalJoin {
  const { balances, supply, index, amount } = input;
  if (supply <= 0n) return { ok: false, error: "The pool has no liquidity yet." };
  const balance = balances[index];
  if (balance === undefined) return { ok: false, error: "Unknown token." };
  if (balance <= 0n) return { ok: false, error: "The pool holds none of this token." };
  if (amount <= 0n) return { ok: false, error: "Enter an amount above zero." };
  const lpOut = mulDivDown(amount, supply, balance);
  if (lpOut === 0n) return { ok: false, error: "This amount is too small to mint a share." };
  if (lpOut > MAX_LP_AMOUNT) return { ok: false, error: "This amount is too large for one join." };
  return { ok: true, lpOut, amountsIn: balances.map((b) => mulDivUp(b, lpOut, supply)) };
}

export type ProportionalExit = { ok: true; amountsOut: bigint[] } | { ok: false; error: string };

/** A proportional exit: every token's `balance x lpIn / supply`, rounded down (as the manager). */
export function proportionalExit(input: {
  balances: readonly bigint[];
  supply: bigint;
  lpIn: bigint;
}): ProportionalExit {
  const { balances, supply, lpIn } = input;
  if (supply <= 0n) return { ok: false, error: "The pool has no liquidity." };
  if (lpIn <= 0n) return { ok: false, error: "Enter an amount above zero." };
  if (lpIn > MAX_LP_AMOUNT) return { ok: false, error: "This amount is too large for one exit." };
  if (lpIn > supply - MINIMUM_LIQUIDITY) {
    return { ok: false, error: "More than the pool's redeemable supply." };
  }
  return { ok: true, amountsOut: balances.map((b) => mulDivDown(b, lpIn, supply)) };
}

// ---------------------------------------------------------------- 24 h volume, fees and APR

export type SwapRow = {
  poolId: string;
  tokenIn: string;
  tokenOut: string;
  amountIn: string;
  amountOut: string;
};

export type PricedToken = { decimals: number; priceUsd: bigint | null };

export type PoolDayStats = {
  volumeUsd: bigint;
  feesUsd: bigint;
  swaps: number;
  /** Swaps neither of whose tokens had a price (left out of the sums). */
  unpriced: number;
};

/**
 * Volume and fees per pool over a set of swaps, valued at the indexer's latest oracle prices: each
 * swap counts its input (amountIn x price of tokenIn), or its output when the input has no price;
 * its fee is the pool's swap fee on the input's value (the fee is charged on the input).
 */
export function dayStats(
  swaps: readonly SwapRow[],
  tokens: ReadonlyMap<string, PricedToken>,
  swapFees: ReadonlyMap<string, bigint>,
): Map<string, PoolDayStats> {
  const stats = new Map<string, PoolDayStats>();
  for (const s of swaps) {
    const poolId = s.poolId.toLowerCase();
    const entry = stats.get(poolId) ?? { volumeUsd: 0n, feesUsd: 0n, swaps: 0, unpriced: 0 };
    stats.set(poolId, entry);
    entry.swaps += 1;
    const value = swapValueUsd(s, tokens);
    if (value === undefined) {
      entry.unpriced += 1;
      continue;
    }
    entry.volumeUsd += value;
    entry.feesUsd += mulDivDown(value, swapFees.get(poolId) ?? 0n, WAD);
  }
  return stats;
}

function swapValueUsd(s: SwapRow, tokens: ReadonlyMap<string, PricedToken>): bigint | undefined {
  const side = (token: string, amount: string) => {
    const t = tokens.get(token.toLowerCase());
    if (!t || t.priceUsd === null || !/^\d+$/.test(amount)) return undefined;
    return valueUsd(BigInt(amount), t.priceUsd, t.decimals);
  };
  return side(s.tokenIn, s.amountIn) ?? side(s.tokenOut, s.amountOut);
}

/** The window a "24 h" figure covers, ending at the chain's latest block time. */
export function dayWindow(chainNow: bigint): { from: bigint; to: bigint } {
  const from = chainNow - SECONDS_PER_DAY;
  return { from: from < 0n ? 0n : from, to: chainNow };
}
