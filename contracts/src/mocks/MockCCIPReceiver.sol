// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAny2EVMMessageReceiver} from "@chainlink/contracts-ccip/contracts/interfaces/IAny2EVMMessageReceiver.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {ERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";

/// @title MockCCIPReceiver
/// @notice A CCIP receiver for relay tests: records every message its router delivers, or, when told to, reverts
///         with `Rejected` or burns gas first (to run a message out of its gas limit). Not for deployment.
contract MockCCIPReceiver is IAny2EVMMessageReceiver, ERC165 {
    /// @notice Thrown when `ccipReceive` is called by anyone but the router.
    error InvalidRouter(address caller);
    /// @notice Thrown by `ccipReceive` while `shouldRevert` is set.
    error Rejected(bytes32 messageId);

    /// @notice Emitted for every message accepted.
    event MessageReceived(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes sender, bytes data);

    /// @notice The only caller of `ccipReceive`.
    address public immutable router;
    /// @notice Whether `ccipReceive` reverts with `Rejected`.
    bool public shouldRevert;
    /// @notice Gas `ccipReceive` burns before recording (more than the message's limit makes it run out).
    uint256 public gasToBurn;
    /// @notice Ids received, in order.
    bytes32[] public receivedIds;
    /// @notice Whether a message id was received.
    mapping(bytes32 messageId => bool) public received;

    /// @param router_ The router allowed to deliver.
    constructor(address router_) {
        router = router_;
    }

    /// @notice Makes `ccipReceive` revert (true) or accept (false).
    function setShouldRevert(bool shouldRevert_) external {
        shouldRevert = shouldRevert_;
    }

    /// @notice Sets the gas `ccipReceive` burns before accepting.
    function setGasToBurn(uint256 gasToBurn_) external {
        gasToBurn = gasToBurn_;
    }

    /// @notice How many messages were received.
    function receivedCount() external view returns (uint256) {
        return receivedIds.length;
    }

    /// @inheritdoc IAny2EVMMessageReceiver
    function ccipReceive(Client.Any2EVMMessage calldata message) external {
        if (msg.sender != router) revert InvalidRouter(msg.sender);
        if (shouldRevert) revert Rejected(message.messageId);
        uint256 start = gasleft();
        uint256 toBurn = gasToBurn;
        uint256 spins;
        while (start - gasleft() < toBurn) {
            ++spins;
        }
        receivedIds.push(message.messageId);
        received[message.messageId] = true;
        emit MessageReceived(message.messageId, message.sourceChainSelector, message.sender, message.data);
    }

    /// @inheritdoc ERC165
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAny2EVMMessageReceiver).interfaceId || super.supportsInterface(interfaceId);
    }
}
