import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, test } from "vitest";
import {
  apiKeys,
  complianceDecisions,
  complianceRecords,
  complianceReports,
  sessions,
} from "../db/schema/index.ts";
import type { StreamEvent } from "../stream/eventBus.ts";
import { describeBackends } from "../testing/backends.ts";
import type { TestApp } from "../testing/testApp.ts";
import {
  auditEntries,
  buildComplianceApp,
  check,
  checkOk,
  probeFeatures,
  randomAddress,
  setTier,
  signInAs,
} from "./testHelpers.ts";

type Result = Awaited<ReturnType<typeof checkOk>>;
const outcome = (result: Result, rule: string) =>
  result.rules.find((r) => r.rule === rule)?.outcome;
const minute = 60_000;

describeBackends("POST /v1/compliance/check", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildComplianceApp(backend);
  });
  afterAll(() => app.close());

  const recordsOf = (account: string) =>
    app.db.select().from(complianceRecords).where(eq(complianceRecords.account, account));
  const reportsOf = (account: string) =>
    app.db.select().from(complianceReports).where(eq(complianceReports.account, account));

  test("a retried check with the same reference returns the first decision and counts once", async () => {
    const account = randomAddress();
    await setTier(app, account, 1);
    const reference = `0x${randomBytes(32).toString("hex")}`;
    const first = await checkOk(app, { account, amountUsd: "6000.00", reference });
    assert.equal(first.replayed, false);
    const auditBefore = (await auditEntries(app, "compliance.decision")).length;
    const again = await checkOk(app, { account, amountUsd: "6000.00", reference });
    assert.equal(again.replayed, true);
    assert.equal(again.id, first.id);
    assert.equal(again.decision, first.decision);
    assert.equal((await auditEntries(app, "compliance.decision")).length, auditBefore);
    const stored = await app.db
      .select()
      .from(complianceDecisions)
      .where(eq(complianceDecisions.account, account));
    assert.equal(stored.length, 1, "one decision, one record, counted once toward the day");
    assert.equal((await recordsOf(account)).length, 1);
    // The same reference for another action is another decision.
    const burn = await checkOk(app, { account, action: "burn", amountUsd: "6000.00", reference });
    assert.notEqual(burn.id, first.id);
  });

  test("the same reference with another amount is a 409 compliance.reference_conflict", async () => {
    const account = randomAddress();
    await setTier(app, account, 1);
    const reference = "swap-42";
    const first = await checkOk(app, { account, amountUsd: "10.00", reference });
    const response = await check(app, { account, amountUsd: "10.01", reference });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, "compliance.reference_conflict");
    assert.equal(response.json().error.details.decisionId, first.id);
  });

  test("record keeping: $2,999.99 keeps no record, $3,000.00 keeps one", async () => {
    const account = randomAddress();
    const counterparty = randomAddress();
    await setTier(app, account, 1);
    const below = await checkOk(app, { account, amountUsd: "2999.99" });
    assert.equal(below.decision, "allow");
    assert.equal(below.recordKept, false);
    assert.equal((await recordsOf(account)).length, 0);

    const at = await checkOk(app, { account, amountUsd: "3000.00", addresses: [counterparty] });
    assert.equal(at.decision, "allow", "a record is not a decision change");
    assert.equal(at.recordKept, true);
    const records = await recordsOf(account);
    assert.equal(records.length, 1);
    assert.equal(records[0]!.decisionId, at.id);
    assert.equal(records[0]!.amountCents, 300_000n);
    assert.equal(records[0]!.action, "mint");
    assert.deepEqual(records[0]!.addresses, [counterparty]);
  });

  test("record keeping also covers attempted (denied) actions", async () => {
    const account = randomAddress(); // tier 0: $3,000 is over the single limit
    const denied = await checkOk(app, { account, amountUsd: "3000.00" });
    assert.equal(denied.decision, "deny");
    assert.equal(denied.recordKept, true);
    assert.equal((await recordsOf(account)).length, 1);
  });

  test("velocity: 20 per rolling hour; the 21st is denied until the first leaves the hour", async () => {
    const account = randomAddress();
    await setTier(app, account, 3);
    const first = await checkOk(app, { account, amountUsd: "1.00" });
    assert.equal(first.decision, "allow");
    app.clock.advance(minute);
    for (let i = 2; i <= 20; i++) {
      const result = await checkOk(app, { account, amountUsd: "1.00" });
      assert.equal(result.decision, "allow", `action ${i}`);
    }
    const over = await checkOk(app, { account, amountUsd: "1.00" });
    assert.equal(over.decision, "deny");
    assert.equal(outcome(over, "velocity"), "deny");
    assert.match(over.reasons.join(), /velocity: Action 21 in the last 60 minutes/);
    // Denied attempts do not use up the budget, nor do they free it.
    app.clock.advance(59 * minute - 1);
    assert.equal((await checkOk(app, { account, amountUsd: "1.00" })).decision, "deny");
    app.clock.advance(1); // exactly one hour after the first action: it has left the window
    assert.equal((await checkOk(app, { account, amountUsd: "1.00" })).decision, "allow");
    assert.equal((await checkOk(app, { account, amountUsd: "1.00" })).decision, "deny");
  });

  test("daily report: $9,999.99 files none, reaching $10,000.00 files one, once a day", async () => {
    const account = randomAddress();
    await setTier(app, account, 2);
    const below = await checkOk(app, { account, amountUsd: "9999.99" });
    assert.equal(below.reportFiled, false);
    assert.equal((await reportsOf(account)).length, 0);
    const reaching = await checkOk(app, { account, amountUsd: "0.01" });
    assert.equal(reaching.decision, "allow");
    assert.equal(reaching.reportFiled, true);
    const later = await checkOk(app, { account, amountUsd: "500.00" });
    assert.equal(later.reportFiled, false);
    const reports = await reportsOf(account);
    assert.equal(reports.length, 1);
    assert.equal(reports[0]!.totalCents, 1_000_000n);
    assert.equal(reports[0]!.decisionId, reaching.id);
    assert.equal(reports[0]!.day, app.clock.now().toISOString().slice(0, 10));
  });

  test("a denied action neither counts toward the total nor files the report", async () => {
    const account = randomAddress(); // tier 0
    await checkOk(app, { account, amountUsd: "1000.00" });
    const over = await checkOk(app, { account, amountUsd: "1000.01" });
    assert.equal(over.decision, "deny");
    // 1000.00 counted, the denied 1000.01 not: 1000.00 + 1000.00 + 500.00 = 2500.00 fits.
    assert.equal((await checkOk(app, { account, amountUsd: "1000.00" })).decision, "allow");
    assert.equal((await checkOk(app, { account, amountUsd: "500.00" })).decision, "allow");
  });

  test("UTC midnight: the daily limit resets and a report is filed per day", async () => {
    const today = app.clock.now();
    const day1 = new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
    const day2 = new Date(today.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const limited = randomAddress(); // tier 0: $2,500 a day
    const reporting = randomAddress();
    await setTier(app, reporting, 2);

    app.clock.set(`${day1}T23:59:00.000Z`);
    for (const amountUsd of ["1000.00", "1000.00", "500.00"]) {
      assert.equal((await checkOk(app, { account: limited, amountUsd })).decision, "allow");
    }
    const first = await checkOk(app, { account: reporting, amountUsd: "10000.00" });
    assert.equal(first.reportFiled, true);
    app.clock.set(`${day1}T23:59:59.999Z`);
    const late = await checkOk(app, { account: limited, amountUsd: "0.01" });
    assert.equal(late.decision, "deny");
    assert.equal(outcome(late, "kyc.daily_limit"), "deny");

    app.clock.set(`${day2}T00:00:00.000Z`);
    const fresh = await checkOk(app, { account: limited, amountUsd: "1000.00" });
    assert.equal(fresh.decision, "allow");
    assert.equal(outcome(fresh, "kyc.daily_limit"), "pass");
    const second = await checkOk(app, { account: reporting, amountUsd: "10000.00" });
    assert.equal(second.reportFiled, true);
    const days = (await reportsOf(reporting)).map((report) => report.day).sort();
    assert.deepEqual(days, [day1, day2]);
  });

  test("single and daily limits of every KYC tier, at the boundary", async () => {
    const tiers = [
      { tier: 0, single: "1000.00", fill: ["1000.00", "1000.00", "500.00"] },
      { tier: 1, single: "10000.00", fill: ["10000.00", "10000.00", "5000.00"] },
      { tier: 2, single: "50000.00", fill: Array(4).fill("50000.00") },
      { tier: 3, single: "1000000.00", fill: Array(5).fill("1000000.00") },
    ];
    for (const { tier, single, fill } of tiers) {
      const account = randomAddress();
      if (tier > 0) await setTier(app, account, tier);
      const overSingle = await checkOk(app, {
        account,
        amountUsd: (Number(single) + 0.01).toFixed(2),
      });
      assert.equal(outcome(overSingle, "kyc.single_limit"), "deny", `tier ${tier} single + 0.01`);
      assert.equal(overSingle.decision, "deny");
      for (const amountUsd of fill) {
        const result = await checkOk(app, { account, amountUsd });
        assert.equal(result.decision, "allow", `tier ${tier}: ${amountUsd} up to the daily limit`);
      }
      const overDaily = await checkOk(app, { account, amountUsd: "0.01" });
      assert.equal(outcome(overDaily, "kyc.single_limit"), "pass");
      assert.equal(outcome(overDaily, "kyc.daily_limit"), "deny", `tier ${tier} daily + 0.01`);
    }
  });

  test("sanctions: a listed account or a listed counterparty is denied", async () => {
    const listed = "0x000000000000000000000000000000000000dEaD";
    const onAccount = await checkOk(app, { account: listed, amountUsd: "5.00" });
    assert.equal(onAccount.decision, "deny");
    assert.equal(outcome(onAccount, "sanctions"), "deny");
    assert.match(onAccount.reasons[0]!, new RegExp(`sanctions: .*${listed}`));

    const account = randomAddress();
    const counterparty = "0xbadbadbadbadbadbadbadbadbadbadbadbadbad0"; // listed in lower case
    const onCounterparty = await checkOk(app, {
      account,
      amountUsd: "5.00",
      addresses: [randomAddress(), counterparty],
    });
    assert.equal(onCounterparty.decision, "deny");
    assert.equal(outcome(onCounterparty, "sanctions"), "deny");
    const clean = await checkOk(app, { account, amountUsd: "5.00", addresses: [randomAddress()] });
    assert.equal(clean.decision, "allow");
  });

  test("risk: real model features that score high are reviewed, critical ones denied", async () => {
    const account = randomAddress();
    const heard: string[] = [];
    const unsubscribe = app.events.subscribe(account, (event) => heard.push(event.kind));
    const critical = await checkOk(app, {
      account,
      amountUsd: "5.00",
      features: probeFeatures(0.92, 1),
    });
    assert.equal(critical.decision, "deny");
    assert.equal(outcome(critical, "risk.critical"), "deny");
    await app.tail.wake();
    unsubscribe();
    assert.deepEqual(
      heard,
      ["compliance.decision", "risk.blocked"],
      "a risk denial is risk.blocked too",
    );
    assert.equal(critical.risk?.source, "features");
    assert.equal(critical.risk?.model, app.risk.version);
    assert.ok(critical.risk!.score >= 0.92);

    const high = await checkOk(app, {
      account,
      amountUsd: "5.00",
      features: probeFeatures(0.6, 0.92),
    });
    assert.equal(high.decision, "review");
    assert.equal(high.outcome, "pending");
    assert.equal(outcome(high, "risk.high"), "review");
    assert.ok(high.reviewId, "a review decision opens a review item");

    const low = await checkOk(app, { account, amountUsd: "5.00", features: probeFeatures(0, 0.6) });
    assert.equal(low.decision, "allow");
    assert.ok(low.risk && low.risk.score < 0.6);
  });

  test("risk: without features a session's EMA is used", async () => {
    const user = await signInAs(app);
    const setEma = (ema: number) =>
      app.db.update(sessions).set({ riskEma: ema }).where(eq(sessions.address, user.address));
    await setEma(0.7);
    const reviewed = await checkOk(app, { amountUsd: "5.00" }, user.headers);
    assert.equal(reviewed.decision, "review");
    assert.deepEqual(reviewed.risk, { score: 0.7, model: app.risk.version, source: "session" });
    await setEma(0.95);
    const denied = await checkOk(app, { amountUsd: "5.00" }, user.headers);
    assert.equal(outcome(denied, "risk.critical"), "deny");
    // Features, when given, are scored instead of the session's EMA.
    const scored = await checkOk(
      app,
      { amountUsd: "5.00", features: probeFeatures(0, 0.6) },
      user.headers,
    );
    assert.equal(scored.decision, "allow");
    assert.equal(scored.risk?.source, "features");
  });

  test("25 concurrent checks of one account: exactly 20 are not denied", async () => {
    const account = randomAddress();
    await setTier(app, account, 3);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        checkOk(app, { account, amountUsd: "1.00", reference: `concurrent-${i}` }),
      ),
    );
    const denied = results.filter((result) => result.decision === "deny");
    assert.equal(results.length - denied.length, 20);
    assert.ok(denied.every((result) => outcome(result, "velocity") === "deny"));
    const stored = await app.db
      .select()
      .from(complianceDecisions)
      .where(
        and(eq(complianceDecisions.account, account), ne(complianceDecisions.outcome, "deny")),
      );
    assert.equal(stored.length, 20);
  });

  test("a session checks only its own account; service keys any; anonymous nobody", async () => {
    const user = await signInAs(app);
    const other = await check(app, { account: randomAddress(), amountUsd: "1.00" }, user.headers);
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().error.code, "compliance.account_forbidden");
    const own = await check(
      app,
      { account: user.address.toLowerCase(), amountUsd: "1.00" },
      user.headers,
    );
    assert.equal(own.statusCode, 200);
    const serviceWithoutAccount = await check(app, { amountUsd: "1.00" });
    assert.equal(serviceWithoutAccount.statusCode, 400);
    assert.equal(serviceWithoutAccount.json().error.code, "compliance.account_required");
    const anonymous = await check(app, { account: user.address, amountUsd: "1.00" }, {});
    assert.equal(anonymous.statusCode, 401);
    // An API key without the service role cannot check on behalf of accounts.
    const adminKey = `adm_${randomBytes(24).toString("hex")}`;
    await app.db.insert(apiKeys).values({
      name: "ops",
      keyHash: createHash("sha256").update(adminKey).digest("hex"),
      roles: ["admin"],
      createdBy: "test",
      createdAt: app.clock.now(),
    });
    const notService = await check(
      app,
      { account: user.address, amountUsd: "1.00" },
      { "x-api-key": adminKey },
    );
    assert.equal(notService.statusCode, 403);
    assert.equal(notService.json().error.code, "compliance.account_forbidden");
  });

  test("a check is a sensitive action: a session that must pass a challenge is refused", async () => {
    const user = await signInAs(app);
    await app.db
      .update(sessions)
      .set({ status: "challenge_required" })
      .where(eq(sessions.address, user.address));
    const refused = await check(app, { amountUsd: "1.00" }, user.headers);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, "auth.challenge_required");
  });

  test("bad input answers 400 with a stable code, never 5xx", async () => {
    const account = randomAddress();
    const bad: [Record<string, unknown>, string][] = [
      ...["0", "0.00", "-1", "1.001", "1e3", "1,000", "", "1000000000000.00"].map(
        (amountUsd) =>
          [{ account, amountUsd }, "request.invalid"] as [Record<string, unknown>, string],
      ),
      [{ account, amountUsd: 12.5 }, "request.invalid"],
      [{ account, amountUsd: "1.00", action: "steal" }, "request.invalid"],
      [
        { account, amountUsd: "1.00", addresses: Array(21).fill(randomAddress()) },
        "request.invalid",
      ],
      [{ account, amountUsd: "1.00", addresses: ["0x1234"] }, "request.invalid"],
      [{ account, amountUsd: "1.00", reference: "r".repeat(129) }, "request.invalid"],
      [{ account, amountUsd: "1.00", extra: true }, "request.invalid"],
      [{ account, amountUsd: "1.00", features: { vpn: 1 } }, "request.invalid"],
      [
        { account: account.replace(/[a-f]/, (c) => c.toUpperCase()), amountUsd: "1.00" },
        "request.invalid_address",
      ],
    ];
    for (const [body, code] of bad) {
      const response = await check(app, body as { amountUsd: string });
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.json().error.code, code, JSON.stringify(body));
    }
  });

  test("every decision is stored, audited with it and published after commit", async () => {
    const account = randomAddress();
    const events: StreamEvent[] = [];
    const unsubscribe = app.events.subscribe(account, (event) => events.push(event));
    try {
      const result = await checkOk(app, {
        account,
        amountUsd: "42.00",
        reference: "payment-hash-1",
      });
      const [row] = await app.db
        .select()
        .from(complianceDecisions)
        .where(eq(complianceDecisions.id, result.id));
      assert.equal(row?.amountCents, 4200n);
      assert.equal(row?.reference, "payment-hash-1");
      assert.equal(row?.actor, "apikey:env:keeper");
      assert.deepEqual(row?.rules, result.rules);
      const audited = (await auditEntries(app, "compliance.decision")).find(
        (entry) => entry.data.decisionId === result.id,
      );
      assert.equal(audited?.subject, account);
      assert.equal(audited?.data.amountUsd, "42.00");
      assert.equal(audited?.data.decision, "allow");
      await app.tail.wake(); // the stream's subscribers hear of logged events from the tail
      assert.equal(events.length, 1);
      assert.equal(events[0]!.kind, "compliance.decision");
      assert.equal(events[0]!.data.decisionId, result.id);
      assert.deepEqual((await app.audit.verify()).ok, true);
    } finally {
      unsubscribe();
    }
  });
});
