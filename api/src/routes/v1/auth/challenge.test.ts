import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import { applySessionScore } from "../../../auth/sessionRisk.ts";
import { sessions } from "../../../db/schema/index.ts";
import type { StreamEvent } from "../../../stream/eventBus.ts";
import { describeBackends } from "../../../testing/backends.ts";
import { signIn, siweMessageFor } from "../../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../../testing/testApp.ts";

const high = (score: number) => ({ score, band: "high" as const, model: "test", reasons: [] });

describeBackends("SIWE step-up challenge", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      extend: (instance) => {
        instance.post("/test/sensitive", { preHandler: instance.requireStepUp }, async () => ({
          ok: true,
        }));
      },
    });
  });
  afterAll(() => app.close());

  /** A signed-in session whose risk EMA just crossed 0.6. */
  async function challenged() {
    const account = privateKeyToAccount(generatePrivateKey());
    const session = await signIn(app, account);
    await app.db.update(sessions).set({ riskEma: null }).where(eq(sessions.id, session.sessionId));
    const outcome = await applySessionScore(app, session.sessionId, high(0.7));
    assert.equal(outcome.status, "challenge_required");
    return { account, ...session };
  }

  const sensitive = (headers: Record<string, string>) =>
    app.inject({ method: "POST", url: "/test/sensitive", headers });

  const verify = (headers: Record<string, string>, message: string, signature: `0x${string}`) =>
    app.inject({
      method: "POST",
      url: "/v1/auth/challenge/verify",
      headers,
      payload: { message, signature },
    });

  test("passing the challenge reactivates the session and unlocks sensitive routes", async () => {
    const s = await challenged();
    assert.equal((await sensitive(s.headers)).json().error.code, "auth.challenge_required");
    // Subscribers hear what the tail hands out after they subscribe: let it hand out what came before.
    await app.tail.wake();
    const events: StreamEvent[] = [];
    const unsubscribe = app.events.subscribe(s.account.address, (event) => events.push(event));
    const message = await siweMessageFor(app, s.account.address, "/v1/auth/challenge", {
      headers: s.headers,
    });
    const response = await verify(s.headers, message, await s.account.signMessage({ message }));
    await app.tail.wake(); // the stream's subscribers hear of logged events from the tail
    unsubscribe();
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, "active");
    assert.equal(response.json().challengePassedAt, app.clock.now().toISOString());
    assert.equal((await sensitive(s.headers)).statusCode, 200);
    assert.deepEqual(
      events.map((event) => [event.kind, event.data.status]),
      [["session.changed", "active"]],
    );
    const audit = (await app.audit.page(0, 10_000)).filter(
      (entry) => entry.kind === "session.challenge_passed" && entry.data.sessionId === s.sessionId,
    );
    assert.equal(audit.length, 1);
  });

  test("after a passed challenge the session stays active while the EMA stays >= 0.6", async () => {
    const s = await challenged();
    const message = await siweMessageFor(app, s.account.address, "/v1/auth/challenge", {
      headers: s.headers,
    });
    await verify(s.headers, message, await s.account.signMessage({ message }));
    assert.equal((await applySessionScore(app, s.sessionId, high(0.8))).status, "active");
    assert.equal((await applySessionScore(app, s.sessionId, high(0.6))).status, "active");
    // Dropping below 0.6 and rising again needs a new challenge.
    assert.equal((await applySessionScore(app, s.sessionId, high(0.1))).status, "active");
    assert.equal(
      (await applySessionScore(app, s.sessionId, high(0.9))).status,
      "challenge_required",
    );
  });

  test("a message signed by another address → 401 auth.address_mismatch", async () => {
    const s = await challenged();
    const other = privateKeyToAccount(generatePrivateKey());
    const message = await siweMessageFor(app, other.address, "/v1/auth/challenge", {
      headers: s.headers,
    });
    const response = await verify(s.headers, message, await other.signMessage({ message }));
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, "auth.address_mismatch");
  });

  test("a sign-in nonce or another session's challenge nonce → 401 auth.nonce_unknown", async () => {
    const s = await challenged();
    const signInMessage = await siweMessageFor(app, s.account.address);
    const first = await verify(
      s.headers,
      signInMessage,
      await s.account.signMessage({ message: signInMessage }),
    );
    assert.equal(first.json().error.code, "auth.nonce_unknown");

    const other = await signIn(app, s.account);
    const foreign = await siweMessageFor(app, s.account.address, "/v1/auth/challenge", {
      headers: other.headers,
    });
    const second = await verify(
      s.headers,
      foreign,
      await s.account.signMessage({ message: foreign }),
    );
    assert.equal(second.json().error.code, "auth.nonce_unknown");
  });

  test("a challenge message cannot be replayed → 401 auth.nonce_used", async () => {
    const s = await challenged();
    const message = await siweMessageFor(app, s.account.address, "/v1/auth/challenge", {
      headers: s.headers,
    });
    const signature = await s.account.signMessage({ message });
    assert.equal((await verify(s.headers, message, signature)).statusCode, 200);
    const replay = await verify(s.headers, message, signature);
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error.code, "auth.nonce_used");
  });

  test("challenges need a session", async () => {
    const anonymous = await app.inject({ method: "POST", url: "/v1/auth/challenge" });
    assert.equal(anonymous.json().error.code, "auth.required");
  });
});
