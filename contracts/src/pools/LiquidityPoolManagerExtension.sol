// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Guarded} from "../access/Guarded.sol";
import {IPoolLpToken} from "../interfaces/IPoolLpToken.sol";
import {PoolFixedPoint} from "../libraries/PoolFixedPoint.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {PoolPricing} from "./PoolPricing.sol";

/// @title LiquidityPoolManagerExtension
/// @notice The `LiquidityPoolManager`'s less frequent entry points: pool creation, initialization, single-sided
///         joins and exits (with their quotes) and the array-returning views. Every function is documented in
///         `ILiquidityPoolManager`.
/// @dev Holds no state of its own: the manager delegatecalls it for these selectors, so its code runs on the
///      manager's storage (same `PoolStorage` layout, no extra state variables), balances and roles. Calling it
///      directly reverts with `NotDelegateCall`. It exists because both halves together exceed the 24 KiB code
///      size limit; the hot paths (swaps, proportional joins and exits) and governance stay in the manager.
contract LiquidityPoolManagerExtension is PoolPricing {
    using SafeERC20 for IERC20;
    using PoolFixedPoint for uint256;

    /// @dev This contract's own address, to tell direct calls from delegatecalls.
    address private immutable _SELF;

    /// @dev The inherited role and pause state of this contract's own storage is never used; zero holders make
    ///      that explicit.
    constructor() Guarded(address(0), address(0)) {
        _SELF = address(this);
    }

    modifier onlyDelegateCall() {
        _checkDelegateCall();
        _;
    }

    /// @dev Creation parameters of either pool kind.
    struct NewPool {
        PoolKind kind;
        uint256 swapFee;
        uint256 amp;
    }

    // ---------------------------------------------------------------- creation

    /// @notice See `ILiquidityPoolManager`.
    function createWeightedPool(
        address[] calldata tokens,
        uint256[] calldata weights,
        uint256 swapFee,
        string calldata name,
        string calldata symbol
    ) external onlyDelegateCall onlyRole(PoolConstants.POOL_CREATOR_ROLE) returns (bytes32 poolId) {
        uint256 n = tokens.length;
        if (n < PoolConstants.MIN_TOKENS || n > PoolConstants.MAX_WEIGHTED_TOKENS) {
            revert InvalidTokenCount(n, PoolConstants.MIN_TOKENS, PoolConstants.MAX_WEIGHTED_TOKENS);
        }
        if (weights.length != n) revert LengthMismatch(n, weights.length);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            if (weights[i] < PoolConstants.MIN_WEIGHT) revert WeightTooLow(i, weights[i], PoolConstants.MIN_WEIGHT);
            sum += weights[i];
        }
        if (sum != 1e18) revert WeightsSumInvalid(sum);
        poolId = _createPool(tokens, weights, NewPool(PoolKind.Weighted, swapFee, 0), name, symbol);
    }

    /// @notice See `ILiquidityPoolManager`.
    function createStablePool(
        address[] calldata tokens,
        uint256 amp,
        uint256 swapFee,
        string calldata name,
        string calldata symbol
    ) external onlyDelegateCall onlyRole(PoolConstants.POOL_CREATOR_ROLE) returns (bytes32 poolId) {
        uint256 n = tokens.length;
        if (n < PoolConstants.MIN_TOKENS || n > PoolConstants.MAX_STABLE_TOKENS) {
            revert InvalidTokenCount(n, PoolConstants.MIN_TOKENS, PoolConstants.MAX_STABLE_TOKENS);
        }
        if (amp < PoolConstants.MIN_AMP || amp > PoolConstants.MAX_AMP) {
            revert AmpOutOfBounds(amp, PoolConstants.MIN_AMP, PoolConstants.MAX_AMP);
        }
        poolId = _createPool(tokens, new uint256[](0), NewPool(PoolKind.Stable, swapFee, amp), name, symbol);
    }

    function _createPool(
        address[] calldata tokens,
        uint256[] memory weights,
        NewPool memory spec,
        string calldata name,
        string calldata symbol
    ) private returns (bytes32 poolId) {
        _checkSwapFee(spec.swapFee);
        // The creation nonce makes ids unique even for identical token sets.
        poolId = keccak256(abi.encode(spec.kind, tokens, _poolIds.length));
        address lp = _lpTokenDeployer.deploy(name, symbol, poolId);
        uint64 exponents = _registerTokens(poolId, tokens, weights);
        _pools[poolId] =
            PoolConfig({kind: spec.kind, tokenCount: uint8(tokens.length), swapFee: uint64(spec.swapFee), lpToken: lp});
        _params[poolId] = PoolParams({
            startAmp: uint32(spec.amp),
            endAmp: uint32(spec.amp),
            startTime: uint40(block.timestamp),
            endTime: uint40(block.timestamp),
            scalingExponents: exponents
        });
        _poolIds.push(poolId);
        emit PoolCreated(poolId, spec.kind, lp, tokens, weights, spec.amp, spec.swapFee);
    }

    /// @dev Validates and indexes the tokens; returns their packed scaling exponents. `weights` is empty for
    ///      stable pools.
    function _registerTokens(bytes32 poolId, address[] calldata tokens, uint256[] memory weights)
        private
        returns (uint64 exponents)
    {
        mapping(address => TokenInfo) storage infos = _tokenInfo[poolId];
        address[8] storage list = _tokens[poolId];
        bool weighted = weights.length != 0;
        for (uint256 i; i < tokens.length; ++i) {
            address token = tokens[i];
            if (token == address(0)) revert ZeroAddressToken(i);
            if (infos[token].indexPlusOne != 0) revert DuplicateToken(token);
            uint8 decimals = IERC20Metadata(token).decimals();
            if (decimals > 18) revert TokenDecimalsTooHigh(token, decimals);
            uint8 exponent = 18 - decimals;
            exponents |= uint64(exponent) << uint64(8 * i);
            infos[token] = TokenInfo({
                indexPlusOne: uint8(i + 1),
                scalingExponent: exponent,
                weight: weighted ? uint64(weights[i]) : 0
            });
            list[i] = token;
        }
    }

    // ---------------------------------------------------------------- liquidity

    /// @notice See `ILiquidityPoolManager`.
    function initialize(bytes32 poolId, uint256[] calldata amountsIn, address recipient, uint256 deadline)
        external
        onlyDelegateCall
        nonReentrant
        returns (uint256 lpOut)
    {
        _checkActive(deadline, recipient);
        PoolConfig memory pool = _loadPool(poolId);
        uint256 n = pool.tokenCount;
        if (amountsIn.length != n) revert LengthMismatch(n, amountsIn.length);
        if (_lpTotalSupply(pool) != 0) revert PoolAlreadyInitialized(poolId);
        PoolParams memory params = _params[poolId];
        TokenBalance[8] storage balances = _balances[poolId];
        uint256[] memory xp = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 amount = amountsIn[i];
            if (amount == 0) revert ZeroAmount();
            balances[i] = TokenBalance({balance: _toUint128(amount), protocolFees: 0});
            xp[i] = amount * 10 ** _scalingExponent(params, i);
        }
        if (pool.kind == PoolKind.Stable) _checkStableBalances(poolId, params, xp);
        // Initial shares equal the invariant, so later joins and exits scale shares with the invariant.
        uint256 invariant = _invariant(poolId, pool, params, xp);
        if (invariant <= PoolConstants.MINIMUM_LIQUIDITY) {
            revert InsufficientInitialLiquidity(invariant, PoolConstants.MINIMUM_LIQUIDITY);
        }
        lpOut = invariant - PoolConstants.MINIMUM_LIQUIDITY;
        IPoolLpToken(pool.lpToken).mint(PoolConstants.DEAD_ADDRESS, PoolConstants.MINIMUM_LIQUIDITY);
        IPoolLpToken(pool.lpToken).mint(recipient, lpOut);
        _pullAll(poolId, amountsIn);
        emit LiquidityAdded(poolId, msg.sender, recipient, amountsIn, new uint256[](n), lpOut);
    }

    /// @notice See `ILiquidityPoolManager`.
    function addLiquiditySingle(
        bytes32 poolId,
        address tokenIn,
        uint256 amountIn,
        uint256 minLpOut,
        address recipient,
        uint256 deadline
    ) external onlyDelegateCall nonReentrant returns (uint256 lpOut) {
        _checkActive(deadline, recipient);
        SingleResult memory r = _computeAddSingle(poolId, tokenIn, amountIn);
        _requireAllTradable(poolId, r.pool.tokenCount);
        lpOut = r.amount;
        if (lpOut == 0) revert ZeroAmount();
        if (lpOut < minLpOut) revert SlippageExceeded(lpOut, minLpOut);
        uint256[] memory protocolFees = _applySingle(poolId, r, amountIn, true);
        IPoolLpToken(r.pool.lpToken).mint(recipient, lpOut);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        uint256[] memory amountsIn = new uint256[](r.fees.length);
        amountsIn[r.index] = amountIn;
        emit LiquidityAdded(poolId, msg.sender, recipient, amountsIn, protocolFees, lpOut);
    }

    /// @notice See `ILiquidityPoolManager`.
    function removeLiquiditySingle(
        bytes32 poolId,
        uint256 lpAmountIn,
        address tokenOut,
        uint256 minAmountOut,
        address recipient,
        uint256 deadline
    ) external onlyDelegateCall nonReentrant returns (uint256 amountOut) {
        _checkActive(deadline, recipient);
        SingleResult memory r = _computeRemoveSingle(poolId, lpAmountIn, tokenOut);
        _requireAllTradable(poolId, r.pool.tokenCount);
        amountOut = r.amount;
        if (amountOut < minAmountOut) revert SlippageExceeded(amountOut, minAmountOut);
        uint256[] memory protocolFees = _applySingle(poolId, r, amountOut, false);
        IPoolLpToken(r.pool.lpToken).burn(msg.sender, lpAmountIn);
        if (amountOut != 0) IERC20(tokenOut).safeTransfer(recipient, amountOut);
        uint256[] memory amountsOut = new uint256[](r.fees.length);
        amountsOut[r.index] = amountOut;
        emit LiquidityRemoved(poolId, msg.sender, recipient, amountsOut, protocolFees, lpAmountIn);
    }

    // ---------------------------------------------------------------- views

    /// @notice See `ILiquidityPoolManager`.
    function getPoolState(bytes32 poolId)
        external
        view
        returns (
            address[] memory tokens,
            uint256[] memory balances,
            uint256[] memory weights,
            uint256 amp,
            uint256 swapFee
        )
    {
        PoolConfig memory pool = _loadPool(poolId);
        uint256 n = pool.tokenCount;
        tokens = new address[](n);
        balances = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            tokens[i] = _tokens[poolId][i];
            balances[i] = _balances[poolId][i].balance;
        }
        if (pool.kind == PoolKind.Weighted) {
            weights = _weights(poolId, n);
        } else {
            weights = new uint256[](n);
            amp = _currentAmp(_params[poolId]);
        }
        swapFee = pool.swapFee;
    }

    /// @notice See `ILiquidityPoolManager`.
    function protocolFeesOwed(bytes32 poolId) external view returns (uint256[] memory fees) {
        uint256 n = _loadPool(poolId).tokenCount;
        fees = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            fees[i] = _balances[poolId][i].protocolFees;
        }
    }

    /// @notice See `ILiquidityPoolManager`.
    function ampRamp(bytes32 poolId)
        external
        view
        returns (uint256 startAmp, uint256 endAmp, uint256 startTime, uint256 endTime)
    {
        if (_loadPool(poolId).kind != PoolKind.Stable) revert NotStablePool(poolId);
        PoolParams memory params = _params[poolId];
        return (params.startAmp, params.endAmp, params.startTime, params.endTime);
    }

    /// @notice See `ILiquidityPoolManager`.
    function quoteAddLiquiditySingle(bytes32 poolId, address tokenIn, uint256 amountIn)
        external
        view
        returns (uint256 lpOut)
    {
        return _computeAddSingle(poolId, tokenIn, amountIn).amount;
    }

    /// @notice See `ILiquidityPoolManager`.
    function quoteRemoveLiquiditySingle(bytes32 poolId, uint256 lpAmountIn, address tokenOut)
        external
        view
        returns (uint256 amountOut)
    {
        return _computeRemoveSingle(poolId, lpAmountIn, tokenOut).amount;
    }

    /// @notice See `ILiquidityPoolManager`.
    function getInvariant(bytes32 poolId) external view returns (uint256 invariant) {
        PoolConfig memory pool = _loadPool(poolId);
        PoolParams memory params = _params[poolId];
        return _invariant(poolId, pool, params, _scaledBalances(poolId, pool.tokenCount, params));
    }

    // ---------------------------------------------------------------- internals

    /// @dev The modifier's body, kept out of line: five copies of it would cost more code than the calls.
    function _checkDelegateCall() private view {
        if (address(this) == _SELF) revert NotDelegateCall();
    }

    /// @dev Writes a priced single-sided join (`amount` in) or exit (`amount` out) back; returns the protocol fees
    ///      taken per token.
    function _applySingle(bytes32 poolId, SingleResult memory r, uint256 amount, bool isJoin)
        private
        returns (uint256[] memory protocolFees)
    {
        uint256 share = _globals.protocolFeeShare;
        uint256 n = r.fees.length;
        protocolFees = new uint256[](n);
        TokenBalance[8] storage balances = _balances[poolId];
        for (uint256 k; k < n; ++k) {
            uint256 protocolFee = r.fees[k].mulDown(share);
            if (k != r.index && protocolFee == 0) continue;
            TokenBalance memory b = balances[k];
            uint256 balance = b.balance;
            if (k == r.index) balance = isJoin ? balance + amount : balance - amount;
            protocolFees[k] = protocolFee;
            balances[k] = TokenBalance({
                balance: _toUint128(balance - protocolFee),
                protocolFees: _toUint128(b.protocolFees + protocolFee)
            });
        }
    }
}
