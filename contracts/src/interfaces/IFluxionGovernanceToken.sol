// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFluxionRewards} from "./IFluxionRewards.sol";
import {IFluxionStaking} from "./IFluxionStaking.sol";

/// @title IFluxionGovernanceToken
/// @notice FLX: capped ERC-20 with permit and ERC-5805 votes on a timestamp clock, in-place staking and
///         multi-token fee sharing for stakers.
/// @dev Delegation without the trap: an account that never delegated votes with its own balance, so a fresh
///      holder can vote at once and transfers move voting power immediately. `delegate`/`delegateBySig` still
///      redirect votes; delegating to the zero address means delegating back to oneself.
interface IFluxionGovernanceToken is IFluxionStaking, IFluxionRewards {
    /// @notice Thrown at construction when the cap is zero, exceeds 2^128 - 1, or is below the initial supply.
    error InvalidCap(uint256 cap, uint256 initialSupply);

    /// @notice Thrown when a mint would take the total supply above the cap.
    error SupplyCapExceeded(uint256 supplyAfter, uint256 cap);

    /// @notice Role allowed to mint, up to the cap.
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice Maximum total supply.
    function cap() external view returns (uint256);

    /// @notice Mints `amount` to `to`.
    /// @dev Only `MINTER_ROLE`. Reverts with `SupplyCapExceeded` above the cap.
    function mint(address to, uint256 amount) external;
}
