// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPoolManagerTypes
/// @notice Types, events and custom errors of the `LiquidityPoolManager` (see `ILiquidityPoolManager`), shared by
///         the manager and its delegatecall extension.
interface IPoolManagerTypes {
    /// @notice Pool flavour.
    enum PoolKind {
        None,
        Weighted,
        Stable
    }

    /// @notice One hop of a multi-hop swap: trade the previous hop's output token into `tokenOut` in `poolId`.
    struct SwapStep {
        bytes32 poolId;
        address tokenOut;
    }

    // ---------------------------------------------------------------- events

    /// @notice Emitted when a pool is created.
    /// @param weights Normalized weights (weighted pools) or empty (stable pools).
    /// @param amp Initial amplification x AMP_PRECISION (stable pools) or zero (weighted pools).
    event PoolCreated(
        bytes32 indexed poolId,
        PoolKind indexed kind,
        address indexed lpToken,
        address[] tokens,
        uint256[] weights,
        uint256 amp,
        uint256 swapFee
    );

    /// @notice Emitted for every swap hop. The pool's `tokenIn` balance grows by `amountIn - protocolFee`, its
    ///         `tokenOut` balance shrinks by `amountOut`, and `protocolFee` of `tokenIn` is owed to the protocol.
    /// @param recipient Receiver of `amountOut`; the manager itself for intermediate hops of a multi-hop swap.
    event Swap(
        bytes32 indexed poolId,
        address indexed sender,
        address indexed recipient,
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 amountOut,
        uint256 protocolFee
    );

    /// @notice Emitted when liquidity is added. Balance i grows by `amountsIn[i] - protocolFees[i]`.
    /// @param lpMinted Shares minted to `recipient` (on the first join, `MINIMUM_LIQUIDITY` more is locked).
    event LiquidityAdded(
        bytes32 indexed poolId,
        address indexed sender,
        address indexed recipient,
        uint256[] amountsIn,
        uint256[] protocolFees,
        uint256 lpMinted
    );

    /// @notice Emitted when liquidity is removed. Balance i shrinks by `amountsOut[i] + protocolFees[i]`.
    event LiquidityRemoved(
        bytes32 indexed poolId,
        address indexed sender,
        address indexed recipient,
        uint256[] amountsOut,
        uint256[] protocolFees,
        uint256 lpBurned
    );

    /// @notice Emitted when governance changes a pool's swap fee.
    event SwapFeeChanged(bytes32 indexed poolId, uint256 oldSwapFee, uint256 newSwapFee);

    /// @notice Emitted when governance changes the protocol's share of swap fees.
    event ProtocolFeeShareChanged(uint256 oldShare, uint256 newShare);

    /// @notice Emitted when governance changes the treasury receiving protocol fees.
    event TreasuryChanged(address indexed oldTreasury, address indexed newTreasury);

    /// @notice Emitted when an amplification ramp starts; A moves linearly from `startAmp` to `endAmp`.
    event AmpRampStarted(bytes32 indexed poolId, uint256 startAmp, uint256 endAmp, uint256 startTime, uint256 endTime);

    /// @notice Emitted when an amplification ramp is stopped; A stays at `currentAmp`.
    event AmpRampStopped(bytes32 indexed poolId, uint256 currentAmp);

    /// @notice Emitted when owed protocol fees of one pool token are sent to the treasury.
    event ProtocolFeesCollected(bytes32 indexed poolId, address indexed token, uint256 amount);

    // ---------------------------------------------------------------- errors

    /// @notice Thrown when `block.timestamp` is past the caller's deadline.
    error DeadlineExpired(uint256 deadline, uint256 timestamp);
    /// @notice Thrown when a pool id does not name an existing pool.
    error PoolNotFound(bytes32 poolId);
    /// @notice Thrown when a token is not one of the pool's tokens.
    error TokenNotInPool(bytes32 poolId, address token);
    /// @notice Thrown when a swap's input and output token are the same.
    error SameToken(address token);
    /// @notice Thrown when a pool would be created with too few or too many tokens.
    error InvalidTokenCount(uint256 count, uint256 min, uint256 max);
    /// @notice Thrown when a pool token is the zero address.
    error ZeroAddressToken(uint256 index);
    /// @notice Thrown when a token appears twice in a pool.
    error DuplicateToken(address token);
    /// @notice Thrown when a token reports more than 18 decimals.
    error TokenDecimalsTooHigh(address token, uint8 decimals);
    /// @notice Thrown when two arrays that must match in length do not.
    error LengthMismatch(uint256 expected, uint256 actual);
    /// @notice Thrown when a normalized weight is below `MIN_WEIGHT`.
    error WeightTooLow(uint256 index, uint256 weight, uint256 minWeight);
    /// @notice Thrown when normalized weights do not sum to exactly 1e18.
    error WeightsSumInvalid(uint256 sum);
    /// @notice Thrown when a swap fee is outside [`MIN_SWAP_FEE`, `MAX_SWAP_FEE`].
    error SwapFeeOutOfBounds(uint256 swapFee, uint256 minFee, uint256 maxFee);
    /// @notice Thrown when an amplification is outside [`MIN_AMP`, `MAX_AMP`].
    error AmpOutOfBounds(uint256 amp, uint256 minAmp, uint256 maxAmp);
    /// @notice Thrown when the protocol fee share is above `MAX_PROTOCOL_FEE_SHARE`.
    error ProtocolFeeShareTooHigh(uint256 share, uint256 maxShare);
    /// @notice Thrown when a treasury, recipient or other required address is zero.
    error ZeroAddress();
    /// @notice Thrown when an amount that must be positive is zero.
    error ZeroAmount();
    /// @notice Thrown when `initialize` is called on a pool that already has liquidity.
    error PoolAlreadyInitialized(bytes32 poolId);
    /// @notice Thrown when a pool without liquidity is used for anything but `initialize`.
    error PoolNotInitialized(bytes32 poolId);
    /// @notice Thrown when the first join would mint no more than `MINIMUM_LIQUIDITY` shares.
    error InsufficientInitialLiquidity(uint256 lpAmount, uint256 minimum);
    /// @notice Thrown when an output (tokens or LP shares) is below the caller's minimum.
    error SlippageExceeded(uint256 amountOut, uint256 minAmountOut);
    /// @notice Thrown when an input (tokens or LP shares) is above the caller's maximum.
    error ExcessiveAmountIn(uint256 amountIn, uint256 maxAmountIn);
    /// @notice Thrown when a trade or single-sided join puts in more than the pool takes: 30% of the in-balance in a
    ///         weighted pool; in a stable pool, enough to lift the balance above `MAX_STABLE_IMBALANCE` times the
    ///         smallest other balance or above `MAX_STABLE_BALANCE` (scaled to 18 decimals). Raw token units.
    error MaxInRatioExceeded(uint256 amountIn, uint256 maxAmountIn);
    /// @notice Thrown when a trade or single-sided exit takes out more than the pool pays: 30% of the out-balance in a
    ///         weighted pool; in a stable pool, enough to leave the balance below 1/`MAX_STABLE_IMBALANCE` of the
    ///         largest other balance (scaled to 18 decimals). Raw token units.
    error MaxOutRatioExceeded(uint256 amountOut, uint256 maxAmountOut);
    /// @notice Thrown when a stable-pool operation would leave `token`'s balance below 1/`MAX_STABLE_IMBALANCE` of
    ///         the pool's largest balance (both scaled to 18 decimals). Raw units of `token`; `minBalance` rounded up.
    error StableBalanceTooLow(address token, uint256 balance, uint256 minBalance);
    /// @notice Thrown when a stable-pool operation would raise `token`'s balance above `MAX_STABLE_BALANCE` (scaled to
    ///         18 decimals). Raw units of `token`; `maxBalance` rounded down.
    error StableBalanceTooHigh(address token, uint256 balance, uint256 maxBalance);
    /// @notice Thrown when a single-sided stable join would grow the invariant D past `maxInvariant`, five times its
    ///         value before the join (Balancer's bound on unbalanced stable joins).
    error MaxInvariantRatioExceeded(uint256 invariant, uint256 maxInvariant);
    /// @notice Thrown when a trade would move a pool balance of zero.
    error ZeroPoolBalance(bytes32 poolId, address token);
    /// @notice Thrown when a pool balance or owed fee would not fit in 128 bits, or a proportional join or exit names
    ///         more than 2^128 - 1 LP shares (split larger exits).
    error BalanceOverflow(uint256 balance);
    /// @notice Thrown when a multi-hop route has no step.
    error EmptyRoute();
    /// @notice Thrown when a stable-pool-only operation targets another kind of pool.
    error NotStablePool(bytes32 poolId);
    /// @notice Thrown when an amplification ramp is shorter than `MIN_RAMP_DURATION`.
    error AmpRampTooShort(uint256 duration, uint256 minDuration);
    /// @notice Thrown when an amplification ramp changes A by more than 2x per day of its duration.
    error AmpRampTooFast(uint256 startAmp, uint256 endAmp, uint256 duration);
    /// @notice Thrown when a ramp is started while another one is still running.
    error AmpRampInProgress(bytes32 poolId, uint256 endTime);
    /// @notice Thrown when `stopAmpRamp` is called on a pool whose amplification is not ramping.
    error AmpNotRamping(bytes32 poolId);
    /// @notice Thrown when the StableSwap invariant D does not converge within the iteration bound.
    error StableInvariantDidNotConverge();
    /// @notice Thrown when a StableSwap balance does not converge within the iteration bound.
    error StableBalanceDidNotConverge();
    /// @notice Thrown when the manager's extension is called directly instead of through the manager.
    error NotDelegateCall();
    /// @notice Thrown when the StableSwap math meets a zero balance, for which the invariant is undefined.
    error StableZeroBalance();
}
