// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAny2EVMMessageReceiver} from "@chainlink/contracts-ccip/contracts/interfaces/IAny2EVMMessageReceiver.sol";
import {IRouterClient} from "@chainlink/contracts-ccip/contracts/interfaces/IRouterClient.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {RateLimiter} from "@chainlink/contracts-ccip/contracts/libraries/RateLimiter.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Guarded} from "../access/Guarded.sol";
import {ICrossChainGateway} from "../interfaces/ICrossChainGateway.sol";
import {ILiquidityPoolManager} from "../interfaces/ILiquidityPoolManager.sol";
import {ISyntheticAsset} from "../interfaces/ISyntheticAsset.sol";
import {ISyntheticAssetFactory} from "../interfaces/ISyntheticAssetFactory.sol";

/// @title CrossChainGateway
/// @notice Fluxion's CCIP application on one chain: burns synths here and mints them on a peer chain, and moves
///         governance's pool liquidity between chains. See `ICrossChainGateway`.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` (the Timelock) sets lanes and rate limits, moves liquidity, recovers failed
///      messages and unpauses; `GUARDIAN_ROLE` pauses sends. The gateway needs `MINTER_ROLE` on every synth it moves.
///      Rate limits: Chainlink's token buckets per (peer chain, synth), outbound on sends, inbound on every delivery
///      (liquidity messages included, or a compromised peer could mint past the limit into a pool). A bucket never
///      configured is disabled, so unlimited, as in Chainlink's pools.
///      A failed message is stored field by field (its sender as the peer's address: one slot with the chain), so a
///      failed transfer costs 7 fresh slots inside the destination gas limit.
///      If `processMessage` runs out of gas, the catch block may too: then `ccipReceive` reverts and the router
///      records FAILURE, to be executed manually with more gas.
///      Liquidity joins are proportional (`addLiquidity`): no swap fee, no oracle breaker, no price impact. The
///      shares minted are the largest every amount covers (`lpOut = min(amount_i * supply / balance_i)`); what the
///      join does not take is minted straight to the recipient, so nothing stays in the gateway. An empty pool is
///      `initialize`d with the whole amounts.
contract CrossChainGateway is ICrossChainGateway, Guarded, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev The outbound and inbound buckets of one (chain, synth).
    struct Buckets {
        RateLimiter.TokenBucket outbound;
        RateLimiter.TokenBucket inbound;
    }

    /// @dev A stored failed message: with its id (the key) it is the whole `Any2EVMMessage`. The sender is always a
    ///      lane's peer, so never zero, which is what marks an id stored.
    struct FailedMessage {
        uint64 sourceChainSelector;
        address sender;
        bytes data;
        Client.EVMTokenAmount[] destTokenAmounts;
    }

    IRouterClient private immutable _router;
    /// @notice Where synths are looked up.
    ISyntheticAssetFactory public immutable factory;
    /// @notice The AMM liquidity messages join and leave.
    ILiquidityPoolManager public immutable poolManager;

    mapping(uint64 chainSelector => Lane) private _lanes;
    mapping(uint64 chainSelector => mapping(address synth => Buckets)) private _buckets;
    mapping(bytes32 messageId => FailedMessage) private _failed;

    /// @param router_ The CCIP router (Chainlink's, or the local one).
    /// @param factory_ The synth factory.
    /// @param poolManager_ The liquidity pool manager.
    /// @param admin Initial `DEFAULT_ADMIN_ROLE` (the deployer, who hands it to the Timelock).
    /// @param guardian Initial `GUARDIAN_ROLE`.
    constructor(
        address router_,
        ISyntheticAssetFactory factory_,
        ILiquidityPoolManager poolManager_,
        address admin,
        address guardian
    ) Guarded(admin, guardian) {
        if (
            router_ == address(0) || address(factory_) == address(0) || address(poolManager_) == address(0)
                || admin == address(0) || guardian == address(0)
        ) revert ZeroAddress();
        _router = IRouterClient(router_);
        factory = factory_;
        poolManager = poolManager_;
    }

    // ------------------------------------------------------------ sends

    /// @inheritdoc ICrossChainGateway
    function quoteTransfer(uint64 destChainSelector, address synth, address to, uint256 amount, address feeToken)
        external
        view
        returns (uint256 fee)
    {
        Lane memory cfg = _enabledLane(destChainSelector);
        Transfer memory t = Transfer({assetId: _assetIdOf(synth), from: msg.sender, to: to, amount: amount});
        return _router.getFee(
            destChainSelector, _message(cfg.peer, abi.encode(MessageKind.TRANSFER, t), cfg.transferGasLimit, feeToken)
        );
    }

    /// @inheritdoc ICrossChainGateway
    function sendSynth(uint64 destChainSelector, address synth, address to, uint256 amount, address feeToken)
        external
        payable
        whenNotPaused
        nonReentrant
        returns (bytes32 messageId)
    {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        Lane memory cfg = _enabledLane(destChainSelector);
        Transfer memory t = Transfer({assetId: _assetIdOf(synth), from: msg.sender, to: to, amount: amount});
        RateLimiter._consume(_buckets[destChainSelector][synth].outbound, amount, synth);
        ISyntheticAsset(synth).burn(msg.sender, amount);

        uint256 fee;
        (messageId, fee) = _send(
            destChainSelector, _message(cfg.peer, abi.encode(MessageKind.TRANSFER, t), cfg.transferGasLimit, feeToken)
        );
        emit SynthSent(messageId, destChainSelector, msg.sender, to, synth, t.assetId, amount, feeToken, fee);
    }

    /// @inheritdoc ICrossChainGateway
    function sendLiquidity(
        uint64 destChainSelector,
        bytes32 sourcePoolId,
        uint256 lpAmount,
        uint256[] calldata minAmountsOut,
        bytes32 destPoolId,
        address recipient,
        address feeToken
    ) external payable onlyRole(DEFAULT_ADMIN_ROLE) whenNotPaused nonReentrant returns (bytes32 messageId) {
        if (recipient == address(0)) revert ZeroAddress();
        if (lpAmount == 0) revert ZeroAmount();
        Lane memory cfg = _enabledLane(destChainSelector);
        Liquidity memory q = _exitPool(destChainSelector, sourcePoolId, lpAmount, minAmountsOut);
        q.poolId = destPoolId;
        q.recipient = recipient;
        (messageId,) = _send(
            destChainSelector, _message(cfg.peer, abi.encode(MessageKind.LIQUIDITY, q), cfg.liquidityGasLimit, feeToken)
        );
        emit LiquiditySent(messageId, destChainSelector, sourcePoolId, destPoolId, lpAmount, q.assetIds, q.amounts);
    }

    /// @dev Takes `lpAmount` shares of a synth-only pool from the caller, exits proportionally and burns what came
    ///      out after the outbound buckets. Returns the synths' asset ids and amounts (pool token order).
    function _exitPool(uint64 destChainSelector, bytes32 poolId, uint256 lpAmount, uint256[] calldata minAmountsOut)
        private
        returns (Liquidity memory q)
    {
        (address[] memory tokens,,,,) = poolManager.getPoolState(poolId);
        q.assetIds = new bytes32[](tokens.length);
        for (uint256 i = 0; i < tokens.length; ++i) {
            if (!factory.isSynth(tokens[i])) revert PoolNotBridgeable(poolId);
            q.assetIds[i] = ISyntheticAsset(tokens[i]).assetId();
        }
        IERC20(poolManager.lpToken(poolId)).safeTransferFrom(msg.sender, address(this), lpAmount);
        q.amounts = poolManager.removeLiquidity(poolId, lpAmount, minAmountsOut, address(this), block.timestamp);
        for (uint256 i = 0; i < tokens.length; ++i) {
            RateLimiter._consume(_buckets[destChainSelector][tokens[i]].outbound, q.amounts[i], tokens[i]);
            ISyntheticAsset(tokens[i]).burn(address(this), q.amounts[i]);
        }
    }

    // ------------------------------------------------------------ deliveries

    /// @inheritdoc IAny2EVMMessageReceiver
    function ccipReceive(Client.Any2EVMMessage calldata message) external nonReentrant {
        if (msg.sender != address(_router)) revert InvalidRouter(msg.sender);
        uint64 source = message.sourceChainSelector;
        Lane storage cfg = _lanes[source];
        if (!cfg.enabled) revert ChainNotAllowed(source);
        if (message.sender.length != 32 || bytes32(message.sender) != bytes32(uint256(uint160(cfg.peer)))) {
            revert SenderNotAllowed(source, message.sender);
        }
        // solhint-disable-next-line no-empty-blocks
        try this.processMessage(message) {}
        catch (bytes memory reason) {
            FailedMessage storage failed = _failed[message.messageId];
            failed.sourceChainSelector = source;
            failed.sender = cfg.peer;
            failed.data = message.data;
            for (uint256 i = 0; i < message.destTokenAmounts.length; ++i) {
                failed.destTokenAmounts.push(message.destTokenAmounts[i]);
            }
            emit MessageFailed(message.messageId, source, reason);
        }
    }

    /// @inheritdoc ICrossChainGateway
    function processMessage(Client.Any2EVMMessage calldata message) external {
        if (msg.sender != address(this)) revert OnlySelf();
        _process(message);
    }

    /// @inheritdoc ICrossChainGateway
    function retryFailedMessage(bytes32 messageId) external nonReentrant {
        Client.Any2EVMMessage memory message = _takeFailed(messageId);
        _process(message);
        emit MessageRetried(messageId, msg.sender);
    }

    /// @inheritdoc ICrossChainGateway
    function recoverFailedMessage(bytes32 messageId, address to) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        Client.Any2EVMMessage memory message = _takeFailed(messageId);
        if (_kindOf(message.data) == MessageKind.TRANSFER) {
            (, Transfer memory t) = abi.decode(message.data, (MessageKind, Transfer));
            ISyntheticAsset(_synthOf(t.assetId)).mint(to, t.amount);
        } else {
            (, Liquidity memory q) = abi.decode(message.data, (MessageKind, Liquidity));
            if (q.assetIds.length != q.amounts.length) revert InvalidPayload();
            for (uint256 i = 0; i < q.assetIds.length; ++i) {
                ISyntheticAsset(_synthOf(q.assetIds[i])).mint(to, q.amounts[i]);
            }
        }
        emit MessageRecovered(messageId, to);
    }

    // ------------------------------------------------------------ governance

    /// @inheritdoc ICrossChainGateway
    function setLane(uint64 chainSelector, Lane calldata lane_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (lane_.enabled) {
            if (lane_.peer == address(0)) revert ZeroAddress();
            if (lane_.transferGasLimit == 0 || lane_.liquidityGasLimit == 0) revert InvalidGasLimit(chainSelector);
        }
        _lanes[chainSelector] = lane_;
        emit LaneSet(chainSelector, lane_);
    }

    /// @inheritdoc ICrossChainGateway
    function setRateLimits(
        uint64 chainSelector,
        address synth,
        RateLimiter.Config calldata outbound,
        RateLimiter.Config calldata inbound
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!factory.isSynth(synth)) revert UnknownSynth(synth, bytes32(0));
        RateLimiter._validateTokenBucketConfig(outbound);
        RateLimiter._validateTokenBucketConfig(inbound);
        Buckets storage b = _buckets[chainSelector][synth];
        _configure(b.outbound, outbound);
        _configure(b.inbound, inbound);
        emit RateLimitsSet(chainSelector, synth, outbound, inbound);
    }

    // ------------------------------------------------------------ views

    /// @inheritdoc ICrossChainGateway
    function getRouter() external view returns (address) {
        return address(_router);
    }

    /// @inheritdoc ICrossChainGateway
    function lane(uint64 chainSelector) external view returns (Lane memory) {
        return _lanes[chainSelector];
    }

    /// @inheritdoc ICrossChainGateway
    function rateLimits(uint64 chainSelector, address synth)
        external
        view
        returns (RateLimiter.TokenBucket memory outbound, RateLimiter.TokenBucket memory inbound)
    {
        Buckets storage b = _buckets[chainSelector][synth];
        return (RateLimiter._currentTokenBucketState(b.outbound), RateLimiter._currentTokenBucketState(b.inbound));
    }

    /// @inheritdoc ICrossChainGateway
    function isFailed(bytes32 messageId) external view returns (bool) {
        return _failed[messageId].sender != address(0);
    }

    /// @inheritdoc ICrossChainGateway
    function getFailedMessage(bytes32 messageId) external view returns (Client.Any2EVMMessage memory message) {
        if (_failed[messageId].sender != address(0)) message = _loadFailed(messageId);
    }

    /// @notice `IAny2EVMMessageReceiver` and `IERC165`, as routers check, plus AccessControl's.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAny2EVMMessageReceiver).interfaceId || interfaceId == type(IERC165).interfaceId
            || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------ internals: processing

    /// @dev Runs a delivered payload; any revert leaves the message to be stored (or the retry to revert).
    function _process(Client.Any2EVMMessage memory message) private {
        if (_kindOf(message.data) == MessageKind.TRANSFER) {
            (, Transfer memory t) = abi.decode(message.data, (MessageKind, Transfer));
            address synth = _synthOf(t.assetId);
            RateLimiter._consume(_buckets[message.sourceChainSelector][synth].inbound, t.amount, synth);
            ISyntheticAsset(synth).mint(t.to, t.amount);
            emit SynthReceived(
                message.messageId, message.sourceChainSelector, t.to, t.from, synth, t.assetId, t.amount
            );
        } else {
            if (!_lanes[message.sourceChainSelector].liquidityAllowed) {
                revert LiquidityNotAllowed(message.sourceChainSelector);
            }
            (, Liquidity memory q) = abi.decode(message.data, (MessageKind, Liquidity));
            (uint256[] memory joined, uint256 lpMinted) = _join(message.sourceChainSelector, q);
            emit LiquidityReceived(
                message.messageId, message.sourceChainSelector, q.poolId, q.recipient, joined, lpMinted
            );
        }
    }

    /// @dev Mints a liquidity message's synths (after their inbound buckets), joins `q.poolId` proportionally with the
    ///      largest share every amount covers and mints the rest to the recipient. Returns the amounts joined, in pool
    ///      token order, and the shares minted.
    function _join(uint64 source, Liquidity memory q) private returns (uint256[] memory amountsIn, uint256 lpOut) {
        (address[] memory tokens, uint256[] memory balances,,,) = poolManager.getPoolState(q.poolId);
        uint256 n = tokens.length;
        if (q.assetIds.length != n || q.amounts.length != n) revert PoolMismatch(q.poolId);
        uint256[] memory amounts = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            if (!factory.isSynth(tokens[i])) revert PoolNotBridgeable(q.poolId);
            amounts[i] = _amountFor(q, ISyntheticAsset(tokens[i]).assetId());
            RateLimiter._consume(_buckets[source][tokens[i]].inbound, amounts[i], tokens[i]);
        }

        uint256 supply = IERC20(poolManager.lpToken(q.poolId)).totalSupply();
        if (supply == 0) {
            amountsIn = amounts;
        } else {
            lpOut = _lpOut(amounts, balances, supply);
            amountsIn = new uint256[](n);
            // What `addLiquidity` takes for `lpOut`, never above the amount (see `_lpOut`).
            for (uint256 i = 0; i < n; ++i) {
                amountsIn[i] = Math.mulDiv(balances[i], lpOut, supply, Math.Rounding.Ceil);
            }
        }
        for (uint256 i = 0; i < n; ++i) {
            ISyntheticAsset synth = ISyntheticAsset(tokens[i]);
            synth.mint(address(this), amountsIn[i]);
            IERC20(address(synth)).forceApprove(address(poolManager), amountsIn[i]);
            if (amounts[i] > amountsIn[i]) synth.mint(q.recipient, amounts[i] - amountsIn[i]);
        }
        if (supply == 0) lpOut = poolManager.initialize(q.poolId, amountsIn, q.recipient, block.timestamp);
        else poolManager.addLiquidity(q.poolId, amountsIn, lpOut, q.recipient, block.timestamp);
    }

    /// @dev The most shares every amount pays for: `min(floor(amount_i * supply / balance_i))` (empty balances cost
    ///      nothing), so `ceil(balance_i * lpOut / supply) <= amount_i` for every token.
    function _lpOut(uint256[] memory amounts, uint256[] memory balances, uint256 supply)
        private
        pure
        returns (uint256 lpOut)
    {
        lpOut = type(uint256).max;
        for (uint256 i = 0; i < amounts.length; ++i) {
            if (balances[i] != 0) lpOut = Math.min(lpOut, Math.mulDiv(amounts[i], supply, balances[i]));
        }
    }

    /// @dev The amount `q` carries for `assetId`; every pool token must be in the message.
    function _amountFor(Liquidity memory q, bytes32 assetId) private pure returns (uint256) {
        for (uint256 j = 0; j < q.assetIds.length; ++j) {
            if (q.assetIds[j] == assetId) return q.amounts[j];
        }
        revert PoolMismatch(q.poolId);
    }

    /// @dev Removes a stored failed message and returns it.
    function _takeFailed(bytes32 messageId) private returns (Client.Any2EVMMessage memory message) {
        if (_failed[messageId].sender == address(0)) revert MessageNotFailed(messageId);
        message = _loadFailed(messageId);
        delete _failed[messageId];
    }

    function _loadFailed(bytes32 messageId) private view returns (Client.Any2EVMMessage memory) {
        FailedMessage storage failed = _failed[messageId];
        return Client.Any2EVMMessage({
            messageId: messageId,
            sourceChainSelector: failed.sourceChainSelector,
            sender: abi.encode(failed.sender),
            data: failed.data,
            destTokenAmounts: failed.destTokenAmounts
        });
    }

    // ------------------------------------------------------------ internals: sending and lookups

    /// @dev Pays the router's fee (native: exactly the fee, the excess refunded last; else pulled from the caller)
    ///      and sends.
    function _send(uint64 destChainSelector, Client.EVM2AnyMessage memory message)
        private
        returns (bytes32 messageId, uint256 fee)
    {
        fee = _router.getFee(destChainSelector, message);
        if (message.feeToken == address(0)) {
            if (msg.value < fee) revert InsufficientFee(fee, msg.value);
            messageId = _router.ccipSend{value: fee}(destChainSelector, message);
            if (msg.value > fee) Address.sendValue(payable(msg.sender), msg.value - fee);
        } else {
            if (msg.value != 0) revert InvalidMsgValue();
            IERC20 token = IERC20(message.feeToken);
            token.safeTransferFrom(msg.sender, address(this), fee);
            token.forceApprove(address(_router), fee);
            messageId = _router.ccipSend(destChainSelector, message);
        }
    }

    /// @dev A data-only message to the peer gateway with `gasLimit` on the destination.
    function _message(address peer, bytes memory data, uint32 gasLimit, address feeToken)
        private
        pure
        returns (Client.EVM2AnyMessage memory)
    {
        return Client.EVM2AnyMessage({
            receiver: abi.encode(peer),
            data: data,
            tokenAmounts: new Client.EVMTokenAmount[](0),
            feeToken: feeToken,
            extraArgs: Client._argsToBytes(
                Client.GenericExtraArgsV2({gasLimit: gasLimit, allowOutOfOrderExecution: true})
            )
        });
    }

    /// @dev A bucket switched on (first configuration, or enabled after being disabled) starts full, as Chainlink's
    ///      pools start a new chain's; changes to an enabled bucket keep what is in it, up to the new capacity.
    function _configure(RateLimiter.TokenBucket storage bucket, RateLimiter.Config calldata config) private {
        if (!bucket.isEnabled) {
            bucket.tokens = config.capacity;
            bucket.lastUpdated = uint32(block.timestamp);
        }
        RateLimiter._setTokenBucketConfig(bucket, config);
    }

    function _enabledLane(uint64 chainSelector) private view returns (Lane memory cfg) {
        cfg = _lanes[chainSelector];
        if (!cfg.enabled) revert ChainNotAllowed(chainSelector);
    }

    function _assetIdOf(address synth) private view returns (bytes32) {
        if (!factory.isSynth(synth)) revert UnknownSynth(synth, bytes32(0));
        return ISyntheticAsset(synth).assetId();
    }

    function _synthOf(bytes32 assetId) private view returns (address synth) {
        synth = factory.synthOf(assetId);
        if (synth == address(0)) revert UnknownSynth(address(0), assetId);
    }

    /// @dev The first word of a payload, refused unless a known kind.
    function _kindOf(bytes memory data) private pure returns (MessageKind) {
        if (data.length < 32) revert InvalidPayload();
        uint256 kind = uint256(bytes32(data));
        if (kind > uint256(MessageKind.LIQUIDITY)) revert InvalidPayload();
        return MessageKind(kind);
    }
}
