// Token buckets per key (a webhook source and a client IP): `rate` requests per second with a burst
// of `rate`. Each bucket refills continuously; at most `maxKeys` are tracked (the least recently
// used are forgotten first, which only ever gives a forgotten key a full bucket back).
export type RateBuckets = {
  /** Takes one token; when none is left, the seconds until one is. */
  take(key: string, rate: number): { ok: true } | { ok: false; retryAfterS: number };
};

export function createRateBuckets(now: () => number, maxKeys = 100_000): RateBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, rate) {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket) {
        buckets.delete(key);
        bucket.tokens = Math.min(rate, bucket.tokens + ((at - bucket.at) / 1000) * rate);
        bucket.at = at;
      } else {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        bucket = { tokens: rate, at };
      }
      buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
      }
      bucket.tokens -= 1;
      return { ok: true };
    },
  };
}
