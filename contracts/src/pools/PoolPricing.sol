// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
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
    ///      ceil(net / (1 - fee)). Every size limit is checked before the first multiplication, so no amount, up to
    ///      2^256 - 1, can overflow the math.
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

        if (pool.kind != PoolKind.Weighted) {
            _stableSwap(poolId, pool, r, amount, exactIn);
        } else if (exactIn) {
            uint256 maxIn = balanceIn.mulDown(WeightedMath.MAX_IN_RATIO);
            if (amount > maxIn) revert MaxInRatioExceeded(amount, maxIn);
            r.amountIn = amount;
            r.fee = amount.mulUp(pool.swapFee);
            r.amountOut =
                WeightedMath.calcOutGivenIn(balanceIn, infoIn.weight, balanceOut, infoOut.weight, amount - r.fee);
        } else {
            uint256 maxOut = balanceOut.mulDown(WeightedMath.MAX_OUT_RATIO);
            if (amount > maxOut) revert MaxOutRatioExceeded(amount, maxOut);
            r.amountOut = amount;
            uint256 net = WeightedMath.calcInGivenOut(balanceIn, infoIn.weight, balanceOut, infoOut.weight, amount);
            _grossUp(r, pool, net);
        }
    }

    /// @dev Sets the input that leaves `net` for the curve after the fee, ceil(net / (1 - fee)), and the fee.
    function _grossUp(SwapResult memory r, PoolConfig memory pool, uint256 net) private pure {
        r.amountIn = net.divUp(PoolFixedPoint.ONE - pool.swapFee);
        r.fee = r.amountIn - net;
    }

    /// @dev Prices a stable-pool swap into `r` within the pool's balance bounds: every balance at most
    ///      `MAX_STABLE_BALANCE` and at least 1/`MAX_STABLE_IMBALANCE` of the largest. Only the traded pair moves, so
    ///      one pass over the pool gives both checks what they need: the side the caller names is bounded before the
    ///      math (so no amount, up to 2^256 - 1, reaches it unbounded), the side the curve sets after it. The input is
    ///      counted in full: the protocol's share of the fee leaves the pool, so the stored in-balance is at most that
    ///      (and a balance that rises never falls below the bound).
    function _stableSwap(bytes32 poolId, PoolConfig memory pool, SwapResult memory r, uint256 amount, bool exactIn)
        private
        view
    {
        PoolParams memory params = _params[poolId];
        (uint256[] memory xp, StableBounds memory b) = _stableBounds(poolId, pool.tokenCount, params, r);
        if (exactIn) {
            uint256 limit = Math.min(PoolConstants.MAX_STABLE_BALANCE, b.smallest * PoolConstants.MAX_STABLE_IMBALANCE);
            uint256 maxIn = _saturatingSub(limit / b.scaleIn, r.balanceIn.balance);
            if (amount > maxIn) revert MaxInRatioExceeded(amount, maxIn);
            r.amountIn = amount;
            r.fee = amount.mulUp(pool.swapFee);
            uint256 dy = StableMath.calcOutGivenIn(
                _currentAmp(params), xp, r.indexIn, r.indexOut, (amount - r.fee) * b.scaleIn
            );
            r.amountOut = dy / b.scaleOut;
        } else {
            uint256 maxOut = _saturatingSub(r.balanceOut.balance, _floorOf(b.largest, b.scaleOut));
            if (amount > maxOut) revert MaxOutRatioExceeded(amount, maxOut);
            r.amountOut = amount;
            uint256 dx =
                StableMath.calcInGivenOut(_currentAmp(params), xp, r.indexIn, r.indexOut, amount * b.scaleOut);
            _grossUp(r, pool, _ceilDiv(dx, b.scaleIn));
        }
        _checkStableSwap(poolId, params, r, b);
    }

    /// @dev A stable swap's pair scales, and before it, the smallest scaled balance other than the input's and the
    ///      largest other than the output's.
    struct StableBounds {
        uint256 scaleIn;
        uint256 scaleOut;
        uint256 smallest;
        uint256 smallestAt;
        uint256 largest;
    }

    /// @dev `_scaledBalances` for a swap, with its bounds gathered in the same pass.
    function _stableBounds(bytes32 poolId, uint256 n, PoolParams memory params, SwapResult memory r)
        private
        view
        returns (uint256[] memory xp, StableBounds memory b)
    {
        TokenBalance[8] storage balances = _balances[poolId];
        xp = new uint256[](n);
        b.smallest = type(uint256).max;
        for (uint256 k; k < n; ++k) {
            uint256 scale = 10 ** _scalingExponent(params, k);
            uint256 x = uint256(balances[k].balance) * scale;
            xp[k] = x;
            if (k == r.indexIn) b.scaleIn = scale;
            else if (x < b.smallest) (b.smallest, b.smallestAt) = (x, k);
            if (k == r.indexOut) b.scaleOut = scale;
            else if (x > b.largest) b.largest = x;
        }
    }

    /// @dev After a stable swap. Exact-in already bounded the input against every other balance, exact-out the output
    ///      against every other; what is left to check is the pair against the ceiling and against the others.
    function _checkStableSwap(bytes32 poolId, PoolParams memory params, SwapResult memory r, StableBounds memory b)
        private
        view
    {
        uint256 xIn = (r.balanceIn.balance + r.amountIn) * b.scaleIn;
        uint256 xOut = (r.balanceOut.balance - r.amountOut) * b.scaleOut;
        if (xIn > PoolConstants.MAX_STABLE_BALANCE) {
            revert StableBalanceTooHigh(
                _tokens[poolId][r.indexIn], xIn / b.scaleIn, PoolConstants.MAX_STABLE_BALANCE / b.scaleIn
            );
        }
        uint256 top = Math.max(xIn, b.largest);
        if (xOut * PoolConstants.MAX_STABLE_IMBALANCE < top) {
            revert StableBalanceTooLow(_tokens[poolId][r.indexOut], xOut / b.scaleOut, _floorOf(top, b.scaleOut));
        }
        if (b.smallest * PoolConstants.MAX_STABLE_IMBALANCE < xIn) {
            uint256 scale = 10 ** _scalingExponent(params, b.smallestAt);
            revert StableBalanceTooLow(_tokens[poolId][b.smallestAt], b.smallest / scale, _floorOf(xIn, scale));
        }
    }

    /// @dev The smallest raw balance of a token with `scale` that keeps it at or above 1/`MAX_STABLE_IMBALANCE` of
    ///      the scaled balance `largest`.
    function _floorOf(uint256 largest, uint256 scale) internal pure returns (uint256) {
        return _ceilDiv(_ceilDiv(largest, PoolConstants.MAX_STABLE_IMBALANCE), scale);
    }

    function _saturatingSub(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            return a > b ? a - b : 0;
        }
    }

    /// @dev Most of token `i` (raw units) a stable pool with scaled balances `xp` can take in: up to
    ///      `MAX_STABLE_IMBALANCE` times the smallest other balance and `MAX_STABLE_BALANCE`, rounded down (zero if
    ///      the balance is already there).
    function _stableMaxIn(uint256[] memory xp, uint256 i, uint256 scale) internal pure returns (uint256) {
        uint256 limit = PoolConstants.MAX_STABLE_BALANCE;
        for (uint256 k; k < xp.length; ++k) {
            uint256 cap = xp[k] * PoolConstants.MAX_STABLE_IMBALANCE;
            if (k != i && cap < limit) limit = cap;
        }
        return _saturatingSub(limit / scale, xp[i] / scale);
    }

    /// @dev Reverts unless the stable pool's scaled balances `xp` are all at most `MAX_STABLE_BALANCE` and at least
    ///      1/`MAX_STABLE_IMBALANCE` of the largest (compared exactly, as x * MAX_STABLE_IMBALANCE >= largest), naming
    ///      the first token out of bounds in its raw units.
    function _checkStableBalances(bytes32 poolId, PoolParams memory params, uint256[] memory xp) internal view {
        uint256 n = xp.length;
        uint256 largest;
        for (uint256 k; k < n; ++k) {
            if (xp[k] > largest) largest = xp[k];
        }
        for (uint256 k; k < n; ++k) {
            uint256 x = xp[k];
            if (x > PoolConstants.MAX_STABLE_BALANCE || x * PoolConstants.MAX_STABLE_IMBALANCE < largest) {
                uint256 scale = 10 ** _scalingExponent(params, k);
                address token = _tokens[poolId][k];
                if (x > PoolConstants.MAX_STABLE_BALANCE) {
                    revert StableBalanceTooHigh(token, x / scale, PoolConstants.MAX_STABLE_BALANCE / scale);
                }
                revert StableBalanceTooLow(token, x / scale, _floorOf(largest, scale));
            }
        }
    }

    function _ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        return (a + b - 1) / b;
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
            uint256 scale = 10 ** _scalingExponent(params, r.index);
            uint256 maxIn = _stableMaxIn(xp, r.index, scale);
            if (amountIn > maxIn) revert MaxInRatioExceeded(amountIn, maxIn);
            uint256[] memory amounts = new uint256[](n);
            amounts[r.index] = amountIn * scale;
            uint256[] memory scaledFees;
            (r.amount, scaledFees) =
                StableMath.calcLpOutGivenExactTokensIn(_currentAmp(params), xp, amounts, supply, r.pool.swapFee);
            // The balances as `_applySingle` will store them: the deposit in, each token's protocol fee out.
            uint256 share = _globals.protocolFeeShare;
            for (uint256 k; k < n; ++k) {
                uint256 scaleK = 10 ** _scalingExponent(params, k);
                r.fees[k] = scaledFees[k] / scaleK;
                xp[k] = xp[k] + amounts[k] - r.fees[k].mulDown(share) * scaleK;
            }
            _checkStableBalances(poolId, params, xp);
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
            (uint256 dy, uint256 fee) = StableMath.calcTokenOutGivenExactLpIn(
                _currentAmp(params), _scaledBalances(poolId, n, params), r.index, lpAmountIn, supply, r.pool.swapFee
            );
            uint256 scale = 10 ** _scalingExponent(params, r.index);
            r.amount = dy / scale;
            r.fees[r.index] = fee / scale;
            // The balances as `_applySingle` will store them (the math overwrote its copy).
            uint256[] memory xp = _scaledBalances(poolId, n, params);
            xp[r.index] -= (r.amount + r.fees[r.index].mulDown(_globals.protocolFeeShare)) * scale;
            _checkStableBalances(poolId, params, xp);
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
