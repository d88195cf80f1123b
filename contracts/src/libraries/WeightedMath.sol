// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PoolFixedPoint} from "./PoolFixedPoint.sol";

/// @title WeightedMath
/// @notice Weighted-pool (invariant V = prod(B_i^w_i)) trade, join and exit formulas, every result rounded in
///         the pool's favour: amounts out and shares minted down, amounts in up.
/// @dev Trades and single-token joins and exits only involve balance ratios, so they work on raw token units
///      whatever the decimals. Amounts here are net of the swap fee unless a function says otherwise. The
///      30% in/out ratio limits are enforced by the caller, which knows the gross amounts.
library WeightedMath {
    using PoolFixedPoint for uint256;

    /// @dev Largest trade input (or single-sided join) as a fraction of the in-balance.
    uint256 internal constant MAX_IN_RATIO = 0.3e18;
    /// @dev Largest trade output (or single-sided exit) as a fraction of the out-balance.
    uint256 internal constant MAX_OUT_RATIO = 0.3e18;

    /// @notice out = Bo * (1 - (Bi / (Bi + Ai))^(wi / wo)), rounded down.
    /// @dev The base is rounded up and the exponent down (the base is below one, so both make the power larger
    ///      and the output smaller); the power is rounded up by its error bound. Equal weights skip the power:
    ///      out = Bo * Ai / (Bi + Ai) exactly, rounded down.
    function calcOutGivenIn(
        uint256 balanceIn,
        uint256 weightIn,
        uint256 balanceOut,
        uint256 weightOut,
        uint256 amountIn
    ) internal pure returns (uint256) {
        uint256 denominator = balanceIn + amountIn;
        if (weightIn == weightOut) return balanceOut * amountIn / denominator;
        uint256 base = balanceIn.divUp(denominator);
        uint256 power = base.powUp(weightIn.divDown(weightOut));
        return balanceOut.mulDown(power.complement());
    }

    /// @notice in = Bi * ((Bo / (Bo - Ao))^(wo / wi) - 1), rounded up. Requires amountOut < balanceOut.
    /// @dev Base and exponent rounded up (the base is above one), power rounded up by its error bound.
    ///      Equal weights: in = Bi * Ao / (Bo - Ao), rounded up.
    function calcInGivenOut(
        uint256 balanceIn,
        uint256 weightIn,
        uint256 balanceOut,
        uint256 weightOut,
        uint256 amountOut
    ) internal pure returns (uint256) {
        uint256 remaining = balanceOut - amountOut;
        if (weightIn == weightOut) return PoolFixedPoint.mulDivUp(balanceIn, amountOut, remaining);
        uint256 base = balanceOut.divUp(remaining);
        uint256 power = base.powUp(weightOut.divUp(weightIn));
        return balanceIn.mulUp(power - PoolFixedPoint.ONE);
    }

    /// @notice V = prod(B_i^w_i) with every factor and product rounded down.
    /// @param balances Balances scaled to 18 decimals (1e18 = one whole token).
    function calcInvariant(uint256[] memory weights, uint256[] memory balances) internal pure returns (uint256 v) {
        v = PoolFixedPoint.ONE;
        uint256 n = balances.length;
        for (uint256 i; i < n; ++i) {
            v = v.mulDown(balances[i].powDown(weights[i]));
        }
    }

    /// @notice Shares minted for a single-token deposit (Balancer's exact-tokens-in join for one token).
    /// @dev The part of the deposit a proportional join would have needed (w * Ai) is fee-free; the rest
    ///      ((1 - w) * Ai, the part that is effectively swapped into the other tokens) pays `swapFee`.
    ///      lpOut = supply * (((Bi + Ai - fee) / Bi)^w - 1), rounded down (power rounded down).
    /// @return lpOut Shares to mint.
    /// @return feeAmount Swap fee charged, in the deposited token (stays in the pool, less the protocol share).
    function calcLpOutGivenExactTokenIn(
        uint256 balance,
        uint256 weight,
        uint256 amountIn,
        uint256 lpSupply,
        uint256 swapFee
    ) internal pure returns (uint256 lpOut, uint256 feeAmount) {
        uint256 balanceRatioWithFee = (balance + amountIn).divDown(balance);
        // Invariant ratio of a join taxed nowhere: sum_j w_j * ratio_j with every other ratio one.
        uint256 invariantRatioWithFees = balanceRatioWithFee.mulDown(weight) + weight.complement();
        if (balanceRatioWithFee > invariantRatioWithFees) {
            uint256 nonTaxable = balance.mulDown(invariantRatioWithFees - PoolFixedPoint.ONE);
            feeAmount = (amountIn - nonTaxable).mulUp(swapFee);
        }
        uint256 balanceRatio = (balance + amountIn - feeAmount).divDown(balance);
        uint256 invariantRatio = balanceRatio.powDown(weight);
        if (invariantRatio > PoolFixedPoint.ONE) {
            lpOut = lpSupply.mulDown(invariantRatio - PoolFixedPoint.ONE);
        }
    }

    /// @notice Amount paid for burning `lpIn` shares into one token (Balancer's exact-BPT-in exit for one token).
    /// @dev amountOutWithoutFee = B * (1 - ((supply - lpIn) / supply)^(1 / w)) rounded down (ratio rounded up,
    ///      exponent rounded down, power rounded up); the (1 - w) share of it is taxed by `swapFee`.
    /// @return amountOut Amount to pay.
    /// @return feeAmount Swap fee charged, in the paid token (stays in the pool, less the protocol share).
    function calcTokenOutGivenExactLpIn(
        uint256 balance,
        uint256 weight,
        uint256 lpIn,
        uint256 lpSupply,
        uint256 swapFee
    ) internal pure returns (uint256 amountOut, uint256 feeAmount) {
        uint256 invariantRatio = (lpSupply - lpIn).divUp(lpSupply);
        uint256 balanceRatio = invariantRatio.powUp(PoolFixedPoint.ONE.divDown(weight));
        uint256 amountOutWithoutFee = balance.mulDown(balanceRatio.complement());
        uint256 taxable = amountOutWithoutFee.mulUp(weight.complement());
        feeAmount = taxable.mulUp(swapFee);
        amountOut = amountOutWithoutFee - feeAmount;
    }
}
