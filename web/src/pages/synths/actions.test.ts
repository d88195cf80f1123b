// Every action's checks and preview against hand-computed positions: 2 WETH at $3,000 backing sUSD at
// $1, issuance 150%, liquidation 120%, mint fee 0.3%, burn fee 0.1% (the dev deployment's numbers).
import { describe, expect, it } from "vitest";
import { formatRatio, formatUsd } from "../../ui/format.ts";
import { type Action, evaluate, healthOf, type PositionContext, view } from "./actions.ts";
import { joinRefusals, pairOracle, positionContext } from "./context.ts";
import { amountForNet, MAX_UINT256, maxBurnFor, WAD } from "./math.ts";
import { oracleStatus } from "./oracle.ts";
import type { Market } from "./queries.ts";

const e18 = (n: number | string) => BigInt(n) * WAD;
const milli = (n: number) => BigInt(n) * 10n ** 15n;

const base: PositionContext = {
  collateral: { symbol: "WETH", decimals: 18 },
  synth: { symbol: "sUSD", decimals: 18 },
  collateralPrice: e18(3000),
  synthPrice: WAD,
  issuanceRatio: milli(1500),
  liquidationRatio: milli(1200),
  collateralEnabled: true,
  mintFee: milli(3),
  burnFee: milli(1),
  debtCeiling: e18(10_000_000),
  synthActive: true,
  totalDebt: e18(827_000),
  paused: false,
  position: { collateral: 0n, debt: 0n },
  balances: { collateral: e18(1000), synth: 0n },
};
/** After depositing 2 WETH and minting 1,000 sUSD (debt 1,003 with the fee). */
const open: PositionContext = {
  ...base,
  totalDebt: e18(828_003),
  position: { collateral: e18(2), debt: e18(1003) },
  balances: { collateral: e18(998), synth: e18(1000) },
};
const tripped = "the circuit breaker for sUSD has tripped because its price moved abnormally.";

const run = (action: Action, primary: string, ctx = base, secondary?: string) =>
  evaluate(action, { primary, secondary }, ctx);

describe("deposit and mint in one transaction", () => {
  it("previews 2 WETH and 1,000 sUSD: fee 3, debt 1,003, ratio 598.2%, liquidation below $601.80", () => {
    const ev = run("depositAndMint", "2", base, "1000");
    expect(ev.ready).toBe(true);
    expect(ev.reason).toBeUndefined();
    expect(ev.call).toEqual({ deposit: e18(2), mint: e18(1000) });
    expect(ev.fee).toBe(e18(3));
    expect(ev.after?.collateral).toBe(e18(2));
    expect(ev.after?.debt).toBe(e18(1003));
    expect(ev.after?.ratio).toBe(5_982_053_838_484_546_360n);
    expect(formatRatio(ev.after?.ratio)).toBe("598.2%");
    expect(ev.after?.liquidationPrice).toBe(milli(601_800));
    expect(formatUsd(ev.after?.liquidationPrice)).toBe("$601.80");
    expect(ev.max.primary).toBe(e18(1000));
    expect(ev.max.secondary).toBe(3_988_035_892_323_030_907_278n);
  });

  it("refuses minting past the issuance ratio, naming the most it accepts", () => {
    const ev = run("depositAndMint", "2", base, "4000");
    expect(ev.ready).toBe(false);
    expect(ev.field).toBe("secondary");
    expect(ev.reason).toBe(
      "This would leave the position at 149.6% collateral, below the 150% issuance ratio. Mint at most 3,988.035892 sUSD, or deposit more WETH.",
    );
    expect(ev.after?.debt).toBe(e18(4012));
    // The largest amount passes, one wei more does not.
    expect(run("depositAndMint", "2", base, "3988.035892323030907278").ready).toBe(true);
    expect(run("depositAndMint", "2", base, "3988.035892323030907279").ready).toBe(false);
  });

  it("checks the deposit first: balance, then a valid mint amount", () => {
    const poor = run("depositAndMint", "1000.000000000000000001", base, "1");
    expect(poor.ready).toBe(false);
    expect(poor.field).toBe("primary");
    expect(poor.reason).toBe("You hold 1,000 WETH: deposit at most that.");
    const noMint = run("depositAndMint", "2", base, "");
    expect(noMint.reason).toBe("Enter the amount to mint.");
    expect(noMint.field).toBeUndefined();
    expect(noMint.max.secondary).toBe(3_988_035_892_323_030_907_278n);
    expect(run("depositAndMint", "", base, "5").reason).toBe("Enter the amount to deposit.");
  });

  it("is refused while minting is paused, whatever the amounts", () => {
    expect(run("depositAndMint", "2", { ...base, paused: true }, "1").reason).toMatch(
      /vault is paused/,
    );
    const ev = run("depositAndMint", "2", { ...base, oracleRefusal: tripped }, "1");
    expect(ev.reason).toBe(`Minting is paused: ${tripped}`);
    expect(ev.max.secondary).toBe(0n);
  });
});

describe("deposit", () => {
  it("previews the ratio rising and the liquidation price falling", () => {
    const ev = run("deposit", "1", open);
    expect(ev.ready).toBe(true);
    expect(ev.call).toEqual({ deposit: e18(1) });
    expect(formatRatio(ev.before.ratio)).toBe("598.2%");
    expect(formatRatio(ev.after?.ratio)).toBe("897.3%");
    expect(ev.after?.liquidationPrice).toBe(milli(401_200));
  });

  it("refuses more than the wallet holds, and garbage, on the input", () => {
    const ev = run("deposit", "999", open);
    expect(ev.ready).toBe(false);
    expect(ev.field).toBe("primary");
    expect(ev.reason).toBe("You hold 998 WETH: deposit at most that.");
    for (const garbage of ["abc", "-1", "1e3", "0", "1.0000000000000000001", "9".repeat(90)]) {
      const bad = run("deposit", garbage, open);
      expect(bad.ready, garbage).toBe(false);
      expect(bad.field, garbage).toBe("primary");
      expect(bad.after, garbage).toBeUndefined();
    }
    expect(run("deposit", "", open)).toMatchObject({
      ready: false,
      reason: "Enter the amount to deposit.",
      field: undefined,
    });
  });

  it("still works while paused, tripped or stale (deposits need no price)", () => {
    const stale = {
      ...open,
      paused: true,
      oracleRefusal: tripped,
      collateralPrice: undefined,
      synthPrice: undefined,
    };
    const ev = run("deposit", "1", stale);
    expect(ev.ready).toBe(true);
    expect(ev.after?.ratio).toBeUndefined();
  });

  it("refuses a collateral the vault does not accept", () => {
    expect(run("deposit", "1", { ...base, collateralEnabled: false }).ready).toBe(false);
  });
});

describe("mint", () => {
  it("needs collateral first", () => {
    expect(run("mint", "10").reason).toBe("Deposit WETH first: this position holds none.");
  });

  it("mints up to the exact maximum", () => {
    const ev = run("mint", "100", open);
    expect(ev.ready).toBe(true);
    expect(ev.fee).toBe(milli(300));
    expect(ev.after?.debt).toBe(milli(1_103_300));
    // 6000 / 1.5 = 4000 of debt at most; 2997 of room; the fee comes on top.
    expect(ev.max.primary).toBe((e18(2997) * WAD) / (WAD + milli(3)));
    const max = ev.max.primary!;
    const text = (v: bigint) => `${v / WAD}.${(v % WAD).toString().padStart(18, "0")}`;
    expect(run("mint", text(max), open).ready).toBe(true);
    expect(run("mint", text(max + 1n), open).reason).toMatch(/below the 150% issuance ratio/);
  });

  it("respects the synth's debt ceiling", () => {
    const ctx = { ...open, totalDebt: base.debtCeiling - e18(50) };
    const ev = run("mint", "100", ctx);
    expect(ev.ready).toBe(false);
    expect(ev.reason).toMatch(/above its cap of 10,000,000 sUSD\. Mint at most 49\.85/);
  });

  it("is refused while paused, tripped, stale, switched off or disabled", () => {
    expect(run("mint", "1", { ...open, paused: true }).reason).toMatch(/paused by its guardian/);
    expect(run("mint", "1", { ...open, oracleRefusal: tripped }).reason).toBe(
      `Minting is paused: ${tripped}`,
    );
    expect(run("mint", "1", { ...open, synthActive: false }).reason).toBe(
      "Minting sUSD is switched off for now.",
    );
    expect(run("mint", "1", { ...open, collateralEnabled: false }).reason).toMatch(
      /not accepted as collateral/,
    );
    expect(run("mint", "1", { ...open, synthPrice: undefined }).reason).toMatch(
      /Prices are unavailable/,
    );
    expect(run("mint", "1", { ...open, paused: true }).max.primary).toBe(0n);
  });
});

describe("burn and repay: the same vault call, seen two ways", () => {
  it("burn 500 sUSD: fee 0.5, debt down by 499.5", () => {
    const ev = run("burn", "500", open);
    expect(ev.ready).toBe(true);
    expect(ev.call).toEqual({ burn: e18(500) });
    expect(ev.fee).toBe(milli(500));
    expect(ev.debtReduction).toBe(milli(499_500));
    expect(ev.after?.debt).toBe(milli(503_500));
    expect(ev.max.primary).toBe(e18(1000));
  });

  it("repay 499.5 of debt: burns exactly 500 sUSD", () => {
    const ev = run("repay", "499.5", open);
    expect(ev.ready).toBe(true);
    expect(ev.call).toEqual({ burn: e18(500) });
    expect(ev.fee).toBe(milli(500));
    expect(ev.debtReduction).toBe(milli(499_500));
    expect(ev.after?.debt).toBe(milli(503_500));
    // The wallet's 1,000 sUSD repays at most 999 (0.1% of it is the fee).
    expect(ev.max.primary).toBe(e18(999));
  });

  it("refuses repaying more than owed, and burning more than the debt takes", () => {
    const rich = { ...open, balances: { ...open.balances, synth: e18(5000) } };
    expect(run("repay", "1003.000000000000000001", rich).reason).toBe(
      "The position owes 1,003 sUSD: repay at most that.",
    );
    const full = run("repay", "1003", rich);
    expect(full.ready).toBe(true);
    expect(full.call?.burn).toBe(amountForNet(e18(1003), milli(1)));
    const most = maxBurnFor(e18(1003), milli(1));
    expect(run("burn", "1005", rich).reason).toMatch(/^Burning 1,005 sUSD would repay 1,003\.995/);
    expect(run("burn", "1005", rich).max.primary).toBe(most);
  });

  it("refuses burning more than the wallet holds, saying what closing would take", () => {
    expect(run("burn", "1000.5", open).reason).toBe("You hold 1,000 sUSD: burn at most that.");
    const ev = run("repay", "1003", open);
    expect(ev.ready).toBe(false);
    expect(ev.reason).toBe(
      "Repaying 1,003 sUSD of debt burns 1,004.004004 sUSD (fee included), and you hold 1,000 sUSD. Repay at most 999 sUSD, or get more sUSD first.",
    );
  });

  it("needs debt, and works while paused or tripped", () => {
    expect(run("burn", "1").reason).toBe("This position has no debt to repay.");
    expect(run("repay", "1").reason).toBe("This position has no debt to repay.");
    const frozen = { ...open, paused: true, oracleRefusal: tripped };
    expect(run("burn", "10", frozen).ready).toBe(true);
    expect(run("repay", "10", frozen).ready).toBe(true);
  });
});

describe("withdraw", () => {
  it("withdraws all without debt, even while the oracle refuses prices", () => {
    const noDebt = { ...open, position: { collateral: e18(2), debt: 0n }, oracleRefusal: tripped };
    const ev = run("withdraw", "2", noDebt);
    expect(ev.ready).toBe(true);
    expect(ev.max.primary).toBe(e18(2));
    expect(ev.after?.ratio).toBe(MAX_UINT256);
  });

  it("keeps the issuance ratio with debt, exactly", () => {
    const ev = run("withdraw", "1.4985", open);
    expect(ev.ready).toBe(true);
    expect(ev.max.primary).toBe(1_498_500_000_000_000_000n);
    // 0.5015 WETH left = $1,504.50 against $1,003: exactly 150%.
    expect(ev.after?.ratio).toBe(milli(1500));
    const over = run("withdraw", "1.498500000000000001", open);
    expect(over.ready).toBe(false);
    expect(over.reason).toMatch(/below the 150% issuance ratio\. Withdraw at most 1\.4985 WETH/);
  });

  it("refuses more than the position holds, and while paused or tripped with debt", () => {
    expect(run("withdraw", "3", open).reason).toBe(
      "The position holds 2 WETH: withdraw at most that.",
    );
    expect(run("withdraw", "0.1", { ...open, paused: true }).reason).toMatch(/paused/);
    const ev = run("withdraw", "0.1", { ...open, oracleRefusal: tripped });
    expect(ev.reason).toBe(`Withdrawing is paused while you owe debt: ${tripped}`);
    expect(ev.max.primary).toBe(0n);
    expect(run("withdraw", "1").reason).toBe("This position holds no collateral to withdraw.");
  });
});

describe("health", () => {
  it("names the position's state like the indexer", () => {
    const h = (collateral: bigint, debt: bigint, ctx = open) =>
      healthOf(view(ctx, collateral, debt), ctx);
    expect(h(e18(2), 0n)).toBe("no_debt");
    expect(h(e18(2), e18(1003))).toBe("healthy");
    expect(h(e18(2), e18(4500))).toBe("below_issuance");
    expect(h(e18(2), e18(5001))).toBe("liquidatable");
    expect(h(e18(2), e18(1), { ...open, collateralPrice: undefined })).toBe("unpriced");
  });
});

describe("the oracle's state in words", () => {
  const now = 1_750_000_000;
  const feed = {
    aggregator: "0x00000000000000000000000000000000000000aa" as const,
    heartbeat: 86_400,
    maxDeviation: milli(50),
    rearmRounds: 3,
  };
  const fresh = {
    symbol: "sUSD",
    price: WAD,
    feed,
    breaker: { tripped: false, inBoundStreak: 0, lastRoundId: 5n, referencePrice: WAD },
    round: { roundId: 5n, answer: 100_000_000n, updatedAt: BigInt(now - 60) },
    feedDecimals: 8,
  };

  it("a fresh, armed feed refuses nothing", () => {
    const s = oracleStatus(fresh, now);
    expect(s).toMatchObject({ age: 60, stale: false, tripped: false, pendingTrip: false });
    expect(s.refusal).toBeUndefined();
    // Exactly one heartbeat old is still fresh (PriceOracle._validated).
    const edge = { ...fresh, round: { ...fresh.round, updatedAt: BigInt(now - 86_400) } };
    expect(oracleStatus(edge, now).stale).toBe(false);
  });

  it("a feed older than its heartbeat is stale", () => {
    const old = { ...fresh, round: { ...fresh.round, updatedAt: BigInt(now - 90_000) } };
    const s = oracleStatus(old, now);
    expect(s.stale).toBe(true);
    expect(s.refusal).toBe(
      "the sUSD price is stale: it was last updated 1 d 1 h ago, and prices older than 1 d are not used.",
    );
    const reverted = {
      ...fresh,
      price: undefined,
      priceError: { code: "StalePrice", message: "old" },
      round: undefined,
    };
    expect(oracleStatus(reverted, now).stale).toBe(true);
  });

  it("a tripped breaker says how it re-arms", () => {
    const t = { ...fresh, breaker: { ...fresh.breaker, tripped: true, inBoundStreak: 1 } };
    expect(oracleStatus(t, now).refusal).toBe(
      "the circuit breaker for sUSD has tripped because its price moved abnormally. It re-arms by itself after 3 consecutive price rounds within 5% of each other (1 so far).",
    );
  });

  it("warns of an unchecked round beyond the bound, without refusing", () => {
    const spike = { ...fresh, round: { ...fresh.round, roundId: 6n, answer: 150_000_000n } };
    const s = oracleStatus(spike, now);
    expect(s.pendingTrip).toBe(true);
    expect(s.unsyncedRounds).toBe(1n);
    expect(s.deviation).toBe(WAD / 2n);
    expect(s.refusal).toBeUndefined();
    // A spike that came and went: the latest round is back at the reference, nothing to predict.
    const back = { ...fresh, round: { ...fresh.round, roundId: 7n } };
    expect(oracleStatus(back, now)).toMatchObject({ pendingTrip: false, unsyncedRounds: 2n });
  });

  it("an asset without a feed is refused", () => {
    expect(oracleStatus({ symbol: "sXYZ" }, now).refusal).toBe("sXYZ has no price feed.");
  });

  it("pairs both assets: refusals joined, stale prices not used for valuing", () => {
    const market: Market = {
      paused: false,
      params: {
        issuanceRatio: milli(1500),
        liquidationRatio: milli(1200),
        liquidationBonus: milli(100),
        enabled: true,
      },
      collateralDecimals: 18,
      synthParams: { debtCeiling: e18(100), mintFee: milli(3), burnFee: milli(1), active: true },
      totalDebt: 0n,
      blockTime: now,
      readAt: now,
      collateralOracle: {
        ...fresh,
        symbol: "WETH",
        price: e18(3000),
        round: { ...fresh.round, updatedAt: BigInt(now - 100_000) },
      },
      synthOracle: { ...fresh, breaker: { ...fresh.breaker, tripped: true } },
    };
    const pair = pairOracle(market, now);
    expect(pair.sameFeed).toBe(true);
    expect(pair.refusals).toHaveLength(2);
    expect(joinRefusals(pair.refusals)).toMatch(
      /^The WETH price is stale: .*; the circuit breaker/,
    );
    const ctx = positionContext(
      market,
      { position: { collateral: 1n, debt: 0n }, balances: { collateral: 0n, synth: 0n } },
      { address: "0x01", symbol: "sUSD", decimals: 18, kind: "synth" } as never,
      { address: "0x02", symbol: "WETH", decimals: 18, kind: "collateral" } as never,
      pair,
    );
    expect(ctx.collateralPrice).toBeUndefined();
    expect(ctx.synthPrice).toBe(WAD);
    expect(ctx.oracleRefusal).toMatch(/^the WETH price is stale/);
    expect(run("mint", "1", ctx).reason).toMatch(/^Minting is paused: the WETH price is stale/);
  });
});
