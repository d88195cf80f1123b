// The oracle's state for one asset, as the vault will see it: the price `oracle.price` returns, the
// feed's latest round and its age against the heartbeat, and the circuit breaker as of its last sync.
// `refusalOf` says, in words, why a checked price (mint, withdraw with debt) would be refused.
import type { DecodedError } from "../../tx/decodeError.ts";
import { formatRatio } from "../../ui/format.ts";
import { deviation, isWithinDeviation, normalise } from "./math.ts";

export type AssetOracle = {
  symbol: string;
  /** oracle.price(asset), 18 decimals; undefined when it reverts (see priceError). */
  price?: bigint;
  priceError?: DecodedError;
  feed?: {
    aggregator: `0x${string}`;
    heartbeat: number;
    maxDeviation: bigint;
    rearmRounds: number;
  };
  breaker?: {
    tripped: boolean;
    inBoundStreak: number;
    lastRoundId: bigint;
    referencePrice: bigint;
  };
  /** The aggregator's latestRoundData and decimals. */
  round?: { roundId: bigint; answer: bigint; updatedAt: bigint };
  feedDecimals?: number;
  /** Reading the feed's configuration or round failed. */
  error?: DecodedError;
};

export type OracleStatus = {
  /** Seconds since the latest round (undefined when unknown). */
  age?: number;
  stale: boolean;
  tripped: boolean;
  /** The latest round is beyond the breaker's bound from its reference and not yet synced. */
  pendingTrip: boolean;
  /** Rounds the breaker has not processed yet. */
  unsyncedRounds: bigint;
  /** Deviation of the latest answer from the breaker's reference (1e18 = 100%). */
  deviation?: bigint;
  /** Why a checked price would be refused, in words; undefined when it would be accepted. */
  refusal?: string;
};

/** Seconds as "1 h 5 min", "2 d 3 h", "45 s". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) {
    const m = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ""}`;
  }
  const h = Math.floor((s % 86_400) / 3600);
  return `${Math.floor(s / 86_400)} d${h ? ` ${h} h` : ""}`;
}

/**
 * The asset's oracle status at `now` (unix seconds: the time the next block will carry, at least).
 * Stale means older than the heartbeat, as `PriceOracle._validated` decides (exactly `heartbeat` old is
 * still fresh).
 */
export function oracleStatus(o: AssetOracle, now: number): OracleStatus {
  const updatedAt = o.round ? Number(o.round.updatedAt) : undefined;
  const age = updatedAt === undefined ? undefined : Math.max(0, now - updatedAt);
  const stale =
    o.priceError?.code === "StalePrice" ||
    (age !== undefined && o.feed !== undefined && age > o.feed.heartbeat);
  const tripped = o.breaker?.tripped ?? false;
  const unsyncedRounds =
    o.round && o.breaker && o.round.roundId > o.breaker.lastRoundId
      ? o.round.roundId - o.breaker.lastRoundId
      : 0n;
  let dev: bigint | undefined;
  let pendingTrip = false;
  if (o.round && o.breaker && o.feedDecimals !== undefined && o.breaker.referencePrice > 0n) {
    const observed = normalise(o.round.answer, o.feedDecimals);
    dev = deviation(observed, o.breaker.referencePrice);
    pendingTrip =
      !tripped &&
      unsyncedRounds > 0n &&
      o.feed !== undefined &&
      (observed === 0n ||
        !isWithinDeviation(observed, o.breaker.referencePrice, o.feed.maxDeviation));
  }

  let refusal: string | undefined;
  if (!o.feed && !o.error && !o.priceError) {
    refusal = `${o.symbol} has no price feed.`;
  } else if (tripped) {
    const rearm = o.feed
      ? ` It re-arms by itself after ${o.feed.rearmRounds} consecutive price rounds within ${formatRatio(o.feed.maxDeviation)} of each other (${o.breaker?.inBoundStreak ?? 0} so far).`
      : "";
    refusal = `the circuit breaker for ${o.symbol} has tripped because its price moved abnormally.${rearm}`;
  } else if (stale) {
    refusal =
      age !== undefined && o.feed
        ? `the ${o.symbol} price is stale: it was last updated ${durationText(age)} ago, and prices older than ${durationText(o.feed.heartbeat)} are not used.`
        : `the ${o.symbol} price is stale. ${o.priceError?.message ?? ""}`.trim();
  } else if (o.priceError) {
    refusal = `the ${o.symbol} price cannot be used: ${o.priceError.message}`;
  } else if (o.error) {
    refusal = `the ${o.symbol} price feed could not be read: ${o.error.message}`;
  }
  return { age, stale, tripped, pendingTrip, unsyncedRounds, deviation: dev, refusal };
}
