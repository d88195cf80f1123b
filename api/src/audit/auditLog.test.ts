import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, test } from "vitest";
import { describeBackends } from "../testing/backends.ts";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";
import { genesisHash } from "./auditLog.ts";

describeBackends("audit log", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ backend });
  });
  afterAll(() => app.close());

  test("appends a gapless chain that verifies", async () => {
    const first = await app.audit.append({ kind: "test.one", actor: "system", data: { n: 1 } });
    app.clock.advance(1000);
    const second = await app.audit.append({
      kind: "test.two",
      actor: "0xabc",
      subject: "s",
      data: { nested: { b: 2, a: [1, "x"] }, z: null },
    });
    assert.equal(first.prevHash, genesisHash);
    assert.equal(second.prevHash, first.hash);
    assert.equal(second.seq, first.seq + 1);
    assert.deepEqual(await app.audit.verify(), { ok: true, rows: 2, head: second.hash });
  });

  test("concurrent appends still form one chain", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.audit.append({ kind: "test.concurrent", actor: "system", data: { i } }),
      ),
    );
    const result = await app.audit.verify();
    assert.equal(result.ok, true);
    assert.equal(result.rows, 22);
  });

  test("UPDATE, DELETE and TRUNCATE are rejected by the database", async () => {
    const appendOnly = (error: Error) =>
      /append-only/.test(String((error.cause as Error)?.message));
    await assert.rejects(
      app.db.execute(sql`update api.audit_log set actor = 'x' where seq = 1`),
      appendOnly,
    );
    await assert.rejects(app.db.execute(sql`delete from api.audit_log where seq = 1`), appendOnly);
    await assert.rejects(app.db.execute(sql`truncate api.audit_log`), appendOnly);
  });

  test("an edited row is detected, at that row", async () => {
    // Someone with enough privilege to switch the trigger off edits history.
    await app.db.execute(sql`alter table api.audit_log disable trigger audit_log_no_update_delete`);
    await app.db.execute(sql`update api.audit_log set data = '{"n": 2}'::jsonb where seq = 1`);
    await app.db.execute(sql`alter table api.audit_log enable trigger audit_log_no_update_delete`);
    const result = await app.audit.verify();
    assert.deepEqual(result, { ok: false, rows: 0, brokenAt: 1, reason: "hash_mismatch" });
  });

  test("a re-hashed edit is still caught by the next row's link", async () => {
    const rows = await app.audit.page(0, 3);
    const forged = rows[1]!;
    await app.db.execute(sql`alter table api.audit_log disable trigger audit_log_no_update_delete`);
    // Forger fixes row 1 and recomputes row 2's own hash, but row 3 still links to the old hash.
    await app.db.execute(sql`update api.audit_log set data = '{"n": 1}'::jsonb where seq = 1`);
    await app.db.execute(
      sql`update api.audit_log set actor = 'forged', hash = ${"f".repeat(64)} where seq = ${forged.seq}`,
    );
    await app.db.execute(sql`alter table api.audit_log enable trigger audit_log_no_update_delete`);
    const result = await app.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.ok === false && result.brokenAt, 2);
  });
});
