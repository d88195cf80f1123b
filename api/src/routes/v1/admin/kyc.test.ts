import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, test } from "vitest";
import {
  auditEntries,
  buildComplianceApp,
  checkOk,
  randomAddress,
  signInAs,
} from "../../../compliance/testHelpers.ts";
import { accounts } from "../../../db/schema/index.ts";
import { describeBackends } from "../../../testing/backends.ts";
import type { TestApp } from "../../../testing/testApp.ts";

describeBackends("PUT /v1/admin/accounts/:address/kyc", (backend) => {
  let app: TestApp;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  beforeAll(async () => {
    app = await buildComplianceApp(backend);
    admin = await signInAs(app, "admin");
  });
  afterAll(() => app.close());

  const setKyc = (address: string, body: object, headers = admin.headers) =>
    app.inject({
      method: "PUT",
      url: `/v1/admin/accounts/${address}/kyc`,
      headers,
      payload: body,
    });

  test("sets the tier (creating the account), which raises the limits; audited", async () => {
    const address = randomAddress();
    assert.equal((await checkOk(app, { account: address, amountUsd: "5000.00" })).decision, "deny");
    const response = await setKyc(address.toLowerCase(), { tier: 2, reason: "Passport verified" });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      address,
      kycTier: 2,
      previousTier: null,
      updatedAt: app.clock.now().toISOString(),
    });
    const [row] = await app.db.select().from(accounts).where(eq(accounts.address, address));
    assert.equal(row?.kycTier, 2);
    assert.equal(row?.role, "user");
    assert.equal(
      (await checkOk(app, { account: address, amountUsd: "5000.00" })).decision,
      "allow",
    );

    const lowered = await setKyc(address, { tier: 0, reason: "Documents expired" });
    assert.equal(lowered.json().previousTier, 2);
    const audited = (await auditEntries(app, "compliance.kyc_tier_set")).filter(
      (entry) => entry.subject === address,
    );
    assert.deepEqual(
      audited.map((entry) => [entry.data.tier, entry.data.previousTier, entry.data.reason]),
      [
        [2, null, "Passport verified"],
        [0, 2, "Documents expired"],
      ],
    );
    assert.equal(audited[0]?.actor, admin.address);
  });

  test("keeps the account's role", async () => {
    const reviewer = await signInAs(app, "reviewer");
    assert.equal((await setKyc(reviewer.address, { tier: 1, reason: "verified" })).statusCode, 200);
    const [row] = await app.db
      .select()
      .from(accounts)
      .where(eq(accounts.address, reviewer.address));
    assert.equal(row?.role, "reviewer");
  });

  test("admins only; tiers 0..3 with a reason", async () => {
    const user = await signInAs(app);
    const refused = await setKyc(user.address, { tier: 3, reason: "self-service" }, user.headers);
    assert.equal(refused.statusCode, 403);
    for (const body of [
      { tier: 4, reason: "too high" },
      { tier: -1, reason: "negative" },
      { tier: 1 },
      { tier: 1.5, reason: "fractional" },
    ]) {
      const response = await setKyc(randomAddress(), body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.json().error.code, "request.invalid");
    }
    assert.equal((await setKyc("0xnothex", { tier: 1, reason: "bad address" })).statusCode, 400);
  });
});
