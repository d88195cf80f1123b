// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IGuarded} from "../interfaces/IGuarded.sol";

/// @title Guarded
/// @notice Role model shared by Fluxion's pausable contracts: `DEFAULT_ADMIN_ROLE` (the Timelock
///         once deployment hands over) changes parameters and unpauses; `GUARDIAN_ROLE` pauses.
abstract contract Guarded is AccessControl, Pausable, IGuarded {
    /// @notice Role allowed to pause.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @param admin Initial holder of `DEFAULT_ADMIN_ROLE` (the deployer, who hands it to the Timelock).
    /// @param guardian Initial holder of `GUARDIAN_ROLE`.
    constructor(address admin, address guardian) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, guardian);
    }

    /// @inheritdoc IGuarded
    function pause() external onlyRole(GUARDIAN_ROLE) {
        _pause();
    }

    /// @inheritdoc IGuarded
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }
}
