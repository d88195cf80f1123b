import assert from "node:assert/strict";
import { test } from "vitest";
import { centsToUsd, formatUsd, isPositiveUsd, usdToCents } from "./money.ts";

test("usdToCents parses exact cents", () => {
  assert.equal(usdToCents("2999.99"), 299999n);
  assert.equal(usdToCents("3000"), 300000n);
  assert.equal(usdToCents("0.5"), 50n);
  assert.equal(usdToCents("0.01"), 1n);
  assert.equal(usdToCents("999999999999.99"), 99999999999999n);
});

test("usdToCents rejects floats, signs, 3 decimals, exponents and junk", () => {
  for (const bad of ["", "-1", "1.234", "1e3", "01", "1.", ".5", " 1", "1,000", "NaN", "0x10"]) {
    assert.throws(() => usdToCents(bad), RangeError, bad);
  }
});

test("isPositiveUsd excludes zero and oversized amounts", () => {
  assert.equal(isPositiveUsd("0.01"), true);
  assert.equal(isPositiveUsd("2999.99"), true);
  for (const bad of ["0", "0.0", "0.00", "1000000000000", "1.001", "-5"]) {
    assert.equal(isPositiveUsd(bad), false, bad);
  }
});

test("centsToUsd and formatUsd render two decimals", () => {
  assert.equal(centsToUsd(299999n), "2999.99");
  assert.equal(centsToUsd(5n), "0.05");
  assert.equal(centsToUsd(-150n), "-1.50");
  assert.equal(formatUsd(1000000n), "$10,000.00");
  assert.equal(formatUsd(99n), "$0.99");
  assert.equal(formatUsd(100000000000n), "$1,000,000,000.00");
});
