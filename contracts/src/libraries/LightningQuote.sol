// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title LightningQuote
/// @notice Values Lightning sats in a synth, and the tolerance bounds the Lightning gateway enforces on quotes.
/// @dev Prices are the oracle's: USD per whole token, 18 decimals. 1 BTC = 1e8 sats, so one sat is 1e10 in
///      18-decimal BTC units and `amount = sats * 1e10 * btcPrice / synthPrice`, with a single rounding.
///      Bounds: `sats < 2^64`, `1e10 < 2^34` and prices `<= OracleMath.MAX_PRICE = 2^128`, so the numerator
///      stays below 2^226; `mulDiv` would cope with more anyway.
library LightningQuote {
    /// @notice 100% in 18-decimal fixed point.
    uint256 internal constant WAD = 1e18;

    /// @notice 18-decimal BTC units per sat.
    uint256 internal constant WAD_PER_SAT = 1e10;

    /// @notice Synth amount (18 decimals) worth `sats` at `btcPrice` and `synthPrice`, rounded as asked.
    function satsValue(uint256 sats, uint256 btcPrice, uint256 synthPrice, Math.Rounding rounding)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(sats * WAD_PER_SAT, btcPrice, synthPrice, rounding);
    }

    /// @notice Largest amount a keeper may mint for sats worth `value`: `value * (1 + tolerance)`, rounded down.
    function maxMintAmount(uint256 value, uint256 tolerance) internal pure returns (uint256) {
        return Math.mulDiv(value, WAD + tolerance, WAD);
    }

    /// @notice Smallest net amount a user may burn for sats worth `value`: `value * (1 - tolerance)`, rounded up.
    /// @dev `tolerance` must be at most 1e18.
    function minBurnNet(uint256 value, uint256 tolerance) internal pure returns (uint256) {
        return Math.mulDiv(value, WAD - tolerance, WAD, Math.Rounding.Ceil);
    }
}
