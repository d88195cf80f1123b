import assert from "node:assert/strict";
import { afterAll, beforeAll, test } from "vitest";
import {
  buildComplianceApp,
  checkOk,
  randomAddress,
  serviceHeaders,
  signInAs,
} from "../../../compliance/testHelpers.ts";
import { describeBackends } from "../../../testing/backends.ts";
import type { TestApp } from "../../../testing/testApp.ts";

describeBackends("GET /v1/compliance/decisions", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildComplianceApp(backend);
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string>) =>
    app.inject({ method: "GET", url: `/v1/compliance/decisions${url}`, headers });

  test("a decision is visible to its owner, service keys, reviewers and admins only", async () => {
    const owner = await signInAs(app);
    const stranger = await signInAs(app);
    const reviewer = await signInAs(app, "reviewer");
    const admin = await signInAs(app, "admin");
    const decision = await checkOk(app, { amountUsd: "12.34", reference: "ref-1" }, owner.headers);

    for (const headers of [owner.headers, serviceHeaders, reviewer.headers, admin.headers]) {
      const response = await get(`/${decision.id}`, headers);
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.id, decision.id);
      assert.equal(body.account, owner.address);
      assert.equal(body.amountUsd, "12.34");
      assert.equal(body.reference, "ref-1");
      assert.equal(body.outcome, "allow");
      assert.equal(body.review, null);
      assert.equal(body.rules.length, 7);
    }
    const hidden = await get(`/${decision.id}`, stranger.headers);
    assert.equal(hidden.statusCode, 404);
    assert.equal(hidden.json().error.code, "compliance.decision_not_found");
    const unknown = await get(`/${crypto.randomUUID()}`, admin.headers);
    assert.equal(unknown.statusCode, 404);
    assert.equal((await get(`/${decision.id}`, {})).statusCode, 401);
    assert.equal((await get("/not-a-uuid", admin.headers)).statusCode, 400);
  });

  test("lists: own decisions newest first, with cursor paging", async () => {
    const owner = await signInAs(app);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await checkOk(app, { amountUsd: `${i + 1}.00` }, owner.headers)).id);
      app.clock.advance(1000);
    }
    const first = await get("?limit=2", owner.headers);
    assert.equal(first.statusCode, 200);
    const page1 = first.json();
    assert.deepEqual(
      page1.items.map((item: { id: string }) => item.id),
      [ids[4], ids[3]],
    );
    const rest = await get(`?limit=10&cursor=${page1.nextCursor}`, owner.headers);
    assert.deepEqual(
      rest.json().items.map((item: { id: string }) => item.id),
      [ids[2], ids[1], ids[0]],
    );
    assert.equal(rest.json().nextCursor, null);
    const bad = await get("?cursor=nonsense", owner.headers);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, "request.invalid_cursor");
    assert.equal((await get("?limit=0", owner.headers)).statusCode, 400);
    assert.equal((await get("?limit=101", owner.headers)).statusCode, 400);
  });

  test("lists: other accounts are for reviewers, admins and service keys", async () => {
    const owner = await signInAs(app);
    const stranger = await signInAs(app);
    const reviewer = await signInAs(app, "reviewer");
    await checkOk(app, { amountUsd: "1.00" }, owner.headers);
    const forbidden = await get(`?account=${owner.address}`, stranger.headers);
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().error.code, "compliance.account_forbidden");
    for (const headers of [reviewer.headers, serviceHeaders]) {
      const listed = await get(`?account=${owner.address.toLowerCase()}`, headers);
      assert.equal(listed.statusCode, 200);
      assert.equal(listed.json().items.length, 1);
      assert.equal(listed.json().items[0].account, owner.address);
    }
    const everyone = await get("?limit=100", serviceHeaders);
    assert.ok(everyone.json().items.length > 1);
    const other = randomAddress();
    assert.deepEqual((await get(`?account=${other}`, serviceHeaders)).json().items, []);
  });
});
