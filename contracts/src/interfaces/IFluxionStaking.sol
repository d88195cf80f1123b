// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IFluxionStaking
/// @notice In-place staking of the Fluxion governance token: staked tokens stay in the holder's balance (so they
///         keep their voting power) but cannot be transferred until they have gone through the unstake cooldown.
/// @dev Lifecycle of a holder's tokens: free -> `stake` -> staked (earns rewards, locked) -> `requestUnstake` ->
///      cooling (earns nothing, still locked) -> after `unstakeCooldown` seconds -> free again, automatically (no
///      further transaction: the lock is evaluated against `block.timestamp`, so cooling tokens unlock at exactly
///      `cooldownEndOf` and are transferable in that very second). A new `requestUnstake` while tokens are still
///      cooling adds to the cooling amount and restarts the timer for the whole amount; a request after the
///      previous cooldown ended starts a fresh cooling amount (the previous one is already free).
///      Nothing here can be paused: voting, delegation, staking and unstaking are never freezable by the guardian.
interface IFluxionStaking {
    /// @notice Emitted when `account` stakes `amount` more tokens.
    /// @param stakedAfter The account's staked amount after the call.
    event Staked(address indexed account, uint256 amount, uint256 stakedAfter);

    /// @notice Emitted when `account` moves `amount` staked tokens into the cooldown.
    /// @param coolingAfter The account's total cooling amount after the call (the timer covers all of it).
    /// @param cooldownEnd Timestamp from which the whole cooling amount is transferable.
    event UnstakeRequested(address indexed account, uint256 amount, uint256 coolingAfter, uint48 cooldownEnd);

    /// @notice Emitted when governance changes the unstake cooldown (applies to later requests only).
    event UnstakeCooldownSet(uint48 oldCooldown, uint48 newCooldown);

    /// @notice Thrown when staking or unstaking zero tokens.
    error ZeroStakeAmount();

    /// @notice Thrown when a transfer, burn or stake needs more tokens than the account holds unlocked.
    /// @param unlocked Tokens of `account` that are neither staked nor cooling.
    /// @param required Tokens the operation needs.
    error InsufficientUnlockedBalance(address account, uint256 unlocked, uint256 required);

    /// @notice Thrown when requesting to unstake more than the account has staked.
    error InsufficientStake(address account, uint256 staked, uint256 requested);

    /// @notice Thrown when governance sets a cooldown above `MAX_UNSTAKE_COOLDOWN`.
    error UnstakeCooldownTooLong(uint256 cooldown, uint256 max);

    /// @notice Upper bound of `unstakeCooldown`, in seconds (30 days).
    function MAX_UNSTAKE_COOLDOWN() external view returns (uint48);

    /// @notice Locks `amount` of the caller's free tokens as stake. Votes are unaffected.
    /// @dev Settles the caller's rewards first, so the new stake only earns from later distributions.
    function stake(uint256 amount) external;

    /// @notice Moves `amount` of the caller's stake into the cooldown; it stops earning immediately.
    /// @dev Adds to any amount still cooling and restarts the timer for the total (see the contract docs).
    function requestUnstake(uint256 amount) external;

    /// @notice Sets the cooldown applied to later unstake requests.
    /// @dev Only `DEFAULT_ADMIN_ROLE` (the Timelock). Bounded by `MAX_UNSTAKE_COOLDOWN`; zero unlocks at once.
    function setUnstakeCooldown(uint48 cooldown) external;

    /// @notice Seconds between an unstake request and the moment the cooling tokens become transferable.
    function unstakeCooldown() external view returns (uint48);

    /// @notice Tokens `account` has staked (earning rewards).
    function stakedOf(address account) external view returns (uint256);

    /// @notice Tokens of `account` still in the cooldown (zero once the cooldown has ended).
    function coolingOf(address account) external view returns (uint256);

    /// @notice When the cooling tokens of `account` unlock; zero when nothing is cooling.
    function cooldownEndOf(address account) external view returns (uint48);

    /// @notice Tokens of `account` that cannot be transferred: staked plus still cooling.
    function lockedBalanceOf(address account) external view returns (uint256);

    /// @notice Tokens of `account` that can be transferred or staked.
    function unlockedBalanceOf(address account) external view returns (uint256);

    /// @notice Sum of every account's staked tokens (cooling tokens excluded).
    function totalStaked() external view returns (uint256);
}
