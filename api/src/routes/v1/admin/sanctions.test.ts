import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { EventEmitter } from "node:events";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, test } from "vitest";
import {
  auditEntries,
  buildComplianceApp,
  checkOk,
  randomAddress,
  signInAs,
} from "../../../compliance/testHelpers.ts";
import { describeBackends } from "../../../testing/backends.ts";
import type { TestApp } from "../../../testing/testApp.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const listOf = (...addresses: string[]) =>
  `# test list\n${addresses.map((a, i) => `${a} # entry ${i}`).join("\n")}\n`;

/** Resolves with the first `event` whose payload passes `match` (the watcher runs on its own). */
function waitFor<T>(emitter: EventEmitter, event: string, match: (value: T) => boolean) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no matching "${event}" within 10 s`));
    }, 10_000);
    function listener(value: T) {
      if (!match(value)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(value);
    }
    emitter.on(event, listener);
  });
}

describeBackends("/v1/admin/sanctions", (backend) => {
  let app: TestApp;
  let dir: string;
  let file: string;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  const [a, b, c, d] = [randomAddress(), randomAddress(), randomAddress(), randomAddress()];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fluxion-sanctions-"));
    file = join(dir, "sanctions.txt");
    writeFileSync(file, listOf(a));
    app = await buildComplianceApp(backend, { API_SANCTIONS_FILE: file });
    admin = await signInAs(app, "admin");
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const info = () =>
    app.inject({ method: "GET", url: "/v1/admin/sanctions", headers: admin.headers });
  const reload = () =>
    app.inject({ method: "POST", url: "/v1/admin/sanctions/reload", headers: admin.headers });
  const decisionFor = async (account: string) =>
    (await checkOk(app, { account, amountUsd: "1.00" })).decision;

  test("GET shows the list in force; only admins", async () => {
    const response = await info();
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      entries: 1,
      loadedAt: app.clock.now().toISOString(),
      sha256: sha(listOf(a)),
    });
    const user = await signInAs(app);
    for (const [method, url] of [
      ["GET", "/v1/admin/sanctions"],
      ["POST", "/v1/admin/sanctions/reload"],
    ] as const) {
      const refused = await app.inject({ method, url, headers: user.headers });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, "auth.forbidden");
      assert.equal((await app.inject({ method, url })).statusCode, 401);
    }
  });

  test("POST reload swaps in the changed file, audited", async () => {
    assert.equal(await decisionFor(b), "allow");
    writeFileSync(file, listOf(a, b));
    const response = await reload();
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().entries, 2);
    assert.equal(response.json().sha256, sha(listOf(a, b)));
    assert.equal(await decisionFor(b), "deny");
    const audited = (await auditEntries(app, "compliance.sanctions_reloaded")).find(
      (entry) => entry.data.sha256 === sha(listOf(a, b)) && entry.data.trigger === "admin",
    );
    assert.equal(audited?.actor, admin.address);
  });

  test("a malformed file is refused with its line numbers; the previous list stays", async () => {
    const bad = `${listOf(a)}not an address\n${c}\n0x12345\n`;
    const watcherFailed = waitFor<Error>(
      app.compliance.sanctions.events,
      "reload_failed",
      () => true,
    );
    writeFileSync(file, bad);
    const response = await reload();
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, "compliance.sanctions_invalid");
    assert.deepEqual(response.json().error.details.lines, [3, 5]);
    assert.match(response.json().error.message, /lines 3, 5/);
    await watcherFailed; // the watcher saw the same file and failed the same way
    assert.equal((await info()).json().sha256, sha(listOf(a, b)));
    assert.equal(await decisionFor(a), "deny");
    assert.equal(await decisionFor(b), "deny");
    assert.equal(await decisionFor(c), "allow");
    const failures = await auditEntries(app, "compliance.sanctions_reload_failed");
    assert.ok(
      failures.some(
        (e) => e.actor === admin.address && e.data.code === "compliance.sanctions_invalid",
      ),
    );
    assert.ok(failures.some((e) => e.actor === "system" && e.data.trigger === "watch"));
  });

  test("a missing file is refused too (never an empty list)", async () => {
    renameSync(file, `${file}.away`);
    const response = await reload();
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, "compliance.sanctions_unreadable");
    assert.equal(await decisionFor(b), "deny");
    renameSync(`${file}.away`, file);
  });

  test("the watcher reloads the file when it changes, also when replaced by a rename", async () => {
    const reloaded = waitFor<{ sha256: string }>(
      app.compliance.sanctions.events,
      "reloaded",
      (value) => value.sha256 === sha(listOf(c)),
    );
    writeFileSync(file, listOf(c));
    await reloaded;
    assert.equal(await decisionFor(c), "deny");
    assert.equal(await decisionFor(a), "allow");
    const audited = (await auditEntries(app, "compliance.sanctions_reloaded")).find(
      (entry) => entry.data.sha256 === sha(listOf(c)),
    );
    assert.equal(audited?.actor, "system");
    assert.equal(audited?.data.trigger, "watch");

    const renamed = waitFor<{ sha256: string }>(
      app.compliance.sanctions.events,
      "reloaded",
      (value) => value.sha256 === sha(listOf(d)),
    );
    writeFileSync(`${file}.tmp`, listOf(d));
    renameSync(`${file}.tmp`, file);
    await renamed;
    assert.equal(await decisionFor(d), "deny");
    assert.equal((await info()).json().entries, 1);
  });

  test("the watcher keeps the list in force when the file turns bad", async () => {
    const failed = waitFor<Error & { details?: { lines?: number[] } }>(
      app.compliance.sanctions.events,
      "reload_failed",
      (error) => /line 2/.test(error.message),
    );
    writeFileSync(file, "# header\ngarbage\n");
    await failed;
    assert.equal((await info()).json().sha256, sha(listOf(d)));
    assert.equal(await decisionFor(d), "deny");
  });
});
