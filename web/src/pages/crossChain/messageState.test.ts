// A message's state from the two chains' answers, merged reports that never go backwards (but a retry
// moves a failure on), its steps and its words.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  addToTimeline,
  deriveStatus,
  ExecutionState,
  isFinal,
  newerStatus,
  stateFromLabel,
  stateLabel,
  statusOfReport,
  statusWords,
  stepViews,
  toneOf,
} from "./messageState.ts";

const names = { source: "Fluxion Local A", dest: "Fluxion Local B" };

describe("a cross-chain message's state", () => {
  it("is derived from the source's blocks and the destination's router and gateway", () => {
    assert.deepEqual(deriveStatus({}), { state: "sent" });
    assert.deepEqual(deriveStatus({ sourceBlock: 10n, sourceHead: 10n }), {
      state: "sent",
      confirmations: 0,
    });
    assert.deepEqual(deriveStatus({ sourceBlock: 10n, sourceHead: 12n, committedAt: 0n }), {
      state: "finality",
      confirmations: 2,
    });
    assert.deepEqual(
      deriveStatus({
        sourceBlock: 10n,
        sourceHead: 12n,
        committedAt: 1_700_000_000n,
        executionState: ExecutionState.UNTOUCHED,
      }),
      { state: "committed", confirmations: 2 },
    );
    assert.equal(
      deriveStatus({ committedAt: 5n, executionState: ExecutionState.IN_PROGRESS }).state,
      "committed",
    );
    assert.deepEqual(deriveStatus({ committedAt: 5n, executionState: ExecutionState.SUCCESS }), {
      state: "executed",
    });
    assert.deepEqual(deriveStatus({ committedAt: 5n, executionState: ExecutionState.FAILURE }), {
      state: "failed",
      failure: "delivery",
    });
    assert.deepEqual(
      deriveStatus({
        committedAt: 5n,
        executionState: ExecutionState.SUCCESS,
        storedFailure: true,
      }),
      { state: "failed", failure: "stored" },
    );
    // A source reorg or a head read behind the message's block: no negative confirmations.
    assert.equal(deriveStatus({ sourceBlock: 10n, sourceHead: 9n }).confirmations, 0);
  });

  it("reads the stream's, the indexer's and the relay's words", () => {
    assert.equal(stateFromLabel("sent"), "sent");
    assert.equal(stateFromLabel("pending"), "sent");
    assert.equal(stateFromLabel("waiting for finality"), "finality");
    assert.equal(stateFromLabel("finalized"), "finality");
    assert.equal(stateFromLabel("COMMITTED"), "committed");
    assert.equal(stateFromLabel("executed"), "executed");
    assert.equal(stateFromLabel("success"), "executed");
    assert.equal(stateFromLabel("failure"), "failed");
    assert.equal(stateFromLabel("dropped"), undefined);
    assert.equal(stateFromLabel(7), undefined);
    // The stream's and the indexer's reports, with the kind of failure they carry.
    assert.deepEqual(statusOfReport("committed", false), { state: "committed" });
    assert.deepEqual(statusOfReport("failed", true), { state: "failed", failure: "stored" });
    assert.deepEqual(statusOfReport("failed", false), { state: "failed", failure: "delivery" });
    assert.deepEqual(statusOfReport("failed", undefined), { state: "failed", failure: "delivery" });
    assert.equal(statusOfReport("dropped", false), undefined);
  });

  it("never moves backwards, but a retried failure ends executed", () => {
    const committed = { state: "committed" as const };
    assert.deepEqual(newerStatus(committed, { state: "sent" }), committed);
    assert.deepEqual(newerStatus(undefined, { state: "sent" }), { state: "sent" });
    const failed = newerStatus(committed, { state: "failed", failure: "delivery" });
    assert.deepEqual(failed, { state: "failed", failure: "delivery" });
    assert.deepEqual(newerStatus(failed, { state: "committed" }), failed);
    assert.deepEqual(newerStatus(failed, { state: "executed" }), { state: "executed" });
    assert.deepEqual(newerStatus({ state: "executed" }, failed), { state: "executed" });
    // The same state: what is known stays known.
    assert.deepEqual(
      newerStatus({ state: "failed", failure: "stored" }, { state: "failed", confirmations: 3 }),
      { state: "failed", failure: "stored", confirmations: 3 },
    );
    assert.deepEqual(
      newerStatus({ state: "finality", confirmations: 2 }, { state: "finality", confirmations: 1 }),
      { state: "finality", confirmations: 2 },
    );
    assert.equal(isFinal("executed"), true);
    assert.equal(isFinal("failed"), false, "a failure can still be retried");
  });

  it("shows four steps, the current one in progress or failed", () => {
    const states = (s: Parameters<typeof stepViews>[0], depth?: number) =>
      stepViews(s, names, depth).map((v) => v.state);
    assert.deepEqual(
      stepViews({ state: "sent" }, names).map((v) => v.label),
      [
        "Sent on Fluxion Local A",
        "Final on Fluxion Local A",
        "Committed on Fluxion Local B",
        "Delivered on Fluxion Local B",
      ],
    );
    assert.deepEqual(states({ state: "sent" }), ["done", "current", "todo", "todo"]);
    assert.deepEqual(states({ state: "finality", confirmations: 1 }, 2), [
      "done",
      "current",
      "todo",
      "todo",
    ]);
    assert.deepEqual(states({ state: "finality", confirmations: 2 }, 2), [
      "done",
      "done",
      "current",
      "todo",
    ]);
    assert.deepEqual(states({ state: "committed" }), ["done", "done", "done", "current"]);
    assert.deepEqual(states({ state: "executed" }), ["done", "done", "done", "done"]);
    assert.deepEqual(states({ state: "failed", failure: "delivery" }), [
      "done",
      "done",
      "done",
      "failed",
    ]);
  });

  it("says where it is in words, with the chains' names", () => {
    assert.equal(
      statusWords({ state: "sent" }, names),
      "Sent on Fluxion Local A: waiting for its block to become final",
    );
    assert.equal(
      statusWords({ state: "finality", confirmations: 1 }, names, 3),
      "Waiting for finality on Fluxion Local A: 1 of 3 blocks on top",
    );
    assert.equal(
      statusWords({ state: "finality", confirmations: 3 }, names, 3),
      "Final on Fluxion Local A: waiting for the relay to commit it on Fluxion Local B",
    );
    assert.equal(
      statusWords({ state: "finality", confirmations: 1 }, names),
      "Waiting for finality on Fluxion Local A: 1 block on top so far",
    );
    assert.equal(
      statusWords({ state: "committed" }, names),
      "Committed on Fluxion Local B: being delivered",
    );
    assert.equal(statusWords({ state: "executed" }, names), "Delivered on Fluxion Local B");
    assert.match(statusWords({ state: "failed", failure: "delivery" }, names), /failed/);
    assert.match(statusWords({ state: "failed", failure: "stored" }, names), /kept there/);
    assert.equal(stateLabel({ state: "finality" }), "Waiting for finality");
    assert.equal(stateLabel({ state: "failed", failure: "stored" }), "Failed (kept for retry)");
    assert.equal(toneOf({ state: "failed" }), "danger");
    assert.equal(toneOf({ state: "executed" }), "ok");
    assert.equal(toneOf({ state: "committed" }), "info");
  });

  it("keeps a timeline of each state once, in the flow's order", () => {
    let timeline = addToTimeline([], { state: "committed" }, 30);
    timeline = addToTimeline(timeline, { state: "sent" }, 10);
    timeline = addToTimeline(timeline, { state: "committed" }, 40);
    timeline = addToTimeline(timeline, { state: "failed", failure: "delivery" }, 50);
    timeline = addToTimeline(timeline, { state: "executed" }, 60);
    assert.deepEqual(timeline, [
      { state: "sent", at: 10 },
      { state: "committed", at: 30 },
      { state: "failed", failure: "delivery", at: 50 },
      { state: "executed", at: 60 },
    ]);
  });
});
