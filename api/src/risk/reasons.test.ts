import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "vitest";
import { maxReasons, reasonThreshold, selectReasons } from "./reasons.ts";

const names = ["a", "b", "c", "d", "e"];
const row = { a: 1, b: 2, c: 3, d: 4, e: 5 };

test("reasons are the contributions >= 0.01, largest first, at most three", () => {
  assert.equal(reasonThreshold, 0.01);
  assert.equal(maxReasons, 3);
  const reasons = selectReasons(names, row, [0.05, 0.2, -0.3, 0.01, 0.1]);
  assert.deepEqual(reasons, [
    { feature: "b", value: 2, contribution: 0.2 },
    { feature: "e", value: 5, contribution: 0.1 },
    { feature: "a", value: 1, contribution: 0.05 },
  ]);
});

test("the threshold is inclusive and negative or tiny contributions are never reasons", () => {
  const reasons = selectReasons(names, row, [0.0099999, 0.01, -0.5, 0, Number.NaN]);
  assert.deepEqual(reasons, [{ feature: "b", value: 2, contribution: 0.01 }]);
  assert.deepEqual(selectReasons(names, row, [0, 0, 0, 0, 0]), []);
});

test("ties keep the model's feature order", () => {
  const reasons = selectReasons(names, row, [0.1, 0.3, 0.1, 0.1, 0.1]);
  assert.deepEqual(
    reasons.map((reason) => reason.feature),
    ["b", "a", "c"],
  );
});

test("a row is read at its offset in a batch output", () => {
  const contributions = [0, 0, 0, 0, 0, 0, 0, 0.4, 0, 0.02];
  assert.deepEqual(selectReasons(names, row, contributions, 5), [
    { feature: "c", value: 3, contribution: 0.4 },
    { feature: "e", value: 5, contribution: 0.02 },
  ]);
});

test("ascending input still yields the three largest", () => {
  const reasons = selectReasons(names, row, [0.01, 0.02, 0.03, 0.04, 0.05]);
  assert.deepEqual(
    reasons.map((reason) => reason.contribution),
    [0.05, 0.04, 0.03],
  );
});

test("when nothing reaches the threshold, the features that raised the score at all are reported", () => {
  const reasons = selectReasons(names, row, [0.0004, 0.002, -0.01, 0, 0.0009]);
  assert.deepEqual(
    reasons.map((reason) => reason.feature),
    ["b", "e", "a"],
  );
});

test("the model's saturated rows (score ~1) still get reasons", () => {
  const probe = JSON.parse(
    readFileSync(new URL("../../../ml/model/probe.json", import.meta.url), "utf8"),
  ) as { inputs: number[][]; score: number[]; contributions: number[][] };
  const spec = JSON.parse(
    readFileSync(new URL("../../../ml/features.json", import.meta.url), "utf8"),
  ) as { features: { name: string }[] };
  const featureNames = spec.features.map((feature) => feature.name);
  const saturated = probe.score.flatMap((score, i) => (score > 0.99 ? [i] : []));
  assert.ok(saturated.length > 0, "the probe set has saturated rows");
  for (const i of saturated) {
    const values = Object.fromEntries(featureNames.map((name, j) => [name, probe.inputs[i]![j]!]));
    const reasons = selectReasons(featureNames, values, probe.contributions[i]!);
    assert.ok(reasons.length > 0, `probe row ${i} (score ${probe.score[i]}) is explained`);
  }
});
