// The jobs' durable state on PGlite and Postgres: a due job goes to one keeper, a lease held by a live
// keeper is respected and a lapsed one taken over, a subject has one open task whoever plans it, keepers
// taking tasks at once never take the same one, a keeper that lost its lease cannot move the task, and a
// fact is announced once.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, it } from "vitest";
import type { Sql } from "../db/sql.ts";
import { type Backend, describeBackends, openTestSql } from "../testing/backends.ts";
import { JobStore } from "./store.ts";

const job = {
  name: "liquidations",
  chainId: 31337,
  trigger: "block",
  schedule: "every block",
  enabled: true,
};

describeBackends("job store", (backend: Backend) => {
  let db: { sql: Sql; close(): Promise<void> };
  let store: JobStore;
  // One database per backend (an embedded one takes seconds to create), emptied before each test.
  beforeAll(async () => {
    db = await openTestSql(backend);
    store = new JobStore(db.sql);
  });
  beforeEach(async () => {
    await db.sql.query("truncate keepers.job_events, keepers.job_tasks, keepers.jobs");
    await store.register([
      job,
      { ...job, name: "fees", trigger: "interval", schedule: "every 60s" },
    ]);
  });
  afterAll(async () => db?.close());

  it("leases a due job to one keeper at a time, and takes over a lapsed lease", async () => {
    const [a, b] = await Promise.all([
      store.claimDue(["liquidations"], "a", 60_000, 1n),
      store.claimDue(["liquidations"], "b", 60_000, 1n),
    ]);
    assert.equal(a.length + b.length, 1, "exactly one keeper runs it");
    assert.deepEqual(await store.claimDue(["liquidations"], "c", 60_000, 1n), []);
    await db.sql.query("update keepers.jobs set lease_until = now() - interval '1 second'");
    assert.equal((await store.claimDue(["liquidations"], "c", 60_000, 1n)).length, 1);
  });

  it("records a run's outcome, the next due block and failures with their error", async () => {
    await store.claimDue(["liquidations", "fees"], "a", 60_000, 5n);
    await store.finish("liquidations", "a", {
      outcome: "ok",
      summary: { watched: 3 },
      nextRunAt: new Date(Date.now() + 60_000),
      nextBlock: 6n,
    });
    await store.finish("fees", "a", {
      outcome: "failed",
      code: "keepers.rpc_failed",
      message: "node down",
      nextRunAt: new Date(Date.now() + 60_000),
    });
    assert.deepEqual(
      await store.claimDue(["liquidations"], "a", 60_000, 5n),
      [],
      "not before block 6",
    );
    assert.equal((await store.claimDue(["liquidations"], "a", 60_000, 6n)).length, 1);
    const fees = await store.get("fees");
    assert.equal(fees?.lastOutcome, "failed");
    assert.equal(fees?.consecutiveFailures, 1);
    assert.equal(fees?.lastErrorCode, "keepers.rpc_failed");
    // Another keeper's finish does nothing to a lease it does not hold.
    await store.finish("liquidations", "intruder", {
      outcome: "failed",
      code: "x",
      message: "x",
      nextRunAt: new Date(),
    });
    assert.equal((await store.get("liquidations"))?.leaseOwner, "a");
  });

  it("plans a subject once while its task is open, and again once it is closed", async () => {
    const tasks = [{ subject: "p1" }, { subject: "p2" }];
    const [x, y] = await Promise.all([
      store.plan("liquidations", tasks),
      store.plan("liquidations", tasks),
    ]);
    assert.equal(x + y, 2);
    const [task] = await store.claimTasks(["liquidations"], "a", 60_000, 1);
    assert.ok(task);
    assert.equal(await store.move(task, "a", "done", { outcome: { ok: true } }), true);
    assert.equal(await store.plan("liquidations", tasks), 1, "the closed subject comes back");
  });

  it("splits tasks between keepers taking them at once, never giving one to both", async () => {
    await store.plan(
      "liquidations",
      Array.from({ length: 40 }, (_, i) => ({ subject: `p${i}` })),
    );
    const taken = await Promise.all(
      ["a", "b", "c", "d"].map((k) => store.claimTasks(["liquidations"], k, 60_000, 15)),
    );
    const ids = taken.flat().map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, "no task twice");
    assert.equal(ids.length, 40);
  });

  it("lets only the lease holder move a task, and announces a fact once", async () => {
    await store.plan("fees", [{ subject: "sUSD" }]);
    const [task] = await store.claimTasks(["fees"], "a", 60_000, 1);
    assert.ok(task);
    assert.equal(await store.move(task, "b", "done"), false, "b holds no lease");
    const event = { type: "fees.distributed", account: null, data: { fees: "1" }, dedupe: "0xabc" };
    assert.equal(await store.move(task, "a", "done", { events: [event] }), true);
    assert.equal(await store.announce([event]), 0, "announced already");
    const rows = await db.sql.query("select type from keepers.job_events");
    assert.equal(rows.length, 1);
  });
});
