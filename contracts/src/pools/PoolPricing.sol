// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PoolConstants} from "./PoolConstants.sol";
import {PoolStorage} from "./PoolStorage.sol";
import {PoolFixedPoint} from "../libraries/PoolFixedPoint.sol";
import {StableMath} from "../libraries/StableMath.sol";
import {WeightedMath} from "../libraries/WeightedMath.sol";

/// @title PoolPricing
/// @notice Pricing of swaps and single-sided joins and exits, shared by the manager and its extension.
/// @dev Every state-changing path prices through the `_compute*` functions below and the matching quote views
///      call exactly the same functions, so a quote always equals the executed amount in the same block.
abstract contract PoolPricing is PoolStorage {
    using PoolFixedPoint for uint256;

    /// @dev Priced swap, with the two balance slots as loaded so the caller can write them back directly.
    struct SwapResult {
        uint256 indexIn;
        uint256 indexOut;
        uint256 amountIn;
        uint256 amountOut;
        uint256 fee;
        TokenBalance balanceIn;
        TokenBalance balanceOut;
    }

    /// @dev Priced single-sided join or exit. `fees` are the full swap fees charged per token (raw units).
    struct SingleResult {
        PoolConfig pool;
        uint256 index;
        uint256 amount;
        uint256[] fees;
    }

    // ---------------------------------------------------------------- pricing

    /// @dev Prices a swap of `amount` (input if `exactIn`, else output). The fee is charged on the input:
    ///      exact-in keeps amount - ceil(amount x fee) for the curve; exact-out grosses the curve's input up to
    ///      ceil(net / (1 - fee)).
    function _computeSwap(bytes32 poolId, address tokenIn, address tokenOut, uint256 amount, bool exactIn)
        internal
        view
        returns (SwapResult memory r)
    {
        if (amount == 0) revert ZeroAmount();
        if (tokenIn == tokenOut) revert SameToken(tokenIn);
        PoolConfig memory pool = _loadPool(poolId);
        TokenInfo memory infoIn = _loadToken(poolId, tokenIn);
        TokenInfo memory infoOut = _loadToken(poolId, tokenOut);
        unchecked {
            r.indexIn = infoIn.indexPlusOne - 1;
            r.indexOut = infoOut.indexPlusOne - 1;
        }
        TokenBalance[8] storage balances = _balances[poolId];
        r.balanceIn = balances[r.indexIn];
        r.balanceOut = balances[r.indexOut];
        uint256 balanceIn = r.balanceIn.balance;
        uint256 balanceOut = r.balanceOut.balance;
        if (balanceIn == 0) revert ZeroPoolBalance(poolId, tokenIn);
        if (balanceOut == 0) revert ZeroPoolBalance(poolId, tokenOut);

        if (exactIn) {
            r.amountIn = amount;
            r.fee = amount.mulUp(pool.swapFee);
            if (pool.kind == PoolKind.Weighted) {
                uint256 maxIn = balanceIn.mulDown(WeightedMath.MAX_IN_RATIO);
                if (amount > maxIn) revert MaxInRatioExceeded(amount, maxIn);
                r.amountOut =
                    WeightedMath.calcOutGivenIn(balanceIn, infoIn.weight, balanceOut, infoOut.weight, amount - r.fee);
            } else {
                r.amountOut = _stableOutGivenIn(poolId, pool.tokenCount, r, amount - r.fee);
            }
        } else {
            r.amountOut = amount;
            uint256 net;
            if (pool.kind == PoolKind.Weighted) {
                uint256 maxOut = balanceOut.mulDown(WeightedMath.MAX_OUT_RATIO);
                if (amount > maxOut) revert MaxOutRatioExceeded(amount, maxOut);
                net = WeightedMath.calcInGivenOut(balanceIn, infoIn.weight, balanceOut, infoOut.weight, amount);
            } else {
                if (amount >= balanceOut) revert InsufficientPoolBalance(amount, balanceOut);
                net = _stableInGivenOut(poolId, pool.tokenCount, r, amount);
            }
            r.amountIn = net.divUp(PoolFixedPoint.ONE - pool.swapFee);
            r.fee = r.amountIn - net;
        }
    }

    function _stableOutGivenIn(bytes32 poolId, uint256 n, SwapResult memory r, uint256 netIn)
        private
        view
        returns (uint256)
    {
        PoolParams memory params = _params[poolId];
        uint256[] memory xp = _scaledBalances(poolId, n, params);
        uint256 dy = StableMath.calcOutGivenIn(
            _currentAmp(params), xp, r.indexIn, r.indexOut, netIn * 10 ** _scalingExponent(params, r.indexIn)
        );
        return dy / 10 ** _scalingExponent(params, r.indexOut);
    }

    function _stableInGivenOut(bytes32 poolId, uint256 n, SwapResult memory r, uint256 amountOut)
        private
        view
        returns (uint256)
    {
        PoolParams memory params = _params[poolId];
        uint256[] memory xp = _scaledBalances(poolId, n, params);
        uint256 dx = StableMath.calcInGivenOut(
            _currentAmp(params), xp, r.indexIn, r.indexOut, amountOut * 10 ** _scalingExponent(params, r.indexOut)
        );
        uint256 scale = 10 ** _scalingExponent(params, r.indexIn);
        return (dx + scale - 1) / scale;
    }

    /// @dev Prices a single-token join of `amountIn` of `tokenIn` (`amount` = shares to mint).
    function _computeAddSingle(bytes32 poolId, address tokenIn, uint256 amountIn)
        internal
        view
        returns (SingleResult memory r)
    {
        if (amountIn == 0) revert ZeroAmount();
        r.pool = _loadPool(poolId);
        TokenInfo memory info = _loadToken(poolId, tokenIn);
        r.index = info.indexPlusOne - 1;
        uint256 supply = _lpTotalSupply(r.pool);
        if (supply == 0) revert PoolNotInitialized(poolId);
        uint256 n = r.pool.tokenCount;
        r.fees = new uint256[](n);
        if (r.pool.kind == PoolKind.Weighted) {
            uint256 balance = _balances[poolId][r.index].balance;
            uint256 maxIn = balance.mulDown(WeightedMath.MAX_IN_RATIO);
            if (amountIn > maxIn) revert MaxInRatioExceeded(amountIn, maxIn);
            (r.amount, r.fees[r.index]) =
                WeightedMath.calcLpOutGivenExactTokenIn(balance, info.weight, amountIn, supply, r.pool.swapFee);
        } else {
            PoolParams memory params = _params[poolId];
            uint256[] memory xp = _scaledBalances(poolId, n, params);
            uint256[] memory amounts = new uint256[](n);
            amounts[r.index] = amountIn * 10 ** _scalingExponent(params, r.index);
            uint256[] memory scaledFees;
            (r.amount, scaledFees) =
                StableMath.calcLpOutGivenExactTokensIn(_currentAmp(params), xp, amounts, supply, r.pool.swapFee);
            for (uint256 k; k < n; ++k) {
                r.fees[k] = scaledFees[k] / 10 ** _scalingExponent(params, k);
            }
        }
    }

    /// @dev Prices a single-token exit burning `lpAmountIn` shares (`amount` = tokens to pay).
    function _computeRemoveSingle(bytes32 poolId, uint256 lpAmountIn, address tokenOut)
        internal
        view
        returns (SingleResult memory r)
    {
        if (lpAmountIn == 0) revert ZeroAmount();
        r.pool = _loadPool(poolId);
        TokenInfo memory info = _loadToken(poolId, tokenOut);
        r.index = info.indexPlusOne - 1;
        uint256 supply = _lpTotalSupply(r.pool);
        if (supply == 0) revert PoolNotInitialized(poolId);
        // The locked minimum liquidity can never be burned, so neither can the whole supply.
        uint256 maxLpIn = supply - PoolConstants.MINIMUM_LIQUIDITY;
        if (lpAmountIn > maxLpIn) revert ExcessiveAmountIn(lpAmountIn, maxLpIn);
        uint256 n = r.pool.tokenCount;
        r.fees = new uint256[](n);
        if (r.pool.kind == PoolKind.Weighted) {
            uint256 balance = _balances[poolId][r.index].balance;
            (r.amount, r.fees[r.index]) =
                WeightedMath.calcTokenOutGivenExactLpIn(balance, info.weight, lpAmountIn, supply, r.pool.swapFee);
            uint256 maxOut = balance.mulDown(WeightedMath.MAX_OUT_RATIO);
            if (r.amount > maxOut) revert MaxOutRatioExceeded(r.amount, maxOut);
        } else {
            PoolParams memory params = _params[poolId];
            uint256[] memory xp = _scaledBalances(poolId, n, params);
            (uint256 dy, uint256 fee) = StableMath.calcTokenOutGivenExactLpIn(
                _currentAmp(params), xp, r.index, lpAmountIn, supply, r.pool.swapFee
            );
            uint256 scale = 10 ** _scalingExponent(params, r.index);
            r.amount = dy / scale;
            r.fees[r.index] = fee / scale;
        }
    }

    /// @dev The invariant of scaled balances `xp` (see `getInvariant`).
    function _invariant(bytes32 poolId, PoolConfig memory pool, PoolParams memory params, uint256[] memory xp)
        internal
        view
        returns (uint256)
    {
        if (pool.kind == PoolKind.Weighted) return WeightedMath.calcInvariant(_weights(poolId, xp.length), xp);
        for (uint256 i; i < xp.length; ++i) {
            if (xp[i] == 0) return 0;
        }
        return StableMath.calcInvariant(_currentAmp(params), xp);
    }

    function _weights(bytes32 poolId, uint256 n) internal view returns (uint256[] memory weights) {
        weights = new uint256[](n);
        address[8] storage tokens = _tokens[poolId];
        mapping(address => TokenInfo) storage infos = _tokenInfo[poolId];
        for (uint256 i; i < n; ++i) {
            weights[i] = infos[tokens[i]].weight;
        }
    }
}
