import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import {
  orderByDependencies,
  Supervisor,
  type SupervisorError,
  type SupervisorLogger,
  sleep,
  type UnitDefinition,
} from "./supervisor.ts";

const node = process.execPath;

function recorder(): SupervisorLogger & { lines: string[]; events: string[] } {
  const lines: string[] = [];
  const events: string[] = [];
  return {
    lines,
    events,
    line: (unit, _stream, text) => lines.push(`${unit}: ${text}`),
    event: (text) => events.push(text),
  };
}

/** True while `pid` runs; a zombie (exited, not yet reaped by an init that never reaps) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/^\d+ \(.*\) Z/.test(stat);
}

const tmp = () => mkdtempSync(join(tmpdir(), "fluxion-supervisor-"));

describe("orderByDependencies", () => {
  const unit = (name: string, dependsOn: string[] = []): UnitDefinition => ({
    name,
    command: "true",
    kind: "service",
    dependsOn,
  });

  it("puts every unit after its dependencies", () => {
    const order = orderByDependencies([
      unit("web", ["api"]),
      unit("api", ["chain"]),
      unit("chain"),
    ]);
    assert.deepEqual(
      order.map((u) => u.name),
      ["chain", "api", "web"],
    );
  });

  it("rejects cycles, unknown dependencies and duplicate names with stable codes", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as SupervisorError).code;
      }
      return undefined;
    };
    assert.equal(
      code(() => orderByDependencies([unit("a", ["b"]), unit("b", ["a"])])),
      "supervisor.dependency_cycle",
    );
    assert.equal(
      code(() => orderByDependencies([unit("a", ["x"])])),
      "supervisor.unknown_dependency",
    );
    assert.equal(
      code(() => orderByDependencies([unit("a"), unit("a")])),
      "supervisor.duplicate_unit",
    );
  });
});

describe("Supervisor", () => {
  it("reports each phase with its time, and a long task while it runs", async () => {
    const log = recorder();
    const supervisor = new Supervisor(
      [
        {
          name: "compile",
          kind: "task",
          command: node,
          args: ["-e", "setTimeout(() => {}, 350)"],
        },
      ],
      { logger: log, heartbeatMs: 100 },
    );
    await supervisor.start();
    await supervisor.stop();
    assert.equal(log.events[0], "compile starting");
    const beats = log.events.filter((e) => /^compile still running \([\d.]+ s\)$/.test(e));
    assert.ok(beats.length >= 2, `heartbeats: ${log.events.join(" | ")}`);
    assert.match(
      log.events.find((e) => e.startsWith("compile done"))!,
      /^compile done \([\d.]+ s\)$/,
    );
  });

  it("waits for readiness, runs dependent tasks, and stops the whole process group", async () => {
    const dir = tmp();
    const readyFile = join(dir, "ready");
    const grandchildPidFile = join(dir, "grandchild.pid");
    const taskFile = join(dir, "task");
    // The service starts a grandchild (like npx starting node) and reports ready after a delay.
    const service = `
      const { spawn } = require("node:child_process");
      const fs = require("node:fs");
      const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      fs.writeFileSync(${JSON.stringify(grandchildPidFile)}, String(g.pid));
      setTimeout(() => fs.writeFileSync(${JSON.stringify(readyFile)}, "1"), 300);
      setInterval(() => {}, 1000);`;
    const log = recorder();
    const supervisor = new Supervisor(
      [
        {
          name: "seed",
          kind: "task",
          command: node,
          args: [
            "-e",
            `require("node:fs").writeFileSync(${JSON.stringify(taskFile)}, "done"); console.log("seeded")`,
          ],
          dependsOn: ["chain"],
        },
        {
          name: "chain",
          kind: "service",
          command: node,
          args: ["-e", service],
          ready: async () => existsSync(readyFile),
        },
      ],
      { logger: log, readyPollMs: 50 },
    );
    await supervisor.start();
    assert.equal(
      readFileSync(taskFile, "utf8"),
      "done",
      "the task ran after the service was ready",
    );
    assert.ok(log.lines.includes("seed: seeded"), "task output is prefixed with its name");
    const grandchild = Number(readFileSync(grandchildPidFile, "utf8"));
    assert.ok(alive(grandchild));

    await supervisor.stop();
    assert.equal(await supervisor.done, undefined, "a requested stop is clean");
    await sleep(100);
    assert.equal(alive(grandchild), false, "grandchildren are stopped with their service");
  });

  it("fails start() with supervisor.task_failed and stops services already running", async () => {
    const dir = tmp();
    const pidFile = join(dir, "svc.pid");
    const log = recorder();
    const supervisor = new Supervisor(
      [
        {
          name: "svc",
          kind: "service",
          command: node,
          args: [
            "-e",
            `require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`,
          ],
          ready: async () => existsSync(pidFile),
        },
        {
          name: "deploy",
          kind: "task",
          command: node,
          args: ["-e", "process.exit(3)"],
          dependsOn: ["svc"],
        },
      ],
      { logger: log, readyPollMs: 20 },
    );
    await assert.rejects(supervisor.start(), (error: SupervisorError) => {
      assert.equal(error.code, "supervisor.task_failed");
      assert.match(error.message, /deploy exited with code 3/);
      return true;
    });
    const failure = await supervisor.done;
    assert.equal(failure?.code, "supervisor.task_failed");
    assert.equal(alive(Number(readFileSync(pidFile, "utf8"))), false);
  });

  it("restarts a crashing service with backoff, then gives up and reports it", async () => {
    const dir = tmp();
    const countFile = join(dir, "starts");
    const crash = `const fs = require("node:fs"); fs.appendFileSync(${JSON.stringify(countFile)}, "x"); setTimeout(() => process.exit(7), 50);`;
    const supervisor = new Supervisor(
      [
        {
          name: "flaky",
          kind: "service",
          command: node,
          args: ["-e", crash],
          restart: { maxRestarts: 2, backoffMs: 10 },
        },
      ],
      { logger: recorder() },
    );
    await supervisor.start();
    const failure = await supervisor.done;
    assert.equal(failure?.code, "supervisor.service_exited");
    assert.equal(readFileSync(countFile, "utf8").length, 3, "one start plus two restarts");
  });

  it("reports a service that exits before it is ready", async () => {
    const supervisor = new Supervisor(
      [
        {
          name: "dead",
          kind: "service",
          command: node,
          args: ["-e", "process.exit(1)"],
          ready: async () => false,
        },
      ],
      { logger: recorder(), readyPollMs: 20 },
    );
    await assert.rejects(supervisor.start(), { code: "supervisor.exited_before_ready" });
  });

  it("kills a unit that ignores SIGINT after the grace period", async () => {
    const dir = tmp();
    const readyFile = join(dir, "ready");
    const stubborn = `process.on("SIGINT", () => {}); require("node:fs").writeFileSync(${JSON.stringify(readyFile)}, "1"); setInterval(() => {}, 1000);`;
    const log = recorder();
    const supervisor = new Supervisor(
      [
        {
          name: "stubborn",
          kind: "service",
          command: node,
          args: ["-e", stubborn],
          ready: async () => existsSync(readyFile),
        },
      ],
      { logger: log, stopGraceMs: 200, readyPollMs: 20 },
    );
    await supervisor.start();
    await supervisor.stop();
    assert.ok(log.events.some((e) => e.includes("did not stop in 200 ms; killing it")));
  });

  it("fails with supervisor.ready_timeout when a service never becomes ready", async () => {
    const supervisor = new Supervisor(
      [
        {
          name: "slow",
          kind: "service",
          command: node,
          args: ["-e", "setInterval(() => {}, 1000)"],
          ready: async () => false,
          readyTimeoutMs: 100,
        },
      ],
      { logger: recorder(), readyPollMs: 20 },
    );
    await assert.rejects(supervisor.start(), { code: "supervisor.ready_timeout" });
  });
});
