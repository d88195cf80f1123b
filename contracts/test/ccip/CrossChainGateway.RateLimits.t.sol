// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RateLimiter} from "@chainlink/contracts-ccip/contracts/libraries/RateLimiter.sol";
import {ICrossChainGateway} from "../../src/interfaces/ICrossChainGateway.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Chainlink's token buckets per lane and synth: outbound on sends, inbound on deliveries (a refused delivery
///         is stored and retried once the bucket refilled), and their configuration.
contract CrossChainGatewayRateLimitsTest is GatewayFixture {
    uint128 internal constant CAP = 100e18;
    uint128 internal constant RATE = 1e18;

    // ------------------------------------------------------------ configuration

    function test_setRateLimits_firstConfigurationStartsFull() public {
        vm.expectEmit(address(a.gateway));
        emit ICrossChainGateway.RateLimitsSet(
            CHAIN_B,
            address(a.sXAU),
            RateLimiter.Config({isEnabled: true, capacity: CAP, rate: RATE}),
            RateLimiter.Config({isEnabled: true, capacity: 2 * CAP, rate: 2 * RATE})
        );
        _setLimits(a, a.sXAU, CAP, RATE, 2 * CAP, 2 * RATE);
        (RateLimiter.TokenBucket memory outbound, RateLimiter.TokenBucket memory inbound) =
            a.gateway.rateLimits(CHAIN_B, address(a.sXAU));
        assertTrue(outbound.isEnabled);
        assertEq(outbound.tokens, CAP);
        assertEq(outbound.capacity, CAP);
        assertEq(outbound.rate, RATE);
        assertEq(outbound.lastUpdated, block.timestamp);
        assertEq(inbound.tokens, 2 * CAP);
        assertEq(inbound.capacity, 2 * CAP);
        assertEq(inbound.rate, 2 * RATE);
        // Another synth or lane is still unlimited (disabled).
        (outbound, inbound) = a.gateway.rateLimits(CHAIN_B, address(a.sUSD));
        assertFalse(outbound.isEnabled);
        assertFalse(inbound.isEnabled);
    }

    function test_setRateLimits_laterChangesKeepTheTokensUpToTheNewCapacity() public {
        _setLimits(a, a.sXAU, CAP, RATE, CAP, RATE);
        _sendSynth(a, a.sXAU, alice, bob, 70e18);
        _setLimits(a, a.sXAU, 2 * CAP, RATE, 20e18, RATE);
        (RateLimiter.TokenBucket memory outbound, RateLimiter.TokenBucket memory inbound) =
            a.gateway.rateLimits(CHAIN_B, address(a.sXAU));
        assertEq(outbound.tokens, 30e18);
        assertEq(outbound.capacity, 2 * CAP);
        assertEq(inbound.tokens, 20e18);
    }

    function test_setRateLimits_validatesWithChainlinksRules() public {
        RateLimiter.Config memory ok = RateLimiter.Config({isEnabled: true, capacity: CAP, rate: RATE});
        RateLimiter.Config memory fast = RateLimiter.Config({isEnabled: true, capacity: CAP, rate: CAP + 1});
        RateLimiter.Config memory disabledNonZero = RateLimiter.Config({isEnabled: false, capacity: CAP, rate: 0});
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(RateLimiter.InvalidRateLimitRate.selector, fast));
        a.gateway.setRateLimits(CHAIN_B, address(a.sXAU), fast, ok);
        vm.expectRevert(abi.encodeWithSelector(RateLimiter.InvalidRateLimitRate.selector, fast));
        a.gateway.setRateLimits(CHAIN_B, address(a.sXAU), ok, fast);
        vm.expectRevert(abi.encodeWithSelector(RateLimiter.DisabledNonZeroRateLimit.selector, disabledNonZero));
        a.gateway.setRateLimits(CHAIN_B, address(a.sXAU), disabledNonZero, ok);
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.UnknownSynth.selector, address(link), bytes32(0)));
        a.gateway.setRateLimits(CHAIN_B, address(link), ok, ok);
        vm.stopPrank();
    }

    function test_setRateLimits_disablingRemovesTheLimitAndEnablingRefills() public {
        _setLimits(a, a.sXAU, CAP, RATE, CAP, RATE);
        RateLimiter.Config memory off;
        vm.prank(admin);
        a.gateway.setRateLimits(CHAIN_B, address(a.sXAU), off, off);
        _sendSynth(a, a.sXAU, alice, bob, 500e18);
        assertEq(a.sXAU.balanceOf(alice), 500e18);

        // Switched on again, the bucket starts full.
        _setLimits(a, a.sXAU, CAP, RATE, CAP, RATE);
        (RateLimiter.TokenBucket memory outbound,) = a.gateway.rateLimits(CHAIN_B, address(a.sXAU));
        assertEq(outbound.tokens, CAP);
        _sendSynth(a, a.sXAU, alice, bob, CAP);
    }

    // ------------------------------------------------------------ outbound

    function test_sendSynth_aboveCapacityIsRefusedEvenWithAFullBucket() public {
        _setLimits(a, a.sXAU, CAP, RATE, CAP, RATE);
        vm.expectRevert(
            abi.encodeWithSelector(RateLimiter.TokenMaxCapacityExceeded.selector, CAP, CAP + 1, address(a.sXAU))
        );
        vm.prank(alice);
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(a.sXAU), bob, CAP + 1, address(0));
        _sendSynth(a, a.sXAU, alice, bob, CAP);
        assertEq(a.sXAU.balanceOf(alice), START_BALANCE - CAP);
    }

    function test_sendSynth_hitsTheLimitAndRefillsAtTheRate() public {
        _setLimits(a, a.sXAU, CAP, RATE, CAP, RATE);
        _sendSynth(a, a.sXAU, alice, bob, 60e18);
        // 40 left; 50 needs 10 more seconds.
        vm.expectRevert(
            abi.encodeWithSelector(RateLimiter.TokenRateLimitReached.selector, 10, 40e18, address(a.sXAU))
        );
        vm.prank(alice);
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(a.sXAU), bob, 50e18, address(0));

        vm.warp(block.timestamp + 9);
        vm.expectRevert(abi.encodeWithSelector(RateLimiter.TokenRateLimitReached.selector, 1, 49e18, address(a.sXAU)));
        vm.prank(alice);
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(a.sXAU), bob, 50e18, address(0));

        vm.warp(block.timestamp + 1);
        _sendSynth(a, a.sXAU, alice, bob, 50e18);
        (RateLimiter.TokenBucket memory outbound,) = a.gateway.rateLimits(CHAIN_B, address(a.sXAU));
        assertEq(outbound.tokens, 0);
        // Never above capacity, however long the wait.
        vm.warp(block.timestamp + 365 days);
        (outbound,) = a.gateway.rateLimits(CHAIN_B, address(a.sXAU));
        assertEq(outbound.tokens, CAP);
    }

    function test_sendSynth_limitsArePerLaneAndPerSynth() public {
        _setLimits(a, a.sXAU, CAP, RATE, CAP, RATE);
        _give(a, a.sUSD, alice, START_BALANCE);
        _sendSynth(a, a.sXAU, alice, bob, CAP);
        // sUSD has no limit on this lane.
        _sendSynth(a, a.sUSD, alice, bob, START_BALANCE);
        assertEq(a.sUSD.balanceOf(alice), 0);
    }

    // ------------------------------------------------------------ inbound

    function test_inboundLimit_storesTheMessageUntilARetryAfterTheRefill() public {
        _setLimits(b, b.sXAU, CAP, RATE, CAP, RATE);
        _relay(_sendSynth(a, a.sXAU, alice, bob, 80e18));
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE + 80e18);

        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, a.sXAU, alice, bob, 50e18);
        _commit(m);
        bytes memory reason =
            abi.encodeWithSelector(RateLimiter.TokenRateLimitReached.selector, 30, 20e18, address(b.sXAU));
        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.MessageFailed(m.messageId, CHAIN_A, reason);
        // The gateway did not revert: the router's delivery succeeded, the gateway holds the message.
        assertEq(uint8(_execute(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertTrue(b.gateway.isFailed(m.messageId));
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE + 80e18);

        // Too early: the retry reverts and the message stays stored.
        vm.warp(block.timestamp + 29);
        vm.expectRevert(abi.encodeWithSelector(RateLimiter.TokenRateLimitReached.selector, 1, 49e18, address(b.sXAU)));
        vm.prank(stranger);
        b.gateway.retryFailedMessage(m.messageId);
        assertTrue(b.gateway.isFailed(m.messageId));

        vm.warp(block.timestamp + 1);
        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.SynthReceived(m.messageId, CHAIN_A, bob, alice, address(b.sXAU), XAU, 50e18);
        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.MessageRetried(m.messageId, stranger);
        vm.prank(stranger);
        b.gateway.retryFailedMessage(m.messageId);
        assertFalse(b.gateway.isFailed(m.messageId));
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE + 130e18);
        assertEq(_supply(a.sXAU) + _supply(b.sXAU), 2 * START_BALANCE);

        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.MessageNotFailed.selector, m.messageId));
        b.gateway.retryFailedMessage(m.messageId);
    }

    function test_inboundLimit_aboveCapacityIsStoredForGovernance() public {
        _setLimits(b, b.sXAU, CAP, RATE, CAP, RATE);
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, a.sXAU, alice, bob, CAP + 1);
        _relay(m);
        assertTrue(b.gateway.isFailed(m.messageId));
        // No refill ever makes it fit; governance pays it out without the limit.
        vm.warp(block.timestamp + 365 days);
        vm.expectRevert(
            abi.encodeWithSelector(RateLimiter.TokenMaxCapacityExceeded.selector, CAP, CAP + 1, address(b.sXAU))
        );
        b.gateway.retryFailedMessage(m.messageId);
        vm.prank(admin);
        b.gateway.recoverFailedMessage(m.messageId, bob);
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE + CAP + 1);
        assertFalse(b.gateway.isFailed(m.messageId));
    }
}
