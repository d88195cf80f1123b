import assert from "node:assert/strict";
import { test } from "vitest";
import { loadConfig } from "../config.ts";
import { loadPolicy, PolicyError, parsePolicy } from "./policy.ts";

const valid = {
  version: 1,
  tiers: [0, 1, 2, 3].map((tier) => ({ tier, singleLimitUsd: "10.00", dailyLimitUsd: "20.00" })),
  velocity: { maxActions: 20, windowMinutes: 60 },
  risk: { reviewAt: 0.6, denyAt: 0.92 },
  recordKeepingThresholdUsd: "3000.00",
  dailyReportThresholdUsd: "10000.00",
};

test("the shipped policy holds the documented defaults", async () => {
  const policy = await loadPolicy(loadConfig({}).policyFile);
  assert.deepEqual(
    policy.tiers.map((tier) => [tier.singleCents, tier.dailyCents]),
    [
      [100_000n, 250_000n],
      [1_000_000n, 2_500_000n],
      [5_000_000n, 20_000_000n],
      [100_000_000n, 500_000_000n],
    ],
  );
  assert.deepEqual(policy.velocity, { maxActions: 20, windowMs: 3_600_000 });
  assert.deepEqual(policy.risk, { reviewAt: 0.6, denyAt: 0.92 });
  assert.equal(policy.recordKeepingCents, 300_000n);
  assert.equal(policy.dailyReportCents, 1_000_000n);
});

test("a bad policy is rejected with what is wrong", () => {
  const cases: [string, unknown, RegExp][] = [
    ["float amount", { ...valid, recordKeepingThresholdUsd: 3000 }, /recordKeepingThresholdUsd/],
    ["missing tier", { ...valid, tiers: valid.tiers.slice(0, 3) }, /tiers/],
    [
      "duplicate tier",
      { ...valid, tiers: [...valid.tiers.slice(0, 3), { ...valid.tiers[0] }] },
      /tier 0 is listed twice/,
    ],
    [
      "single above daily",
      {
        ...valid,
        tiers: [
          { tier: 0, singleLimitUsd: "30.00", dailyLimitUsd: "20.00" },
          ...valid.tiers.slice(1),
        ],
      },
      /single limit exceeds/,
    ],
    ["thresholds reversed", { ...valid, risk: { reviewAt: 0.95, denyAt: 0.9 } }, /reviewAt/],
    ["unknown key", { ...valid, extra: true }, /./],
  ];
  for (const [name, document, message] of cases) {
    assert.throws(
      () => parsePolicy(document),
      (error: Error) => {
        assert.ok(error instanceof PolicyError, name);
        assert.match(error.message, message, name);
        return true;
      },
    );
  }
});

test("an unreadable policy file is a PolicyError naming the file", async () => {
  await assert.rejects(loadPolicy("/nonexistent/policy.json"), (error: Error) => {
    assert.ok(error instanceof PolicyError);
    assert.match(error.message, /\/nonexistent\/policy.json/);
    return true;
  });
});
