// The relay's HTTP interface and failed messages: a receiver that reverts (FAILURE recorded and reported at
// warn, then executed manually through POST .../execute once fixed), a receiver that runs out of gas (a lower
// manual gas limit is refused, a higher one succeeds), and auth and bad input answered with stable codes.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import pino from "pino";
import type { Hex } from "viem";
import { afterAll, beforeAll, it } from "vitest";
import { describeBackends, openTestSql } from "../testing/backends.ts";
import {
  type CcipFixture,
  startCcipFixture,
  type TestRelay,
  until,
} from "../testing/ccipFixture.ts";
import { createCcipHttp } from "./http.ts";
import { ExecutionState } from "./types.ts";

const serviceKey = "ccip-test-service-key-of-32-characters";

/** An answer's JSON, read loosely (each test asserts the fields it reads). */
type Json = {
  error: { code: string };
  pending: boolean;
  mode: string;
  messages: { messageId: string }[];
  message: {
    state: string;
    message: { data: string };
    execution: { reason: string; manual: boolean; byThisRelay: boolean; gasLimit: string };
  };
};

describeBackends("CCIP relay HTTP and failed messages", (backend) => {
  let f: CcipFixture;
  let db: Awaited<ReturnType<typeof openTestSql>>;
  let relay: TestRelay;
  let base: string;
  let closeServer: () => Promise<void>;
  const lines: {
    level: number;
    msg: string;
    code?: string;
    reason?: string;
    messageId?: string;
  }[] = [];

  beforeAll(async () => {
    f = await startCcipFixture();
    db = await openTestSql(backend);
    const log = pino(
      { level: "info" },
      { write: (line: string) => void lines.push(JSON.parse(line)) },
    );
    relay = await f.startRelay(db.sql, { log });
    const server = createCcipHttp({
      mode: "relay",
      keeper: "relay",
      lanes: relay.lanes.map((l) => l.name),
      serviceKey,
      logger: log,
      metrics: relay.metrics,
      relay: {
        store: relay.store,
        manuallyExecute: (id, gas) => relay.relay.manuallyExecute(id, gas),
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeServer = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await closeServer?.();
    await relay?.stop();
    await db?.close();
    await f?.close();
  });

  async function call(
    method: string,
    path: string,
    options: { body?: string | object; key?: string | null } = {},
  ) {
    const key = options.key === undefined ? serviceKey : options.key;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(options.body !== undefined
        ? { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }
        : {}),
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json: json as Json, text };
  }

  async function failed(messageId: Hex) {
    await until("FAILURE recorded", async () => {
      await relay.pass();
      return (await relay.store.get(messageId))?.state === "failure";
    });
  }

  it("a receiver that reverts: FAILURE recorded and reported; manual execution once it is fixed", async () => {
    const receiver = await f.deployReceiver(31338);
    await f.configureReceiver(31338, receiver, { shouldRevert: true });
    const { messageId } = await f.send(31337, { receiver, data: "0x77" });
    await failed(messageId);
    assert.equal(await f.stateOf(31338, messageId), ExecutionState.FAILURE);
    const warned = lines.find(
      (l) => l.code === "ccip.execution_failed" && l.messageId === messageId,
    );
    assert.equal(warned?.level, 40, "reported at warn");
    assert.match(warned?.reason ?? "", /^Rejected\(0x/);
    assert.match(
      await relay.metrics.registry.metrics(),
      /keeper_ccip_executions_total\{lane="31337->31338",state="failure",by="relay"\} 1/,
    );
    const listed = await call("GET", "/v1/ccip/messages?state=failure&lane=31337-%3E31338");
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.json.messages.map((m: { messageId: string }) => m.messageId),
      [messageId],
    );
    const one = await call("GET", `/v1/ccip/messages/${messageId}`);
    assert.equal(one.json.message.state, "failure");
    assert.match(one.json.message.execution.reason, /^Rejected/);
    assert.equal(one.json.message.message.data, "0x77");

    // Still broken: the manual execution runs and fails again (recorded, not an error of the request).
    const again = await call("POST", `/v1/ccip/messages/${messageId}/execute`, { body: {} });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.message.state, "failure");
    assert.equal(again.json.message.execution.manual, true);

    await f.configureReceiver(31338, receiver, { shouldRevert: false });
    const fixed = await call("POST", `/v1/ccip/messages/${messageId}/execute`);
    assert.equal(fixed.status, 200, fixed.text);
    assert.equal(fixed.json.pending, false);
    assert.equal(fixed.json.message.state, "success");
    assert.equal(fixed.json.message.execution.manual, true);
    assert.equal(fixed.json.message.execution.byThisRelay, true);
    assert.equal(await f.stateOf(31338, messageId), ExecutionState.SUCCESS);
    assert.deepEqual(
      (await f.executions(31338, messageId)).map((e) => [e.state, e.manual]),
      [
        [ExecutionState.FAILURE, false],
        [ExecutionState.FAILURE, true],
        [ExecutionState.SUCCESS, true],
      ],
    );
    const twice = await call("POST", `/v1/ccip/messages/${messageId}/execute`, { body: {} });
    assert.equal(twice.status, 400);
    assert.equal(twice.json.error.code, "ccip.message_not_failed");
  });

  it("a receiver that runs out of gas: a lower manual gas limit is 400, a higher one succeeds", async () => {
    const receiver = await f.deployReceiver(31338);
    await f.configureReceiver(31338, receiver, { gasToBurn: 150_000n });
    const { messageId } = await f.send(31337, { receiver, gasLimit: 100_000n });
    await failed(messageId);
    const row = (await relay.store.get(messageId))!;
    assert.equal(row.result?.gasLimit, 100_000n);
    assert.ok(row.result!.gasUsed >= 95_000n, "it used (nearly) all its gas");
    const low = await call("POST", `/v1/ccip/messages/${messageId}/execute`, {
      body: { gasLimit: "50000" },
    });
    assert.equal(low.status, 400);
    assert.equal(low.json.error.code, "ccip.gas_limit_below_message");
    const high = await call("POST", `/v1/ccip/messages/${messageId}/execute`, {
      body: { gasLimit: "400000" },
    });
    assert.equal(high.status, 200, high.text);
    assert.equal(high.json.message.state, "success");
    assert.equal(high.json.message.execution.gasLimit, "400000");
    assert.equal(await f.stateOf(31338, messageId), ExecutionState.SUCCESS);
    // The relay loop leaves the recorded success alone.
    await relay.pass();
    assert.equal((await relay.store.get(messageId))?.state, "success");
  });

  it("a failed message someone else executed manually is caught up by the relay", async () => {
    const receiver = await f.deployReceiver(31338);
    await f.configureReceiver(31338, receiver, { shouldRevert: true });
    const sent = await f.send(31337, { receiver });
    await failed(sent.messageId);
    await f.configureReceiver(31338, receiver, { shouldRevert: false });
    const dest = f.chain(31338);
    const [, , stranger] = await dest.connection.viem.getWalletClients();
    const { localCCIPRouterAbi } = await import("@fluxion/deploy");
    const hash = await stranger!.writeContract({
      address: dest.router,
      abi: localCCIPRouterAbi,
      functionName: "manuallyExecute",
      args: [sent.message, 0n],
    });
    await dest.publicClient.waitForTransactionReceipt({ hash });
    // The relay reads a failed message's state again every recheck interval; make it due now.
    await db.sql.query(
      "update keepers.ccip_messages set next_run_at = now() where message_id = $1",
      [sent.messageId],
    );
    await relay.pass();
    const row = (await relay.store.get(sent.messageId))!;
    assert.equal(row.state, "success");
    assert.equal(row.result?.manual, true);
    assert.equal(row.result?.byUs, false);
  });

  it("answers auth failures and bad input with stable codes, never 500", async () => {
    const missing = `0x${"ab".repeat(32)}`;
    const health = await call("GET", "/health", { key: null });
    assert.equal(health.status, 200);
    assert.equal(health.json.mode, "relay");
    const metrics = await call("GET", "/metrics", { key: null });
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /keeper_ccip_messages/);
    const cases: [
      string,
      string,
      { body?: string | object; key?: string | null },
      number,
      string,
    ][] = [
      ["GET", "/v1/ccip/messages", { key: null }, 401, "auth.service_key_required"],
      ["GET", "/v1/ccip/messages", { key: `${serviceKey}x` }, 401, "auth.service_key_required"],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { key: "wrong" },
        401,
        "auth.service_key_required",
      ],
      ["GET", "/v1/ccip/messages?state=lost", {}, 400, "request.invalid_state"],
      ["GET", "/v1/ccip/messages?limit=0", {}, 400, "request.invalid_limit"],
      ["GET", "/v1/ccip/messages?limit=ten", {}, 400, "request.invalid_limit"],
      ["GET", "/v1/ccip/messages?lane=1-%3E2", {}, 400, "request.invalid_lane"],
      ["GET", "/v1/ccip/messages/0x1234", {}, 400, "ccip.invalid_message_id"],
      ["GET", `/v1/ccip/messages/${missing}`, {}, 404, "ccip.message_not_found"],
      ["POST", "/v1/ccip/messages/nope/execute", { body: {} }, 400, "ccip.invalid_message_id"],
      ["POST", `/v1/ccip/messages/${missing}/execute`, { body: {} }, 404, "ccip.message_not_found"],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { body: "{not json" },
        400,
        "request.invalid_json",
      ],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { body: "[1]" },
        400,
        "request.invalid_json",
      ],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { body: { gasLimit: 500000 } },
        400,
        "ccip.invalid_gas_limit",
      ],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { body: { gasLimit: "-1" } },
        400,
        "ccip.invalid_gas_limit",
      ],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { body: { gasLimit: "1e6" } },
        400,
        "ccip.invalid_gas_limit",
      ],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { body: { gasLimit: "15000001" } },
        400,
        "ccip.invalid_gas_limit",
      ],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { body: { gasLimit: "9".repeat(80) } },
        400,
        "ccip.invalid_gas_limit",
      ],
      [
        "POST",
        `/v1/ccip/messages/${missing}/execute`,
        { body: { pad: "x".repeat(20_000) } },
        413,
        "request.too_large",
      ],
      ["GET", `/v1/ccip/messages/${missing}/execute`, {}, 405, "request.method_not_allowed"],
      ["DELETE", "/v1/ccip/messages", {}, 405, "request.method_not_allowed"],
      ["POST", "/health", {}, 405, "request.method_not_allowed"],
      ["GET", "/v1/ccip/lanes", {}, 404, "request.not_found"],
      ["GET", `/v1/ccip/messages/${missing}/retry`, {}, 404, "request.not_found"],
    ];
    for (const [method, path, options, status, code] of cases) {
      const answer = await call(method, path, options);
      assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
      assert.equal(answer.json?.error?.code, code, `${method} ${path}`);
    }
    // A delivered message is not failed.
    const { messageId } = await f.send(31337);
    await until("executed", async () => {
      await relay.pass();
      return (await relay.store.get(messageId))?.state === "success";
    });
    const done = await call("POST", `/v1/ccip/messages/${messageId}/execute`, {
      body: { gasLimit: "300000" },
    });
    assert.equal(done.status, 400);
    assert.equal(done.json.error.code, "ccip.message_not_failed");
  });

  it("without a service key, /v1 answers 401 to everyone", async () => {
    const server = createCcipHttp({
      mode: "relay",
      keeper: "relay",
      lanes: [],
      serviceKey: undefined,
      logger: pino({ level: "silent" }),
      metrics: relay.metrics,
      relay: { store: relay.store, manuallyExecute: () => assert.fail("never called") },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const key of ["", serviceKey]) {
        const response = await fetch(`${url}/v1/ccip/messages`, {
          headers: { authorization: `Bearer ${key}` },
        });
        assert.equal(response.status, 401);
      }
      assert.equal((await fetch(`${url}/health`)).status, 200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
