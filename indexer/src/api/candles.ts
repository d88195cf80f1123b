// GET /pools/:poolId/candles?interval=1m|1h&from=&to=: a pool pair's OHLC candles in a time range
// (bucket starts, unix seconds, inclusive). Prices are quote per whole base token, 18 decimals.
// Minutes come from the `candle` table, hours from the `candle_hour` view (the minutes added up).

import { db } from "ponder:api";
import { candle, candleHour, pool } from "ponder:schema";
import { and, asc, eq, gte, lte } from "ponder";
import { ApiError } from "../lib/apiError.ts";
import type { CandleQuery } from "../lib/routeParams.ts";

export async function candles(q: CandleQuery) {
  const pools = await db
    .select({ chainId: pool.chainId, tokens: pool.tokens })
    .from(pool)
    .where(
      and(
        eq(pool.poolId, q.poolId),
        q.chainId === undefined ? undefined : eq(pool.chainId, q.chainId),
      ),
    );
  if (pools.length === 0) {
    throw new ApiError(
      "candles.unknown_pool",
      `no pool ${q.poolId} is indexed${q.chainId ? ` on chain ${q.chainId}` : ""}`,
    );
  }
  if (pools.length > 1) {
    throw new ApiError(
      "candles.ambiguous_pool",
      `pool ${q.poolId} exists on chains ${pools.map((p) => p.chainId).join(", ")}: pass chainId`,
    );
  }
  const { chainId, tokens } = pools[0]!;
  for (const [name, t] of [
    ["base", q.base],
    ["quote", q.quote],
  ] as const) {
    if (t !== undefined && !tokens.includes(t)) {
      throw new ApiError(
        "candles.invalid_token",
        `${name} ${t} is not a token of pool ${q.poolId}`,
      );
    }
  }
  const source = q.interval === "1h" ? candleHour : candle;
  const rows = await db
    .select({
      base: source.base,
      quote: source.quote,
      bucketStart: source.bucketStart,
      open: source.open,
      high: source.high,
      low: source.low,
      close: source.close,
      volumeBase: source.volumeBase,
      volumeQuote: source.volumeQuote,
      trades: source.trades,
    })
    .from(source)
    .where(
      and(
        eq(source.chainId, chainId),
        eq(source.poolId, q.poolId),
        q.from === undefined ? undefined : gte(source.bucketStart, q.from),
        q.to === undefined ? undefined : lte(source.bucketStart, q.to),
        q.base === undefined ? undefined : eq(source.base, q.base),
        q.quote === undefined ? undefined : eq(source.quote, q.quote),
      ),
    )
    .orderBy(asc(source.bucketStart), asc(source.base), asc(source.quote))
    .limit(q.limit);
  return {
    chainId,
    poolId: q.poolId,
    interval: q.interval,
    from: q.from?.toString() ?? null,
    to: q.to?.toString() ?? null,
    candles: rows.map((c) => ({
      base: c.base,
      quote: c.quote,
      bucketStart: c.bucketStart.toString(),
      open: c.open.toString(),
      high: c.high.toString(),
      low: c.low.toString(),
      close: c.close.toString(),
      volumeBase: c.volumeBase.toString(),
      volumeQuote: c.volumeQuote.toString(),
      trades: c.trades,
    })),
  };
}
