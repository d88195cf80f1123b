// /v1/ccip/messages: input validation and error mapping, with the indexer's CCIP routes and the relay's
// HTTP answered by small scripted servers (testing/ccipStandIns.ts; the real indexer and relay are
// covered end to end). Who sees what (someone else's message is a 404, as one that does not exist),
// bad ids and gas limits, an indexer that is not configured, down, slow or answering something else
// (503 with a code, never 500), the relay's answers and errors mapped, and the per-account limit.
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, test } from "vitest";
import {
  indexerAnswers,
  indexerMessage,
  relayExecution,
  type StandIn,
  startStandIn,
} from "../../../testing/ccipStandIns.ts";
import { signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const alice = privateKeyToAccount(generatePrivateKey());
const bob = privateKeyToAccount(generatePrivateKey());
const carol = privateKeyToAccount(generatePrivateKey());
const admin = privateKeyToAccount(generatePrivateKey());
const relayKey = "r".repeat(40);
const serviceKey = "s".repeat(40);

const id = (byte: string) => `0x${byte.repeat(32)}`;
/** alice -> bob, failed on the destination (the router's execution). */
const failed = id("a1");
/** bob -> alice, executed. */
const executed = id("b2");
/** carol -> carol, failed. */
const carols = id("c3");
/** alice -> bob, delivered but stored as failed by the gateway. */
const stored = id("d4");
/** alice -> bob, committed, not yet executed. */
const committed = id("e5");

describe("/v1/ccip/messages", () => {
  let indexer: StandIn;
  let relay: StandIn;
  let app: TestApp;
  let as: Record<"alice" | "bob" | "carol" | "admin", Record<string, string>>;
  const service = { "x-api-key": serviceKey };

  const messages = [
    indexerMessage({ messageId: failed, from: alice.address, to: bob.address }),
    indexerMessage({
      messageId: executed,
      from: bob.address,
      to: alice.address,
      state: "executed",
    }),
    indexerMessage({ messageId: carols, from: carol.address, to: carol.address }),
    indexerMessage({
      messageId: stored,
      from: alice.address,
      to: bob.address,
      state: "failed",
      executionState: "success",
      storedFailed: true,
    }),
    indexerMessage({
      messageId: committed,
      from: alice.address,
      to: bob.address,
      state: "committed",
    }),
  ];

  async function start(env: Record<string, string>) {
    return buildTestApp({
      env: {
        API_ADMINS: admin.address,
        API_SERVICE_KEYS: `svc=${serviceKey}`,
        KEEPER_SERVICE_KEY: relayKey,
        ...env,
      },
      // No chains: a lane's gas ceiling is not read here (chains.test.ts reads the real one).
      deployments: [],
    });
  }

  beforeAll(async () => {
    indexer = await startStandIn(indexerAnswers(messages));
    relay = await startStandIn();
    app = await start({
      API_INDEXER_URL: indexer.url,
      KEEPER_CCIP_URL: relay.url,
      API_RATE_LIMIT_CCIP_EXECUTE: "1000",
    });
    as = {
      alice: (await signIn(app, alice)).headers,
      bob: (await signIn(app, bob)).headers,
      carol: (await signIn(app, carol)).headers,
      admin: (await signIn(app, admin)).headers,
    };
  }, 120_000);

  afterEach(() => {
    indexer.answer = indexerAnswers(messages);
    relay.answer = () => ({ status: 404, body: {} });
    relay.requests.length = 0;
  });

  afterAll(async () => {
    await app?.close();
    await indexer?.close();
    await relay?.close();
  });

  const get = (url: string, headers: Record<string, string> = as.alice, on = app) =>
    on.inject({ method: "GET", url, headers });
  const execute = (
    messageId: string,
    payload: unknown = {},
    headers: Record<string, string> = as.alice,
    on = app,
  ) =>
    on.inject({
      method: "POST",
      url: `/v1/ccip/messages/${messageId}/execute`,
      headers,
      payload: payload as Record<string, unknown>,
    });
  // The API's chain feed polls the same indexer (its /ready): only the CCIP routes' requests count.
  const ccipRequests = () => indexer.requests.filter((r) => r.path.startsWith("/ccip/"));
  const codeOf = (response: { json(): { error: { code: string } } }) => response.json().error.code;

  test("a session lists its own messages, sent and received, reshaped", async () => {
    const response = await get("/v1/ccip/messages");
    assert.equal(response.statusCode, 200, response.body);
    const { items } = response.json();
    assert.deepEqual(
      items.map((m: { messageId: string }) => m.messageId),
      [failed, executed, stored, committed],
    );
    assert.equal(
      ccipRequests().at(-1)!.path,
      `/ccip/messages?limit=20&account=${alice.address.toLowerCase()}`,
    );
    const first = items[0];
    assert.equal(first.from, alice.address, "checksummed");
    assert.equal(first.to, bob.address);
    assert.equal(first.state, "failed");
    assert.equal(first.remedy, "manual_execution");
    assert.equal(first.storedFailure, false);
    assert.deepEqual(first.fee, {
      token: "0x0000000000000000000000000000000000000000",
      native: true,
      amount: "1200000000000000",
    });
    assert.deepEqual(first.steps.sent, {
      blockNumber: "10",
      txHash: `0x${"1".padStart(64, "0")}`,
      at: new Date(1_800_000_010_000).toISOString(),
    });
    assert.equal(first.firstSeenAt, new Date(1_800_000_010_000).toISOString());
    assert.equal(items[2].remedy, "gateway_retry");
    assert.equal(items[2].storedFailure, true);
    assert.equal(items[1].remedy, null);
    // Filters pass on; naming oneself is fine, anyone else is not.
    const failedOnly = await get(`/v1/ccip/messages?state=failed&limit=5&account=${alice.address}`);
    assert.equal(failedOnly.statusCode, 200);
    assert.deepEqual(
      failedOnly.json().items.map((m: { messageId: string }) => m.messageId),
      [failed, stored],
    );
    const other = await get(`/v1/ccip/messages?account=${carol.address}`);
    assert.equal(other.statusCode, 403);
    assert.equal(codeOf(other), "ccip.account_forbidden");
  });

  test("admins and services list anyone's messages, or all", async () => {
    const all = await get("/v1/ccip/messages", as.admin);
    assert.equal(all.json().items.length, messages.length);
    const carolsOnly = await get(`/v1/ccip/messages?account=${carol.address}`, service);
    assert.deepEqual(
      carolsOnly.json().items.map((m: { messageId: string }) => m.messageId),
      [carols],
    );
  });

  test("bad list queries are 400 request.invalid, before the indexer is asked", async () => {
    const before = ccipRequests().length;
    for (const query of [
      "state=lost",
      "limit=0",
      "limit=101",
      "limit=ten",
      "account=0x1234",
      "cursor=abc",
    ]) {
      const response = await get(`/v1/ccip/messages?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.equal(codeOf(response), "request.invalid", query);
    }
    assert.equal(ccipRequests().length, before);
    assert.equal((await app.inject({ method: "GET", url: "/v1/ccip/messages" })).statusCode, 401);
  });

  test("one message with its executions: the sender's and the recipient's, nobody else's (404, not 403)", async () => {
    const mine = await get(`/v1/ccip/messages/${failed}`);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json().executions.length, 1);
    assert.equal(mine.json().executions[0].state, "failure");
    assert.equal(mine.json().executions[0].at, new Date(1_800_000_013_000).toISOString());
    assert.equal((await get(`/v1/ccip/messages/${failed}`, as.bob)).statusCode, 200);
    // Upper-case hex is the same id.
    assert.equal(
      (await get(`/v1/ccip/messages/${failed.toUpperCase().replace("0X", "0x")}`)).statusCode,
      200,
    );
    const someoneElses = await get(`/v1/ccip/messages/${carols}`);
    const missing = await get(`/v1/ccip/messages/${id("ff")}`);
    for (const response of [someoneElses, missing]) {
      assert.equal(response.statusCode, 404);
      assert.equal(codeOf(response), "ccip.message_not_found");
    }
    assert.equal(someoneElses.body, missing.body.replace(id("ff"), carols), "indistinguishable");
    assert.equal((await get(`/v1/ccip/messages/${carols}`, as.admin)).statusCode, 200);
    for (const bad of ["0x1234", id("zz"), `${failed}00`, "a".repeat(66)]) {
      const response = await get(`/v1/ccip/messages/${bad}`);
      assert.equal(response.statusCode, 400, bad);
      assert.equal(codeOf(response), "request.invalid", bad);
    }
  });

  test("an indexer that is not configured, down, slow, failing or answering something else: 503 with a code", async () => {
    const unconfigured = await start({});
    const headers = (await signIn(unconfigured, alice)).headers;
    for (const url of ["/v1/ccip/messages", `/v1/ccip/messages/${failed}`]) {
      const response = await get(url, headers, unconfigured);
      assert.equal(response.statusCode, 503);
      assert.equal(codeOf(response), "ccip.indexer_not_configured");
    }
    const execution = await execute(failed, {}, headers, unconfigured);
    assert.equal(codeOf(execution), "ccip.indexer_not_configured");
    await unconfigured.close();

    const scripted: [StandIn["answer"], string][] = [
      [
        () => ({ status: 500, body: { error: { code: "internal", message: "boom" } } }),
        "ccip.indexer_unavailable",
      ],
      [() => ({ status: 502, body: "<html>bad gateway</html>" }), "ccip.indexer_unavailable"],
      [() => ({ status: 200, body: "not json" }), "ccip.indexer_invalid"],
      [
        () => ({ status: 200, body: { messages: [{ messageId: failed }] } }),
        "ccip.indexer_invalid",
      ],
      [() => ({ status: 200, body: { items: [] } }), "ccip.indexer_invalid"],
      [
        () => ({ status: 400, body: { error: { code: "ccip.invalid_limit", message: "?" } } }),
        "ccip.indexer_unavailable",
      ],
    ];
    for (const [answer, code] of scripted) {
      indexer.answer = answer;
      const response = await get("/v1/ccip/messages");
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(codeOf(response), code);
      assert.equal((await get(`/v1/ccip/messages/${failed}`)).statusCode, 503);
    }

    // Nothing listens there.
    const gone = await startStandIn();
    await gone.close();
    const down = await start({ API_INDEXER_URL: gone.url });
    const response = await get("/v1/ccip/messages", (await signIn(down, alice)).headers, down);
    assert.equal(response.statusCode, 503);
    assert.equal(codeOf(response), "ccip.indexer_unavailable");
    assert.ok(response.headers["retry-after"]);
    await down.close();
  });

  test("the indexer hanging past the timeout is a 503 too", { timeout: 60_000 }, async () => {
    indexer.answer = () => "hang";
    const response = await get(`/v1/ccip/messages/${failed}`);
    assert.equal(response.statusCode, 503);
    assert.equal(codeOf(response), "ccip.indexer_unavailable");
  });

  test("manual execution: the relay gets the id, the gas limit and the service key; 200 once mined, 202 while pending", async () => {
    relay.answer = () => ({ status: 200, body: relayExecution(failed) });
    const done = await execute(failed, { gasLimit: "400000" });
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json(), {
      messageId: failed,
      pending: false,
      relayState: "success",
      execution: {
        txHash: `0x${"ab".repeat(32)}`,
        blockNumber: "21",
        gasLimit: "400000",
        gasUsed: "250000",
        manual: true,
        reason: null,
      },
    });
    assert.deepEqual(relay.requests[0], {
      method: "POST",
      path: `/v1/ccip/messages/${failed}/execute`,
      authorization: `Bearer ${relayKey}`,
      body: { gasLimit: "400000" },
    });
    // The recipient may too, without a gas limit (the message's own); and an admin.
    relay.answer = () => ({ status: 202, body: relayExecution(failed, { pending: true }) });
    const pending = await execute(failed, {}, as.bob);
    assert.equal(pending.statusCode, 202, pending.body);
    assert.equal(pending.json().pending, true);
    assert.equal(pending.json().execution, null);
    assert.deepEqual(relay.requests[1]!.body, {});
    assert.equal((await execute(failed, {}, as.admin)).statusCode, 202);
    const bodyless = await app.inject({
      method: "POST",
      url: `/v1/ccip/messages/${failed}/execute`,
      headers: as.alice,
    });
    assert.equal(bodyless.statusCode, 202, bodyless.body);
    assert.deepEqual(relay.requests.at(-1)!.body, {});
    const audit = await app.audit.page(0, 1000);
    assert.ok(
      audit.some(
        (r) =>
          r.kind === "ccip.manual_execution" && r.subject === failed && r.actor === alice.address,
      ),
    );
  });

  test("manual execution is refused before the relay: someone else's (404), not failed, stored failures, bad gas limits", async () => {
    const cases: [string, unknown, Record<string, string>, number, string][] = [
      [carols, {}, as.alice, 404, "ccip.message_not_found"],
      [id("ff"), {}, as.alice, 404, "ccip.message_not_found"],
      [executed, {}, as.alice, 409, "ccip.message_not_failed"],
      [committed, {}, as.alice, 409, "ccip.message_not_failed"],
      [stored, {}, as.alice, 409, "ccip.stored_failure"],
      [failed, { gasLimit: "100" }, as.alice, 400, "ccip.gas_limit_below_message"],
      [failed, { gasLimit: "0" }, as.alice, 400, "request.invalid"],
      [failed, { gasLimit: "-5" }, as.alice, 400, "request.invalid"],
      [failed, { gasLimit: "3e6" }, as.alice, 400, "request.invalid"],
      [failed, { gasLimit: "99999999999" }, as.alice, 400, "request.invalid"],
      [failed, { gasLimit: 400000 }, as.alice, 400, "request.invalid"],
      [failed, { gasLimit: "400000", tip: "1" }, as.alice, 400, "request.invalid"],
      ["0x1234", {}, as.alice, 400, "request.invalid"],
    ];
    for (const [messageId, payload, headers, status, code] of cases) {
      const response = await execute(messageId, payload, headers);
      assert.equal(
        response.statusCode,
        status,
        `${messageId} ${JSON.stringify(payload)}: ${response.body}`,
      );
      assert.equal(codeOf(response), code);
    }
    assert.equal(relay.requests.length, 0);
    const anonymous = await app.inject({
      method: "POST",
      url: `/v1/ccip/messages/${failed}/execute`,
      payload: {},
    });
    assert.equal(anonymous.statusCode, 401);
  });

  test("the relay's errors: its 4xx codes pass through, anything else is 503 ccip.relay_*", async () => {
    const scripted: [number, unknown, number, string][] = [
      [
        400,
        { error: { code: "ccip.invalid_gas_limit", message: "bad" } },
        400,
        "ccip.invalid_gas_limit",
      ],
      [
        400,
        { error: { code: "ccip.gas_limit_below_message", message: "low" } },
        400,
        "ccip.gas_limit_below_message",
      ],
      [
        409,
        { error: { code: "ccip.manual_in_progress", message: "busy" } },
        409,
        "ccip.manual_in_progress",
      ],
      [
        409,
        { error: { code: "ccip.execution_would_revert", message: "no" } },
        409,
        "ccip.execution_would_revert",
      ],
      [
        409,
        { error: { code: "ccip.monitor_mode", message: "watch only" } },
        409,
        "ccip.monitor_mode",
      ],
      [
        404,
        { error: { code: "ccip.message_not_found", message: "?" } },
        404,
        "ccip.message_not_found",
      ],
      // The relay learnt first that the message is no longer failed: the API's own status for it.
      [
        400,
        { error: { code: "ccip.message_not_failed", message: "executed" } },
        409,
        "ccip.message_not_failed",
      ],
      // Our service key refused: an operator's problem, not the caller's.
      [
        401,
        { error: { code: "auth.service_key_required", message: "key" } },
        503,
        "ccip.relay_unavailable",
      ],
      [
        503,
        { error: { code: "keepers.unavailable", message: "down" } },
        503,
        "ccip.relay_unavailable",
      ],
      [200, { ok: true }, 503, "ccip.relay_invalid"],
      [200, "not json", 503, "ccip.relay_unavailable"],
    ];
    for (const [status, body, expected, code] of scripted) {
      relay.answer = () => ({ status, body });
      const response = await execute(failed);
      assert.equal(
        response.statusCode,
        expected,
        `${status} ${JSON.stringify(body)}: ${response.body}`,
      );
      assert.equal(codeOf(response), code);
    }
    const unconfigured = await start({ API_INDEXER_URL: indexer.url });
    const response = await execute(
      failed,
      {},
      (await signIn(unconfigured, alice)).headers,
      unconfigured,
    );
    assert.equal(response.statusCode, 503);
    assert.equal(codeOf(response), "ccip.relay_not_configured");
    await unconfigured.close();
  });

  test("manual executions are limited per account (API_RATE_LIMIT_CCIP_EXECUTE a minute)", async () => {
    const limited = await start({
      API_INDEXER_URL: indexer.url,
      KEEPER_CCIP_URL: relay.url,
      API_RATE_LIMIT_CCIP_EXECUTE: "2",
    });
    relay.answer = () => ({ status: 200, body: relayExecution(failed) });
    const aliceHeaders = (await signIn(limited, alice)).headers;
    const bobHeaders = (await signIn(limited, bob)).headers;
    assert.equal((await execute(failed, {}, aliceHeaders, limited)).statusCode, 200);
    assert.equal((await execute(failed, {}, aliceHeaders, limited)).statusCode, 200);
    const third = await execute(failed, {}, aliceHeaders, limited);
    assert.equal(third.statusCode, 429);
    assert.equal(codeOf(third), "rate_limited");
    assert.ok(third.headers["retry-after"]);
    assert.equal(
      (await execute(failed, {}, bobHeaders, limited)).statusCode,
      200,
      "another account's own budget",
    );
    // Reads are not counted.
    assert.equal((await get(`/v1/ccip/messages/${failed}`, aliceHeaders, limited)).statusCode, 200);
    await limited.close();
  });
});
