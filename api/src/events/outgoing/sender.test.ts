// The outgoing webhook pipeline end to end on one database: log → dispatcher → deliveries → a real
// HTTP receiver that verifies every request with the independent `standardwebhooks` package. The
// app's own sender is off (API_REACTIONS=false); each test drives senders of its own with the
// manual clock and poke().
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, test } from "vitest";
import { describeBackends } from "../../testing/backends.ts";
import { buildTestApp, type TestApp } from "../../testing/testApp.ts";
import { type LoggedEvent, wireEvent } from "../log.ts";
import { retryScheduleMs } from "../reactions.ts";
import { createWebhookSender, type DeliveryOutcome, type WebhookSenderOptions } from "./sender.ts";
import { startTestReceiver, type TestReceiver } from "./testReceiver.ts";

const newAccount = () => privateKeyToAccount(generatePrivateKey()).address;

describeBackends("outgoing webhooks: sender", (backend) => {
  let app: TestApp;
  const receivers: TestReceiver[] = [];
  const endpoints: string[] = [];
  let outcomes: { endpoint: string; outcome: DeliveryOutcome }[] = [];
  let disabled: { endpoint: string; reason: string }[] = [];
  let errors: unknown[] = [];

  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: { API_REACTIONS: "false", API_WEBHOOK_ALLOW_PRIVATE: "true" },
    });
  });
  afterAll(() => app.close());
  afterEach(async () => {
    for (const id of endpoints.splice(0)) {
      await app.webhookEndpoints.remove("admin", id).catch(() => {});
    }
    for (const receiver of receivers.splice(0)) await receiver.close();
    assert.deepEqual(errors, [], "no sender errors");
    outcomes = [];
    disabled = [];
    errors = [];
  });

  function sender(options: Partial<WebhookSenderOptions> = {}) {
    return createWebhookSender({
      db: app.db,
      log: app.eventLog,
      clock: app.clock,
      owner: `test-${randomUUID().slice(0, 8)}`,
      allowPrivate: true,
      onError: (error) => errors.push(error),
      onOutcome: (endpoint, outcome) => outcomes.push({ endpoint, outcome }),
      onDisabled: (endpoint, reason) => disabled.push({ endpoint, reason }),
      ...options,
    });
  }

  async function receiver() {
    const started = await startTestReceiver(app.clock);
    receivers.push(started);
    return started;
  }

  /** An endpoint of `account` (null: every account's) posting to `to`, whose secret it verifies with. */
  async function endpoint(
    account: string | null,
    to: TestReceiver,
    input: { eventTypes?: string[]; path?: string } = {},
  ) {
    const { endpoint: row, secret } = await app.webhookEndpoints.create(
      account,
      { url: `${to.url}${input.path ?? "/hook"}`, eventTypes: input.eventTypes ?? null },
      "test",
    );
    endpoints.push(row.id);
    to.secrets.push(secret);
    return { id: row.id, secret };
  }

  async function swap(account: string): Promise<LoggedEvent> {
    const [appended] = await app.eventLog.append([
      {
        id: `test:${randomUUID()}`,
        type: "lightning.swap",
        source: "test",
        account,
        payload: { account, paymentHash: `0x${randomUUID().replaceAll("-", "")}` },
        occurredAt: app.clock.now(),
      },
    ]);
    return appended!.event;
  }

  async function broadcast(): Promise<LoggedEvent> {
    const [appended] = await app.eventLog.append([
      {
        id: `test:${randomUUID()}`,
        type: "protocol.oracle.stale",
        source: "test",
        account: null,
        payload: { asset: "sETH" },
        occurredAt: app.clock.now(),
      },
    ]);
    return appended!.event;
  }

  async function delivery(endpointId: string, eventId: string) {
    const [found] = (
      await app.webhookEndpoints.deliveries("admin", endpointId, { limit: 100 })
    ).filter((entry) => entry.eventId === eventId);
    return found;
  }

  test("a delivery is POSTed once with the wire event, signed: standardwebhooks verifies it", async () => {
    const to = await receiver();
    const alice = newAccount();
    const { id } = await endpoint(alice, to);
    const event = await swap(alice);
    await sender().poke();

    assert.equal(to.received.length, 1);
    const [request] = to.received;
    assert.equal(request!.path, "/hook");
    assert.deepEqual(request!.verifiedWith, [0], "the receiver's secret verifies the signature");
    assert.equal(request!.headers["webhook-id"], event.id);
    assert.equal(
      request!.headers["webhook-timestamp"],
      String(Math.floor(app.clock.now().getTime() / 1000)),
    );
    assert.match(String(request!.headers["content-type"]), /^application\/json/);
    assert.deepEqual(JSON.parse(request!.body), wireEvent(event));

    const sent = await delivery(id, event.id);
    assert.equal(sent?.status, "delivered");
    assert.equal(sent?.attempts, 0);
    assert.equal(sent?.lastStatus, 204);
    const attempts = await app.webhookEndpoints.attempts("admin", id, event.id);
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0]!.status, 204);
    assert.equal(attempts[0]!.error, null);
    assert.deepEqual(outcomes, [{ endpoint: id, outcome: "delivered" }]);

    // Nothing is sent twice.
    await sender().poke();
    assert.equal(to.received.length, 1);
  });

  test("routing: own events and broadcasts; an admin's endpoint gets every account's; type filters; only events after creation", async () => {
    const alice = newAccount();
    const bob = newAccount();
    const before = await swap(alice);
    const [toAlice, toBob, toAdmin, toFiltered] = [
      await receiver(),
      await receiver(),
      await receiver(),
      await receiver(),
    ];
    await endpoint(alice, toAlice);
    await endpoint(bob, toBob);
    await endpoint(null, toAdmin);
    await endpoint(alice, toFiltered, { eventTypes: ["protocol.oracle.stale"] });
    const a = await swap(alice);
    const b = await swap(bob);
    const all = await broadcast();
    await sender().poke();

    assert.deepEqual(toAlice.ids(), [a.id, all.id]);
    assert.deepEqual(toBob.ids(), [b.id, all.id]);
    assert.deepEqual(toAdmin.ids(), [a.id, b.id, all.id]);
    assert.deepEqual(toFiltered.ids(), [all.id]);
    assert.ok(!toAlice.ids().includes(before.id), "logged before the endpoint existed");

    // webhook.test goes to the endpoint it names, only when we logged it for the endpoint's account.
    const [aliceEndpoint] = await app.webhookEndpoints.list({ account: alice });
    const test = (source: string, account: string) =>
      app.eventLog.append([
        {
          id: `${source}:${randomUUID()}`,
          type: "webhook.test",
          source,
          account,
          payload: { account, endpointId: aliceEndpoint!.id },
          occurredAt: app.clock.now(),
        },
      ]);
    const [[ours], [forged], [misaddressed]] = [
      await test("api", alice),
      await test("acmepay", alice),
      await test("api", bob),
    ];
    await sender().poke();
    const tests = [...toAlice.ids(), ...toFiltered.ids(), ...toAdmin.ids(), ...toBob.ids()].filter(
      (id) => [ours, forged, misaddressed].some((logged) => logged!.event.id === id),
    );
    assert.deepEqual(tests, [ours!.event.id]);
    for (const to of [toAlice, toBob, toAdmin, toFiltered]) {
      assert.ok(to.received.every((request) => request.verifiedWith.length === 1));
    }
  });

  test("rotation: while the old secret is live both sign, and a receiver with either verifies", async () => {
    const to = await receiver();
    const alice = newAccount();
    const { id, secret: old } = await endpoint(alice, to);
    const { secret: fresh } = await app.webhookEndpoints.rotate("admin", id, 3600);
    to.secrets = [old, fresh];
    await swap(alice);
    await sender().poke();
    const [during] = to.received;
    assert.equal(String(during!.headers["webhook-signature"]).split(" ").length, 2);
    assert.deepEqual(during!.verifiedWith, [0, 1], "each secret alone verifies");

    app.clock.advance(3600_000 + 1);
    await swap(alice);
    await sender().poke();
    const after = to.received[1]!;
    assert.equal(String(after.headers["webhook-signature"]).split(" ").length, 1);
    assert.deepEqual(after.verifiedWith, [1], "only the new secret once the overlap is over");
  });

  test("a receiver that is down gets every delivery, in order, once the retries come due", async () => {
    const to = await receiver();
    let up = false;
    to.respond = () => (up ? { status: 200, body: "ok" } : { status: 500, body: "down" });
    const alice = newAccount();
    const { id } = await endpoint(alice, to);
    const events = [await swap(alice), await swap(alice), await swap(alice)];
    const worker = sender();

    await worker.poke();
    assert.deepEqual(to.ids(), [events[0]!.id], "the head only: the others wait behind it");
    const failed = await delivery(id, events[0]!.id);
    assert.equal(failed?.status, "failed");
    assert.equal(failed?.attempts, 1);
    assert.equal(failed?.lastStatus, 500);
    assert.equal(
      failed?.nextAt,
      new Date(app.clock.now().getTime() + retryScheduleMs[0]!).toISOString(),
    );
    assert.equal((await delivery(id, events[1]!.id))?.status, "pending");

    app.clock.advance(retryScheduleMs[0]! - 1000);
    await worker.poke();
    assert.equal(to.received.length, 1, "not before its time");
    app.clock.advance(1000);
    await worker.poke();
    assert.equal(to.received.length, 2);
    assert.equal((await delivery(id, events[0]!.id))?.attempts, 2);

    up = true;
    app.clock.advance(retryScheduleMs[1]!);
    await worker.poke();
    assert.deepEqual(to.ids(), [events[0]!.id, events[0]!.id, ...events.map((event) => event.id)]);
    assert.ok(to.received.every((request) => request.verifiedWith.length === 1));
    for (const event of events) assert.equal((await delivery(id, event.id))?.status, "delivered");
    const attempts = await app.webhookEndpoints.attempts("admin", id, events[0]!.id);
    assert.deepEqual(
      attempts.map((attempt) => [attempt.attempt, attempt.status]),
      [
        [1, 500],
        [2, 500],
        [3, 200],
      ],
    );
    assert.equal(attempts[0]!.response, "down");
    assert.equal(attempts[0]!.error, "HTTP 500");
    const [row] = await app.webhookEndpoints.list({ account: alice });
    assert.equal(row?.consecutiveFailures, 0, "a 2xx ends the failure streak");
    assert.equal(row?.failingSince, null);
    assert.deepEqual(
      outcomes.map((entry) => entry.outcome),
      ["retry", "retry", "delivered", "delivered", "delivered"],
    );
  });

  test("410 Gone disables the endpoint at once; nothing new is queued until it is re-enabled, then the queue resumes", async () => {
    const to = await receiver();
    to.respond = () => ({ status: 410 });
    const alice = newAccount();
    const { id } = await endpoint(alice, to);
    const first = await swap(alice);
    const worker = sender();
    await worker.poke();
    assert.equal(to.received.length, 1);
    const gone = await app.webhookEndpoints.get("admin", id);
    assert.equal(gone.status, "disabled");
    assert.equal(gone.disabledReason, "gone");
    assert.deepEqual(disabled, [{ endpoint: id, reason: "gone" }]);
    assert.deepEqual(outcomes, [{ endpoint: id, outcome: "gone" }]);

    const whileDisabled = await swap(alice);
    app.clock.advance(retryScheduleMs[0]!);
    await worker.poke();
    assert.equal(to.received.length, 1, "a disabled endpoint is sent nothing");
    assert.equal(await delivery(id, whileDisabled.id), undefined, "and gets no new deliveries");

    to.respond = () => ({ status: 202 });
    await app.webhookEndpoints.update("admin", id, { status: "enabled" });
    const afterwards = await swap(alice);
    await worker.poke();
    assert.deepEqual(to.ids(), [first.id, first.id, afterwards.id]);
    assert.equal((await app.webhookEndpoints.get("admin", id)).consecutiveFailures, 0);
  });

  test("repeated failure: the delivery goes dead after the 8th attempt on Svix's schedule and the endpoint is disabled; later events stay queued", async () => {
    const to = await receiver();
    to.respond = () => ({ status: 503 });
    const alice = newAccount();
    const { id } = await endpoint(alice, to);
    const doomed = await swap(alice);
    const queued = await swap(alice);
    const worker = sender();
    await worker.poke();
    for (const wait of retryScheduleMs) {
      app.clock.advance(wait);
      await worker.poke();
    }
    assert.deepEqual(to.ids(), Array(retryScheduleMs.length + 1).fill(doomed.id));
    const dead = await delivery(id, doomed.id);
    assert.equal(dead?.status, "dead");
    assert.equal(dead?.attempts, 8);
    const row = await app.webhookEndpoints.get("admin", id);
    assert.equal(row.status, "disabled");
    assert.equal(row.disabledReason, "failing");
    assert.equal(row.consecutiveFailures, 8);
    assert.deepEqual(disabled, [{ endpoint: id, reason: "failing" }]);
    assert.equal(outcomes.at(-1)?.outcome, "dead");
    assert.equal((await delivery(id, queued.id))?.status, "pending");
    assert.equal((await app.webhookEndpoints.attempts("admin", id, doomed.id)).length, 8);

    // Back up and re-enabled: the queue resumes; the dead one is sent again only when asked.
    to.respond = () => ({ status: 200 });
    await app.webhookEndpoints.update("admin", id, { status: "enabled" });
    await worker.poke();
    assert.equal(to.ids().at(-1), queued.id);
    await app.webhookEndpoints.retry("admin", id, doomed.id);
    await worker.poke();
    assert.equal(to.ids().at(-1), doomed.id);
    assert.equal((await delivery(id, doomed.id))?.status, "delivered");
  });

  test("the failure threshold is configurable: 3 failures in a row disable, the delivery keeps its retry", async () => {
    const to = await receiver();
    to.respond = () => ({ status: 500 });
    const alice = newAccount();
    const { id } = await endpoint(alice, to);
    const event = await swap(alice);
    const worker = sender({ disableAfterFailures: 3 });
    await worker.poke();
    for (const wait of retryScheduleMs.slice(0, 3)) {
      app.clock.advance(wait);
      await worker.poke();
    }
    assert.equal(to.received.length, 3, "nothing after the endpoint was disabled");
    assert.equal((await app.webhookEndpoints.get("admin", id)).disabledReason, "failing");
    assert.equal((await delivery(id, event.id))?.status, "failed");
  });

  test("two senders on one database never send a delivery twice at once, and send each event once, in order", async () => {
    const accounts = [newAccount(), newAccount(), newAccount()];
    const targets = [];
    for (const account of accounts) {
      const to = await receiver();
      to.respond = () => ({ status: 200, delayMs: 10 });
      await endpoint(account, to);
      targets.push({ account, to, events: [] as string[] });
    }
    for (let i = 0; i < 6; i++) {
      for (const target of targets) target.events.push((await swap(target.account)).id);
    }
    const [a, b] = [sender({ concurrency: 8 }), sender({ concurrency: 8 })];
    await Promise.all([a.poke(), b.poke(), a.poke(), b.poke()]);
    await Promise.all([a.poke(), b.poke()]);
    for (const { to, events } of targets) {
      assert.deepEqual(to.ids(), events, "each event once, in log order");
      assert.equal(to.maxConcurrentPerId(), 1, "never the same delivery twice at once");
      assert.equal(to.maxInFlight(), 1, "one delivery at a time per endpoint");
    }
  });

  test("a redirect is not followed and a slow answer times out: both are failed attempts", async () => {
    const to = await receiver();
    to.respond = (request) =>
      request.path === "/moved"
        ? { status: 307, headers: { location: `${to.url}/elsewhere` } }
        : { status: 200, delayMs: 1000 };
    const alice = newAccount();
    const moved = await endpoint(alice, to, { path: "/moved" });
    const event = await swap(alice);
    await sender().poke();
    assert.deepEqual(
      to.received.map((request) => request.path),
      ["/moved"],
    );
    const [redirected] = await app.webhookEndpoints.attempts("admin", moved.id, event.id);
    assert.equal(redirected?.status, 307);
    assert.match(redirected?.error ?? "", /redirects are not followed/);

    const bob = newAccount();
    const slow = await endpoint(bob, to, { path: "/slow" });
    const late = await swap(bob);
    await sender({ timeoutMs: 100 }).poke();
    const [timedOut] = await app.webhookEndpoints.attempts("admin", slow.id, late.id);
    assert.equal(timedOut?.status, null);
    assert.match(timedOut?.error ?? "", /no answer within 100 ms/);
    assert.equal((await delivery(slow.id, late.id))?.status, "failed");
  });

  test("a private address is refused when the delivery is made unless allowed; every attempt keeps the first KB of the answer", async () => {
    const to = await receiver();
    to.respond = () => ({ status: 500, body: "é".repeat(2000) });
    const alice = newAccount();
    const { id } = await endpoint(alice, to);
    const event = await swap(alice);
    await sender({ allowPrivate: false }).poke();
    assert.equal(to.received.length, 0);
    const [refused] = await app.webhookEndpoints.attempts("admin", id, event.id);
    assert.equal(refused?.status, null);
    assert.match(refused?.error ?? "", /^refused: 127\.0\.0\.1 is a private/);

    app.clock.advance(retryScheduleMs[0]!);
    await sender().poke();
    const attempts = await app.webhookEndpoints.attempts("admin", id, event.id);
    assert.equal(attempts.length, 2);
    assert.equal(attempts[1]!.status, 500);
    assert.equal(attempts[1]!.response, "é".repeat(512), "1024 bytes of UTF-8");
    assert.ok(attempts[1]!.durationMs >= 0);
  });
});
