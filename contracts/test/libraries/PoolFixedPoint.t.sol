// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {PoolFixedPoint} from "../../src/libraries/PoolFixedPoint.sol";

/// @notice Rounding directions and the power error bound of `PoolFixedPoint`.
contract PoolFixedPointTest is Test {
    using PoolFixedPoint for uint256;

    uint256 private constant ONE = 1e18;

    function testFuzz_mulDown_mulUp_bracketProduct(uint128 a, uint128 b) public pure {
        uint256 down = uint256(a).mulDown(b);
        uint256 up = uint256(a).mulUp(b);
        assertLe(down * ONE, uint256(a) * b);
        assertGe(up * ONE, uint256(a) * b);
        assertLe(up - down, 1);
    }

    function testFuzz_divDown_divUp_bracketQuotient(uint128 a, uint128 b) public pure {
        vm.assume(b != 0);
        uint256 down = uint256(a).divDown(b);
        uint256 up = uint256(a).divUp(b);
        assertLe(down * b, uint256(a) * ONE);
        assertGe(up * b, uint256(a) * ONE);
        assertLe(up - down, 1);
    }

    function testFuzz_mulDivUp_roundsUp(uint128 a, uint128 b, uint128 d) public pure {
        vm.assume(d != 0);
        uint256 up = PoolFixedPoint.mulDivUp(a, b, d);
        assertEq(up, Math.mulDiv(a, b, d, Math.Rounding.Ceil));
    }

    function test_complement_floorsAtZero() public pure {
        assertEq(uint256(0.3e18).complement(), 0.7e18);
        assertEq(ONE.complement(), 0);
        assertEq(uint256(2e18).complement(), 0);
    }

    function test_powRaw_edgeCases() public pure {
        assertEq(PoolFixedPoint.powRaw(0, 0), ONE);
        assertEq(PoolFixedPoint.powRaw(0, 0.5e18), 0);
        assertEq(PoolFixedPoint.powRaw(0.5e18, 0), ONE);
        assertEq(PoolFixedPoint.powRaw(ONE, 7e18), ONE);
        // A base below one to a huge power underflows to zero instead of reverting.
        assertEq(PoolFixedPoint.powRaw(1e9, 100e18), 0);
    }

    function test_pow_specialExponentsAreExact() public pure {
        uint256 x = 1.234567e18;
        assertEq(x.powDown(ONE), x);
        assertEq(x.powUp(ONE), x);
        assertEq(x.powDown(2e18), x.mulDown(x));
        assertEq(x.powUp(2e18), x.mulUp(x));
        assertEq(x.powDown(4e18), x.mulDown(x).mulDown(x.mulDown(x)));
        assertEq(x.powUp(4e18), x.mulUp(x).mulUp(x.mulUp(x)));
    }

    /// @dev Integer exponents are computable exactly (at 1e36 precision): the widened power must bracket them.
    function testFuzz_pow_bracketsIntegerPowers(uint256 x, uint256 k) public pure {
        x = bound(x, 0.7e18, 1.43e18);
        k = bound(k, 3, 100);
        vm.assume(k != 4);
        (uint256 lo, uint256 hi) = _exactPower(x, k);
        assertLe(x.powDown(k * ONE), lo, "powDown above exact");
        assertGe(x.powUp(k * ONE), hi, "powUp below exact");
        // The raw power is within the documented relative error.
        uint256 raw = PoolFixedPoint.powRaw(x, k * ONE);
        uint256 tolerance = hi * PoolFixedPoint.MAX_POW_RELATIVE_ERROR / ONE + 1;
        assertLe(raw, hi + tolerance);
        assertGe(raw + tolerance, lo);
    }

    /// @dev Square roots: powUp(x, 0.5)^2 >= x >= powDown(x, 0.5)^2, for trade-sized and balance-sized bases.
    function testFuzz_pow_bracketsSquareRoots(uint256 x) public pure {
        x = bound(x, 1, 1e38);
        uint256 up = x.powUp(0.5e18);
        uint256 down = x.powDown(0.5e18);
        assertGe(up * up, x * ONE, "powUp(x, 0.5) too small");
        assertLe(down * down, x * ONE, "powDown(x, 0.5) too large");
        uint256 exact = Math.sqrt(x * ONE);
        // The widening (one error bound) plus the raw error (below the bound) stay within two bounds.
        assertLe(up - exact, 2 * exact * PoolFixedPoint.MAX_POW_RELATIVE_ERROR / ONE + 2);
    }

    /// @dev Fourth roots of ratios below one, the shape of weighted trades with weights 0.2 / 0.8.
    function testFuzz_pow_bracketsFourthRoots(uint256 x) public pure {
        x = bound(x, 1e12, ONE);
        uint256 up = x.powUp(0.25e18);
        uint256 down = x.powDown(0.25e18);
        // x^(1/4) in 1e18 fixed point = sqrt(sqrt(x * 1e54)).
        uint256 exactDown = Math.sqrt(Math.sqrt(x * 1e54));
        assertGe(up, exactDown + 1, "powUp below exact");
        assertLe(down, exactDown, "powDown above exact");
    }

    /// @dev x^k at 1e36 precision, rounded down and up at every step.
    function _exactPower(uint256 x, uint256 k) private pure returns (uint256 lo, uint256 hi) {
        uint256 x36 = x * ONE;
        lo = 1e36;
        hi = 1e36;
        for (uint256 i; i < k; ++i) {
            lo = Math.mulDiv(lo, x36, 1e36);
            hi = Math.mulDiv(hi, x36, 1e36, Math.Rounding.Ceil);
        }
        lo = lo / ONE;
        hi = Math.ceilDiv(hi, ONE);
    }
}
