// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPoolManagerTypes} from "../interfaces/IPoolManagerTypes.sol";

/// @title StableMath
/// @notice Curve StableSwap math: A n^n sum(x) + D = A n^n D + D^(n+1) / (n^n prod(x)), on balances scaled to 18
///         decimals, with amplification given as A x `AMP_PRECISION`.
/// @dev Convergence. Both Newton iterations run on convex functions:
///      - D: f(D) = A n^n D + D^(n+1)/(n^n P) - A n^n S - D. Starting at D = S, f(S) >= 0 by AM-GM, so the iterates
///        decrease monotonically onto the root without overshooting and converge quadratically once close. The
///        loop stops when two iterates differ by at most 1 wei or when an iterate stops decreasing (integer
///        rounding can otherwise make it oscillate by a couple of wei around the root).
///      - y: g(y) = y^2 + (b - D) y - c with b = S' + D / (A n^n), c = D^(n+1) / (n^n P' A n^n). Starting at y = D,
///        g'(D) = D + b > 0, so after at most one step the iterates sit right of the root and decrease onto it;
///        the same stopping rules apply from the second step on.
///      Measured over balances of 1e6 to 1e33 wei with per-token ratios up to 1e4:1 and A from 1 to 5000, D
///      converges in fewer than 12 rounds (the fuzz tests in `StableMath.t.sol` cover that range). `MAX_ITERATIONS`
///      (255) bounds the gas; hitting it reverts with `StableInvariantDidNotConverge` /
///      `StableBalanceDidNotConverge` rather than returning a wrong value.
///      Rounding. A larger y (new balance of the token being solved for) favours the pool in every use, so `c` and
///      the iterates are rounded up, `b` down, and callers keep one more wei of margin.
///      Domain. The pools keep every scaled balance at most `MAX_BALANCE` and at least 1/`MAX_IMBALANCE` of the
///      largest, and price trades only from such states. There every intermediate stays far below 2^256: in
///      `calcInvariant` each factor d / (n x_k) <= S / (n x_min) <= 100, so dP <= D 100^n; in `calcBalance` the
///      largest Newton iterate of y, measured at the corners of the domain (n = 2..5, A = 1 and 5000, one balance
///      at 1e33 and the others at 1e31, the largest bought down to 1/100 of the next), squares to under
///      2^256 / 1e6 (`testFuzz_*_withinPoolBounds` in `StableMath.t.sol` cover the domain). Outside it, a balance
///      drained to 2,504 wei with D = 2e24 makes the first step of y overshoot to ~5e41 and y^2 overflow: the
///      `Panic(0x11)` the bounds exist to prevent.
library StableMath {
    /// @dev A is stored and passed multiplied by this.
    uint256 internal constant AMP_PRECISION = 1e3;
    /// @dev Smallest amplification (A = 1).
    uint256 internal constant MIN_AMP = 1 * AMP_PRECISION;
    /// @dev Largest amplification (A = 5000).
    uint256 internal constant MAX_AMP = 5000 * AMP_PRECISION;
    /// @dev Newton iteration bound.
    uint256 internal constant MAX_ITERATIONS = 255;
    /// @dev Largest scaled (18-decimal) balance of one token: 1e15 whole tokens, the bound Curve's CryptoSwap math
    ///      puts on its balances too.
    uint256 internal constant MAX_BALANCE = 1e33;
    /// @dev Largest ratio of a pool's largest to its smallest scaled balance: no token below 1% of the largest.
    uint256 internal constant MAX_IMBALANCE = 100;
    /// @dev Largest factor by which one unbalanced join may grow D (Balancer's bound for stable pools, 500%). Past
    ///      about 1 + 1 / feeRate the imbalance fee charged on a token could exceed its balance.
    uint256 internal constant MAX_JOIN_INVARIANT_RATIO = 5;

    /// @notice The invariant D of scaled balances `xp` (zero when every balance is zero).
    function calcInvariant(uint256 amp, uint256[] memory xp) internal pure returns (uint256 d) {
        uint256 n = xp.length;
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            if (xp[i] == 0) revert IPoolManagerTypes.StableZeroBalance();
            sum += xp[i];
        }
        uint256 ann = amp * n ** n;
        uint256 annSum = ann * sum / AMP_PRECISION;
        uint256 annMinusOne = ann - AMP_PRECISION;
        d = sum;
        for (uint256 it; it < MAX_ITERATIONS; ++it) {
            // dP = D^(n+1) / (n^n prod(x)), built one factor at a time to stay in range.
            uint256 dP = d;
            for (uint256 i; i < n; ++i) {
                dP = Math.mulDiv(dP, d, xp[i] * n);
            }
            uint256 previous = d;
            d = Math.mulDiv(annSum + dP * n, d, annMinusOne * d / AMP_PRECISION + (n + 1) * dP);
            // Exact iterates only decrease, so a step that does not go down is rounding noise at the root (it can
            // otherwise oscillate by a couple of wei forever).
            unchecked {
                if (d >= previous || previous - d <= 1) return d;
            }
        }
        revert IPoolManagerTypes.StableInvariantDidNotConverge();
    }

    /// @notice The balance of token `j` that keeps invariant `d` given every other balance in `xp` (xp[j] is
    ///         ignored), rounded up.
    function calcBalance(uint256 amp, uint256[] memory xp, uint256 d, uint256 j) internal pure returns (uint256 y) {
        uint256 n = xp.length;
        uint256 ann = amp * n ** n;
        uint256 sum;
        uint256 c = d;
        for (uint256 i; i < n; ++i) {
            if (i == j) continue;
            uint256 x = xp[i];
            if (x == 0) revert IPoolManagerTypes.StableZeroBalance();
            sum += x;
            c = Math.mulDiv(c, d, x * n, Math.Rounding.Ceil);
        }
        c = Math.mulDiv(c, d * AMP_PRECISION, ann * n, Math.Rounding.Ceil);
        uint256 b = sum + d * AMP_PRECISION / ann;
        y = d;
        for (uint256 it; it < MAX_ITERATIONS; ++it) {
            uint256 previous = y;
            // 2y + b - D > 0 on every iterate (see the contract notes), so the subtraction cannot underflow.
            y = Math.ceilDiv(y * y + c, 2 * y + b - d);
            // After the first step the exact iterates only decrease; a step up is rounding noise at the root.
            unchecked {
                if (y > previous ? (y - previous <= 1 || it != 0) : previous - y <= 1) return y;
            }
        }
        revert IPoolManagerTypes.StableBalanceDidNotConverge();
    }

    /// @notice Scaled output for a scaled (fee-free) input `dx` of token i into token j, rounded down.
    function calcOutGivenIn(uint256 amp, uint256[] memory xp, uint256 i, uint256 j, uint256 dx)
        internal
        pure
        returns (uint256 dy)
    {
        uint256 d = calcInvariant(amp, xp);
        uint256 balanceOut = xp[j];
        xp[i] += dx;
        uint256 y = calcBalance(amp, xp, d, j);
        xp[i] -= dx;
        unchecked {
            // One wei of margin on top of the rounded-up y.
            dy = balanceOut > y + 1 ? balanceOut - y - 1 : 0;
        }
    }

    /// @notice Scaled (fee-free) input of token i needed for a scaled output `dy` of token j, rounded up.
    ///         Requires dy < xp[j].
    function calcInGivenOut(uint256 amp, uint256[] memory xp, uint256 i, uint256 j, uint256 dy)
        internal
        pure
        returns (uint256 dx)
    {
        uint256 d = calcInvariant(amp, xp);
        uint256 balanceIn = xp[i];
        xp[j] -= dy;
        uint256 x = calcBalance(amp, xp, d, i);
        xp[j] += dy;
        // One wei of margin on top of the rounded-up x.
        dx = x > balanceIn ? x - balanceIn + 1 : 1;
    }

    /// @notice Curve `add_liquidity`: shares for depositing scaled `amounts`, charging every token the
    ///         imbalance fee swapFee x n / (4(n-1)) on its distance from a proportional deposit.
    /// @param xp Current scaled balances (left unchanged).
    /// @return lpOut Shares to mint, rounded down.
    /// @return fees Scaled imbalance fee per token.
    function calcLpOutGivenExactTokensIn(
        uint256 amp,
        uint256[] memory xp,
        uint256[] memory amounts,
        uint256 lpSupply,
        uint256 swapFee
    ) internal pure returns (uint256 lpOut, uint256[] memory fees) {
        uint256 n = xp.length;
        uint256 d0 = calcInvariant(amp, xp);
        uint256[] memory updated = new uint256[](n);
        for (uint256 k; k < n; ++k) {
            updated[k] = xp[k] + amounts[k];
        }
        uint256 d1 = calcInvariant(amp, updated);
        // Bounded so that no fee below can exceed its balance: every distance from the ideal is at most 4x a balance
        // and the fee rate at most 5%.
        if (d1 > d0 * MAX_JOIN_INVARIANT_RATIO) {
            revert IPoolManagerTypes.MaxInvariantRatioExceeded(d1, d0 * MAX_JOIN_INVARIANT_RATIO);
        }
        uint256 feeRate = imbalanceFee(swapFee, n);
        fees = new uint256[](n);
        for (uint256 k; k < n; ++k) {
            // The balance a proportional deposit growing D to d1 would leave.
            uint256 ideal = d1 * xp[k] / d0;
            uint256 difference = ideal > updated[k] ? ideal - updated[k] : updated[k] - ideal;
            fees[k] = Math.mulDiv(difference, feeRate, 1e18, Math.Rounding.Ceil);
            updated[k] -= fees[k];
        }
        uint256 d2 = calcInvariant(amp, updated);
        // d0 and d2 are each within a wei of their true values: two wei of margin keep the pool on the safe side.
        if (d2 > d0 + 2) lpOut = Math.mulDiv(lpSupply, d2 - d0 - 2, d0 + 1);
    }

    /// @notice Curve `remove_liquidity_one_coin`: scaled amount of token i paid for burning `lpIn` shares,
    ///         charging the imbalance fee on the non-proportional part.
    /// @param xp Current scaled balances; overwritten with the fee-reduced balances.
    /// @return dy Scaled amount to pay, rounded down.
    /// @return fee Scaled fee charged in token i (stays in the pool, less the protocol share).
    function calcTokenOutGivenExactLpIn(
        uint256 amp,
        uint256[] memory xp,
        uint256 i,
        uint256 lpIn,
        uint256 lpSupply,
        uint256 swapFee
    ) internal pure returns (uint256, uint256) {
        uint256 d0 = calcInvariant(amp, xp);
        // D after the burn, rounded up (a larger D leaves more in the pool).
        lpIn = d0 - lpIn * d0 / lpSupply;
        return _withdrawOne(amp, xp, i, d0, lpIn, imbalanceFee(swapFee, xp.length));
    }

    function _withdrawOne(uint256 amp, uint256[] memory xp, uint256 i, uint256 d0, uint256 d1, uint256 feeRate)
        private
        pure
        returns (uint256 dy, uint256 fee)
    {
        uint256 newY = calcBalance(amp, xp, d1, i);
        // The fee-free output, until the fee is known.
        fee = xp[i] > newY ? xp[i] - newY : 0;
        _reduceBalances(xp, i, d0, d1, newY, feeRate);
        newY = calcBalance(amp, xp, d1, i);
        unchecked {
            dy = xp[i] > newY + 1 ? xp[i] - newY - 1 : 0;
        }
        fee = fee > dy ? fee - dy : 0;
    }

    /// @dev Subtracts from every balance the imbalance fee it pays on its distance from a proportional exit to
    ///      `d1` (in place).
    function _reduceBalances(uint256[] memory xp, uint256 i, uint256 d0, uint256 d1, uint256 newY, uint256 feeRate)
        private
        pure
    {
        uint256 n = xp.length;
        for (uint256 k; k < n; ++k) {
            uint256 proportional = xp[k] * d1 / d0;
            uint256 expected;
            if (k == i) expected = proportional > newY ? proportional - newY : 0;
            else expected = xp[k] - proportional;
            xp[k] -= Math.mulDiv(expected, feeRate, 1e18, Math.Rounding.Ceil);
        }
    }

    /// @notice Curve's imbalance fee rate for an n-token pool: swapFee x n / (4(n-1)).
    function imbalanceFee(uint256 swapFee, uint256 n) internal pure returns (uint256) {
        return swapFee * n / (4 * (n - 1));
    }
}
