// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFluxionGovernanceToken} from "./IFluxionGovernanceToken.sol";

/// @title ITreasury
/// @notice Receives every Fluxion protocol fee (synth mint/burn fees, pool protocol fees) and shares
///         `stakerShare` of each new fee with FLX stakers; governance spends the rest.
/// @dev Accounting per token: `accountedBalance` is what the Treasury owns after sharing; anything above it
///      (`pendingFees`) is fees received since the last `distribute`, which splits them: `stakerShare` of them
///      (rounded down, so dust stays with the Treasury) goes to `FLX.distributeRewards`, the rest becomes accounted.
///      The full amount is kept instead when sharing is impossible: the token is not a registered FLX reward
///      token, nothing is staked, the share is zero, or it rounds to zero. Those fees are then the Treasury's for
///      good (withdrawable by governance); they are not held back for future stakers, who would otherwise receive
///      a windfall for fees earned before they staked. No path strands funds: every token held is either accounted
///      (withdrawable) or pending (shared on the next `distribute`, which `withdraw` also runs first).
///      Not pausable: its only permissionless entry point sends fees to one fixed destination, and withdrawals
///      already go through the Timelock, so a pause would only let the guardian freeze stakers' income.
///      Native ETH is not accepted; fees are ERC-20s.
interface ITreasury {
    /// @notice Emitted when governance changes the stakers' share of new fees.
    event StakerShareSet(uint256 oldShare, uint256 newShare);

    /// @notice Emitted when `fees` new `token` fees are split: `toStakers` to FLX stakers, `kept` by the Treasury.
    event FeesDistributed(address indexed token, uint256 fees, uint256 toStakers, uint256 kept);

    /// @notice Emitted when governance withdraws `amount` of `token` to `to`.
    event Withdrawn(address indexed token, address indexed to, uint256 amount);

    /// @notice Thrown when setting a staker share above `MAX_STAKER_SHARE`.
    error StakerShareTooHigh(uint256 share, uint256 max);

    /// @notice Thrown when withdrawing more than the Treasury owns of a token.
    error InsufficientTreasuryBalance(address token, uint256 available, uint256 requested);

    /// @notice Thrown when withdrawing to the zero address.
    error InvalidRecipient(address to);

    /// @notice Thrown at construction when the staking token is the zero address.
    error InvalidStakingToken(address stakingToken);

    /// @notice Largest allowed `stakerShare` (1e18 = 100%): at least half of every fee stays with the Treasury.
    function MAX_STAKER_SHARE() external view returns (uint256);

    /// @notice The FLX token whose stakers receive their share through `distributeRewards`.
    function stakingToken() external view returns (IFluxionGovernanceToken);

    /// @notice Fraction of every new fee sent to stakers, 1e18-scaled.
    function stakerShare() external view returns (uint256);

    /// @notice Tokens of `token` the Treasury owns after sharing (withdrawable without a prior split).
    function accountedBalance(address token) external view returns (uint256);

    /// @notice Fees of `token` received since the last split.
    function pendingFees(address token) external view returns (uint256);

    /// @notice Sets the stakers' share of new fees; applies to every fee split from then on.
    /// @dev Only `DEFAULT_ADMIN_ROLE` (the Timelock). Bounded by `MAX_STAKER_SHARE`.
    function setStakerShare(uint256 share) external;

    /// @notice Splits the pending fees of `token` between stakers and the Treasury.
    /// @dev Permissionless (keepers call it). Returns zero and emits nothing when nothing is pending.
    /// @return toStakers Tokens sent to `stakingToken().distributeRewards`.
    function distribute(address token) external returns (uint256 toStakers);

    /// @notice Sends `amount` of `token` owned by the Treasury to `to`, after splitting pending fees first so the
    ///         stakers' share of them can never be withdrawn.
    /// @dev Only `DEFAULT_ADMIN_ROLE` (the Timelock).
    function withdraw(address token, address to, uint256 amount) external;
}
