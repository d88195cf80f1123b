// POST /v1/webhooks/:source, driven by the independent `standardwebhooks` package as the sender
// (what a payment provider would use), against a source registered through the admin API.
import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, beforeEach, describe, test } from "vitest";
import { signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const admin = privateKeyToAccount(`0x${"11".repeat(32)}`);
const alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const mallory = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

let app: TestApp;
let adminHeaders: Record<string, string>;
let secret: string;
let counter = 0;

function payment(overrides: Record<string, unknown> = {}, type = "PAYMENT_RECEIVED") {
  return JSON.stringify({
    type,
    timestamp: app.clock.now().toISOString(),
    data: {
      account: alice,
      amount: "125.50",
      currency: "USD",
      reference: `ref-${++counter}`,
      ...overrides,
    },
  });
}

function signed(body: string, options: { id?: string; at?: Date; key?: string } = {}) {
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const at = options.at ?? app.clock.now();
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": Math.floor(at.getTime() / 1000).toString(),
    "webhook-signature": new Webhook(options.key ?? secret).sign(id, at, body),
  };
}

const post = (body: string, headers: Record<string, string>, source = "acmepay") =>
  app.inject({ method: "POST", url: `/v1/webhooks/${source}`, headers, payload: body });

beforeAll(async () => {
  // The app's clock is manual; signatures are checked against it, so start it at the real time.
  app = await buildTestApp({ env: { API_ADMINS: admin.address }, start: new Date() });
  adminHeaders = (await signIn(app, admin)).headers;
  const created = await app.inject({
    method: "POST",
    url: "/v1/admin/webhook-sources",
    headers: adminHeaders,
    payload: { name: "acmepay", eventTypes: ["PAYMENT_RECEIVED"], rateLimit: 1000 },
  });
  assert.equal(created.statusCode, 201, created.body);
  secret = created.json().secret;
  assert.match(secret, /^whsec_/);
});

afterAll(() => app.close());

describe("a payment provider's signed webhook", () => {
  test("valid: 200 once durable, in the log with its cursor; the same webhook-id again is a duplicate", async () => {
    const body = payment();
    const headers = signed(body);
    const first = await post(body, headers);
    assert.equal(first.statusCode, 200, first.body);
    const { id, cursor, duplicate } = first.json();
    assert.equal(duplicate, false);
    assert.equal(id, `acmepay:${headers["webhook-id"]}`);
    const logged = await app.eventLog.byId(id);
    assert.equal(logged?.type, "PAYMENT_RECEIVED");
    assert.equal(logged?.account, alice);
    assert.equal(logged?.cursor.toString(), cursor);
    assert.equal((logged!.payload as { amount: string }).amount, "125.50");

    // A provider retries (its own timeout, our 2xx lost): acknowledged, not logged twice.
    const again = await post(body, signed(body, { id: headers["webhook-id"] }));
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { id, cursor, duplicate: true });
    const rows = await app.eventLog.read({ after: 0n, limit: 100, types: ["PAYMENT_RECEIVED"] });
    assert.equal(rows.filter((row) => row.id === id).length, 1);
  });

  test("a tampered body → 401 webhook.bad_signature, nothing logged", async () => {
    const body = payment();
    const headers = signed(body);
    const before = await app.eventLog.head();
    const response = await post(body.replace("125.50", "999999.00"), headers);
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, "webhook.bad_signature");
    assert.equal(await app.eventLog.head(), before);
  });

  test("a timestamp over 5 minutes old or ahead → 401; within 5 minutes → 200", async () => {
    const now = app.clock.now().getTime();
    const old = await post(payment(), signed(payment(), { at: new Date(now - 301_000) }));
    // (the body above is signed with another reference: the time check comes first anyway)
    assert.equal(old.statusCode, 401);
    assert.equal(old.json().error.code, "webhook.timestamp_too_old");
    const body = payment();
    const ahead = await post(body, signed(body, { at: new Date(now + 301_000) }));
    assert.equal(ahead.statusCode, 401);
    assert.equal(ahead.json().error.code, "webhook.timestamp_too_new");
    const skewed = payment();
    const fine = await post(skewed, signed(skewed, { at: new Date(now - 290_000) }));
    assert.equal(fine.statusCode, 200);
  });

  test("the wrong secret → 401; missing headers → 400; an unknown source → 404", async () => {
    const body = payment();
    const wrong = await post(
      body,
      signed(body, { key: `whsec_${Buffer.alloc(32, 7).toString("base64")}` }),
    );
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, "webhook.bad_signature");
    const bare = await post(body, { "content-type": "application/json" });
    assert.equal(bare.statusCode, 400);
    assert.equal(bare.json().error.code, "webhook.headers_missing");
    const unknown = await post(body, signed(body), "nobody");
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, "webhook.unknown_source");
  });

  test("key rotation: old and new secrets both verify during the overlap, only the new one after", async () => {
    const rotated = await app.inject({
      method: "POST",
      url: "/v1/admin/webhook-sources/acmepay/rotate",
      headers: adminHeaders,
      payload: { overlapSeconds: 3600 },
    });
    assert.equal(rotated.statusCode, 200, rotated.body);
    const fresh = rotated.json().secret as string;
    assert.notEqual(fresh, secret);
    // A provider mid-switch may sign with both (two v1 signatures): fine too.
    for (const key of [secret, fresh]) {
      const body = payment();
      const response = await post(body, signed(body, { key }));
      assert.equal(response.statusCode, 200, `${key.slice(0, 12)}: ${response.body}`);
    }
    const both = payment();
    const headers = signed(both);
    headers["webhook-signature"] =
      `${headers["webhook-signature"]} ${signed(both, { id: headers["webhook-id"], key: fresh })["webhook-signature"]}`;
    assert.equal((await post(both, headers)).statusCode, 200);

    app.clock.advance(3601_000);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // the sources cache (2 s)
    const late = payment();
    const expired = await post(late, signed(late));
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.code, "webhook.bad_signature");
    const current = payment();
    assert.equal((await post(current, signed(current, { key: fresh }))).statusCode, 200);
    secret = fresh;
    // The hour also ended the admin's session.
    adminHeaders = (await signIn(app, admin)).headers;
  });

  test("outside the source's permissions → 403 with a stable code", async () => {
    const body = payment({}, "MINT_CONFIRMED");
    const type = await post(body, signed(body));
    assert.equal(type.statusCode, 403);
    assert.equal(type.json().error.code, "webhook.type_not_allowed");

    const limited = await app.inject({
      method: "PATCH",
      url: "/v1/admin/webhook-sources/acmepay",
      headers: adminHeaders,
      payload: { accounts: [alice] },
    });
    assert.equal(limited.statusCode, 200, limited.body);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const other = payment({ account: mallory });
    const denied = await post(other, signed(other));
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().error.code, "webhook.account_not_allowed");
    const mine = payment();
    assert.equal((await post(mine, signed(mine))).statusCode, 200);
  });

  test("a body that is not an event of its type → 400 and nothing logged", async () => {
    for (const [body, code] of [
      [payment({ amount: "12.345" }), "event.invalid"],
      [payment({ account: "0x1234" }), "event.invalid"],
      [JSON.stringify({ type: "PAYMENT_RECEIVED", data: {} }), "webhook.invalid_body"],
      [
        JSON.stringify({ type: "NO_SUCH_TYPE", timestamp: new Date().toISOString(), data: {} }),
        "event.unknown_type",
      ],
      ['{"type": "PAYMENT_RECEIVED", "__proto__": {"x": 1}}', "request.forbidden_key"],
      ["{not json", "request.invalid_json"],
    ] as const) {
      const response = await post(body, signed(body));
      assert.equal(response.statusCode, 400, body);
      assert.equal(response.json().error.code, code, body);
    }
  });

  test("a signed body nested deeper than 32 levels → 400 webhook.too_deep, nothing logged", async () => {
    const before = await app.eventLog.head();
    for (const depth of [40, 5_000, 100_000]) {
      const body = payment().replace(
        '"currency"',
        `"x":${"[".repeat(depth)}${"]".repeat(depth)},"currency"`,
      );
      const response = await post(body, signed(body));
      assert.equal(response.statusCode, 400, `${depth}: ${response.body}`);
      assert.equal(response.json().error.code, "webhook.too_deep");
    }
    assert.equal(await app.eventLog.head(), before);
  });

  test("an oversize body → 413 request.too_large, its signature never checked", async () => {
    const body = payment({ reference: "x".repeat(300 * 1024) });
    const response = await post(body, { "content-type": "application/json" });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error.code, "request.too_large");
  });
});

describe("rate limit", () => {
  beforeEach(async () => {
    await app.webhookSources.update("acmepay", { rateLimit: 10 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
  });

  test("past 10 requests per second from one IP → 429 with Retry-After, signed or not", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const body = payment();
      statuses.push((await post(body, signed(body))).statusCode);
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
    const refused = statuses.slice(10);
    assert.ok(
      refused.every((status) => status === 429),
      String(refused),
    );
    const body = payment();
    const response = await post(body, signed(body));
    assert.equal(response.statusCode, 429);
    assert.equal(response.json().error.code, "rate_limited");
    assert.ok(Number(response.headers["retry-after"]) >= 1);
    // Another IP has its own bucket.
    const other = await app.inject({
      method: "POST",
      url: "/v1/webhooks/acmepay",
      headers: signed(body),
      payload: body,
      remoteAddress: "10.1.2.3",
    });
    assert.equal(other.statusCode, 200, other.body);
  });
});
