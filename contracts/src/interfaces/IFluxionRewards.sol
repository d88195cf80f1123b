// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IFluxionRewards
/// @notice Protocol fees shared with governance-token stakers, in up to `MAX_REWARD_TOKENS` reward tokens.
/// @dev Classic reward-per-stake accumulator per reward token, scaled by 1e18. A distribution of `a` tokens while
///      `S` tokens are staked raises the accumulator by floor(a * 1e18 / S); what that floor leaves undistributed is
///      carried into the next distribution of the same token instead of being stranded. An account earns
///      floor(stake * accumulatorDelta / 1e18) and is settled before every change of its stake, so rewards follow
///      stake changes exactly. All rounding is down: the sum of everything earned never exceeds what was
///      distributed, and the contract always holds at least every unclaimed reward.
///      The reward-token list is append-only: removing a token would require settling every staker first.
///      A registered token that is no longer used simply receives no more distributions.
interface IFluxionRewards {
    /// @notice Emitted when governance registers a new reward token.
    event RewardTokenAdded(address indexed token);

    /// @notice Emitted when `distributor` credits `amount` of `token` to the current stakers.
    /// @param amount Tokens actually received from the distributor.
    /// @param rewardPerStake The token's accumulator after the distribution (1e18-scaled).
    event RewardsDistributed(
        address indexed token, address indexed distributor, uint256 amount, uint256 rewardPerStake
    );

    /// @notice Emitted when `account` claims `amount` of `token`, paid to `to`.
    event RewardsClaimed(address indexed account, address indexed token, address indexed to, uint256 amount);

    /// @notice Thrown when distributing a token that governance has not registered.
    error RewardTokenNotRegistered(address token);

    /// @notice Thrown when registering a token twice.
    error RewardTokenAlreadyRegistered(address token);

    /// @notice Thrown when registering more than `MAX_REWARD_TOKENS` tokens.
    error TooManyRewardTokens(uint256 max);

    /// @notice Thrown when registering the zero address as a reward token.
    error InvalidRewardToken(address token);

    /// @notice Thrown when distributing while nothing is staked (the rewards would have no owner).
    error NothingStaked();

    /// @notice Thrown when distributing zero tokens, or when the transfer delivered none.
    error ZeroRewardAmount();

    /// @notice Thrown when claiming to the zero address.
    error InvalidRewardRecipient(address to);

    /// @notice Maximum number of reward tokens (bounds the per-stake-change settlement loop).
    function MAX_REWARD_TOKENS() external view returns (uint256);

    /// @notice Registers `token` as a reward token.
    /// @dev Only `DEFAULT_ADMIN_ROLE` (the Timelock). Append-only, at most `MAX_REWARD_TOKENS`.
    function addRewardToken(address token) external;

    /// @notice Pulls `amount` of `token` from the caller and credits it to the current stakers pro rata.
    /// @dev Permissionless (the Treasury calls it with the stakers' share of fees). Needs an allowance.
    ///      Reverts with `NothingStaked` when nothing is staked, so rewards are never stranded.
    /// @return received Tokens actually received (supports tokens that charge a transfer fee).
    function distributeRewards(address token, uint256 amount) external returns (uint256 received);

    /// @notice Pays every reward the caller has earned, in every reward token, to `to`.
    /// @return amounts Amount paid per reward token, in the order of `rewardTokens()`.
    function claimRewards(address to) external returns (uint256[] memory amounts);

    /// @notice Pays every reward the caller has earned in `token` alone, to `to`.
    /// @dev Lets stakers collect the other tokens when one reward token refuses transfers to them (e.g. a
    ///      blacklist), which would make `claimRewards` revert as a whole. Zero for an unregistered token.
    /// @return amount Tokens paid.
    function claimReward(address token, address to) external returns (uint256 amount);

    /// @notice Rewards of `token` that `account` can claim now.
    function earned(address account, address token) external view returns (uint256);

    /// @notice The registered reward tokens, in registration order.
    function rewardTokens() external view returns (address[] memory);

    /// @notice Whether `token` is a registered reward token.
    function isRewardToken(address token) external view returns (bool);

    /// @notice Accumulated rewards of `token` per staked token, scaled by 1e18.
    function rewardPerStake(address token) external view returns (uint256);

    /// @notice Rounding remainder of `token` carried into its next distribution.
    function undistributedRewards(address token) external view returns (uint256);
}
