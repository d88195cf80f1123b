import { describe, expect, it } from "vitest";
import { chainNow, formatDuration, refundWindow } from "./countdown.ts";

describe("countdowns", () => {
  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(45.9)).toBe("45 s");
    expect(formatDuration(249)).toBe("4 min 09 s");
    expect(formatDuration(3900)).toBe("1 h 05 min");
    expect(formatDuration(2 * 86_400 + 3 * 3600 + 59)).toBe("2 d 3 h");
    expect(formatDuration(-10)).toBe("0 s");
    expect(formatDuration(Number.NaN)).toBe("0 s");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("0 s");
  });

  it("estimates chain time from the latest block, never behind the clock", () => {
    expect(chainNow(1000n, 900.7)).toBe(1000);
    expect(chainNow(1000, 1200.2)).toBe(1200);
    expect(chainNow(undefined, 1200)).toBe(1200);
  });

  it("opens a refund at the timelock (inclusive), and not for settled or refunded swaps", () => {
    const locked = { state: "pay_failed", refundableAt: 2000 };
    expect(refundWindow(locked, 1999)).toEqual({ kind: "waiting", at: 2000, opensIn: 1 });
    expect(refundWindow(locked, 2000)).toEqual({ kind: "open", at: 2000 });
    expect(refundWindow({ state: "claimed", refundableAt: null }, 5000)).toEqual({ kind: "none" });
    expect(refundWindow({ state: "refunded", refundableAt: 2000 }, 5000)).toEqual({ kind: "none" });
    expect(refundWindow({ state: "refund_sent", refundableAt: 2000 }, 5000)).toEqual({
      kind: "sent",
    });
  });
});
