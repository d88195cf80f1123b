import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { tokensOf } from "../lib/deployment.ts";
import {
  dismissBreaker,
  dismissLiquidation,
  liquidationsOf,
  liquidationText,
  noNotices,
  noticesAfter,
  type ProtocolNotices,
  refreshesFor,
} from "./protocolEvents.ts";
import type { StreamEvent } from "./stream.ts";

const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const someoneElse = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const weth = `0x${"aa".repeat(20)}`;
const wbtc = `0x${"bb".repeat(20)}`;
const options = { me, chainId: 31337 };

const event = (kind: string, data: Record<string, unknown>, account: string | null = null) =>
  ({ kind, account, at: "2026-01-15T12:00:00.000Z", data }) satisfies StreamEvent;
const tripped = (asset: string, symbol: string | null) =>
  event("protocol.oracle.breaker_tripped", { asset, symbol, eventId: `t-${asset}` });
const rearmed = (asset: string) => event("protocol.oracle.breaker_rearmed", { asset, symbol: "X" });

describe("circuit breaker notices", () => {
  it("one per tripped asset, named by symbol (or short address), until that asset is re-armed", () => {
    let notices: ProtocolNotices = noNotices;
    notices = noticesAfter(notices, tripped(weth, "WETH"), options);
    notices = noticesAfter(notices, tripped(wbtc.toUpperCase().replace("0X", "0x"), null), options);
    assert.deepEqual(notices.breakers, [
      { asset: weth, symbol: "WETH" },
      { asset: wbtc, symbol: "0xbbbb…bbbb" },
    ]);
    const again = noticesAfter(notices, tripped(weth, "WETH"), options);
    assert.equal(again, notices, "a repeated trip changes nothing");
    notices = noticesAfter(notices, rearmed(wbtc), options);
    assert.deepEqual(notices.breakers, [{ asset: weth, symbol: "WETH" }]);
    assert.equal(noticesAfter(notices, rearmed(wbtc), options), notices);
    assert.deepEqual(dismissBreaker(notices, weth).breakers, []);
  });

  it("an event without an asset is ignored", () => {
    assert.equal(noticesAfter(noNotices, tripped("", "WETH"), options), noNotices);
  });
});

describe("liquidation notices", () => {
  const [synth] = tokensOf(31337).filter((t) => t.symbol === "sUSD");
  const [collateral] = tokensOf(31337).filter((t) => t.symbol === "USDC");
  const data = {
    owner: me.toLowerCase(),
    synth: synth!.address,
    collateral: collateral!.address,
    synthSymbol: "sUSD",
    collateralSymbol: "USDC",
    kind: "partial",
    repaid: "250000000000000000000",
    collateralSeized: "262500000",
    eventId: "41",
  };

  it("says which position, and how much debt was repaid with how much collateral", () => {
    assert.equal(
      liquidationText(data, 31337),
      "Your sUSD position backed by USDC was partly liquidated: 250 sUSD of debt repaid with 262.5 USDC of your collateral.",
    );
    assert.equal(
      liquidationText({ ...data, kind: "bad_debt", repaid: undefined }, 31337),
      "Your sUSD position backed by USDC was liquidated and its remaining debt written off.",
    );
    // Tokens this app does not know: no amounts (their decimals are unknown), short addresses.
    assert.equal(
      liquidationText({ kind: "full", synth: weth, collateral: wbtc, repaid: "1" }, 31337),
      "Your 0xaaaa…aaaa position backed by 0xbbbb…bbbb was liquidated.",
    );
  });

  it("only the signed-in account's, once per event, newest first, three at most", () => {
    let notices = noticesAfter(noNotices, event("protocol.liquidation", data, me), options);
    assert.equal(notices.liquidations.length, 1);
    assert.equal(notices.liquidations[0]!.owner, me.toLowerCase());
    assert.equal(noticesAfter(notices, event("protocol.liquidation", data, me), options), notices);
    assert.equal(
      noticesAfter(notices, event("protocol.liquidation", data, someoneElse), options),
      notices,
    );
    assert.equal(
      noticesAfter(noNotices, event("protocol.liquidation", data, me), {
        ...options,
        me: undefined,
      }),
      noNotices,
    );
    for (const id of ["42", "43", "44"]) {
      notices = noticesAfter(
        notices,
        event("protocol.liquidation", { ...data, eventId: id }, me),
        options,
      );
    }
    assert.deepEqual(
      notices.liquidations.map((l) => l.eventId),
      ["44", "43", "42"],
    );
    assert.deepEqual(liquidationsOf(notices, someoneElse), [], "not shown to another account");
    assert.equal(liquidationsOf(notices, me.toLowerCase()).length, 3);
    assert.deepEqual(
      dismissLiquidation(notices, "43").liquidations.map((l) => l.eventId),
      ["44", "42"],
    );
  });
});

describe("what an event makes stale", () => {
  const keys = (refreshes: ReturnType<typeof refreshesFor>) =>
    refreshes.map((r) => ("queryKey" in r ? r.queryKey.join("/") : "predicate"));

  it("a liquidation of mine: the portfolio and the positions", () => {
    assert.deepEqual(keys(refreshesFor(event("protocol.liquidation", {}, me), me)), [
      "portfolio",
      "activity",
      "synths/account",
      "synths/positions",
    ]);
    assert.deepEqual(refreshesFor(event("protocol.liquidation", {}, someoneElse), me), []);
  });

  it("a fee distribution: stakers' rewards (wagmi reads of earned) and the portfolio", () => {
    const [rewards, portfolio] = refreshesFor(event("protocol.fees.distributed", {}), me);
    assert.deepEqual(portfolio, { queryKey: ["portfolio"] });
    assert.ok(rewards && "predicate" in rewards);
    const earned = { functionName: "earned", args: [] };
    assert.equal(rewards.predicate({ queryKey: ["readContracts", { contracts: [earned] }] }), true);
    assert.equal(rewards.predicate({ queryKey: ["readContract", earned] }), true);
    assert.equal(
      rewards.predicate({
        queryKey: ["readContracts", { contracts: [{ functionName: "balanceOf" }] }],
      }),
      false,
    );
    assert.equal(rewards.predicate({ queryKey: ["portfolio", me] }), false);
  });

  it("breaker and feed events: the synths' market (oracle state)", () => {
    for (const kind of ["breaker_tripped", "breaker_rearmed", "stale"]) {
      assert.deepEqual(keys(refreshesFor(event(`protocol.oracle.${kind}`, {}), undefined)), [
        "synths/market",
      ]);
    }
    assert.deepEqual(refreshesFor(event("lightning.swap", {}, me), me), []);
  });
});
