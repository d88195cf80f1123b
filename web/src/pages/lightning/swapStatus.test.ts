import { describe, expect, it } from "vitest";
import {
  addToTimeline,
  isFinalStatus,
  newerSwap,
  progressOf,
  statusRank,
  stepViews,
} from "./swapStatus.ts";

const mintPath = [
  "swap.review",
  "swap.created",
  "invoice.set",
  "invoice.accepted",
  "transaction.lock_sent",
  "transaction.locked",
  "transaction.claim_sent",
  "transaction.claimed",
  "invoice.settled",
];
const burnPath = [
  "swap.created",
  "transaction.locked",
  "invoice.pending",
  "invoice.paid",
  "transaction.claim_sent",
  "transaction.claimed",
];

describe("swap status", () => {
  it("moves a mint forward step by step to minted", () => {
    const steps = mintPath.map((s) => progressOf("mint", s).step);
    expect(steps).toEqual([0, 0, 1, 2, 2, 3, 3, 3, 3]);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(progressOf("mint", "invoice.accepted").words).toMatch(/held/);
    expect(progressOf("mint", "transaction.locked").words).toMatch(/Locked on chain/);
    expect(progressOf("mint", "transaction.claimed")).toMatchObject({ done: true, tone: "ok" });
    expect(progressOf("mint", "swap.review")).toMatchObject({ tone: "warn" });
    expect(progressOf("mint", "swap.review").words).toMatch(/waiting for a reviewer/);
    const ranks = mintPath.map((s) => statusRank("mint", s));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("moves a burn to paid", () => {
    const ranks = burnPath.map((s) => statusRank("burn", s));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(progressOf("burn", "invoice.paid")).toMatchObject({ done: true, words: "Paid" });
    expect(isFinalStatus("burn", "transaction.claimed")).toBe(true);
    expect(isFinalStatus("burn", "invoice.paid")).toBe(false);
  });

  it("marks failures as failed at the step they stopped", () => {
    for (const s of ["swap.expired", "swap.rejected", "invoice.canceled", "transaction.refunded"]) {
      expect(progressOf("mint", s)).toMatchObject({ failed: true, final: true, tone: "danger" });
    }
    expect(progressOf("burn", "invoice.failed_to_pay")).toMatchObject({
      failed: true,
      final: false,
    });
    const views = stepViews("mint", "transaction.refunded");
    expect(views.map((v) => v.state)).toEqual(["done", "done", "done", "failed"]);
    expect(stepViews("mint", "invoice.settled").every((v) => v.state === "done")).toBe(true);
    expect(stepViews("burn", "swap.created").map((v) => v.state)).toEqual([
      "done",
      "current",
      "todo",
    ]);
  });

  it("says something for statuses it does not know, even hostile ones", () => {
    expect(progressOf("mint", "swap.something_new")).toMatchObject({ failed: false, step: 0 });
    expect(progressOf("mint", "__proto__").words).toBe("Status: __proto__");
    expect(progressOf("burn", "constructor").words).toBe("Status: constructor");
    expect(statusRank("mint", "toString")).toBe(-1);
  });

  it("never moves a swap backwards, and keeps each status once in flow order", () => {
    const locked = { direction: "mint" as const, status: "transaction.locked", n: 1 };
    const accepted = { direction: "mint" as const, status: "invoice.accepted", n: 2 };
    expect(newerSwap(locked, accepted)).toBe(locked);
    expect(newerSwap(accepted, locked)).toBe(locked);
    expect(newerSwap(undefined, accepted)).toBe(accepted);
    let timeline = addToTimeline([], "mint", "transaction.locked", 3);
    timeline = addToTimeline(timeline, "mint", "invoice.accepted", 4);
    timeline = addToTimeline(timeline, "mint", "transaction.locked", 5);
    expect(timeline.map((t) => t.status)).toEqual(["invoice.accepted", "transaction.locked"]);
  });
});
