import { describe, expect, it } from "vitest";
import {
  dayStats,
  dayWindow,
  feeApr,
  impactLevel,
  lpShare,
  MAX_LP_AMOUNT,
  MINIMUM_LIQUIDITY,
  maxWithSlippage,
  minWithSlippage,
  mulDivDown,
  mulDivUp,
  needsTypedConfirmation,
  priceImpact,
  proportionalExit,
  proportionalJoin,
  typedConfirmationOk,
  valueUsd,
  WAD,
} from "./math.ts";

const pct = (n: number) => (BigInt(Math.round(n * 1e6)) * WAD) / 100_000_000n;
const e18 = (n: bigint | number) => BigInt(n) * WAD;

describe("mulDiv", () => {
  it("rounds down and up", () => {
    expect(mulDivDown(7n, 3n, 2n)).toBe(10n);
    expect(mulDivUp(7n, 3n, 2n)).toBe(11n);
    expect(mulDivUp(4n, 3n, 2n)).toBe(6n);
    expect(mulDivUp(0n, 3n, 2n)).toBe(0n);
  });
  it("refuses a zero divisor", () => {
    expect(() => mulDivDown(1n, 1n, 0n)).toThrow(RangeError);
    expect(() => mulDivUp(1n, 1n, 0n)).toThrow(RangeError);
  });
  it("stays exact far beyond 2^256", () => {
    const huge = 2n ** 255n;
    expect(mulDivDown(huge, huge, huge)).toBe(huge);
  });
});

describe("slippage bounds", () => {
  it("takes 0.5% off the quote for the minimum received, rounded down", () => {
    expect(minWithSlippage(1_000_000n, pct(0.5))).toBe(995_000n);
    expect(minWithSlippage(999n, pct(0.5))).toBe(994n); // 994.005 → 994
    expect(minWithSlippage(e18(2980), pct(0.5))).toBe((e18(2980) * 995n) / 1000n);
  });
  it("adds 0.5% to the quote for the maximum sold, rounded up", () => {
    expect(maxWithSlippage(1_000_000n, pct(0.5))).toBe(1_005_000n);
    expect(maxWithSlippage(999n, pct(0.5))).toBe(1004n); // 1003.995 → 1004
  });
  it("handles zero amounts, zero slippage and out-of-range slippage", () => {
    expect(minWithSlippage(0n, pct(0.5))).toBe(0n);
    expect(maxWithSlippage(0n, pct(0.5))).toBe(0n);
    expect(minWithSlippage(-5n, pct(0.5))).toBe(0n);
    expect(minWithSlippage(123n, 0n)).toBe(123n);
    expect(maxWithSlippage(123n, 0n)).toBe(123n);
    // Negative tolerance is treated as none; above 100% as 100%.
    expect(minWithSlippage(100n, -WAD)).toBe(100n);
    expect(minWithSlippage(100n, 2n * WAD)).toBe(0n);
    expect(maxWithSlippage(100n, 2n * WAD)).toBe(200n);
  });
  it("stays exact for huge amounts", () => {
    const max = 2n ** 256n - 1n;
    expect(minWithSlippage(max, pct(0.5))).toBe((max * 995n) / 1000n);
    expect(maxWithSlippage(max, pct(0.5)) > max).toBe(true);
  });
});

describe("price impact", () => {
  it("is zero when the trade gets the spot rate, and never negative", () => {
    expect(priceImpact({ amountIn: 100n, amountOut: 300n, refIn: 1n, refOut: 3n })).toBe(0n);
    expect(priceImpact({ amountIn: 100n, amountOut: 310n, refIn: 1n, refOut: 3n })).toBe(0n);
  });
  it("measures the shortfall against the spot rate", () => {
    // spot 3000 per unit; the trade gets 2970 per unit: 1% impact.
    const impact = priceImpact({
      amountIn: e18(10),
      amountOut: e18(29_700),
      refIn: e18(1) / 1000n,
      refOut: e18(3),
    });
    expect(impact).toBe(pct(1));
  });
  it("is unknown without a spot rate", () => {
    expect(priceImpact({ amountIn: 1n, amountOut: 1n, refIn: 1n, refOut: 0n })).toBeUndefined();
    expect(priceImpact({ amountIn: 0n, amountOut: 1n, refIn: 1n, refOut: 1n })).toBeUndefined();
    expect(priceImpact({ amountIn: 1n, amountOut: 1n, refIn: 0n, refOut: 1n })).toBeUndefined();
  });
  it("is 100% when nothing comes out", () => {
    expect(priceImpact({ amountIn: 5n, amountOut: 0n, refIn: 1n, refOut: 1n })).toBe(WAD);
  });
  it("grades the warnings at 1%, 3%, 5% and above 10%", () => {
    expect(impactLevel(0n)).toBe("none");
    expect(impactLevel(pct(0.99))).toBe("none");
    expect(impactLevel(pct(1))).toBe("low");
    expect(impactLevel(pct(2.99))).toBe("low");
    expect(impactLevel(pct(3))).toBe("medium");
    expect(impactLevel(pct(5))).toBe("high");
    expect(impactLevel(pct(10))).toBe("high");
    expect(impactLevel(pct(10) + 1n)).toBe("extreme");
    expect(impactLevel(WAD)).toBe("extreme");
    expect(impactLevel(undefined)).toBe("unknown");
  });
  it("asks for the typed word above 10% only", () => {
    expect(needsTypedConfirmation("extreme")).toBe(true);
    for (const level of ["none", "low", "medium", "high", "unknown"] as const) {
      expect(needsTypedConfirmation(level)).toBe(false);
      expect(typedConfirmationOk(level, "")).toBe(true);
    }
    expect(typedConfirmationOk("extreme", "")).toBe(false);
    expect(typedConfirmationOk("extreme", "confirmed")).toBe(false);
    expect(typedConfirmationOk("extreme", "yes")).toBe(false);
    expect(typedConfirmationOk("extreme", "confirm")).toBe(true);
    expect(typedConfirmationOk("extreme", "  Confirm ")).toBe(true);
  });
});

describe("USD values and APR", () => {
  it("values raw amounts of any decimals", () => {
    expect(valueUsd(e18(2), e18(3000), 18)).toBe(e18(6000));
    expect(valueUsd(1_500_000n, e18(1), 6)).toBe(e18(3) / 2n);
    expect(valueUsd(1n, e18(1), 8)).toBe(10n ** 10n);
    expect(valueUsd(0n, e18(1), 18)).toBe(0n);
  });
  it("annualises a day of fees over the TVL", () => {
    // $10 of fees a day on $36,500 of TVL: 10%.
    expect(feeApr(e18(10), e18(36_500))).toBe(WAD / 10n);
    expect(feeApr(0n, e18(100))).toBe(0n);
  });
  it("has no APR without TVL", () => {
    expect(feeApr(e18(10), 0n)).toBeUndefined();
    expect(feeApr(e18(10), -1n)).toBeUndefined();
  });
  it("computes the LP share", () => {
    expect(lpShare(25n, 100n)).toBe(WAD / 4n);
    expect(lpShare(0n, 100n)).toBe(0n);
    expect(lpShare(5n, 0n)).toBe(0n);
  });
});

describe("proportional join", () => {
  const balances = [e18(80), e18(60_000)];
  const supply = e18(1000);
  it("mints shares for the typed amount and asks the matching amount of every token", () => {
    const join = proportionalJoin({ balances, supply, index: 0, amount: e18(1) });
    expect(join).toEqual({ ok: true, lpOut: e18(1000) / 80n, amountsIn: [e18(1), e18(750)] });
  });
  it("never asks more of the typed token than typed (rounding)", () => {
    const odd = [1_000_003n, 7_777_777_777n];
    for (const amount of [1n, 2n, 3n, 999n, 123_457n]) {
      const join = proportionalJoin({ balances: odd, supply: 999_999_937n, index: 0, amount });
      if (!join.ok) continue;
      expect(join.amountsIn[0]! <= amount).toBe(true);
      // What the manager takes: mulDivUp(balance, lpOut, supply).
      expect(join.amountsIn[1]).toBe(mulDivUp(odd[1]!, join.lpOut, 999_999_937n));
    }
  });
  it("works from the other token too", () => {
    const join = proportionalJoin({ balances, supply, index: 1, amount: e18(750) });
    expect(join.ok && join.lpOut).toBe(e18(1000) / 80n);
  });
  it("refuses zero liquidity, empty balances, dust, zero and unknown tokens", () => {
    expect(proportionalJoin({ balances, supply: 0n, index: 0, amount: 1n }).ok).toBe(false);
    expect(proportionalJoin({ balances: [0n, 1n], supply, index: 0, amount: 1n }).ok).toBe(false);
    expect(proportionalJoin({ balances, supply, index: 0, amount: 0n }).ok).toBe(false);
    expect(proportionalJoin({ balances, supply, index: 5, amount: 1n }).ok).toBe(false);
    // 1 wei of a token worth 80e18 per 1000e18 shares... still mints 12 shares; but a pool
    // whose balance dwarfs its supply mints nothing for dust.
    const dust = proportionalJoin({ balances: [e18(1), 1n], supply: 10n, index: 0, amount: 1n });
    expect(dust).toEqual({ ok: false, error: "This amount is too small to mint a share." });
  });
  it("refuses more shares than one join takes", () => {
    const join = proportionalJoin({
      balances: [1n, 1n],
      supply: 10n ** 30n,
      index: 0,
      amount: 10n ** 30n,
    });
    expect(join.ok).toBe(false);
    expect(MAX_LP_AMOUNT).toBe(2n ** 128n - 1n);
  });
});

describe("proportional exit", () => {
  const balances = [e18(80), 200_000_000_000n];
  const supply = e18(1000);
  it("pays every token's share rounded down", () => {
    expect(proportionalExit({ balances, supply, lpIn: e18(10) })).toEqual({
      ok: true,
      amountsOut: [(e18(80) * 10n) / 1000n, 2_000_000_000n],
    });
    const tiny = proportionalExit({ balances: [3n, 3n], supply: 7n * MINIMUM_LIQUIDITY, lpIn: 1n });
    expect(tiny).toEqual({ ok: true, amountsOut: [0n, 0n] });
  });
  it("refuses zero, the locked minimum, more than 2^128 - 1 and an empty pool", () => {
    expect(proportionalExit({ balances, supply, lpIn: 0n }).ok).toBe(false);
    expect(proportionalExit({ balances, supply, lpIn: supply }).ok).toBe(false);
    expect(proportionalExit({ balances, supply, lpIn: supply - MINIMUM_LIQUIDITY }).ok).toBe(true);
    expect(proportionalExit({ balances, supply: 0n, lpIn: 1n }).ok).toBe(false);
    expect(proportionalExit({ balances, supply: 2n ** 200n, lpIn: 2n ** 128n }).ok).toBe(false);
  });
});

describe("24 h volume and fees", () => {
  const WETH = "0x00000000000000000000000000000000000000aa";
  const SUSD = "0x00000000000000000000000000000000000000bb";
  const USDC = "0x00000000000000000000000000000000000000cc";
  const ODD = "0x00000000000000000000000000000000000000dd";
  const tokens = new Map([
    [WETH, { decimals: 18, priceUsd: e18(3000) }],
    [SUSD, { decimals: 18, priceUsd: e18(1) }],
    [USDC, { decimals: 6, priceUsd: null }],
    [ODD, { decimals: 18, priceUsd: null }],
  ]);
  const fees = new Map([
    ["0xp1", WAD / 1000n], // 0.1%
    ["0xp2", WAD / 10_000n], // 0.01%
  ]);
  it("values each swap's input at its price, or its output when the input has none", () => {
    const stats = dayStats(
      [
        {
          poolId: "0xP1",
          tokenIn: WETH,
          tokenOut: SUSD,
          amountIn: e18(1).toString(),
          amountOut: "1",
        },
        {
          poolId: "0xp1",
          tokenIn: SUSD,
          tokenOut: WETH,
          amountIn: e18(500).toString(),
          amountOut: "1",
        },
        {
          poolId: "0xp2",
          tokenIn: USDC,
          tokenOut: SUSD,
          amountIn: "1000000",
          amountOut: e18(1).toString(),
        },
        { poolId: "0xp2", tokenIn: ODD, tokenOut: USDC, amountIn: "5", amountOut: "5" },
      ],
      tokens,
      fees,
    );
    const p1 = stats.get("0xp1")!;
    expect(p1.volumeUsd).toBe(e18(3500));
    expect(p1.feesUsd).toBe(e18(35) / 10n);
    expect(p1.swaps).toBe(2);
    const p2 = stats.get("0xp2")!;
    expect(p2.volumeUsd).toBe(e18(1));
    expect(p2.feesUsd).toBe(e18(1) / 10_000n);
    expect(p2.unpriced).toBe(1);
    expect(p2.swaps).toBe(2);
  });
  it("ignores garbage amounts and unknown tokens instead of throwing", () => {
    const stats = dayStats(
      [
        { poolId: "0xp1", tokenIn: WETH, tokenOut: SUSD, amountIn: "-1", amountOut: "x" },
        { poolId: "0xp1", tokenIn: "0x1", tokenOut: "0x2", amountIn: "1", amountOut: "1" },
      ],
      tokens,
      fees,
    );
    expect(stats.get("0xp1")).toEqual({ volumeUsd: 0n, feesUsd: 0n, swaps: 2, unpriced: 2 });
  });
  it("covers the 24 h before the chain's latest block", () => {
    expect(dayWindow(100_000n)).toEqual({ from: 13_600n, to: 100_000n });
    expect(dayWindow(5n)).toEqual({ from: 0n, to: 5n });
  });
});
