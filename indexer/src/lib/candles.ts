// OHLC candles of pool pairs: which bucket a swap falls in and at what price it traded.

export const candleIntervals = { "1m": 60n, "1h": 3600n } as const;
export type CandleInterval = keyof typeof candleIntervals;

export function isCandleInterval(value: string): value is CandleInterval {
  return Object.hasOwn(candleIntervals, value);
}

/** Start (unix seconds) of the bucket holding `timestamp`. */
export function bucketStart(timestamp: bigint, interval: CandleInterval): bigint {
  const size = candleIntervals[interval];
  return (timestamp / size) * size;
}

/**
 * Price of one whole base token in quote tokens, 18 decimals, rounded down: the amounts one swap
 * exchanged, scaled by the tokens' decimals. Zero when no base moved.
 */
export function tradePrice(
  baseAmount: bigint,
  quoteAmount: bigint,
  baseDecimals: number,
  quoteDecimals: number,
): bigint {
  if (baseAmount === 0n) return 0n;
  const shift = 18 + baseDecimals - quoteDecimals;
  return shift >= 0
    ? (quoteAmount * 10n ** BigInt(shift)) / baseAmount
    : quoteAmount / (baseAmount * 10n ** BigInt(-shift));
}

/** Base and quote of the pair two pool tokens form: the earlier one in pool order is the base. */
export function orientPair<T>(tokens: readonly T[], a: T, b: T): { base: T; quote: T } | undefined {
  const ia = tokens.indexOf(a);
  const ib = tokens.indexOf(b);
  if (ia < 0 || ib < 0 || ia === ib) return undefined;
  return ia < ib ? { base: a, quote: b } : { base: b, quote: a };
}
