// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {StableMath} from "../../src/libraries/StableMath.sol";
import {StableMathHarness} from "./StableMathHarness.sol";

/// @notice StableSwap math: Newton convergence over wide ranges, the invariant never falling on a trade, monotonic
///         and consistent pricing, and join / exit round trips.
contract StableMathTest is Test {
    StableMathHarness private harness = new StableMathHarness();

    /// @dev n balances around `base` (1e6 to 1e33 wei) with per-token ratios up to 1e4:1 (so up to 1e8 between two
    ///      tokens), and A from 1 to 5000.
    function _state(uint256 seed, uint256 n, uint256 base, uint256 amp)
        private
        pure
        returns (uint256[] memory xp, uint256 a)
    {
        n = bound(n, 2, 5);
        base = bound(base, 1e6, 1e29);
        a = bound(amp, StableMath.MIN_AMP, StableMath.MAX_AMP);
        xp = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 factor = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1e4);
            xp[i] = base * factor;
        }
    }

    function testFuzz_calcInvariant_convergesAndIsBounded(uint256 seed, uint256 n, uint256 base, uint256 amp)
        public
        pure
    {
        (uint256[] memory xp, uint256 a) = _state(seed, n, base, amp);
        uint256 d = StableMath.calcInvariant(a, xp);
        uint256 sum;
        uint256 minBalance = type(uint256).max;
        for (uint256 i; i < xp.length; ++i) {
            sum += xp[i];
            if (xp[i] < minBalance) minBalance = xp[i];
        }
        assertLe(d, sum + 1);
        assertGe(d, minBalance * xp.length - 1);
    }

    function test_calcInvariant_balancedPoolIsSum() public pure {
        uint256[] memory xp = new uint256[](3);
        xp[0] = xp[1] = xp[2] = 1_000_000e18;
        assertApproxEqAbs(StableMath.calcInvariant(200_000, xp), 3_000_000e18, 1);
    }

    function test_calcInvariant_revertsOnZeroBalance() public {
        uint256[] memory xp = new uint256[](2);
        xp[0] = 1e18;
        vm.expectRevert(IPoolManagerTypes.StableZeroBalance.selector);
        harness.calcInvariant(100_000, xp);
    }

    function test_calcBalance_revertsOnZeroOtherBalance() public {
        uint256[] memory xp = new uint256[](3);
        xp[0] = 1e18;
        xp[1] = 1e18;
        vm.expectRevert(IPoolManagerTypes.StableZeroBalance.selector);
        harness.calcBalance(100_000, xp, 3e18, 0);
    }

    /// @dev Solving for a balance that is already in the pool recovers it (rounded up, within the Newton tolerance).
    function testFuzz_calcBalance_recoversBalance(uint256 seed, uint256 n, uint256 base, uint256 amp, uint256 j)
        public
        pure
    {
        (uint256[] memory xp, uint256 a) = _state(seed, n, base, amp);
        j = bound(j, 0, xp.length - 1);
        uint256 d = StableMath.calcInvariant(a, xp);
        uint256 y = StableMath.calcBalance(a, xp, d, j);
        assertApproxEqAbs(y, xp[j], xp[j] / 1e12 + 2);
    }

    /// @dev The invariant of the balances after a trade is never below the invariant before it.
    function testFuzz_calcOutGivenIn_neverLowersInvariant(
        uint256 seed,
        uint256 n,
        uint256 base,
        uint256 amp,
        uint256 dx,
        uint256 i,
        uint256 j
    ) public pure {
        (uint256[] memory xp, uint256 a) = _state(seed, n, base, amp);
        i = bound(i, 0, xp.length - 1);
        j = bound(j, 0, xp.length - 2);
        if (j >= i) ++j;
        dx = bound(dx, 1, xp[i] * 2);
        uint256 d0 = StableMath.calcInvariant(a, xp);
        uint256 dy = StableMath.calcOutGivenIn(a, xp, i, j, dx);
        vm.assume(dy < xp[j]);
        xp[i] += dx;
        xp[j] -= dy;
        assertGe(StableMath.calcInvariant(a, xp), d0);
    }

    function testFuzz_calcInGivenOut_neverLowersInvariant(
        uint256 seed,
        uint256 n,
        uint256 base,
        uint256 amp,
        uint256 dy,
        uint256 i,
        uint256 j
    ) public pure {
        (uint256[] memory xp, uint256 a) = _state(seed, n, base, amp);
        i = bound(i, 0, xp.length - 1);
        j = bound(j, 0, xp.length - 2);
        if (j >= i) ++j;
        dy = bound(dy, 1, xp[j] * 9 / 10);
        uint256 d0 = StableMath.calcInvariant(a, xp);
        uint256 dx = StableMath.calcInGivenOut(a, xp, i, j, dy);
        xp[i] += dx;
        xp[j] -= dy;
        assertGe(StableMath.calcInvariant(a, xp), d0);
    }

    function testFuzz_calcOutGivenIn_monotonic(uint256 seed, uint256 base, uint256 amp, uint256 dx1, uint256 dx2)
        public
        pure
    {
        (uint256[] memory xp, uint256 a) = _state(seed, 2, base, amp);
        dx1 = bound(dx1, 0, xp[0]);
        dx2 = bound(dx2, dx1, xp[0]);
        uint256 dy1 = StableMath.calcOutGivenIn(a, xp, 0, 1, dx1);
        uint256 dy2 = StableMath.calcOutGivenIn(a, xp, 0, 1, dx2);
        assertLe(dy1, dy2);
        assertLt(dy2, xp[1]);
    }

    function testFuzz_calcInGivenOut_monotonic(uint256 seed, uint256 base, uint256 amp, uint256 dy1, uint256 dy2)
        public
        pure
    {
        (uint256[] memory xp, uint256 a) = _state(seed, 2, base, amp);
        dy1 = bound(dy1, 0, xp[1] * 9 / 10);
        dy2 = bound(dy2, dy1, xp[1] * 9 / 10);
        uint256 dx1 = StableMath.calcInGivenOut(a, xp, 0, 1, dy1);
        uint256 dx2 = StableMath.calcInGivenOut(a, xp, 0, 1, dy2);
        assertLe(dx1, dx2);
    }

    /// @dev Paying what exact-out asks buys at least that much by exact-in, and exact-out for the exact-in output
    ///      never asks more than was paid (each within the Newton tolerance of a few wei per 1e12).
    function testFuzz_inAndOut_consistent(uint256 seed, uint256 base, uint256 amp, uint256 dx) public pure {
        (uint256[] memory xp, uint256 a) = _state(seed, 2, base, amp);
        dx = bound(dx, 1e3, xp[0]);
        uint256 dy = StableMath.calcOutGivenIn(a, xp, 0, 1, dx);
        vm.assume(dy > 0);
        uint256 back = StableMath.calcInGivenOut(a, xp, 0, 1, dy);
        assertLe(back, dx + dx / 1e12 + 4);
        assertGe(StableMath.calcOutGivenIn(a, xp, 0, 1, back) + dy / 1e12 + 4, dy);
    }

    /// @dev A -> B -> A on the updated balances never returns more than was sold.
    function testFuzz_roundTrip_neverProfitable(uint256 seed, uint256 n, uint256 base, uint256 amp, uint256 dx)
        public
        pure
    {
        (uint256[] memory xp, uint256 a) = _state(seed, n, base, amp);
        dx = bound(dx, 1, xp[0]);
        uint256 dy = StableMath.calcOutGivenIn(a, xp, 0, 1, dx);
        vm.assume(dy < xp[1]);
        xp[0] += dx;
        xp[1] -= dy;
        assertLe(StableMath.calcOutGivenIn(a, xp, 1, 0, dy), dx);
    }

    /// @dev Depositing one token and withdrawing the same token never returns more than was deposited.
    function testFuzz_joinThenExit_neverProfitable(
        uint256 seed,
        uint256 n,
        uint256 base,
        uint256 amp,
        uint256 amount,
        uint256 fee
    ) public pure {
        (uint256[] memory xp, uint256 a) = _state(seed, n, base, amp);
        amount = bound(amount, 1, xp[0]);
        fee = bound(fee, 1e12, 1e17);
        uint256 supply = StableMath.calcInvariant(a, xp);
        uint256[] memory amounts = new uint256[](xp.length);
        amounts[0] = amount;
        (uint256 lpOut, uint256[] memory fees) = StableMath.calcLpOutGivenExactTokensIn(a, xp, amounts, supply, fee);
        vm.assume(lpOut > 0);
        for (uint256 k; k < xp.length; ++k) {
            xp[k] = xp[k] + amounts[k] - fees[k];
        }
        (uint256 out,) = StableMath.calcTokenOutGivenExactLpIn(a, xp, 0, lpOut, supply + lpOut, fee);
        assertLe(out, amount);
    }

    /// @dev A balanced deposit pays (almost) no imbalance fee and mints shares in proportion to D.
    function test_calcLpOutGivenExactTokensIn_proportionalDepositPaysNoFee() public pure {
        uint256[] memory xp = new uint256[](2);
        xp[0] = xp[1] = 1_000_000e18;
        uint256[] memory amounts = new uint256[](2);
        amounts[0] = amounts[1] = 1000e18;
        (uint256 lpOut, uint256[] memory fees) =
            StableMath.calcLpOutGivenExactTokensIn(200_000, xp, amounts, 2_000_000e18, 0.01e18);
        assertLe(fees[0] + fees[1], 2);
        assertApproxEqAbs(lpOut, 2000e18, 4);
        assertLe(lpOut, 2000e18);
    }

    function test_imbalanceFee_curveFactor() public pure {
        assertEq(StableMath.imbalanceFee(0.004e18, 2), 0.002e18);
        assertEq(StableMath.imbalanceFee(0.004e18, 3), 0.0015e18);
    }

    // ---------------------------------------------------------------- the pools' domain

    /// @dev A state the pools allow: n balances, the largest `top` (1e6 to `MAX_BALANCE`), every other between 1% of
    ///      it and it, and A from 1 to 5000.
    function _boundedState(uint256 seed, uint256 n, uint256 top, uint256 amp)
        private
        pure
        returns (uint256[] memory xp, uint256 a)
    {
        n = bound(n, 2, 5);
        top = bound(top, 1e6, StableMath.MAX_BALANCE);
        a = bound(amp, StableMath.MIN_AMP, StableMath.MAX_AMP);
        xp = new uint256[](n);
        uint256 floor = (top + StableMath.MAX_IMBALANCE - 1) / StableMath.MAX_IMBALANCE;
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // Half the tokens sit at an end of the range: the corners are where the math is stretched most.
            xp[i] = r % 4 == 0 ? floor : r % 4 == 1 ? top : bound(r >> 2, floor, top);
        }
        xp[seed % n] = top;
    }

    function _pair(uint256 n, uint256 i, uint256 j) private pure returns (uint256, uint256) {
        i = bound(i, 0, n - 1);
        j = bound(j, 0, n - 2);
        if (j >= i) ++j;
        return (i, j);
    }

    /// @dev Within the pools' bounds, exact-in never fails or lowers D: the input may lift its balance up to 100x the
    ///      smallest other (and `MAX_BALANCE`), whatever that leaves of the output.
    function testFuzz_calcOutGivenIn_withinPoolBounds(
        uint256 seed,
        uint256 n,
        uint256 top,
        uint256 amp,
        uint256 dx,
        uint256 i,
        uint256 j
    ) public pure {
        (uint256[] memory xp, uint256 a) = _boundedState(seed, n, top, amp);
        (i, j) = _pair(xp.length, i, j);
        uint256 limit = StableMath.MAX_BALANCE;
        for (uint256 k; k < xp.length; ++k) {
            if (k != i && xp[k] * StableMath.MAX_IMBALANCE < limit) limit = xp[k] * StableMath.MAX_IMBALANCE;
        }
        vm.assume(limit > xp[i]);
        dx = bound(dx, 1, limit - xp[i]);
        uint256 d0 = StableMath.calcInvariant(a, xp);
        uint256 dy = StableMath.calcOutGivenIn(a, xp, i, j, dx);
        assertLt(dy, xp[j]);
        xp[i] += dx;
        xp[j] -= dy;
        assertGe(StableMath.calcInvariant(a, xp), d0);
    }

    /// @dev Within the pools' bounds, exact-out never fails or lowers D: the output may leave its balance down to 1%
    ///      of the largest other, whatever input that asks for.
    function testFuzz_calcInGivenOut_withinPoolBounds(
        uint256 seed,
        uint256 n,
        uint256 top,
        uint256 amp,
        uint256 dy,
        uint256 i,
        uint256 j
    ) public pure {
        (uint256[] memory xp, uint256 a) = _boundedState(seed, n, top, amp);
        (i, j) = _pair(xp.length, i, j);
        uint256 largest;
        for (uint256 k; k < xp.length; ++k) {
            if (k != j && xp[k] > largest) largest = xp[k];
        }
        uint256 floor = (largest + StableMath.MAX_IMBALANCE - 1) / StableMath.MAX_IMBALANCE;
        vm.assume(xp[j] > floor);
        dy = bound(dy, 1, xp[j] - floor);
        uint256 d0 = StableMath.calcInvariant(a, xp);
        uint256 dx = StableMath.calcInGivenOut(a, xp, i, j, dy);
        xp[i] += dx;
        xp[j] -= dy;
        assertGe(StableMath.calcInvariant(a, xp), d0);
    }

    /// @dev Within the pools' bounds a single-token join either mints or stops at the 5x invariant bound, with fees up
    ///      to 10%; never a panic.
    function testFuzz_calcLpOutGivenExactTokensIn_withinPoolBounds(
        uint256 seed,
        uint256 n,
        uint256 top,
        uint256 amp,
        uint256 amount,
        uint256 fee
    ) public view {
        (uint256[] memory xp, uint256 a) = _boundedState(seed, n, top, amp);
        uint256 i = seed % xp.length;
        uint256 limit = StableMath.MAX_BALANCE;
        for (uint256 k; k < xp.length; ++k) {
            if (k != i && xp[k] * StableMath.MAX_IMBALANCE < limit) limit = xp[k] * StableMath.MAX_IMBALANCE;
        }
        vm.assume(limit > xp[i]);
        uint256[] memory amounts = new uint256[](xp.length);
        amounts[i] = bound(amount, 1, limit - xp[i]);
        uint256 supply = StableMath.calcInvariant(a, xp);
        try harness.calcLpOutGivenExactTokensIn(a, xp, amounts, supply, bound(fee, 1e12, 1e17)) returns (uint256) {
            return;
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), IPoolManagerTypes.MaxInvariantRatioExceeded.selector);
        }
    }

    /// @dev Within the pools' bounds a single-token exit of any share of the supply prices without failing.
    function testFuzz_calcTokenOutGivenExactLpIn_withinPoolBounds(
        uint256 seed,
        uint256 n,
        uint256 top,
        uint256 amp,
        uint256 lpIn,
        uint256 fee
    ) public view {
        (uint256[] memory xp, uint256 a) = _boundedState(seed, n, top, amp);
        uint256 supply = StableMath.calcInvariant(a, xp);
        lpIn = bound(lpIn, 1, supply - 1);
        uint256 i = (seed >> 8) % xp.length;
        assertLe(harness.calcTokenOutGivenExactLpIn(a, xp, i, lpIn, supply, bound(fee, 1e12, 1e17)), xp[i]);
    }

    /// @dev The corners of the domain: one balance at `MAX_BALANCE` and the rest at 1% of it, the largest bought down
    ///      to 1% of the next (the hardest case for the Newton iterate of y), for n = 2..5 and A = 1 and 5000.
    function test_calcInGivenOut_domainCorners() public pure {
        uint256 top = StableMath.MAX_BALANCE;
        for (uint256 n = 2; n <= 5; ++n) {
            for (uint256 k; k < 2; ++k) {
                uint256 a = k == 0 ? StableMath.MIN_AMP : StableMath.MAX_AMP;
                uint256[] memory xp = new uint256[](n);
                xp[0] = top;
                for (uint256 i = 1; i < n; ++i) {
                    xp[i] = top / 100;
                }
                uint256 dy = top - top / 100 / 100;
                uint256 dx = StableMath.calcInGivenOut(a, xp, 1, 0, dy);
                assertGt(dx, 0);
            }
        }
    }

    function test_calcLpOutGivenExactTokensIn_revertsPastMaxInvariantRatio() public {
        uint256[] memory xp = new uint256[](2);
        xp[0] = xp[1] = 1_000_000e18;
        uint256[] memory amounts = new uint256[](2);
        amounts[1] = 10_000_000e18;
        vm.expectPartialRevert(IPoolManagerTypes.MaxInvariantRatioExceeded.selector);
        harness.calcLpOutGivenExactTokensIn(200_000, xp, amounts, 2_000_000e18, 0.1e18);
    }
}
