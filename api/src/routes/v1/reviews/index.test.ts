import assert from "node:assert/strict";
import { afterAll, beforeAll, test } from "vitest";
import {
  auditEntries,
  buildComplianceApp,
  checkOk,
  probeFeatures,
  signInAgain,
  signInAs,
} from "../../../compliance/testHelpers.ts";
import type { StreamEvent } from "../../../stream/eventBus.ts";
import { describeBackends } from "../../../testing/backends.ts";
import type { TestApp } from "../../../testing/testApp.ts";

const minute = 60_000;

describeBackends("/v1/reviews", (backend) => {
  let app: TestApp;
  let reviewFeatures: Record<string, number>;
  beforeAll(async () => {
    app = await buildComplianceApp(backend);
    reviewFeatures = probeFeatures(0.6, 0.92);
  });
  afterAll(() => app.close());

  /** A "review" decision for `account` (checked by the keeper service with high-risk features). */
  async function reviewFor(account: string, amountUsd = "25.00") {
    const result = await checkOk(app, { account, amountUsd, features: reviewFeatures });
    assert.equal(result.decision, "review");
    return { decisionId: result.id, reviewId: result.reviewId! };
  }

  const call = (
    method: "GET" | "POST",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => app.inject({ method, url: `/v1/reviews${url}`, headers, ...(payload ? { payload } : {}) });

  test("happy path: listed oldest first, claimed, approved — outcome allow, audited, published", async () => {
    const owner = await signInAs(app);
    const reviewer = await signInAs(app, "reviewer");
    const events: StreamEvent[] = [];
    const unsubscribe = app.events.subscribe(owner.address, (event) => events.push(event));
    try {
      const first = await reviewFor(owner.address);
      app.clock.advance(1000);
      const second = await reviewFor(owner.address);

      const pending = await call("GET", "?status=pending&limit=100", reviewer.headers);
      assert.equal(pending.statusCode, 200);
      const ids = pending.json().items.map((item: { id: string }) => item.id);
      assert.ok(ids.indexOf(first.reviewId) >= 0);
      assert.ok(ids.indexOf(first.reviewId) < ids.indexOf(second.reviewId), "oldest first");

      const item = await call("GET", `/${first.reviewId}`, reviewer.headers);
      assert.equal(item.statusCode, 200);
      assert.equal(item.json().status, "pending");
      assert.equal(item.json().decision.id, first.decisionId);
      assert.equal(item.json().decision.outcome, "pending");
      assert.equal(item.json().account, owner.address);

      const claimed = await call("POST", `/${first.reviewId}/claim`, reviewer.headers);
      assert.equal(claimed.statusCode, 200);
      assert.equal(claimed.json().status, "claimed");
      assert.equal(claimed.json().claimedBy, reviewer.address);
      assert.equal(
        claimed.json().claimExpiresAt,
        new Date(app.clock.now().getTime() + 30 * minute).toISOString(),
      );
      const claimedList = await call("GET", "/?status=claimed", reviewer.headers);
      assert.ok(claimedList.json().items.some((i: { id: string }) => i.id === first.reviewId));

      const approved = await call("POST", `/${first.reviewId}/approve`, reviewer.headers, {
        reason: "Known customer, documents on file",
      });
      assert.equal(approved.statusCode, 200);
      assert.equal(approved.json().status, "approved");
      assert.equal(approved.json().resolvedBy, reviewer.address);
      assert.equal(approved.json().decision.outcome, "allow");

      // The keepers poll the decision and see the review's result.
      const decision = await app.inject({
        method: "GET",
        url: `/v1/compliance/decisions/${first.decisionId}`,
        headers: owner.headers,
      });
      assert.equal(decision.json().decision, "review");
      assert.equal(decision.json().outcome, "allow");
      assert.equal(decision.json().review.status, "approved");
      assert.equal(decision.json().review.reason, "Known customer, documents on file");

      await app.tail.wake(); // the stream's subscribers hear of logged events from the tail
      const resolved = events.filter((event) => event.kind === "review.resolved");
      assert.equal(resolved.length, 1);
      assert.deepEqual(resolved[0]!.data, {
        reviewId: first.reviewId,
        decisionId: first.decisionId,
        outcome: "approved",
        decisionOutcome: "allow",
        reason: "Known customer, documents on file",
      });
      const audited = (await auditEntries(app, "review.approved")).find(
        (entry) => entry.data.reviewId === first.reviewId,
      );
      assert.equal(audited?.actor, reviewer.address);
      assert.equal(audited?.subject, owner.address);
      assert.equal(audited?.data.reason, "Known customer, documents on file");
      assert.ok(
        (await auditEntries(app, "review.claimed")).some((e) => e.data.reviewId === first.reviewId),
      );

      for (const action of ["approve", "reject"]) {
        const again = await call("POST", `/${first.reviewId}/${action}`, reviewer.headers, {
          reason: "second thoughts",
        });
        assert.equal(again.statusCode, 409);
        assert.equal(again.json().error.code, "review.already_resolved");
      }
      const reclaim = await call("POST", `/${first.reviewId}/claim`, reviewer.headers);
      assert.equal(reclaim.json().error.code, "review.already_resolved");
      const approvedList = await call("GET", "/?status=approved", reviewer.headers);
      assert.equal(approvedList.json().items[0].id, first.reviewId);
      assert.ok((await app.audit.verify()).ok);
    } finally {
      unsubscribe();
    }
  });

  test("reject: the outcome becomes deny and the amount stops counting toward today's total", async () => {
    const owner = await signInAs(app); // KYC tier 0: $2,500 a day
    const reviewer = await signInAs(app, "reviewer");
    const { reviewId, decisionId } = await reviewFor(owner.address, "1000.00");
    await checkOk(app, { account: owner.address, amountUsd: "1000.00" });
    const full = await checkOk(app, { account: owner.address, amountUsd: "1000.00" });
    assert.equal(full.decision, "deny", "the pending review's amount counts");

    await call("POST", `/${reviewId}/claim`, reviewer.headers);
    const rejected = await call("POST", `/${reviewId}/reject`, reviewer.headers, {
      reason: "Device farm signature",
    });
    assert.equal(rejected.statusCode, 200);
    assert.equal(rejected.json().status, "rejected");
    assert.equal(rejected.json().decision.id, decisionId);
    assert.equal(rejected.json().decision.outcome, "deny");
    const fits = await checkOk(app, { account: owner.address, amountUsd: "1000.00" });
    assert.equal(fits.decision, "allow");
    assert.ok(
      (await auditEntries(app, "review.rejected")).some((e) => e.data.reviewId === reviewId),
    );
  });

  test("claims: a running claim conflicts; only the claimer resolves; claims lapse after 30 minutes", async () => {
    const owner = await signInAs(app);
    let alice = await signInAs(app, "reviewer");
    let bob = await signInAs(app, "reviewer");
    const { reviewId } = await reviewFor(owner.address);

    // Two reviewers claiming at once: exactly one wins.
    const race = await Promise.all([
      call("POST", `/${reviewId}/claim`, alice.headers),
      call("POST", `/${reviewId}/claim`, bob.headers),
    ]);
    assert.deepEqual(race.map((response) => response.statusCode).sort(), [200, 409]);
    const winner = race[0]!.statusCode === 200 ? alice : bob;
    if (winner !== alice) [alice, bob] = [bob, alice];
    const conflict = await call("POST", `/${reviewId}/claim`, bob.headers);
    assert.equal(conflict.statusCode, 409);
    assert.equal(conflict.json().error.code, "review.already_claimed");
    const notClaimer = await call("POST", `/${reviewId}/approve`, bob.headers, {
      reason: "looks fine",
    });
    assert.equal(notClaimer.statusCode, 403);
    assert.equal(notClaimer.json().error.code, "review.not_claimer");
    // Re-claiming your own claim extends it.
    assert.equal((await call("POST", `/${reviewId}/claim`, alice.headers)).statusCode, 200);

    app.clock.advance(30 * minute - 1);
    alice = await signInAgain(app, alice);
    bob = await signInAgain(app, bob);
    assert.equal((await call("POST", `/${reviewId}/claim`, bob.headers)).statusCode, 409);

    app.clock.advance(1); // Alice's claim has run out: the item is pending again
    const pending = await call("GET", "/?status=pending&limit=100", bob.headers);
    assert.ok(pending.json().items.some((item: { id: string }) => item.id === reviewId));
    const lapsed = await call("POST", `/${reviewId}/approve`, alice.headers, { reason: "late" });
    assert.equal(lapsed.statusCode, 403);
    assert.equal(lapsed.json().error.code, "review.not_claimer");
    assert.equal(lapsed.json().error.details.claimExpired, true);

    const taken = await call("POST", `/${reviewId}/claim`, bob.headers);
    assert.equal(taken.statusCode, 200);
    assert.equal(taken.json().claimedBy, bob.address);
    const aliceTooLate = await call("POST", `/${reviewId}/reject`, alice.headers, {
      reason: "no" + "pe",
    });
    assert.equal(aliceTooLate.json().error.code, "review.not_claimer");
    const done = await call("POST", `/${reviewId}/reject`, bob.headers, { reason: "Unverifiable" });
    assert.equal(done.statusCode, 200);
  });

  test("only reviewers and admins; nobody reviews their own account", async () => {
    const owner = await signInAs(app);
    const admin = await signInAs(app, "admin");
    const { reviewId } = await reviewFor(owner.address);
    for (const [method, url] of [
      ["GET", "/"],
      ["GET", `/${reviewId}`],
      ["POST", `/${reviewId}/claim`],
      ["POST", `/${reviewId}/approve`],
    ] as const) {
      const payload = url.endsWith("approve") ? { reason: "self-approved" } : undefined;
      const asUser = await call(method, url, owner.headers, payload);
      assert.equal(asUser.statusCode, 403, `${method} ${url}`);
      assert.equal(asUser.json().error.code, "auth.forbidden");
      assert.equal((await call(method, url, {}, payload)).statusCode, 401, `${method} ${url}`);
    }
    // Admins review too.
    assert.equal((await call("POST", `/${reviewId}/claim`, admin.headers)).statusCode, 200);
    const approved = await call("POST", `/${reviewId}/approve`, admin.headers, {
      reason: "ok by admin",
    });
    assert.equal(approved.statusCode, 200);

    const reviewer = await signInAs(app, "reviewer");
    const own = await reviewFor(reviewer.address);
    const self = await call("POST", `/${own.reviewId}/claim`, reviewer.headers);
    assert.equal(self.statusCode, 403);
    assert.equal(self.json().error.code, "review.own_account");
  });

  test("unknown items are 404 review.not_found; a reason is required (3..1000 chars)", async () => {
    const reviewer = await signInAs(app, "reviewer");
    const unknown = crypto.randomUUID();
    for (const [url, payload] of [
      [`/${unknown}`, undefined],
      [`/${unknown}/claim`, undefined],
      [`/${unknown}/approve`, { reason: "fine" }],
      [`/${unknown}/reject`, { reason: "fine" }],
    ] as const) {
      const response = await call(
        payload || url.endsWith("claim") ? "POST" : "GET",
        url,
        reviewer.headers,
        payload,
      );
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, "review.not_found", url);
    }
    const owner = await signInAs(app);
    const { reviewId } = await reviewFor(owner.address);
    await call("POST", `/${reviewId}/claim`, reviewer.headers);
    for (const payload of [{}, { reason: "no" }, { reason: "   " }, { reason: "x".repeat(1001) }]) {
      const response = await call("POST", `/${reviewId}/approve`, reviewer.headers, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.json().error.code, "request.invalid");
    }
    assert.equal((await call("GET", "/?status=open", reviewer.headers)).statusCode, 400);
  });
});
