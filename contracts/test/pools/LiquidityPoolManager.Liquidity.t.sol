// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {WeightedMath} from "../../src/libraries/WeightedMath.sol";
import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice initialize, proportional and single-sided joins and exits.
contract LiquidityPoolManagerLiquidityTest is PoolTestBase {
    address private constant DEAD = 0x000000000000000000000000000000000000dEaD;
    bytes32 private fresh;
    bytes32 private freshStable;
    bytes32 private constant UNKNOWN = keccak256("unknown");

    function setUp() public override {
        super.setUp();
        vm.startPrank(admin);
        fresh = manager.createWeightedPool(_pair(tokenB, tokenC), _w2(0.5e18, 0.5e18), FEE, "f", "f");
        freshStable = manager.createStablePool(_pair(tokenB, tokenC), 100_000, FEE, "s", "s");
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- initialize

    function test_initialize_mintsInvariantAndLocksMinimumLiquidity() public {
        uint256[] memory amounts = _a2(100e18, 400e6);
        // Invariant of the 18-decimal balances: about sqrt(100 * 400) = 200.
        uint256 invariant = WeightedMath.calcInvariant(_w2(0.5e18, 0.5e18), _a2(100e18, 400e18));
        assertApproxEqRel(invariant, 200e18, 1e5);
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.LiquidityAdded(fresh, alice, bob, amounts, new uint256[](2), invariant - 1e6);
        vm.prank(alice);
        uint256 lpOut = manager.initialize(fresh, amounts, bob, _deadline());
        assertEq(lpOut + 1e6, manager.getInvariant(fresh));
        assertEq(_lp(fresh).balanceOf(bob), lpOut);
        assertEq(_lp(fresh).balanceOf(DEAD), 1e6);
        assertEq(_balances(fresh), amounts);
        assertEq(tokenC.balanceOf(address(manager)), 1_000_000e6 + 1_000_000e6 + 400e6);
    }

    function test_initialize_stablePoolMintsD() public {
        vm.prank(alice);
        uint256 lpOut = manager.initialize(freshStable, _a2(500e18, 500e6), alice, _deadline());
        assertEq(lpOut, 1000e18 - 1e6);
        assertEq(manager.getInvariant(freshStable), 1000e18);
    }

    function test_initialize_revertsWhenAlreadyInitialized() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolAlreadyInitialized.selector, weighted5050));
        vm.prank(alice);
        manager.initialize(weighted5050, _a2(1e18, 1e18), alice, _deadline());
    }

    function test_initialize_revertsOnLengthMismatch() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.LengthMismatch.selector, 2, 3));
        vm.prank(alice);
        manager.initialize(fresh, _a3(1e18, 1e6, 1), alice, _deadline());
    }

    function test_initialize_revertsOnZeroAmount() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAmount.selector);
        vm.prank(alice);
        manager.initialize(fresh, _a2(1e18, 0), alice, _deadline());
    }

    function test_initialize_revertsOnInsufficientInitialLiquidity() public {
        // sqrt(1 wei * 1e12 scaled wei) = 1e6, rounded down.
        vm.expectPartialRevert(IPoolManagerTypes.InsufficientInitialLiquidity.selector);
        vm.prank(alice);
        manager.initialize(fresh, _a2(1, 1), alice, _deadline());
    }

    function test_initialize_revertsOnBalanceOverflow() public {
        uint256 huge = uint256(type(uint128).max) + 1;
        tokenB.mint(alice, huge);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.BalanceOverflow.selector, huge));
        vm.prank(alice);
        manager.initialize(fresh, _a2(huge, 1e6), alice, _deadline());
    }

    function test_initialize_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        vm.prank(alice);
        manager.initialize(UNKNOWN, _a2(1e18, 1e18), alice, _deadline());
    }

    function test_initialize_revertsAfterDeadline() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.DeadlineExpired.selector, block.timestamp - 1, block.timestamp)
        );
        vm.prank(alice);
        manager.initialize(fresh, _a2(1e18, 1e6), alice, block.timestamp - 1);
    }

    function test_initialize_revertsOnZeroRecipient() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAddress.selector);
        vm.prank(alice);
        manager.initialize(fresh, _a2(1e18, 1e6), address(0), _deadline());
    }

    function test_initialize_revertsWhenPaused() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        manager.initialize(fresh, _a2(1e18, 1e6), alice, _deadline());
    }

    // ---------------------------------------------------------------- addLiquidity

    function test_addLiquidity_pullsProportionalAmountsRoundedUp() public {
        uint256[] memory before = _balances(weighted8020);
        uint256 supply = _lp(weighted8020).totalSupply();
        uint256 lpAmount = 12_345e18 + 7;
        uint256[] memory expected = new uint256[](2);
        expected[0] = Math.mulDiv(before[0], lpAmount, supply, Math.Rounding.Ceil);
        expected[1] = Math.mulDiv(before[1], lpAmount, supply, Math.Rounding.Ceil);
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.LiquidityAdded(weighted8020, bob, alice, expected, new uint256[](2), lpAmount);
        vm.prank(bob);
        uint256[] memory amountsIn =
            manager.addLiquidity(weighted8020, _a2(type(uint256).max, type(uint256).max), lpAmount, alice, _deadline());
        assertEq(amountsIn, expected);
        uint256[] memory afterBalances = _balances(weighted8020);
        assertEq(afterBalances[0], before[0] + expected[0]);
        assertEq(afterBalances[1], before[1] + expected[1]);
        assertEq(_lp(weighted8020).totalSupply(), supply + lpAmount);
        _assertSolvent(address(tokenC));
    }

    function test_addLiquidity_ignoresTrippedOracle() public {
        oracle.setTripped(address(tokenA), true);
        vm.prank(bob);
        manager.addLiquidity(stable2, _a2(type(uint256).max, type(uint256).max), 1e18, bob, _deadline());
    }

    function test_addLiquidity_revertsOnExcessiveAmountIn() public {
        uint256 supply = _lp(weighted5050).totalSupply();
        uint256 need = Math.mulDiv(1_000_000e18, 1e18, supply, Math.Rounding.Ceil);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.ExcessiveAmountIn.selector, need, need - 1));
        vm.prank(bob);
        manager.addLiquidity(weighted5050, _a2(need - 1, type(uint256).max), 1e18, bob, _deadline());
    }

    function test_addLiquidity_revertsOnZeroLpAmount() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAmount.selector);
        vm.prank(bob);
        manager.addLiquidity(weighted5050, _a2(1, 1), 0, bob, _deadline());
    }

    function test_addLiquidity_revertsOnLengthMismatch() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.LengthMismatch.selector, 3, 2));
        vm.prank(bob);
        manager.addLiquidity(weighted3, _a2(1, 1), 1e18, bob, _deadline());
    }

    function test_addLiquidity_revertsOnUninitializedPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotInitialized.selector, fresh));
        vm.prank(bob);
        manager.addLiquidity(fresh, _a2(1e18, 1e18), 1e18, bob, _deadline());
    }

    function test_addLiquidity_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        vm.prank(bob);
        manager.addLiquidity(UNKNOWN, _a2(1e18, 1e18), 1e18, bob, _deadline());
    }

    function test_addLiquidity_revertsWhenPaused() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        manager.addLiquidity(weighted5050, _a2(1e30, 1e30), 1e18, bob, _deadline());
    }

    function test_addLiquidity_revertsAfterDeadline() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.DeadlineExpired.selector, block.timestamp - 1, block.timestamp)
        );
        vm.prank(bob);
        manager.addLiquidity(weighted5050, _a2(1e30, 1e30), 1e18, bob, block.timestamp - 1);
    }

    function test_addLiquidity_revertsOnZeroRecipient() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAddress.selector);
        vm.prank(bob);
        manager.addLiquidity(weighted5050, _a2(1e30, 1e30), 1e18, address(0), _deadline());
    }

    // ---------------------------------------------------------------- removeLiquidity

    function test_removeLiquidity_paysProportionalRoundedDown() public {
        uint256[] memory before = _balances(stable3);
        uint256 supply = _lp(stable3).totalSupply();
        uint256 lpAmount = 33_333e18 + 3;
        uint256[] memory expected = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            expected[i] = before[i] * lpAmount / supply;
        }
        uint256 bobD = tokenD.balanceOf(bob);
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.LiquidityRemoved(stable3, alice, bob, expected, new uint256[](3), lpAmount);
        vm.prank(alice);
        uint256[] memory amountsOut = manager.removeLiquidity(stable3, lpAmount, new uint256[](3), bob, _deadline());
        assertEq(amountsOut, expected);
        assertEq(tokenD.balanceOf(bob), bobD + expected[2]);
        assertEq(_lp(stable3).totalSupply(), supply - lpAmount);
        _assertSolvent(address(tokenD));
    }

    function test_removeLiquidity_worksWhilePausedAndTripped() public {
        vm.prank(guardian);
        manager.pause();
        oracle.setTripped(address(tokenA), true);
        vm.prank(alice);
        uint256[] memory amountsOut = manager.removeLiquidity(weighted5050, 1e18, new uint256[](2), alice, _deadline());
        assertGt(amountsOut[0], 0);
    }

    function test_removeLiquidity_lastLpLeavesOnlyMinimumLiquidity() public {
        uint256 all = _lp(weighted5050).balanceOf(alice);
        vm.prank(alice);
        manager.removeLiquidity(weighted5050, all, new uint256[](2), alice, _deadline());
        assertEq(_lp(weighted5050).totalSupply(), 1e6);
        uint256[] memory balances = _balances(weighted5050);
        assertGt(balances[0], 0);
    }

    function test_removeLiquidity_revertsOnSlippage() public {
        uint256 supply = _lp(weighted5050).totalSupply();
        uint256 amount = uint256(1_000_000e18) * 1e18 / supply;
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SlippageExceeded.selector, amount, amount + 1));
        vm.prank(alice);
        manager.removeLiquidity(weighted5050, 1e18, _a2(amount + 1, 0), alice, _deadline());
    }

    function test_removeLiquidity_revertsWithoutShares() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 0, uint256(1e18))
        );
        vm.prank(bob);
        manager.removeLiquidity(weighted5050, 1e18, new uint256[](2), bob, _deadline());
    }

    function test_removeLiquidity_revertsOnZeroLpAmount() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAmount.selector);
        vm.prank(alice);
        manager.removeLiquidity(weighted5050, 0, new uint256[](2), alice, _deadline());
    }

    function test_removeLiquidity_revertsOnLengthMismatch() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.LengthMismatch.selector, 2, 3));
        vm.prank(alice);
        manager.removeLiquidity(weighted5050, 1e18, new uint256[](3), alice, _deadline());
    }

    function test_removeLiquidity_revertsOnUninitializedPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotInitialized.selector, fresh));
        vm.prank(alice);
        manager.removeLiquidity(fresh, 1e18, new uint256[](2), alice, _deadline());
    }

    function test_removeLiquidity_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        vm.prank(alice);
        manager.removeLiquidity(UNKNOWN, 1e18, new uint256[](2), alice, _deadline());
    }

    function test_removeLiquidity_revertsAfterDeadline() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.DeadlineExpired.selector, block.timestamp - 1, block.timestamp)
        );
        vm.prank(alice);
        manager.removeLiquidity(weighted5050, 1e18, new uint256[](2), alice, block.timestamp - 1);
    }

    function test_removeLiquidity_revertsOnZeroRecipient() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAddress.selector);
        vm.prank(alice);
        manager.removeLiquidity(weighted5050, 1e18, new uint256[](2), address(0), _deadline());
    }

    // ---------------------------------------------------------------- addLiquiditySingle

    function test_addLiquiditySingle_weightedMintsQuoteAndChargesFeeOnNonProportionalPart() public {
        uint256 amountIn = 10_000e8;
        uint256 quote = manager.quoteAddLiquiditySingle(weighted3, address(tokenD), amountIn);
        uint256[] memory before = _balances(weighted3);
        vm.prank(bob);
        uint256 lpOut = manager.addLiquiditySingle(weighted3, address(tokenD), amountIn, quote, bob, _deadline());
        assertEq(lpOut, quote);
        assertEq(_lp(weighted3).balanceOf(bob), lpOut);
        // Fee: swapFee on the (1 - 0.3) taxable share; the protocol keeps 20% of it.
        uint256 fee = Math.mulDiv(amountIn - amountIn * 3 / 10, FEE, 1e18, Math.Rounding.Ceil);
        uint256[] memory owed = manager.protocolFeesOwed(weighted3);
        assertApproxEqAbs(owed[2], fee * SHARE / 1e18, 2);
        assertEq(_balances(weighted3)[2], before[2] + amountIn - owed[2]);
        _assertSolvent(address(tokenD));
    }

    function test_addLiquiditySingle_stableChargesImbalanceFeesOnEveryToken() public {
        uint256 quote = manager.quoteAddLiquiditySingle(stable3, address(tokenC), 50_000e6);
        vm.recordLogs();
        vm.prank(bob);
        uint256 lpOut = manager.addLiquiditySingle(stable3, address(tokenC), 50_000e6, 0, bob, _deadline());
        assertEq(lpOut, quote);
        uint256[] memory owed = manager.protocolFeesOwed(stable3);
        assertGt(owed[0], 0);
        assertGt(owed[1], 0);
        assertGt(owed[2], 0);
        // Shares are worth less than the deposit: D grew by less than 50,000.
        assertLt(lpOut, 50_000e18);
        _assertSolvent(address(tokenA));
        _assertSolvent(address(tokenC));
        _assertSolvent(address(tokenD));
    }

    function test_addLiquiditySingle_revertsOnSlippage() public {
        uint256 quote = manager.quoteAddLiquiditySingle(weighted5050, address(tokenA), 1000e18);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SlippageExceeded.selector, quote, quote + 1));
        vm.prank(bob);
        manager.addLiquiditySingle(weighted5050, address(tokenA), 1000e18, quote + 1, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsAboveMaxInRatio() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.MaxInRatioExceeded.selector, 300_000e18 + 1, 300_000e18)
        );
        vm.prank(bob);
        manager.addLiquiditySingle(weighted5050, address(tokenA), 300_000e18 + 1, 0, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsOnTokenNotInPool() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.TokenNotInPool.selector, weighted5050, address(tokenC))
        );
        vm.prank(bob);
        manager.addLiquiditySingle(weighted5050, address(tokenC), 1e6, 0, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsWhenTokenTripped() public {
        oracle.setTripped(address(tokenB), true);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(tokenB)));
        vm.prank(bob);
        manager.addLiquiditySingle(weighted5050, address(tokenB), 1e18, 0, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsWhenOtherPoolTokenTripped() public {
        oracle.setTripped(address(tokenD), true);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(tokenD)));
        vm.prank(bob);
        manager.addLiquiditySingle(stable3, address(tokenA), 1e18, 0, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsOnZeroAmount() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAmount.selector);
        vm.prank(bob);
        manager.addLiquiditySingle(weighted5050, address(tokenA), 0, 0, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsWhenNoSharesWouldBeMinted() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAmount.selector);
        vm.prank(bob);
        manager.addLiquiditySingle(weighted5050, address(tokenA), 1, 0, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsOnUninitializedPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotInitialized.selector, fresh));
        vm.prank(bob);
        manager.addLiquiditySingle(fresh, address(tokenB), 1e18, 0, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsWhenPaused() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        manager.addLiquiditySingle(weighted5050, address(tokenA), 1e18, 0, bob, _deadline());
    }

    function test_addLiquiditySingle_revertsAfterDeadline() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.DeadlineExpired.selector, block.timestamp - 1, block.timestamp)
        );
        vm.prank(bob);
        manager.addLiquiditySingle(weighted5050, address(tokenA), 1e18, 0, bob, block.timestamp - 1);
    }

    // ---------------------------------------------------------------- removeLiquiditySingle

    function test_removeLiquiditySingle_weightedPaysQuote() public {
        uint256 quote = manager.quoteRemoveLiquiditySingle(weighted8020, 1000e18, address(tokenC));
        uint256 aliceC = tokenC.balanceOf(alice);
        uint256[] memory before = _balances(weighted8020);
        vm.prank(alice);
        uint256 out = manager.removeLiquiditySingle(weighted8020, 1000e18, address(tokenC), quote, alice, _deadline());
        assertEq(out, quote);
        assertEq(tokenC.balanceOf(alice), aliceC + out);
        uint256[] memory owed = manager.protocolFeesOwed(weighted8020);
        assertEq(_balances(weighted8020)[1], before[1] - out - owed[1]);
        _assertSolvent(address(tokenC));
    }

    function test_removeLiquiditySingle_stablePaysQuote() public {
        uint256 quote = manager.quoteRemoveLiquiditySingle(stable3, 1000e18, address(tokenD));
        vm.prank(alice);
        uint256 out = manager.removeLiquiditySingle(stable3, 1000e18, address(tokenD), 0, alice, _deadline());
        assertEq(out, quote);
        // Roughly one D-unit per share in a balanced pool, less the imbalance fee.
        assertApproxEqRel(out, 1000e8, 0.01e18);
        assertLt(out, 1000e8);
        _assertSolvent(address(tokenD));
    }

    function test_removeLiquiditySingle_revertsAboveMaxOutRatio() public {
        uint256 lpIn = _lp(weighted5050).totalSupply() / 2;
        vm.expectPartialRevert(IPoolManagerTypes.MaxOutRatioExceeded.selector);
        vm.prank(alice);
        manager.removeLiquiditySingle(weighted5050, lpIn, address(tokenA), 0, alice, _deadline());
    }

    function test_removeLiquiditySingle_revertsWhenBurningLockedLiquidity() public {
        uint256 supply = _lp(weighted5050).totalSupply();
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.ExcessiveAmountIn.selector, supply, supply - 1e6));
        vm.prank(alice);
        manager.removeLiquiditySingle(weighted5050, supply, address(tokenA), 0, alice, _deadline());
    }

    function test_removeLiquiditySingle_revertsOnSlippage() public {
        uint256 quote = manager.quoteRemoveLiquiditySingle(stable2, 1e18, address(tokenA));
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SlippageExceeded.selector, quote, quote + 1));
        vm.prank(alice);
        manager.removeLiquiditySingle(stable2, 1e18, address(tokenA), quote + 1, alice, _deadline());
    }

    function test_removeLiquiditySingle_revertsWithoutShares() public {
        vm.expectPartialRevert(IERC20Errors.ERC20InsufficientBalance.selector);
        vm.prank(bob);
        manager.removeLiquiditySingle(stable2, 1e18, address(tokenA), 0, bob, _deadline());
    }

    function test_removeLiquiditySingle_revertsWhenTripped() public {
        oracle.setTripped(address(tokenB), true);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(tokenB)));
        vm.prank(alice);
        manager.removeLiquiditySingle(stable2, 1e18, address(tokenA), 0, alice, _deadline());
    }

    function test_removeLiquiditySingle_revertsOnZeroAmount() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAmount.selector);
        vm.prank(alice);
        manager.removeLiquiditySingle(stable2, 0, address(tokenA), 0, alice, _deadline());
    }

    function test_removeLiquiditySingle_revertsOnTokenNotInPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.TokenNotInPool.selector, stable2, address(tokenD)));
        vm.prank(alice);
        manager.removeLiquiditySingle(stable2, 1e18, address(tokenD), 0, alice, _deadline());
    }

    function test_removeLiquiditySingle_revertsWhenPaused() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        manager.removeLiquiditySingle(stable2, 1e18, address(tokenA), 0, alice, _deadline());
    }

    function test_removeLiquiditySingle_revertsAfterDeadline() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.DeadlineExpired.selector, block.timestamp - 1, block.timestamp)
        );
        vm.prank(alice);
        manager.removeLiquiditySingle(stable2, 1e18, address(tokenA), 0, alice, block.timestamp - 1);
    }

    function test_quoteRemoveLiquiditySingle_revertsOnUninitializedPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotInitialized.selector, freshStable));
        manager.quoteRemoveLiquiditySingle(freshStable, 1e18, address(tokenB));
    }
}
