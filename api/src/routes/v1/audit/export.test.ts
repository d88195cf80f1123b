import assert from "node:assert/strict";
import { afterAll, beforeAll, test } from "vitest";
import { buildComplianceApp, signInAs } from "../../../compliance/testHelpers.ts";
import { describeBackends } from "../../../testing/backends.ts";
import type { TestApp } from "../../../testing/testApp.ts";

describeBackends("GET /v1/audit/export", (backend) => {
  let app: TestApp;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  beforeAll(async () => {
    app = await buildComplianceApp(backend);
    admin = await signInAs(app, "admin");
  });
  afterAll(() => app.close());

  const exportAfter = (query: string) =>
    app.inject({ url: `/v1/audit/export${query}`, headers: admin.headers });
  const rows = (body: string) =>
    body
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as { seq: number });

  test("afterSeq from the query string pages the export; bad values are a 400", async () => {
    const all = rows((await exportAfter("")).body);
    assert.ok(all.length >= 2, "sign-ins and role changes are audited");
    const from = all[0]!.seq;
    const after = await exportAfter(`?afterSeq=${from}`);
    assert.equal(after.statusCode, 200);
    const seqs = rows(after.body).map((r) => r.seq);
    // Every row after `from` (the first export added its own audit row since).
    assert.deepEqual(
      seqs.slice(0, all.length - 1),
      all.slice(1).map((r) => r.seq),
    );
    assert.ok(seqs.every((seq) => seq > from));
    for (const bad of ["-1", "1e3", "0x10", "abc", "9".repeat(40)]) {
      const response = await exportAfter(`?afterSeq=${bad}`);
      assert.equal(response.statusCode, 400, bad);
      assert.equal(response.json().error.code, "request.invalid", bad);
    }
  });
});
