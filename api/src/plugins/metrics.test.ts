import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, test } from "vitest";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";

const token = "metrics-token-0123456789abcdefghijklmnopqrstuv";

const scrape = (
  app: TestApp,
  options: { remoteAddress?: string; headers?: Record<string, string> } = {},
) =>
  app.inject({
    method: "GET",
    url: "/metrics",
    remoteAddress: options.remoteAddress ?? "127.0.0.1",
    headers: options.headers ?? {},
  });

function assertError(response: Awaited<ReturnType<typeof scrape>>, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body.slice(0, 200));
  assert.equal(response.json().error.code, code);
  assert.doesNotMatch(response.body, /http_request_duration_seconds/);
}

describe("/metrics exposure: loopback (the default)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  test("answers connections from the machine itself", async () => {
    for (const remoteAddress of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const response = await scrape(app, { remoteAddress });
      assert.equal(response.statusCode, 200, remoteAddress);
      assert.match(response.body, /process_cpu_user_seconds_total/);
    }
  });

  test("refuses other addresses → 403 metrics.forbidden", async () => {
    for (const remoteAddress of ["10.0.0.5", "192.168.1.20", "2001:db8::1"]) {
      assertError(await scrape(app, { remoteAddress }), 403, "metrics.forbidden");
    }
  });

  test("refuses a loopback request relayed by a proxy (X-Forwarded-For)", async () => {
    assertError(
      await scrape(app, { headers: { "x-forwarded-for": "203.0.113.9" } }),
      403,
      "metrics.forbidden",
    );
  });
});

describe("/metrics exposure: API_METRICS_TOKEN", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ env: { API_METRICS_TOKEN: token } });
  });
  afterAll(() => app.close());

  test("the bearer token opens it from anywhere", async () => {
    const response = await scrape(app, {
      remoteAddress: "10.0.0.5",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /process_cpu_user_seconds_total/);
  });

  test("no token or a wrong one → 401 metrics.token_required, loopback included", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${token}x` },
      { authorization: token },
    ];
    for (const headers of attempts) {
      const response = await scrape(app, { headers });
      assertError(response, 401, "metrics.token_required");
      assert.equal(response.headers["www-authenticate"], 'Bearer realm="metrics"');
    }
  });
});

describe("/metrics exposure: API_METRICS=off", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ env: { API_METRICS: "off" } });
  });
  afterAll(() => app.close());

  test("there is no /metrics route", async () => {
    assertError(await scrape(app), 404, "route.not_found");
  });
});

describe("/metrics exposure: API_METRICS=public", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ env: { API_METRICS: "public" } });
  });
  afterAll(() => app.close());

  test("anyone may scrape (for a network that is private already)", async () => {
    assert.equal((await scrape(app, { remoteAddress: "10.0.0.5" })).statusCode, 200);
  });
});
