// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {PoolFixedPoint} from "../../src/libraries/PoolFixedPoint.sol";
import {WeightedMath} from "../../src/libraries/WeightedMath.sol";

/// @notice Weighted-pool formulas: monotonicity, rounding in the pool's favour against exactly computable
///         references, exact-in / exact-out consistency and join / exit round trips.
contract WeightedMathTest is Test {
    uint256 private constant ONE = 1e18;

    struct Pool {
        uint256 balanceIn;
        uint256 weightIn;
        uint256 balanceOut;
        uint256 weightOut;
    }

    function _pool(uint256 bIn, uint256 bOut, uint256 wIn) private pure returns (Pool memory p) {
        p.balanceIn = bound(bIn, 1e6, 1e30);
        p.balanceOut = bound(bOut, 1e6, 1e30);
        p.weightIn = bound(wIn, 0.01e18, 0.99e18);
        p.weightOut = ONE - p.weightIn;
    }

    function _maxIn(Pool memory p) private pure returns (uint256) {
        return p.balanceIn * 3 / 10;
    }

    function testFuzz_calcOutGivenIn_monotonicInAmount(uint256 bIn, uint256 bOut, uint256 wIn, uint256 a1, uint256 a2)
        public
        pure
    {
        Pool memory p = _pool(bIn, bOut, wIn);
        a1 = bound(a1, 0, _maxIn(p));
        a2 = bound(a2, a1, _maxIn(p));
        uint256 out1 = WeightedMath.calcOutGivenIn(p.balanceIn, p.weightIn, p.balanceOut, p.weightOut, a1);
        uint256 out2 = WeightedMath.calcOutGivenIn(p.balanceIn, p.weightIn, p.balanceOut, p.weightOut, a2);
        assertLe(out1, out2);
        assertLt(out2, p.balanceOut);
    }

    function testFuzz_calcInGivenOut_monotonicInAmount(uint256 bIn, uint256 bOut, uint256 wIn, uint256 q1, uint256 q2)
        public
        pure
    {
        Pool memory p = _pool(bIn, bOut, wIn);
        uint256 maxOut = p.balanceOut * 3 / 10;
        q1 = bound(q1, 0, maxOut);
        q2 = bound(q2, q1, maxOut);
        uint256 in1 = WeightedMath.calcInGivenOut(p.balanceIn, p.weightIn, p.balanceOut, p.weightOut, q1);
        uint256 in2 = WeightedMath.calcInGivenOut(p.balanceIn, p.weightIn, p.balanceOut, p.weightOut, q2);
        assertLe(in1, in2);
    }

    /// @dev Equal weights skip the power: out = floor(Bo * A / (Bi + A)), in = ceil(Bi * Q / (Bo - Q)).
    function testFuzz_equalWeights_exactFormulas(uint256 bIn, uint256 bOut, uint256 amount) public pure {
        Pool memory p = _pool(bIn, bOut, 0.5e18);
        amount = bound(amount, 1, _maxIn(p));
        assertEq(
            WeightedMath.calcOutGivenIn(p.balanceIn, 0.5e18, p.balanceOut, 0.5e18, amount),
            p.balanceOut * amount / (p.balanceIn + amount)
        );
        uint256 q = bound(amount, 1, p.balanceOut * 3 / 10);
        assertEq(
            WeightedMath.calcInGivenOut(p.balanceIn, 0.5e18, p.balanceOut, 0.5e18, q),
            Math.mulDiv(p.balanceIn, q, p.balanceOut - q, Math.Rounding.Ceil)
        );
    }

    /// @dev Weights 0.2 (in) / 0.8 (out): out = Bo (1 - r^(1/4)) with r = Bi / (Bi + A) is exactly computable with
    ///      integer square roots; the library must never pay more than the exact value.
    function testFuzz_calcOutGivenIn_neverAboveExact(uint256 bIn, uint256 bOut, uint256 amount) public pure {
        Pool memory p = _pool(bIn, bOut, 0.2e18);
        amount = bound(amount, 1, _maxIn(p));
        uint256 out = WeightedMath.calcOutGivenIn(p.balanceIn, 0.2e18, p.balanceOut, 0.8e18, amount);
        // Upper bound of the exact fourth root from the ratio rounded up: the exact output is at least this.
        uint256 ratioUp = Math.mulDiv(p.balanceIn, 1e36, p.balanceIn + amount, Math.Rounding.Ceil);
        uint256 rootUp = Math.sqrt(Math.sqrt(ratioUp * 1e36, Math.Rounding.Ceil), Math.Rounding.Ceil);
        uint256 exactLowerBound = Math.mulDiv(p.balanceOut, 1e18 - Math.min(rootUp, 1e18), 1e18);
        assertLe(out, exactLowerBound);
    }

    /// @dev Weights 0.8 (in) / 0.2 (out): in = Bi ((Bo / (Bo - Q))^(1/4) - 1); the library must never charge less.
    function testFuzz_calcInGivenOut_neverBelowExact(uint256 bIn, uint256 bOut, uint256 q) public pure {
        Pool memory p = _pool(bIn, bOut, 0.8e18);
        q = bound(q, 1, p.balanceOut * 3 / 10);
        uint256 amountIn = WeightedMath.calcInGivenOut(p.balanceIn, 0.8e18, p.balanceOut, 0.2e18, q);
        uint256 ratioUp = Math.mulDiv(p.balanceOut, 1e36, p.balanceOut - q, Math.Rounding.Ceil);
        uint256 rootUp = Math.sqrt(Math.sqrt(ratioUp * 1e36, Math.Rounding.Ceil), Math.Rounding.Ceil);
        uint256 exactUpperBound = Math.mulDiv(p.balanceIn, rootUp - 1e18, 1e18, Math.Rounding.Ceil);
        assertGe(amountIn, exactUpperBound);
    }

    /// @dev Exact-in and exact-out agree: paying what exact-out asks for `q` buys at least `q` by exact-in (up to
    ///      the output's own rounding), and buying the exact-in output never costs more than was paid (idem).
    ///      Weights are kept in [5%, 95%]: with 1% / 99% weights a 30% trade drives the power to ~1e-10, where the
    ///      one-wei widening of `powUp` alone shifts the other leg by ~1e-8 relative (still in the pool's favour on
    ///      each leg, which `testFuzz_roundTrip_neverProfitable` checks over the full range).
    function testFuzz_inAndOut_consistent(uint256 bIn, uint256 bOut, uint256 wIn, uint256 amount) public pure {
        Pool memory p = _pool(bIn, bOut, wIn);
        p.weightIn = bound(wIn, 0.05e18, 0.95e18);
        p.weightOut = ONE - p.weightIn;
        amount = bound(amount, 1e3, _maxIn(p));
        uint256 q = WeightedMath.calcOutGivenIn(p.balanceIn, p.weightIn, p.balanceOut, p.weightOut, amount);
        vm.assume(q > 0);
        uint256 back = WeightedMath.calcInGivenOut(p.balanceIn, p.weightIn, p.balanceOut, p.weightOut, q);
        // Tolerance: each leg moves its power by at most two error bounds (widening plus raw error). On the exact-in
        // leg that is an output of Bo * 2e-14, worth Bi * (wo / wi) * 2e-14 of input at the spot price; on the
        // exact-out leg an input of Bi * 2e-14. Doubled for safety, plus a wei per leg.
        uint256 tolerance = Math.mulDiv(
            p.balanceIn, 4 * PoolFixedPoint.MAX_POW_RELATIVE_ERROR * (p.weightIn + p.weightOut), p.weightIn * ONE
        ) + 2;
        assertLe(back, amount + tolerance, "exact-out dearer than exact-in");
        // in(out(x)) >= x up to the flooring of out(x): it prices q no cheaper than the exact curve.
        uint256 qPlusOne = WeightedMath.calcInGivenOut(p.balanceIn, p.weightIn, p.balanceOut, p.weightOut, q + 1);
        assertGe(qPlusOne + tolerance, amount, "exact-out cheaper than exact-in");
    }

    /// @dev Selling A for B, then the B received back into A on the updated balances, never returns more A.
    function testFuzz_roundTrip_neverProfitable(uint256 bIn, uint256 bOut, uint256 wIn, uint256 amount) public pure {
        Pool memory p = _pool(bIn, bOut, wIn);
        amount = bound(amount, 1, _maxIn(p));
        uint256 q = WeightedMath.calcOutGivenIn(p.balanceIn, p.weightIn, p.balanceOut, p.weightOut, amount);
        uint256 newIn = p.balanceIn + amount;
        uint256 newOut = p.balanceOut - q;
        vm.assume(q <= newOut * 3 / 10);
        uint256 back = WeightedMath.calcOutGivenIn(newOut, p.weightOut, newIn, p.weightIn, q);
        assertLe(back, amount);
    }

    function testFuzz_calcInvariant_monotonicInBalances(uint256 b0, uint256 b1, uint256 extra, uint256 w0)
        public
        pure
    {
        uint256[] memory weights = new uint256[](2);
        weights[0] = bound(w0, 0.01e18, 0.99e18);
        weights[1] = ONE - weights[0];
        uint256[] memory balances = new uint256[](2);
        balances[0] = bound(b0, 1e6, 1e36);
        balances[1] = bound(b1, 1e6, 1e36);
        uint256 before = WeightedMath.calcInvariant(weights, balances);
        balances[0] += bound(extra, 0, 1e36);
        assertGe(WeightedMath.calcInvariant(weights, balances), before);
    }

    function test_calcInvariant_equalBalancesIsBalance() public pure {
        uint256[] memory weights = new uint256[](3);
        weights[0] = 0.2e18;
        weights[1] = 0.3e18;
        weights[2] = 0.5e18;
        uint256[] memory balances = new uint256[](3);
        balances[0] = balances[1] = balances[2] = 1000e18;
        // Each factor is rounded down by one power error bound.
        assertApproxEqRel(
            WeightedMath.calcInvariant(weights, balances), 1000e18, 4 * PoolFixedPoint.MAX_POW_RELATIVE_ERROR
        );
        assertLe(WeightedMath.calcInvariant(weights, balances), 1000e18);
    }

    /// @dev (1 + x)^w - 1 <= w x: a single-token join never mints more than its proportional value.
    function testFuzz_calcLpOutGivenExactTokenIn_boundedByProportional(
        uint256 balance,
        uint256 weight,
        uint256 amountIn,
        uint256 supply,
        uint256 fee
    ) public pure {
        balance = bound(balance, 1e6, 1e30);
        weight = bound(weight, 0.01e18, 0.99e18);
        amountIn = bound(amountIn, 0, balance * 3 / 10);
        supply = bound(supply, 1e6, 1e30);
        fee = bound(fee, 1e12, 1e17);
        (uint256 lpOut, uint256 feeAmount) =
            WeightedMath.calcLpOutGivenExactTokenIn(balance, weight, amountIn, supply, fee);
        assertLe(lpOut, Math.mulDiv(supply, Math.mulDiv(weight, amountIn, balance), ONE));
        // The fee only taxes the (1 - w) share of the deposit.
        assertLe(feeAmount, Math.mulDiv(amountIn, fee, ONE) + 1);
    }

    /// @dev Joining with one token and exiting into the same token never returns more than was deposited.
    function testFuzz_joinThenExit_neverProfitable(
        uint256 balance,
        uint256 weight,
        uint256 amountIn,
        uint256 supply,
        uint256 fee
    ) public pure {
        balance = bound(balance, 1e9, 1e30);
        weight = bound(weight, 0.01e18, 0.99e18);
        amountIn = bound(amountIn, 1, balance * 3 / 10);
        supply = bound(supply, 1e9, 1e30);
        fee = bound(fee, 1e12, 1e17);
        (uint256 lpOut, uint256 joinFee) =
            WeightedMath.calcLpOutGivenExactTokenIn(balance, weight, amountIn, supply, fee);
        vm.assume(lpOut > 0);
        (uint256 out,) =
            WeightedMath.calcTokenOutGivenExactLpIn(balance + amountIn - joinFee, weight, lpOut, supply + lpOut, fee);
        assertLe(out, amountIn);
    }

    function testFuzz_calcTokenOutGivenExactLpIn_monotonic(uint256 balance, uint256 weight, uint256 lp1, uint256 lp2)
        public
        pure
    {
        balance = bound(balance, 1e6, 1e30);
        weight = bound(weight, 0.01e18, 0.99e18);
        uint256 supply = 1e24;
        lp1 = bound(lp1, 0, supply / 10);
        lp2 = bound(lp2, lp1, supply / 10);
        (uint256 out1,) = WeightedMath.calcTokenOutGivenExactLpIn(balance, weight, lp1, supply, 0.003e18);
        (uint256 out2,) = WeightedMath.calcTokenOutGivenExactLpIn(balance, weight, lp2, supply, 0.003e18);
        assertLe(out1, out2);
        assertLe(out2, balance);
    }
}
