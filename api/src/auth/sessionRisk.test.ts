import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, test } from "vitest";
import { sessions } from "../db/schema/index.ts";
import { bandOf } from "../risk/bands.ts";
import type { RiskResult } from "../risk/types.ts";
import type { StreamEvent } from "../stream/eventBus.ts";
import { describeBackends } from "../testing/backends.ts";
import { signIn } from "../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../testing/testApp.ts";
import { applySessionScore, nextSessionStatus, rescoreDueSessions } from "./sessionRisk.ts";

const minute = 60_000;

/** A crafted model result: the thresholds are tested exactly, independent of the model. */
const result = (score: number): RiskResult => ({
  score,
  band: bandOf(score),
  model: "test-model",
  reasons: [],
});

describe("nextSessionStatus", () => {
  test("thresholds: < 0.6 active, 0.6 challenge, 0.92 blocked", () => {
    assert.equal(nextSessionStatus("active", null, 0.5999), "active");
    assert.equal(nextSessionStatus("active", null, 0.6), "challenge_required");
    assert.equal(nextSessionStatus("active", 0.5, 0.6), "challenge_required");
    assert.equal(nextSessionStatus("active", null, 0.9199), "challenge_required");
    assert.equal(nextSessionStatus("active", null, 0.92), "blocked");
    assert.equal(nextSessionStatus("challenge_required", 0.7, 0.95), "blocked");
  });

  test("a passed challenge holds while the EMA stays at or above 0.6", () => {
    assert.equal(nextSessionStatus("active", 0.7, 0.65), "active");
    assert.equal(nextSessionStatus("active", 0.6, 0.6), "active");
  });

  test("a required challenge stays required until passed", () => {
    assert.equal(nextSessionStatus("challenge_required", 0.7, 0.3), "challenge_required");
  });

  test("blocked, terminated and expired sessions keep their status", () => {
    for (const status of ["blocked", "terminated", "expired"] as const) {
      assert.equal(nextSessionStatus(status, 0.95, 0.1), status);
      assert.equal(nextSessionStatus(status, 0.1, 0.95), status);
    }
  });
});

describeBackends("session risk", (backend) => {
  let app: TestApp;
  const events: StreamEvent[] = [];
  let stepUpCalls = 0;

  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      extend: (instance) => {
        instance.post("/test/sensitive", { preHandler: instance.requireStepUp }, async () => {
          stepUpCalls++;
          return { ok: true };
        });
      },
    });
  });
  afterAll(() => app.close());

  async function freshSession() {
    const account = privateKeyToAccount(generatePrivateKey());
    app.events.subscribe(account.address, (event) => events.push(event));
    return { account, ...(await signIn(app, account)) };
  }

  /** Forgets the sign-in score so the next crafted score is the EMA. */
  const resetEma = (id: string) =>
    app.db.update(sessions).set({ riskEma: null }).where(eq(sessions.id, id));

  const row = async (id: string) =>
    (await app.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;

  test("applySessionScore: 0.5999 stays active, 0.6 requires a challenge, 0.92 blocks", async () => {
    const a = await freshSession();
    const b = await freshSession();
    const c = await freshSession();
    // First scores were the model's at sign-in; reset the EMA so the crafted score is the EMA.
    for (const id of [a.sessionId, b.sessionId, c.sessionId]) await resetEma(id);
    assert.deepEqual(await applySessionScore(app, a.sessionId, result(0.5999)), {
      ema: 0.5999,
      band: "medium",
      status: "active",
    });
    assert.deepEqual(await applySessionScore(app, b.sessionId, result(0.6)), {
      ema: 0.6,
      band: "high",
      status: "challenge_required",
    });
    assert.deepEqual(await applySessionScore(app, c.sessionId, result(0.92)), {
      ema: 0.92,
      band: "critical",
      status: "blocked",
    });
  });

  test("EMA (alpha 0.5) over a sequence of scores, and the status it implies", async () => {
    const s = await freshSession();
    await resetEma(s.sessionId);
    const outcomes = [];
    for (const score of [0.2, 0.4, 0.8, 0.8, 0.1]) {
      outcomes.push(await applySessionScore(app, s.sessionId, result(score)));
    }
    assert.deepEqual(
      outcomes.map((o) => o.ema),
      [0.2, 0.30000000000000004, 0.55, 0.675, 0.3875],
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["active", "active", "active", "challenge_required", "challenge_required"],
    );
    const stored = await row(s.sessionId);
    assert.equal(stored.riskEma, 0.3875);
    assert.equal(stored.riskScore, 0.1);
    assert.equal(stored.riskBand, "low");
  });

  test("challenge_required blocks sensitive routes with 403 auth.challenge_required", async () => {
    const s = await freshSession();
    assert.equal(
      (await app.inject({ method: "POST", url: "/test/sensitive", headers: s.headers })).statusCode,
      200,
    );
    await resetEma(s.sessionId);
    assert.equal(
      (await applySessionScore(app, s.sessionId, result(0.7))).status,
      "challenge_required",
    );
    const response = await app.inject({
      method: "POST",
      url: "/test/sensitive",
      headers: s.headers,
    });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, "auth.challenge_required");
    // Ordinary authenticated routes still work: the session must be able to take the challenge.
    const current = await app.inject({ url: "/v1/sessions/current", headers: s.headers });
    assert.equal(current.json().status, "challenge_required");
  });

  test("blocking is sticky, audited, published and answered 403 auth.session_blocked", async () => {
    const s = await freshSession();
    events.length = 0;
    // From the sign-in EMA (~0): 0.5, 0.75 (challenge), 0.875, 0.9375 (blocked).
    const progression = [];
    for (let i = 0; i < 4; i++)
      progression.push((await applySessionScore(app, s.sessionId, result(1))).status);
    assert.deepEqual(progression, [
      "active",
      "challenge_required",
      "challenge_required",
      "blocked",
    ]);
    for (const score of [0, 0, 0, 0]) {
      assert.equal((await applySessionScore(app, s.sessionId, result(score))).status, "blocked");
    }
    const response = await app.inject({ url: "/v1/sessions/current", headers: s.headers });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, "auth.session_blocked");
    const audit = (await app.audit.page(0, 10_000)).filter(
      (entry) => entry.kind === "session.blocked" && entry.data.sessionId === s.sessionId,
    );
    assert.equal(audit.length, 1);
    await app.tail.wake();
    const statuses = events
      .filter((event) => event.kind === "session.changed" && event.data.sessionId === s.sessionId)
      .map((event) => event.data.status);
    assert.ok(statuses.includes("blocked"));
    // The block is also a risk.blocked event of its own, once.
    const blocked = events.filter(
      (event) => event.kind === "risk.blocked" && event.data.sessionId === s.sessionId,
    );
    assert.equal(blocked.length, 1);
    assert.equal(blocked[0]!.data.what, "session");
    assert.equal(blocked[0]!.data.band, "critical");
  });

  test("scores 5 minutes old are rescored by the sweep; fresher ones are not", async () => {
    const s = await freshSession();
    const scoredAt = (await row(s.sessionId)).lastScoredAt!;
    app.clock.advance(4 * minute);
    await rescoreDueSessions(app);
    assert.deepEqual((await row(s.sessionId)).lastScoredAt, scoredAt);
    app.clock.advance(minute);
    assert.ok((await rescoreDueSessions(app)) >= 1);
    assert.deepEqual((await row(s.sessionId)).lastScoredAt, app.clock.now());
  });

  test("the sweep expires idle sessions instead of rescoring them", async () => {
    const s = await freshSession();
    app.clock.advance(30 * minute);
    events.length = 0;
    await rescoreDueSessions(app);
    const stored = await row(s.sessionId);
    assert.equal(stored.status, "expired");
    assert.equal(stored.endReason, "idle");
    assert.ok(
      events.some(
        (event) => event.data.sessionId === s.sessionId && event.data.status === "expired",
      ),
    );
  });

  test("a request rescores lazily once the score is 5 minutes old", async () => {
    const s = await freshSession();
    app.clock.advance(5 * minute);
    await app.inject({ url: "/v1/sessions/current", headers: s.headers });
    assert.deepEqual((await row(s.sessionId)).lastScoredAt, app.clock.now());
  });

  test("the model's score of high-risk signals requires a challenge at sign-in", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const s = await signIn(app, account, {
      signals: {
        rootedDevice: 1,
        vpn: 1,
        proxyHops: 4,
        thermalAnomaly: 1,
        biometricFailures: 3,
        locationChangesPerHour: 5,
      },
    });
    const stored = await row(s.sessionId);
    assert.ok(stored.riskScore! >= 0.6 && stored.riskScore! < 0.92, String(stored.riskScore));
    assert.equal(stored.status, "challenge_required");
    const response = await app.inject({
      method: "POST",
      url: "/test/sensitive",
      headers: s.headers,
    });
    assert.equal(response.json().error.code, "auth.challenge_required");
  });

  test("signals the model scores critical block the sign-in: 403 auth.session_blocked", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    await assert.rejects(
      signIn(app, account, {
        signals: {
          rootedDevice: 1,
          vpn: 1,
          proxyHops: 16,
          thermalAnomaly: 1,
          biometricFailures: 100,
          locationChangesPerHour: 1000,
        },
      }),
      /403.*auth\.session_blocked/,
    );
  });

  test("step-up actions and requests feed actionsPerHour and rapidApiCalls", async () => {
    const s = await freshSession();
    const before = stepUpCalls;
    for (let i = 0; i < 3; i++) {
      await app.inject({ method: "POST", url: "/test/sensitive", headers: s.headers });
    }
    assert.equal(stepUpCalls - before, 3);
    const at = app.clock.now().getTime();
    assert.equal(app.sessionActivity.actionsLastHour(s.sessionId, at), 3);
    assert.equal(app.sessionActivity.requestsLastMinute(s.sessionId, at), 3);
    assert.equal(app.sessionActivity.requestsLastMinute(s.sessionId, at + minute), 0);
    assert.equal(app.sessionActivity.actionsLastHour(s.sessionId, at + 60 * minute), 0);
  });
});
