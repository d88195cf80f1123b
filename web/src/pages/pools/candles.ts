// The indexer's candles (`GET /pools/:poolId/candles`: prices as quote per whole base token, 18
// decimals, as decimal strings) turned into what the chart draws: one bar per bucket, ascending
// time, plain numbers (display only), optionally inverted (base per quote).
import type { Candle } from "../../indexer/client.ts";

export type CandleInterval = "1m" | "1h";

export const intervalSeconds: Record<CandleInterval, number> = { "1m": 60, "1h": 3600 };
/** How many buckets of history the chart asks for. */
export const intervalSpan: Record<CandleInterval, number> = { "1m": 360, "1h": 24 * 30 };

export type ChartBar = { time: number; open: number; high: number; low: number; close: number };

const DECIMAL = /^\d+$/;

/** 18-decimal integer string → number; undefined for anything else. */
export function wadToNumber(text: string): number | undefined {
  if (typeof text !== "string" || !DECIMAL.test(text)) return undefined;
  const value = BigInt(text);
  const whole = value / 10n ** 18n;
  const fraction = value % 10n ** 18n;
  const number = Number(whole) + Number(fraction) / 1e18;
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Bars for one pair (`base`/`quote` lowercase addresses): malformed or zero-priced candles dropped,
 * one bar per bucket (the last one wins), sorted by time. Inverted bars show base per quote: every
 * price is 1/p and high and low trade places.
 */
export function toChartBars(
  candles: readonly Candle[],
  pair: { base: string; quote: string },
  options: { invert?: boolean } = {},
): ChartBar[] {
  const byTime = new Map<number, ChartBar>();
  const base = pair.base.toLowerCase();
  const quote = pair.quote.toLowerCase();
  for (const c of candles) {
    if (c.base?.toLowerCase() !== base || c.quote?.toLowerCase() !== quote) continue;
    if (!DECIMAL.test(c.bucketStart)) continue;
    const time = Number(c.bucketStart);
    const values = [c.open, c.high, c.low, c.close].map(wadToNumber);
    if (!Number.isSafeInteger(time) || values.some((v) => v === undefined || v <= 0)) continue;
    let [open, high, low, close] = values as [number, number, number, number];
    if (options.invert) {
      [open, high, low, close] = [1 / open, 1 / low, 1 / high, 1 / close];
    }
    // A bar always spans its open and close, whatever rounding did.
    high = Math.max(high, open, close);
    low = Math.min(low, open, close);
    byTime.set(time, { time, open, high, low, close });
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/** The range to ask for: `intervalSpan` buckets ending at the chain's `now` (unix seconds). */
export function candleRange(interval: CandleInterval, now: number): { from: number; to: number } {
  const size = intervalSeconds[interval];
  const to = Math.max(0, Math.floor(now));
  const from = Math.max(0, to - size * intervalSpan[interval]);
  return { from: Math.floor(from / size) * size, to };
}

/** A short summary of the bars for people who cannot see the chart. */
export function describeBars(bars: readonly ChartBar[], format: (n: number) => string): string {
  if (bars.length === 0) return "No trades in this period.";
  const first = bars[0]!;
  const last = bars[bars.length - 1]!;
  const high = Math.max(...bars.map((b) => b.high));
  const low = Math.min(...bars.map((b) => b.low));
  return `${bars.length} candle${bars.length === 1 ? "" : "s"}: opened at ${format(first.open)}, last close ${format(last.close)}, high ${format(high)}, low ${format(low)}.`;
}

/** A price for display with a sensible number of significant digits. */
export function formatPrice(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  if (abs > 0 && abs < 1) return value.toLocaleString("en-US", { maximumSignificantDigits: 6 });
  return value.toLocaleString("en-US", { maximumFractionDigits: abs >= 1000 ? 2 : 4 });
}
