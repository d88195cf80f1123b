import { describe, expect, it } from "vitest";
import type { Candle } from "../../indexer/client.ts";
import {
  candleRange,
  describeBars,
  formatPrice,
  intervalSpan,
  toChartBars,
  wadToNumber,
} from "./candles.ts";

const BASE = "0x00000000000000000000000000000000000000aa";
const QUOTE = "0x00000000000000000000000000000000000000bb";
const wad = (n: number) => (BigInt(Math.round(n * 1e6)) * 10n ** 12n).toString();

function candle(bucketStart: number, o: number, h: number, l: number, c: number): Candle {
  return {
    base: BASE,
    quote: QUOTE,
    bucketStart: String(bucketStart),
    open: wad(o),
    high: wad(h),
    low: wad(l),
    close: wad(c),
    volumeBase: "1",
    volumeQuote: "1",
    trades: 1,
  };
}

describe("wadToNumber", () => {
  it("converts 18-decimal strings", () => {
    expect(wadToNumber("3000000000000000000000")).toBe(3000);
    expect(wadToNumber("1")).toBe(1e-18);
    expect(wadToNumber("0")).toBe(0);
    expect(wadToNumber("1500000000000000000")).toBe(1.5);
  });
  it("refuses anything that is not a non-negative integer string", () => {
    for (const bad of ["", "-1", "1.5", "abc", "1e18", " 1"])
      expect(wadToNumber(bad)).toBeUndefined();
    expect(wadToNumber(undefined as unknown as string)).toBeUndefined();
  });
  it("survives enormous values", () => {
    expect(wadToNumber((2n ** 256n - 1n).toString())).toBeGreaterThan(1e58);
  });
});

describe("toChartBars", () => {
  it("sorts by time and keeps the pair's candles only", () => {
    const other = { ...candle(120, 1, 1, 1, 1), base: QUOTE, quote: BASE };
    const bars = toChartBars([candle(180, 3, 4, 2, 3.5), candle(60, 1, 2, 1, 2), other], {
      base: BASE,
      quote: QUOTE,
    });
    expect(bars).toEqual([
      { time: 60, open: 1, high: 2, low: 1, close: 2 },
      { time: 180, open: 3, high: 4, low: 2, close: 3.5 },
    ]);
  });
  it("matches addresses whatever their case", () => {
    const bars = toChartBars([candle(60, 1, 1, 1, 1)], {
      base: BASE.toUpperCase().replace("0X", "0x"),
      quote: QUOTE,
    });
    expect(bars).toHaveLength(1);
  });
  it("drops malformed and zero-priced candles, and keeps one bar per bucket", () => {
    const bad = [
      { ...candle(60, 1, 1, 1, 1), open: "garbage" },
      { ...candle(120, 1, 1, 1, 1), bucketStart: "-5" },
      { ...candle(180, 1, 1, 1, 1), close: "0" },
      { ...candle(240, 1, 1, 1, 1), bucketStart: "99999999999999999999999" },
      candle(300, 1, 1, 1, 1),
      candle(300, 2, 2, 2, 2),
    ];
    expect(toChartBars(bad, { base: BASE, quote: QUOTE })).toEqual([
      { time: 300, open: 2, high: 2, low: 2, close: 2 },
    ]);
    expect(toChartBars([], { base: BASE, quote: QUOTE })).toEqual([]);
  });
  it("inverts prices: 1/p, high and low swapped", () => {
    const [bar] = toChartBars(
      [candle(60, 2, 4, 1, 2)],
      { base: BASE, quote: QUOTE },
      { invert: true },
    );
    expect(bar).toEqual({ time: 60, open: 0.5, high: 1, low: 0.25, close: 0.5 });
  });
  it("widens a bar that rounding left narrower than its open or close", () => {
    const [bar] = toChartBars([candle(60, 5, 4, 3, 2)], { base: BASE, quote: QUOTE });
    expect(bar).toEqual({ time: 60, open: 5, high: 5, low: 2, close: 2 });
  });
});

describe("candleRange", () => {
  it("asks for the span before chain time, aligned to the bucket", () => {
    expect(candleRange("1h", 1_700_000_123)).toEqual({
      from: Math.floor((1_700_000_123 - 3600 * intervalSpan["1h"]) / 3600) * 3600,
      to: 1_700_000_123,
    });
    const minute = candleRange("1m", 1_700_000_123);
    expect(minute.from % 60).toBe(0);
    expect(minute.to - minute.from).toBeGreaterThanOrEqual(60 * intervalSpan["1m"]);
  });
  it("never goes below zero", () => {
    expect(candleRange("1h", 100)).toEqual({ from: 0, to: 100 });
    expect(candleRange("1m", -5)).toEqual({ from: 0, to: 0 });
  });
});

describe("describeBars and formatPrice", () => {
  it("summarises the bars", () => {
    const text = describeBars(
      [
        { time: 1, open: 1, high: 3, low: 0.5, close: 2 },
        { time: 2, open: 2, high: 4, low: 1, close: 3 },
      ],
      formatPrice,
    );
    expect(text).toBe("2 candles: opened at 1, last close 3, high 4, low 0.5.");
    expect(describeBars([], formatPrice)).toBe("No trades in this period.");
  });
  it("formats prices of any magnitude", () => {
    expect(formatPrice(3000.123)).toBe("3,000.12");
    expect(formatPrice(1.23456)).toBe("1.2346");
    expect(formatPrice(0.000123456789)).toBe("0.000123457");
    expect(formatPrice(Number.NaN)).toBe("—");
    expect(formatPrice(Number.POSITIVE_INFINITY)).toBe("—");
  });
});
