import assert from "node:assert/strict";
import { test } from "vitest";
import { bandOf } from "./bands.ts";

test("bands switch exactly at 0.3, 0.6 and 0.85 (inclusive at the bottom)", () => {
  const cases: [number, string][] = [
    [0, "low"],
    [0.29999999999999993, "low"],
    [0.3, "medium"],
    [0.5999999999999999, "medium"],
    [0.6, "high"],
    [0.8499999999999999, "high"],
    [0.85, "critical"],
    [1, "critical"],
  ];
  for (const [score, band] of cases) assert.equal(bandOf(score), band, `score ${score}`);
});

test("float32 scores just under a boundary stay in the lower band", () => {
  // The model answers float32: Math.fround(0.6) is 0.6000000238..., fround of the next lower
  // float32 is below 0.6.
  const below = Math.fround(0.6) - 2 ** -24;
  assert.ok(below < 0.6);
  assert.equal(bandOf(below), "medium");
  assert.equal(bandOf(Math.fround(0.6)), "high");
});
