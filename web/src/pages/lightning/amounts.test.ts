import { describe, expect, it } from "vitest";
import { centsToUsd, formatSats, maxSatsEver, parseSats, satsToUsd } from "./amounts.ts";

const limits = { min: 1000n, max: 10_000_000n };

describe("parseSats", () => {
  it("reads whole sats, grouped or not", () => {
    expect(parseSats("20000")).toEqual({ ok: true, sats: 20_000n });
    expect(parseSats(" 20,000 ")).toEqual({ ok: true, sats: 20_000n });
    expect(parseSats("1 000 000", limits)).toEqual({ ok: true, sats: 1_000_000n });
    expect(parseSats("1_000")).toEqual({ ok: true, sats: 1000n });
    expect(parseSats("007000")).toEqual({ ok: true, sats: 7000n });
  });

  it("refuses zero, negative, decimals, garbage and absurd amounts", () => {
    const cases: [string, RegExp][] = [
      ["", /Enter an amount/],
      ["0", /more than zero/],
      ["000", /more than zero/],
      ["-5", /positive/],
      ["-0", /positive/],
      ["1.5", /no decimals/],
      ["1000.0", /no decimals/],
      [".", /whole number/],
      ["1e6", /whole number/],
      ["0x10", /whole number/],
      ["abc", /whole number/],
      ["Infinity", /whole number/],
      ["NaN", /whole number/],
      ["12abc", /whole number/],
      ["9".repeat(400), /ever exist/],
      [(maxSatsEver + 1n).toString(), /ever exist/],
    ];
    for (const [text, reason] of cases) {
      const result = parseSats(text);
      expect(result.ok, text).toBe(false);
      expect(!result.ok && result.reason, text).toMatch(reason);
    }
    expect(parseSats(maxSatsEver.toString())).toEqual({ ok: true, sats: maxSatsEver });
  });

  it("holds amounts to the gateway's limits", () => {
    expect(parseSats("999", limits)).toMatchObject({ ok: false, reason: /smallest.*1,000 sats/ });
    expect(parseSats("10000001", limits)).toMatchObject({
      ok: false,
      reason: /largest.*10,000,000 sats/,
    });
    expect(parseSats("1000", limits)).toEqual({ ok: true, sats: 1000n });
    expect(parseSats("10000000", limits)).toEqual({ ok: true, sats: 10_000_000n });
  });
});

describe("USD", () => {
  it("values sats at the BTC price without floats", () => {
    const btc = 60_000n * 10n ** 18n;
    expect(satsToUsd(20_000n, btc)).toBe(12n * 10n ** 18n);
    expect(satsToUsd(1n, btc)).toBe(6n * 10n ** 14n);
    expect(satsToUsd(maxSatsEver, btc)).toBe(21_000_000n * 60_000n * 10n ** 18n);
    expect(centsToUsd("1234")).toBe(1234n * 10n ** 16n);
  });

  it("formats sats", () => {
    expect(formatSats(20000n)).toBe("20,000 sats");
    expect(formatSats("1")).toBe("1 sats");
  });
});
