// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {OracleTestBase} from "./utils/OracleTestBase.sol";

/// @notice Configuration, pricing and access control of `PriceOracle` (the breaker is in PriceOracleBreaker.t.sol).
contract PriceOracleTest is OracleTestBase {
    // ------------------------------------------------------------ constructor

    function test_constructor_grantsAdminAndFeedManager() public view {
        assertTrue(oracle.hasRole(oracle.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(oracle.hasRole(oracle.FEED_MANAGER_ROLE(), admin));
        assertEq(oracle.FEED_MANAGER_ROLE(), keccak256("FEED_MANAGER_ROLE"));
        assertEq(oracle.MAX_ROUNDS_PER_SYNC(), 16);
    }

    // ------------------------------------------------------------ setFeed

    function test_setFeed_armsAtLatestAnswer() public view {
        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertFalse(state.tripped);
        assertEq(state.inBoundStreak, 0);
        assertEq(state.lastRoundId, 1);
        assertEq(state.referencePrice, 2000e18);
        assertTrue(oracle.hasFeed(asset));

        IPriceOracle.FeedConfig memory config = oracle.feedOf(asset);
        assertEq(address(config.aggregator), address(feed));
        assertEq(config.heartbeat, HEARTBEAT);
        assertEq(config.maxDeviation, MAX_DEVIATION);
        assertEq(config.rearmRounds, REARM_ROUNDS);
    }

    function test_setFeed_emitsFeedSet() public {
        address other = makeAddr("other");
        vm.expectEmit(address(oracle));
        emit IPriceOracle.FeedSet(other, address(feed), HEARTBEAT, MAX_DEVIATION, REARM_ROUNDS);
        vm.prank(admin);
        oracle.setFeed(other, _config(feed));
    }

    function test_setFeed_replacingRearmsTrippedBreaker() public {
        _trip();
        MockV3Aggregator replacement = new MockV3Aggregator(18, 2500e18);
        vm.prank(admin);
        oracle.setFeed(asset, _config(address(replacement), 2 hours, 0.2e18, 5));

        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertFalse(state.tripped);
        assertEq(state.referencePrice, 2500e18);
        assertEq(oracle.feedOf(asset).rearmRounds, 5);
        assertEq(oracle.price(asset), 2500e18);
    }

    function test_setFeed_acceptsFullDeviation() public {
        vm.prank(admin);
        oracle.setFeed(asset, _config(address(feed), HEARTBEAT, 1e18, 1));
        assertEq(oracle.feedOf(asset).maxDeviation, 1e18);
    }

    function test_setFeed_revertsForNonManager() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, oracle.FEED_MANAGER_ROLE()
            )
        );
        vm.prank(stranger);
        oracle.setFeed(asset, _config(feed));
    }

    function test_setFeed_grantedManagerCanSet() public {
        bytes32 role = oracle.FEED_MANAGER_ROLE();
        vm.prank(admin);
        oracle.grantRole(role, stranger);
        vm.prank(stranger);
        oracle.setFeed(makeAddr("other"), _config(feed));
    }

    function test_setFeed_revertsForZeroAsset() public {
        _expectInvalidConfig(address(0), _config(feed));
    }

    function test_setFeed_revertsForZeroAggregator() public {
        _expectInvalidConfig(asset, _config(address(0), HEARTBEAT, MAX_DEVIATION, REARM_ROUNDS));
    }

    function test_setFeed_revertsForZeroHeartbeat() public {
        _expectInvalidConfig(asset, _config(address(feed), 0, MAX_DEVIATION, REARM_ROUNDS));
    }

    function test_setFeed_revertsForZeroRearmRounds() public {
        _expectInvalidConfig(asset, _config(address(feed), HEARTBEAT, MAX_DEVIATION, 0));
    }

    function test_setFeed_revertsForZeroDeviation() public {
        _expectInvalidConfig(asset, _config(address(feed), HEARTBEAT, 0, REARM_ROUNDS));
    }

    function test_setFeed_revertsForDeviationAboveOne() public {
        _expectInvalidConfig(asset, _config(address(feed), HEARTBEAT, 1e18 + 1, REARM_ROUNDS));
    }

    function test_setFeed_revertsForTooManyDecimals() public {
        MockV3Aggregator wide = new MockV3Aggregator(78, 1);
        _expectInvalidConfig(asset, _config(wide));
    }

    function test_setFeed_acceptsMaxDecimals() public {
        // 77 decimals leave room for prices up to ~0.57 USD in an int256 answer.
        MockV3Aggregator wide = new MockV3Aggregator(77, 5e76);
        vm.prank(admin);
        oracle.setFeed(asset, _config(wide));
        assertEq(oracle.price(asset), 0.5e18);
    }

    function test_setFeed_revertsForNonPositiveAnswer() public {
        MockV3Aggregator broken = new MockV3Aggregator(8, 0);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidPrice.selector, asset, int256(0)));
        vm.prank(admin);
        oracle.setFeed(asset, _config(broken));

        broken.updateAnswer(-1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidPrice.selector, asset, int256(-1)));
        vm.prank(admin);
        oracle.setFeed(asset, _config(broken));
    }

    function test_setFeed_revertsForStaleAnswer() public {
        MockV3Aggregator old = new MockV3Aggregator(8, 2000e8);
        vm.warp(block.timestamp + HEARTBEAT + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, asset, START, HEARTBEAT));
        vm.prank(admin);
        oracle.setFeed(asset, _config(old));
    }

    // ------------------------------------------------------------ removeFeed

    function test_removeFeed_clearsFeedAndBreaker() public {
        _trip();
        assertTrue(oracle.isTripped(asset));
        vm.expectEmit(address(oracle));
        emit IPriceOracle.FeedRemoved(asset);
        vm.prank(admin);
        oracle.removeFeed(asset);

        assertFalse(oracle.hasFeed(asset));
        assertFalse(oracle.isTripped(asset));
        oracle.requireTradable(asset, address(0));
        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertEq(state.lastRoundId, 0);
        assertEq(state.referencePrice, 0);
        assertEq(address(oracle.feedOf(asset).aggregator), address(0));
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.FeedNotSet.selector, asset));
        oracle.price(asset);
    }

    function test_removeFeed_revertsForNonManager() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, oracle.FEED_MANAGER_ROLE()
            )
        );
        vm.prank(stranger);
        oracle.removeFeed(asset);
    }

    function test_removeFeed_revertsWhenFeedNotSet() public {
        address other = makeAddr("other");
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.FeedNotSet.selector, other));
        vm.prank(admin);
        oracle.removeFeed(other);
    }

    // ------------------------------------------------------------ price: decimals

    function test_price_normalises8Decimals() public view {
        assertEq(oracle.price(asset), 2000e18);
    }

    function test_price_normalises18Decimals() public {
        assertEq(_priceWith(18, 1.2345e18), 1.2345e18);
    }

    function test_price_normalises6Decimals() public {
        assertEq(_priceWith(6, 1_000_001), 1.000001e18);
    }

    function test_price_normalises20Decimals() public {
        assertEq(_priceWith(20, 3456e20), 3456e18);
    }

    function test_price_roundsDown20Decimals() public {
        // The two digits beyond 18 decimals are dropped, not rounded: ...899 -> ...8.
        assertEq(_priceWith(20, 1_234_567_899), 12_345_678);
    }

    function test_price_revertsWhen20DecimalAnswerRoundsToZero() public {
        MockV3Aggregator tiny = new MockV3Aggregator(20, 100);
        vm.prank(admin);
        oracle.setFeed(asset, _config(tiny));
        tiny.updateAnswer(99);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidPrice.selector, asset, int256(99)));
        oracle.price(asset);
    }

    function test_price_revertsAboveUint128() public {
        MockV3Aggregator huge = new MockV3Aggregator(18, int256(uint256(type(uint128).max)));
        vm.prank(admin);
        oracle.setFeed(asset, _config(huge));
        assertEq(oracle.price(asset), type(uint128).max);

        int256 tooBig = int256(uint256(type(uint128).max) + 1);
        huge.updateAnswer(tooBig);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidPrice.selector, asset, tooBig));
        oracle.price(asset);
    }

    function test_price_revertsWhenScalingWouldOverflow() public {
        feed.updateAnswer(type(int256).max);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidPrice.selector, asset, type(int256).max));
        oracle.price(asset);
    }

    // ------------------------------------------------------------ price: validity

    function test_price_revertsWhenFeedNotSet() public {
        address other = makeAddr("other");
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.FeedNotSet.selector, other));
        oracle.price(other);
    }

    function test_price_revertsOnZeroAnswer() public {
        feed.updateAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidPrice.selector, asset, int256(0)));
        oracle.price(asset);
    }

    function test_price_revertsOnNegativeAnswer() public {
        feed.updateAnswer(-5e8);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidPrice.selector, asset, int256(-5e8)));
        oracle.price(asset);
    }

    function test_price_freshExactlyAtHeartbeat() public {
        vm.warp(START + HEARTBEAT);
        assertEq(oracle.price(asset), 2000e18);
    }

    function test_price_revertsOneSecondPastHeartbeat() public {
        vm.warp(START + HEARTBEAT + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, asset, START, HEARTBEAT));
        oracle.price(asset);
    }

    function test_price_acceptsFutureTimestamp() public {
        feed.updateRoundData(2, 2100e8, START + 100, START + 100);
        assertEq(oracle.price(asset), 2100e18);
    }

    function test_price_worksWhileTripped() public {
        _trip();
        assertEq(oracle.price(asset), 3000e18);
    }

    // ------------------------------------------------------------ checkedPrice

    function test_checkedPrice_returnsPriceWhenArmed() public {
        assertEq(oracle.checkedPrice(asset), 2000e18);
    }

    function test_checkedPrice_revertsWhenTripped() public {
        _trip();
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, asset));
        oracle.checkedPrice(asset);
    }

    function test_checkedPrice_revertsWhenItsOwnSyncTrips() public {
        _push(3000e8);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, asset));
        oracle.checkedPrice(asset);
    }

    function test_checkedPrice_syncsBeforePricing() public {
        _push(2100e8);
        assertEq(oracle.checkedPrice(asset), 2100e18);
        assertEq(oracle.breakerOf(asset).lastRoundId, 2);
        assertEq(oracle.breakerOf(asset).referencePrice, 2100e18);
    }

    function test_checkedPrice_rearmsThroughSync() public {
        _trip();
        _push(3010e8);
        _push(3020e8);
        _push(3030e8);
        assertEq(oracle.checkedPrice(asset), 3030e18);
        assertFalse(oracle.isTripped(asset));
    }

    function test_checkedPrice_revertsWhenFeedNotSet() public {
        address other = makeAddr("other");
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.FeedNotSet.selector, other));
        oracle.checkedPrice(other);
    }

    function test_checkedPrice_revertsWhenStale() public {
        vm.warp(START + HEARTBEAT + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, asset, START, HEARTBEAT));
        oracle.checkedPrice(asset);
    }

    function test_checkedPrice_revertsOnInvalidAnswerAfterTrip() public {
        // The invalid round trips the breaker, so `CircuitBroken` wins over `InvalidPrice`.
        _push(0);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, asset));
        oracle.checkedPrice(asset);
    }

    // ------------------------------------------------------------ requireTradable / isTripped

    function test_requireTradable_passesForArmedAndUnknownAssets() public {
        oracle.requireTradable(asset, makeAddr("no feed"));
        oracle.requireTradable(address(0), asset);
        oracle.requireTradable(address(0), address(0));
    }

    function test_requireTradable_revertsForTrippedTokenA() public {
        _trip();
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, asset));
        oracle.requireTradable(asset, address(0));
    }

    function test_requireTradable_revertsForTrippedTokenB() public {
        _trip();
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, asset));
        oracle.requireTradable(makeAddr("other"), asset);
    }

    function test_requireTradable_readsOneSlotPerToken() public {
        address other = makeAddr("other");
        vm.prank(admin);
        oracle.setFeed(other, _config(feed));
        vm.record();
        oracle.requireTradable(asset, other);
        (bytes32[] memory reads,) = vm.accesses(address(oracle));
        assertEq(reads.length, 2);
    }

    function test_isTripped_falseWithoutFeed() public {
        assertFalse(oracle.isTripped(makeAddr("no feed")));
        assertFalse(oracle.isTripped(address(0)));
    }

    function test_isTripped_reflectsLastSyncOnly() public {
        _push(3000e8);
        assertFalse(oracle.isTripped(asset), "not yet synced");
        oracle.sync(asset);
        assertTrue(oracle.isTripped(asset));
    }

    // ------------------------------------------------------------ helpers

    function _priceWith(uint8 decimals, int256 answer) private returns (uint256) {
        MockV3Aggregator aggregator = new MockV3Aggregator(decimals, answer);
        vm.prank(admin);
        oracle.setFeed(asset, _config(aggregator));
        return oracle.price(asset);
    }

    function _expectInvalidConfig(address target, IPriceOracle.FeedConfig memory config) private {
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidFeedConfig.selector, target));
        vm.prank(admin);
        oracle.setFeed(target, config);
    }
}
