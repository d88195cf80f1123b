import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { backoffMs, nextRun, parseSchedule, ScheduleError } from "./schedule.ts";

describe("schedules", () => {
  it("reads intervals, blocks and cron expressions", () => {
    assert.deepEqual(parseSchedule("every 30s"), {
      trigger: "interval",
      everyMs: 30_000,
      text: "every 30s",
    });
    assert.equal(parseSchedule("500ms").trigger, "interval");
    assert.equal((parseSchedule("every 2m") as { everyMs: number }).everyMs, 120_000);
    assert.deepEqual(parseSchedule("every block"), {
      trigger: "block",
      everyBlocks: 1,
      text: "every block",
    });
    assert.equal((parseSchedule("every  5 blocks") as { everyBlocks: number }).everyBlocks, 5);
    assert.equal(parseSchedule("cron */5 * * * *").trigger, "cron");
  });

  it("refuses what is not a schedule, saying why", () => {
    for (const bad of [
      "",
      "soon",
      "every 0 blocks",
      "every 5ms",
      "every 8d",
      "cron 61 * * * *",
      "cron * *",
    ]) {
      assert.throws(() => parseSchedule(bad), ScheduleError, bad);
    }
    assert.throws(() => parseSchedule("cron 99 * * * *"), /invalid cron expression/);
  });

  it("says when a job is due next", () => {
    const now = new Date("2026-12-06T10:02:30Z");
    assert.equal(
      nextRun(parseSchedule("every 30s"), now, 7n).at.toISOString(),
      "2026-12-06T10:03:00.000Z",
    );
    assert.equal(
      nextRun(parseSchedule("cron */5 * * * *"), now, 7n).at.toISOString(),
      "2026-12-06T10:05:00.000Z",
    );
    const block = nextRun(parseSchedule("every 3 blocks"), now, 7n);
    assert.equal(block.block, 10n);
    assert.ok(block.at > now, "and a time fallback when no block comes");
  });

  it("backs off exponentially with bounded jitter", () => {
    assert.equal(
      backoffMs(1, 300_000, () => 0),
      1_000,
    );
    assert.equal(
      backoffMs(4, 300_000, () => 0),
      8_000,
    );
    assert.equal(
      backoffMs(30, 300_000, () => 0),
      300_000,
    );
    assert.equal(
      backoffMs(1, 300_000, () => 1),
      1_200,
    );
  });
});
