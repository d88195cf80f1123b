// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Guarded} from "../access/Guarded.sol";
import {ILiquidityPoolManager} from "../interfaces/ILiquidityPoolManager.sol";
import {IPoolLpToken} from "../interfaces/IPoolLpToken.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {PoolFixedPoint} from "../libraries/PoolFixedPoint.sol";
import {PoolGovernance} from "./PoolGovernance.sol";
import {PoolStorage} from "./PoolStorage.sol";

/// @title LiquidityPoolManager
/// @notice Fluxion's AMM vault: weighted (Balancer-style) and stable (Curve StableSwap) pools in one contract,
///         with internal per-pool accounting, protocol fees, multi-hop swaps and an oracle circuit breaker.
/// @dev Pool balances are tracked internally and never read from `balanceOf(this)`, so tokens sent to the manager
///      by mistake do not move prices. Fee-on-transfer and rebasing tokens are unsupported: amounts are credited
///      as requested, and pools only list governance-vetted tokens. While paused, only proportional
///      `removeLiquidity` (and fee collection) works, so LPs can always leave. Every swap hop and single-sided
///      join or exit first asks the oracle whether the tokens involved are tradable.
contract LiquidityPoolManager is PoolGovernance {
    using SafeERC20 for IERC20;
    using PoolFixedPoint for uint256;

    /// @param admin Initial `DEFAULT_ADMIN_ROLE` and `POOL_CREATOR_ROLE` holder (the deployer, who hands both to
    ///        the Timelock).
    /// @param guardian Initial `GUARDIAN_ROLE` holder.
    /// @param oracle_ Price oracle whose circuit breaker gates trading.
    /// @param treasury_ Receiver of collected protocol fees.
    /// @param protocolFeeShare_ Initial protocol share of swap fees (1e18 = 100%, at most 50%).
    constructor(
        address admin,
        address guardian,
        IPriceOracle oracle_,
        address treasury_,
        uint256 protocolFeeShare_
    ) Guarded(admin, guardian) PoolStorage(oracle_) {
        _grantRole(POOL_CREATOR_ROLE, admin);
        _setTreasury(treasury_);
        _setProtocolFeeShare(protocolFeeShare_);
    }

    // ---------------------------------------------------------------- liquidity

    /// @inheritdoc ILiquidityPoolManager
    function initialize(bytes32 poolId, uint256[] calldata amountsIn, address recipient, uint256 deadline)
        external
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
        // Initial shares equal the invariant, so later joins and exits scale shares with the invariant.
        uint256 invariant = _invariant(poolId, pool, params, xp);
        if (invariant <= MINIMUM_LIQUIDITY) revert InsufficientInitialLiquidity(invariant, MINIMUM_LIQUIDITY);
        lpOut = invariant - MINIMUM_LIQUIDITY;
        IPoolLpToken(pool.lpToken).mint(DEAD_ADDRESS, MINIMUM_LIQUIDITY);
        IPoolLpToken(pool.lpToken).mint(recipient, lpOut);
        _pullAll(poolId, amountsIn);
        emit LiquidityAdded(poolId, msg.sender, recipient, amountsIn, new uint256[](n), lpOut);
    }

    /// @inheritdoc ILiquidityPoolManager
    function addLiquidity(
        bytes32 poolId,
        uint256[] calldata maxAmountsIn,
        uint256 lpAmountOut,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256[] memory amountsIn) {
        _checkActive(deadline, recipient);
        if (lpAmountOut == 0) revert ZeroAmount();
        PoolConfig memory pool = _loadPool(poolId);
        uint256 n = pool.tokenCount;
        if (maxAmountsIn.length != n) revert LengthMismatch(n, maxAmountsIn.length);
        uint256 supply = _lpTotalSupply(pool);
        if (supply == 0) revert PoolNotInitialized(poolId);
        TokenBalance[8] storage balances = _balances[poolId];
        amountsIn = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            TokenBalance memory b = balances[i];
            uint256 amount = PoolFixedPoint.mulDivUp(b.balance, lpAmountOut, supply);
            if (amount > maxAmountsIn[i]) revert ExcessiveAmountIn(amount, maxAmountsIn[i]);
            amountsIn[i] = amount;
            balances[i] = TokenBalance({balance: _toUint128(b.balance + amount), protocolFees: b.protocolFees});
        }
        IPoolLpToken(pool.lpToken).mint(recipient, lpAmountOut);
        _pullAll(poolId, amountsIn);
        emit LiquidityAdded(poolId, msg.sender, recipient, amountsIn, new uint256[](n), lpAmountOut);
    }

    /// @inheritdoc ILiquidityPoolManager
    function addLiquiditySingle(
        bytes32 poolId,
        address tokenIn,
        uint256 amountIn,
        uint256 minLpOut,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256 lpOut) {
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

    /// @inheritdoc ILiquidityPoolManager
    function removeLiquidity(
        bytes32 poolId,
        uint256 lpAmountIn,
        uint256[] calldata minAmountsOut,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256[] memory amountsOut) {
        // No pause check: proportional exits must stay open.
        _checkDeadline(deadline);
        if (recipient == address(0)) revert ZeroAddress();
        if (lpAmountIn == 0) revert ZeroAmount();
        PoolConfig memory pool = _loadPool(poolId);
        amountsOut = _exitProportional(poolId, pool, lpAmountIn, minAmountsOut);
        // Burning first reverts for callers without the shares before any token leaves.
        IPoolLpToken(pool.lpToken).burn(msg.sender, lpAmountIn);
        address[8] storage tokens = _tokens[poolId];
        for (uint256 i; i < amountsOut.length; ++i) {
            if (amountsOut[i] != 0) IERC20(tokens[i]).safeTransfer(recipient, amountsOut[i]);
        }
        emit LiquidityRemoved(poolId, msg.sender, recipient, amountsOut, new uint256[](amountsOut.length), lpAmountIn);
    }

    /// @inheritdoc ILiquidityPoolManager
    function removeLiquiditySingle(
        bytes32 poolId,
        uint256 lpAmountIn,
        address tokenOut,
        uint256 minAmountOut,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256 amountOut) {
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

    // ---------------------------------------------------------------- swaps

    /// @inheritdoc ILiquidityPoolManager
    function swapExactIn(
        bytes32 poolId,
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 minAmountOut,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256 amountOut) {
        uint256 share = _checkSwap(deadline, recipient);
        oracle.requireTradable(tokenIn, tokenOut);
        SwapResult memory r = _computeSwap(poolId, tokenIn, tokenOut, amountIn, true);
        amountOut = r.amountOut;
        if (amountOut < minAmountOut) revert SlippageExceeded(amountOut, minAmountOut);
        _applySwap(poolId, r, share, tokenIn, tokenOut, recipient);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        IERC20(tokenOut).safeTransfer(recipient, amountOut);
    }

    /// @inheritdoc ILiquidityPoolManager
    function swapExactOut(
        bytes32 poolId,
        address tokenIn,
        address tokenOut,
        uint256 amountOut,
        uint256 maxAmountIn,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256 amountIn) {
        uint256 share = _checkSwap(deadline, recipient);
        oracle.requireTradable(tokenIn, tokenOut);
        SwapResult memory r = _computeSwap(poolId, tokenIn, tokenOut, amountOut, false);
        amountIn = r.amountIn;
        if (amountIn > maxAmountIn) revert ExcessiveAmountIn(amountIn, maxAmountIn);
        _applySwap(poolId, r, share, tokenIn, tokenOut, recipient);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        IERC20(tokenOut).safeTransfer(recipient, amountOut);
    }

    /// @inheritdoc ILiquidityPoolManager
    function swapExactInMultiHop(
        address tokenIn,
        SwapStep[] calldata route,
        uint256 amountIn,
        uint256 minAmountOut,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256 amountOut) {
        uint256 share = _checkSwap(deadline, recipient);
        uint256 hops = route.length;
        if (hops == 0) revert EmptyRoute();
        address current = tokenIn;
        amountOut = amountIn;
        for (uint256 k; k < hops; ++k) {
            SwapStep calldata step = route[k];
            oracle.requireTradable(current, step.tokenOut);
            SwapResult memory r = _computeSwap(step.poolId, current, step.tokenOut, amountOut, true);
            // Intermediate outputs stay in the manager; the Swap event names it as their recipient.
            _applySwap(step.poolId, r, share, current, step.tokenOut, k + 1 == hops ? recipient : address(this));
            amountOut = r.amountOut;
            current = step.tokenOut;
        }
        if (amountOut < minAmountOut) revert SlippageExceeded(amountOut, minAmountOut);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        IERC20(current).safeTransfer(recipient, amountOut);
    }

    /// @inheritdoc ILiquidityPoolManager
    function swapExactOutMultiHop(
        address tokenIn,
        SwapStep[] calldata route,
        uint256 amountOut,
        uint256 maxAmountIn,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256 amountIn) {
        uint256 share = _checkSwap(deadline, recipient);
        uint256 hops = route.length;
        if (hops == 0) revert EmptyRoute();
        // Walk backwards: each hop's input is the previous hop's required output. Each hop is priced and applied
        // before the previous one, so a pool used twice prices its second use on its updated balances.
        amountIn = amountOut;
        for (uint256 k = hops; k != 0;) {
            unchecked {
                --k;
            }
            address stepIn = k == 0 ? tokenIn : route[k - 1].tokenOut;
            SwapStep calldata step = route[k];
            oracle.requireTradable(stepIn, step.tokenOut);
            SwapResult memory r = _computeSwap(step.poolId, stepIn, step.tokenOut, amountIn, false);
            _applySwap(step.poolId, r, share, stepIn, step.tokenOut, k + 1 == hops ? recipient : address(this));
            amountIn = r.amountIn;
        }
        if (amountIn > maxAmountIn) revert ExcessiveAmountIn(amountIn, maxAmountIn);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        IERC20(route[hops - 1].tokenOut).safeTransfer(recipient, amountOut);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Entry checks of the swap functions; returns the protocol fee share read from the same slot.
    function _checkSwap(uint256 deadline, address recipient) private view returns (uint256) {
        if (block.timestamp > deadline) revert DeadlineExpired(deadline, block.timestamp);
        if (recipient == address(0)) revert ZeroAddress();
        Globals memory globals = _globals;
        if (globals.paused) revert EnforcedPause();
        return globals.protocolFeeShare;
    }

    /// @dev Writes a priced swap back (two slot writes) and logs it. `share` of the fee is owed to the protocol
    ///      and leaves the pool balance.
    function _applySwap(
        bytes32 poolId,
        SwapResult memory r,
        uint256 share,
        address tokenIn,
        address tokenOut,
        address recipient
    ) private {
        uint256 protocolFee = r.fee.mulDown(share);
        TokenBalance[8] storage balances = _balances[poolId];
        balances[r.indexIn] = TokenBalance({
            balance: _toUint128(r.balanceIn.balance + r.amountIn - protocolFee),
            protocolFees: _toUint128(r.balanceIn.protocolFees + protocolFee)
        });
        balances[r.indexOut] = TokenBalance({
            balance: uint128(r.balanceOut.balance - r.amountOut),
            protocolFees: r.balanceOut.protocolFees
        });
        emit Swap(poolId, msg.sender, recipient, tokenIn, tokenOut, r.amountIn, r.amountOut, protocolFee);
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

    /// @dev Prices a proportional exit (amounts rounded down) and debits the pool balances.
    function _exitProportional(
        bytes32 poolId,
        PoolConfig memory pool,
        uint256 lpAmountIn,
        uint256[] calldata minAmountsOut
    ) private returns (uint256[] memory amountsOut) {
        uint256 n = pool.tokenCount;
        if (minAmountsOut.length != n) revert LengthMismatch(n, minAmountsOut.length);
        uint256 supply = _lpTotalSupply(pool);
        if (supply == 0) revert PoolNotInitialized(poolId);
        TokenBalance[8] storage balances = _balances[poolId];
        amountsOut = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            TokenBalance memory b = balances[i];
            uint256 amount = uint256(b.balance) * lpAmountIn / supply;
            if (amount < minAmountsOut[i]) revert SlippageExceeded(amount, minAmountsOut[i]);
            amountsOut[i] = amount;
            balances[i] = TokenBalance({balance: uint128(b.balance - amount), protocolFees: b.protocolFees});
        }
    }

    function _pullAll(bytes32 poolId, uint256[] memory amounts) private {
        address[8] storage tokens = _tokens[poolId];
        for (uint256 i; i < amounts.length; ++i) {
            if (amounts[i] != 0) IERC20(tokens[i]).safeTransferFrom(msg.sender, address(this), amounts[i]);
        }
    }
}
