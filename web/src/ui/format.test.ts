import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  formatAmount,
  formatRatio,
  formatUsd,
  parseAmount,
  relativeTime,
  shortAddress,
} from "./format.ts";

describe("format", () => {
  it("formats token amounts grouped, trimmed, never in scientific notation", () => {
    assert.equal(formatAmount(1_234_567_890_000_000_000_000n, 18), "1,234.5678");
    assert.equal(formatAmount(10n ** 18n, 18), "1");
    assert.equal(formatAmount(0n, 6), "0");
    assert.equal(formatAmount(1n, 18), "<0.0001");
    assert.equal(formatAmount(-2_500_000n, 6), "-2.5");
    assert.equal(formatAmount(2n ** 256n - 1n, 18).includes("e"), false);
    assert.equal(formatAmount("123450000", 8, 2), "1.23");
  });

  it("formats 18-decimal USD and ratios", () => {
    assert.equal(formatUsd(1_234_567n * 10n ** 16n), "$12,345.67");
    assert.equal(formatUsd(null), "—");
    assert.equal(formatUsd(-(10n ** 18n)), "-$1.00");
    assert.equal(formatRatio(15n * 10n ** 17n), "150%");
    assert.equal(formatRatio(2n ** 256n - 1n), "∞");
    assert.equal(formatRatio(undefined), "—");
  });

  it("parses what people type, and refuses what is not an amount", () => {
    assert.equal(parseAmount("1.5", 18), 15n * 10n ** 17n);
    assert.equal(parseAmount(" 1,000 ", 6), 1_000_000_000n);
    assert.equal(parseAmount(".5", 6), 500_000n);
    for (const bad of [
      "",
      ".",
      "-1",
      "1e18",
      "0x10",
      "abc",
      "1.2.3",
      "1.1234567",
      "NaN",
      "Infinity",
    ]) {
      assert.equal(parseAmount(bad, 6), undefined, bad);
    }
    assert.equal(parseAmount("9".repeat(100), 18), undefined, "beyond a uint256");
    assert.equal(parseAmount((2n ** 256n - 1n).toString(), 0), 2n ** 256n - 1n);
    assert.equal(parseAmount((2n ** 256n).toString(), 0), undefined);
  });

  it("shortens addresses and says times relative to now", () => {
    assert.equal(shortAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), "0x7099…79C8");
    assert.equal(shortAddress(undefined), "—");
    assert.equal(relativeTime(1_000, 1_030), "30 s ago");
    assert.equal(relativeTime(1_000 + 7_500, 1_000), "in 2 h 5 min");
    assert.equal(relativeTime(0, 3 * 86_400 + 3_600), "3 d 1 h ago");
  });
});
