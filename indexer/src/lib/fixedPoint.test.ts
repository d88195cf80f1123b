import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  collateralRatio,
  debtValueUsd,
  MAX_PRICE,
  MAX_UINT256,
  mulDiv,
  normalisePrice,
  valueUsd,
  WAD,
} from "./fixedPoint.ts";

describe("fixedPoint", () => {
  it("mulDiv rounds down, or up when asked", () => {
    assert.equal(mulDiv(7n, 3n, 2n), 10n);
    assert.equal(mulDiv(7n, 3n, 2n, true), 11n);
    assert.equal(mulDiv(6n, 3n, 2n, true), 9n);
    assert.throws(() => mulDiv(1n, 1n, 0n), RangeError);
  });

  it("normalises feed answers like OracleMath.normalise", () => {
    assert.equal(normalisePrice(3000n * 10n ** 8n, 8), 3000n * WAD);
    assert.equal(normalisePrice(123456789n, 20), 1234567n);
    assert.equal(normalisePrice(0n, 8), 0n);
    assert.equal(normalisePrice(-1n, 8), 0n);
    assert.equal(normalisePrice(MAX_PRICE, 18), MAX_PRICE);
    assert.equal(normalisePrice(MAX_PRICE + 1n, 18), 0n);
    assert.equal(normalisePrice(MAX_PRICE / 10n ** 10n + 1n, 8), 0n);
    assert.equal(normalisePrice(1n, 40), 0n);
  });

  it("values collateral down and debt up, as PositionMath does", () => {
    // 1.5 units of a 6-decimal token at $0.333...: 0.4999995 -> floor.
    assert.equal(valueUsd(1_500_000n, 333_333_333_333_333_333n, 6), 499_999_999_999_999_999n);
    assert.equal(debtValueUsd(3n, WAD / 3n), 1n); // 0.999... wei -> ceil
    assert.equal(debtValueUsd(0n, WAD), 0n);
    assert.equal(valueUsd(0n, WAD, 18), 0n);
  });

  it("gives the maximum ratio without debt and floors it otherwise", () => {
    assert.equal(collateralRatio(5n, 0n), MAX_UINT256);
    assert.equal(collateralRatio(2n * WAD, 3n * WAD), 666_666_666_666_666_666n);
  });
});
