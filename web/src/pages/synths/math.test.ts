// The vault's arithmetic in bigint, against hand-computed values and against its own definitions at
// the rounding boundaries (each "largest amount" passes and one unit more fails), plus hostile input.
import { describe, expect, it } from "vitest";
import {
  amountForNet,
  amountText,
  collateralValue,
  debtValue,
  deviation,
  fee,
  isWithinDeviation,
  liquidationPrice,
  MAX_UINT128,
  MAX_UINT256,
  maxAmountWithFee,
  maxBurnFor,
  maxDebt,
  maxMintable,
  maxWithdrawable,
  mulDivUp,
  normalise,
  parseAmountInput,
  quoteBurn,
  ratio,
  WAD,
} from "./math.ts";

const e18 = (n: number | string) => BigInt(n) * WAD;
const IR = 1_500_000_000_000_000_000n; // 150%
const LR = 1_200_000_000_000_000_000n; // 120%
const MINT_FEE = 3_000_000_000_000_000n; // 0.3%
const BURN_FEE = 1_000_000_000_000_000n; // 0.1%

/** A small deterministic generator, so the boundary checks cover many shapes reproducibly. */
function* numbers(seed: bigint, count: number, bound: bigint): Generator<bigint> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    yield ((x * x) % bound) + 1n;
  }
}

describe("valuation, the vault's rounding", () => {
  it("values collateral down and debt up", () => {
    expect(collateralValue(e18(2), e18(3000), 18)).toBe(e18(6000));
    // 1 wei of an 18-decimal token at $1.5: 1.5e-18 USD rounds down to 1e-18.
    expect(collateralValue(1n, 1_500_000_000_000_000_000n, 18)).toBe(1n);
    // 1 satoshi of WBTC (8 decimals) at $60,000 is $0.0006 exactly.
    expect(collateralValue(1n, e18(60_000), 8)).toBe(600_000_000_000_000n);
    // 1 wei of debt at $0.5 is worth half a unit: rounds up to 1.
    expect(debtValue(1n, WAD / 2n)).toBe(1n);
    expect(debtValue(e18(1003), WAD)).toBe(e18(1003));
    expect(debtValue(0n, e18(5))).toBe(0n);
  });

  it("rounds the ratio down and is max without debt", () => {
    expect(ratio(e18(6000), e18(1003))).toBe(5_982_053_838_484_546_360n);
    expect(ratio(e18(3), e18(2))).toBe(1_500_000_000_000_000_000n);
    expect(ratio(2n, 3n)).toBe(666_666_666_666_666_666n);
    expect(ratio(e18(1), 0n)).toBe(MAX_UINT256);
    expect(ratio(0n, 0n)).toBe(MAX_UINT256);
    expect(ratio(0n, 1n)).toBe(0n);
  });

  it("rounds fees up", () => {
    expect(fee(e18(1000), MINT_FEE)).toBe(e18(3));
    expect(fee(1000n, MINT_FEE)).toBe(3n);
    expect(fee(1001n, MINT_FEE)).toBe(4n);
    expect(fee(1n, MINT_FEE)).toBe(1n);
    expect(fee(0n, MINT_FEE)).toBe(0n);
    expect(fee(e18(5), 0n)).toBe(0n);
    expect(quoteBurn(e18(500), BURN_FEE)).toEqual({
      fee: 500_000_000_000_000_000n,
      debtReduction: 499_500_000_000_000_000_000n,
    });
    expect(mulDivUp(0n, 5n, 3n)).toBe(0n);
    expect(() => mulDivUp(1n, 1n, 0n)).toThrow(RangeError);
  });

  it("keeps 512-bit intermediates exact (no overflow, no floats)", () => {
    const big = MAX_UINT128;
    expect(collateralValue(big, big, 18)).toBe((big * big) / WAD);
    expect(debtValue(big, big)).toBe((big * big + WAD - 1n) / WAD);
  });
});

describe("largest amounts, exact at the boundary", () => {
  it("maxAmountWithFee: the amount plus its fee fits the room, one more does not", () => {
    expect(maxAmountWithFee(e18(4000), MINT_FEE)).toBe(3_988_035_892_323_030_907_278n);
    for (const room of numbers(7n, 200, e18(10_000_000))) {
      const a = maxAmountWithFee(room, MINT_FEE);
      expect(a + fee(a, MINT_FEE) <= room).toBe(true);
      expect(a + 1n + fee(a + 1n, MINT_FEE) > room).toBe(true);
    }
    expect(maxAmountWithFee(0n, MINT_FEE)).toBe(0n);
  });

  it("amountForNet: the smallest burn that reduces the debt by exactly that much", () => {
    expect(amountForNet(499_500_000_000_000_000_000n, BURN_FEE)).toBe(e18(500));
    for (const target of numbers(11n, 200, e18(1_000_000))) {
      const a = amountForNet(target, BURN_FEE);
      expect(quoteBurn(a, BURN_FEE).debtReduction).toBe(target);
      expect(quoteBurn(a - 1n, BURN_FEE).debtReduction < target).toBe(true);
    }
    expect(amountForNet(0n, BURN_FEE)).toBe(0n);
  });

  it("maxBurnFor: burning it never reduces more than the debt, one more would", () => {
    // Without debt a 1-wei burn is all fee and reduces nothing, which the vault accepts.
    expect(maxBurnFor(0n, BURN_FEE)).toBe(1n);
    // A debt of 1 wei: burning 2 wei reduces it by 1 (the fee rounds up to 1), 3 wei by 2.
    expect(maxBurnFor(1n, BURN_FEE)).toBe(2n);
    for (const debt of numbers(13n, 200, e18(1_000_000))) {
      const a = maxBurnFor(debt, BURN_FEE);
      expect(quoteBurn(a, BURN_FEE).debtReduction <= debt).toBe(true);
      expect(quoteBurn(a + 1n, BURN_FEE).debtReduction > debt).toBe(true);
    }
  });

  it("maxDebt: the ratio passes at the maximum and fails one unit above", () => {
    expect(maxDebt(e18(6000), WAD, IR)).toBe(e18(4000));
    for (const value of numbers(17n, 200, e18(1_000_000))) {
      for (const price of [WAD, e18(60_000), 2_400_123_456_789_000_000_000n]) {
        const d = maxDebt(value, price, IR);
        expect(ratio(value, debtValue(d, price)) >= IR).toBe(true);
        expect(ratio(value, debtValue(d + 1n, price)) < IR).toBe(true);
      }
    }
  });

  it("maxMintable: minting it keeps the issuance ratio, one more breaks it (or the ceiling)", () => {
    const base = {
      collateral: e18(2),
      debt: 0n,
      collateralPrice: e18(3000),
      synthPrice: WAD,
      decimals: 18,
      issuanceRatio: IR,
      mintFee: MINT_FEE,
      debtCeiling: e18(10_000_000),
      totalDebt: e18(827_000),
    };
    expect(maxMintable(base)).toBe(3_988_035_892_323_030_907_278n);
    const m = maxMintable(base);
    const after = (amount: bigint) =>
      ratio(e18(6000), debtValue(amount + fee(amount, MINT_FEE), WAD));
    expect(after(m) >= IR).toBe(true);
    expect(after(m + 1n) < IR).toBe(true);
    // The debt ceiling binds: 100 sUSD of room left for everyone.
    const capped = maxMintable({ ...base, totalDebt: base.debtCeiling - e18(100) });
    expect(capped).toBe(maxAmountWithFee(e18(100), MINT_FEE));
    expect(maxMintable({ ...base, totalDebt: base.debtCeiling + 1n })).toBe(0n);
    // Existing debt above the limit leaves no room (never negative).
    expect(maxMintable({ ...base, debt: e18(5000) })).toBe(0n);
    expect(maxMintable({ ...base, collateral: 0n })).toBe(0n);
    expect(maxMintable({ ...base, synthPrice: 0n })).toBe(0n);
    // WBTC (8 decimals) backing sBTC at the same price: 1 WBTC mints up to 1/1.5 sBTC minus the fee.
    const btc = maxMintable({
      ...base,
      collateral: 100_000_000n,
      collateralPrice: e18(60_000),
      synthPrice: e18(60_000),
      decimals: 8,
      totalDebt: 0n,
    });
    expect(btc).toBe(maxAmountWithFee(666_666_666_666_666_666n, MINT_FEE));
  });

  it("maxWithdrawable: all without debt, else what keeps the issuance ratio exactly", () => {
    const base = {
      collateral: e18(2),
      debt: e18(1003),
      collateralPrice: e18(3000),
      synthPrice: WAD,
      decimals: 18,
      issuanceRatio: IR,
    };
    // Needs 1504.5 USD of collateral = 0.5015 WETH.
    expect(maxWithdrawable(base)).toBe(e18(2) - 501_500_000_000_000_000n);
    expect(maxWithdrawable({ ...base, debt: 0n })).toBe(e18(2));
    expect(maxWithdrawable({ ...base, collateralPrice: 0n })).toBe(0n);
    expect(maxWithdrawable({ ...base, debt: e18(10_000) })).toBe(0n);
    for (const debt of numbers(19n, 100, e18(3_000))) {
      for (const [price, decimals, collateral] of [
        [e18(3000), 18, e18(2)],
        [e18(60_000), 8, 12_345_678n],
        [999_999_990_000_000_000n, 6, 5_000_000_000n],
      ] as const) {
        const w = maxWithdrawable({ ...base, debt, collateralPrice: price, decimals, collateral });
        if (w === 0n) continue;
        const r = (left: bigint) =>
          ratio(collateralValue(left, price, decimals), debtValue(debt, WAD));
        expect(r(collateral - w) >= IR).toBe(true);
        expect(r(collateral - w - 1n) < IR).toBe(true);
      }
    }
  });

  it("liquidationPrice: the lowest collateral price at which the position is not liquidatable", () => {
    // 2 WETH owing 1003 sUSD: liquidatable below $601.80.
    expect(liquidationPrice(e18(2), 18, e18(1003), LR)).toBe(e18(6018) / 10n);
    expect(liquidationPrice(0n, 18, e18(1003), LR)).toBeUndefined();
    expect(liquidationPrice(e18(2), 18, 0n, LR)).toBeUndefined();
    for (const dv of numbers(23n, 100, e18(50_000))) {
      for (const [amount, decimals] of [
        [e18(2), 18],
        [12_345_678n, 8],
        [7n, 18],
        [20_000_000_000n, 6],
      ] as const) {
        const p = liquidationPrice(amount, decimals, dv, LR)!;
        const r = (price: bigint) => ratio(collateralValue(amount, price, decimals), dv);
        expect(r(p) >= LR).toBe(true);
        if (p > 0n) expect(r(p - 1n) < LR).toBe(true);
      }
    }
  });
});

describe("oracle arithmetic", () => {
  it("normalises answers like OracleMath", () => {
    expect(normalise(300_000_000_000n, 8)).toBe(e18(3000));
    expect(normalise(0n, 8)).toBe(0n);
    expect(normalise(-5n, 8)).toBe(0n);
    expect(normalise(123_456n, 20)).toBe(1234n);
    expect(normalise(MAX_UINT128, 0)).toBe(0n);
    expect(normalise(MAX_UINT128, 18)).toBe(MAX_UINT128);
  });

  it("measures deviation with the breaker's exact comparison", () => {
    expect(isWithinDeviation(e18(105), e18(100), WAD / 20n)).toBe(true);
    expect(isWithinDeviation(e18(105) + 1n, e18(100), WAD / 20n)).toBe(false);
    expect(isWithinDeviation(e18(95), e18(100), WAD / 20n)).toBe(true);
    expect(deviation(e18(150), e18(100))).toBe(WAD / 2n);
    expect(deviation(e18(1), 0n)).toBeUndefined();
  });
});

describe("parseAmountInput: what a person (or a hostile paste) types", () => {
  const parse = (text: string, decimals = 18) => parseAmountInput(text, decimals, "WETH");

  it("accepts plain decimals, trimmed, with grouping commas", () => {
    expect(parse("1.5")).toEqual({ kind: "ok", value: 1_500_000_000_000_000_000n });
    expect(parse("  12.5 ")).toEqual({ kind: "ok", value: 12_500_000_000_000_000_000n });
    expect(parse("1,000.25")).toEqual({ kind: "ok", value: 1_000_250_000_000_000_000_000n });
    expect(parse(".5")).toEqual({ kind: "ok", value: WAD / 2n });
    expect(parse("1.")).toEqual({ kind: "ok", value: WAD });
    expect(parse("0.000000000000000001")).toEqual({ kind: "ok", value: 1n });
    expect(parse("0.000001", 6)).toEqual({ kind: "ok", value: 1n });
    expect(parse("007")).toEqual({ kind: "ok", value: e18(7) });
  });

  it("treats nothing as empty, not as an error", () => {
    expect(parse("")).toEqual({ kind: "empty" });
    expect(parse("   ")).toEqual({ kind: "empty" });
  });

  it("refuses zero, negatives and garbage with a reason", () => {
    const invalid = (text: string, decimals = 18) => {
      const result = parse(text, decimals);
      expect(result.kind, text).toBe("invalid");
      return result.kind === "invalid" ? result.message : "";
    };
    expect(invalid("0")).toMatch(/greater than zero/);
    expect(invalid("0.000")).toMatch(/greater than zero/);
    expect(invalid("-1")).toMatch(/negative/);
    expect(invalid("−1")).toMatch(/negative/);
    expect(invalid("-0")).toMatch(/negative/);
    for (const garbage of [
      "abc",
      "1e18",
      "0x10",
      "1.2.3",
      ".",
      "Infinity",
      "NaN",
      "1 000",
      "５",
      "12abc",
      "+5",
      "1_000",
      "<script>",
    ]) {
      expect(invalid(garbage)).toMatch(/Enter a number/);
    }
  });

  it("refuses more decimals than the token has", () => {
    const r = parse("1.0000000000000000001");
    expect(r).toEqual({
      kind: "invalid",
      message: "WETH has 18 decimals: use at most 18 digits after the point.",
    });
    expect(parse("0.0000001", 6).kind).toBe("invalid");
    expect(parse("1.5", 0).kind).toBe("invalid");
  });

  it("refuses numbers beyond uint256, accepts the largest one", () => {
    expect(parse(MAX_UINT256.toString(), 0)).toEqual({ kind: "ok", value: MAX_UINT256 });
    expect(parse((MAX_UINT256 + 1n).toString(), 0)).toEqual({
      kind: "invalid",
      message: "That number is far too large.",
    });
    expect(parse(`1${"0".repeat(80)}`).kind).toBe("invalid");
    expect(parse("9".repeat(500)).kind).toBe("invalid");
  });

  it("writes exact amounts back into an input", () => {
    expect(amountText(1_500_000_000_000_000_000n, 18)).toBe("1.5");
    expect(amountText(1n, 18)).toBe("0.000000000000000001");
    expect(amountText(123_456_789n, 8)).toBe("1.23456789");
    for (const value of numbers(29n, 50, MAX_UINT128)) {
      expect(parse(amountText(value, 18))).toEqual({ kind: "ok", value });
    }
  });
});
