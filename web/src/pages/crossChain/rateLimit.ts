// A lane's rate limits (Chainlink's RateLimiter token buckets, per lane and synth) as the page shows
// them: how much can go now, how fast it refills, and whether an amount would be refused, with the
// same words and wait the contract's own TokenMaxCapacityExceeded / TokenRateLimitReached give.
import type { Address } from "viem";
import { type DecodedError, describeRevert } from "../../tx/decodeError.ts";

/** RateLimiter.TokenBucket as `gateway.rateLimits` returns it. */
export type Bucket = {
  tokens: bigint;
  lastUpdated: number;
  isEnabled: boolean;
  capacity: bigint;
  rate: bigint;
};

/** The bucket at `now` (unix seconds): refilled at `rate` per second since `lastUpdated`, up to capacity. */
export function refill(bucket: Bucket, now: number): Bucket {
  if (!bucket.isEnabled) return bucket;
  const elapsed = BigInt(Math.max(0, Math.floor(now) - bucket.lastUpdated));
  const filled = bucket.tokens + elapsed * bucket.rate;
  return {
    ...bucket,
    tokens: filled < bucket.capacity ? filled : bucket.capacity,
    lastUpdated: Math.max(bucket.lastUpdated, Math.floor(now)),
  };
}

/** Seconds until a bucket holds `amount` (0 when it does; undefined when it never will). */
export function waitFor(bucket: Bucket, amount: bigint): number | undefined {
  if (!bucket.isEnabled || amount <= bucket.tokens) return 0;
  if (amount > bucket.capacity || bucket.rate === 0n) return undefined;
  // RateLimiter's own rounding: up to the next whole second.
  return Number((amount - bucket.tokens + bucket.rate - 1n) / bucket.rate);
}

export type LimitCheck =
  | { ok: true }
  | { ok: false; error: DecodedError; waitSeconds: number | undefined };

/**
 * Whether the bucket (as it stands at `now`) lets `amount` of `token` through, and if not the refusal
 * the contract would give, in the same words.
 */
export function checkLimit(
  bucket: Bucket | undefined,
  amount: bigint,
  token: Address,
  now: number,
): LimitCheck {
  if (!bucket?.isEnabled || amount === 0n) return { ok: true };
  const current = refill(bucket, now);
  if (amount > current.capacity) {
    return {
      ok: false,
      error: describeRevert("TokenMaxCapacityExceeded", [current.capacity, amount, token]),
      waitSeconds: undefined,
    };
  }
  if (amount > current.tokens) {
    const wait = waitFor(current, amount) ?? 0;
    return {
      ok: false,
      error: describeRevert("TokenRateLimitReached", [BigInt(wait), current.tokens, token]),
      waitSeconds: wait,
    };
  }
  return { ok: true };
}

/** What the lane lets through now, for display: undefined when the bucket is off (no limit). */
export function headroom(
  bucket: Bucket | undefined,
  now: number,
): { available: bigint; capacity: bigint; ratePerSecond: bigint } | undefined {
  if (!bucket?.isEnabled) return undefined;
  const current = refill(bucket, now);
  return { available: current.tokens, capacity: current.capacity, ratePerSecond: current.rate };
}
