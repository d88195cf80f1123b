import assert from "node:assert/strict";
import { afterAll, beforeAll, test } from "vitest";
import { sampleFeatures } from "../../../risk/sampleFeatures.ts";
import { describeBackends } from "../../../testing/backends.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";
import { asService, invalidFeatures, serviceEnv, validRow } from "./testRows.ts";

describeBackends("POST /v1/risk/score/batch", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend, env: serviceEnv });
  });
  afterAll(() => app.close());

  const batch = (payload: unknown, headers: Record<string, string> = asService) =>
    app.inject({
      method: "POST",
      url: "/v1/risk/score/batch",
      headers,
      payload: payload as object,
    });

  test("1000 rows: results in request order, ids echoed, equal to single scoring", async () => {
    const rows = sampleFeatures(app.risk.features, 1000, { seed: 3 });
    const items = rows.map((features, index) =>
      index % 2 ? { features } : { id: `r${index}`, features },
    );
    const response = await batch({ items });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.model, app.risk.version);
    assert.equal(body.results.length, 1000);
    for (const [index, result] of body.results.entries()) {
      if (index % 2) assert.equal(result.id, undefined);
      else assert.equal(result.id, `r${index}`);
    }
    for (const index of [0, 1, 499, 998, 999]) {
      const single = await app.risk.score(rows[index]!);
      const { score, band, reasons } = body.results[index];
      assert.deepEqual({ score, band, reasons, model: app.risk.version }, single);
    }
    assert.ok(new Set(body.results.map((result: { band: string }) => result.band)).size >= 2);
  });

  test("1001 rows and 0 rows are 400 request.invalid", async () => {
    for (const count of [1001, 0]) {
      const items = Array.from({ length: count }, () => ({ features: validRow }));
      const response = await batch({ items });
      assert.equal(response.statusCode, 400, `${count} rows`);
      assert.equal(response.json().error.code, "request.invalid");
    }
  });

  test("one bad row fails the whole request with 400 request.invalid", async () => {
    for (const [what, features] of invalidFeatures) {
      const response = await batch({ items: [{ features: validRow }, { features }] });
      assert.equal(response.statusCode, 400, what);
      assert.equal(response.json().error.code, "request.invalid", what);
    }
    const envelopes: [string, unknown][] = [
      ["no items", {}],
      ["items not an array", { items: { features: validRow } }],
      ["extra item property", { items: [{ features: validRow, weight: 2 }] }],
      ["empty id", { items: [{ id: "", features: validRow }] }],
      ["numeric id", { items: [{ id: 7, features: validRow }] }],
      ["extra top-level property", { items: [{ features: validRow }], sessionId: "x" }],
    ];
    for (const [what, payload] of envelopes) {
      const response = await batch(payload);
      assert.equal(response.statusCode, 400, what);
      assert.equal(response.json().error.code, "request.invalid", what);
    }
  });

  test("without credentials: 401 auth.required", async () => {
    const response = await batch({ items: [{ features: validRow }] }, {});
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, "auth.required");
  });
});
