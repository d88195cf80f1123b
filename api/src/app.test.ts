import assert from "node:assert/strict";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "./testing/backends.ts";
import { buildTestApp, type TestApp } from "./testing/testApp.ts";

describeBackends("app", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend });
  });
  afterAll(() => app.close());

  test("GET /health answers ok", async () => {
    const response = await app.inject({ method: "GET", url: "/health" });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: "ok" });
  });

  test("GET /ready checks the database", async () => {
    const response = await app.inject({ method: "GET", url: "/ready" });
    assert.equal(response.json().checks.database, "ok");
  });

  test("unknown routes answer 404 route.not_found", async () => {
    const response = await app.inject({ method: "GET", url: "/nope" });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, "route.not_found");
  });

  test("GET /openapi.json is an OpenAPI 3.1 document", async () => {
    const response = await app.inject({ method: "GET", url: "/openapi.json" });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().openapi, "3.1.0");
  });

  test("GET /metrics serves Prometheus text", async () => {
    await app.inject({ method: "GET", url: "/health" });
    const response = await app.inject({ method: "GET", url: "/metrics" });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /http_request_duration_seconds_bucket\{.*route="\/health"/);
  });
});

describeBackends("security headers and CORS", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend });
  });
  afterAll(() => app.close());

  test("every response carries helmet's headers", async () => {
    const response = await app.inject({ method: "GET", url: "/health" });
    assert.equal(response.headers["x-content-type-options"], "nosniff");
    assert.equal(response.headers["x-frame-options"], "SAMEORIGIN");
    assert.match(
      String(response.headers["content-security-policy"]),
      /script-src 'self' 'unsafe-inline'/,
    );
    assert.match(String(response.headers["strict-transport-security"]), /max-age=/);
  });

  test("errors carry them too", async () => {
    const response = await app.inject({ method: "GET", url: "/nope" });
    assert.equal(response.headers["x-content-type-options"], "nosniff");
  });

  test("CORS allows the web app's origin only", async () => {
    const allowed = await app.inject({
      method: "OPTIONS",
      url: "/v1/auth/nonce",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    assert.equal(allowed.headers["access-control-allow-origin"], "http://localhost:5173");
    const other = await app.inject({
      method: "OPTIONS",
      url: "/v1/auth/nonce",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    assert.equal(other.headers["access-control-allow-origin"], undefined);
  });
});

describeBackends("rate limits", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend, env: { API_RATE_LIMIT_IP: "3" } });
  });
  afterAll(() => app.close());

  test("the request over the per-IP budget gets 429 rate_limited", async () => {
    for (let i = 0; i < 3; i++) {
      const ok = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
      assert.equal(ok.statusCode, 200);
    }
    const limited = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, "rate_limited");
    assert.ok(limited.headers["retry-after"]);
  });
});

describeBackends("per-account rate limits", (backend) => {
  let app: TestApp;
  const key = "rate-limit-test-key-0123456789abcdefghij";
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: { API_RATE_LIMIT_ACCOUNT: "2", API_SERVICE_KEYS: `svc=${key}` },
    });
  });
  afterAll(() => app.close());

  test("an API key gets its own budget, separate from anonymous callers on the same IP", async () => {
    const asService = () =>
      app.inject({ method: "GET", url: "/v1/admin/api-keys", headers: { "x-api-key": key } });
    assert.notEqual((await asService()).statusCode, 429);
    assert.notEqual((await asService()).statusCode, 429);
    const limited = await asService();
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, "rate_limited");
    const anonymous = await app.inject({ method: "POST", url: "/v1/auth/nonce" });
    assert.equal(anonymous.statusCode, 200, "the IP's anonymous budget is untouched");
  });
});
