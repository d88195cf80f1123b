// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StableMath} from "../libraries/StableMath.sol";

/// @title PoolConstants
/// @notice The limits of the `LiquidityPoolManager`, shared by the manager and its extension.
/// @dev The manager publishes each one as a public constant of the same name. The extension reads them from here
///      instead of inheriting public getters nobody can reach (the manager answers those selectors itself), which
///      keeps ~550 bytes out of its code.
library PoolConstants {
    /// @dev Role allowed to create pools (the Timelock; also the deployer on local chains).
    bytes32 internal constant POOL_CREATOR_ROLE = keccak256("POOL_CREATOR_ROLE");
    /// @dev Shares locked forever at `DEAD_ADDRESS` by the first join.
    uint256 internal constant MINIMUM_LIQUIDITY = 1e6;
    /// @dev Holder of the locked `MINIMUM_LIQUIDITY` shares.
    address internal constant DEAD_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    /// @dev Smallest pool swap fee (0.0001%).
    uint256 internal constant MIN_SWAP_FEE = 1e12;
    /// @dev Largest pool swap fee (10%).
    uint256 internal constant MAX_SWAP_FEE = 1e17;
    /// @dev Largest protocol share of the swap fees (50%).
    uint256 internal constant MAX_PROTOCOL_FEE_SHARE = 0.5e18;
    /// @dev Smallest normalized weight (1%).
    uint256 internal constant MIN_WEIGHT = 1e16;
    /// @dev Fewest tokens in a pool.
    uint256 internal constant MIN_TOKENS = 2;
    /// @dev Most tokens in a weighted pool.
    uint256 internal constant MAX_WEIGHTED_TOKENS = 8;
    /// @dev Most tokens in a stable pool.
    uint256 internal constant MAX_STABLE_TOKENS = 5;
    /// @dev Amplification values are A x this.
    uint256 internal constant AMP_PRECISION = StableMath.AMP_PRECISION;
    /// @dev Smallest amplification (A = 1).
    uint256 internal constant MIN_AMP = StableMath.MIN_AMP;
    /// @dev Largest amplification (A = 5000).
    uint256 internal constant MAX_AMP = StableMath.MAX_AMP;
    /// @dev Shortest amplification ramp.
    uint256 internal constant MIN_RAMP_DURATION = 1 days;
    /// @dev Largest factor by which A may change per day of ramp duration.
    uint256 internal constant MAX_AMP_DAILY_FACTOR = 2;
    /// @dev Largest balance of one stable-pool token, scaled to 18 decimals (1e15 whole tokens).
    uint256 internal constant MAX_STABLE_BALANCE = StableMath.MAX_BALANCE;
    /// @dev Largest ratio of a stable pool's largest to its smallest balance, scaled to 18 decimals: swaps and
    ///      single-sided joins and exits never leave a token below 1% of the largest.
    uint256 internal constant MAX_STABLE_IMBALANCE = StableMath.MAX_IMBALANCE;
}
