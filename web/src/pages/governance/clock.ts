// Governance time: the Governor's ERC-6372 clock (timestamps or block numbers, whichever
// `CLOCK_MODE()` says), "now" extrapolated from the indexer's chain clock between its updates, and
// countdowns in words ("in 2 h 5 min", "in 12 blocks").

export type ClockMode = "timestamp" | "blocknumber";

/**
 * Parses an ERC-6372 `CLOCK_MODE()` string ("mode=timestamp", "mode=blocknumber&from=default").
 * Undefined for anything else, so a caller never guesses the unit.
 */
export function parseClockMode(text: string | undefined | null): ClockMode | undefined {
  if (typeof text !== "string" || text.length > 200) return undefined;
  const params = new Map<string, string>();
  for (const part of text.split("&")) {
    const [key, value, ...rest] = part.split("=");
    if (!key || value === undefined || rest.length > 0) return undefined;
    params.set(key, value);
  }
  const mode = params.get("mode");
  if (mode === "timestamp") return "timestamp";
  if (mode === "blocknumber") {
    const from = params.get("from");
    return from === undefined || from === "default" ? "blocknumber" : undefined;
  }
  return undefined;
}

/** A non-negative duration in words: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatDuration(seconds: bigint | number): string {
  let s =
    typeof seconds === "bigint"
      ? seconds
      : BigInt(Math.trunc(Number.isFinite(seconds) ? seconds : 0));
  if (s < 0n) s = -s;
  if (s < 60n) return `${s} s`;
  if (s < 3600n) {
    const rest = s % 60n;
    return rest === 0n ? `${s / 60n} min` : `${s / 60n} min ${rest} s`;
  }
  if (s < 86_400n) {
    const minutes = (s % 3600n) / 60n;
    return minutes === 0n ? `${s / 3600n} h` : `${s / 3600n} h ${minutes} min`;
  }
  const hours = (s % 86_400n) / 3600n;
  return hours === 0n ? `${s / 86_400n} d` : `${s / 86_400n} d ${hours} h`;
}

/** How far `target` is from `now` on the clock: "in 3 h", "5 min ago", "in 12 blocks", "now". */
export function countdown(target: bigint, now: bigint, mode: ClockMode): string {
  const delta = target - now;
  if (delta === 0n) return "now";
  const abs = delta < 0n ? -delta : delta;
  const text = mode === "timestamp" ? formatDuration(abs) : `${abs} block${abs === 1n ? "" : "s"}`;
  return delta > 0n ? `in ${text}` : `${text} ago`;
}

/**
 * The chain's "now" between two readings of the indexer's clock: the last block's time plus the
 * wall-clock seconds since that block was first seen (block numbers are not extrapolated).
 */
export function extrapolateNow(
  clock: bigint,
  observedAtMs: number,
  nowMs: number,
  mode: ClockMode,
): bigint {
  if (mode === "blocknumber") return clock;
  const elapsed = Math.floor((nowMs - observedAtMs) / 1000);
  return elapsed > 0 && Number.isFinite(elapsed) ? clock + BigInt(elapsed) : clock;
}

/** A unix time for people: "2025-03-04 14:05 UTC". */
export function formatUtc(seconds: bigint | number): string {
  const n = Number(seconds);
  if (!Number.isFinite(n) || n < 0 || n > 8.64e12) return "—";
  const date = new Date(n * 1000);
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
