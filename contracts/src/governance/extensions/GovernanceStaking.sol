// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IFluxionStaking} from "../../interfaces/IFluxionStaking.sol";

/// @title GovernanceStaking
/// @notice In-place staking for an ERC-20: staked and cooling tokens stay in the holder's balance (so an ERC20Votes
///         token keeps counting them as votes) and `_update` refuses to move them.
/// @dev Cooling tokens unlock lazily: the lock compares the stored cooldown end with `block.timestamp`, so no
///      "complete unstake" transaction exists or is needed. Invariant: balanceOf(a) >= lockedBalanceOf(a) for every
///      account, because locked tokens can never leave and only unlocked tokens can be staked.
abstract contract GovernanceStaking is ERC20, AccessControl, IFluxionStaking {
    using SafeCast for uint256;

    /// @notice Staked and cooling amounts of one account, packed so the transfer-time lock check reads one slot.
    struct StakeBalance {
        uint128 staked;
        uint128 cooling;
    }

    /// @inheritdoc IFluxionStaking
    uint48 public constant MAX_UNSTAKE_COOLDOWN = 30 days;

    mapping(address account => StakeBalance) private _stakes;
    mapping(address account => uint48) private _cooldownEnds;
    uint256 private _totalStaked;
    uint48 private _unstakeCooldown;

    /// @param initialCooldown Initial `unstakeCooldown`, at most `MAX_UNSTAKE_COOLDOWN`.
    constructor(uint48 initialCooldown) {
        _setUnstakeCooldown(initialCooldown);
    }

    /// @inheritdoc IFluxionStaking
    function stake(uint256 amount) external {
        if (amount == 0) revert ZeroStakeAmount();
        address account = _msgSender();
        uint256 unlocked = unlockedBalanceOf(account);
        if (amount > unlocked) revert InsufficientUnlockedBalance(account, unlocked, amount);

        _beforeStakeChange(account);
        StakeBalance storage balance = _stakes[account];
        uint256 stakedAfter = balance.staked + amount;
        balance.staked = stakedAfter.toUint128();
        _totalStaked += amount;
        emit Staked(account, amount, stakedAfter);
    }

    /// @inheritdoc IFluxionStaking
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroStakeAmount();
        address account = _msgSender();
        StakeBalance storage balance = _stakes[account];
        uint256 staked = balance.staked;
        if (amount > staked) revert InsufficientStake(account, staked, amount);

        _beforeStakeChange(account);
        // A cooldown that already ended has released its tokens: start a fresh cooling amount instead of
        // re-locking them. A cooldown still running is extended to cover old and new tokens together.
        uint256 coolingAfter = amount + coolingOf(account);
        uint48 cooldownEnd = uint48(block.timestamp) + _unstakeCooldown;
        balance.staked = (staked - amount).toUint128();
        balance.cooling = coolingAfter.toUint128();
        _cooldownEnds[account] = cooldownEnd;
        _totalStaked -= amount;
        emit UnstakeRequested(account, amount, coolingAfter, cooldownEnd);
    }

    /// @inheritdoc IFluxionStaking
    function setUnstakeCooldown(uint48 cooldown) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setUnstakeCooldown(cooldown);
    }

    /// @inheritdoc IFluxionStaking
    function unstakeCooldown() external view returns (uint48) {
        return _unstakeCooldown;
    }

    /// @inheritdoc IFluxionStaking
    function stakedOf(address account) public view returns (uint256) {
        return _stakes[account].staked;
    }

    /// @inheritdoc IFluxionStaking
    function coolingOf(address account) public view returns (uint256) {
        uint256 cooling = _stakes[account].cooling;
        if (cooling == 0 || _cooldownEnds[account] <= block.timestamp) return 0;
        return cooling;
    }

    /// @inheritdoc IFluxionStaking
    function cooldownEndOf(address account) external view returns (uint48) {
        return coolingOf(account) == 0 ? 0 : _cooldownEnds[account];
    }

    /// @inheritdoc IFluxionStaking
    function lockedBalanceOf(address account) public view returns (uint256) {
        StakeBalance memory balance = _stakes[account];
        // Skip the cooldown-end read in the common case of nothing cooling (every plain transfer pays this path).
        if (balance.cooling == 0 || _cooldownEnds[account] <= block.timestamp) return balance.staked;
        return uint256(balance.staked) + balance.cooling;
    }

    /// @inheritdoc IFluxionStaking
    function unlockedBalanceOf(address account) public view returns (uint256) {
        return balanceOf(account) - lockedBalanceOf(account);
    }

    /// @inheritdoc IFluxionStaking
    function totalStaked() public view returns (uint256) {
        return _totalStaked;
    }

    /// @dev Refuses any movement (transfer or burn) out of `from` that would dip into its locked tokens.
    function _update(address from, address to, uint256 value) internal virtual override {
        if (from != address(0)) {
            uint256 locked = lockedBalanceOf(from);
            if (locked != 0) {
                uint256 unlocked = balanceOf(from) - locked;
                if (value > unlocked) revert InsufficientUnlockedBalance(from, unlocked, value);
            }
        }
        super._update(from, to, value);
    }

    /// @dev Hook run before `account`'s stake changes, while `stakedOf(account)` still holds the old amount.
    function _beforeStakeChange(address account) internal virtual;

    function _setUnstakeCooldown(uint48 cooldown) private {
        if (cooldown > MAX_UNSTAKE_COOLDOWN) revert UnstakeCooldownTooLong(cooldown, MAX_UNSTAKE_COOLDOWN);
        emit UnstakeCooldownSet(_unstakeCooldown, cooldown);
        _unstakeCooldown = cooldown;
    }
}
