import assert from "node:assert/strict";
import { afterAll, beforeAll, test } from "vitest";
import { bandOf } from "../../../risk/bands.ts";
import { describeBackends } from "../../../testing/backends.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";
import { asService, benignRow, invalidFeatures, serviceEnv, validRow } from "./testRows.ts";

describeBackends("POST /v1/risk/score", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend, env: serviceEnv });
  });
  afterAll(() => app.close());

  const score = (payload: unknown, headers: Record<string, string> = asService) =>
    app.inject({ method: "POST", url: "/v1/risk/score", headers, payload: payload as object });

  test("scores a row: score, band, model version and reasons", async () => {
    const response = await score({ features: validRow });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.deepEqual(Object.keys(body).sort(), ["band", "model", "reasons", "score"]);
    assert.equal(body.model, app.risk.version);
    assert.ok(body.score > 0 && body.score < 1);
    assert.equal(body.band, bandOf(body.score));
    const direct = await app.risk.score(validRow);
    assert.equal(body.score, direct.score);
    assert.deepEqual(body.reasons, direct.reasons);
    assert.ok(body.reasons.length > 0 && body.reasons.length <= 3);
    for (const [index, reason] of body.reasons.entries()) {
      assert.equal(reason.value, validRow[reason.feature]);
      assert.ok(reason.contribution >= 0.01);
      if (index > 0) assert.ok(reason.contribution <= body.reasons[index - 1].contribution);
    }
  });

  test("the benign baseline row is low risk with no reasons", async () => {
    const body = (await score({ features: benignRow })).json();
    assert.equal(body.band, "low");
    assert.deepEqual(body.reasons, []);
  });

  test("without credentials: 401 auth.required", async () => {
    const response = await score({ features: validRow }, {});
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, "auth.required");
  });

  test("with an unknown API key: 401", async () => {
    const response = await score({ features: validRow }, { "x-api-key": "x".repeat(40) });
    assert.equal(response.statusCode, 401);
  });

  test("every malformed feature row is 400 request.invalid", async () => {
    for (const [what, features] of invalidFeatures) {
      const response = await score({ features });
      assert.equal(response.statusCode, 400, what);
      assert.equal(response.json().error.code, "request.invalid", what);
    }
  });

  test("malformed envelopes are 400 request.invalid", async () => {
    const cases: [string, unknown][] = [
      ["no features", {}],
      ["extra top-level property", { features: validRow, note: "x" }],
      ["sessionId not a uuid", { features: validRow, sessionId: "abc" }],
      ["sessionId a number", { features: validRow, sessionId: 5 }],
      ["body an array", [validRow]],
    ];
    for (const [what, payload] of cases) {
      const response = await score(payload);
      assert.equal(response.statusCode, 400, what);
      assert.equal(response.json().error.code, "request.invalid", what);
    }
  });

  test("model runs and scores by band are in /metrics", async () => {
    const metric = async (pattern: RegExp) => {
      const text = (await app.inject({ method: "GET", url: "/metrics" })).body;
      return Number(pattern.exec(text)?.[1] ?? Number.NaN);
    };
    const runs = /^risk_model_batch_rows_count (\S+)$/m;
    const rows = /^risk_model_batch_rows_sum (\S+)$/m;
    const low = /^risk_scores_total\{band="low"\} (\S+)$/m;
    const [runsBefore, rowsBefore, lowBefore] = [
      await metric(runs),
      await metric(rows),
      await metric(low),
    ];
    // Six calls in one turn: one model run of six rows.
    await Promise.all(Array.from({ length: 6 }, () => app.risk.score(benignRow)));
    assert.equal(await metric(runs), runsBefore + 1);
    assert.equal(await metric(rows), rowsBefore + 6);
    await score({ features: benignRow });
    assert.equal(await metric(low), lowBefore + 1);
    assert.match(
      (await app.inject({ method: "GET", url: "/metrics" })).body,
      /risk_model_run_duration_seconds_count\{outcome="ok"\} \d+/,
    );
  });

  test("OpenAPI documents the routes with security; /noop is absent unless benchmarking", async () => {
    const spec = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const route = spec.paths["/v1/risk/score"].post;
    assert.deepEqual(route.security, [{ session: [] }, { apiKey: [] }]);
    assert.ok(spec.paths["/v1/risk/score/batch"]);
    assert.equal(spec.paths["/v1/risk/noop"], undefined);
    const response = await score({ features: validRow }).then(() =>
      app.inject({
        method: "POST",
        url: "/v1/risk/noop",
        headers: asService,
        payload: { features: validRow },
      }),
    );
    assert.equal(response.statusCode, 404);
  });
});

describeBackends("POST /v1/risk/noop[/deferred] (API_BENCH_ROUTES=true)", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend, env: { ...serviceEnv, API_BENCH_ROUTES: "true" } });
  });
  afterAll(() => app.close());

  const noop = (url: string, payload: unknown, headers: Record<string, string> = asService) =>
    app.inject({ method: "POST", url, headers, payload: payload as object });
  const modelRuns = async () =>
    /^risk_model_batch_rows_count (\S+)$/m.exec(
      (await app.inject({ method: "GET", url: "/metrics" })).body,
    )?.[1];

  for (const url of ["/v1/risk/noop", "/v1/risk/noop/deferred"]) {
    test(`${url} answers the score route's shape without running the model`, async () => {
      const before = await modelRuns();
      const response = await noop(url, { features: validRow });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        score: 0,
        band: "low",
        model: app.risk.version,
        reasons: [],
      });
      assert.equal(await modelRuns(), before);
    });

    test(`${url} has the score route's authentication and validation, not in OpenAPI`, async () => {
      assert.equal((await noop(url, { features: validRow }, {})).statusCode, 401);
      for (const [what, features] of invalidFeatures) {
        const response = await noop(url, { features });
        assert.equal(response.statusCode, 400, what);
        assert.equal(response.json().error.code, "request.invalid", what);
      }
      const spec = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
      assert.equal(spec.paths[url], undefined);
    });
  }
});
