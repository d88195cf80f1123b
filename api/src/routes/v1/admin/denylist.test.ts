import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
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

describeBackends("/v1/admin/denylist", (backend) => {
  let app: TestApp;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  beforeAll(async () => {
    app = await buildComplianceApp(backend);
    admin = await signInAs(app, "admin");
  });
  afterAll(() => app.close());

  const add = (address: string, reason: string, headers = admin.headers) =>
    app.inject({
      method: "POST",
      url: "/v1/admin/denylist",
      headers,
      payload: { address, reason },
    });
  const remove = (address: string, headers = admin.headers) =>
    app.inject({ method: "DELETE", url: `/v1/admin/denylist/${address}`, headers });

  test("a denylisted account or counterparty is denied until it is removed; audited", async () => {
    const barred = randomAddress();
    const account = randomAddress();
    const added = await add(barred.toLowerCase(), "Chargeback fraud ring");
    assert.equal(added.statusCode, 201);
    assert.equal(added.json().address, barred, "stored checksummed");
    assert.equal(added.json().addedBy, admin.address);

    const asCounterparty = await checkOk(app, { account, amountUsd: "5.00", addresses: [barred] });
    assert.equal(asCounterparty.decision, "deny");
    const rule = asCounterparty.rules.find((r) => r.rule === "denylist");
    assert.equal(rule?.outcome, "deny");
    assert.match(rule!.detail, /Chargeback fraud ring/);
    const asAccount = await checkOk(app, { account: barred, amountUsd: "5.00" });
    assert.equal(asAccount.decision, "deny");

    const duplicate = await add(barred, "again");
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().error.code, "compliance.denylist_exists");

    const listed = await app.inject({
      method: "GET",
      url: "/v1/admin/denylist?limit=100",
      headers: admin.headers,
    });
    assert.ok(listed.json().items.some((entry: { address: string }) => entry.address === barred));

    assert.equal((await remove(barred)).statusCode, 204);
    const after = await checkOk(app, { account, amountUsd: "5.00", addresses: [barred] });
    assert.equal(after.decision, "allow");
    const gone = await remove(barred);
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, "compliance.denylist_not_found");

    const addedEntry = (await auditEntries(app, "compliance.denylist_added")).find(
      (e) => e.subject === barred,
    );
    assert.equal(addedEntry?.actor, admin.address);
    assert.equal(addedEntry?.data.reason, "Chargeback fraud ring");
    assert.ok(
      (await auditEntries(app, "compliance.denylist_removed")).some((e) => e.subject === barred),
    );
  });

  test("pages in address order", async () => {
    const addresses = [randomAddress(), randomAddress(), randomAddress()];
    for (const address of addresses)
      assert.equal((await add(address, "paging test")).statusCode, 201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: LightMyRequestResponse = await app.inject({
        method: "GET",
        url: `/v1/admin/denylist?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        headers: admin.headers,
      });
      assert.equal(response.statusCode, 200);
      const page = response.json() as { items: { address: string }[]; nextCursor: string | null };
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((item) => item.address));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...seen].sort());
    for (const address of addresses) assert.ok(seen.includes(address));
  });

  test("admins only; bad input is 400", async () => {
    const user = await signInAs(app);
    const refused = await add(randomAddress(), "not mine to bar", user.headers);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, "auth.forbidden");
    assert.equal((await remove(randomAddress(), user.headers)).statusCode, 403);
    assert.equal((await add("0x1234", "short address")).statusCode, 400);
    assert.equal((await add(randomAddress(), "")).statusCode, 400);
    const badChecksum = randomAddress().replace(/[a-f]/, (ch) => ch.toUpperCase());
    assert.equal((await add(badChecksum, "typo")).json().error.code, "request.invalid_address");
  });
});
