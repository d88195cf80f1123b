// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @notice Aggregator whose historical lookups revert for chosen rounds, as some Chainlink proxies do for
///         rounds they do not hold; used to check that `sync` skips such rounds instead of failing.
contract FlakyAggregator is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint256 updatedAt;
    }

    error NoDataPresent(uint80 roundId);

    uint8 public immutable decimals;
    uint80 public latestRound;
    mapping(uint80 roundId => Round) public rounds;
    mapping(uint80 roundId => bool) public revertsOn;

    constructor(uint8 decimals_, int256 initialAnswer) {
        decimals = decimals_;
        push(initialAnswer);
    }

    function push(int256 answer) public {
        ++latestRound;
        rounds[latestRound] = Round(answer, block.timestamp);
    }

    function setRevertsOn(uint80 roundId, bool reverts) external {
        revertsOn[roundId] = reverts;
    }

    function description() external pure returns (string memory) {
        return "flaky";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
        if (revertsOn[roundId]) revert NoDataPresent(roundId);
        Round memory r = rounds[roundId];
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = rounds[latestRound];
        return (latestRound, r.answer, r.updatedAt, r.updatedAt, latestRound);
    }
}
