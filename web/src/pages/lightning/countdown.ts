// Refund timing. A lock may be refunded from its timelock on, measured in chain time (block timestamps),
// not this computer's clock: the page estimates chain time from the latest block and counts down to it.

/** "2 d 3 h", "1 h 05 min", "4 min 09 s", "45 s"; never negative. */
export function formatDuration(seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${s} s`;
}

/**
 * Chain time now, in unix seconds: the latest block's timestamp, or this computer's clock when that is
 * later (an idle development chain mints its next block at the current time).
 */
export function chainNow(latestBlockTimestamp: number | bigint | undefined, wallSeconds: number) {
  const block = latestBlockTimestamp === undefined ? 0 : Number(latestBlockTimestamp);
  return Math.max(block, Math.floor(wallSeconds));
}

type RefundableSwap = { state: string; refundableAt: number | null };

export type RefundWindow =
  /** Nothing locked to refund (never locked, claimed, or already refunded). */
  | { kind: "none" }
  /** The keeper sent the refund already. */
  | { kind: "sent" }
  | { kind: "waiting"; at: number; opensIn: number }
  | { kind: "open"; at: number };

export function refundWindow(swap: RefundableSwap, now: number): RefundWindow {
  if (swap.refundableAt === null || swap.state === "refunded") return { kind: "none" };
  if (swap.state === "refund_sent") return { kind: "sent" };
  if (now >= swap.refundableAt) return { kind: "open", at: swap.refundableAt };
  return { kind: "waiting", at: swap.refundableAt, opensIn: swap.refundableAt - now };
}

/** A unix time as a local date and time ("12 Mar, 14:05"). */
export function formatTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}
