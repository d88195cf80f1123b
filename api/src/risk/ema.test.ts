import assert from "node:assert/strict";
import { test } from "vitest";
import { emaAlpha, updateEma } from "./ema.ts";

test("the first score of a session is its EMA", () => {
  assert.equal(updateEma(null, 0.42), 0.42);
  assert.equal(updateEma(null, 0, 0.1), 0);
});

test("later scores are blended with weight alpha = 0.5", () => {
  assert.equal(emaAlpha, 0.5);
  assert.equal(updateEma(0.2, 0.8), 0.5);
  let ema: number | null = null;
  for (const score of [1, 0, 0]) ema = updateEma(ema, score);
  assert.equal(ema, 0.25);
});

test("a custom alpha weights the newest score", () => {
  assert.ok(Math.abs(updateEma(0.5, 1, 0.2) - 0.6) < 1e-12);
  assert.equal(updateEma(0.3, 0.9, 1), 0.9);
  assert.equal(updateEma(0.3, 0.9, 0), 0.3);
});

test("a sustained score converges to it", () => {
  let ema: number | null = 0;
  for (let step = 0; step < 60; step++) ema = updateEma(ema, 0.7);
  assert.ok(Math.abs((ema as number) - 0.7) < 1e-12);
});
