import assert from "node:assert/strict";
import { test } from "vitest";
import { parsePolicy } from "./policy.ts";
import { type CheckFacts, evaluateRules, reasonsOf } from "./rules.ts";

const policy = parsePolicy({
  version: 1,
  tiers: [
    { tier: 0, singleLimitUsd: "1000.00", dailyLimitUsd: "2500.00" },
    { tier: 1, singleLimitUsd: "10000.00", dailyLimitUsd: "25000.00" },
    { tier: 2, singleLimitUsd: "50000.00", dailyLimitUsd: "200000.00" },
    { tier: 3, singleLimitUsd: "1000000.00", dailyLimitUsd: "5000000.00" },
  ],
  velocity: { maxActions: 20, windowMinutes: 60 },
  risk: { reviewAt: 0.6, denyAt: 0.92 },
  recordKeepingThresholdUsd: "3000.00",
  dailyReportThresholdUsd: "10000.00",
});

const clean: CheckFacts = {
  amountCents: 100n,
  sanctioned: [],
  denylisted: [],
  kycTier: 0,
  dayTotalCents: 0n,
  recentActions: 0,
  risk: null,
};

const outcomeOf = (facts: Partial<CheckFacts>, rule: string) =>
  evaluateRules(policy, { ...clean, ...facts }).rules.find((r) => r.rule === rule)?.outcome;

test("every rule is reported, and a clean action is allowed", () => {
  const { decision, rules } = evaluateRules(policy, clean);
  assert.equal(decision, "allow");
  assert.deepEqual(
    rules.map((rule) => [rule.rule, rule.outcome]),
    [
      ["sanctions", "pass"],
      ["denylist", "pass"],
      ["kyc.single_limit", "pass"],
      ["kyc.daily_limit", "pass"],
      ["velocity", "pass"],
      ["risk.critical", "pass"],
      ["risk.high", "pass"],
    ],
  );
  assert.deepEqual(reasonsOf(rules), []);
});

test("single limit: at the limit passes, one cent over denies", () => {
  assert.equal(outcomeOf({ amountCents: 100_000n }, "kyc.single_limit"), "pass");
  assert.equal(outcomeOf({ amountCents: 100_001n }, "kyc.single_limit"), "deny");
  assert.equal(outcomeOf({ kycTier: 3, amountCents: 100_000_000n }, "kyc.single_limit"), "pass");
  assert.equal(outcomeOf({ kycTier: 3, amountCents: 100_000_001n }, "kyc.single_limit"), "deny");
});

test("daily limit counts today's total plus this action", () => {
  assert.equal(
    outcomeOf({ dayTotalCents: 200_000n, amountCents: 50_000n }, "kyc.daily_limit"),
    "pass",
  );
  assert.equal(
    outcomeOf({ dayTotalCents: 200_000n, amountCents: 50_001n }, "kyc.daily_limit"),
    "deny",
  );
});

test("velocity: the 20th action passes, the 21st is denied", () => {
  assert.equal(outcomeOf({ recentActions: 19 }, "velocity"), "pass");
  assert.equal(outcomeOf({ recentActions: 20 }, "velocity"), "deny");
});

test("risk: >= 0.6 reviews, >= 0.92 denies, one rule at a time", () => {
  const risk = (score: number) => ({ score, model: "m", source: "features" as const });
  const at = (score: number) => evaluateRules(policy, { ...clean, risk: risk(score) });
  assert.equal(at(0.5999).decision, "allow");
  assert.equal(at(0.6).decision, "review");
  assert.deepEqual(reasonsOf(at(0.6).rules).length, 1);
  assert.equal(at(0.9199).decision, "review");
  assert.equal(at(0.92).decision, "deny");
  assert.deepEqual(
    at(0.95)
      .rules.filter((rule) => rule.outcome !== "pass")
      .map((rule) => rule.rule),
    ["risk.critical"],
  );
});

test("the most severe outcome wins and every failing rule is a reason", () => {
  const { decision, rules } = evaluateRules(policy, {
    ...clean,
    sanctioned: ["0x000000000000000000000000000000000000dEaD"],
    recentActions: 25,
    risk: { score: 0.7, model: "m", source: "session" },
  });
  assert.equal(decision, "deny");
  const reasons = reasonsOf(rules);
  assert.equal(reasons.length, 3);
  assert.match(reasons[0]!, /^sanctions: .*0x000000000000000000000000000000000000dEaD/);
  assert.match(reasons[1]!, /^velocity: Action 26/);
  assert.match(reasons[2]!, /^risk.high: /);
});
