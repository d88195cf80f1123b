// SPDX-License-Identifier: MIT
// The tests call the manager with raw calldata to read what it reverted with.
// solhint-disable avoid-low-level-calls
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice The stable-pool balance bounds: no operation leaves a balance below 1% of the pool's largest
///         (`MAX_STABLE_IMBALANCE`) or above `MAX_STABLE_BALANCE`, both scaled to 18 decimals; the side a caller names
///         is refused before any math, the side the curve sets after it. Plus the size limits of proportional joins
///         and exits.
contract LiquidityPoolManagerStableBoundsTest is PoolTestBase {
    uint256 private constant MAX = type(uint256).max;

    /// @dev Calls the manager as `from` and returns the revert data (empty if it succeeded).
    function _revertData(address from, bytes memory data) private returns (bytes memory ret) {
        bool ok;
        vm.prank(from);
        (ok, ret) = address(manager).call(data);
        if (ok) ret = "";
    }

    /// @dev Asserts `ret` is `StableBalanceTooLow` naming `token` with a balance under its floor; returns the balance.
    function _assertTooLow(bytes memory ret, address token) private pure returns (uint256 balance) {
        assertEq(bytes4(ret), IPoolManagerTypes.StableBalanceTooLow.selector, "not StableBalanceTooLow");
        bytes memory args = new bytes(ret.length - 4);
        for (uint256 i; i < args.length; ++i) {
            args[i] = ret[i + 4];
        }
        (address reported, uint256 balance_, uint256 minBalance) = abi.decode(args, (address, uint256, uint256));
        assertEq(reported, token, "wrong token");
        assertLt(balance_, minBalance, "balance not below the floor");
        return balance_;
    }

    function _newStablePool(address a, address b, uint256 fee) private returns (bytes32 id) {
        address[] memory tokens = new address[](2);
        (tokens[0], tokens[1]) = (a, b);
        vm.prank(admin);
        id = manager.createStablePool(tokens, 200_000, fee, "S", "S");
    }

    // ---------------------------------------------------------------- constants

    function test_constants_stableBounds() public view {
        assertEq(manager.MAX_STABLE_BALANCE(), 1e33);
        assertEq(manager.MAX_STABLE_IMBALANCE(), 100);
    }

    // ---------------------------------------------------------------- swaps

    /// @dev stable2 holds 1,000,000 A and B: A may rise to 100 x 1,000,000 B, so 99,000,000 A at most goes in.
    function test_swapExactIn_stableRevertsAboveMaxIn() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.MaxInRatioExceeded.selector, 1e36, 99_000_000e18));
        manager.quoteSwap(stable2, address(tokenA), address(tokenB), 1e36);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.MaxInRatioExceeded.selector, MAX, 99_000_000e18));
        vm.prank(bob);
        manager.swapExactIn(stable2, address(tokenA), address(tokenB), MAX, 0, bob, _deadline());
    }

    /// @dev The largest input passes the first check, but what it would take out leaves B under 1% of A.
    function test_swapExactIn_stableRevertsWhenOutputFallsBelowFloor() public {
        bytes memory ret = _revertData(
            bob,
            abi.encodeCall(
                manager.swapExactIn, (stable2, address(tokenA), address(tokenB), 99_000_000e18, 0, bob, _deadline())
            )
        );
        _assertTooLow(ret, address(tokenB));
    }

    function test_swapExactIn_weightedRevertsOnMaxUint() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.MaxInRatioExceeded.selector, MAX, 300_000e18));
        manager.quoteSwap(weighted5050, address(tokenA), address(tokenB), MAX);
    }

    /// @dev B may fall to 1% of A's 1,000,000: at most 990,000 B comes out; one wei more is refused up front.
    function test_swapExactOut_stableRevertsAboveMaxOut() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.MaxOutRatioExceeded.selector, 990_000e18 + 1, 990_000e18)
        );
        manager.quoteSwapExactOut(stable2, address(tokenA), address(tokenB), 990_000e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.MaxOutRatioExceeded.selector, MAX, 990_000e18));
        vm.prank(bob);
        manager.swapExactOut(stable2, address(tokenA), address(tokenB), MAX, MAX, bob, _deadline());
    }

    /// @dev 980,000 B out passes the first check, but the A it costs lifts A above 100 x the 20,000 B left.
    function test_swapExactOut_stableRevertsWhenInputLiftsAboveFloor() public {
        bytes memory ret = _revertData(
            bob,
            abi.encodeCall(
                manager.swapExactOut, (stable2, address(tokenA), address(tokenB), 980_000e18, MAX, bob, _deadline())
            )
        );
        assertEq(_assertTooLow(ret, address(tokenB)), 20_000e18);
    }

    /// @dev In a three-token pool the bought-with token may not rise above 100x the untouched one either: after A and
    ///      C are sold for D (D at ~2% of them), buying A with C is refused once C would pass 100x D, naming D.
    function test_swapExactOut_stableBoundsTheUntouchedToken() public {
        vm.startPrank(bob);
        manager.swapExactIn(stable3, address(tokenA), address(tokenD), 500_000e18, 0, bob, _deadline());
        manager.swapExactIn(stable3, address(tokenC), address(tokenD), 500_000e6, 0, bob, _deadline());
        vm.stopPrank();
        uint256 d = _balances(stable3)[2];
        assertLt(d * 1e10 * 50, _balances(stable3)[1] * 1e12, "D not small enough for the test");
        bytes memory ret = _revertData(
            bob,
            abi.encodeCall(
                manager.swapExactOut, (stable3, address(tokenC), address(tokenA), 900_000e18, MAX, bob, _deadline())
            )
        );
        assertEq(_assertTooLow(ret, address(tokenD)), d);
        // Small trades the other way still work.
        vm.prank(bob);
        manager.swapExactIn(stable3, address(tokenD), address(tokenA), 1e8, 0, bob, _deadline());
    }

    /// @dev Quotes revert exactly as the executions they price.
    function test_quotes_revertLikeExecutions() public {
        bytes memory quote =
            _revertData(bob, abi.encodeCall(manager.quoteSwap, (stable2, address(tokenA), address(tokenB), 99e24)));
        bytes memory swap = _revertData(
            bob, abi.encodeCall(manager.swapExactIn, (stable2, address(tokenA), address(tokenB), 99e24, 0, bob, 1e18))
        );
        assertGt(quote.length, 0);
        assertEq(quote, swap);
        uint256 lpIn = _lp(stable2).totalSupply() * 6 / 10;
        quote =
            _revertData(alice, abi.encodeCall(manager.quoteRemoveLiquiditySingle, (stable2, lpIn, address(tokenA))));
        bytes memory exit = _revertData(
            alice, abi.encodeCall(manager.removeLiquiditySingle, (stable2, lpIn, address(tokenA), 0, alice, 1e18))
        );
        assertGt(quote.length, 0);
        assertEq(quote, exit);
    }

    // ---------------------------------------------------------------- single-sided joins and exits

    function test_addLiquiditySingle_stableRevertsAboveMaxIn() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.MaxInRatioExceeded.selector, 1e27, 99_000_000e18));
        vm.prank(bob);
        manager.addLiquiditySingle(stable2, address(tokenA), 1e27, 0, bob, _deadline());
    }

    /// @dev 10,000,000 B into 1,000,000 / 1,000,000 grows D about 5.5x: past Balancer's 5x bound for unbalanced
    ///      joins. 7,000,000 B (about 4x) is fine.
    function test_addLiquiditySingle_stableRevertsPastMaxInvariantRatio() public {
        uint256 d0 = manager.getInvariant(stable2);
        vm.expectPartialRevert(IPoolManagerTypes.MaxInvariantRatioExceeded.selector);
        manager.quoteAddLiquiditySingle(stable2, address(tokenB), 10_000_000e18);
        vm.prank(bob);
        manager.addLiquiditySingle(stable2, address(tokenB), 7_000_000e18, 0, bob, _deadline());
        assertLt(manager.getInvariant(stable2), d0 * 5);
    }

    /// @dev Exiting 60% of the shares into A alone would leave A near zero against 1,000,000 B.
    function test_removeLiquiditySingle_stableRevertsBelowFloor() public {
        uint256 lpIn = _lp(stable2).totalSupply() * 6 / 10;
        bytes memory ret = _revertData(
            alice, abi.encodeCall(manager.removeLiquiditySingle, (stable2, lpIn, address(tokenA), 0, alice, 1e18))
        );
        _assertTooLow(ret, address(tokenA));
    }

    // ---------------------------------------------------------------- first join

    function test_initialize_stableRevertsBelowFloor() public {
        bytes32 id = _newStablePool(address(tokenA), address(tokenB), 0.0004e18);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPoolManagerTypes.StableBalanceTooLow.selector, address(tokenB), 10_000e18 - 1, 10_000e18
            )
        );
        vm.prank(alice);
        manager.initialize(id, _a2(1_000_000e18, 10_000e18 - 1), alice, _deadline());
        // Exactly 1% is allowed.
        vm.prank(alice);
        manager.initialize(id, _a2(1_000_000e18, 10_000e18), alice, _deadline());
    }

    /// @dev The ceiling is on scaled balances: 1e33 wei of an 18-decimal token, 1e21 units of a 6-decimal one.
    function test_initialize_stableRevertsAboveCeiling() public {
        bytes32 id = _newStablePool(address(tokenA), address(tokenC), 0.0004e18);
        tokenC.mint(alice, 1e21 + 1);
        tokenA.mint(alice, 1e33);
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.StableBalanceTooHigh.selector, address(tokenC), 1e21 + 1, 1e21)
        );
        vm.prank(alice);
        manager.initialize(id, _a2(1e33, 1e21 + 1), alice, _deadline());
        vm.prank(alice);
        manager.initialize(id, _a2(1e33, 1e21), alice, _deadline());
    }

    // ---------------------------------------------------------------- proportional joins and exits

    /// @dev A proportional join keeps the ratios but may not lift a balance past the ceiling.
    function test_addLiquidity_stableRevertsAboveCeiling() public {
        uint256 supply = _lp(stable2).totalSupply();
        uint256 lpOut = supply * 1e9;
        uint256 balance = 1_000_000e18 + Math.mulDiv(1_000_000e18, lpOut, supply, Math.Rounding.Ceil);
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.StableBalanceTooHigh.selector, address(tokenA), balance, 1e33)
        );
        vm.prank(bob);
        manager.addLiquidity(stable2, _a2(MAX, MAX), lpOut, bob, _deadline());
    }

    function test_addLiquidity_revertsAbove128BitShares() public {
        uint256 lpOut = uint256(type(uint128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.BalanceOverflow.selector, lpOut));
        vm.prank(bob);
        manager.addLiquidity(weighted5050, _a2(MAX, MAX), lpOut, bob, _deadline());
    }

    /// @dev The locked minimum liquidity can never leave, so no exit may name more than the rest of the supply.
    function test_removeLiquidity_revertsAboveRemovableShares() public {
        uint256 removable = _lp(stable2).totalSupply() - manager.MINIMUM_LIQUIDITY();
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.ExcessiveAmountIn.selector, removable + 1, removable)
        );
        vm.prank(alice);
        manager.removeLiquidity(stable2, removable + 1, new uint256[](2), alice, _deadline());
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.BalanceOverflow.selector, MAX));
        vm.prank(alice);
        manager.removeLiquidity(stable2, MAX, new uint256[](2), alice, _deadline());
    }
}
