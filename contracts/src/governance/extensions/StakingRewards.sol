// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IFluxionRewards} from "../../interfaces/IFluxionRewards.sol";
import {GovernanceStaking} from "./GovernanceStaking.sol";

/// @title StakingRewards
/// @notice Shares reward tokens between the stakers of a `GovernanceStaking` token, pro rata to stake and time.
/// @dev See `IFluxionRewards` for the accounting. Only staked tokens earn; cooling tokens do not.
abstract contract StakingRewards is GovernanceStaking, ReentrancyGuardTransient, IFluxionRewards {
    using SafeERC20 for IERC20;

    /// @notice Accounting of one reward token.
    /// @param registered Whether governance registered the token.
    /// @param rewardPerStake Rewards per staked token accumulated so far, 1e18-scaled.
    /// @param carry Rounding remainder added to the next distribution.
    struct RewardState {
        bool registered;
        uint256 rewardPerStake;
        uint256 carry;
    }

    /// @inheritdoc IFluxionRewards
    uint256 public constant MAX_REWARD_TOKENS = 8;
    uint256 private constant _PRECISION = 1e18;

    address[] private _rewardTokens;
    mapping(address token => RewardState) private _rewards;
    mapping(address account => mapping(address token => uint256)) private _paidPerStake;
    mapping(address account => mapping(address token => uint256)) private _accrued;

    /// @inheritdoc IFluxionRewards
    function addRewardToken(address token) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert InvalidRewardToken(token);
        RewardState storage state = _rewards[token];
        if (state.registered) revert RewardTokenAlreadyRegistered(token);
        if (_rewardTokens.length == MAX_REWARD_TOKENS) revert TooManyRewardTokens(MAX_REWARD_TOKENS);
        state.registered = true;
        _rewardTokens.push(token);
        emit RewardTokenAdded(token);
    }

    /// @inheritdoc IFluxionRewards
    function distributeRewards(address token, uint256 amount) external nonReentrant returns (uint256 received) {
        RewardState storage state = _rewards[token];
        if (!state.registered) revert RewardTokenNotRegistered(token);
        if (amount == 0) revert ZeroRewardAmount();
        uint256 staked = totalStaked();
        if (staked == 0) revert NothingStaked();

        // Credit what arrived, not what was asked for, so fee-on-transfer tokens cannot over-credit.
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(_msgSender(), address(this), amount);
        received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        if (received == 0) revert ZeroRewardAmount();

        uint256 distributable = received + state.carry;
        uint256 delta = Math.mulDiv(distributable, _PRECISION, staked);
        // Round what the stakers can collectively claim up, so the carry never over-states what is left.
        state.carry = distributable - Math.mulDiv(delta, staked, _PRECISION, Math.Rounding.Ceil);
        uint256 rewardPerStakeAfter = state.rewardPerStake + delta;
        state.rewardPerStake = rewardPerStakeAfter;
        emit RewardsDistributed(token, _msgSender(), received, rewardPerStakeAfter);
    }

    /// @inheritdoc IFluxionRewards
    function claimRewards(address to) external nonReentrant returns (uint256[] memory amounts) {
        if (to == address(0)) revert InvalidRewardRecipient(to);
        address account = _msgSender();
        _settle(account);
        uint256 count = _rewardTokens.length;
        amounts = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            amounts[i] = _pay(account, _rewardTokens[i], to);
        }
    }

    /// @inheritdoc IFluxionRewards
    function claimReward(address token, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert InvalidRewardRecipient(to);
        address account = _msgSender();
        _settle(account);
        return _pay(account, token, to);
    }

    /// @inheritdoc IFluxionRewards
    function earned(address account, address token) external view returns (uint256) {
        return _accrued[account][token] + _pending(account, token, stakedOf(account));
    }

    /// @inheritdoc IFluxionRewards
    function rewardTokens() external view returns (address[] memory) {
        return _rewardTokens;
    }

    /// @inheritdoc IFluxionRewards
    function isRewardToken(address token) external view returns (bool) {
        return _rewards[token].registered;
    }

    /// @inheritdoc IFluxionRewards
    function rewardPerStake(address token) external view returns (uint256) {
        return _rewards[token].rewardPerStake;
    }

    /// @inheritdoc IFluxionRewards
    function undistributedRewards(address token) external view returns (uint256) {
        return _rewards[token].carry;
    }

    /// @dev Settles before the stake changes, so past distributions are paid on the old stake only.
    function _beforeStakeChange(address account) internal virtual override {
        _settle(account);
    }

    /// @dev Moves everything `account` earned since its last settlement into `_accrued`.
    function _settle(address account) private {
        uint256 staked = stakedOf(account);
        uint256 count = _rewardTokens.length;
        for (uint256 i = 0; i < count; ++i) {
            address token = _rewardTokens[i];
            uint256 current = _rewards[token].rewardPerStake;
            uint256 paid = _paidPerStake[account][token];
            if (current == paid) continue;
            if (staked != 0) _accrued[account][token] += Math.mulDiv(staked, current - paid, _PRECISION);
            _paidPerStake[account][token] = current;
        }
    }

    /// @dev Pays out (and zeroes) the settled rewards of `account` in `token`.
    function _pay(address account, address token, address to) private returns (uint256 amount) {
        amount = _accrued[account][token];
        if (amount == 0) return 0;
        _accrued[account][token] = 0;
        IERC20(token).safeTransfer(to, amount);
        emit RewardsClaimed(account, token, to, amount);
    }

    function _pending(address account, address token, uint256 staked) private view returns (uint256) {
        return Math.mulDiv(staked, _rewards[token].rewardPerStake - _paidPerStake[account][token], _PRECISION);
    }
}
