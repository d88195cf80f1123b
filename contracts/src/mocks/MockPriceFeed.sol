// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV2V3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV2V3Interface.sol";

/// @title MockPriceFeed
/// @notice Chainlink price feed stand-in for local chains and tests only: anyone can write a round. Every view
///         and update function behaves exactly like Chainlink Local's `MockV3Aggregator` (with its
///         `MockOffchainAggregator`) for the same history, and, like a real Chainlink aggregator, every round
///         written (the constructor's initial answer included) is announced with `NewRound` then `AnswerUpdated`,
///         so an indexer can follow prices from logs instead of decoding every transaction.
/// @dev Never deployed by the production Ignition path; local networks get one per configured pair. Round ids are
///      plain counters (phase 0), as in the Chainlink Local mock. Left out of that mock: its
///      `proposeAggregator`/`confirmAggregator` indirection and the inner aggregator's min/max answer bounds, which
///      nothing in Fluxion reads.
contract MockPriceFeed is AggregatorV2V3Interface {
    /// @dev One written round; `answer`, `startedAt` and `updatedAt` are all zero for a round never written.
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    /// @notice The number of decimals of every answer.
    uint8 public immutable override decimals;

    /// @notice The id of the round written last: the constructor's is 1, `updateAnswer` takes the next one and
    ///         `updateRoundData` sets it to its round id (lower ids included).
    uint256 public override latestRound;

    /// @dev Rounds by id (a uint256 key: `updateAnswer` after a round id of type(uint80).max goes beyond uint80).
    mapping(uint256 roundId => Round round) private _rounds;

    /// @param decimals_ The number of decimals of every answer.
    /// @param initialAnswer The answer of round 1, written at the deployment block's timestamp.
    constructor(uint8 decimals_, int256 initialAnswer) {
        decimals = decimals_;
        _writeNextRound(initialAnswer);
    }

    /// @notice Writes `answer` as the next round (`latestRound + 1`), started and updated now, and emits
    ///         `NewRound(roundId, msg.sender, block.timestamp)` then `AnswerUpdated(answer, roundId, block.timestamp)`.
    /// @param answer The new answer, in `decimals` decimals.
    function updateAnswer(int256 answer) external {
        _writeNextRound(answer);
    }

    /// @notice Writes round `roundId` with the given answer and times and makes it the latest round, whether
    ///         `roundId` is above, equal to or below the current one; emits `NewRound(roundId, msg.sender,
    ///         startedAt)` then `AnswerUpdated(answer, roundId, timestamp)`.
    /// @param roundId The round to write; the next `updateAnswer` writes `roundId + 1`.
    /// @param answer The round's answer, in `decimals` decimals.
    /// @param timestamp The round's `updatedAt`.
    /// @param startedAt The round's `startedAt`.
    function updateRoundData(uint80 roundId, int256 answer, uint256 timestamp, uint256 startedAt) external {
        _writeRound(roundId, answer, startedAt, timestamp);
    }

    /// @notice The answer of the latest round.
    /// @return The latest round's answer.
    function latestAnswer() external view override returns (int256) {
        return _rounds[latestRound].answer;
    }

    /// @notice The `updatedAt` of the latest round.
    /// @return The latest round's update time.
    function latestTimestamp() external view override returns (uint256) {
        return _rounds[latestRound].updatedAt;
    }

    /// @notice The answer of round `roundId`; 0 for a round never written.
    /// @param roundId The round to read.
    /// @return The round's answer.
    function getAnswer(uint256 roundId) external view override returns (int256) {
        return _rounds[roundId].answer;
    }

    /// @notice The `updatedAt` of round `roundId`; 0 for a round never written.
    /// @param roundId The round to read.
    /// @return The round's update time.
    function getTimestamp(uint256 roundId) external view override returns (uint256) {
        return _rounds[roundId].updatedAt;
    }

    /// @notice Round `roundId_`; a round never written does not revert but reads as zeros (its id echoed).
    /// @param roundId_ The round to read.
    /// @return roundId `roundId_`.
    /// @return answer The round's answer.
    /// @return startedAt The round's start time.
    /// @return updatedAt The round's update time.
    /// @return answeredInRound `roundId_` (every round is answered in itself).
    function getRoundData(uint80 roundId_)
        external
        view
        override
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round storage round = _rounds[roundId_];
        return (roundId_, round.answer, round.startedAt, round.updatedAt, roundId_);
    }

    /// @notice The latest round.
    /// @return roundId `latestRound`, truncated to uint80 (as the Chainlink Local mock does).
    /// @return answer The latest round's answer.
    /// @return startedAt The latest round's start time.
    /// @return updatedAt The latest round's update time.
    /// @return answeredInRound Same as `roundId`.
    function latestRoundData()
        external
        view
        override
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint256 latest = latestRound;
        Round storage round = _rounds[latest];
        return (uint80(latest), round.answer, round.startedAt, round.updatedAt, uint80(latest));
    }

    /// @notice The version of the aggregator this feed is: 0, as the Chainlink Local mock.
    /// @return The version number.
    function version() external pure override returns (uint256) {
        return 0;
    }

    /// @notice The feed's description: the Chainlink Local mock's, unchanged, so the two stay interchangeable.
    /// @return The description string.
    function description() external pure override returns (string memory) {
        return "src/data-feeds/MockV3Aggregator.sol";
    }

    /// @dev Writes `answer` as round `latestRound + 1`, started and updated at `block.timestamp`.
    function _writeNextRound(int256 answer) private {
        _writeRound(latestRound + 1, answer, block.timestamp, block.timestamp);
    }

    /// @dev Stores round `roundId`, makes it the latest and announces it as a Chainlink aggregator does.
    function _writeRound(uint256 roundId, int256 answer, uint256 startedAt, uint256 updatedAt) private {
        latestRound = roundId;
        _rounds[roundId] = Round({answer: answer, startedAt: startedAt, updatedAt: updatedAt});
        emit NewRound(roundId, msg.sender, startedAt);
        emit AnswerUpdated(answer, roundId, updatedAt);
    }
}
