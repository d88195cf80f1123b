import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { sessions } from "../db/schema/index.ts";
import { describeBackends } from "../testing/backends.ts";
import { signIn } from "../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";

const minute = 60_000;
const serviceKey = "k".repeat(40);
const admin = privateKeyToAccount(generatePrivateKey());

describeBackends("auth plugin", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: { API_SERVICE_KEYS: `keeper=${serviceKey}`, API_ADMINS: admin.address },
      extend: (instance) => {
        instance.get("/test/whoami", { preHandler: instance.authenticate }, async (request) => ({
          principal: request.principal,
        }));
        instance.post("/test/sensitive", { preHandler: instance.requireStepUp }, async () => ({
          ok: true,
        }));
        instance.get(
          "/test/reviewers",
          { preHandler: instance.requireRole("reviewer", "admin") },
          async () => ({ ok: true }),
        );
      },
    });
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: "GET", url, headers });

  function assertError(
    response: { statusCode: number; json(): unknown },
    status: number,
    code: string,
  ) {
    assert.equal(response.statusCode, status);
    assert.equal((response.json() as { error: { code: string } }).error.code, code);
  }

  const lastSeen = async (id: string) =>
    (await app.db.select().from(sessions).where(eq(sessions.id, id)))[0]!.lastSeenAt;

  test("no credentials → 401 auth.required", async () => {
    assertError(await get("/test/whoami"), 401, "auth.required");
  });

  test("malformed Authorization or unknown token → 401 auth.session_invalid", async () => {
    assertError(
      await get("/test/whoami", { authorization: "Basic abc" }),
      401,
      "auth.session_invalid",
    );
    assertError(
      await get("/test/whoami", { authorization: "Bearer fxs_unknown" }),
      401,
      "auth.session_invalid",
    );
  });

  test("bad credentials do not break public routes", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/v1/auth/nonce",
      headers: { authorization: "Bearer nope", "x-api-key": "nope" },
    });
    assert.equal(response.statusCode, 200);
  });

  test("a session resolves to its address and roles", async () => {
    const user = privateKeyToAccount(generatePrivateKey());
    const s = await signIn(app, user);
    const { principal } = (await get("/test/whoami", s.headers)).json();
    assert.equal(principal.kind, "session");
    assert.equal(principal.address, user.address);
    assert.equal(principal.sessionId, s.sessionId);
    assert.deepEqual(principal.roles, ["user"]);
    assert.equal(principal.status, "active");
  });

  test("configured admins hold admin + user", async () => {
    const s = await signIn(app, admin);
    const { principal } = (await get("/test/whoami", s.headers)).json();
    assert.deepEqual(principal.roles, ["admin", "user"]);
    assert.equal((await get("/test/reviewers", s.headers)).statusCode, 200);
  });

  test("a role the route does not accept → 403 auth.forbidden", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    assertError(await get("/test/reviewers", s.headers), 403, "auth.forbidden");
  });

  test("idle 29:59 is fine; idle 30:00 → 401 auth.session_expired, for good", async () => {
    const a = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    app.clock.advance(30 * minute - 1000);
    assert.equal((await get("/test/whoami", a.headers)).statusCode, 200);

    const b = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    app.clock.advance(30 * minute);
    assertError(await get("/test/whoami", b.headers), 401, "auth.session_expired");
    const [row] = await app.db.select().from(sessions).where(eq(sessions.id, b.sessionId));
    assert.equal(row?.status, "expired");
    assertError(await get("/test/whoami", b.headers), 401, "auth.session_expired");
  });

  test("activity keeps a session alive past 30 minutes", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    for (let i = 0; i < 4; i++) {
      app.clock.advance(20 * minute);
      assert.equal((await get("/test/whoami", s.headers)).statusCode, 200);
    }
  });

  test("last_seen_at is written at most once per 5 s, not per request", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const start = await lastSeen(s.sessionId);
    app.clock.advance(1000);
    await get("/test/whoami", s.headers);
    app.clock.advance(1000);
    await get("/test/whoami", s.headers);
    assert.deepEqual(await lastSeen(s.sessionId), start);
    app.clock.advance(3000);
    await get("/test/whoami", s.headers);
    assert.deepEqual(await lastSeen(s.sessionId), app.clock.now());
  });

  test("a logged-out session → 401 auth.session_invalid", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const logout = await app.inject({ method: "POST", url: "/v1/auth/logout", headers: s.headers });
    assert.equal(logout.statusCode, 204);
    assertError(await get("/test/whoami", s.headers), 401, "auth.session_invalid");
  });

  test("API_SERVICE_KEYS keys authenticate as services", async () => {
    const response = await get("/test/whoami", { "x-api-key": serviceKey });
    assert.deepEqual(response.json().principal, {
      kind: "apiKey",
      keyId: "env:keeper",
      name: "keeper",
      roles: ["service"],
    });
    assertError(await get("/test/reviewers", { "x-api-key": serviceKey }), 403, "auth.forbidden");
  });

  test("an unknown API key → 401 auth.api_key_invalid", async () => {
    assertError(
      await get("/test/whoami", { "x-api-key": "fxk_nope" }),
      401,
      "auth.api_key_invalid",
    );
  });

  test("API keys pass step-up; active sessions pass step-up", async () => {
    const key = await app.inject({
      method: "POST",
      url: "/test/sensitive",
      headers: { "x-api-key": serviceKey },
    });
    assert.equal(key.statusCode, 200);
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const session = await app.inject({
      method: "POST",
      url: "/test/sensitive",
      headers: s.headers,
    });
    assert.equal(session.statusCode, 200);
  });

  test("API_SERVICE_KEYS rejects short keys and bad pairs", async () => {
    const { loadConfig } = await import("../config.ts");
    assert.throws(() => loadConfig({ API_SERVICE_KEYS: "keeper=short" }), /32 characters/);
    assert.throws(() => loadConfig({ API_SERVICE_KEYS: serviceKey }), /name=key/);
    assert.throws(
      () => loadConfig({ API_SERVICE_KEYS: `a=${serviceKey},a=${serviceKey}` }),
      /duplicate/,
    );
    assert.deepEqual(loadConfig({ API_SERVICE_KEYS: ` a=${serviceKey} ` }).serviceKeys, [
      { name: "a", key: serviceKey },
    ]);
  });
});
