// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IFluxionGovernanceToken} from "../interfaces/IFluxionGovernanceToken.sol";
import {ITreasury} from "../interfaces/ITreasury.sol";

/// @title Treasury
/// @notice Fluxion's fee sink. See `ITreasury` for the accounting and edge cases.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` (the Timelock) withdraws and sets `stakerShare`. No guardian, no pause.
contract Treasury is AccessControl, ReentrancyGuardTransient, ITreasury {
    using SafeERC20 for IERC20;

    /// @inheritdoc ITreasury
    uint256 public constant MAX_STAKER_SHARE = 0.5e18;
    uint256 private constant _ONE = 1e18;

    IFluxionGovernanceToken private immutable _stakingToken;
    uint256 private _stakerShare;
    mapping(address token => uint256) private _accounted;

    /// @param admin Initial `DEFAULT_ADMIN_ROLE` holder (the deployer, who hands over to the Timelock).
    /// @param stakingToken_ The FLX token.
    /// @param initialStakerShare Initial `stakerShare`, at most `MAX_STAKER_SHARE`.
    constructor(address admin, IFluxionGovernanceToken stakingToken_, uint256 initialStakerShare) {
        if (address(stakingToken_) == address(0)) revert InvalidStakingToken(address(stakingToken_));
        _stakingToken = stakingToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setStakerShare(initialStakerShare);
    }

    /// @inheritdoc ITreasury
    function setStakerShare(uint256 share) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setStakerShare(share);
    }

    /// @inheritdoc ITreasury
    function distribute(address token) external nonReentrant returns (uint256 toStakers) {
        return _distribute(token);
    }

    /// @inheritdoc ITreasury
    function withdraw(address token, address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        if (to == address(0)) revert InvalidRecipient(to);
        _distribute(token);
        uint256 available = _accounted[token];
        if (amount > available) revert InsufficientTreasuryBalance(token, available, amount);
        _accounted[token] = available - amount;
        IERC20(token).safeTransfer(to, amount);
        emit Withdrawn(token, to, amount);
    }

    /// @inheritdoc ITreasury
    function stakingToken() external view returns (IFluxionGovernanceToken) {
        return _stakingToken;
    }

    /// @inheritdoc ITreasury
    function stakerShare() external view returns (uint256) {
        return _stakerShare;
    }

    /// @inheritdoc ITreasury
    function accountedBalance(address token) external view returns (uint256) {
        return _accounted[token];
    }

    /// @inheritdoc ITreasury
    function pendingFees(address token) external view returns (uint256) {
        uint256 balance = IERC20(token).balanceOf(address(this));
        uint256 accounted = _accounted[token];
        return balance > accounted ? balance - accounted : 0;
    }

    function _distribute(address token) private returns (uint256 toStakers) {
        uint256 balance = IERC20(token).balanceOf(address(this));
        uint256 accounted = _accounted[token];
        if (balance <= accounted) {
            // Only a token whose balance shrank on its own (negative rebase) gets here with balance < accounted:
            // the Treasury cannot own more than it holds.
            if (balance < accounted) _accounted[token] = balance;
            return 0;
        }
        uint256 fees = balance - accounted;
        toStakers = _stakersCut(token, fees);
        if (toStakers != 0) {
            IERC20(token).forceApprove(address(_stakingToken), toStakers);
            _stakingToken.distributeRewards(token, toStakers);
        }
        // Re-read the balance rather than subtracting: whatever left (exactly `toStakers` for plain ERC-20s) left.
        uint256 balanceAfter = IERC20(token).balanceOf(address(this));
        _accounted[token] = balanceAfter;
        emit FeesDistributed(token, fees, toStakers, balanceAfter - accounted);
    }

    /// @dev Stakers' share of `fees`, rounded down; zero whenever sending it would revert or have no recipient.
    function _stakersCut(address token, uint256 fees) private view returns (uint256) {
        uint256 share = _stakerShare;
        if (share == 0 || !_stakingToken.isRewardToken(token) || _stakingToken.totalStaked() == 0) return 0;
        return Math.mulDiv(fees, share, _ONE, Math.Rounding.Floor);
    }

    function _setStakerShare(uint256 share) private {
        if (share > MAX_STAKER_SHARE) revert StakerShareTooHigh(share, MAX_STAKER_SHARE);
        emit StakerShareSet(_stakerShare, share);
        _stakerShare = share;
    }
}
