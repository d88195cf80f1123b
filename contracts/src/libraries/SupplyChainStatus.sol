// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISupplyChainTracker} from "../interfaces/ISupplyChainTracker.sol";

/// @title SupplyChainStatus
/// @notice The item lifecycle as an explicit allowed-transitions table.
/// @dev The table is a bitmap: bit (8 * from + to) is set when `from -> to` is allowed.
///        from \ to    Registered InTransit Stored Delivered Recalled
///        Registered       -          x       x        -         x
///        InTransit        -          -       x        x         x
///        Stored           -          x       -        x         x
///        Delivered        -          -       -        -         -      (terminal)
///        Recalled         -          -       -        -         -      (terminal)
library SupplyChainStatus {
    uint256 private constant _IN_TRANSIT = 1 << uint8(ISupplyChainTracker.Status.InTransit);
    uint256 private constant _STORED = 1 << uint8(ISupplyChainTracker.Status.Stored);
    uint256 private constant _DELIVERED = 1 << uint8(ISupplyChainTracker.Status.Delivered);
    uint256 private constant _RECALLED = 1 << uint8(ISupplyChainTracker.Status.Recalled);

    uint256 private constant _FROM_REGISTERED = _IN_TRANSIT | _STORED | _RECALLED;
    uint256 private constant _FROM_IN_TRANSIT = _STORED | _DELIVERED | _RECALLED;
    uint256 private constant _FROM_STORED = _IN_TRANSIT | _DELIVERED | _RECALLED;

    uint256 private constant _TABLE = _FROM_REGISTERED << (8 * uint8(ISupplyChainTracker.Status.Registered))
        | _FROM_IN_TRANSIT << (8 * uint8(ISupplyChainTracker.Status.InTransit))
        | _FROM_STORED << (8 * uint8(ISupplyChainTracker.Status.Stored));

    /// @notice Whether the lifecycle allows moving from `from` to `to`.
    function canTransition(ISupplyChainTracker.Status from, ISupplyChainTracker.Status to)
        internal
        pure
        returns (bool)
    {
        return (_TABLE >> (8 * uint256(uint8(from)) + uint8(to))) & 1 == 1;
    }

    /// @notice Whether `status` is terminal (the item is closed).
    function isTerminal(ISupplyChainTracker.Status status) internal pure returns (bool) {
        return status == ISupplyChainTracker.Status.Delivered || status == ISupplyChainTracker.Status.Recalled;
    }
}
