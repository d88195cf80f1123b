// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";

/// @title OracleDouble
/// @notice Test double of `IPriceOracle` for the pool tests: every asset is priced at $1 and tests trip or reset a
///         token's circuit breaker directly.
contract OracleDouble is IPriceOracle {
    mapping(address asset => bool) public tripped;
    mapping(address asset => FeedConfig) private _feeds;

    /// @notice Trips or re-arms the breaker of `asset`.
    function setTripped(address asset, bool value) external {
        tripped[asset] = value;
    }

    /// @inheritdoc IPriceOracle
    function price(address) external pure returns (uint256) {
        return 1e18;
    }

    /// @inheritdoc IPriceOracle
    function checkedPrice(address asset) external view returns (uint256) {
        if (tripped[asset]) revert CircuitBroken(asset);
        return 1e18;
    }

    /// @inheritdoc IPriceOracle
    function sync(address asset) external view returns (bool) {
        return tripped[asset];
    }

    /// @inheritdoc IPriceOracle
    function isTripped(address asset) external view returns (bool) {
        return tripped[asset];
    }

    /// @inheritdoc IPriceOracle
    function requireTradable(address tokenA, address tokenB) external view {
        if (tripped[tokenA]) revert CircuitBroken(tokenA);
        if (tripped[tokenB]) revert CircuitBroken(tokenB);
    }

    /// @inheritdoc IPriceOracle
    function hasFeed(address asset) external view returns (bool) {
        return address(_feeds[asset].aggregator) != address(0);
    }

    /// @inheritdoc IPriceOracle
    function feedOf(address asset) external view returns (FeedConfig memory) {
        return _feeds[asset];
    }

    /// @inheritdoc IPriceOracle
    function breakerOf(address asset) external view returns (BreakerState memory state) {
        state.tripped = tripped[asset];
    }

    /// @inheritdoc IPriceOracle
    function setFeed(address asset, FeedConfig calldata config) external {
        _feeds[asset] = config;
    }

    /// @inheritdoc IPriceOracle
    function removeFeed(address asset) external {
        delete _feeds[asset];
    }
}
