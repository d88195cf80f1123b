// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {PoolTestBase} from "./PoolTestBase.sol";
import {ReentrantToken} from "./ReentrantToken.sol";

/// @notice Single and multi-hop swaps.
contract LiquidityPoolManagerSwapTest is PoolTestBase {
    bytes32 private constant UNKNOWN = keccak256("unknown");

    function _route2(bytes32 pool1, address out1, bytes32 pool2, address out2)
        private
        pure
        returns (IPoolManagerTypes.SwapStep[] memory route)
    {
        route = new IPoolManagerTypes.SwapStep[](2);
        route[0] = IPoolManagerTypes.SwapStep(pool1, out1);
        route[1] = IPoolManagerTypes.SwapStep(pool2, out2);
    }

    /// @dev A -(stable2)-> B -(weighted3)-> D.
    function _aToD() private view returns (IPoolManagerTypes.SwapStep[] memory) {
        return _route2(stable2, address(tokenB), weighted3, address(tokenD));
    }

    /// @dev A -(weighted5050)-> B -(weighted5050)-> A.
    function _aToAWeighted() private view returns (IPoolManagerTypes.SwapStep[] memory) {
        return _route2(weighted5050, address(tokenB), weighted5050, address(tokenA));
    }

    /// @dev A -(stable2)-> B -(weighted5050)-> A.
    function _aToAMixed() private view returns (IPoolManagerTypes.SwapStep[] memory) {
        return _route2(stable2, address(tokenB), weighted5050, address(tokenA));
    }

    // ---------------------------------------------------------------- swapExactIn

    function test_swapExactIn_weightedPaysQuoteAndAccruesProtocolFee() public {
        uint256 amountIn = 5000e18;
        uint256 quote = manager.quoteSwap(weighted5050, address(tokenA), address(tokenB), amountIn);
        // Equal weights: Bo * net / (Bi + net).
        uint256 net = amountIn - Math.mulDiv(amountIn, FEE, 1e18, Math.Rounding.Ceil);
        assertEq(quote, uint256(1_000_000e18) * net / (1_000_000e18 + net));
        uint256 protocolFee = (amountIn - net) * SHARE / 1e18;
        uint256 aliceB = tokenB.balanceOf(alice);

        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.Swap(
            weighted5050, bob, alice, address(tokenA), address(tokenB), amountIn, quote, protocolFee
        );
        vm.prank(bob);
        uint256 out =
            manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), amountIn, quote, alice, _deadline());

        assertEq(out, quote);
        assertEq(tokenB.balanceOf(alice), aliceB + out);
        uint256[] memory balances = _balances(weighted5050);
        assertEq(balances[0], 1_000_000e18 + amountIn - protocolFee);
        assertEq(balances[1], 1_000_000e18 - out);
        assertEq(manager.protocolFeesOwed(weighted5050)[0], protocolFee);
        _assertSolvent(address(tokenA));
        _assertSolvent(address(tokenB));
    }

    function test_swapExactIn_stableScalesDecimals() public {
        uint256 quote = manager.quoteSwap(stable3, address(tokenC), address(tokenD), 10_000e6);
        vm.prank(bob);
        uint256 out = manager.swapExactIn(stable3, address(tokenC), address(tokenD), 10_000e6, 0, bob, _deadline());
        assertEq(out, quote);
        // Balanced stable pool: close to 1:1 less the 0.04% fee.
        assertApproxEqRel(out, 9996e8, 0.0002e18);
        assertLt(out, 9996e8);
    }

    function test_swapExactIn_stableAllowsLargeTrades() public {
        vm.prank(bob);
        uint256 out = manager.swapExactIn(stable2, address(tokenA), address(tokenB), 900_000e18, 0, bob, _deadline());
        assertLt(out, 900_000e18);
        assertGt(out, 0);
    }

    function test_swapExactIn_revertsOnSlippage() public {
        uint256 quote = manager.quoteSwap(stable2, address(tokenA), address(tokenB), 1e18);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SlippageExceeded.selector, quote, quote + 1));
        vm.prank(bob);
        manager.swapExactIn(stable2, address(tokenA), address(tokenB), 1e18, quote + 1, bob, _deadline());
    }

    function test_swapExactIn_revertsAboveMaxInRatio() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.MaxInRatioExceeded.selector, 300_000e18 + 1, 300_000e18)
        );
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 300_000e18 + 1, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsOnSameToken() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SameToken.selector, address(tokenA)));
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenA), 1e18, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsOnTokenInNotInPool() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.TokenNotInPool.selector, weighted5050, address(tokenD))
        );
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenD), address(tokenB), 1e8, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsOnTokenOutNotInPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.TokenNotInPool.selector, stable2, address(tokenC)));
        vm.prank(bob);
        manager.swapExactIn(stable2, address(tokenA), address(tokenC), 1e18, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        vm.prank(bob);
        manager.swapExactIn(UNKNOWN, address(tokenA), address(tokenB), 1e18, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsOnZeroAmount() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAmount.selector);
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 0, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsAfterDeadline() public {
        vm.warp(1000);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.DeadlineExpired.selector, 999, 1000));
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1e18, 0, bob, 999);
    }

    function test_swapExactIn_acceptsDeadlineEqualToNow() public {
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1e18, 0, bob, block.timestamp);
    }

    function test_swapExactIn_revertsOnZeroRecipient() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAddress.selector);
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1e18, 0, address(0), _deadline());
    }

    function test_swapExactIn_revertsWhenPaused() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1e18, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsWhenTokenInTripped() public {
        oracle.setTripped(address(tokenA), true);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(tokenA)));
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1e18, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsWhenTokenOutTripped() public {
        oracle.setTripped(address(tokenB), true);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(tokenB)));
        vm.prank(bob);
        manager.swapExactIn(stable2, address(tokenA), address(tokenB), 1e18, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsOnUninitializedPool() public {
        vm.prank(admin);
        bytes32 id = manager.createStablePool(_pair(tokenA, tokenD), 100_000, FEE, "x", "x");
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.ZeroPoolBalance.selector, id, address(tokenA)));
        vm.prank(bob);
        manager.swapExactIn(id, address(tokenA), address(tokenD), 1e18, 0, bob, _deadline());
    }

    function test_swapExactIn_revertsOnReentrancy() public {
        ReentrantToken evil = new ReentrantToken();
        evil.mint(bob, 1e30);
        vm.prank(bob);
        evil.approve(address(manager), type(uint256).max);
        address[] memory tokens = new address[](2);
        tokens[0] = address(evil);
        tokens[1] = address(tokenA);
        vm.prank(admin);
        bytes32 id = manager.createWeightedPool(tokens, _w2(0.5e18, 0.5e18), FEE, "e", "e");
        vm.prank(bob);
        manager.initialize(id, _a2(1000e18, 1000e18), bob, _deadline());
        evil.arm(
            address(manager),
            abi.encodeCall(manager.swapExactIn, (id, address(tokenA), address(evil), 1e18, 0, bob, _deadline()))
        );
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(bob);
        manager.swapExactIn(id, address(evil), address(tokenA), 1e18, 0, bob, _deadline());
    }

    // ---------------------------------------------------------------- swapExactOut

    function test_swapExactOut_weightedTakesQuote() public {
        uint256 quote = manager.quoteSwapExactOut(weighted8020, address(tokenC), address(tokenA), 1000e18);
        uint256 bobC = tokenC.balanceOf(bob);
        uint256 aliceA = tokenA.balanceOf(alice);
        vm.prank(bob);
        uint256 amountIn =
            manager.swapExactOut(weighted8020, address(tokenC), address(tokenA), 1000e18, quote, alice, _deadline());
        assertEq(amountIn, quote);
        assertEq(tokenC.balanceOf(bob), bobC - amountIn);
        assertEq(tokenA.balanceOf(alice), aliceA + 1000e18);
        // 80/20 pool at price 1: 1000 A costs a little over 1000 C (fee and slippage).
        assertGt(amountIn, 1000e6);
        assertApproxEqRel(amountIn, 1003e6, 0.001e18);
        _assertSolvent(address(tokenC));
    }

    function test_swapExactOut_stableTakesQuote() public {
        uint256 quote = manager.quoteSwapExactOut(stable3, address(tokenD), address(tokenC), 1000e6);
        vm.prank(bob);
        uint256 amountIn =
            manager.swapExactOut(
                stable3, address(tokenD), address(tokenC), 1000e6, type(uint256).max, bob, _deadline()
            );
        assertEq(amountIn, quote);
        assertGt(amountIn, 1000e8);
    }

    function test_swapExactOut_revertsOnExcessiveAmountIn() public {
        uint256 quote = manager.quoteSwapExactOut(stable2, address(tokenA), address(tokenB), 1e18);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.ExcessiveAmountIn.selector, quote, quote - 1));
        vm.prank(bob);
        manager.swapExactOut(stable2, address(tokenA), address(tokenB), 1e18, quote - 1, bob, _deadline());
    }

    function test_swapExactOut_revertsAboveMaxOutRatio() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.MaxOutRatioExceeded.selector, 300_000e18 + 1, 300_000e18)
        );
        vm.prank(bob);
        manager.swapExactOut(
            weighted5050, address(tokenA), address(tokenB), 300_000e18 + 1, type(uint256).max, bob, _deadline()
        );
    }

    /// @dev What is left may not fall below 1% of the largest other balance (1,000,000e18 / 100).
    function test_swapExactOut_stableRevertsOnWholeBalance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.MaxOutRatioExceeded.selector, 1_000_000e18, 990_000e18)
        );
        vm.prank(bob);
        manager.swapExactOut(
            stable2, address(tokenA), address(tokenB), 1_000_000e18, type(uint256).max, bob, _deadline()
        );
    }

    function test_swapExactOut_revertsOnZeroAmount() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAmount.selector);
        vm.prank(bob);
        manager.swapExactOut(stable2, address(tokenA), address(tokenB), 0, type(uint256).max, bob, _deadline());
    }

    function test_swapExactOut_revertsWhenPaused() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        manager.swapExactOut(stable2, address(tokenA), address(tokenB), 1e18, type(uint256).max, bob, _deadline());
    }

    function test_swapExactOut_revertsWhenTripped() public {
        oracle.setTripped(address(tokenA), true);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(tokenA)));
        vm.prank(bob);
        manager.swapExactOut(stable2, address(tokenA), address(tokenB), 1e18, type(uint256).max, bob, _deadline());
    }

    function test_swapExactOut_revertsAfterDeadline() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.DeadlineExpired.selector, block.timestamp - 1, block.timestamp)
        );
        vm.prank(bob);
        manager.swapExactOut(
            stable2, address(tokenA), address(tokenB), 1e18, type(uint256).max, bob, block.timestamp - 1
        );
    }

    function test_swapExactOut_revertsOnSameToken() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SameToken.selector, address(tokenB)));
        vm.prank(bob);
        manager.swapExactOut(stable2, address(tokenB), address(tokenB), 1e18, type(uint256).max, bob, _deadline());
    }

    function test_quoteSwap_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        manager.quoteSwap(UNKNOWN, address(tokenA), address(tokenB), 1e18);
    }

    function test_quoteSwapExactOut_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        manager.quoteSwapExactOut(UNKNOWN, address(tokenA), address(tokenB), 1e18);
    }

    // ---------------------------------------------------------------- multi-hop

    function test_swapExactInMultiHop_chainsQuotesAndKeepsIntermediatesInside() public {
        uint256 q1 = manager.quoteSwap(stable2, address(tokenA), address(tokenB), 10_000e18);
        uint256 q2 = manager.quoteSwap(weighted3, address(tokenB), address(tokenD), q1);
        uint256 managerB = tokenB.balanceOf(address(manager));
        uint256 bobB = tokenB.balanceOf(bob);
        uint256 aliceD = tokenD.balanceOf(alice);

        vm.expectEmit(true, true, true, true, address(manager));
        uint256 fee1 = _protocolFee(10_000e18, 0.0004e18);
        emit IPoolManagerTypes.Swap(
            stable2, bob, address(manager), address(tokenA), address(tokenB), 10_000e18, q1, fee1
        );
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.Swap(
            weighted3, bob, alice, address(tokenB), address(tokenD), q1, q2, _protocolFee(q1, FEE)
        );
        vm.prank(bob);
        uint256 out = manager.swapExactInMultiHop(
            address(tokenA), _aToD(), 10_000e18, q2, alice, _deadline()
        );
        assertEq(out, q2);
        assertEq(tokenD.balanceOf(alice), aliceD + q2);
        assertEq(tokenB.balanceOf(bob), bobB);
        assertEq(tokenB.balanceOf(address(manager)), managerB);
        _assertSolvent(address(tokenB));
    }

    function test_swapExactInMultiHop_roundTripThroughSamePoolLoses() public {
        uint256 bobA = tokenA.balanceOf(bob);
        vm.prank(bob);
        uint256 out = manager.swapExactInMultiHop(
            address(tokenA), _aToAWeighted(), 1000e18, 0, bob, _deadline()
        );
        assertLt(out, 1000e18);
        assertEq(tokenA.balanceOf(bob), bobA - 1000e18 + out);
    }

    function test_swapExactInMultiHop_revertsOnEmptyRoute() public {
        vm.expectRevert(IPoolManagerTypes.EmptyRoute.selector);
        vm.prank(bob);
        manager.swapExactInMultiHop(address(tokenA), new IPoolManagerTypes.SwapStep[](0), 1e18, 0, bob, _deadline());
    }

    function test_swapExactInMultiHop_revertsOnSlippage() public {
        uint256 q1 = manager.quoteSwap(stable2, address(tokenA), address(tokenB), 1e18);
        uint256 q2 = manager.quoteSwap(weighted5050, address(tokenB), address(tokenA), q1);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SlippageExceeded.selector, q2, 1e18));
        vm.prank(bob);
        manager.swapExactInMultiHop(
            address(tokenA), _aToAMixed(), 1e18, 1e18, bob, _deadline()
        );
    }

    function test_swapExactInMultiHop_revertsWhenIntermediateTripped() public {
        oracle.setTripped(address(tokenB), true);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(tokenB)));
        vm.prank(bob);
        manager.swapExactInMultiHop(
            address(tokenA), _aToD(), 1e18, 0, bob, _deadline()
        );
    }

    function test_swapExactInMultiHop_revertsOnBrokenRoute() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.TokenNotInPool.selector, weighted8020, address(tokenB))
        );
        vm.prank(bob);
        manager.swapExactInMultiHop(
            address(tokenA), _route2(stable2, address(tokenB), weighted8020, address(tokenC)), 1e18, 0, bob, _deadline()
        );
    }

    function test_swapExactInMultiHop_revertsWhenPaused() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        manager.swapExactInMultiHop(
            address(tokenA), _aToD(), 1e18, 0, bob, _deadline()
        );
    }

    function test_swapExactInMultiHop_revertsAfterDeadline() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.DeadlineExpired.selector, block.timestamp - 1, block.timestamp)
        );
        vm.prank(bob);
        manager.swapExactInMultiHop(
            address(tokenA), _aToD(), 1e18, 0, bob, block.timestamp - 1
        );
    }

    function test_swapExactOutMultiHop_computesBackwards() public {
        uint256 q2 = manager.quoteSwapExactOut(weighted3, address(tokenB), address(tokenD), 500e8);
        uint256 q1 = manager.quoteSwapExactOut(stable2, address(tokenA), address(tokenB), q2);
        uint256 bobA = tokenA.balanceOf(bob);
        uint256 aliceD = tokenD.balanceOf(alice);
        uint256 managerB = tokenB.balanceOf(address(manager));
        vm.prank(bob);
        uint256 amountIn = manager.swapExactOutMultiHop(
            address(tokenA), _aToD(), 500e8, q1, alice, _deadline()
        );
        assertEq(amountIn, q1);
        assertEq(tokenA.balanceOf(bob), bobA - q1);
        assertEq(tokenD.balanceOf(alice), aliceD + 500e8);
        assertEq(tokenB.balanceOf(address(manager)), managerB);
        _assertSolvent(address(tokenB));
    }

    function test_swapExactOutMultiHop_revertsOnExcessiveAmountIn() public {
        uint256 q2 = manager.quoteSwapExactOut(weighted3, address(tokenB), address(tokenD), 500e8);
        uint256 q1 = manager.quoteSwapExactOut(stable2, address(tokenA), address(tokenB), q2);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.ExcessiveAmountIn.selector, q1, q1 - 1));
        vm.prank(bob);
        manager.swapExactOutMultiHop(
            address(tokenA), _aToD(), 500e8, q1 - 1, bob, _deadline()
        );
    }

    function test_swapExactOutMultiHop_revertsOnEmptyRoute() public {
        vm.expectRevert(IPoolManagerTypes.EmptyRoute.selector);
        vm.prank(bob);
        manager.swapExactOutMultiHop(
            address(tokenA), new IPoolManagerTypes.SwapStep[](0), 1e18, type(uint256).max, bob, _deadline()
        );
    }

    function test_swapExactOutMultiHop_revertsWhenPaused() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        manager.swapExactOutMultiHop(
            address(tokenA), _aToD(), 1e8, type(uint256).max, bob, _deadline()
        );
    }

    function test_swapExactOutMultiHop_revertsWhenTripped() public {
        oracle.setTripped(address(tokenD), true);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(tokenD)));
        vm.prank(bob);
        manager.swapExactOutMultiHop(
            address(tokenA), _aToD(), 1e8, type(uint256).max, bob, _deadline()
        );
    }

    function _protocolFee(uint256 amountIn, uint256 swapFee) private pure returns (uint256) {
        return Math.mulDiv(amountIn, swapFee, 1e18, Math.Rounding.Ceil) * SHARE / 1e18;
    }
}
