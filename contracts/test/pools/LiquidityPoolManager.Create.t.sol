// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {IPoolLpToken} from "../../src/interfaces/IPoolLpToken.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {LiquidityPoolManager} from "../../src/pools/LiquidityPoolManager.sol";
import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice Construction and pool creation.
contract LiquidityPoolManagerCreateTest is PoolTestBase {
    bytes32 private constant POOL_CREATOR_ROLE = keccak256("POOL_CREATOR_ROLE");

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsRolesAndParameters() public view {
        assertTrue(manager.hasRole(manager.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(manager.hasRole(manager.GUARDIAN_ROLE(), guardian));
        assertTrue(manager.hasRole(POOL_CREATOR_ROLE, admin));
        assertEq(manager.POOL_CREATOR_ROLE(), POOL_CREATOR_ROLE);
        assertEq(address(manager.oracle()), address(oracle));
        assertEq(manager.treasury(), treasury);
        assertEq(manager.protocolFeeShare(), SHARE);
        assertEq(manager.EXTENSION(), address(extension));
        assertFalse(manager.paused());
    }

    function test_constructor_revertsOnZeroOracle() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAddress.selector);
        new LiquidityPoolManager(admin, guardian, IPriceOracle(address(0)), treasury, SHARE, address(extension));
    }

    function test_constructor_revertsOnZeroExtension() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAddress.selector);
        new LiquidityPoolManager(admin, guardian, oracle, treasury, SHARE, address(0));
    }

    function test_constructor_revertsOnZeroTreasury() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAddress.selector);
        new LiquidityPoolManager(admin, guardian, oracle, address(0), SHARE, address(extension));
    }

    function test_constructor_revertsOnProtocolFeeShareTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.ProtocolFeeShareTooHigh.selector, 0.5e18 + 1, 0.5e18));
        new LiquidityPoolManager(admin, guardian, oracle, treasury, 0.5e18 + 1, address(extension));
    }

    // ---------------------------------------------------------------- createWeightedPool

    function test_createWeightedPool_storesPoolAndDeploysLpToken() public {
        address[] memory tokens = _pair(tokenB, tokenD);
        uint256[] memory weights = _w2(0.6e18, 0.4e18);
        uint256 countBefore = manager.poolCount();
        vm.expectEmit(false, true, false, false, address(manager));
        emit IPoolManagerTypes.PoolCreated(
            bytes32(0), IPoolManagerTypes.PoolKind.Weighted, address(0), tokens, weights, 0, FEE
        );
        vm.prank(admin);
        bytes32 id = manager.createWeightedPool(tokens, weights, FEE, "Weighted B/D", "wBD");

        assertEq(id, keccak256(abi.encode(IPoolManagerTypes.PoolKind.Weighted, tokens, countBefore)));
        assertEq(manager.poolCount(), countBefore + 1);
        assertEq(manager.poolIdAt(countBefore), id);
        assertEq(uint8(manager.poolKind(id)), uint8(IPoolManagerTypes.PoolKind.Weighted));
        (
            address[] memory t, uint256[] memory b, uint256[] memory w, uint256 amp, uint256 fee
        ) = manager.getPoolState(id);
        assertEq(t, tokens);
        assertEq(b[0] + b[1], 0);
        assertEq(w, weights);
        assertEq(amp, 0);
        assertEq(fee, FEE);
        IPoolLpToken lp = IPoolLpToken(manager.lpToken(id));
        assertEq(lp.manager(), address(manager));
        assertEq(lp.poolId(), id);
        assertEq(lp.totalSupply(), 0);
        assertEq(MockERC20(address(lp)).name(), "Weighted B/D");
        assertEq(MockERC20(address(lp)).symbol(), "wBD");
    }

    function test_createWeightedPool_sameTokensGetDistinctIds() public {
        vm.startPrank(admin);
        bytes32 first = manager.createWeightedPool(_pair(tokenA, tokenB), _w2(0.5e18, 0.5e18), FEE, "x", "x");
        bytes32 second = manager.createWeightedPool(_pair(tokenA, tokenB), _w2(0.5e18, 0.5e18), FEE, "x", "x");
        vm.stopPrank();
        assertTrue(first != second);
        assertTrue(manager.lpToken(first) != manager.lpToken(second));
    }

    function test_createWeightedPool_acceptsEightTokens() public {
        address[] memory tokens = new address[](8);
        uint256[] memory weights = new uint256[](8);
        for (uint256 i; i < 8; ++i) {
            tokens[i] = address(new MockERC20("T", "T", uint8(10 + i)));
            weights[i] = 0.125e18;
        }
        vm.prank(admin);
        bytes32 id = manager.createWeightedPool(tokens, weights, FEE, "8", "8");
        (address[] memory t,,,,) = manager.getPoolState(id);
        assertEq(t.length, 8);
    }

    function test_createWeightedPool_revertsForNonCreator() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, POOL_CREATOR_ROLE)
        );
        vm.prank(alice);
        manager.createWeightedPool(_pair(tokenA, tokenB), _w2(0.5e18, 0.5e18), FEE, "x", "x");
    }

    function test_createWeightedPool_revertsOnTooFewTokens() public {
        address[] memory tokens = new address[](1);
        tokens[0] = address(tokenA);
        uint256[] memory weights = new uint256[](1);
        weights[0] = 1e18;
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.InvalidTokenCount.selector, 1, 2, 8));
        vm.prank(admin);
        manager.createWeightedPool(tokens, weights, FEE, "x", "x");
    }

    function test_createWeightedPool_revertsOnTooManyTokens() public {
        address[] memory tokens = new address[](9);
        uint256[] memory weights = new uint256[](9);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.InvalidTokenCount.selector, 9, 2, 8));
        vm.prank(admin);
        manager.createWeightedPool(tokens, weights, FEE, "x", "x");
    }

    function test_createWeightedPool_revertsOnLengthMismatch() public {
        uint256[] memory weights = new uint256[](3);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.LengthMismatch.selector, 2, 3));
        vm.prank(admin);
        manager.createWeightedPool(_pair(tokenA, tokenB), weights, FEE, "x", "x");
    }

    function test_createWeightedPool_revertsOnWeightTooLow() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.WeightTooLow.selector, 1, 0.01e18 - 1, 0.01e18));
        vm.prank(admin);
        manager.createWeightedPool(_pair(tokenA, tokenB), _w2(0.99e18 + 1, 0.01e18 - 1), FEE, "x", "x");
    }

    function test_createWeightedPool_revertsOnWeightsNotSummingToOne() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.WeightsSumInvalid.selector, 1e18 - 1));
        vm.prank(admin);
        manager.createWeightedPool(_pair(tokenA, tokenB), _w2(0.5e18, 0.5e18 - 1), FEE, "x", "x");
    }

    function test_createWeightedPool_revertsOnSwapFeeTooLow() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SwapFeeOutOfBounds.selector, 1e12 - 1, 1e12, 1e17));
        vm.prank(admin);
        manager.createWeightedPool(_pair(tokenA, tokenB), _w2(0.5e18, 0.5e18), 1e12 - 1, "x", "x");
    }

    function test_createWeightedPool_revertsOnSwapFeeTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SwapFeeOutOfBounds.selector, 1e17 + 1, 1e12, 1e17));
        vm.prank(admin);
        manager.createWeightedPool(_pair(tokenA, tokenB), _w2(0.5e18, 0.5e18), 1e17 + 1, "x", "x");
    }

    function test_createWeightedPool_revertsOnZeroToken() public {
        address[] memory tokens = _pair(tokenA, tokenB);
        tokens[1] = address(0);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.ZeroAddressToken.selector, 1));
        vm.prank(admin);
        manager.createWeightedPool(tokens, _w2(0.5e18, 0.5e18), FEE, "x", "x");
    }

    function test_createWeightedPool_revertsOnDuplicateToken() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.DuplicateToken.selector, address(tokenA)));
        vm.prank(admin);
        manager.createWeightedPool(_pair(tokenA, tokenA), _w2(0.5e18, 0.5e18), FEE, "x", "x");
    }

    function test_createWeightedPool_revertsOnMoreThan18Decimals() public {
        MockERC20 big = new MockERC20("Big", "BIG", 19);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.TokenDecimalsTooHigh.selector, address(big), 19));
        vm.prank(admin);
        manager.createWeightedPool(_pair(tokenA, big), _w2(0.5e18, 0.5e18), FEE, "x", "x");
    }

    // ---------------------------------------------------------------- createStablePool

    function test_createStablePool_storesPoolAndAmp() public {
        address[] memory tokens = _pair(tokenC, tokenD);
        vm.prank(admin);
        bytes32 id = manager.createStablePool(tokens, 150_000, 0.0001e18, "Stable C/D", "sCD");
        (address[] memory t,, uint256[] memory w, uint256 amp, uint256 fee) = manager.getPoolState(id);
        assertEq(t, tokens);
        assertEq(w[0] + w[1], 0);
        assertEq(amp, 150_000);
        assertEq(fee, 0.0001e18);
        assertEq(uint8(manager.poolKind(id)), uint8(IPoolManagerTypes.PoolKind.Stable));
        (uint256 startAmp, uint256 endAmp, uint256 startTime, uint256 endTime) = manager.ampRamp(id);
        assertEq(startAmp, 150_000);
        assertEq(endAmp, 150_000);
        assertEq(startTime, block.timestamp);
        assertEq(endTime, block.timestamp);
    }

    function test_createStablePool_revertsForNonCreator() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, POOL_CREATOR_ROLE)
        );
        vm.prank(bob);
        manager.createStablePool(_pair(tokenA, tokenB), 100_000, FEE, "x", "x");
    }

    function test_createStablePool_revertsOnTooManyTokens() public {
        address[] memory tokens = new address[](6);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.InvalidTokenCount.selector, 6, 2, 5));
        vm.prank(admin);
        manager.createStablePool(tokens, 100_000, FEE, "x", "x");
    }

    function test_createStablePool_revertsOnAmpTooLow() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpOutOfBounds.selector, 999, 1e3, 5e6));
        vm.prank(admin);
        manager.createStablePool(_pair(tokenA, tokenB), 999, FEE, "x", "x");
    }

    function test_createStablePool_revertsOnAmpTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpOutOfBounds.selector, 5e6 + 1, 1e3, 5e6));
        vm.prank(admin);
        manager.createStablePool(_pair(tokenA, tokenB), 5e6 + 1, FEE, "x", "x");
    }

    function test_createStablePool_revertsOnSwapFeeOutOfBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SwapFeeOutOfBounds.selector, 0, 1e12, 1e17));
        vm.prank(admin);
        manager.createStablePool(_pair(tokenA, tokenB), 100_000, 0, "x", "x");
    }

    function test_createStablePool_revertsOnDuplicateToken() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.DuplicateToken.selector, address(tokenC)));
        vm.prank(admin);
        manager.createStablePool(_pair(tokenC, tokenC), 100_000, FEE, "x", "x");
    }

    // ---------------------------------------------------------------- extension

    function test_extension_revertsWhenCalledDirectly() public {
        vm.expectRevert(IPoolManagerTypes.NotDelegateCall.selector);
        vm.prank(admin);
        extension.createWeightedPool(_pair(tokenA, tokenB), _w2(0.5e18, 0.5e18), FEE, "x", "x");
    }
}
