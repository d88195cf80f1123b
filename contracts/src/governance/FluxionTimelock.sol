// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title FluxionTimelock
/// @notice The Timelock that owns every Fluxion admin role. A named subclass of OpenZeppelin's TimelockController,
///         so deploy tooling and the generated ABI module can refer to it.
/// @dev Intended wiring: `PROPOSER_ROLE` and `CANCELLER_ROLE` = the FluxionGovernor; `EXECUTOR_ROLE` = address(0)
///      (anyone executes a ready operation); the guardian also holds `CANCELLER_ROLE` (a veto on a malicious queued
///      proposal, never a way to act); `admin` is the deployer only during setup and renounces afterwards, leaving
///      the Timelock self-administered.
contract FluxionTimelock is TimelockController {
    /// @param minDelay Initial minimum delay, in seconds, between queueing and executing an operation.
    /// @param proposers Accounts granted `PROPOSER_ROLE` (and, as in TimelockController, `CANCELLER_ROLE`).
    /// @param executors Accounts granted `EXECUTOR_ROLE`; include address(0) to let anyone execute.
    /// @param admin Optional setup admin (address(0) for none); must renounce once wiring is done.
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
