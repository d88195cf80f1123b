// /v1/webhooks/endpoints and /v1/admin/webhook-endpoints through app.inject, with the app's own
// sender running (it wakes on every logged event) and a real local receiver that verifies what it
// gets with the independent `standardwebhooks` package.
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, test } from "vitest";
import { startTestReceiver, type TestReceiver } from "../../../events/outgoing/testReceiver.ts";
import { retryScheduleMs } from "../../../events/reactions.ts";
import { describeBackends } from "../../../testing/backends.ts";
import { signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const admin = privateKeyToAccount(generatePrivateKey());
const serviceKey = "s".repeat(40);

describeBackends("/v1/webhooks/endpoints", (backend) => {
  let app: TestApp;
  let receiver: TestReceiver;

  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: {
        API_ADMINS: admin.address,
        API_WEBHOOK_ALLOW_PRIVATE: "true",
        API_SERVICE_KEYS: `svc=${serviceKey}`,
        API_RATE_LIMIT_ACCOUNT: "100000",
      },
    });
    receiver = await startTestReceiver(app.clock);
  });
  afterAll(async () => {
    await receiver.close();
    await app.close();
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.secrets = [];
    receiver.respond = () => ({ status: 204 });
  });

  async function user() {
    const account = privateKeyToAccount(generatePrivateKey());
    return { account, address: account.address, ...(await signIn(app, account)) };
  }

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function register(headers: Record<string, string>, payload: object = {}) {
    const response = await call("POST", "/v1/webhooks/endpoints", headers, {
      url: `${receiver.url}/hook`,
      ...payload,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { endpoint: { id: string; account: string | null }; secret: string };
  }

  test("register, list, read, change and remove your endpoints; the secret is shown once; changes are audited", async () => {
    const alice = await user();
    const created = await register(alice.headers, {
      description: "orders",
      eventTypes: ["lightning.swap", "lightning.swap"],
    });
    const { endpoint, secret } = created;
    assert.match(secret, /^whsec_/);
    assert.equal(endpoint.account, alice.address);
    assert.deepEqual(created.endpoint, {
      ...created.endpoint,
      url: `${receiver.url}/hook`,
      description: "orders",
      eventTypes: ["lightning.swap"],
      status: "enabled",
      disabledReason: null,
      consecutiveFailures: 0,
      createdBy: alice.address,
    });

    const listed = await call("GET", "/v1/webhooks/endpoints", alice.headers);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(
      listed.json().endpoints.map((entry: { id: string }) => entry.id),
      [endpoint.id],
    );
    assert.ok(!listed.body.includes(secret), "listings show a prefix only");

    const changed = await call("PATCH", `/v1/webhooks/endpoints/${endpoint.id}`, alice.headers, {
      eventTypes: null,
      status: "disabled",
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().endpoint.eventTypes, null);
    assert.equal(changed.json().endpoint.status, "disabled");
    assert.equal(changed.json().endpoint.disabledReason, "manual");
    const read = await call("GET", `/v1/webhooks/endpoints/${endpoint.id}`, alice.headers);
    assert.equal(read.json().endpoint.status, "disabled");

    const removed = await call("DELETE", `/v1/webhooks/endpoints/${endpoint.id}`, alice.headers);
    assert.equal(removed.statusCode, 204);
    const gone = await call("GET", `/v1/webhooks/endpoints/${endpoint.id}`, alice.headers);
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, "webhook_endpoint.not_found");

    const audit = (await app.audit.page(0, 10_000)).filter(
      (entry) => entry.subject === endpoint.id,
    );
    assert.deepEqual(
      audit.map((entry) => [entry.kind, entry.actor]),
      [
        ["webhook_endpoint.created", alice.address],
        ["webhook_endpoint.changed", alice.address],
        ["webhook_endpoint.removed", alice.address],
      ],
    );
    assert.ok(!JSON.stringify(audit).includes(secret));
  });

  test("an account cannot see or touch another's endpoint (404 on every route); API keys are 403", async () => {
    const alice = await user();
    const mallory = await user();
    const { endpoint } = await register(alice.headers);
    const base = `/v1/webhooks/endpoints/${endpoint.id}`;
    for (const [method, url, payload] of [
      ["GET", base],
      ["PATCH", base, { description: "mine now" }],
      ["DELETE", base],
      ["POST", `${base}/test`],
      ["POST", `${base}/rotate`, {}],
      ["GET", `${base}/deliveries`],
      ["GET", `${base}/deliveries/some-event/attempts`],
      ["POST", `${base}/deliveries/some-event/retry`],
    ] as const) {
      const response = await call(method, url, mallory.headers, payload);
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.equal(response.json().error.code, "webhook_endpoint.not_found");
    }
    const theirs = await call("GET", "/v1/webhooks/endpoints", mallory.headers);
    assert.deepEqual(theirs.json().endpoints, []);
    const still = await call("GET", base, alice.headers);
    assert.equal(still.json().endpoint.description, "");

    const asKey = await call("GET", "/v1/webhooks/endpoints", { "x-api-key": serviceKey });
    assert.equal(asKey.statusCode, 403);
    assert.equal(asKey.json().error.code, "auth.session_required");
    const anonymous = await call("GET", "/v1/webhooks/endpoints", {});
    assert.equal(anonymous.statusCode, 401);
  });

  test("test send: a webhook.test event only this endpoint receives, signed; its delivery and attempt are listed", async () => {
    const alice = await user();
    const { endpoint, secret } = await register(alice.headers, { eventTypes: ["MINT_CONFIRMED"] });
    const other = await register(alice.headers);
    receiver.secrets = [secret];
    const sent = await call("POST", `/v1/webhooks/endpoints/${endpoint.id}/test`, alice.headers);
    assert.equal(sent.statusCode, 202, sent.body);
    const { eventId } = sent.json();
    await app.webhookSender.poke();

    assert.deepEqual(receiver.ids(), [eventId], "only the endpoint tested, despite its filter");
    const [request] = receiver.received;
    assert.deepEqual(request!.verifiedWith, [0]);
    const body = JSON.parse(request!.body);
    assert.equal(body.type, "webhook.test");
    assert.deepEqual(body.data, { account: alice.address, endpointId: endpoint.id });

    const deliveries = await call(
      "GET",
      `/v1/webhooks/endpoints/${endpoint.id}/deliveries`,
      alice.headers,
    );
    assert.equal(deliveries.statusCode, 200);
    const [delivery] = deliveries.json().deliveries;
    assert.equal(delivery.eventId, eventId);
    assert.equal(delivery.eventType, "webhook.test");
    assert.equal(delivery.status, "delivered");
    const attempts = await call(
      "GET",
      `/v1/webhooks/endpoints/${endpoint.id}/deliveries/${encodeURIComponent(eventId)}/attempts`,
      alice.headers,
    );
    assert.equal(attempts.statusCode, 200);
    assert.equal(attempts.json().attempts.length, 1);
    assert.equal(attempts.json().attempts[0].status, 204);
    const none = await call(
      "GET",
      `/v1/webhooks/endpoints/${other.endpoint.id}/deliveries`,
      alice.headers,
    );
    assert.deepEqual(none.json().deliveries, []);

    await call("PATCH", `/v1/webhooks/endpoints/${endpoint.id}`, alice.headers, {
      status: "disabled",
    });
    const refused = await call("POST", `/v1/webhooks/endpoints/${endpoint.id}/test`, alice.headers);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, "webhook_endpoint.disabled");
  });

  test("rotate: the new secret is shown once; both sign during the overlap, so either verifies", async () => {
    const alice = await user();
    const { endpoint, secret: old } = await register(alice.headers);
    const rotated = await call(
      "POST",
      `/v1/webhooks/endpoints/${endpoint.id}/rotate`,
      alice.headers,
      {
        overlapSeconds: 600,
      },
    );
    assert.equal(rotated.statusCode, 200, rotated.body);
    const { secret: fresh } = rotated.json();
    assert.notEqual(fresh, old);
    assert.equal(rotated.json().endpoint.secrets.length, 2);
    assert.equal(
      rotated.json().endpoint.secrets[1].expiresAt,
      new Date(app.clock.now().getTime() + 600_000).toISOString(),
    );
    receiver.secrets = [old, fresh];
    const { eventId } = (
      await call("POST", `/v1/webhooks/endpoints/${endpoint.id}/test`, alice.headers)
    ).json();
    await app.webhookSender.poke();
    assert.deepEqual(receiver.ids(), [eventId]);
    assert.deepEqual(receiver.received[0]!.verifiedWith, [0, 1]);
  });

  test("retry: a dead or failed delivery goes back to pending and is sent again; others are 409", async () => {
    const alice = await user();
    const { endpoint, secret } = await register(alice.headers);
    receiver.secrets = [secret];
    receiver.respond = () => ({ status: 500 });
    const base = `/v1/webhooks/endpoints/${endpoint.id}`;
    const { eventId } = (await call("POST", `${base}/test`, alice.headers)).json();
    await app.webhookSender.poke();
    for (const wait of retryScheduleMs) {
      app.clock.advance(wait);
      await app.webhookSender.poke();
    }
    // A day and more went by: sessions expired meanwhile.
    const { headers } = await signIn(app, alice.account);
    Object.assign(alice, { headers });
    const dead = await call("GET", `${base}/deliveries?status=dead`, alice.headers);
    assert.equal(dead.json().deliveries[0]?.eventId, eventId);
    assert.equal(dead.json().deliveries[0]?.attempts, 8);
    assert.equal(
      (await call("GET", base, alice.headers)).json().endpoint.disabledReason,
      "failing",
    );

    // Back up: re-enable the endpoint and send the dead one again.
    receiver.respond = () => ({ status: 200 });
    const retried = await call("POST", `${base}/deliveries/${eventId}/retry`, alice.headers);
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.json().delivery.status, "pending");
    assert.equal(retried.json().delivery.attempts, 0);
    await call("PATCH", base, alice.headers, { status: "enabled" });
    await app.webhookSender.poke();
    assert.equal(receiver.ids().at(-1), eventId);
    const delivered = await call("GET", `${base}/deliveries`, alice.headers);
    assert.equal(delivered.json().deliveries[0].status, "delivered");
    const attempts = (
      await call("GET", `${base}/deliveries/${encodeURIComponent(eventId)}/attempts`, alice.headers)
    ).json().attempts;
    assert.deepEqual(
      attempts.map((attempt: { status: number }) => attempt.status),
      [...Array(8).fill(500), 200],
    );

    // A failed one (waiting for its retry) may be sent again at once.
    receiver.respond = () => ({ status: 502 });
    const second = (await call("POST", `${base}/test`, alice.headers)).json().eventId;
    await app.webhookSender.poke();
    receiver.respond = () => ({ status: 200 });
    const now = await call("POST", `${base}/deliveries/${second}/retry`, alice.headers);
    assert.equal(now.statusCode, 200);
    await app.webhookSender.poke();
    assert.deepEqual(receiver.ids().slice(-2), [second, second]);

    const again = await call("POST", `${base}/deliveries/${eventId}/retry`, alice.headers);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, "webhook_delivery.not_retryable");
    const missing = await call("POST", `${base}/deliveries/nope/retry`, alice.headers);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, "webhook_delivery.not_found");
  });

  test("bad input: 400 for a non-http URL, an unknown event type or extra fields; JSON bodies parse as usual here", async () => {
    const alice = await user();
    for (const [payload, code] of [
      [{ url: "ftp://example.com/x" }, "webhook_endpoint.invalid_url"],
      [
        { url: `${receiver.url}/x`, eventTypes: ["NOT_A_TYPE"] },
        "webhook_endpoint.unknown_event_type",
      ],
      [{ url: `${receiver.url}/x`, secret: "whsec_mine" }, undefined],
    ] as const) {
      const response = await call("POST", "/v1/webhooks/endpoints", alice.headers, payload);
      assert.equal(response.statusCode, 400, response.body);
      if (code) assert.equal(response.json().error.code, code);
    }
  });

  test("at most 20 endpoints per account: the 21st is 409 webhook_endpoint.limit", async () => {
    const alice = await user();
    for (let i = 0; i < 20; i++) await register(alice.headers);
    const over = await call("POST", "/v1/webhooks/endpoints", alice.headers, {
      url: `${receiver.url}/one-more`,
    });
    assert.equal(over.statusCode, 409);
    assert.equal(over.json().error.code, "webhook_endpoint.limit");
    const bob = await user();
    await register(bob.headers);
    const listed = await call("GET", "/v1/webhooks/endpoints", alice.headers);
    assert.equal(listed.json().endpoints.length, 20);
    const all = listed.json().endpoints.map((entry: { id: string }) => entry.id);
    const first = await call("GET", "/v1/webhooks/endpoints?limit=8", alice.headers);
    const next = await call(
      "GET",
      `/v1/webhooks/endpoints?limit=100&before=${first.json().endpoints.at(-1).id}`,
      alice.headers,
    );
    assert.deepEqual(
      [...first.json().endpoints, ...next.json().endpoints].map(
        (entry: { id: string }) => entry.id,
      ),
      all,
      "pages of the same list",
    );
    for (const { id } of listed.json().endpoints) {
      await call("DELETE", `/v1/webhooks/endpoints/${id}`, alice.headers);
    }
  });

  test("admins list every endpoint and register account-wide ones that receive every account's events", async () => {
    const boss = await signIn(app, admin);
    const alice = await user();
    const bob = await user();
    const mine = await register(alice.headers);
    const created = await call("POST", "/v1/admin/webhook-endpoints", boss.headers, {
      url: `${receiver.url}/all`,
      eventTypes: ["webhook.test", "lightning.swap"],
    });
    assert.equal(created.statusCode, 201, created.body);
    const { endpoint, secret } = created.json();
    assert.equal(endpoint.account, null);
    receiver.secrets = [secret];

    const listed = await call("GET", "/v1/admin/webhook-endpoints?limit=100", boss.headers);
    assert.equal(listed.statusCode, 200);
    const ids = listed.json().endpoints.map((entry: { id: string }) => entry.id);
    assert.ok(ids.includes(endpoint.id) && ids.includes(mine.endpoint.id));
    const asUser = await call("GET", "/v1/admin/webhook-endpoints", alice.headers);
    assert.equal(asUser.statusCode, 403);
    assert.equal(
      (await call("GET", `/v1/webhooks/endpoints/${endpoint.id}`, alice.headers)).statusCode,
      404,
      "an admin's endpoint is not an account's",
    );

    const events = [];
    for (const account of [alice.address, bob.address]) {
      const [appended] = await app.eventLog.append([
        {
          id: `test:${crypto.randomUUID()}`,
          type: "lightning.swap",
          source: "test",
          account,
          payload: { account, paymentHash: "0xabc" },
          occurredAt: app.clock.now(),
        },
      ]);
      events.push(appended!.event.id);
    }
    await app.webhookSender.poke();
    const toAll = receiver.received.filter((request) => request.path === "/all");
    assert.deepEqual(
      toAll.map((request) => request.headers["webhook-id"]),
      events,
    );
    assert.ok(toAll.every((request) => request.verifiedWith.length === 1));

    const sent = await call(
      "POST",
      `/v1/admin/webhook-endpoints/${endpoint.id}/test`,
      boss.headers,
    );
    assert.equal(sent.statusCode, 202);
    assert.equal((await app.eventLog.byId(sent.json().eventId))?.account, admin.address);
    const removed = await call(
      "DELETE",
      `/v1/admin/webhook-endpoints/${endpoint.id}`,
      boss.headers,
    );
    assert.equal(removed.statusCode, 204);
    const audit = (await app.audit.page(0, 10_000)).filter(
      (entry) => entry.subject === endpoint.id,
    );
    assert.deepEqual(
      audit.map((entry) => entry.kind),
      ["admin.webhook_endpoint_created", "admin.webhook_endpoint_removed"],
    );
  });
});

describeBackends("/v1/webhooks/endpoints without API_WEBHOOK_ALLOW_PRIVATE", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend });
  });
  afterAll(() => app.close());

  test("private, loopback and local URLs are refused: 400 webhook_endpoint.private_url", async () => {
    const { headers } = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    for (const url of [
      "http://127.0.0.1:9999/hook",
      "http://localhost/hook",
      "http://[::1]/hook",
      "http://10.0.0.7/hook",
      "http://169.254.169.254/latest/meta-data/",
    ]) {
      const response = await app.inject({
        method: "POST",
        url: "/v1/webhooks/endpoints",
        headers,
        payload: { url },
      });
      assert.equal(response.statusCode, 400, url);
      assert.equal(response.json().error.code, "webhook_endpoint.private_url");
    }
    const fine = await app.inject({
      method: "POST",
      url: "/v1/webhooks/endpoints",
      headers,
      payload: { url: "https://hooks.example.com/fluxion" },
    });
    assert.equal(fine.statusCode, 201, fine.body);
  });
});
