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
}
