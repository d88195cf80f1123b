// SPDX-License-Identifier: MIT
// The PriceOracle check needs OracleTestBase's fixture, so it is a second contract here.
// solhint-disable one-contract-per-file
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {AggregatorInterface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorInterface.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {MockPriceFeed} from "../../src/mocks/MockPriceFeed.sol";
import {OracleTestBase} from "../oracle/utils/OracleTestBase.sol";

/// @notice `MockPriceFeed`: the Chainlink events of every round it writes, its views, and that it reads exactly as
///         Chainlink Local's `MockV3Aggregator` after any sequence of the same updates.
contract MockPriceFeedTest is Test {
    uint256 internal constant START = 1_700_000_000;

    address internal writer = makeAddr("writer");

    MockPriceFeed internal feed;

    function setUp() public {
        vm.warp(START);
        feed = new MockPriceFeed(8, 2000e8);
    }

    // ------------------------------------------------------------ constructor

    function test_constructor_emitsFirstRound() public {
        address expected = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        vm.expectEmit(expected);
        emit AggregatorInterface.NewRound(1, address(this), START);
        vm.expectEmit(expected);
        emit AggregatorInterface.AnswerUpdated(2400e6, 1, START);
        MockPriceFeed created = new MockPriceFeed(6, 2400e6);
        assertEq(address(created), expected);
    }

    function test_constructor_roundStartedByDeployer() public {
        vm.recordLogs();
        vm.prank(writer);
        MockPriceFeed created = new MockPriceFeed(8, 1e8);
        _assertRoundLogs(vm.getRecordedLogs(), address(created), 1, writer, 1e8, START, START);
    }

    function test_constructor_writesRoundOne() public view {
        assertEq(feed.decimals(), 8);
        assertEq(feed.version(), 0);
        assertEq(feed.description(), "src/data-feeds/MockV3Aggregator.sol");
        _assertLatest(1, 2000e8, START, START);
        _assertRound(1, 2000e8, START, START);
        _assertRound(0, 0, 0, 0);
        _assertRound(2, 0, 0, 0);
    }

    // ------------------------------------------------------------ updateAnswer

    function test_updateAnswer_emitsNextRound() public {
        vm.warp(START + 60);
        vm.expectEmit(address(feed));
        emit AggregatorInterface.NewRound(2, writer, START + 60);
        vm.expectEmit(address(feed));
        emit AggregatorInterface.AnswerUpdated(2100e8, 2, START + 60);
        vm.prank(writer);
        feed.updateAnswer(2100e8);
    }

    function test_updateAnswer_writesNextRoundKeepingHistory() public {
        vm.warp(START + 60);
        feed.updateAnswer(2100e8);
        vm.warp(START + 120);
        feed.updateAnswer(-5);

        _assertLatest(3, -5, START + 120, START + 120);
        _assertRound(1, 2000e8, START, START);
        _assertRound(2, 2100e8, START + 60, START + 60);
        _assertRound(3, -5, START + 120, START + 120);
        _assertRound(4, 0, 0, 0);
    }

    // ------------------------------------------------------------ updateRoundData

    function test_updateRoundData_emitsGivenRound() public {
        vm.expectEmit(address(feed));
        emit AggregatorInterface.NewRound(7, writer, START - 30);
        vm.expectEmit(address(feed));
        emit AggregatorInterface.AnswerUpdated(1990e8, 7, START - 10);
        vm.prank(writer);
        feed.updateRoundData(7, 1990e8, START - 10, START - 30);
    }

    function test_updateRoundData_jumpsAheadAndUpdateAnswerContinues() public {
        feed.updateRoundData(7, 1990e8, START - 10, START - 30);
        _assertLatest(7, 1990e8, START - 10, START - 30);
        _assertRound(7, 1990e8, START - 10, START - 30);
        // The rounds skipped were never written.
        _assertRound(4, 0, 0, 0);

        vm.warp(START + 5);
        vm.recordLogs();
        feed.updateAnswer(2001e8);
        _assertRoundLogs(vm.getRecordedLogs(), address(feed), 8, address(this), 2001e8, START + 5, START + 5);
        _assertLatest(8, 2001e8, START + 5, START + 5);
    }

    function test_updateRoundData_canRewriteAnEarlierRound() public {
        feed.updateAnswer(2100e8);
        feed.updateAnswer(2200e8);
        feed.updateRoundData(2, 1800e8, START + 1, START + 2);

        // Round 2 is rewritten and latest again; round 3 keeps its data but is no longer the latest.
        _assertLatest(2, 1800e8, START + 1, START + 2);
        _assertRound(3, 2200e8, START, START);
        feed.updateAnswer(1900e8);
        _assertLatest(3, 1900e8, START, START);
    }

    function test_updateRoundData_maxRoundIdThenUpdateAnswerTruncatesLikeChainlinkLocal() public {
        MockV3Aggregator chainlinkLocal = new MockV3Aggregator(8, 2000e8);
        uint80 max = type(uint80).max;
        feed.updateRoundData(max, 7, START, START);
        chainlinkLocal.updateRoundData(max, 7, START, START);
        feed.updateAnswer(8);
        chainlinkLocal.updateAnswer(8);

        // latestRound is 2^80: latestRoundData reports round 0 but the answer of round 2^80.
        assertEq(feed.latestRound(), uint256(max) + 1);
        (uint80 roundId, int256 answer,,, uint80 answeredInRound) = feed.latestRoundData();
        assertEq(roundId, 0);
        assertEq(answer, 8);
        assertEq(answeredInRound, 0);
        assertEq(feed.getAnswer(uint256(max) + 1), 8);
        _assertSameViews(chainlinkLocal, _ids(0, max, 1));
    }

    // ------------------------------------------------------------ differential

    /// @dev One step of a fuzzed history: `updateAnswer` or `updateRoundData`, by `caller`, after a clock move.
    struct Op {
        bool explicitRound;
        bool smallRoundId;
        address caller;
        uint32 warp;
        uint80 roundId;
        int256 answer;
        uint256 timestamp;
        uint256 startedAt;
    }

    function testFuzz_differential_matchesMockV3Aggregator(uint8 decimals, int256 initialAnswer, Op[10] memory ops)
        public
    {
        MockV3Aggregator chainlinkLocal = new MockV3Aggregator(decimals, initialAnswer);
        MockPriceFeed subject = new MockPriceFeed(decimals, initialAnswer);
        feed = subject;
        uint256[] memory touched = new uint256[](ops.length + 1);
        touched[0] = 1;
        _assertSameViews(chainlinkLocal, touched);

        for (uint256 i; i < ops.length; ++i) {
            Op memory op = ops[i];
            vm.warp(block.timestamp + op.warp);
            vm.recordLogs();
            if (op.explicitRound) {
                // Mostly small ids so rounds get rewritten, skipped and revisited; sometimes any uint80.
                uint80 roundId = op.smallRoundId ? uint80(bound(op.roundId, 0, 12)) : op.roundId;
                chainlinkLocal.updateRoundData(roundId, op.answer, op.timestamp, op.startedAt);
                vm.prank(op.caller);
                subject.updateRoundData(roundId, op.answer, op.timestamp, op.startedAt);
                _assertRoundLogs(
                    vm.getRecordedLogs(), address(subject), roundId, op.caller, op.answer, op.timestamp, op.startedAt
                );
            } else {
                chainlinkLocal.updateAnswer(op.answer);
                vm.prank(op.caller);
                subject.updateAnswer(op.answer);
                _assertRoundLogs(
                    vm.getRecordedLogs(),
                    address(subject),
                    subject.latestRound(),
                    op.caller,
                    op.answer,
                    block.timestamp,
                    block.timestamp
                );
            }
            touched[i + 1] = subject.latestRound();
            _assertSameViews(chainlinkLocal, touched);
        }
    }

    // ------------------------------------------------------------ helpers

    /// @dev Every view of both feeds agrees: metadata, the latest round, and each round in `ids` and its neighbours.
    function _assertSameViews(MockV3Aggregator chainlinkLocal, uint256[] memory ids) internal view {
        assertEq(feed.decimals(), chainlinkLocal.decimals(), "decimals");
        assertEq(feed.description(), chainlinkLocal.description(), "description");
        assertEq(feed.version(), chainlinkLocal.version(), "version");
        assertEq(feed.latestRound(), chainlinkLocal.latestRound(), "latestRound");
        assertEq(feed.latestAnswer(), chainlinkLocal.latestAnswer(), "latestAnswer");
        assertEq(feed.latestTimestamp(), chainlinkLocal.latestTimestamp(), "latestTimestamp");
        _assertSameRound(feed.latestRoundData, chainlinkLocal.latestRoundData);
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            _assertSameRoundId(chainlinkLocal, id);
            if (id > 0) _assertSameRoundId(chainlinkLocal, id - 1);
            if (id < type(uint256).max) _assertSameRoundId(chainlinkLocal, id + 1);
        }
    }

    function _assertSameRoundId(MockV3Aggregator chainlinkLocal, uint256 id) internal view {
        assertEq(feed.getAnswer(id), chainlinkLocal.getAnswer(id), "getAnswer");
        assertEq(feed.getTimestamp(id), chainlinkLocal.getTimestamp(id), "getTimestamp");
        if (id > type(uint80).max) return;
        (uint80 a0, int256 a1, uint256 a2, uint256 a3, uint80 a4) = feed.getRoundData(uint80(id));
        (uint80 b0, int256 b1, uint256 b2, uint256 b3, uint80 b4) = chainlinkLocal.getRoundData(uint80(id));
        assertEq(a0, b0, "getRoundData.roundId");
        assertEq(a1, b1, "getRoundData.answer");
        assertEq(a2, b2, "getRoundData.startedAt");
        assertEq(a3, b3, "getRoundData.updatedAt");
        assertEq(a4, b4, "getRoundData.answeredInRound");
    }

    function _assertSameRound(
        function() external view returns (uint80, int256, uint256, uint256, uint80) subjectRead,
        function() external view returns (uint80, int256, uint256, uint256, uint80) chainlinkLocalRead
    ) internal view {
        (uint80 a0, int256 a1, uint256 a2, uint256 a3, uint80 a4) = subjectRead();
        (uint80 b0, int256 b1, uint256 b2, uint256 b3, uint80 b4) = chainlinkLocalRead();
        assertEq(a0, b0, "latestRoundData.roundId");
        assertEq(a1, b1, "latestRoundData.answer");
        assertEq(a2, b2, "latestRoundData.startedAt");
        assertEq(a3, b3, "latestRoundData.updatedAt");
        assertEq(a4, b4, "latestRoundData.answeredInRound");
    }

    function _assertLatest(uint80 roundId, int256 answer, uint256 updatedAt, uint256 startedAt) internal view {
        assertEq(feed.latestRound(), roundId, "latestRound");
        assertEq(feed.latestAnswer(), answer, "latestAnswer");
        assertEq(feed.latestTimestamp(), updatedAt, "latestTimestamp");
        (uint80 id, int256 a, uint256 s, uint256 u, uint80 answeredIn) = feed.latestRoundData();
        assertEq(id, roundId, "latestRoundData.roundId");
        assertEq(a, answer, "latestRoundData.answer");
        assertEq(s, startedAt, "latestRoundData.startedAt");
        assertEq(u, updatedAt, "latestRoundData.updatedAt");
        assertEq(answeredIn, roundId, "latestRoundData.answeredInRound");
    }

    function _assertRound(uint80 roundId, int256 answer, uint256 updatedAt, uint256 startedAt) internal view {
        assertEq(feed.getAnswer(roundId), answer, "getAnswer");
        assertEq(feed.getTimestamp(roundId), updatedAt, "getTimestamp");
        (uint80 id, int256 a, uint256 s, uint256 u, uint80 answeredIn) = feed.getRoundData(roundId);
        assertEq(id, roundId, "getRoundData.roundId");
        assertEq(a, answer, "getRoundData.answer");
        assertEq(s, startedAt, "getRoundData.startedAt");
        assertEq(u, updatedAt, "getRoundData.updatedAt");
        assertEq(answeredIn, roundId, "getRoundData.answeredInRound");
    }

    /// @dev `logs` is exactly NewRound then AnswerUpdated for `roundId`, both from `emitter`.
    function _assertRoundLogs(
        Vm.Log[] memory logs,
        address emitter,
        uint256 roundId,
        address startedBy,
        int256 answer,
        uint256 updatedAt,
        uint256 startedAt
    ) internal pure {
        assertEq(logs.length, 2, "two logs per round");
        assertEq(logs[0].emitter, emitter, "NewRound emitter");
        assertEq(logs[0].topics.length, 3, "NewRound topics");
        assertEq(logs[0].topics[0], AggregatorInterface.NewRound.selector, "NewRound");
        assertEq(logs[0].topics[1], bytes32(roundId), "NewRound.roundId");
        assertEq(logs[0].topics[2], bytes32(uint256(uint160(startedBy))), "NewRound.startedBy");
        assertEq(logs[0].data, abi.encode(startedAt), "NewRound.startedAt");
        assertEq(logs[1].emitter, emitter, "AnswerUpdated emitter");
        assertEq(logs[1].topics.length, 3, "AnswerUpdated topics");
        assertEq(logs[1].topics[0], AggregatorInterface.AnswerUpdated.selector, "AnswerUpdated");
        assertEq(logs[1].topics[1], bytes32(uint256(answer)), "AnswerUpdated.current");
        assertEq(logs[1].topics[2], bytes32(roundId), "AnswerUpdated.roundId");
        assertEq(logs[1].data, abi.encode(updatedAt), "AnswerUpdated.updatedAt");
    }

    function _ids(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (a, b, c);
    }
}

/// @notice The PriceOracle treats a `MockPriceFeed` exactly as the Chainlink Local mock the fixture's feed is:
///         arming, pricing, the breaker's walk over missed rounds, tripping, re-arming and staleness.
contract MockPriceFeedOracleTest is OracleTestBase {
    address internal twinAsset = makeAddr("XAU twin");
    MockPriceFeed internal twin;

    function setUp() public override {
        super.setUp();
        twin = new MockPriceFeed(8, 2000e8);
        vm.prank(admin);
        oracle.setFeed(twinAsset, _config(address(twin), HEARTBEAT, MAX_DEVIATION, REARM_ROUNDS));
    }

    function test_priceOracle_readsMockPriceFeedAsMockV3Aggregator() public {
        _assertSameOracleState();
        assertEq(oracle.price(twinAsset), 2000e18);
        assertEq(oracle.breakerOf(twinAsset).lastRoundId, 1);

        // A spike that came and went between two syncs still trips both (the walk reads round 3).
        _pushBoth(2100e8);
        _pushBoth(3000e8);
        _pushBoth(2150e8);
        assertTrue(oracle.sync(asset));
        assertTrue(oracle.sync(twinAsset));
        _assertSameOracleState();
        assertEq(oracle.breakerOf(twinAsset).lastRoundId, 4);

        // A round skipped by updateRoundData reads as missing to the walk, on both.
        vm.warp(block.timestamp + 1);
        feed.updateRoundData(6, 2160e8, block.timestamp, block.timestamp);
        twin.updateRoundData(6, 2160e8, block.timestamp, block.timestamp);
        oracle.sync(asset);
        oracle.sync(twinAsset);
        _assertSameOracleState();

        // Re-arming takes REARM_ROUNDS in-bound rounds on both.
        for (uint256 i; i < REARM_ROUNDS; ++i) {
            _pushBoth(2170e8);
            assertEq(oracle.sync(asset), oracle.sync(twinAsset));
            _assertSameOracleState();
        }
        assertFalse(oracle.isTripped(twinAsset));
        assertEq(oracle.checkedPrice(twinAsset), 2170e18);
        assertEq(oracle.checkedPrice(asset), 2170e18);

        // Both go stale after the heartbeat.
        vm.warp(block.timestamp + HEARTBEAT + 1);
        uint256 updatedAt = block.timestamp - HEARTBEAT - 1;
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, twinAsset, updatedAt, HEARTBEAT));
        oracle.price(twinAsset);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, asset, updatedAt, HEARTBEAT));
        oracle.price(asset);
    }

    function _pushBoth(int256 answer) internal {
        _push(answer);
        twin.updateAnswer(answer);
    }

    function _assertSameOracleState() internal view {
        IPriceOracle.BreakerState memory a = oracle.breakerOf(asset);
        IPriceOracle.BreakerState memory b = oracle.breakerOf(twinAsset);
        assertEq(a.tripped, b.tripped, "tripped");
        assertEq(a.inBoundStreak, b.inBoundStreak, "inBoundStreak");
        assertEq(a.lastRoundId, b.lastRoundId, "lastRoundId");
        assertEq(a.referencePrice, b.referencePrice, "referencePrice");
        assertEq(oracle.isTripped(asset), oracle.isTripped(twinAsset), "isTripped");
        assertEq(oracle.price(asset), oracle.price(twinAsset), "price");
    }
}
