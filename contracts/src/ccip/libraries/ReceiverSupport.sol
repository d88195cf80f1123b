// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ReceiverSupport
/// @notice ERC-165 queries that revert rather than answer "no" when the caller has too little gas left, as Chainlink's
///         `ERC165CheckerReverting` (whose file imports a versioned OpenZeppelin path this toolchain cannot resolve).
/// @dev Why it matters: an off-ramp treats a receiver without the interface as delivered (SUCCESS, no call). With a
///      plain checker, a relay could starve the query of gas, read "unsupported" and so mark a real receiver's
///      message SUCCESS without ever calling it. Each query needs 30,000 gas for the static call; checking for 31,000
///      before it leaves >= 30,477 so 63/64 of it still forwards 30,000.
library ReceiverSupport {
    /// @notice Thrown when too little gas is left to query the receiver (the whole transaction reverts).
    error InsufficientGasForStaticCall();

    uint256 private constant MINIMUM_GAS_REQUIREMENT = 31_000;
    uint256 private constant QUERY_GAS = 30_000;
    bytes4 private constant INTERFACE_ID_INVALID = 0xffffffff;

    /// @notice Whether `account` supports ERC-165 and `interfaceId`, reverting when gas is short.
    function supportsInterfaceReverting(address account, bytes4 interfaceId) internal view returns (bool) {
        return _query(account, interfaceId) && !_query(account, INTERFACE_ID_INVALID)
            && _query(account, type(IERC165).interfaceId);
    }

    function _query(address account, bytes4 interfaceId) private view returns (bool) {
        bytes memory params = abi.encodeCall(IERC165.supportsInterface, (interfaceId));
        bool success;
        uint256 returnSize;
        uint256 returnValue;
        if (gasleft() < MINIMUM_GAS_REQUIREMENT) revert InsufficientGasForStaticCall();
        assembly ("memory-safe") {
            success := staticcall(QUERY_GAS, account, add(params, 0x20), mload(params), 0x00, 0x20)
            returnSize := returndatasize()
            returnValue := mload(0x00)
        }
        return success && returnSize >= 0x20 && returnValue > 0;
    }
}
