// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IFluxionGovernanceToken} from "../interfaces/IFluxionGovernanceToken.sol";
import {GovernanceStaking} from "./extensions/GovernanceStaking.sol";
import {StakingRewards} from "./extensions/StakingRewards.sol";

/// @title FluxionGovernanceToken
/// @notice FLX, the Fluxion governance token. See `IFluxionGovernanceToken`.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` (the Timelock) sets the unstake cooldown, registers reward tokens and manages
///      `MINTER_ROLE`. There is deliberately no guardian and no pause: transfers, votes, delegation, staking and
///      claims can never be frozen, so the guardian cannot hold governance hostage.
///      Cost of auto-delegation: every transfer between two accounts writes a vote checkpoint for both sides.
contract FluxionGovernanceToken is ERC20, ERC20Permit, ERC20Votes, StakingRewards, IFluxionGovernanceToken {
    /// @inheritdoc IFluxionGovernanceToken
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    uint256 private immutable _cap;

    /// @param name_ ERC-20 name (also the EIP-712 domain name used by permit and delegateBySig).
    /// @param symbol_ ERC-20 symbol.
    /// @param cap_ Maximum total supply; at most 2^128 - 1 (stake amounts are stored as uint128).
    /// @param initialRecipient Receives `initialSupply` at construction.
    /// @param initialSupply Tokens minted at construction, at most `cap_`.
    /// @param admin Initial `DEFAULT_ADMIN_ROLE` holder (the deployer, who hands over to the Timelock).
    /// @param initialUnstakeCooldown Initial unstake cooldown in seconds, at most 30 days.
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 cap_,
        address initialRecipient,
        uint256 initialSupply,
        address admin,
        uint48 initialUnstakeCooldown
    ) ERC20(name_, symbol_) ERC20Permit(name_) GovernanceStaking(initialUnstakeCooldown) {
        if (cap_ == 0 || cap_ > type(uint128).max || initialSupply > cap_) revert InvalidCap(cap_, initialSupply);
        _cap = cap_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (initialSupply != 0) _mint(initialRecipient, initialSupply);
    }

    /// @inheritdoc IFluxionGovernanceToken
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc IFluxionGovernanceToken
    function cap() external view returns (uint256) {
        return _cap;
    }

    /// @notice Current timepoint of the votes clock: the block timestamp (ERC-6372).
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice Machine-readable description of the votes clock (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice The account `account` votes through; an account that never delegated votes for itself.
    function delegates(address account) public view override returns (address) {
        address delegatee = super.delegates(account);
        return delegatee == address(0) ? account : delegatee;
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev Delegating to the zero address would silently burn voting power; treat it as self-delegation.
    function _delegate(address account, address delegatee) internal override {
        super._delegate(account, delegatee == address(0) ? account : delegatee);
    }

    /// @dev Lock check (GovernanceStaking), balance move (ERC20), vote move (ERC20Votes), then the cap on mints.
    function _update(address from, address to, uint256 value)
        internal
        override(ERC20, ERC20Votes, GovernanceStaking)
    {
        super._update(from, to, value);
        if (from == address(0)) {
            uint256 supply = totalSupply();
            if (supply > _cap) revert SupplyCapExceeded(supply, _cap);
        }
    }
}
