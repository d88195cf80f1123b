import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "../../../testing/backends.ts";
import { signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const minute = 60_000;
const admin = privateKeyToAccount(generatePrivateKey());
const serviceKey = "s".repeat(40);

describeBackends("/v1/sessions", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: { API_ADMINS: admin.address, API_SERVICE_KEYS: `svc=${serviceKey}` },
    });
  });
  afterAll(() => app.close());

  test("GET /v1/sessions lists the caller's own sessions, newest first, marking the current", async () => {
    const user = privateKeyToAccount(generatePrivateKey());
    const older = await signIn(app, user);
    app.clock.advance(minute);
    const newer = await signIn(app, user);
    await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const response = await app.inject({ url: "/v1/sessions", headers: older.headers });
    assert.equal(response.statusCode, 200);
    const list = response.json().sessions as { id: string; current: boolean; address: string }[];
    assert.deepEqual(
      list.map((s) => [s.id, s.current]),
      [
        [newer.sessionId, false],
        [older.sessionId, true],
      ],
    );
    assert.ok(list.every((s) => s.address === user.address));
  });

  test("GET /v1/sessions/current shows the session with its risk", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()), {
      deviceFingerprint: "fp-1",
      signals: { vpn: 1 },
    });
    const body = (await app.inject({ url: "/v1/sessions/current", headers: s.headers })).json();
    assert.equal(body.id, s.sessionId);
    assert.equal(body.current, true);
    assert.deepEqual(body.signals, { vpn: 1 });
    assert.equal(body.deviceFingerprint, "fp-1");
    assert.equal(typeof body.risk.score, "number");
    assert.equal(typeof body.risk.band, "string");
  });

  test("POST /v1/sessions/current/signals merges the signals and rescores at once", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()), { signals: { vpn: 1 } });
    const before = (await app.inject({ url: "/v1/sessions/current", headers: s.headers })).json();
    app.clock.advance(1000);
    const response = await app.inject({
      method: "POST",
      url: "/v1/sessions/current/signals",
      headers: s.headers,
      payload: {
        rootedDevice: 1,
        proxyHops: 4,
        thermalAnomaly: 1,
        biometricFailures: 3,
        locationChangesPerHour: 5,
      },
    });
    assert.equal(response.statusCode, 200);
    const after = response.json();
    assert.deepEqual(after.signals, {
      vpn: 1,
      rootedDevice: 1,
      proxyHops: 4,
      thermalAnomaly: 1,
      biometricFailures: 3,
      locationChangesPerHour: 5,
    });
    assert.equal(after.lastScoredAt, app.clock.now().toISOString());
    assert.ok(after.risk.score > before.risk.score);
    assert.equal(after.risk.ema, (after.risk.score + before.risk.ema) / 2);
  });

  test("signals outside their feature's range or type → 400 request.invalid", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    for (const payload of [
      { vpn: 2 },
      { rootedDevice: 0.5 },
      { proxyHops: 17 },
      { biometricFailures: -1 },
      { locationChangesPerHour: 1001 },
      { rapidApiCalls: 3 },
      { vpn: "1" },
    ]) {
      const response = await app.inject({
        method: "POST",
        url: "/v1/sessions/current/signals",
        headers: s.headers,
        payload,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().error.code, "request.invalid");
    }
  });

  test("DELETE /v1/sessions/:id ends your own session; its token stops working", async () => {
    const user = privateKeyToAccount(generatePrivateKey());
    const laptop = await signIn(app, user);
    const phone = await signIn(app, user);
    const response = await app.inject({
      method: "DELETE",
      url: `/v1/sessions/${phone.sessionId}`,
      headers: laptop.headers,
    });
    assert.equal(response.statusCode, 204);
    const gone = await app.inject({ url: "/v1/sessions/current", headers: phone.headers });
    assert.equal(gone.json().error.code, "auth.session_invalid");
    const list = (await app.inject({ url: "/v1/sessions", headers: laptop.headers })).json();
    const ended = list.sessions.find((s: { id: string }) => s.id === phone.sessionId);
    assert.equal(ended.status, "terminated");
    assert.equal(ended.endReason, "revoked");
  });

  test("someone else's session → 404 sessions.not_found; admins may end any", async () => {
    const victim = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const other = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const denied = await app.inject({
      method: "DELETE",
      url: `/v1/sessions/${victim.sessionId}`,
      headers: other.headers,
    });
    assert.equal(denied.statusCode, 404);
    assert.equal(denied.json().error.code, "sessions.not_found");
    const boss = await signIn(app, admin);
    const allowed = await app.inject({
      method: "DELETE",
      url: `/v1/sessions/${victim.sessionId}`,
      headers: boss.headers,
    });
    assert.equal(allowed.statusCode, 204);
    const gone = await app.inject({ url: "/v1/sessions/current", headers: victim.headers });
    assert.equal(gone.statusCode, 401);
  });

  test("a malformed id → 400 request.invalid", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const response = await app.inject({
      method: "DELETE",
      url: "/v1/sessions/nope",
      headers: s.headers,
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, "request.invalid");
  });

  test("session routes need a session: API keys → 403 auth.session_required", async () => {
    const response = await app.inject({
      url: "/v1/sessions",
      headers: { "x-api-key": serviceKey },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, "auth.session_required");
  });
});
