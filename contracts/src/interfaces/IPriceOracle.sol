// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title IPriceOracle
/// @notice USD prices for every asset Fluxion values (collateral and synths), read from Chainlink
///         AggregatorV3 feeds, normalised to 18 decimals (USD per whole token), with a per-feed circuit breaker.
/// @dev Circuit breaker: each new round is compared with a reference price. While armed, the reference is
///      the last accepted answer; an answer further from it than `maxDeviation` trips the breaker. While
///      tripped, the reference is the previous observed answer, and `rearmRounds` consecutive rounds that
///      each stay within `maxDeviation` of their predecessor re-arm it without any governance action (the
///      price has settled, whatever level it settled at). A non-positive answer counts as out of bound.
///      The breaker advances in `sync`, which state-changing consumers call before pricing and which
///      keepers call on every new round; `isTripped` and `requireTradable` read the stored state.
///      While tripped, minting and exchanging the asset stop; reads (`price`) and repayment keep working.
interface IPriceOracle {
    /// @notice How an asset is priced.
    /// @param aggregator Chainlink feed answering USD per whole token.
    /// @param heartbeat Maximum age, in seconds, of an answer before it counts as stale.
    /// @param maxDeviation Largest accepted move between rounds, 1e18 = 100%.
    /// @param rearmRounds Consecutive in-bound rounds that re-arm a tripped breaker.
    struct FeedConfig {
        AggregatorV3Interface aggregator;
        uint32 heartbeat;
        uint64 maxDeviation;
        uint8 rearmRounds;
    }

    /// @notice Circuit-breaker state of one feed.
    /// @param tripped Whether minting and exchanging the asset are stopped.
    /// @param inBoundStreak Consecutive in-bound rounds seen while tripped.
    /// @param lastRoundId Last round processed by `sync`.
    /// @param referencePrice Price the next round is compared with (18 decimals).
    struct BreakerState {
        bool tripped;
        uint8 inBoundStreak;
        uint80 lastRoundId;
        uint128 referencePrice;
    }

    /// @notice Emitted when governance sets or replaces an asset's feed (the breaker starts armed).
    event FeedSet(
        address indexed asset, address indexed aggregator, uint32 heartbeat, uint64 maxDeviation, uint8 rearmRounds
    );
    /// @notice Emitted when governance removes an asset's feed.
    event FeedRemoved(address indexed asset);
    /// @notice Emitted when a round moves further than `maxDeviation` from the reference and trips the breaker.
    event CircuitBreakerTripped(address indexed asset, uint80 indexed roundId, uint256 referencePrice, uint256 price);
    /// @notice Emitted when enough consecutive in-bound rounds re-arm a tripped breaker.
    event CircuitBreakerRearmed(address indexed asset, uint80 indexed roundId, uint256 price);

    /// @notice Thrown when an asset has no feed.
    error FeedNotSet(address asset);
    /// @notice Thrown when a feed's latest answer is zero or negative, or cannot be represented as an
    ///         18-decimal price (rounds to zero, or exceeds type(uint128).max).
    error InvalidPrice(address asset, int256 answer);
    /// @notice Thrown when a feed's latest answer is older than its heartbeat.
    error StalePrice(address asset, uint256 updatedAt, uint256 heartbeat);
    /// @notice Thrown when an action needs a trusted price but the asset's circuit breaker is tripped.
    error CircuitBroken(address asset);
    /// @notice Thrown when a feed configuration is out of bounds (zero asset, aggregator, heartbeat or rearm
    ///         rounds, a deviation outside (0, 1e18], or an aggregator with more than 77 decimals).
    error InvalidFeedConfig(address asset);

    /// @notice Latest valid price of `asset`, whatever the breaker state.
    /// @return priceUsd USD per whole token, 18 decimals.
    /// @dev Reverts with `FeedNotSet`, `InvalidPrice` or `StalePrice`.
    function price(address asset) external view returns (uint256 priceUsd);

    /// @notice Advances the breaker, then returns the latest price only if it can be trusted for minting,
    ///         exchanging, withdrawing against debt or liquidating.
    /// @dev Reverts with `CircuitBroken` when tripped, or as `price`.
    function checkedPrice(address asset) external returns (uint256 priceUsd);

    /// @notice Processes every round published since the last call (at most `MAX_ROUNDS_PER_SYNC` are
    ///         walked one by one; a longer gap or a phase change processes only the latest).
    /// @dev Permissionless; keepers call it on each new round.
    /// @return tripped The breaker state after processing.
    function sync(address asset) external returns (bool tripped);

    /// @notice Whether `asset`'s breaker is tripped, as of the last `sync`. False for assets without a feed.
    function isTripped(address asset) external view returns (bool);

    /// @notice Reverts with `CircuitBroken` if either asset's breaker is tripped. Assets without a feed,
    ///         and `address(0)`, always pass. Used by the pools on every swap and single-sided join or exit.
    function requireTradable(address tokenA, address tokenB) external view;

    /// @notice Whether `asset` has a feed.
    function hasFeed(address asset) external view returns (bool);

    /// @notice The feed configuration of `asset`.
    function feedOf(address asset) external view returns (FeedConfig memory);

    /// @notice The breaker state of `asset`.
    function breakerOf(address asset) external view returns (BreakerState memory);

    /// @notice Sets or replaces the feed of `asset` and arms its breaker at the feed's latest answer.
    /// @dev Only `FEED_MANAGER_ROLE` (the Timelock, and the synth factory when it creates a synth).
    function setFeed(address asset, FeedConfig calldata config) external;

    /// @notice Removes the feed of `asset`.
    /// @dev Only `FEED_MANAGER_ROLE`.
    function removeFeed(address asset) external;
}
