// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UD60x18, ud, log2, exp2} from "@prb/math/src/UD60x18.sol";

/// @title PoolFixedPoint
/// @notice 1e18 fixed-point arithmetic for the AMM math with an explicit rounding direction on every operation,
///         and a power function whose result is widened by a documented error bound.
/// @dev `powDown`/`powUp` build on PRBMath's `log2`/`exp2` (x^y = 2^(y log2 x)). PRBMath's `log2` truncates to
///      about 1e-18 absolute and `exp2` works with 64 fractional bits, so for the ranges the pools use (bases in
///      (0, 1.5] for trades and joins, exponents up to 100 = 1 / MIN_WEIGHT, and balances up to 1e38 for the
///      weighted invariant) the relative error of the raw power stays far below 1e-15. `MAX_POW_RELATIVE_ERROR`
///      (1e-14) is ten times that margin, plus one wei for the absolute truncation, and the fuzz tests in
///      `PoolFixedPoint.t.sol` check the bound against exactly computable powers (integer exponents and roots).
library PoolFixedPoint {
    /// @dev 1.0 in fixed point.
    uint256 internal constant ONE = 1e18;
    /// @dev Relative error bound of the raw power (1e-14), applied so that rounded results are on the safe side.
    uint256 internal constant MAX_POW_RELATIVE_ERROR = 10_000;
    /// @dev Above 2^64 (in 1e18 fixed point) the reciprocal of a power of a base below one is smaller than 1 wei.
    uint256 private constant _LOG2_UNDERFLOW = 64e18;

    /// @dev a * b, rounded down.
    function mulDown(uint256 a, uint256 b) internal pure returns (uint256) {
        return a * b / ONE;
    }

    /// @dev a * b, rounded up.
    function mulUp(uint256 a, uint256 b) internal pure returns (uint256 result) {
        uint256 product = a * b;
        unchecked {
            result = product == 0 ? 0 : (product - 1) / ONE + 1;
        }
    }

    /// @dev a / b, rounded down.
    function divDown(uint256 a, uint256 b) internal pure returns (uint256) {
        return a * ONE / b;
    }

    /// @dev a / b, rounded up.
    function divUp(uint256 a, uint256 b) internal pure returns (uint256 result) {
        uint256 numerator = a * ONE;
        // Division by zero still panics inside `unchecked`.
        unchecked {
            result = numerator == 0 ? 0 : (numerator - 1) / b + 1;
        }
    }

    /// @dev a * b / d in integers, rounded up.
    function mulDivUp(uint256 a, uint256 b, uint256 d) internal pure returns (uint256 result) {
        uint256 product = a * b;
        unchecked {
            result = product == 0 ? 0 : (product - 1) / d + 1;
        }
    }

    /// @dev 1 - x, floored at zero.
    function complement(uint256 x) internal pure returns (uint256) {
        unchecked {
            return x < ONE ? ONE - x : 0;
        }
    }

    /// @dev x^y rounded down: the raw power minus its error bound (never negative).
    function powDown(uint256 x, uint256 y) internal pure returns (uint256) {
        if (y == ONE) return x;
        if (y == 2 * ONE) return mulDown(x, x);
        if (y == 4 * ONE) {
            uint256 square = mulDown(x, x);
            return mulDown(square, square);
        }
        uint256 raw = powRaw(x, y);
        uint256 maxError = mulUp(raw, MAX_POW_RELATIVE_ERROR) + 1;
        unchecked {
            return raw < maxError ? 0 : raw - maxError;
        }
    }

    /// @dev x^y rounded up: the raw power plus its error bound.
    function powUp(uint256 x, uint256 y) internal pure returns (uint256) {
        if (y == ONE) return x;
        if (y == 2 * ONE) return mulUp(x, x);
        if (y == 4 * ONE) {
            uint256 square = mulUp(x, x);
            return mulUp(square, square);
        }
        uint256 raw = powRaw(x, y);
        return raw + mulUp(raw, MAX_POW_RELATIVE_ERROR) + 1;
    }

    /// @dev x^y with PRBMath's truncation, no error adjustment. Bases below one go through the reciprocal (the
    ///      logarithm is only defined from one up); results too small to be represented return zero instead of
    ///      reverting, so deep out-of-the-money exponents degrade to the (rounded-down) exact answer.
    function powRaw(uint256 x, uint256 y) internal pure returns (uint256) {
        if (x == 0) return y == 0 ? ONE : 0;
        if (y == 0 || x == ONE) return ONE;
        if (x > ONE) {
            return exp2(log2(ud(x)).mul(ud(y))).unwrap();
        }
        uint256 exponent = log2(ud(ONE * ONE / x)).mul(ud(y)).unwrap();
        if (exponent >= _LOG2_UNDERFLOW) return 0;
        return ONE * ONE / exp2(UD60x18.wrap(exponent)).unwrap();
    }
}
