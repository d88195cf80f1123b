// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ISyntheticAsset
/// @notice An 18-decimal ERC20 (with EIP-2612 permit) tracking the USD price of one real-world asset.
/// @dev Supply changes only through `MINTER_ROLE` holders: the synth vault, and bridges or gateways that
///      governance (the Timelock, `DEFAULT_ADMIN_ROLE`) grants the role to later.
interface ISyntheticAsset is IERC20Metadata, IERC20Permit {
    /// @notice Role allowed to mint and burn.
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice Identifier of the tracked asset (e.g. "sXAU"), also the factory's CREATE2 salt.
    function assetId() external view returns (bytes32);

    /// @notice Mints `amount` to `to`.
    /// @dev Only `MINTER_ROLE`.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` from `from` without an allowance.
    /// @dev Only `MINTER_ROLE`: minters are protocol contracts that burn on a user's own request
    ///      (repayment, liquidation, bridging), so an allowance would only cost gas and an extra approval.
    function burn(address from, uint256 amount) external;
}
