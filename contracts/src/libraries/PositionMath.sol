// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title PositionMath
/// @notice Valuation, fee and liquidation arithmetic of synth positions, rounded in the protocol's favour.
/// @dev Prices are USD per whole token with 18 decimals (at most 2^128, see `OracleMath`); synth amounts have
///      18 decimals; ratios, fees and bonuses are 1e18 fractions. `Math.mulDiv` keeps 512-bit intermediates.
library PositionMath {
    /// @notice 100%, and one whole 18-decimal token.
    uint256 internal constant WAD = 1e18;

    /// @notice USD value (18 decimals) of `amount` collateral units, rounded down.
    function collateralValue(uint256 amount, uint256 price, uint8 decimals) internal pure returns (uint256) {
        return Math.mulDiv(amount, price, 10 ** decimals);
    }

    /// @notice USD value (18 decimals) of `debt` synths, rounded up.
    function debtValue(uint256 debt, uint256 price) internal pure returns (uint256) {
        return Math.mulDiv(debt, price, WAD, Math.Rounding.Ceil);
    }

    /// @notice Collateral value over debt value, rounded down; `type(uint256).max` without debt.
    /// @dev Because ratios compared against it are integers, `ratio(c, d) >= r` holds exactly when
    ///      `c * 1e18 >= r * d`: the floor never turns a failing position into a passing one.
    function ratio(uint256 collateralValueUsd, uint256 debtValueUsd) internal pure returns (uint256) {
        if (debtValueUsd == 0) return type(uint256).max;
        return Math.mulDiv(collateralValueUsd, WAD, debtValueUsd);
    }

    /// @notice Fee at `rate` on `amount`, rounded up.
    function fee(uint256 amount, uint256 rate) internal pure returns (uint256) {
        return Math.mulDiv(amount, rate, WAD, Math.Rounding.Ceil);
    }

    /// @notice Largest debt `D` whose position passes `ratio(collateralValueUsd, debtValue(D, price)) >= minRatio`.
    /// @dev `ratio >= r` <=> `debtValue <= floor(c * 1e18 / r)` =: M, and `ceil(D * p / 1e18) <= M`
    ///      <=> `D <= floor(M * 1e18 / p)`. Exact: `D` passes and `D + 1` does not.
    function maxDebt(uint256 collateralValueUsd, uint256 price, uint256 minRatio) internal pure returns (uint256) {
        return Math.mulDiv(Math.mulDiv(collateralValueUsd, WAD, minRatio), WAD, price);
    }

    /// @notice Largest `amount` with `amount + fee(amount, rate) <= room`.
    /// @dev `a0 = floor(room * 1e18 / (1e18 + rate))` satisfies `a0 * (1e18 + rate) <= room * 1e18`, so
    ///      `a0 + a0 * rate / 1e18 <= room` and, `room` being an integer, so is its ceiling; `a0 + 1` exceeds
    ///      `room` before rounding. Exact.
    function maxAmountWithFee(uint256 room, uint256 rate) internal pure returns (uint256) {
        return Math.mulDiv(room, WAD, WAD + rate);
    }

    /// @notice Smallest `amount` with `amount - fee(amount, rate) == debtReduction` (`rate` < 100%).
    /// @dev `a - ceil(a * rate / 1e18)` grows by 0 or 1 per unit of `a`, so it takes every value; the
    ///      smallest `a` reaching `debtReduction` is `ceil(debtReduction * 1e18 / (1e18 - rate))`.
    function amountForNet(uint256 debtReduction, uint256 rate) internal pure returns (uint256) {
        return Math.mulDiv(debtReduction, WAD, WAD - rate, Math.Rounding.Ceil);
    }

    /// @notice Collateral units worth `repay` synths plus `bonus`, rounded down.
    /// @dev Two floors (USD value, then units), each in the protocol's favour. `synthPrice * (1e18 + bonus)`
    ///      stays below 2^190 for prices within `OracleMath.MAX_PRICE` and bonuses below 100%.
    function seizeAmount(uint256 repay, uint256 synthPrice, uint256 bonus, uint256 collateralPrice, uint8 decimals)
        internal
        pure
        returns (uint256)
    {
        uint256 valueWithBonus = Math.mulDiv(repay, synthPrice * (WAD + bonus), WAD * WAD);
        return Math.mulDiv(valueWithBonus, 10 ** decimals, collateralPrice);
    }

    /// @notice The repayment that pays for `available` collateral when `repay` would have bought `seized`
    ///         (> `available`), rounded up so the liquidator never pays less per unit than the full price.
    function proportionalRepay(uint256 repay, uint256 available, uint256 seized) internal pure returns (uint256) {
        return Math.mulDiv(repay, available, seized, Math.Rounding.Ceil);
    }
}
