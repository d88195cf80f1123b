// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ISyntheticAsset} from "../interfaces/ISyntheticAsset.sol";

/// @title SyntheticAsset
/// @notice A Fluxion synth: an 18-decimal ERC20 with permit whose supply only minters change.
/// @dev Deployed by the factory with CREATE2 (salt = `assetId`).
contract SyntheticAsset is ERC20, ERC20Permit, AccessControl, ISyntheticAsset {
    /// @inheritdoc ISyntheticAsset
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @inheritdoc ISyntheticAsset
    bytes32 public immutable assetId;

    /// @param name_ Token name (also the EIP-712 domain name).
    /// @param symbol_ Token symbol.
    /// @param assetId_ Identifier of the tracked asset.
    /// @param admin Holder of `DEFAULT_ADMIN_ROLE` (the Timelock), who grants and revokes `MINTER_ROLE`.
    /// @param minter Initial `MINTER_ROLE` holder (the vault).
    constructor(string memory name_, string memory symbol_, bytes32 assetId_, address admin, address minter)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
    {
        assetId = assetId_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, minter);
    }

    /// @inheritdoc ISyntheticAsset
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc ISyntheticAsset
    function burn(address from, uint256 amount) external onlyRole(MINTER_ROLE) {
        _burn(from, amount);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }
}
