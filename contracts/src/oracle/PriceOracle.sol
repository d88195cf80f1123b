// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {OracleMath} from "../libraries/OracleMath.sol";

/// @title PriceOracle
/// @notice Chainlink-backed USD prices for every asset Fluxion values, with a per-feed circuit breaker that
///         re-arms on its own once the price has settled.
/// @dev Storage is laid out for the pools' swap hot path: everything `sync` mutates, plus the two
///      read-only values it needs (`rearmRounds`, `decimals`), lives in one slot, so `requireTradable`
///      costs one SLOAD per token and `sync` one SLOAD plus at most one SSTORE.
contract PriceOracle is IPriceOracle, AccessControl {
    /// @notice Role allowed to set and remove feeds (the Timelock, and the synth factory).
    bytes32 public constant FEED_MANAGER_ROLE = keccak256("FEED_MANAGER_ROLE");

    /// @notice Most rounds `sync` walks one by one; a longer gap processes only the latest round, which
    ///         keeps `sync` (and so every `checkedPrice`) bounded in gas however long keepers were idle.
    uint256 public constant MAX_ROUNDS_PER_SYNC = 16;

    /// @dev Slot 1 of `Feed`: the mutable breaker state and the immutable-per-feed values `sync` needs.
    struct Breaker {
        bool tripped;
        uint8 inBoundStreak;
        uint80 lastRoundId;
        uint128 referencePrice;
        uint8 rearmRounds;
        uint8 decimals;
    }

    /// @dev Slot 0 holds what `price` needs besides `decimals`; slot 1 is the breaker.
    struct Feed {
        AggregatorV3Interface aggregator;
        uint32 heartbeat;
        uint64 maxDeviation;
        Breaker breaker;
    }

    mapping(address asset => Feed) private _feeds;

    /// @param admin Initial holder of `DEFAULT_ADMIN_ROLE` and `FEED_MANAGER_ROLE` (the deployer, who
    ///        hands both to the Timelock).
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(FEED_MANAGER_ROLE, admin);
    }

    /// @inheritdoc IPriceOracle
    function price(address asset) external view returns (uint256 priceUsd) {
        Feed storage feed = _feeds[asset];
        AggregatorV3Interface aggregator = feed.aggregator;
        if (address(aggregator) == address(0)) revert FeedNotSet(asset);
        (, int256 answer,, uint256 updatedAt,) = aggregator.latestRoundData();
        return _validated(asset, answer, updatedAt, feed.heartbeat, feed.breaker.decimals);
    }

    /// @inheritdoc IPriceOracle
    function checkedPrice(address asset) external returns (uint256 priceUsd) {
        Feed storage feed = _feeds[asset];
        (bool tripped, int256 answer, uint256 updatedAt, uint8 decimals) = _sync(asset, feed);
        if (tripped) revert CircuitBroken(asset);
        return _validated(asset, answer, updatedAt, feed.heartbeat, decimals);
    }

    /// @inheritdoc IPriceOracle
    function sync(address asset) external returns (bool tripped) {
        (tripped,,,) = _sync(asset, _feeds[asset]);
    }

    /// @inheritdoc IPriceOracle
    function isTripped(address asset) external view returns (bool) {
        return _feeds[asset].breaker.tripped;
    }

    /// @inheritdoc IPriceOracle
    function requireTradable(address tokenA, address tokenB) external view {
        // Assets without a feed (and address(0), which can never get one) have an all-zero slot.
        if (_feeds[tokenA].breaker.tripped) revert CircuitBroken(tokenA);
        if (_feeds[tokenB].breaker.tripped) revert CircuitBroken(tokenB);
    }

    /// @inheritdoc IPriceOracle
    function hasFeed(address asset) external view returns (bool) {
        return address(_feeds[asset].aggregator) != address(0);
    }

    /// @inheritdoc IPriceOracle
    function feedOf(address asset) external view returns (FeedConfig memory) {
        Feed storage feed = _feeds[asset];
        return FeedConfig({
            aggregator: feed.aggregator,
            heartbeat: feed.heartbeat,
            maxDeviation: feed.maxDeviation,
            rearmRounds: feed.breaker.rearmRounds
        });
    }

    /// @inheritdoc IPriceOracle
    function breakerOf(address asset) external view returns (BreakerState memory) {
        Breaker memory breaker = _feeds[asset].breaker;
        return BreakerState({
            tripped: breaker.tripped,
            inBoundStreak: breaker.inBoundStreak,
            lastRoundId: breaker.lastRoundId,
            referencePrice: breaker.referencePrice
        });
    }

    /// @inheritdoc IPriceOracle
    function setFeed(address asset, FeedConfig calldata config) external onlyRole(FEED_MANAGER_ROLE) {
        AggregatorV3Interface aggregator = config.aggregator;
        if (
            asset == address(0) || address(aggregator) == address(0) || config.heartbeat == 0
                || config.rearmRounds == 0 || config.maxDeviation == 0 || config.maxDeviation > OracleMath.WAD
        ) revert InvalidFeedConfig(asset);
        uint8 decimals = aggregator.decimals();
        if (decimals > OracleMath.MAX_FEED_DECIMALS) revert InvalidFeedConfig(asset);

        // Arming needs a usable, fresh answer: it becomes the reference every later round is judged by.
        (uint80 roundId, int256 answer,, uint256 updatedAt,) = aggregator.latestRoundData();
        uint256 referencePrice = _validated(asset, answer, updatedAt, config.heartbeat, decimals);

        _feeds[asset] = Feed({
            aggregator: aggregator,
            heartbeat: config.heartbeat,
            maxDeviation: config.maxDeviation,
            breaker: Breaker({
                tripped: false,
                inBoundStreak: 0,
                lastRoundId: roundId,
                // `_validated` caps prices at `OracleMath.MAX_PRICE` = type(uint128).max.
                referencePrice: uint128(referencePrice),
                rearmRounds: config.rearmRounds,
                decimals: decimals
            })
        });
        emit FeedSet(asset, address(aggregator), config.heartbeat, config.maxDeviation, config.rearmRounds);
    }

    /// @inheritdoc IPriceOracle
    function removeFeed(address asset) external onlyRole(FEED_MANAGER_ROLE) {
        if (address(_feeds[asset].aggregator) == address(0)) revert FeedNotSet(asset);
        // Clearing the breaker too keeps `isTripped`/`requireTradable` false for assets without a feed.
        delete _feeds[asset];
        emit FeedRemoved(asset);
    }

    /// @dev Brings the breaker up to the feed's latest round and returns that round's raw data.
    function _sync(address asset, Feed storage feed)
        private
        returns (bool tripped, int256 answer, uint256 updatedAt, uint8 decimals)
    {
        AggregatorV3Interface aggregator = feed.aggregator;
        if (address(aggregator) == address(0)) revert FeedNotSet(asset);
        uint80 roundId;
        (roundId, answer,, updatedAt,) = aggregator.latestRoundData();

        Breaker memory breaker = feed.breaker;
        decimals = breaker.decimals;
        uint80 lastRoundId = breaker.lastRoundId;
        bool samePhase = OracleMath.phaseOf(roundId) == OracleMath.phaseOf(lastRoundId);
        // Nothing new, or a round older than one already processed within the same phase.
        if (roundId == lastRoundId || (samePhase && roundId < lastRoundId)) {
            return (breaker.tripped, answer, updatedAt, decimals);
        }

        uint256 maxDeviation = feed.maxDeviation;
        // Walk the rounds missed since the last sync so a spike that came and went between two syncs
        // still trips the breaker. Across a phase change round ids restart, and beyond the bound the walk
        // would cost unbounded gas: both cases judge only the latest round.
        if (samePhase && roundId - lastRoundId <= MAX_ROUNDS_PER_SYNC) {
            for (uint80 r = lastRoundId + 1; r < roundId; ++r) {
                (bool exists, int256 roundAnswer) = _roundAnswer(aggregator, r);
                if (exists) _step(asset, breaker, r, roundAnswer, maxDeviation);
            }
        }
        _step(asset, breaker, roundId, answer, maxDeviation);
        breaker.lastRoundId = roundId;
        feed.breaker = breaker;
        return (breaker.tripped, answer, updatedAt, decimals);
    }

    /// @dev Applies one round to the breaker (in memory). A non-positive or unrepresentable answer counts as
    ///      out of bound and, having no usable price, leaves the reference where it was.
    function _step(address asset, Breaker memory breaker, uint80 roundId, int256 answer, uint256 maxDeviation)
        private
    {
        uint256 observed = OracleMath.normalise(answer, breaker.decimals);
        uint256 referencePrice = breaker.referencePrice;
        bool inBound = observed != 0 && OracleMath.isWithinDeviation(observed, referencePrice, maxDeviation);

        if (!breaker.tripped) {
            if (!inBound) {
                breaker.tripped = true;
                breaker.inBoundStreak = 0;
                emit CircuitBreakerTripped(asset, roundId, referencePrice, observed);
            }
        } else if (inBound) {
            uint8 streak = breaker.inBoundStreak + 1;
            if (streak >= breaker.rearmRounds) {
                breaker.tripped = false;
                streak = 0;
                emit CircuitBreakerRearmed(asset, roundId, observed);
            }
            breaker.inBoundStreak = streak;
        } else {
            breaker.inBoundStreak = 0;
        }
        // Armed: the reference is the last accepted answer. Tripped: the last observed one, so re-arming
        // follows the price to wherever it settles.
        if (observed != 0) breaker.referencePrice = uint128(observed);
    }

    /// @dev Historical round lookup that tolerates aggregators reverting for, or returning empty data on,
    ///      rounds they do not have.
    function _roundAnswer(AggregatorV3Interface aggregator, uint80 roundId)
        private
        view
        returns (bool exists, int256 answer)
    {
        try aggregator.getRoundData(roundId) returns (uint80, int256 roundAnswer, uint256, uint256 updatedAt, uint80) {
            return (updatedAt != 0, roundAnswer);
        } catch {
            return (false, 0);
        }
    }

    /// @dev Normalises a latest answer and checks it is usable and fresh; exactly `heartbeat` seconds old is
    ///      still fresh.
    function _validated(address asset, int256 answer, uint256 updatedAt, uint256 heartbeat, uint8 decimals)
        private
        view
        returns (uint256 priceUsd)
    {
        priceUsd = OracleMath.normalise(answer, decimals);
        if (priceUsd == 0) revert InvalidPrice(asset, answer);
        if (updatedAt < block.timestamp && block.timestamp - updatedAt > heartbeat) {
            revert StalePrice(asset, updatedAt, heartbeat);
        }
    }
}
