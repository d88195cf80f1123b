import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { bucketStart, isCandleInterval, orientPair, tradePrice } from "./candles.ts";

describe("candles", () => {
  it("puts a timestamp in the bucket that starts at or before it", () => {
    assert.equal(bucketStart(119n, "1m"), 60n);
    assert.equal(bucketStart(120n, "1m"), 120n);
    assert.equal(bucketStart(7_199n, "1h"), 3_600n);
  });

  it("knows its intervals", () => {
    assert.ok(isCandleInterval("1m"));
    assert.ok(isCandleInterval("1h"));
    assert.ok(!isCandleInterval("5m"));
    assert.ok(!isCandleInterval("toString"));
  });

  it("prices one whole base token in quote, across decimals, rounded down", () => {
    // 1 WETH (18) for 3000 USDC (6): 3000e18.
    assert.equal(tradePrice(10n ** 18n, 3000n * 10n ** 6n, 18, 6), 3000n * 10n ** 18n);
    // 1 WBTC (8) for 60000 sUSD (18).
    assert.equal(tradePrice(10n ** 8n, 60000n * 10n ** 18n, 8, 18), 60000n * 10n ** 18n);
    // 3 base for 1 quote, same decimals: 0.333... floored.
    assert.equal(tradePrice(3n, 1n, 18, 18), 333_333_333_333_333_333n);
    assert.equal(tradePrice(0n, 5n, 18, 18), 0n);
    // A 40-decimal quote (shift below zero).
    assert.equal(tradePrice(10n ** 18n, 2n * 10n ** 40n, 18, 40), 2n * 10n ** 18n);
  });

  it("orients a pair by pool token order", () => {
    assert.deepEqual(orientPair(["a", "b", "c"], "c", "a"), { base: "a", quote: "c" });
    assert.deepEqual(orientPair(["a", "b"], "a", "b"), { base: "a", quote: "b" });
    assert.equal(orientPair(["a", "b"], "a", "x"), undefined);
    assert.equal(orientPair(["a", "b"], "a", "a"), undefined);
  });
});
