// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CallWithExactGas} from "@chainlink/contracts/src/v0.8/shared/call/CallWithExactGas.sol";
import {IAny2EVMMessageReceiver} from "@chainlink/contracts-ccip/contracts/interfaces/IAny2EVMMessageReceiver.sol";
import {IRouterClient} from "@chainlink/contracts-ccip/contracts/interfaces/IRouterClient.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ILocalCCIPRouter} from "../interfaces/ILocalCCIPRouter.sol";
import {ReceiverSupport} from "./libraries/ReceiverSupport.sol";

/// @title LocalCCIPRouter
/// @notice One chain's Chainlink CCIP for development and tests: Router + OnRamp (`ccipSend`, `getFee`), commit store
///         (`commit`) and OffRamp (`execute`, `manuallyExecute`). See `ILocalCCIPRouter`.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` is the CCIP operator (lanes, fee tokens, threshold, fee withdrawal), not Fluxion
///      governance; `RELAYER_ROLE` is the relay keeper playing the commit and execution oracle networks.
///      One storage slot per message on the destination holds its commit and its execution state, so a commit costs
///      one fresh slot and an execution rewrites it. A message's state is IN_PROGRESS while its receiver runs, which
///      is what refuses a reentrant execution of it; SUCCESS is final, so it succeeds at most once, ever.
contract LocalCCIPRouter is ILocalCCIPRouter, AccessControl {
    using SafeERC20 for IERC20;

    /// @inheritdoc ILocalCCIPRouter
    bytes32 public constant RELAYER_ROLE = keccak256("RELAYER_ROLE");
    /// @inheritdoc ILocalCCIPRouter
    uint256 public constant DEFAULT_GAS_LIMIT = 200_000;
    /// @inheritdoc ILocalCCIPRouter
    bytes32 public constant MESSAGE_ID_DOMAIN = keccak256("Fluxion.LocalCCIPRouter.LocalMessage.v1");
    /// @inheritdoc ILocalCCIPRouter
    uint16 public constant GAS_FOR_CALL_EXACT_CHECK = 5_000;
    /// @inheritdoc ILocalCCIPRouter
    uint16 public constant MAX_RET_BYTES = 4 + 4 * 32;

    /// @dev A message as its destination knows it: which source committed it, when, and how its execution went.
    struct Record {
        ExecutionState state;
        uint64 sourceChainSelector;
        uint64 committedAt;
    }

    /// @inheritdoc ILocalCCIPRouter
    uint64 public immutable localChainSelector;
    /// @inheritdoc ILocalCCIPRouter
    uint32 public permissionlessExecutionThreshold;

    mapping(uint64 destChainSelector => Lane) private _lanes;
    mapping(uint64 destChainSelector => uint64 sequenceNumber) private _sequenceNumbers;
    mapping(uint64 sourceChainSelector => bool enabled) private _sourceChains;
    mapping(address token => uint256 nativePerToken) private _feeTokenPrices;
    mapping(bytes32 messageId => Record) private _records;

    /// @param localChainSelector_ This chain's CCIP selector.
    /// @param admin The CCIP operator (`DEFAULT_ADMIN_ROLE`).
    constructor(uint64 localChainSelector_, address admin) {
        if (admin == address(0)) revert ZeroAddress();
        localChainSelector = localChainSelector_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------ Router + OnRamp

    /// @inheritdoc IRouterClient
    function isChainSupported(uint64 destChainSelector) external view returns (bool supported) {
        return _lanes[destChainSelector].enabled;
    }

    /// @inheritdoc IRouterClient
    function getFee(uint64 destinationChainSelector, Client.EVM2AnyMessage calldata message)
        external
        view
        returns (uint256 fee)
    {
        (, uint256 gasLimit) = _validate(destinationChainSelector, message);
        return _fee(destinationChainSelector, message.feeToken, gasLimit, message.data.length);
    }

    /// @inheritdoc IRouterClient
    function ccipSend(uint64 destinationChainSelector, Client.EVM2AnyMessage calldata message)
        external
        payable
        returns (bytes32 messageId)
    {
        (address receiver, uint256 gasLimit) = _validate(destinationChainSelector, message);
        uint256 fee = _fee(destinationChainSelector, message.feeToken, gasLimit, message.data.length);
        uint256 feeTokenAmount;
        if (message.feeToken == address(0)) {
            if (msg.value < fee) revert InsufficientFeeTokenAmount();
            // Like Chainlink's Router: the whole value is the fee, overpayment included.
            feeTokenAmount = msg.value;
        } else {
            if (msg.value != 0) revert InvalidMsgValue();
            feeTokenAmount = fee;
            IERC20(message.feeToken).safeTransferFrom(msg.sender, address(this), fee);
        }

        uint64 sequenceNumber = ++_sequenceNumbers[destinationChainSelector];
        LocalMessage memory local = LocalMessage({
            messageId: bytes32(0),
            sourceChainSelector: localChainSelector,
            destChainSelector: destinationChainSelector,
            sequenceNumber: sequenceNumber,
            sender: msg.sender,
            receiver: receiver,
            data: message.data,
            gasLimit: gasLimit,
            feeToken: message.feeToken,
            feeTokenAmount: feeTokenAmount
        });
        messageId = _messageIdOf(local);
        local.messageId = messageId;
        emit CCIPMessageSent(destinationChainSelector, sequenceNumber, messageId, local);
    }

    /// @inheritdoc ILocalCCIPRouter
    function messageIdOf(LocalMessage calldata message) external pure returns (bytes32) {
        return _messageIdOf(message);
    }

    // ------------------------------------------------------------ commit store

    /// @inheritdoc ILocalCCIPRouter
    function commit(uint64 sourceChainSelector, bytes32[] calldata messageIds) external onlyRole(RELAYER_ROLE) {
        if (messageIds.length == 0) revert InvalidCommitReport();
        if (!_sourceChains[sourceChainSelector]) revert SourceChainNotEnabled(sourceChainSelector);
        uint64 now_ = uint64(block.timestamp);
        for (uint256 i = 0; i < messageIds.length; ++i) {
            bytes32 messageId = messageIds[i];
            Record storage record = _records[messageId];
            if (record.committedAt != 0) continue;
            record.sourceChainSelector = sourceChainSelector;
            record.committedAt = now_;
            emit MessageCommitted(sourceChainSelector, messageId, msg.sender);
        }
    }

    // ------------------------------------------------------------ OffRamp

    /// @inheritdoc ILocalCCIPRouter
    function execute(LocalMessage calldata message) external onlyRole(RELAYER_ROLE) returns (ExecutionState state) {
        Record storage record = _committed(message);
        if (record.state != ExecutionState.UNTOUCHED) {
            revert InvalidExecutionState(message.messageId, record.state);
        }
        return _execute(record, message, message.gasLimit, false);
    }

    /// @inheritdoc ILocalCCIPRouter
    function manuallyExecute(LocalMessage calldata message, uint256 gasLimitOverride)
        external
        returns (ExecutionState state)
    {
        Record storage record = _committed(message);
        ExecutionState current = record.state;
        if (current == ExecutionState.UNTOUCHED) {
            if (block.timestamp < uint256(record.committedAt) + permissionlessExecutionThreshold) {
                revert ManualExecutionNotYetEnabled(message.messageId);
            }
        } else if (current != ExecutionState.FAILURE) {
            revert InvalidExecutionState(message.messageId, current);
        }
        uint256 gasLimit = message.gasLimit;
        if (gasLimitOverride != 0) {
            if (gasLimitOverride < gasLimit) {
                revert InvalidManualExecutionGasLimit(message.messageId, gasLimit, gasLimitOverride);
            }
            gasLimit = gasLimitOverride;
        }
        return _execute(record, message, gasLimit, true);
    }

    /// @inheritdoc ILocalCCIPRouter
    function getExecutionState(bytes32 messageId) external view returns (ExecutionState) {
        return _records[messageId].state;
    }

    /// @inheritdoc ILocalCCIPRouter
    function committedAt(bytes32 messageId) external view returns (uint256) {
        return _records[messageId].committedAt;
    }

    // ------------------------------------------------------------ views

    /// @inheritdoc ILocalCCIPRouter
    function getLane(uint64 destChainSelector) external view returns (Lane memory) {
        return _lanes[destChainSelector];
    }

    /// @inheritdoc ILocalCCIPRouter
    function isSourceChainEnabled(uint64 sourceChainSelector) external view returns (bool) {
        return _sourceChains[sourceChainSelector];
    }

    /// @inheritdoc ILocalCCIPRouter
    function getSequenceNumber(uint64 destChainSelector) external view returns (uint64) {
        return _sequenceNumbers[destChainSelector];
    }

    /// @inheritdoc ILocalCCIPRouter
    function feeTokenPrice(address token) external view returns (uint256) {
        return _feeTokenPrices[token];
    }

    // ------------------------------------------------------------ operator

    /// @inheritdoc ILocalCCIPRouter
    function setLane(uint64 destChainSelector, Lane calldata lane) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _lanes[destChainSelector] = lane;
        emit LaneSet(destChainSelector, lane);
    }

    /// @inheritdoc ILocalCCIPRouter
    function setSourceChain(uint64 sourceChainSelector, bool enabled) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _sourceChains[sourceChainSelector] = enabled;
        emit SourceChainSet(sourceChainSelector, enabled);
    }

    /// @inheritdoc ILocalCCIPRouter
    function setFeeToken(address token, uint256 nativePerToken) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert ZeroAddress();
        _feeTokenPrices[token] = nativePerToken;
        emit FeeTokenSet(token, nativePerToken);
    }

    /// @inheritdoc ILocalCCIPRouter
    function setPermissionlessExecutionThreshold(uint32 seconds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        permissionlessExecutionThreshold = seconds_;
        emit PermissionlessExecutionThresholdSet(seconds_);
    }

    /// @inheritdoc ILocalCCIPRouter
    function withdrawFees(address token, address to) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (to == address(0)) revert ZeroAddress();
        uint256 amount;
        if (token == address(0)) {
            amount = address(this).balance;
            emit FeesWithdrawn(token, to, amount);
            Address.sendValue(payable(to), amount);
        } else {
            amount = IERC20(token).balanceOf(address(this));
            emit FeesWithdrawn(token, to, amount);
            IERC20(token).safeTransfer(to, amount);
        }
    }

    // ------------------------------------------------------------ internals

    /// @dev Checks a message as Chainlink's Router and OnRamp do; returns its receiver and gas limit.
    function _validate(uint64 destChainSelector, Client.EVM2AnyMessage calldata message)
        private
        view
        returns (address receiver, uint256 gasLimit)
    {
        Lane memory lane = _lanes[destChainSelector];
        if (!lane.enabled) revert UnsupportedDestinationChain(destChainSelector);
        if (message.tokenAmounts.length != 0) revert TokenTransfersNotSupported();
        receiver = _evmAddress(message.receiver);
        gasLimit = _gasLimitOf(message.extraArgs);
        if (gasLimit > lane.maxGasLimit) revert MessageGasLimitTooHigh(gasLimit, lane.maxGasLimit);
        if (message.data.length > lane.maxDataBytes) revert MessageTooLarge(lane.maxDataBytes, message.data.length);
    }

    /// @dev The fee in `feeToken` (0: native) of a message of `dataLength` bytes asking for `gasLimit`. A fee token's
    ///      amount rounds up, in the operator's favour.
    function _fee(uint64 destChainSelector, address feeToken, uint256 gasLimit, uint256 dataLength)
        private
        view
        returns (uint256)
    {
        Lane memory lane = _lanes[destChainSelector];
        uint256 nativeFee = uint256(lane.baseFee) + gasLimit * lane.gasPrice + dataLength * lane.feePerByte;
        if (feeToken == address(0)) return nativeFee;
        uint256 price = _feeTokenPrices[feeToken];
        if (price == 0) revert UnsupportedFeeToken(feeToken);
        return Math.mulDiv(nativeFee, 1e18, price, Math.Rounding.Ceil);
    }

    /// @dev `abi.decode(encoded, (address))`, refusing anything else and the precompile space (Chainlink's
    ///      `Internal._validateEVMAddress`).
    function _evmAddress(bytes calldata encoded) private pure returns (address) {
        if (encoded.length != 32) revert InvalidEVMAddress(encoded);
        uint256 value = uint256(bytes32(encoded));
        if (value > type(uint160).max || value < 1024) revert InvalidEVMAddress(encoded);
        return address(uint160(value));
    }

    /// @dev The gas limit `extraArgs` asks for: empty is `DEFAULT_GAS_LIMIT`; `EVMExtraArgsV1` and
    ///      `GenericExtraArgsV2` both start with it after their tag. Any other tag, or too few bytes, is refused.
    function _gasLimitOf(bytes calldata extraArgs) private pure returns (uint256) {
        if (extraArgs.length == 0) return DEFAULT_GAS_LIMIT;
        if (extraArgs.length < 4) revert InvalidExtraArgsTag();
        bytes4 tag = bytes4(extraArgs[:4]);
        uint256 minLength;
        if (tag == Client.EVM_EXTRA_ARGS_V1_TAG) minLength = 4 + 32;
        else if (tag == Client.GENERIC_EXTRA_ARGS_V2_TAG) minLength = 4 + 64;
        else revert InvalidExtraArgsTag();
        if (extraArgs.length < minLength) revert InvalidExtraArgsTag();
        return uint256(bytes32(extraArgs[4:36]));
    }

    /// @dev The record of `message` once it is proven to be a message committed for this chain from an enabled
    ///      source whose fields hash to its id.
    function _committed(LocalMessage calldata message) private view returns (Record storage record) {
        bytes32 messageId = message.messageId;
        if (
            _messageIdOf(message) != messageId || message.destChainSelector != localChainSelector
                || !_sourceChains[message.sourceChainSelector]
        ) revert InvalidMessage(messageId);
        record = _records[messageId];
        if (record.committedAt == 0 || record.sourceChainSelector != message.sourceChainSelector) {
            revert NotCommitted(messageId);
        }
    }

    /// @dev Runs the receiver with exactly `gasLimit` (the whole transaction reverts if it cannot get it) and records
    ///      the outcome. A receiver without code or without `IAny2EVMMessageReceiver` is not called: SUCCESS.
    function _execute(Record storage record, LocalMessage calldata message, uint256 gasLimit, bool manual)
        private
        returns (ExecutionState state)
    {
        record.state = ExecutionState.IN_PROGRESS;
        bytes memory returnData;
        uint256 gasUsed;
        address receiver = message.receiver;
        if (
            receiver.code.length == 0
                || !ReceiverSupport.supportsInterfaceReverting(receiver, type(IAny2EVMMessageReceiver).interfaceId)
        ) {
            state = ExecutionState.SUCCESS;
        } else {
            bool success;
            (success, returnData, gasUsed) = CallWithExactGas._callWithExactGasSafeReturnData(
                abi.encodeCall(IAny2EVMMessageReceiver.ccipReceive, (_toAny2EVM(message))),
                receiver,
                gasLimit,
                GAS_FOR_CALL_EXACT_CHECK,
                MAX_RET_BYTES
            );
            state = success ? ExecutionState.SUCCESS : ExecutionState.FAILURE;
        }
        record.state = state;
        emit ExecutionStateChanged(
            message.sourceChainSelector,
            message.sequenceNumber,
            message.messageId,
            state,
            returnData,
            manual,
            msg.sender,
            gasLimit,
            gasUsed
        );
    }

    /// @dev The message as the receiver sees it (`sender` ABI-encoded, no tokens).
    function _toAny2EVM(LocalMessage calldata message) private pure returns (Client.Any2EVMMessage memory) {
        return Client.Any2EVMMessage({
            messageId: message.messageId,
            sourceChainSelector: message.sourceChainSelector,
            sender: abi.encode(message.sender),
            data: message.data,
            destTokenAmounts: new Client.EVMTokenAmount[](0)
        });
    }

    /// @dev `keccak256(abi.encode(MESSAGE_ID_DOMAIN, sourceChainSelector, destChainSelector, sequenceNumber, sender,
    ///      receiver, data, gasLimit, feeToken, feeTokenAmount))`.
    function _messageIdOf(LocalMessage memory message) private pure returns (bytes32) {
        return keccak256(
            abi.encode(
                MESSAGE_ID_DOMAIN,
                message.sourceChainSelector,
                message.destChainSelector,
                message.sequenceNumber,
                message.sender,
                message.receiver,
                message.data,
                message.gasLimit,
                message.feeToken,
                message.feeTokenAmount
            )
        );
    }
}
