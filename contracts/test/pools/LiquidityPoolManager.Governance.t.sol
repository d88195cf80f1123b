// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice Fees, treasury, pause, amplification ramps and views.
contract LiquidityPoolManagerGovernanceTest is PoolTestBase {
    bytes32 private constant UNKNOWN = keccak256("unknown");
    bytes32 private constant ADMIN_ROLE = 0x00;

    function _unauthorized(address account, bytes32 role) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }

    // ---------------------------------------------------------------- setSwapFee

    function test_setSwapFee_updatesFeeAndPricing() public {
        uint256 before = manager.quoteSwap(weighted5050, address(tokenA), address(tokenB), 1000e18);
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.SwapFeeChanged(weighted5050, FEE, 0.01e18);
        vm.prank(admin);
        manager.setSwapFee(weighted5050, 0.01e18);
        (,,,, uint256 fee) = manager.getPoolState(weighted5050);
        assertEq(fee, 0.01e18);
        assertLt(manager.quoteSwap(weighted5050, address(tokenA), address(tokenB), 1000e18), before);
    }

    function test_setSwapFee_revertsForNonAdmin() public {
        vm.expectRevert(_unauthorized(guardian, ADMIN_ROLE));
        vm.prank(guardian);
        manager.setSwapFee(weighted5050, 0.01e18);
    }

    function test_setSwapFee_revertsOutOfBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.SwapFeeOutOfBounds.selector, 1e17 + 1, 1e12, 1e17));
        vm.prank(admin);
        manager.setSwapFee(weighted5050, 1e17 + 1);
    }

    function test_setSwapFee_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        vm.prank(admin);
        manager.setSwapFee(UNKNOWN, 0.01e18);
    }

    // ---------------------------------------------------------------- setProtocolFeeShare

    function test_setProtocolFeeShare_updatesShare() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.ProtocolFeeShareChanged(SHARE, 0.5e18);
        vm.prank(admin);
        manager.setProtocolFeeShare(0.5e18);
        assertEq(manager.protocolFeeShare(), 0.5e18);
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1000e18, 0, bob, _deadline());
        assertEq(manager.protocolFeesOwed(weighted5050)[0], 1.5e18);
    }

    function test_setProtocolFeeShare_zeroStopsAccrual() public {
        vm.prank(admin);
        manager.setProtocolFeeShare(0);
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1000e18, 0, bob, _deadline());
        assertEq(manager.protocolFeesOwed(weighted5050)[0], 0);
    }

    function test_setProtocolFeeShare_revertsAboveMaximum() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.ProtocolFeeShareTooHigh.selector, 0.5e18 + 1, 0.5e18));
        vm.prank(admin);
        manager.setProtocolFeeShare(0.5e18 + 1);
    }

    function test_setProtocolFeeShare_revertsForNonAdmin() public {
        vm.expectRevert(_unauthorized(bob, ADMIN_ROLE));
        vm.prank(bob);
        manager.setProtocolFeeShare(0.1e18);
    }

    // ---------------------------------------------------------------- setTreasury

    function test_setTreasury_updatesTreasury() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.TreasuryChanged(treasury, bob);
        vm.prank(admin);
        manager.setTreasury(bob);
        assertEq(manager.treasury(), bob);
    }

    function test_setTreasury_revertsOnZeroAddress() public {
        vm.expectRevert(IPoolManagerTypes.ZeroAddress.selector);
        vm.prank(admin);
        manager.setTreasury(address(0));
    }

    function test_setTreasury_revertsForNonAdmin() public {
        vm.expectRevert(_unauthorized(alice, ADMIN_ROLE));
        vm.prank(alice);
        manager.setTreasury(alice);
    }

    // ---------------------------------------------------------------- collectProtocolFees

    function test_collectProtocolFees_sendsOwedFeesToTreasury() public {
        vm.startPrank(bob);
        manager.swapExactIn(weighted3, address(tokenA), address(tokenD), 1000e18, 0, bob, _deadline());
        manager.swapExactIn(weighted3, address(tokenD), address(tokenB), 1000e8, 0, bob, _deadline());
        vm.stopPrank();
        uint256[] memory owed = manager.protocolFeesOwed(weighted3);
        uint256[] memory balancesBefore = _balances(weighted3);
        assertGt(owed[0], 0);
        assertEq(owed[1], 0);
        assertGt(owed[2], 0);

        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.ProtocolFeesCollected(weighted3, address(tokenA), owed[0]);
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.ProtocolFeesCollected(weighted3, address(tokenD), owed[2]);
        vm.prank(alice); // permissionless
        manager.collectProtocolFees(weighted3);

        assertEq(tokenA.balanceOf(treasury), owed[0]);
        assertEq(tokenD.balanceOf(treasury), owed[2]);
        uint256[] memory after_ = manager.protocolFeesOwed(weighted3);
        assertEq(after_[0] + after_[1] + after_[2], 0);
        assertEq(_balances(weighted3), balancesBefore);
        _assertSolvent(address(tokenA));
        _assertSolvent(address(tokenD));
    }

    function test_collectProtocolFees_withNothingOwedIsNoOp() public {
        vm.recordLogs();
        manager.collectProtocolFees(stable3);
        assertEq(vm.getRecordedLogs().length, 0);
    }

    function test_collectProtocolFees_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        manager.collectProtocolFees(UNKNOWN);
    }

    // ---------------------------------------------------------------- pause

    function test_pause_guardianStopsAndAdminResumes() public {
        vm.prank(guardian);
        manager.pause();
        assertTrue(manager.paused());
        vm.prank(admin);
        manager.unpause();
        assertFalse(manager.paused());
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1e18, 0, bob, _deadline());
    }

    function test_pause_revertsForNonGuardian() public {
        vm.expectRevert(_unauthorized(admin, keccak256("GUARDIAN_ROLE")));
        vm.prank(admin);
        manager.pause();
    }

    function test_pause_revertsWhenAlreadyPaused() public {
        vm.startPrank(guardian);
        manager.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        manager.pause();
        vm.stopPrank();
    }

    function test_unpause_revertsForNonAdmin() public {
        vm.prank(guardian);
        manager.pause();
        vm.expectRevert(_unauthorized(guardian, ADMIN_ROLE));
        vm.prank(guardian);
        manager.unpause();
    }

    function test_unpause_revertsWhenNotPaused() public {
        vm.expectRevert(Pausable.ExpectedPause.selector);
        vm.prank(admin);
        manager.unpause();
    }

    // ---------------------------------------------------------------- rampAmp / stopAmpRamp

    function test_rampAmp_interpolatesLinearly() public {
        uint256 start = block.timestamp;
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.AmpRampStarted(stable2, 200_000, 400_000, start, start + 2 days);
        vm.prank(admin);
        manager.rampAmp(stable2, 400_000, start + 2 days);
        (,,, uint256 amp,) = manager.getPoolState(stable2);
        assertEq(amp, 200_000);
        vm.warp(start + 1 days);
        (,,, amp,) = manager.getPoolState(stable2);
        assertEq(amp, 300_000);
        vm.warp(start + 3 days);
        (,,, amp,) = manager.getPoolState(stable2);
        assertEq(amp, 400_000);
    }

    function test_rampAmp_downwardsInterpolates() public {
        uint256 start = block.timestamp;
        vm.prank(admin);
        manager.rampAmp(stable2, 100_000, start + 1 days);
        vm.warp(start + 12 hours);
        (,,, uint256 amp,) = manager.getPoolState(stable2);
        assertEq(amp, 150_000);
    }

    function test_rampAmp_higherAmpFlattensPrices() public {
        uint256 before = manager.quoteSwap(stable2, address(tokenA), address(tokenB), 500_000e18);
        vm.prank(admin);
        manager.rampAmp(stable2, 800_000, block.timestamp + 2 days);
        vm.warp(block.timestamp + 2 days);
        assertGt(manager.quoteSwap(stable2, address(tokenA), address(tokenB), 500_000e18), before);
    }

    function test_rampAmp_allowsFourTimesOverTwoDays() public {
        vm.prank(admin);
        manager.rampAmp(stable2, 800_000, block.timestamp + 2 days);
        (, uint256 endAmp,, uint256 endTime) = manager.ampRamp(stable2);
        assertEq(endAmp, 800_000);
        assertEq(endTime, block.timestamp + 2 days);
    }

    function test_rampAmp_revertsWhenTooFastUpwards() public {
        uint256 duration = 2 days - 1;
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpRampTooFast.selector, 200_000, 800_000, duration));
        vm.prank(admin);
        manager.rampAmp(stable2, 800_000, block.timestamp + duration);
    }

    function test_rampAmp_revertsWhenTooFastDownwards() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpRampTooFast.selector, 200_000, 99_999, 1 days));
        vm.prank(admin);
        manager.rampAmp(stable2, 99_999, block.timestamp + 1 days);
    }

    function test_rampAmp_revertsWhenTooShort() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpRampTooShort.selector, 1 days - 1, 1 days));
        vm.prank(admin);
        manager.rampAmp(stable2, 210_000, block.timestamp + 1 days - 1);
    }

    function test_rampAmp_revertsWhenEndTimeInPast() public {
        vm.warp(10 days);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpRampTooShort.selector, 0, 1 days));
        vm.prank(admin);
        manager.rampAmp(stable2, 210_000, 1 days);
    }

    function test_rampAmp_revertsWhenEndTimeOverflows() public {
        uint256 endTime = uint256(type(uint40).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 40, endTime));
        vm.prank(admin);
        manager.rampAmp(stable2, 210_000, endTime);
    }

    function test_rampAmp_revertsOnAmpOutOfBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpOutOfBounds.selector, 999, 1e3, 5e6));
        vm.prank(admin);
        manager.rampAmp(stable2, 999, block.timestamp + 30 days);
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpOutOfBounds.selector, 5e6 + 1, 1e3, 5e6));
        vm.prank(admin);
        manager.rampAmp(stable2, 5e6 + 1, block.timestamp + 30 days);
    }

    function test_rampAmp_revertsWhileRamping() public {
        vm.startPrank(admin);
        manager.rampAmp(stable2, 300_000, block.timestamp + 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(IPoolManagerTypes.AmpRampInProgress.selector, stable2, block.timestamp + 1 days)
        );
        manager.rampAmp(stable2, 250_000, block.timestamp + 2 days);
        vm.stopPrank();
    }

    function test_rampAmp_revertsOnWeightedPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.NotStablePool.selector, weighted5050));
        vm.prank(admin);
        manager.rampAmp(weighted5050, 300_000, block.timestamp + 1 days);
    }

    function test_rampAmp_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        vm.prank(admin);
        manager.rampAmp(UNKNOWN, 300_000, block.timestamp + 1 days);
    }

    function test_rampAmp_revertsForNonAdmin() public {
        vm.expectRevert(_unauthorized(bob, ADMIN_ROLE));
        vm.prank(bob);
        manager.rampAmp(stable2, 300_000, block.timestamp + 1 days);
    }

    function test_stopAmpRamp_freezesCurrentValue() public {
        uint256 start = block.timestamp;
        vm.prank(admin);
        manager.rampAmp(stable2, 400_000, start + 2 days);
        vm.warp(start + 12 hours);
        vm.expectEmit(true, true, true, true, address(manager));
        emit IPoolManagerTypes.AmpRampStopped(stable2, 250_000);
        vm.prank(admin);
        manager.stopAmpRamp(stable2);
        vm.warp(start + 5 days);
        (,,, uint256 amp,) = manager.getPoolState(stable2);
        assertEq(amp, 250_000);
        // A new ramp starts from the frozen value.
        vm.prank(admin);
        manager.rampAmp(stable2, 500_000, block.timestamp + 1 days);
        (uint256 startAmp,,,) = manager.ampRamp(stable2);
        assertEq(startAmp, 250_000);
    }

    function test_stopAmpRamp_revertsWhenNotRamping() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.AmpNotRamping.selector, stable2));
        vm.prank(admin);
        manager.stopAmpRamp(stable2);
    }

    function test_stopAmpRamp_revertsOnWeightedPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.NotStablePool.selector, weighted3));
        vm.prank(admin);
        manager.stopAmpRamp(weighted3);
    }

    function test_stopAmpRamp_revertsForNonAdmin() public {
        vm.expectRevert(_unauthorized(guardian, ADMIN_ROLE));
        vm.prank(guardian);
        manager.stopAmpRamp(stable2);
    }

    // ---------------------------------------------------------------- views

    function test_getPoolState_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        manager.getPoolState(UNKNOWN);
    }

    function test_getInvariant_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        manager.getInvariant(UNKNOWN);
    }

    function test_getInvariant_uninitializedPoolsAreZero() public {
        vm.startPrank(admin);
        bytes32 w = manager.createWeightedPool(_pair(tokenC, tokenD), _w2(0.5e18, 0.5e18), FEE, "x", "x");
        bytes32 s = manager.createStablePool(_pair(tokenC, tokenD), 100_000, FEE, "x", "x");
        vm.stopPrank();
        assertEq(manager.getInvariant(w), 0);
        assertEq(manager.getInvariant(s), 0);
    }

    function test_lpToken_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        manager.lpToken(UNKNOWN);
    }

    function test_protocolFeesOwed_revertsOnUnknownPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.PoolNotFound.selector, UNKNOWN));
        manager.protocolFeesOwed(UNKNOWN);
    }

    function test_ampRamp_revertsOnWeightedPool() public {
        vm.expectRevert(abi.encodeWithSelector(IPoolManagerTypes.NotStablePool.selector, weighted5050));
        manager.ampRamp(weighted5050);
    }

    function test_poolKind_unknownPoolIsNone() public view {
        assertEq(uint8(manager.poolKind(UNKNOWN)), uint8(IPoolManagerTypes.PoolKind.None));
    }

    function test_poolIdAt_listsPoolsInCreationOrder() public view {
        assertEq(manager.poolCount(), 5);
        assertEq(manager.poolIdAt(0), weighted5050);
        assertEq(manager.poolIdAt(4), stable3);
    }

    function test_views_workThroughStaticCall() public view {
        // getPoolState is served by the extension through a delegatecall; it must work under STATICCALL.
        (bool ok, bytes memory data) =
            address(manager).staticcall(abi.encodeCall(manager.getPoolState, (stable3)));
        assertTrue(ok);
        (address[] memory tokens,,,,) = abi.decode(data, (address[], uint256[], uint256[], uint256, uint256));
        assertEq(tokens.length, 3);
    }
}
