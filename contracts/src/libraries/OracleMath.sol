// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title OracleMath
/// @notice Normalisation of Chainlink answers to 18 decimals and the circuit breaker's deviation test.
/// @dev Prices are capped at `type(uint128).max` so the breaker can pack its reference price in one slot
///      and every `amount * price` product downstream stays far from overflow.
library OracleMath {
    /// @notice Largest representable normalised price (USD per whole token, 18 decimals).
    uint256 internal constant MAX_PRICE = type(uint128).max;

    /// @notice Largest feed precision supported: `10 ** (decimals - 18)` must fit comfortably in a word.
    uint8 internal constant MAX_FEED_DECIMALS = 77;

    /// @notice 100% in the 18-decimal fixed-point used for deviations.
    uint256 internal constant WAD = 1e18;

    /// @notice Converts a raw answer with `decimals` decimals into an 18-decimal price.
    /// @dev Returns 0 for every answer that cannot be used as a price: zero or negative, so small that
    ///      it rounds to zero (feeds with more than 18 decimals round down), or above `MAX_PRICE`.
    ///      Callers treat 0 as "invalid" so there is exactly one notion of a usable answer.
    /// @param answer The feed's raw answer.
    /// @param decimals The feed's decimals (at most `MAX_FEED_DECIMALS`).
    /// @return price The normalised price, or 0 when unusable.
    function normalise(int256 answer, uint8 decimals) internal pure returns (uint256 price) {
        if (answer <= 0) return 0;
        uint256 raw = uint256(answer);
        if (decimals <= 18) {
            uint256 scale = 10 ** (18 - decimals);
            // Compare before multiplying: `raw * scale` could overflow for absurd answers.
            if (raw > MAX_PRICE / scale) return 0;
            return raw * scale;
        }
        price = raw / 10 ** (decimals - 18);
        if (price > MAX_PRICE) return 0;
    }

    /// @notice Whether `price` is within `maxDeviation` (1e18 = 100%) of `referencePrice`.
    /// @dev Exact integer comparison `|price - ref| * 1e18 <= maxDeviation * ref`: a move of exactly
    ///      `maxDeviation` is in bound, one wei more is not. No intermediate rounding.
    ///      Both prices are at most `MAX_PRICE` (2^128) and `maxDeviation` at most 1e18 (< 2^60), so the
    ///      products stay below 2^188.
    function isWithinDeviation(uint256 price, uint256 referencePrice, uint256 maxDeviation)
        internal
        pure
        returns (bool)
    {
        uint256 diff = price > referencePrice ? price - referencePrice : referencePrice - price;
        return diff * WAD <= maxDeviation * referencePrice;
    }

    /// @notice Chainlink proxy round ids carry the phase in their top 16 bits (`phaseId << 64 | aggRoundId`).
    function phaseOf(uint80 roundId) internal pure returns (uint16) {
        return uint16(roundId >> 64);
    }
}
