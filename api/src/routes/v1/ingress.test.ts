import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, test } from "vitest";
import { type App, buildApp } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { createManualClock } from "../../lib/clock.ts";
import {
  ingressRetentionMs,
  pruneIngressEvents,
  signatureHeader,
} from "../../lightning/ingress.ts";
import type { StreamEvent } from "../../stream/eventBus.ts";
import { describeBackends, openTestDatabase } from "../../testing/backends.ts";
import { buildTestApp, type TestApp } from "../../testing/testApp.ts";

const secret = randomBytes(32).toString("hex");
const account = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
let nextId = 1;

function keeperEvent(id = String(nextId++), detail: Record<string, unknown> | null = null) {
  const paymentHash = randomBytes(32).toString("hex");
  return {
    id,
    paymentHash,
    direction: "mint",
    account,
    from: null,
    state: "invoice_open",
    at: "2026-01-15T12:00:00.000Z",
    detail,
    swap: { paymentHash, direction: "mint", state: "invoice_open", sats: "25000" },
  };
}

function signed(app: App, body: string, key = secret) {
  const t = Math.floor(app.clock.now().getTime() / 1000);
  const mac = createHmac("sha256", key).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${mac}`;
}

function post(
  app: App,
  body: string,
  options: { signature?: string; remoteAddress?: string } = {},
) {
  return app.inject({
    method: "POST",
    url: "/v1/ingress/keeper",
    headers: {
      "content-type": "application/json",
      ...(options.signature ? { [signatureHeader]: options.signature } : {}),
    },
    payload: body,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

describeBackends("signed ingress under hostile load", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: {
        API_INGRESS_SECRETS: `keeper=${secret}`,
        API_INGRESS_RATE_LIMIT: "20",
        API_INGRESS_BODY_LIMIT: "65536",
      },
    });
  });
  afterAll(() => app.close());

  test("a flood of unsigned requests: 429 rate_limited once the IP's budget is spent", async () => {
    const body = JSON.stringify({ events: [keeperEvent()] });
    const codes = new Map<string, number>();
    const responses = await Promise.all(
      Array.from({ length: 150 }, () => post(app, body, { remoteAddress: "10.1.0.1" })),
    );
    for (const response of responses) {
      const code = `${response.statusCode} ${response.json().error?.code}`;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(codes), {
      "401 ingress.signature_required": 20,
      "429 rate_limited": 130,
    });
    const limited = responses.find((response) => response.statusCode === 429)!;
    assert.ok(Number(limited.headers["retry-after"]) > 0);
    // The budget renews with the window; another IP has its own all along.
    const elsewhere = await post(app, body, { remoteAddress: "10.1.0.2" });
    assert.equal(elsewhere.json().error.code, "ingress.signature_required");
    app.clock.advance(60_000);
    const later = await post(app, body, { remoteAddress: "10.1.0.1" });
    assert.equal(later.json().error.code, "ingress.signature_required");
  });

  test("requests with a bad signature spend the budget; correctly signed ones do not", async () => {
    const ip = "10.1.0.3";
    for (let i = 0; i < 60; i++) {
      const body = JSON.stringify({ events: [keeperEvent()] });
      const response = await post(app, body, { signature: signed(app, body), remoteAddress: ip });
      assert.equal(response.statusCode, 200, response.body);
    }
    const body = JSON.stringify({ events: [keeperEvent()] });
    const forged = signed(app, body, "f".repeat(64));
    for (let i = 0; i < 20; i++) {
      const response = await post(app, body, { signature: forged, remoteAddress: ip });
      assert.equal(response.json().error.code, "ingress.bad_signature");
    }
    const limited = await post(app, body, { signature: forged, remoteAddress: ip });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, "rate_limited");
  });

  test("a signed body with a __proto__ key → 400 request.forbidden_key", async () => {
    const body = `{"events":[],"__proto__":{"polluted":true}}`;
    const response = await post(app, body, { signature: signed(app, body) });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, "request.forbidden_key");
  });

  test("an oversize body → 413 request.too_large, its signature never checked", async () => {
    const big = JSON.stringify({
      events: Array.from({ length: 40 }, () => keeperEvent(undefined, { pad: "x".repeat(2000) })),
    });
    assert.ok(big.length > 65536);
    // A forged signature would be 401 if it were looked at; a correct one would be 200.
    for (const signature of [`t=1,v1=${"0".repeat(64)}`, signed(app, big)]) {
      const response = await post(app, big, { signature, remoteAddress: "10.1.0.4" });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().error.code, "request.too_large");
    }
    const small = JSON.stringify({ events: [keeperEvent()] });
    const ok = await post(app, small, { signature: signed(app, small), remoteAddress: "10.1.0.4" });
    assert.equal(ok.statusCode, 200);
  });
});

test("the default body limit takes a full keeper batch (200 large events), not 1 MB", async () => {
  const defaults = await buildTestApp({
    backend: "pglite",
    env: { API_INGRESS_SECRETS: `keeper=${secret}` },
  });
  try {
    const batch = JSON.stringify({
      events: Array.from({ length: 200 }, () =>
        keeperEvent(undefined, {
          invoice: `lnbcrt250u1${"q".repeat(400)}`,
          note: "y".repeat(600),
        }),
      ),
    });
    assert.ok(batch.length > 256 * 1024, `${batch.length}`);
    const ok = await post(defaults, batch, { signature: signed(defaults, batch) });
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 200));
    const huge = `{"events":[],"pad":"${"z".repeat(1024 * 1024)}"}`;
    const refused = await post(defaults, huge, { signature: signed(defaults, huge) });
    assert.equal(refused.statusCode, 413);
  } finally {
    await defaults.close();
  }
});

describeBackends("signed ingress dedupe", (backend) => {
  test("a batch resent after an API restart reaches stream clients once", async () => {
    const database = await openTestDatabase(backend);
    const config = loadConfig({
      API_LOG_LEVEL: "silent",
      API_DATA_DIR: "memory://",
      API_INGRESS_SECRETS: `keeper=${secret}`,
    });
    const clock = createManualClock();
    const start = () => buildApp({ config, clock, database, logger: false });
    const received: StreamEvent[] = [];
    const events = [keeperEvent(), keeperEvent(), keeperEvent()];
    const body = JSON.stringify({ events });
    try {
      const first = await start();
      first.events.subscribe(account, (event) => received.push(event));
      const answer = await post(first, body, { signature: signed(first, body) });
      assert.deepEqual(answer.json(), { accepted: 3, duplicates: 0 });
      await first.close();

      const second = await start();
      second.events.subscribe(account, (event) => received.push(event));
      const again = await post(second, body, { signature: signed(second, body) });
      assert.deepEqual(again.json(), { accepted: 0, duplicates: 3 });
      // A batch holding one new event and one repeated twice: only the new one goes out.
      const mixed = JSON.stringify({ events: [events[0], keeperEvent("999999"), events[0]] });
      const partly = await post(second, mixed, { signature: signed(second, mixed) });
      assert.deepEqual(partly.json(), { accepted: 1, duplicates: 2 });
      await second.close();

      assert.equal(await pruneIngressEvents(database.db, clock.now()), 0);
      const later = new Date(clock.now().getTime() + ingressRetentionMs + 1);
      assert.equal(await pruneIngressEvents(database.db, later), 4, "pruned after the retention");
      assert.deepEqual(
        received.map((event) => event.data.eventId),
        [...events.map((event) => event.id), "999999"],
      );
    } finally {
      await database.close();
    }
  });
});
