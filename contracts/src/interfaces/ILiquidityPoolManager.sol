// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPriceOracle} from "./IPriceOracle.sol";
import {IPoolManagerTypes} from "./IPoolManagerTypes.sol";

/// @title ILiquidityPoolManager
/// @notice Fluxion's AMM: a singleton vault holding the tokens of every weighted (Balancer-style) and stable
///         (Curve StableSwap) pool, with one ERC20 LP token per pool.
/// @dev Amounts are raw token units. Fixed-point values (weights, fees, shares) use 1e18 = 100%. Amplification
///      values are A x `AMP_PRECISION` (1e3), so A = 200 is passed and reported as 200_000.
///      Fee-on-transfer and rebasing tokens are unsupported: the manager credits the amounts it asked for.
///      Every balance change is visible in events: `Swap` (in: +amountIn - protocolFee, out: -amountOut),
///      `LiquidityAdded` (+amountsIn - protocolFees), `LiquidityRemoved` (-amountsOut - protocolFees).
///      Stable-pool bounds: swaps, single-sided joins and exits and the first join never leave a balance below 1%
///      of the pool's largest (`MAX_STABLE_IMBALANCE`) nor any balance above `MAX_STABLE_BALANCE` (1e15 whole
///      tokens), both on balances scaled to 18 decimals; proportional joins keep the ratios but respect the ceiling.
///      Past these the StableSwap math can overflow (one swap leaving 2 wei made every later quote panic). Every
///      size limit is checked before the math, so any amount up to 2^256 - 1 gets a custom error, never a `Panic`.
interface ILiquidityPoolManager is IPoolManagerTypes {
    // ---------------------------------------------------------------- pool creation

    /// @notice Creates a weighted pool (invariant prod(B_i^w_i)) and its LP token.
    /// @param tokens 2 to 8 distinct tokens with at most 18 decimals.
    /// @param weights Normalized weights, each >= 1e16 (1%), summing to exactly 1e18.
    /// @param swapFee Fee on every trade's input, in [1e12, 1e17] (0.0001% to 10%).
    /// @param name LP token name.
    /// @param symbol LP token symbol.
    /// @return poolId keccak256 of (kind, tokens, creation nonce).
    /// @dev Only `POOL_CREATOR_ROLE`.
    function createWeightedPool(
        address[] calldata tokens,
        uint256[] calldata weights,
        uint256 swapFee,
        string calldata name,
        string calldata symbol
    ) external returns (bytes32 poolId);

    /// @notice Creates a StableSwap pool and its LP token.
    /// @param tokens 2 to 5 distinct tokens with at most 18 decimals (scaled to 18 for the math).
    /// @param amp Amplification A x AMP_PRECISION, in [1e3, 5e6].
    /// @param swapFee Fee on every trade's input, in [1e12, 1e17].
    /// @param name LP token name.
    /// @param symbol LP token symbol.
    /// @return poolId keccak256 of (kind, tokens, creation nonce).
    /// @dev Only `POOL_CREATOR_ROLE`.
    function createStablePool(
        address[] calldata tokens,
        uint256 amp,
        uint256 swapFee,
        string calldata name,
        string calldata symbol
    ) external returns (bytes32 poolId);

    // ---------------------------------------------------------------- liquidity

    /// @notice First join: deposits any positive amount of every token and mints the initial shares, of which
    ///         `MINIMUM_LIQUIDITY` are locked forever at a dead address against share-inflation attacks. Stable pools
    ///         take amounts within their bounds only (`StableBalanceTooLow`, `StableBalanceTooHigh`).
    /// @param amountsIn Amount of every pool token, in pool token order.
    /// @return lpOut Shares minted to `recipient`.
    function initialize(bytes32 poolId, uint256[] calldata amountsIn, address recipient, uint256 deadline)
        external
        returns (uint256 lpOut);

    /// @notice Proportional join: mints exactly `lpAmountOut` shares (at most 2^128 - 1) for the matching share of
    ///         every balance. Stable pools refuse a join that lifts a balance above `MAX_STABLE_BALANCE`.
    /// @param maxAmountsIn Per-token maximum the caller pays, in pool token order.
    /// @return amountsIn Amounts paid, rounded up.
    function addLiquidity(
        bytes32 poolId,
        uint256[] calldata maxAmountsIn,
        uint256 lpAmountOut,
        address recipient,
        uint256 deadline
    ) external returns (uint256[] memory amountsIn);

    /// @notice Single-sided join: deposits `amountIn` of `tokenIn` for shares. The swap fee is charged on the
    ///         part of the deposit that is not proportional to the pool (weighted: Balancer's exact-tokens-in join;
    ///         stable: Curve's `add_liquidity` imbalance fee of swapFee x n / (4(n-1)) on every token).
    ///         Reverts with the oracle's `CircuitBroken` if any pool token's breaker is tripped: the deposit is
    ///         in effect traded against every token of the pool. Weighted pools take at most 30% of the balance;
    ///         stable pools up to `MAX_STABLE_IMBALANCE` times the smallest other balance, within the stable-pool
    ///         bounds after the fees, and growing D at most fivefold (`MaxInvariantRatioExceeded`).
    /// @return lpOut Shares minted to `recipient`.
    function addLiquiditySingle(
        bytes32 poolId,
        address tokenIn,
        uint256 amountIn,
        uint256 minLpOut,
        address recipient,
        uint256 deadline
    ) external returns (uint256 lpOut);

    /// @notice Proportional exit: burns `lpAmountIn` of the caller's shares (at most the supply less the locked
    ///         `MINIMUM_LIQUIDITY`, and at most 2^128 - 1 per call) for the matching share of every balance, rounded
    ///         down. Works while paused so LPs can always leave.
    /// @return amountsOut Amounts paid to `recipient`, in pool token order.
    function removeLiquidity(
        bytes32 poolId,
        uint256 lpAmountIn,
        uint256[] calldata minAmountsOut,
        address recipient,
        uint256 deadline
    ) external returns (uint256[] memory amountsOut);

    /// @notice Single-sided exit: burns `lpAmountIn` of the caller's shares for `tokenOut` only, charging the
    ///         swap fee on the non-proportional part. Weighted exits may take at most 30% of the balance; stable
    ///         exits may not leave it below 1% of the pool's largest. Like `addLiquiditySingle`, checks the
    ///         circuit breaker of every pool token.
    /// @return amountOut Amount of `tokenOut` paid to `recipient`.
    function removeLiquiditySingle(
        bytes32 poolId,
        uint256 lpAmountIn,
        address tokenOut,
        uint256 minAmountOut,
        address recipient,
        uint256 deadline
    ) external returns (uint256 amountOut);

    // ---------------------------------------------------------------- swaps

    /// @notice Sells exactly `amountIn` of `tokenIn` for `tokenOut`. Weighted pools accept at most 30% of the
    ///         in-balance; stable pools up to `MAX_STABLE_IMBALANCE` times the smallest other balance (and
    ///         `MAX_STABLE_BALANCE`), and only if the output leaves `tokenOut` at 1% of the largest balance or more.
    ///         Reverts with the oracle's `CircuitBroken` if either token's breaker is tripped.
    /// @return amountOut Amount paid to `recipient` (equal to `quoteSwap`).
    function swapExactIn(
        bytes32 poolId,
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 minAmountOut,
        address recipient,
        uint256 deadline
    ) external returns (uint256 amountOut);

    /// @notice Buys exactly `amountOut` of `tokenOut` with `tokenIn`. Weighted pools pay at most 30% of the
    ///         out-balance; stable pools leave at least 1% of the largest other balance, and only if the input keeps
    ///         every balance within the stable-pool bounds.
    /// @return amountIn Amount taken from the caller (equal to `quoteSwapExactOut`).
    function swapExactOut(
        bytes32 poolId,
        address tokenIn,
        address tokenOut,
        uint256 amountOut,
        uint256 maxAmountIn,
        address recipient,
        uint256 deadline
    ) external returns (uint256 amountIn);

    /// @notice Sells exactly `amountIn` of `tokenIn` through `route`; intermediate amounts stay in the manager.
    /// @return amountOut Amount of the last step's `tokenOut` paid to `recipient`.
    function swapExactInMultiHop(
        address tokenIn,
        SwapStep[] calldata route,
        uint256 amountIn,
        uint256 minAmountOut,
        address recipient,
        uint256 deadline
    ) external returns (uint256 amountOut);

    /// @notice Buys exactly `amountOut` of the last step's `tokenOut`, computing the route backwards.
    /// @return amountIn Amount of `tokenIn` taken from the caller.
    function swapExactOutMultiHop(
        address tokenIn,
        SwapStep[] calldata route,
        uint256 amountOut,
        uint256 maxAmountIn,
        address recipient,
        uint256 deadline
    ) external returns (uint256 amountIn);

    // ---------------------------------------------------------------- fees and governance

    /// @notice Sends every token's owed protocol fees of `poolId` to the treasury. Permissionless.
    function collectProtocolFees(bytes32 poolId) external;

    /// @notice Sets a pool's swap fee.
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setSwapFee(bytes32 poolId, uint256 swapFee) external;

    /// @notice Sets the protocol's share of every swap fee, at most `MAX_PROTOCOL_FEE_SHARE`.
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setProtocolFeeShare(uint256 share) external;

    /// @notice Sets the address receiving collected protocol fees.
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setTreasury(address treasury) external;

    /// @notice Starts moving a stable pool's amplification linearly from its current value to `endAmp` at
    ///         `endTime`. The ramp lasts at least `MIN_RAMP_DURATION` and changes A at most 2x per day of its
    ///         duration (2x needs 1 day, 4x needs 2 days).
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function rampAmp(bytes32 poolId, uint256 endAmp, uint256 endTime) external;

    /// @notice Freezes a ramping amplification at its current value.
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function stopAmpRamp(bytes32 poolId) external;

    // ---------------------------------------------------------------- views

    /// @notice A pool's tokens, balances (excluding owed protocol fees), weights (zeros for stable pools),
    ///         current amplification x AMP_PRECISION (zero for weighted pools) and swap fee.
    function getPoolState(bytes32 poolId)
        external
        view
        returns (
            address[] memory tokens,
            uint256[] memory balances,
            uint256[] memory weights,
            uint256 amp,
            uint256 swapFee
        );

    /// @notice Exactly what `swapExactIn` would pay now.
    function quoteSwap(bytes32 poolId, address tokenIn, address tokenOut, uint256 amountIn)
        external
        view
        returns (uint256 amountOut);

    /// @notice Exactly what `swapExactOut` would take now.
    function quoteSwapExactOut(bytes32 poolId, address tokenIn, address tokenOut, uint256 amountOut)
        external
        view
        returns (uint256 amountIn);

    /// @notice Exactly the shares `addLiquiditySingle` would mint now.
    function quoteAddLiquiditySingle(bytes32 poolId, address tokenIn, uint256 amountIn)
        external
        view
        returns (uint256 lpOut);

    /// @notice Exactly the amount `removeLiquiditySingle` would pay now.
    function quoteRemoveLiquiditySingle(bytes32 poolId, uint256 lpAmountIn, address tokenOut)
        external
        view
        returns (uint256 amountOut);

    /// @notice The pool's invariant on balances scaled to 18 decimals: prod(B_i^w_i) for weighted pools (rounded
    ///         down), the StableSwap D at the current amplification for stable pools.
    function getInvariant(bytes32 poolId) external view returns (uint256 invariant);

    /// @notice The LP token of `poolId`.
    function lpToken(bytes32 poolId) external view returns (address);

    /// @notice The kind of `poolId` (`None` for unknown ids).
    function poolKind(bytes32 poolId) external view returns (PoolKind);

    /// @notice Protocol fees owed (not yet collected) per pool token, in pool token order.
    function protocolFeesOwed(bytes32 poolId) external view returns (uint256[] memory fees);

    /// @notice The amplification ramp of a stable pool (start == end when not ramping).
    function ampRamp(bytes32 poolId)
        external
        view
        returns (uint256 startAmp, uint256 endAmp, uint256 startTime, uint256 endTime);

    /// @notice Number of pools created.
    function poolCount() external view returns (uint256);

    /// @notice The id of the `index`-th pool created.
    function poolIdAt(uint256 index) external view returns (bytes32);

    /// @notice Oracle whose circuit breaker gates every swap and single-sided join or exit.
    function oracle() external view returns (IPriceOracle);

    /// @notice Address receiving collected protocol fees.
    function treasury() external view returns (address);

    /// @notice Share of every swap fee owed to the protocol (1e18 = 100%).
    function protocolFeeShare() external view returns (uint256);
}
