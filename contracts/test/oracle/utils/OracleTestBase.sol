// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {PriceOracle} from "../../../src/oracle/PriceOracle.sol";

/// @notice Shared fixture: an oracle administered by `admin`, and an 8-decimal XAU feed at $2,000 with a
///         1-hour heartbeat, 10% deviation bound and 3 re-arm rounds.
abstract contract OracleTestBase is Test {
    uint32 internal constant HEARTBEAT = 1 hours;
    uint64 internal constant MAX_DEVIATION = 0.1e18;
    uint8 internal constant REARM_ROUNDS = 3;
    uint256 internal constant START = 1_700_000_000;

    address internal admin = makeAddr("admin");
    address internal stranger = makeAddr("stranger");
    address internal asset = makeAddr("XAU");

    PriceOracle internal oracle;
    MockV3Aggregator internal feed;

    function setUp() public virtual {
        vm.warp(START);
        oracle = new PriceOracle(admin);
        feed = new MockV3Aggregator(8, 2000e8);
        vm.prank(admin);
        oracle.setFeed(asset, _config(feed));
    }

    function _config(MockV3Aggregator aggregator) internal pure returns (IPriceOracle.FeedConfig memory) {
        return _config(address(aggregator), HEARTBEAT, MAX_DEVIATION, REARM_ROUNDS);
    }

    function _config(address aggregator, uint32 heartbeat, uint64 maxDeviation, uint8 rearmRounds)
        internal
        pure
        returns (IPriceOracle.FeedConfig memory)
    {
        return IPriceOracle.FeedConfig({
            aggregator: AggregatorV3Interface(aggregator),
            heartbeat: heartbeat,
            maxDeviation: maxDeviation,
            rearmRounds: rearmRounds
        });
    }

    /// @dev Publishes a new round one second later (8-decimal answer).
    function _push(int256 answer) internal {
        vm.warp(block.timestamp + 1);
        feed.updateAnswer(answer);
    }

    function _pushAndSync(int256 answer) internal returns (bool tripped) {
        _push(answer);
        return oracle.sync(asset);
    }

    function _trip() internal {
        assertTrue(_pushAndSync(3000e8), "trip");
    }

    function _latestRound() internal view returns (uint80 roundId) {
        (roundId,,,,) = feed.latestRoundData();
    }
}
