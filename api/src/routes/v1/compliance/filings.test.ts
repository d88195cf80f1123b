import assert from "node:assert/strict";
import { afterAll, beforeAll, test } from "vitest";
import {
  buildComplianceApp,
  checkOk,
  randomAddress,
  serviceHeaders,
  setTier,
  signInAs,
} from "../../../compliance/testHelpers.ts";
import { describeBackends } from "../../../testing/backends.ts";
import type { TestApp } from "../../../testing/testApp.ts";

describeBackends("GET /v1/compliance/records and /reports", (backend) => {
  let app: TestApp;
  let reviewer: Record<string, string>;
  const account = randomAddress();
  beforeAll(async () => {
    app = await buildComplianceApp(backend);
    reviewer = (await signInAs(app, "reviewer")).headers;
    await setTier(app, account, 2);
    // A minute apart: "newest first" must not depend on the order of random ids.
    for (const amountUsd of ["2999.99", "3000.00", "4000.00", "500.00"]) {
      await checkOk(app, { account, amountUsd }); // the day's total reaches $10,499.99
      app.clock.advance(60_000);
    }
  });
  afterAll(() => app.close());

  const get = (url: string, headers = reviewer) => app.inject({ method: "GET", url, headers });

  test("records list the actions at or above $3,000, newest first, in pages", async () => {
    const first = await get(`/v1/compliance/records?account=${account}&limit=1`);
    assert.equal(first.statusCode, 200);
    const page1 = first.json();
    assert.deepEqual(
      page1.items.map((item: { amountUsd: string }) => item.amountUsd),
      ["4000.00"],
    );
    assert.equal(page1.items[0].account, account);
    assert.ok(page1.nextCursor);
    const page2 = (
      await get(`/v1/compliance/records?account=${account}&limit=1&cursor=${page1.nextCursor}`)
    ).json();
    assert.deepEqual(
      page2.items.map((item: { amountUsd: string }) => item.amountUsd),
      ["3000.00"],
    );
    assert.equal(page2.nextCursor, null);
  });

  test("one report for the day the total reached $10,000", async () => {
    const response = await get(`/v1/compliance/reports?account=${account}`);
    assert.equal(response.statusCode, 200);
    const { items } = response.json();
    assert.equal(items.length, 1);
    assert.equal(items[0].totalUsd, "10499.99");
    assert.equal(items[0].day, app.clock.now().toISOString().slice(0, 10));
  });

  test("users and services may not read them; bad queries are 400", async () => {
    const user = (await signInAs(app, "user")).headers;
    assert.equal((await get("/v1/compliance/records", user)).statusCode, 403);
    assert.equal((await get("/v1/compliance/reports", serviceHeaders)).statusCode, 403);
    assert.equal((await get("/v1/compliance/records", {})).statusCode, 401);
    const badCursor = await get("/v1/compliance/records?cursor=nope");
    assert.equal(badCursor.statusCode, 400);
    assert.equal(badCursor.json().error.code, "request.invalid_cursor");
    const badAccount = await get("/v1/compliance/reports?account=0x12");
    assert.equal(badAccount.statusCode, 400);
    assert.equal(badAccount.json().error.code, "request.invalid");
  });
});
