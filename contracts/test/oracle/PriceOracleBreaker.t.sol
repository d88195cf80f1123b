// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {FlakyAggregator} from "./utils/FlakyAggregator.sol";
import {OracleTestBase} from "./utils/OracleTestBase.sol";

/// @notice The circuit breaker: tripping, re-arming, and walking missed rounds in `sync`.
/// @dev Fixture feed: $2,000 (8 decimals), 10% bound, 3 re-arm rounds, armed at round 1.
contract PriceOracleBreakerTest is OracleTestBase {
    // ------------------------------------------------------------ armed

    function test_sync_noNewRoundIsNoop() public {
        vm.recordLogs();
        assertFalse(oracle.sync(asset));
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(oracle.breakerOf(asset).lastRoundId, 1);
    }

    function test_sync_acceptsInBoundRoundAndMovesReference() public {
        assertFalse(_pushAndSync(2150e8));
        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertEq(state.lastRoundId, 2);
        assertEq(state.referencePrice, 2150e18);
    }

    function test_sync_armedReferenceIsLastAcceptedRound() public {
        // Each step is exactly 10% of the previous accepted price: the drift never trips.
        assertFalse(_pushAndSync(2200e8));
        assertFalse(_pushAndSync(2420e8));
        assertEq(oracle.breakerOf(asset).referencePrice, 2420e18);
    }

    function test_sync_doesNotTripAtExactBoundUp() public {
        assertFalse(_pushAndSync(2200e8));
    }

    function test_sync_tripsOneUnitAboveBoundUp() public {
        _push(2200e8 + 1);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.CircuitBreakerTripped(asset, 2, 2000e18, 2200e18 + 1e10);
        assertTrue(oracle.sync(asset));
        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertTrue(state.tripped);
        assertEq(state.inBoundStreak, 0);
        assertEq(state.referencePrice, 2200e18 + 1e10, "tripped: reference is the observed answer");
        assertTrue(oracle.isTripped(asset));
    }

    function test_sync_doesNotTripAtExactBoundDown() public {
        assertFalse(_pushAndSync(1800e8));
    }

    function test_sync_tripsOneUnitBelowBoundDown() public {
        assertTrue(_pushAndSync(1800e8 - 1));
    }

    function test_sync_tripsOnZeroAnswerAndKeepsReference() public {
        _push(0);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.CircuitBreakerTripped(asset, 2, 2000e18, 0);
        assertTrue(oracle.sync(asset));
        assertEq(oracle.breakerOf(asset).referencePrice, 2000e18);
    }

    function test_sync_tripsOnNegativeAnswer() public {
        assertTrue(_pushAndSync(-2000e8));
        assertEq(oracle.breakerOf(asset).referencePrice, 2000e18);
    }

    function test_sync_isPermissionless() public {
        _push(3000e8);
        vm.prank(stranger);
        assertTrue(oracle.sync(asset));
    }

    function test_sync_processesStaleLatestRound() public {
        _push(2100e8);
        vm.warp(block.timestamp + 10 * HEARTBEAT);
        assertFalse(oracle.sync(asset));
        assertEq(oracle.breakerOf(asset).lastRoundId, 2);
    }

    function test_sync_revertsWhenFeedNotSet() public {
        address other = makeAddr("other");
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.FeedNotSet.selector, other));
        oracle.sync(other);
    }

    function test_sync_comparesNormalisedPrices() public {
        MockV3Aggregator wide = new MockV3Aggregator(20, 2000e20);
        address other = makeAddr("other");
        vm.prank(admin);
        oracle.setFeed(other, _config(wide));
        wide.updateAnswer(2200e20);
        assertFalse(oracle.sync(other));
        wide.updateAnswer(2420e20 + 1e2);
        assertTrue(oracle.sync(other));
    }

    // ------------------------------------------------------------ tripped and re-arming

    function test_sync_staysTrippedAfterRearmRoundsMinusOne() public {
        _trip();
        assertTrue(_pushAndSync(3010e8));
        assertTrue(_pushAndSync(3020e8));
        assertEq(oracle.breakerOf(asset).inBoundStreak, 2);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, asset));
        oracle.requireTradable(asset, address(0));
    }

    function test_sync_rearmsAfterExactlyRearmRounds() public {
        _trip();
        _pushAndSync(3010e8);
        _pushAndSync(3020e8);
        _push(3030e8);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.CircuitBreakerRearmed(asset, 5, 3030e18);
        assertFalse(oracle.sync(asset));

        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertFalse(state.tripped);
        assertEq(state.inBoundStreak, 0);
        assertEq(state.referencePrice, 3030e18, "re-armed at the settled level, not the old one");
        oracle.requireTradable(asset, address(0));
    }

    function test_sync_trippedReferenceIsPreviousObservedAnswer() public {
        _trip(); // observed 3000
        // Exactly 10% from the previous observed answer counts as in bound.
        assertTrue(_pushAndSync(3300e8));
        assertEq(oracle.breakerOf(asset).inBoundStreak, 1);
        // 3630 is exactly 10% above 3300, the previous observed answer (not 3000).
        assertTrue(_pushAndSync(3630e8));
        assertEq(oracle.breakerOf(asset).inBoundStreak, 2);
        assertEq(oracle.breakerOf(asset).referencePrice, 3630e18);
    }

    function test_sync_outOfBoundRoundResetsStreakWhileTripped() public {
        _trip();
        _pushAndSync(3010e8);
        _pushAndSync(3020e8);
        assertEq(oracle.breakerOf(asset).inBoundStreak, 2);

        vm.recordLogs();
        assertTrue(_pushAndSync(4000e8));
        assertEq(vm.getRecordedLogs().length, 0, "no second trip event while tripped");
        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertEq(state.inBoundStreak, 0);
        assertEq(state.referencePrice, 4000e18);

        assertTrue(_pushAndSync(4010e8));
        assertTrue(_pushAndSync(4020e8));
        assertFalse(_pushAndSync(4030e8));
    }

    function test_sync_invalidAnswerWhileTrippedResetsStreakKeepsReference() public {
        _trip();
        _pushAndSync(3010e8);
        assertTrue(_pushAndSync(0));
        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertEq(state.inBoundStreak, 0);
        assertEq(state.referencePrice, 3010e18);
    }

    function test_sync_singleRearmRound() public {
        vm.prank(admin);
        oracle.setFeed(asset, _config(address(feed), HEARTBEAT, MAX_DEVIATION, 1));
        assertTrue(_pushAndSync(3000e8));
        assertFalse(_pushAndSync(3000e8));
    }

    // ------------------------------------------------------------ walking missed rounds

    function test_sync_walksMissedRoundsAndCatchesTransientSpike() public {
        _push(2100e8);
        _push(5000e8);
        _push(2100e8);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.CircuitBreakerTripped(asset, 3, 2100e18, 5000e18);
        assertTrue(oracle.sync(asset));
        IPriceOracle.BreakerState memory state = oracle.breakerOf(asset);
        assertEq(state.lastRoundId, 4);
        assertEq(state.inBoundStreak, 0, "5000 -> 2100 is out of bound");
        assertEq(state.referencePrice, 2100e18);
    }

    function test_sync_tripsAndRearmsWithinOneWalk() public {
        _push(3000e8);
        _push(3010e8);
        _push(3020e8);
        _push(3030e8);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.CircuitBreakerTripped(asset, 2, 2000e18, 3000e18);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.CircuitBreakerRearmed(asset, 5, 3030e18);
        assertFalse(oracle.sync(asset));
    }

    function test_sync_walksExactlyMaxRoundsPerSync() public {
        uint256 maxRounds = oracle.MAX_ROUNDS_PER_SYNC();
        for (uint256 i = 1; i <= maxRounds; ++i) {
            // The spike lands two rounds before the end, too late to re-arm within the walk.
            _push(i == maxRounds - 1 ? int256(5000e8) : int256(2000e8));
        }
        assertEq(_latestRound() - 1, maxRounds);
        assertTrue(oracle.sync(asset), "spike within the walk trips");
        assertEq(oracle.breakerOf(asset).lastRoundId, _latestRound());
    }

    function test_sync_gapBeyondMaxProcessesOnlyLatest() public {
        uint256 maxRounds = oracle.MAX_ROUNDS_PER_SYNC();
        for (uint256 i = 1; i <= maxRounds + 1; ++i) {
            _push(i == maxRounds - 1 ? int256(5000e8) : int256(2000e8));
        }
        vm.recordLogs();
        assertFalse(oracle.sync(asset), "the spike is beyond the walk");
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(oracle.breakerOf(asset).lastRoundId, _latestRound());
    }

    function test_sync_gapBeyondMaxTripsOnOutOfBoundLatest() public {
        uint256 maxRounds = oracle.MAX_ROUNDS_PER_SYNC();
        for (uint256 i = 1; i <= maxRounds + 1; ++i) {
            _push(i == maxRounds + 1 ? int256(2500e8) : int256(2000e8));
        }
        assertTrue(oracle.sync(asset));
    }

    function test_sync_phaseChangeProcessesOnlyLatest() public {
        feed.updateRoundData(2, 5000e8, block.timestamp, block.timestamp);
        uint80 newPhaseRound = uint80((uint256(1) << 64) | 1);
        feed.updateRoundData(newPhaseRound, 2050e8, block.timestamp, block.timestamp);
        assertFalse(oracle.sync(asset));
        assertEq(oracle.breakerOf(asset).lastRoundId, newPhaseRound);
        assertEq(oracle.breakerOf(asset).referencePrice, 2050e18);
    }

    function test_sync_phaseChangeTripsOnOutOfBoundLatest() public {
        uint80 newPhaseRound = uint80((uint256(2) << 64) | 7);
        feed.updateRoundData(newPhaseRound, 2500e8, block.timestamp, block.timestamp);
        assertTrue(oracle.sync(asset));
    }

    function test_sync_skipsRoundsWithoutData() public {
        // Rounds 2-4 were never written (updatedAt 0, answer 0): judging them would trip on a zero answer.
        feed.updateRoundData(5, 2100e8, block.timestamp, block.timestamp);
        assertFalse(oracle.sync(asset));
        assertEq(oracle.breakerOf(asset).lastRoundId, 5);
    }

    function test_sync_skipsRoundsWhoseLookupReverts() public {
        FlakyAggregator flaky = new FlakyAggregator(8, 2000e8);
        address other = makeAddr("other");
        vm.prank(admin);
        oracle.setFeed(other, _config(address(flaky), HEARTBEAT, MAX_DEVIATION, REARM_ROUNDS));
        flaky.push(9000e8);
        flaky.push(2100e8);
        flaky.setRevertsOn(2, true);
        assertFalse(oracle.sync(other));
        assertEq(oracle.breakerOf(other).lastRoundId, 3);

        flaky.setRevertsOn(2, false);
        flaky.push(9000e8);
        flaky.push(2100e8);
        assertTrue(oracle.sync(other), "the same spike trips when the lookup works");
    }

    function test_sync_ignoresOlderRoundInSamePhase() public {
        _pushAndSync(2100e8);
        _pushAndSync(2100e8);
        feed.updateRoundData(2, 9000e8, block.timestamp, block.timestamp);
        vm.recordLogs();
        assertFalse(oracle.sync(asset));
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(oracle.breakerOf(asset).lastRoundId, 3);
    }

    // ------------------------------------------------------------ fuzz

    function testFuzz_sync_tripsIffBeyondDeviation(uint256 answer) public {
        answer = bound(answer, 1, 1e20);
        _push(int256(answer));
        uint256 observed = answer * 1e10;
        uint256 diff = observed > 2000e18 ? observed - 2000e18 : 2000e18 - observed;
        bool expected = diff * 1e18 > uint256(MAX_DEVIATION) * 2000e18;
        assertEq(oracle.sync(asset), expected);
    }

    function testFuzz_sync_rearmNeedsExactlyRearmRounds(uint8 rounds, uint256 seed) public {
        rounds = uint8(bound(rounds, 1, 12));
        vm.prank(admin);
        oracle.setFeed(asset, _config(address(feed), HEARTBEAT, MAX_DEVIATION, rounds));
        _trip();
        int256 current = 3000e8;
        for (uint256 i = 1; i < rounds; ++i) {
            // Any move strictly within +-10% of the previous answer (truncation cannot push it out).
            current = current * int256(901 + (uint256(keccak256(abi.encode(seed, i))) % 199)) / 1000;
            assertTrue(_pushAndSync(current));
        }
        assertFalse(_pushAndSync(current));
    }

    function testFuzz_sync_walkMatchesStepwiseSync(int256[6] memory moves) public {
        // Syncing once after several rounds reaches the same state as syncing after each round.
        MockV3Aggregator twin = new MockV3Aggregator(8, 2000e8);
        address other = makeAddr("twin");
        vm.prank(admin);
        oracle.setFeed(other, _config(twin));
        int256 current = 2000e8;
        for (uint256 i; i < moves.length; ++i) {
            current = bound(current + bound(moves[i], -400e8, 400e8), -10e8, 5000e8);
            _push(current);
            twin.updateAnswer(current);
            oracle.sync(other);
        }
        oracle.sync(asset);
        IPriceOracle.BreakerState memory walked = oracle.breakerOf(asset);
        IPriceOracle.BreakerState memory stepped = oracle.breakerOf(other);
        assertEq(walked.tripped, stepped.tripped);
        assertEq(walked.inBoundStreak, stepped.inBoundStreak);
        assertEq(walked.referencePrice, stepped.referencePrice);
        assertEq(walked.lastRoundId, stepped.lastRoundId);
    }

}
