import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeBackends } from "./testing/backends.ts";
import { buildTestApp, type TestApp } from "./testing/testApp.ts";

describeBackends("app", (backend) => {
  let app: TestApp;
  before(async () => {
    app = await buildTestApp({ backend });
  });
  after(() => app.close());

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
