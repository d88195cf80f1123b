import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { collateralValue, debtValue, liquidationOutcome, ratio } from "./health.ts";

const WAD = 10n ** 18n;
const weth = { liquidationRatio: 12n * 10n ** 17n, liquidationBonus: 10n ** 17n, decimals: 18 };

describe("position health as the vault computes it", () => {
  it("rounds collateral down and debt up, and has no ratio without debt", () => {
    assert.equal(collateralValue(1n, 3n * 10n ** 17n, 18), 0n);
    assert.equal(debtValue(1n, 3n * 10n ** 17n), 1n);
    assert.equal(ratio(WAD, 0n, 3000n * WAD, WAD, 18), undefined);
    // 1 WETH at $3000 against 2000 sUSD: 150%.
    assert.equal(ratio(WAD, 2000n * WAD, 3000n * WAD, WAD, 18), 15n * 10n ** 17n);
  });

  it("repays the whole debt and seizes it plus the bonus when the collateral covers both", () => {
    const out = liquidationOutcome({
      collateralAmount: WAD,
      debt: 2000n * WAD,
      repay: 2000n * WAD,
      collateralPrice: 2300n * WAD,
      synthPrice: WAD,
      config: weth,
    });
    assert.equal(out.repaid, 2000n * WAD);
    assert.equal(out.seized, (2200n * WAD * WAD) / (2300n * WAD));
    assert.equal(out.badDebt, 0n);
    assert.ok(out.seizedUsd > out.repaidUsd, "the bonus is the liquidator's profit");
  });

  it("closes an underwater position: all collateral, a proportional repay, the rest bad debt", () => {
    const out = liquidationOutcome({
      collateralAmount: WAD,
      debt: 2000n * WAD,
      repay: 2000n * WAD,
      collateralPrice: 2000n * WAD,
      synthPrice: WAD,
      config: weth,
    });
    assert.equal(out.seized, WAD);
    // ceil(2000 * 1 / (2200/2000)) = 1818.18...
    assert.equal(
      out.repaid,
      (2000n * WAD * WAD + (2200n * WAD * WAD) / (2000n * WAD) - 1n) /
        ((2200n * WAD * WAD) / (2000n * WAD)),
    );
    assert.equal(out.badDebt, 2000n * WAD - out.repaid);
  });

  it("caps the repay at the debt", () => {
    const out = liquidationOutcome({
      collateralAmount: 10n * WAD,
      debt: 100n * WAD,
      repay: 10_000n * WAD,
      collateralPrice: 3000n * WAD,
      synthPrice: WAD,
      config: weth,
    });
    assert.equal(out.repaid, 100n * WAD);
  });
});
