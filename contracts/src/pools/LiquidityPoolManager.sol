// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Guarded} from "../access/Guarded.sol";
import {ILiquidityPoolManager} from "../interfaces/ILiquidityPoolManager.sol";
import {IPoolLpToken} from "../interfaces/IPoolLpToken.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {PoolFixedPoint} from "../libraries/PoolFixedPoint.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {PoolLpTokenDeployer} from "./PoolLpTokenDeployer.sol";
import {PoolPricing} from "./PoolPricing.sol";

/// @title LiquidityPoolManager
/// @notice Fluxion's AMM vault: weighted (Balancer-style) and stable (Curve StableSwap) pools in one contract,
///         with internal per-pool accounting, protocol fees, multi-hop swaps and an oracle circuit breaker.
/// @dev Pool balances are tracked internally and never read from `balanceOf(this)`, so tokens sent to the manager
///      by mistake do not move prices. Fee-on-transfer and rebasing tokens are unsupported: amounts are credited
///      as requested, and pools only list governance-vetted tokens. While paused, only proportional
///      `removeLiquidity` (and fee collection) works, so LPs can always leave. Every swap hop and single-sided
///      join or exit first asks the oracle whether the tokens involved are tradable.
///      Code size: swaps, proportional joins and exits, governance and the simple views are implemented here;
///      pool creation, initialization, single-sided joins and exits (and their quotes) and the array-returning
///      views are implemented by `LiquidityPoolManagerExtension`, reached by delegatecall from the stubs in the
///      "served by the extension" section. The full ABI stays on this contract.
contract LiquidityPoolManager is PoolPricing, ILiquidityPoolManager {
    using SafeERC20 for IERC20;
    using PoolFixedPoint for uint256;

    /// @notice Role allowed to create pools (the Timelock; also the deployer on local chains).
    bytes32 public constant POOL_CREATOR_ROLE = PoolConstants.POOL_CREATOR_ROLE;
    /// @notice Shares locked forever at `DEAD_ADDRESS` by the first join.
    uint256 public constant MINIMUM_LIQUIDITY = PoolConstants.MINIMUM_LIQUIDITY;
    /// @notice Holder of the locked `MINIMUM_LIQUIDITY` shares.
    address public constant DEAD_ADDRESS = PoolConstants.DEAD_ADDRESS;
    /// @notice Smallest pool swap fee (0.0001%).
    uint256 public constant MIN_SWAP_FEE = PoolConstants.MIN_SWAP_FEE;
    /// @notice Largest pool swap fee (10%).
    uint256 public constant MAX_SWAP_FEE = PoolConstants.MAX_SWAP_FEE;
    /// @notice Largest protocol share of the swap fees (50%).
    uint256 public constant MAX_PROTOCOL_FEE_SHARE = PoolConstants.MAX_PROTOCOL_FEE_SHARE;
    /// @notice Smallest normalized weight (1%).
    uint256 public constant MIN_WEIGHT = PoolConstants.MIN_WEIGHT;
    /// @notice Fewest tokens in a pool.
    uint256 public constant MIN_TOKENS = PoolConstants.MIN_TOKENS;
    /// @notice Most tokens in a weighted pool.
    uint256 public constant MAX_WEIGHTED_TOKENS = PoolConstants.MAX_WEIGHTED_TOKENS;
    /// @notice Most tokens in a stable pool.
    uint256 public constant MAX_STABLE_TOKENS = PoolConstants.MAX_STABLE_TOKENS;
    /// @notice Amplification values are A x this.
    uint256 public constant AMP_PRECISION = PoolConstants.AMP_PRECISION;
    /// @notice Smallest amplification (A = 1).
    uint256 public constant MIN_AMP = PoolConstants.MIN_AMP;
    /// @notice Largest amplification (A = 5000).
    uint256 public constant MAX_AMP = PoolConstants.MAX_AMP;
    /// @notice Shortest amplification ramp.
    uint256 public constant MIN_RAMP_DURATION = PoolConstants.MIN_RAMP_DURATION;
    /// @notice Largest factor by which A may change per day of ramp duration.
    uint256 public constant MAX_AMP_DAILY_FACTOR = PoolConstants.MAX_AMP_DAILY_FACTOR;
    /// @notice Largest balance of one stable-pool token, scaled to 18 decimals (1e15 whole tokens).
    uint256 public constant MAX_STABLE_BALANCE = PoolConstants.MAX_STABLE_BALANCE;
    /// @notice Largest ratio of a stable pool's largest to its smallest balance, scaled to 18 decimals: swaps and
    ///         single-sided joins and exits never leave a token below 1% of the largest.
    uint256 public constant MAX_STABLE_IMBALANCE = PoolConstants.MAX_STABLE_IMBALANCE;

    /// @notice Code this contract delegatecalls for the functions it does not implement itself.
    address public immutable EXTENSION;

    /// @param admin Initial `DEFAULT_ADMIN_ROLE` and `POOL_CREATOR_ROLE` holder (the deployer, who hands both to
    ///        the Timelock).
    /// @param guardian Initial `GUARDIAN_ROLE` holder.
    /// @param oracle_ Price oracle whose circuit breaker gates trading.
    /// @param treasury_ Receiver of collected protocol fees.
    /// @param protocolFeeShare_ Initial protocol share of swap fees (1e18 = 100%, at most 50%).
    /// @param extension A `LiquidityPoolManagerExtension` deployment.
    constructor(
        address admin,
        address guardian,
        IPriceOracle oracle_,
        address treasury_,
        uint256 protocolFeeShare_,
        address extension
    ) Guarded(admin, guardian) {
        if (address(oracle_) == address(0) || extension == address(0)) revert ZeroAddress();
        EXTENSION = extension;
        _globals.oracle = oracle_;
        _lpTokenDeployer = new PoolLpTokenDeployer(address(this));
        _grantRole(POOL_CREATOR_ROLE, admin);
        _setTreasury(treasury_);
        _setProtocolFeeShare(protocolFeeShare_);
    }

    // ---------------------------------------------------------------- proportional liquidity

    /// @inheritdoc ILiquidityPoolManager
    function addLiquidity(
        bytes32 poolId,
        uint256[] calldata maxAmountsIn,
        uint256 lpAmountOut,
        address recipient,
        uint256 deadline
    ) external nonReentrant returns (uint256[] memory amountsIn) {
        _checkActive(deadline, recipient);
        _checkLpAmount(lpAmountOut);
        PoolConfig memory pool = _loadPool(poolId);
        uint256 n = pool.tokenCount;
        if (maxAmountsIn.length != n) revert LengthMismatch(n, maxAmountsIn.length);
        uint256 supply = _lpTotalSupply(pool);
        if (supply == 0) revert PoolNotInitialized(poolId);
        TokenBalance[8] storage balances = _balances[poolId];
        // A join keeps a stable pool's ratios but may still lift a balance past `MAX_STABLE_BALANCE` (scaled), beyond
        // which its math could overflow; weighted pools have no such bound ("no exponents").
        uint256 exponents = pool.kind == PoolKind.Stable ? _params[poolId].scalingExponents : type(uint256).max;
        amountsIn = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            TokenBalance memory b = balances[i];
            uint256 amount = PoolFixedPoint.mulDivUp(b.balance, lpAmountOut, supply);
            if (amount > maxAmountsIn[i]) revert ExcessiveAmountIn(amount, maxAmountsIn[i]);
            amountsIn[i] = amount;
            if (exponents != type(uint256).max) _checkStableCeiling(poolId, i, b.balance + amount, exponents);
            balances[i] = TokenBalance({balance: _toUint128(b.balance + amount), protocolFees: b.protocolFees});
        }
        IPoolLpToken(pool.lpToken).mint(recipient, lpAmountOut);
        _pullAll(poolId, amountsIn);
        emit LiquidityAdded(poolId, msg.sender, recipient, amountsIn, new uint256[](n), lpAmountOut);
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
        _checkLpAmount(lpAmountIn);
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
        (uint256 share, IPriceOracle breaker) = _checkSwap(deadline, recipient);
        breaker.requireTradable(tokenIn, tokenOut);
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
        (uint256 share, IPriceOracle breaker) = _checkSwap(deadline, recipient);
        breaker.requireTradable(tokenIn, tokenOut);
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
        (uint256 share, IPriceOracle breaker) = _checkSwap(deadline, recipient);
        uint256 hops = route.length;
        if (hops == 0) revert EmptyRoute();
        address current = tokenIn;
        amountOut = amountIn;
        for (uint256 k; k < hops; ++k) {
            SwapStep calldata step = route[k];
            breaker.requireTradable(current, step.tokenOut);
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
        (uint256 share, IPriceOracle breaker) = _checkSwap(deadline, recipient);
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
            breaker.requireTradable(stepIn, step.tokenOut);
            SwapResult memory r = _computeSwap(step.poolId, stepIn, step.tokenOut, amountIn, false);
            _applySwap(step.poolId, r, share, stepIn, step.tokenOut, k + 1 == hops ? recipient : address(this));
            amountIn = r.amountIn;
        }
        if (amountIn > maxAmountIn) revert ExcessiveAmountIn(amountIn, maxAmountIn);
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(this), amountIn);
        IERC20(route[hops - 1].tokenOut).safeTransfer(recipient, amountOut);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc ILiquidityPoolManager
    function setSwapFee(bytes32 poolId, uint256 swapFee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        PoolConfig storage pool = _pools[poolId];
        if (pool.kind == PoolKind.None) revert PoolNotFound(poolId);
        _checkSwapFee(swapFee);
        emit SwapFeeChanged(poolId, pool.swapFee, swapFee);
        pool.swapFee = uint64(swapFee);
    }

    /// @inheritdoc ILiquidityPoolManager
    function setProtocolFeeShare(uint256 share) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProtocolFeeShare(share);
    }

    /// @inheritdoc ILiquidityPoolManager
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc ILiquidityPoolManager
    function collectProtocolFees(bytes32 poolId) external nonReentrant {
        uint256 n = _loadPool(poolId).tokenCount;
        address to = _treasury;
        TokenBalance[8] storage balances = _balances[poolId];
        for (uint256 i; i < n; ++i) {
            uint256 owed = balances[i].protocolFees;
            if (owed == 0) continue;
            balances[i].protocolFees = 0;
            address token = _tokens[poolId][i];
            IERC20(token).safeTransfer(to, owed);
            emit ProtocolFeesCollected(poolId, token, owed);
        }
    }

    /// @inheritdoc ILiquidityPoolManager
    function rampAmp(bytes32 poolId, uint256 endAmp, uint256 endTime) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_loadPool(poolId).kind != PoolKind.Stable) revert NotStablePool(poolId);
        PoolParams storage params = _params[poolId];
        PoolParams memory current = params;
        if (block.timestamp < current.endTime) revert AmpRampInProgress(poolId, current.endTime);
        if (endAmp < MIN_AMP || endAmp > MAX_AMP) revert AmpOutOfBounds(endAmp, MIN_AMP, MAX_AMP);
        uint256 duration = endTime > block.timestamp ? endTime - block.timestamp : 0;
        if (duration < MIN_RAMP_DURATION) revert AmpRampTooShort(duration, MIN_RAMP_DURATION);
        uint256 startAmp = current.endAmp;
        // Factor (larger / smaller) over days (duration / 1 day) must not exceed MAX_AMP_DAILY_FACTOR.
        (uint256 larger, uint256 smaller) = endAmp > startAmp ? (endAmp, startAmp) : (startAmp, endAmp);
        if (larger * 1 days > smaller * duration * MAX_AMP_DAILY_FACTOR) {
            revert AmpRampTooFast(startAmp, endAmp, duration);
        }
        params.startAmp = uint32(startAmp);
        params.endAmp = uint32(endAmp);
        params.startTime = uint40(block.timestamp);
        params.endTime = SafeCast.toUint40(endTime);
        emit AmpRampStarted(poolId, startAmp, endAmp, block.timestamp, endTime);
    }

    /// @inheritdoc ILiquidityPoolManager
    function stopAmpRamp(bytes32 poolId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_loadPool(poolId).kind != PoolKind.Stable) revert NotStablePool(poolId);
        PoolParams storage params = _params[poolId];
        PoolParams memory current = params;
        if (block.timestamp >= current.endTime) revert AmpNotRamping(poolId);
        uint256 amp = _currentAmp(current);
        params.startAmp = uint32(amp);
        params.endAmp = uint32(amp);
        params.startTime = uint40(block.timestamp);
        params.endTime = uint40(block.timestamp);
        emit AmpRampStopped(poolId, amp);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ILiquidityPoolManager
    function quoteSwap(bytes32 poolId, address tokenIn, address tokenOut, uint256 amountIn)
        external
        view
        returns (uint256 amountOut)
    {
        return _computeSwap(poolId, tokenIn, tokenOut, amountIn, true).amountOut;
    }

    /// @inheritdoc ILiquidityPoolManager
    function quoteSwapExactOut(bytes32 poolId, address tokenIn, address tokenOut, uint256 amountOut)
        external
        view
        returns (uint256 amountIn)
    {
        return _computeSwap(poolId, tokenIn, tokenOut, amountOut, false).amountIn;
    }

    /// @inheritdoc ILiquidityPoolManager
    function lpToken(bytes32 poolId) external view returns (address) {
        return _loadPool(poolId).lpToken;
    }

    /// @inheritdoc ILiquidityPoolManager
    function poolKind(bytes32 poolId) external view returns (PoolKind) {
        return _pools[poolId].kind;
    }

    /// @inheritdoc ILiquidityPoolManager
    function poolCount() external view returns (uint256) {
        return _poolIds.length;
    }

    /// @inheritdoc ILiquidityPoolManager
    function poolIdAt(uint256 index) external view returns (bytes32) {
        return _poolIds[index];
    }

    /// @inheritdoc ILiquidityPoolManager
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc ILiquidityPoolManager
    function protocolFeeShare() external view returns (uint256) {
        return _globals.protocolFeeShare;
    }

    /// @inheritdoc ILiquidityPoolManager
    function oracle() external view returns (IPriceOracle) {
        return _globals.oracle;
    }

    // ---------------------------------------------------------------- served by the extension (delegatecall)

    /// @inheritdoc ILiquidityPoolManager
    function createWeightedPool(
        address[] calldata,
        uint256[] calldata,
        uint256,
        string calldata,
        string calldata
    ) external returns (bytes32) {
        _delegate();
    }

    /// @inheritdoc ILiquidityPoolManager
    function createStablePool(address[] calldata, uint256, uint256, string calldata, string calldata)
        external
        returns (bytes32)
    {
        _delegate();
    }

    /// @inheritdoc ILiquidityPoolManager
    function initialize(bytes32, uint256[] calldata, address, uint256) external returns (uint256) {
        _delegate();
    }

    /// @inheritdoc ILiquidityPoolManager
    function addLiquiditySingle(bytes32, address, uint256, uint256, address, uint256) external returns (uint256) {
        _delegate();
    }

    /// @inheritdoc ILiquidityPoolManager
    function removeLiquiditySingle(bytes32, uint256, address, uint256, address, uint256) external returns (uint256) {
        _delegate();
    }

    /// @inheritdoc ILiquidityPoolManager
    function quoteAddLiquiditySingle(bytes32, address, uint256) external view returns (uint256 lpOut) {
        _delegateView();
        return lpOut; // unreachable
    }

    /// @inheritdoc ILiquidityPoolManager
    function quoteRemoveLiquiditySingle(bytes32, uint256, address) external view returns (uint256 amountOut) {
        _delegateView();
        return amountOut; // unreachable
    }

    /// @inheritdoc ILiquidityPoolManager
    function getPoolState(bytes32)
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
        _delegateView();
        return (tokens, balances, weights, amp, swapFee); // unreachable, as in every `_delegateView` stub
    }

    /// @inheritdoc ILiquidityPoolManager
    function getInvariant(bytes32) external view returns (uint256 invariant) {
        _delegateView();
        return invariant; // unreachable
    }

    /// @inheritdoc ILiquidityPoolManager
    function protocolFeesOwed(bytes32) external view returns (uint256[] memory fees) {
        _delegateView();
        return fees; // unreachable
    }

    /// @inheritdoc ILiquidityPoolManager
    function ampRamp(bytes32)
        external
        view
        returns (uint256 startAmp, uint256 endAmp, uint256 startTime, uint256 endTime)
    {
        _delegateView();
        return (startAmp, endAmp, startTime, endTime); // unreachable
    }

    // ---------------------------------------------------------------- internals

    /// @dev Entry checks of the swap functions; returns the protocol fee share and oracle read from the same slot.
    function _checkSwap(uint256 deadline, address recipient) private view returns (uint256, IPriceOracle) {
        if (block.timestamp > deadline) revert DeadlineExpired(deadline, block.timestamp);
        if (recipient == address(0)) revert ZeroAddress();
        Globals memory globals = _globals;
        if (globals.paused) revert EnforcedPause();
        return (globals.protocolFeeShare, globals.oracle);
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
        // The locked minimum liquidity can never be burned, so neither can the whole supply.
        if (lpAmountIn > supply - MINIMUM_LIQUIDITY) revert ExcessiveAmountIn(lpAmountIn, supply - MINIMUM_LIQUIDITY);
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

    /// @dev Proportional joins and exits multiply a 128-bit balance by the share amount: at most 2^128 - 1 shares
    ///      per call keep the product within 256 bits (`BalanceOverflow` above).
    function _checkLpAmount(uint256 lpAmount) private pure {
        if (lpAmount == 0) revert ZeroAmount();
        _toUint128(lpAmount);
    }

    function _checkStableCeiling(bytes32 poolId, uint256 i, uint256 balance, uint256 exponents) private view {
        uint256 maxBalance = MAX_STABLE_BALANCE / 10 ** uint8(exponents >> (8 * i));
        if (balance > maxBalance) revert StableBalanceTooHigh(_tokens[poolId][i], balance, maxBalance);
    }

    /// @dev Forwards the call to the extension and returns or reverts with its result; never returns here.
    function _delegate() private {
        address extension = EXTENSION;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let success := delegatecall(gas(), extension, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(success) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    /// @dev `_delegate` for view functions (the `return` after each call is never reached). The extension's view
    ///      functions do not write state, and under a STATICCALL the delegatecall inherits the static context, so
    ///      treating the call as a view is sound.
    function _delegateView() private view {
        function() internal delegateFn = _delegate;
        function() internal view viewFn;
        assembly {
            viewFn := delegateFn
        }
        viewFn();
    }
}
