import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  type JobView,
  keepersAccess,
  keepersRefetchInterval,
  lastRun,
  nextRun,
  runsText,
  taskResult,
} from "./keepersLogic.ts";

const now = Date.parse("2026-01-15T12:00:00.000Z");
const job: JobView = {
  name: "oracle",
  trigger: "interval",
  schedule: "every 30s",
  enabled: true,
  nextRunAt: "2026-01-15T12:00:25.000Z",
  nextBlock: null,
  runs: 12,
  failures: 0,
  consecutiveFailures: 0,
  lastStartedAt: "2026-01-15T11:59:54.000Z",
  lastFinishedAt: "2026-01-15T11:59:55.000Z",
  lastOutcome: "ok",
  lastError: null,
  lease: null,
  openTasks: 0,
};

const apiError = (status: number, code: string) => ({ status, code, message: code });

describe("what the API's answer says about the Keepers tab", () => {
  it("admins only, sign in, keepers not configured or down", () => {
    assert.equal(keepersAccess(null), "allowed");
    assert.equal(keepersAccess(apiError(403, "auth.forbidden")), "adminsOnly");
    assert.equal(keepersAccess(apiError(401, "auth.session_expired")), "signIn");
    assert.equal(keepersAccess(apiError(503, "keepers.not_configured")), "notConfigured");
    assert.equal(keepersAccess(apiError(503, "keepers.unavailable")), "unavailable");
    assert.equal(keepersAccess(apiError(0, "api.unreachable")), "error");
  });

  it("keeps reading while the keepers may answer; not for answers that will not change", () => {
    assert.equal(keepersRefetchInterval(null), 5_000);
    assert.equal(keepersRefetchInterval(apiError(503, "keepers.unavailable")), 5_000);
    assert.equal(keepersRefetchInterval(apiError(0, "api.unreachable")), 5_000);
    assert.equal(keepersRefetchInterval(apiError(403, "auth.forbidden")), false);
    assert.equal(keepersRefetchInterval(apiError(503, "keepers.not_configured")), false);
  });
});

describe("a job in words", () => {
  it("its last run: outcome, when, and a failure's error", () => {
    assert.deepEqual(lastRun(job, now), { label: "OK", tone: "ok", when: "5 s ago", error: null });
    assert.deepEqual(
      lastRun(
        {
          ...job,
          lastOutcome: "failed",
          lastError: { code: "rpc.unavailable", message: "the node did not answer" },
        },
        now,
      ),
      {
        label: "Failed",
        tone: "danger",
        when: "5 s ago",
        error: "rpc.unavailable: the node did not answer",
      },
    );
    assert.equal(
      lastRun({ ...job, lastOutcome: null, lastFinishedAt: null }, now).label,
      "Not run yet",
    );
  });

  it("its next run: in how long, due, at a block, running or disabled", () => {
    assert.equal(nextRun(job, now), "in 25 s");
    assert.equal(nextRun({ ...job, nextRunAt: "2026-01-15T11:00:00.000Z" }, now), "Due now");
    assert.equal(
      nextRun({ ...job, trigger: "block", schedule: "every block", nextBlock: "1234" }, now),
      "At block 1234",
    );
    assert.equal(nextRun({ ...job, lease: { owner: "k1", until: "" } }, now), "Running now");
    assert.equal(nextRun({ ...job, enabled: false }, now), "Disabled");
  });

  it("its runs and failures", () => {
    assert.equal(runsText(job), "12 runs");
    assert.equal(runsText({ ...job, runs: 1 }), "1 run");
    assert.equal(
      runsText({ ...job, runs: 1200, failures: 3, consecutiveFailures: 2 }),
      "1,200 runs, 3 failed (2 in a row)",
    );
    assert.equal(runsText({ ...job, failures: 3 }), "12 runs, 3 failed");
  });

  it("a task's result: its error code, else its outcome's plain fields", () => {
    assert.equal(
      taskResult({ outcome: null, errorCode: "simulation.reverted" }),
      "simulation.reverted",
    );
    assert.equal(
      taskResult({
        outcome: { kind: "full", repaid: "5", logs: [1], extra: 1, more: 2 },
        errorCode: null,
      }),
      "kind full, repaid 5, extra 1",
    );
    assert.equal(taskResult({ outcome: null, errorCode: null }), "—");
    assert.equal(taskResult({ outcome: { nested: {} }, errorCode: null }), "—");
  });
});
