// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice Quotes equal executions, and executions never lower a pool's invariant, across pools and sizes.
contract LiquidityPoolManagerFuzzTest is PoolTestBase {
    struct Pick {
        bytes32 poolId;
        uint256 balanceIn;
        uint256 balanceOut;
        uint256[] balances;
        uint256[] weights;
        address tokenIn;
        address tokenOut;
        bool weighted;
    }

    function _pick(uint256 poolSeed, uint256 inSeed, uint256 outSeed) private view returns (Pick memory p) {
        bytes32[5] memory pools = [weighted5050, weighted8020, weighted3, stable2, stable3];
        p.poolId = pools[poolSeed % 5];
        p.weighted = poolSeed % 5 < 3;
        (address[] memory tokens, uint256[] memory balances, uint256[] memory weights,,) =
            manager.getPoolState(p.poolId);
        p.balances = balances;
        p.weights = weights;
        uint256 i = inSeed % tokens.length;
        uint256 j = (i + 1 + outSeed % (tokens.length - 1)) % tokens.length;
        p.tokenIn = tokens[i];
        p.tokenOut = tokens[j];
        p.balanceIn = balances[i];
        p.balanceOut = balances[j];
    }

    function testFuzz_quoteSwap_equalsSwapExactIn(uint256 poolSeed, uint256 inSeed, uint256 outSeed, uint256 amount)
        public
    {
        Pick memory p = _pick(poolSeed, inSeed, outSeed);
        // Stable pools: up to the balance itself stays clear of the 1% floor at these amplifications.
        amount = bound(amount, 1, p.weighted ? p.balanceIn * 3 / 10 : p.balanceIn);
        uint256 invariantBefore = manager.getInvariant(p.poolId);
        uint256 quote = manager.quoteSwap(p.poolId, p.tokenIn, p.tokenOut, amount);
        vm.prank(bob);
        uint256 out = manager.swapExactIn(p.poolId, p.tokenIn, p.tokenOut, amount, 0, bob, _deadline());
        assertEq(out, quote);
        _assertInvariantHeld(p, invariantBefore);
        _assertSolvent(p.tokenIn);
        _assertSolvent(p.tokenOut);
    }

    function testFuzz_quoteSwapExactOut_equalsSwapExactOut(
        uint256 poolSeed,
        uint256 inSeed,
        uint256 outSeed,
        uint256 amount
    ) public {
        Pick memory p = _pick(poolSeed, inSeed, outSeed);
        amount = bound(amount, 1, p.weighted ? p.balanceOut * 3 / 10 : p.balanceOut * 9 / 10);
        uint256 invariantBefore = manager.getInvariant(p.poolId);
        uint256 quote = manager.quoteSwapExactOut(p.poolId, p.tokenIn, p.tokenOut, amount);
        vm.prank(bob);
        uint256 amountIn =
            manager.swapExactOut(p.poolId, p.tokenIn, p.tokenOut, amount, type(uint256).max, bob, _deadline());
        assertEq(amountIn, quote);
        _assertInvariantHeld(p, invariantBefore);
    }

    /// @dev Weighted pools: exact ratio-product check; stable pools: D at the same amplification.
    function _assertInvariantHeld(Pick memory p, uint256 invariantBefore) private view {
        if (p.weighted) {
            assertTrue(_weightedInvariantHeld(p.balances, _balances(p.poolId), p.weights), "invariant fell");
        } else {
            assertGe(manager.getInvariant(p.poolId), invariantBefore, "invariant fell");
        }
    }

    /// @dev in(out(x) + 1) >= x: buying (one wei more than) what exact-in pays for x never costs less than x,
    ///      within the documented rounding of each leg.
    function testFuzz_swapExactOut_notCheaperThanExactIn(
        uint256 poolSeed, uint256 inSeed, uint256 outSeed, uint256 amount
    )
        public
        view
    {
        Pick memory p = _pick(poolSeed, inSeed, outSeed);
        amount = bound(amount, 1e6, p.weighted ? p.balanceIn / 20 : p.balanceIn);
        uint256 out = manager.quoteSwap(p.poolId, p.tokenIn, p.tokenOut, amount);
        vm.assume(out > 1);
        uint256 costOfMore = manager.quoteSwapExactOut(p.poolId, p.tokenIn, p.tokenOut, out + 1);
        // Weighted legs each carry the power's error bound (~1e-14 of the balance, both in the pool's favour but in
        // opposite directions here), so they agree to about balance / 1e11; stable legs to a few wei.
        uint256 tolerance = (p.weighted ? p.balanceIn / 1e11 : 0) + amount / 1e9 + 1;
        assertGe(costOfMore + tolerance, amount);
    }

    function testFuzz_addLiquiditySingle_equalsQuote(uint256 poolSeed, uint256 inSeed, uint256 amount) public {
        Pick memory p = _pick(poolSeed, inSeed, 0);
        amount = bound(amount, 1e6, p.weighted ? p.balanceIn * 3 / 10 : p.balanceIn);
        uint256 quote = manager.quoteAddLiquiditySingle(p.poolId, p.tokenIn, amount);
        vm.assume(quote > 0);
        vm.prank(bob);
        uint256 lpOut = manager.addLiquiditySingle(p.poolId, p.tokenIn, amount, 0, bob, _deadline());
        assertEq(lpOut, quote);
        // Exiting proportionally right away never returns more of the deposited token than was deposited.
        uint256[] memory minOut = new uint256[](p.balances.length);
        vm.prank(bob);
        uint256[] memory out = manager.removeLiquidity(p.poolId, lpOut, minOut, bob, _deadline());
        (address[] memory tokens,,,,) = manager.getPoolState(p.poolId);
        for (uint256 i; i < tokens.length; ++i) {
            if (tokens[i] == p.tokenIn) assertLe(out[i], amount);
        }
        _assertSolvent(p.tokenIn);
    }

    function testFuzz_removeLiquiditySingle_equalsQuote(uint256 poolSeed, uint256 outSeed, uint256 lpIn) public {
        Pick memory p = _pick(poolSeed, outSeed, 0);
        // Stable pools: a quarter of the shares in one token stays clear of the 1% floor.
        lpIn = bound(lpIn, 1e6, _lp(p.poolId).balanceOf(alice) / (p.weighted ? 20 : 4));
        uint256 quote = manager.quoteRemoveLiquiditySingle(p.poolId, lpIn, p.tokenIn);
        vm.prank(alice);
        uint256 out = manager.removeLiquiditySingle(p.poolId, lpIn, p.tokenIn, 0, alice, _deadline());
        assertEq(out, quote);
        _assertSolvent(p.tokenIn);
    }

    /// @dev Selling into a pool and immediately selling the proceeds back never returns more than was sold.
    function testFuzz_swapRoundTrip_neverProfitable(uint256 poolSeed, uint256 inSeed, uint256 outSeed, uint256 amount)
        public
    {
        Pick memory p = _pick(poolSeed, inSeed, outSeed);
        amount = bound(amount, 1, p.weighted ? p.balanceIn / 5 : p.balanceIn);
        vm.startPrank(bob);
        uint256 out = manager.swapExactIn(p.poolId, p.tokenIn, p.tokenOut, amount, 0, bob, _deadline());
        vm.assume(out > 0);
        if (p.weighted) vm.assume(out <= (p.balanceOut - out) * 3 / 10);
        uint256 back = manager.swapExactIn(p.poolId, p.tokenOut, p.tokenIn, out, 0, bob, _deadline());
        vm.stopPrank();
        assertLe(back, amount);
    }
}
