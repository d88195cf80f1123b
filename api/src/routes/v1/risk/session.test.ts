import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { updateEma } from "../../../risk/ema.ts";
import { describeBackends } from "../../../testing/backends.ts";
import { type SignedIn, signIn } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";
import { asService, benignRow, serviceEnv, validRow } from "./testRows.ts";

describeBackends("POST /v1/risk/score with a sessionId", (backend) => {
  let app: TestApp;
  let alice: SignedIn;
  let bob: SignedIn;
  beforeAll(async () => {
    app = await buildTestApp({ backend, env: serviceEnv });
    alice = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    bob = await signIn(app, privateKeyToAccount(generatePrivateKey()));
  });
  afterAll(() => app.close());

  const score = (payload: object, headers: Record<string, string>) =>
    app.inject({ method: "POST", url: "/v1/risk/score", headers, payload });

  test("a session folds scores of its own into its EMA", async () => {
    const first = await score({ features: benignRow, sessionId: alice.sessionId }, alice.headers);
    assert.equal(first.statusCode, 200, first.body);
    const one = first.json();
    assert.equal(one.session.id, alice.sessionId);
    assert.equal(one.session.band, one.band);
    assert.equal(one.model, app.risk.version);
    assert.equal(typeof one.session.status, "string");
    const second = (
      await score({ features: validRow, sessionId: alice.sessionId }, alice.headers)
    ).json();
    assert.ok(Math.abs(second.session.ema - updateEma(one.session.ema, second.score)) < 1e-12);
    assert.ok(second.session.ema > one.session.ema);
  });

  test("without sessionId nothing is folded and no session is returned", async () => {
    const response = await score({ features: benignRow }, alice.headers);
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().session, undefined);
  });

  test("a session naming another session: 403 risk.session_forbidden", async () => {
    const response = await score({ features: benignRow, sessionId: bob.sessionId }, alice.headers);
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, "risk.session_forbidden");
  });

  test("a service may fold into any session", async () => {
    const response = await score({ features: benignRow, sessionId: bob.sessionId }, asService);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().session.id, bob.sessionId);
  });

  test("an unknown session: 404 risk.session_not_found", async () => {
    const response = await score({ features: benignRow, sessionId: randomUUID() }, asService);
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, "risk.session_not_found");
  });

  test("a forbidden sessionId is refused before the model runs", async () => {
    const text = async () => (await app.inject({ method: "GET", url: "/metrics" })).body;
    const runs = (body: string) => Number(/^risk_model_batch_rows_count (\S+)$/m.exec(body)?.[1]);
    const before = runs(await text());
    await score({ features: benignRow, sessionId: bob.sessionId }, alice.headers);
    assert.equal(runs(await text()), before);
  });
});
