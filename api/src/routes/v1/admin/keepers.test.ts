// /v1/admin/keepers against the real scheduled keepers' HTTP interface (keepers/src/jobs/http.ts) over a
// real JobStore on an in-memory PGlite: what an admin sees is what the keepers' database holds.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, test } from "vitest";
import { migrate } from "../../../../../keepers/src/db/migrate.ts";
import { openSql, type Sql } from "../../../../../keepers/src/db/sql.ts";
import { createJobsHttp } from "../../../../../keepers/src/jobs/http.ts";
import { createJobMetrics } from "../../../../../keepers/src/jobs/metrics.ts";
import { JobStore } from "../../../../../keepers/src/jobs/store.ts";
import { signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const serviceKey = "k".repeat(40);
const admin = privateKeyToAccount(generatePrivateKey());
const user = privateKeyToAccount(generatePrivateKey());

describe("/v1/admin/keepers", () => {
  let sql: Sql;
  let store: JobStore;
  let keeper: ReturnType<typeof createJobsHttp>;
  let app: TestApp;
  let headers: { admin: Record<string, string>; user: Record<string, string> };

  beforeAll(async () => {
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    store = new JobStore(sql);
    await store.register([
      {
        name: "liquidations",
        chainId: 31337,
        trigger: "block",
        schedule: "every block",
        enabled: true,
      },
      { name: "oracle", chainId: 31337, trigger: "interval", schedule: "every 30s", enabled: true },
    ]);
    await store.plan("liquidations", [
      { subject: "0xabc:0xdef", payload: { owner: "0xabc" } },
      { subject: "0x123:0xdef", payload: { owner: "0x123" } },
    ]);
    keeper = createJobsHttp({
      store,
      metrics: createJobMetrics(),
      serviceKey,
      logger: pino({ level: "silent" }),
      keeper: "keeper-test",
      jobs: ["liquidations", "oracle"],
    });
    await new Promise<void>((resolve) => keeper.listen(0, "127.0.0.1", resolve));
    const { port } = keeper.address() as AddressInfo;
    app = await buildTestApp({
      env: {
        API_ADMINS: admin.address,
        KEEPER_JOBS_URL: `http://127.0.0.1:${port}/`,
        KEEPER_SERVICE_KEY: serviceKey,
      },
    });
    headers = {
      admin: (await signIn(app, admin)).headers,
      user: (await signIn(app, user)).headers,
    };
  });
  afterAll(async () => {
    await app?.close();
    if (keeper?.listening) await new Promise((resolve) => keeper.close(resolve));
    await sql?.close();
  });

  const get = (url: string, who: "admin" | "user" = "admin") =>
    app.inject({ method: "GET", url, headers: headers[who] });

  test("a user who is not an admin → 403 auth.forbidden on both routes", async () => {
    for (const url of ["/v1/admin/keepers/jobs", "/v1/admin/keepers/jobs/oracle/tasks"]) {
      const response = await get(url, "user");
      assert.equal(response.statusCode, 403, url);
      assert.equal(response.json().error.code, "auth.forbidden");
    }
    const anonymous = await app.inject({ method: "GET", url: "/v1/admin/keepers/jobs" });
    assert.equal(anonymous.statusCode, 401);
  });

  test("an admin sees every job as the keepers' store holds it", async () => {
    const response = await get("/v1/admin/keepers/jobs");
    assert.equal(response.statusCode, 200, response.body);
    const { jobs } = response.json() as { jobs: Record<string, unknown>[] };
    assert.deepEqual(
      jobs.map((job) => [job.name, job.trigger, job.schedule, job.openTasks]),
      [
        ["liquidations", "block", "every block", 2],
        ["oracle", "interval", "every 30s", 0],
      ],
    );
    const oracle = jobs[1]!;
    assert.equal(oracle.chainId, 31337);
    assert.equal(oracle.enabled, true);
    assert.equal(oracle.runs, 0);
    assert.equal(oracle.lastOutcome, null);
    assert.equal(oracle.lastError, null);
    assert.equal(oracle.lease, null);
    assert.ok(!Number.isNaN(Date.parse(String(oracle.nextRunAt))));
  });

  test("a run's outcome and lease show as the keeper reports them", async () => {
    const [claimed] = await store.claimDue(["oracle"], "keeper-a", 60_000, undefined);
    assert.equal(claimed?.name, "oracle");
    let oracle = await oracleJob();
    assert.equal((oracle.lease as { owner: string }).owner, "keeper-a");
    await store.finish("oracle", "keeper-a", {
      outcome: "failed",
      code: "rpc.unavailable",
      message: "the node did not answer",
      nextRunAt: new Date(Date.now() + 30_000),
    });
    oracle = await oracleJob();
    assert.equal(oracle.lastOutcome, "failed");
    assert.deepEqual(oracle.lastError, {
      code: "rpc.unavailable",
      message: "the node did not answer",
    });
    assert.equal(oracle.failures, 1);
    assert.equal(oracle.consecutiveFailures, 1);
    assert.equal(oracle.lease, null);
  });

  async function oracleJob() {
    const { jobs } = (await get("/v1/admin/keepers/jobs")).json() as {
      jobs: Record<string, unknown>[];
    };
    return jobs.find((job) => job.name === "oracle")!;
  }

  test("a job's tasks, filtered and limited by the keeper", async () => {
    const all = await get("/v1/admin/keepers/jobs/liquidations/tasks");
    assert.equal(all.statusCode, 200, all.body);
    const { tasks } = all.json() as { tasks: Record<string, unknown>[] };
    assert.deepEqual(
      tasks.map((task) => [task.subject, task.state, task.attempts]),
      [
        ["0x123:0xdef", "due", 0],
        ["0xabc:0xdef", "due", 0],
      ],
    );
    assert.deepEqual(tasks[0]!.payload, { owner: "0x123" });
    const one = await get("/v1/admin/keepers/jobs/liquidations/tasks?state=due&limit=1");
    assert.equal(one.json().tasks.length, 1);
    const none = await get("/v1/admin/keepers/jobs/liquidations/tasks?state=done");
    assert.deepEqual(none.json(), { tasks: [] });
  });

  test("the keeper's 404 and 400 pass through with their codes", async () => {
    const missing = await get("/v1/admin/keepers/jobs/no-such-job/tasks");
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, "keepers.job_not_found");
    const state = await get("/v1/admin/keepers/jobs/oracle/tasks?state=lost");
    assert.equal(state.statusCode, 400);
    assert.equal(state.json().error.code, "request.invalid_state");
    const limit = await get("/v1/admin/keepers/jobs/oracle/tasks?limit=501");
    assert.equal(limit.statusCode, 400);
    assert.equal(limit.json().error.code, "request.invalid_limit");
    // A name the keeper could never have is refused here, before any request to it.
    const bad = await get("/v1/admin/keepers/jobs/Oracle%2F..%2Fjobs/tasks");
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, "request.invalid");
  });

  test("a keeper that is down → 503 keepers.unavailable", async () => {
    await new Promise((resolve) => keeper.close(resolve));
    for (const url of ["/v1/admin/keepers/jobs", "/v1/admin/keepers/jobs/oracle/tasks"]) {
      const response = await get(url);
      assert.equal(response.statusCode, 503, url);
      assert.equal(response.json().error.code, "keepers.unavailable");
      assert.equal(response.headers["retry-after"], "5");
    }
  });
});

test("a wrong service key is the operator's problem: 503 keepers.unavailable, not 401", async () => {
  const sql = await openSql({ dataDir: "memory://" });
  await migrate(sql);
  const keeper = createJobsHttp({
    store: new JobStore(sql),
    metrics: createJobMetrics(),
    serviceKey,
    logger: pino({ level: "silent" }),
    keeper: "keeper-test",
    jobs: [],
  });
  await new Promise<void>((resolve) => keeper.listen(0, "127.0.0.1", resolve));
  const { port } = keeper.address() as AddressInfo;
  const app = await buildTestApp({
    env: {
      API_ADMINS: admin.address,
      KEEPER_JOBS_URL: `http://127.0.0.1:${port}`,
      KEEPER_SERVICE_KEY: "w".repeat(40),
    },
  });
  try {
    const { headers } = await signIn(app, admin);
    const response = await app.inject({ method: "GET", url: "/v1/admin/keepers/jobs", headers });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().error.code, "keepers.unavailable");
  } finally {
    await app.close();
    await new Promise((resolve) => keeper.close(resolve));
    await sql.close();
  }
});

test("without KEEPER_JOBS_URL → 503 keepers.not_configured", async () => {
  const app = await buildTestApp({ env: { API_ADMINS: admin.address } });
  try {
    const { headers } = await signIn(app, admin);
    for (const url of ["/v1/admin/keepers/jobs", "/v1/admin/keepers/jobs/oracle/tasks"]) {
      const response = await app.inject({ method: "GET", url, headers });
      assert.equal(response.statusCode, 503, url);
      assert.equal(response.json().error.code, "keepers.not_configured");
    }
  } finally {
    await app.close();
  }
});
