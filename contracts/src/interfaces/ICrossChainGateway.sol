// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {IAny2EVMMessageReceiver} from "@chainlink/contracts-ccip/contracts/interfaces/IAny2EVMMessageReceiver.sol";
import {RateLimiter} from "@chainlink/contracts-ccip/contracts/libraries/RateLimiter.sol";

/// @title ICrossChainGateway
/// @notice Fluxion's CCIP application, one per chain: moves synths (burn here, mint there) and governance's pool
///         liquidity between chains. It speaks only `IRouterClient` and `IAny2EVMMessageReceiver`, so it runs
///         unchanged against Chainlink's routers on public networks or the local router in development.
/// @dev Every lane (the peer chain's selector, its gateway: the only allowed sender, gas limits) and every rate
///      limit is a parameter of governance (the Timelock, `DEFAULT_ADMIN_ROLE`); the guardian pauses sends.
///      Rate limits are Chainlink's token buckets (`RateLimiter`), per lane and per synth, outbound (checked by
///      `sendSynth` / `sendLiquidity`) and inbound (checked on delivery of transfers and liquidity alike): a transfer
///      above capacity is refused even with a full bucket. A bucket never configured is disabled (unlimited); one
///      switched on starts full.
///      Delivery follows Chainlink's defensive receiver: a message from an unknown chain or sender reverts (the
///      router records FAILURE), while a valid message whose processing fails (inbound limit, unknown asset, pool
///      refusal) is stored and `MessageFailed` emitted instead of reverting; anyone may `retryFailedMessage` it
///      later (once the bucket refilled, say), and governance may `recoverFailedMessage` it to another account.
///      Supply: a transfer burns exactly what the destination mints, so a synth's total supply summed over all
///      chains is constant whenever no message is in flight or stored as failed.
interface ICrossChainGateway is IAny2EVMMessageReceiver {
    /// @notice Payload kinds (the first word of `data`).
    enum MessageKind {
        TRANSFER,
        LIQUIDITY
    }

    /// @notice Governance's configuration of the lane to and from one peer chain.
    /// @param enabled Whether sends to and messages from the chain are accepted.
    /// @param peer The Fluxion gateway on that chain: the only sender accepted from it and the receiver sent to.
    /// @param transferGasLimit Destination gas limit of a synth transfer (`extraArgs`).
    /// @param liquidityGasLimit Destination gas limit of a liquidity message.
    /// @param liquidityAllowed Whether liquidity messages from this chain may be executed here.
    struct Lane {
        bool enabled;
        address peer;
        uint32 transferGasLimit;
        uint32 liquidityGasLimit;
        bool liquidityAllowed;
    }

    /// @notice Decoded synth transfer payload (`abi.encode(MessageKind.TRANSFER, Transfer)`).
    struct Transfer {
        bytes32 assetId;
        address from;
        address to;
        uint256 amount;
    }

    /// @notice Decoded liquidity payload (`abi.encode(MessageKind.LIQUIDITY, Liquidity)`): synths burnt from a pool
    ///         on the source, joined into `poolId` here, the LP shares paid to `recipient` (the Timelock here).
    struct Liquidity {
        bytes32 poolId;
        bytes32[] assetIds;
        uint256[] amounts;
        address recipient;
    }

    /// @notice A synth transfer left this chain.
    event SynthSent(
        bytes32 indexed messageId,
        uint64 indexed destChainSelector,
        address indexed from,
        address to,
        address synth,
        bytes32 assetId,
        uint256 amount,
        address feeToken,
        uint256 fee
    );
    /// @notice A synth transfer arrived and minted.
    event SynthReceived(
        bytes32 indexed messageId,
        uint64 indexed sourceChainSelector,
        address indexed to,
        address from,
        address synth,
        bytes32 assetId,
        uint256 amount
    );
    /// @notice Governance moved pool liquidity out of this chain.
    event LiquiditySent(
        bytes32 indexed messageId,
        uint64 indexed destChainSelector,
        bytes32 indexed sourcePoolId,
        bytes32 destPoolId,
        uint256 lpAmount,
        bytes32[] assetIds,
        uint256[] amounts
    );
    /// @notice Liquidity arrived and joined `poolId`.
    /// @param amounts What joined the pool, in the pool's token order (a proportional join takes the largest share
    ///        every synth covers; the rest of the message's amounts is minted to `recipient`).
    /// @param lpMinted Shares minted to `recipient`.
    event LiquidityReceived(
        bytes32 indexed messageId,
        uint64 indexed sourceChainSelector,
        bytes32 indexed poolId,
        address recipient,
        uint256[] amounts,
        uint256 lpMinted
    );
    /// @notice A valid message's processing failed; it is stored for `retryFailedMessage`.
    event MessageFailed(bytes32 indexed messageId, uint64 indexed sourceChainSelector, bytes reason);
    /// @notice A stored failed message was processed by `retryFailedMessage`.
    event MessageRetried(bytes32 indexed messageId, address indexed by);
    /// @notice Governance paid out a stored failed message to `to` instead.
    event MessageRecovered(bytes32 indexed messageId, address indexed to);
    /// @notice Governance set a lane.
    event LaneSet(uint64 indexed chainSelector, Lane lane);
    /// @notice Governance set a lane's rate limits for one synth.
    event RateLimitsSet(
        uint64 indexed chainSelector, address indexed synth, RateLimiter.Config outbound, RateLimiter.Config inbound
    );

    /// @notice Thrown when a constructor argument or a recipient is the zero address.
    error ZeroAddress();
    /// @notice Thrown for a zero amount.
    error ZeroAmount();
    /// @notice Thrown when `ccipReceive` is called by anyone but the router.
    error InvalidRouter(address caller);
    /// @notice Thrown when a message comes from (or a send goes to) a chain without an enabled lane.
    error ChainNotAllowed(uint64 chainSelector);
    /// @notice Thrown when a message's sender is not the lane's peer.
    error SenderNotAllowed(uint64 chainSelector, bytes sender);
    /// @notice Thrown when the token is not a Fluxion synth (or no synth carries the asset id here).
    error UnknownSynth(address synth, bytes32 assetId);
    /// @notice Thrown when a pool has a token that is not a synth (only synths can be burnt and minted).
    error PoolNotBridgeable(bytes32 poolId);
    /// @notice Thrown when liquidity messages from the chain are not allowed here.
    error LiquidityNotAllowed(uint64 chainSelector);
    /// @notice Thrown when the native value sent is below the router's fee.
    error InsufficientFee(uint256 required, uint256 sent);
    /// @notice Thrown by `retryFailedMessage` / `recoverFailedMessage` for an id that is not stored as failed.
    error MessageNotFailed(bytes32 messageId);
    /// @notice Thrown when `processMessage` is called by anyone but the gateway itself.
    error OnlySelf();
    /// @notice Thrown when a payload does not decode.
    error InvalidPayload();
    /// @notice Thrown when a fee is paid in a token but native value was sent too.
    error InvalidMsgValue();
    /// @notice Thrown when an enabled lane would get a zero gas limit.
    error InvalidGasLimit(uint64 chainSelector);
    /// @notice Thrown when a liquidity message's synths are not exactly the destination pool's tokens.
    error PoolMismatch(bytes32 poolId);

    /// @notice The router this gateway sends through and accepts deliveries from.
    function getRouter() external view returns (address);

    /// @notice The lane to and from `chainSelector`.
    function lane(uint64 chainSelector) external view returns (Lane memory);

    /// @notice Current outbound and inbound buckets of (`chainSelector`, `synth`).
    function rateLimits(uint64 chainSelector, address synth)
        external
        view
        returns (RateLimiter.TokenBucket memory outbound, RateLimiter.TokenBucket memory inbound);

    /// @notice The router's fee for `sendSynth` with these arguments, in `feeToken` (0: native).
    function quoteTransfer(uint64 destChainSelector, address synth, address to, uint256 amount, address feeToken)
        external
        view
        returns (uint256 fee);

    /// @notice Burns `amount` of the caller's `synth` and sends it to `to` on `destChainSelector`. The fee is the
    ///         router's quote: in native (`msg.value`, any excess refunded to the caller) or pulled in `feeToken`
    ///         from the caller (approve the gateway first; `msg.value` must be 0).
    /// @return messageId The CCIP message id.
    function sendSynth(uint64 destChainSelector, address synth, address to, uint256 amount, address feeToken)
        external
        payable
        returns (bytes32 messageId);

    /// @notice Governance's move of pool liquidity: pulls `lpAmount` shares of `sourcePoolId` from the caller (the
    ///         Timelock, which approved them in the same proposal), exits the pool, burns the synths and sends them
    ///         to join `destPoolId` on `destChainSelector`, the shares paid to `recipient` there. Fee as `sendSynth`.
    /// @dev Only `DEFAULT_ADMIN_ROLE`. Every token of the source pool must be a synth.
    function sendLiquidity(
        uint64 destChainSelector,
        bytes32 sourcePoolId,
        uint256 lpAmount,
        uint256[] calldata minAmountsOut,
        bytes32 destPoolId,
        address recipient,
        address feeToken
    ) external payable returns (bytes32 messageId);

    /// @notice Processes a delivered message's payload. Only the gateway itself (from `ccipReceive`).
    /// @dev A liquidity message joins `poolId` proportionally (`addLiquidity` with the largest share every amount
    ///      covers, or `initialize` for an empty pool); leftovers are minted to the recipient. The destination pool's
    ///      tokens must be exactly the message's synths (`PoolMismatch`, `PoolNotBridgeable`).
    function processMessage(Client.Any2EVMMessage calldata message) external;

    /// @notice Whether `messageId` is stored as failed.
    function isFailed(bytes32 messageId) external view returns (bool);

    /// @notice The stored failed message (empty if none).
    function getFailedMessage(bytes32 messageId) external view returns (Client.Any2EVMMessage memory);

    /// @notice Anyone: processes a stored failed message again; reverts (leaving it stored) if it fails again.
    function retryFailedMessage(bytes32 messageId) external;

    /// @notice Governance: pays a stored failed transfer to `to` (minting its amount) or a failed liquidity
    ///         message's synths to `to` (no pool join), and forgets it. Inbound limits do not apply.
    function recoverFailedMessage(bytes32 messageId, address to) external;

    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setLane(uint64 chainSelector, Lane calldata lane_) external;

    /// @dev Only `DEFAULT_ADMIN_ROLE`. Chainlink's `RateLimiter.Config` (isEnabled, capacity, rate per second).
    function setRateLimits(
        uint64 chainSelector,
        address synth,
        RateLimiter.Config calldata outbound,
        RateLimiter.Config calldata inbound
    ) external;
}
