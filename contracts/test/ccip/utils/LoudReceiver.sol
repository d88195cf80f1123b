// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAny2EVMMessageReceiver} from "@chainlink/contracts-ccip/contracts/interfaces/IAny2EVMMessageReceiver.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {ERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";

/// @notice A receiver that reverts with `size` bytes of revert data (a return-data bomb), to show the router keeps
///         only `MAX_RET_BYTES` of it.
contract LoudReceiver is IAny2EVMMessageReceiver, ERC165 {
    uint256 private immutable _size;

    constructor(uint256 size) {
        _size = size;
    }

    function ccipReceive(Client.Any2EVMMessage calldata) external view {
        uint256 size = _size;
        assembly {
            mstore(0, 0xdeadbeef)
            revert(0, size)
        }
    }

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAny2EVMMessageReceiver).interfaceId || super.supportsInterface(interfaceId);
    }
}
