// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAny2EVMMessageReceiver} from "@chainlink/contracts-ccip/contracts/interfaces/IAny2EVMMessageReceiver.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {ERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {ILocalCCIPRouter} from "../../../src/interfaces/ILocalCCIPRouter.sol";

/// @notice A hostile receiver that, while its own message runs, tries to execute that message again through both
///         entry points, and records what each attempt reverted with. The test grants it `RELAYER_ROLE` so the
///         attempt reaches the execution-state check.
contract ReentrantReceiver is IAny2EVMMessageReceiver, ERC165 {
    ILocalCCIPRouter private immutable _router;
    ILocalCCIPRouter.LocalMessage private _replay;

    bytes public executeError;
    bytes public manualError;
    uint256 public calls;

    constructor(ILocalCCIPRouter router_) {
        _router = router_;
    }

    function arm(ILocalCCIPRouter.LocalMessage calldata message) external {
        _replay = message;
    }

    function ccipReceive(Client.Any2EVMMessage calldata) external {
        ++calls;
        ILocalCCIPRouter.LocalMessage memory message = _replay;
        try _router.execute(message) {
            executeError = "";
        } catch (bytes memory reason) {
            executeError = reason;
        }
        try _router.manuallyExecute(message, 0) {
            manualError = "";
        } catch (bytes memory reason) {
            manualError = reason;
        }
    }

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAny2EVMMessageReceiver).interfaceId || super.supportsInterface(interfaceId);
    }
}
