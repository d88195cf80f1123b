// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRouterClient} from "@chainlink/contracts-ccip/contracts/interfaces/IRouterClient.sol";

/// @title ILocalCCIPRouter
/// @notice One local chain's side of Chainlink CCIP for development and tests: the `IRouterClient` the
///         applications call (`getFee`, `ccipSend`), plus what the on-ramp, the commit store and the off-ramp
///         do on a real network. Applications written against `IRouterClient` and `IAny2EVMMessageReceiver`
///         run unchanged against Chainlink's routers; only this contract and the relay keeper are local.
/// @dev How each part maps onto real CCIP:
///      - `ccipSend` = Router + OnRamp: validates the message, charges the fee (native or an allowed fee token,
///        priced per lane), assigns the lane's next sequence number and emits `CCIPMessageSent` with the whole
///        message, as the OnRamp's `CCIPMessageSent` does. Token transfers (`tokenAmounts`) are not carried:
///        Fluxion's applications burn and mint their own synths and send data only.
///      - `commit` = the Commit DON's report to the destination's commit store: only `RELAYER_ROLE` (our relay
///        keeper, playing the oracle network) records message ids it saw finalized on the source chain.
///      - `execute` / `manuallyExecute` = the OffRamp: a committed message is delivered once to its receiver
///        with exactly its gas limit (`CallWithExactGas`: a transaction with too little gas for the limit
///        reverts instead of failing the message), its state moves UNTOUCHED -> IN_PROGRESS -> SUCCESS or
///        FAILURE, and a FAILURE (or a message the relay left untouched past the permissionless threshold)
///        can be executed again by anyone, with a gas limit at least the original. Unused gas is never
///        refunded: the fee paid for the whole limit.
///      - The message id commits to every field (`messageIdOf`), so a message executed by anyone is exactly
///        the one sent.
interface ILocalCCIPRouter is IRouterClient {
    /// @notice Execution state of a message on its destination (Chainlink's `Internal.MessageExecutionState`).
    enum ExecutionState {
        UNTOUCHED,
        IN_PROGRESS,
        SUCCESS,
        FAILURE
    }

    /// @notice A message as sent, as committed and as executed (one struct for the whole lane).
    /// @param messageId `messageIdOf` the other fields.
    /// @param sourceChainSelector The sending chain's CCIP selector.
    /// @param destChainSelector The receiving chain's CCIP selector.
    /// @param sequenceNumber Per (source, destination) lane, from 1.
    /// @param sender The application contract that called `ccipSend`.
    /// @param receiver The destination contract (decoded from `abi.encode(address)`).
    /// @param data The application's payload.
    /// @param gasLimit The receiver's gas limit from `extraArgs` (default `DEFAULT_GAS_LIMIT`).
    /// @param feeToken `address(0)` for native, else the ERC-20 the fee was paid in.
    /// @param feeTokenAmount The fee charged.
    struct LocalMessage {
        bytes32 messageId;
        uint64 sourceChainSelector;
        uint64 destChainSelector;
        uint64 sequenceNumber;
        address sender;
        address receiver;
        bytes data;
        uint256 gasLimit;
        address feeToken;
        uint256 feeTokenAmount;
    }

    /// @notice Fee and size parameters of the lane to one destination (the CCIP operator's, not Fluxion's).
    /// @param enabled Whether `ccipSend` to this destination is accepted.
    /// @param baseFee Flat native fee per message, in wei.
    /// @param gasPrice Destination gas price expressed in source wei, charged for the whole gas limit.
    /// @param feePerByte Native wei per byte of `data`.
    /// @param maxGasLimit Largest gas limit a message may ask for.
    /// @param maxDataBytes Largest `data`.
    struct Lane {
        bool enabled;
        uint96 baseFee;
        uint96 gasPrice;
        uint32 feePerByte;
        uint32 maxGasLimit;
        uint32 maxDataBytes;
    }

    /// @notice Emitted by `ccipSend` with the whole message (what the relay delivers).
    event CCIPMessageSent(
        uint64 indexed destChainSelector, uint64 indexed sequenceNumber, bytes32 indexed messageId, LocalMessage message
    );
    /// @notice Emitted by `commit` for every newly committed message.
    event MessageCommitted(uint64 indexed sourceChainSelector, bytes32 indexed messageId, address committer);
    /// @notice Emitted by every execution attempt that completed (a reverted transaction emits nothing).
    /// @param manual True for `manuallyExecute`.
    /// @param gasLimit The gas limit the receiver ran with.
    /// @param gasUsed Gas the receiver used (excluding the router's overhead).
    event ExecutionStateChanged(
        uint64 indexed sourceChainSelector,
        uint64 indexed sequenceNumber,
        bytes32 indexed messageId,
        ExecutionState state,
        bytes returnData,
        bool manual,
        address executor,
        uint256 gasLimit,
        uint256 gasUsed
    );
    /// @notice Emitted when the operator configures a destination lane.
    event LaneSet(uint64 indexed destChainSelector, Lane lane);
    /// @notice Emitted when the operator enables or disables a source chain.
    event SourceChainSet(uint64 indexed sourceChainSelector, bool enabled);
    /// @notice Emitted when the operator allows a fee token (price 0 removes it).
    event FeeTokenSet(address indexed token, uint256 nativePerToken);
    /// @notice Emitted when the operator sets the permissionless execution threshold.
    event PermissionlessExecutionThresholdSet(uint32 seconds_);
    /// @notice Emitted when the operator withdraws collected fees.
    event FeesWithdrawn(address indexed token, address indexed to, uint256 amount);

    /// @notice Thrown when `extraArgs` carries an unknown tag or is malformed.
    error InvalidExtraArgsTag();
    /// @notice Thrown when the receiver is not `abi.encode` of an EVM address.
    error InvalidEVMAddress(bytes encodedAddress);
    /// @notice Thrown when a message asks for more gas than the lane's maximum.
    error MessageGasLimitTooHigh(uint256 gasLimit, uint256 maxGasLimit);
    /// @notice Thrown when `data` exceeds the lane's maximum.
    error MessageTooLarge(uint256 maxDataBytes, uint256 actualBytes);
    /// @notice Thrown when a message carries token amounts (this router carries data only).
    error TokenTransfersNotSupported();
    /// @notice Thrown when the fee token is not allowed.
    error UnsupportedFeeToken(address token);
    /// @notice Thrown when executing on the wrong chain, from a disabled source, or a message whose fields do not
    ///         hash to its id.
    error InvalidMessage(bytes32 messageId);
    /// @notice Thrown when executing a message that was never committed.
    error NotCommitted(bytes32 messageId);
    /// @notice Thrown when executing a message whose state does not allow it (the state it is in).
    error InvalidExecutionState(bytes32 messageId, ExecutionState state);
    /// @notice Thrown when a manual execution's gas limit is below the message's own.
    error InvalidManualExecutionGasLimit(bytes32 messageId, uint256 oldLimit, uint256 newLimit);
    /// @notice Thrown when a message in UNTOUCHED is manually executed before the permissionless threshold.
    error ManualExecutionNotYetEnabled(bytes32 messageId);
    /// @notice Thrown when `commit` gets an empty batch.
    error InvalidCommitReport();
    /// @notice Thrown when `commit` reports messages from a source chain that is not enabled here.
    error SourceChainNotEnabled(uint64 sourceChainSelector);
    /// @notice Thrown when the operator passes the zero address (constructor admin, fee token, withdrawal recipient).
    error ZeroAddress();

    /// @notice The gas limit of a message without `extraArgs` (Chainlink's default).
    function DEFAULT_GAS_LIMIT() external view returns (uint256);

    /// @notice Domain separator that starts every message id's preimage (see `messageIdOf`).
    function MESSAGE_ID_DOMAIN() external view returns (bytes32);

    /// @notice Gas kept back for the exact-gas check around the receiver's call (Chainlink's OffRamp: 5,000).
    function GAS_FOR_CALL_EXACT_CHECK() external view returns (uint16);

    /// @notice Most bytes of the receiver's revert data kept in `ExecutionStateChanged` (Chainlink's 4 + 4 * 32).
    function MAX_RET_BYTES() external view returns (uint16);

    /// @notice Role of the relay (the local oracle network): commits and executes.
    function RELAYER_ROLE() external view returns (bytes32);

    /// @notice This chain's CCIP selector.
    function localChainSelector() external view returns (uint64);

    /// @notice The id a message with these fields has (every field but `messageId` enters the hash):
    ///         `keccak256(abi.encode(MESSAGE_ID_DOMAIN, sourceChainSelector, destChainSelector, sequenceNumber, sender,
    ///         receiver, data, gasLimit, feeToken, feeTokenAmount))`.
    function messageIdOf(LocalMessage calldata message) external pure returns (bytes32);

    /// @notice Records messages the relay saw finalized on `sourceChainSelector`. Already committed ids are skipped
    ///         (no event). A message executes only if committed under its own source chain.
    /// @dev Only `RELAYER_ROLE`; the source chain must be enabled.
    function commit(uint64 sourceChainSelector, bytes32[] calldata messageIds) external;

    /// @notice Delivers a committed, UNTOUCHED message to its receiver with its own gas limit.
    /// @dev Only `RELAYER_ROLE`. Reverts (changing nothing) when the transaction's gas cannot give the receiver
    ///      the full limit.
    /// @return state SUCCESS, or FAILURE with the receiver's revert data in the event.
    function execute(LocalMessage calldata message) external returns (ExecutionState state);

    /// @notice Anyone's retry of a FAILURE message, or of an UNTOUCHED committed message once
    ///         `permissionlessExecutionThreshold` seconds have passed since its commit.
    /// @param gasLimitOverride The receiver's gas limit: 0 keeps the message's, else at least the message's.
    function manuallyExecute(LocalMessage calldata message, uint256 gasLimitOverride)
        external
        returns (ExecutionState state);

    /// @notice A message's execution state on this (destination) chain.
    function getExecutionState(bytes32 messageId) external view returns (ExecutionState);

    /// @notice When a message was committed here (0: not committed).
    function committedAt(bytes32 messageId) external view returns (uint256);

    /// @notice The lane to `destChainSelector`.
    function getLane(uint64 destChainSelector) external view returns (Lane memory);

    /// @notice Whether messages from `sourceChainSelector` are executed here.
    function isSourceChainEnabled(uint64 sourceChainSelector) external view returns (bool);

    /// @notice Last sequence number used on the lane to `destChainSelector` (0: none sent).
    function getSequenceNumber(uint64 destChainSelector) external view returns (uint64);

    /// @notice Native wei per 1e18 base units of an allowed fee token (0: not allowed).
    function feeTokenPrice(address token) external view returns (uint256);

    /// @notice Seconds after its commit from which anyone may execute an UNTOUCHED message.
    function permissionlessExecutionThreshold() external view returns (uint32);

    /// @dev Only the operator (`DEFAULT_ADMIN_ROLE`).
    function setLane(uint64 destChainSelector, Lane calldata lane) external;

    /// @dev Only the operator.
    function setSourceChain(uint64 sourceChainSelector, bool enabled) external;

    /// @dev Only the operator. `nativePerToken` 0 removes the token.
    function setFeeToken(address token, uint256 nativePerToken) external;

    /// @dev Only the operator.
    function setPermissionlessExecutionThreshold(uint32 seconds_) external;

    /// @notice Sends collected fees (`token` 0: native) to `to`. Only the operator.
    function withdrawFees(address token, address to) external;
}
