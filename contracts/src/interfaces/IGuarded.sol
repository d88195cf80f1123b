// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGuarded
/// @notice Emergency brake shared by every pausable Fluxion contract.
/// @dev The guardian (a fast-acting multisig) can only stop things; starting them again is a
///      governance decision taken through the Timelock, which holds `DEFAULT_ADMIN_ROLE`.
interface IGuarded {
    /// @notice Stops the contract's guarded entry points.
    /// @dev Only callable by an account holding `GUARDIAN_ROLE`.
    function pause() external;

    /// @notice Resumes the contract's guarded entry points.
    /// @dev Only callable by an account holding `DEFAULT_ADMIN_ROLE` (the Timelock).
    function unpause() external;
}
