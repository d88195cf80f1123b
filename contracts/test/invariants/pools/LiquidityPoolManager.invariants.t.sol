// SPDX-License-Identifier: MIT
// solhint-disable one-contract-per-file
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {CommonBase} from "forge-std/Base.sol";
import {ILiquidityPoolManager} from "../../../src/interfaces/ILiquidityPoolManager.sol";
import {IPoolLpToken} from "../../../src/interfaces/IPoolLpToken.sol";
import {IPoolManagerTypes} from "../../../src/interfaces/IPoolManagerTypes.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {PoolTestBase} from "../../pools/PoolTestBase.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

// The handler lives in this file because Hardhat's Solidity test runner only offers contracts defined in the
// test file being run as invariant targets (a handler imported from another file yields "No contracts to fuzz").

/// @notice Drives random swaps (both kinds, exact-in and exact-out, multi-hop), joins, exits, fee collection,
///         amplification ramps and time warps against the manager, checks per-action properties (a swap never
///         lowers the pool invariant, round trips never profit) and rebuilds every pool balance from the emitted
///         events alone, as an indexer would.
contract PoolHandler is CommonBase, StdUtils {
    /// @notice Thrown when `configure` is called twice or by anyone but the deployer.
    error AlreadyConfigured();
    /// @notice Thrown when a logged token is not in the logged pool.
    error UnknownToken(bytes32 poolId, address token);

    ILiquidityPoolManager public manager;
    address public admin;
    bytes32[] public pools;
    address[] public actors;
    mapping(bytes32 poolId => bool) public isWeighted;

    /// @dev Balances and owed protocol fees rebuilt from events only.
    mapping(bytes32 poolId => uint256[]) internal _ghostBalances;
    mapping(bytes32 poolId => uint256[]) internal _ghostFees;

    uint256 public swapInvariantFalls;
    uint256 public roundTripViolations;
    uint256 public swaps;
    uint256 public joins;
    uint256 public exits;
    uint256 public multiHops;
    uint256 public ramps;
    /// @dev Actions after which some pool's invariant per LP share was lower than before.
    uint256 public shareValueFalls;

    struct Snapshot {
        uint256[] balances;
        uint256[] weights;
        uint256 invariant;
        uint256 supply;
    }

    address private immutable _deployer;

    /// @dev Parameterless: Hardhat deploys every contract of a test file on its own, with no arguments.
    constructor() {
        _deployer = msg.sender;
    }

    /// @dev One-time wiring by the invariant test (fuzzed calls to it revert and are ignored).
    function configure(
        ILiquidityPoolManager manager_,
        address admin_,
        bytes32[] calldata pools_,
        address[] calldata actors_
    ) external {
        if (msg.sender != _deployer || address(manager) != address(0)) revert AlreadyConfigured();
        manager = manager_;
        admin = admin_;
        pools = pools_;
        actors = actors_;
        for (uint256 p; p < pools_.length; ++p) {
            (, uint256[] memory balances,,,) = manager_.getPoolState(pools_[p]);
            _ghostBalances[pools_[p]] = balances;
            _ghostFees[pools_[p]] = manager_.protocolFeesOwed(pools_[p]);
            isWeighted[pools_[p]] = manager_.poolKind(pools_[p]) == IPoolManagerTypes.PoolKind.Weighted;
        }
    }

    /// @dev Records the logs of one action; `_sync` consumes them at its end.
    /// @dev Records the logs of one action (`_sync` consumes them) and checks that no pool's invariant per LP
    ///      share fell: within one block the amplification is fixed, so any action by anyone (swaps, joins,
    ///      exits, fee collection, starting or stopping a ramp) may only raise it.
    modifier recorded() {
        vm.recordLogs();
        Snapshot[] memory before = _snapshotAll();
        _;
        _checkShareValue(before);
    }

    // ---------------------------------------------------------------- actions

    function swapExactIn(uint256 poolSeed, uint256 inSeed, uint256 outSeed, uint256 amount, uint256 actorSeed)
        external recorded
    {
        (bytes32 poolId, address tokenIn, address tokenOut, uint256 balanceIn,) = _pick(poolSeed, inSeed, outSeed);
        amount = bound(amount, 1, isWeighted[poolId] ? balanceIn * 3 / 10 : balanceIn * 2);
        Snapshot memory before = _snapshot(poolId);
        vm.prank(_actor(actorSeed));
        try manager.swapExactIn(poolId, tokenIn, tokenOut, amount, 0, _actor(actorSeed), block.timestamp) {
            ++swaps;
            _checkInvariant(poolId, before);
        } catch {
            _discard();
        }
        _sync();
    }

    function swapExactOut(uint256 poolSeed, uint256 inSeed, uint256 outSeed, uint256 amount, uint256 actorSeed)
        external recorded
    {
        (bytes32 poolId, address tokenIn, address tokenOut,, uint256 balanceOut) = _pick(poolSeed, inSeed, outSeed);
        amount = bound(amount, 1, isWeighted[poolId] ? balanceOut * 3 / 10 : balanceOut * 9 / 10);
        Snapshot memory before = _snapshot(poolId);
        address actor = _actor(actorSeed);
        vm.prank(actor);
        try manager.swapExactOut(poolId, tokenIn, tokenOut, amount, type(uint256).max, actor, block.timestamp) {
            ++swaps;
            _checkInvariant(poolId, before);
        } catch {
            _discard();
        }
        _sync();
    }

    /// @dev A -> B then B -> A in the same pool: the second leg never returns more than the first sold.
    function roundTrip(uint256 poolSeed, uint256 inSeed, uint256 outSeed, uint256 amount, uint256 actorSeed)
        external recorded
    {
        (bytes32 poolId, address tokenIn, address tokenOut, uint256 balanceIn,) = _pick(poolSeed, inSeed, outSeed);
        amount = bound(amount, 1, isWeighted[poolId] ? balanceIn / 5 : balanceIn);
        address actor = _actor(actorSeed);
        vm.startPrank(actor);
        try manager.swapExactIn(poolId, tokenIn, tokenOut, amount, 0, actor, block.timestamp) returns (uint256 out) {
            _sync();
            if (out != 0) {
                try manager.swapExactIn(poolId, tokenOut, tokenIn, out, 0, actor, block.timestamp) returns (
                    uint256 back
                ) {
                    if (back > amount) ++roundTripViolations;
                } catch {
                    _discard();
                }
            }
        } catch {
            _discard();
        }
        vm.stopPrank();
        _sync();
    }

    /// @dev Two-hop routes over pools sharing a token (A/B pools then a B-pool), exact-in or exact-out.
    function multiHop(uint256 routeSeed, uint256 amount, bool exactIn, uint256 actorSeed) external recorded {
        _multiHop(routeSeed, amount, exactIn, actorSeed);
    }

    function _multiHop(uint256 routeSeed, uint256 amount, bool exactIn, uint256 actorSeed) internal {
        IPoolManagerTypes.SwapStep[] memory route = new IPoolManagerTypes.SwapStep[](2);
        (address tokenA, address tokenB, address tokenLast, bytes32 first, bytes32 second) = _route(routeSeed);
        route[0] = IPoolManagerTypes.SwapStep(first, tokenB);
        route[1] = IPoolManagerTypes.SwapStep(second, tokenLast);
        Snapshot memory before1 = _snapshot(first);
        Snapshot memory before2 = _snapshot(second);
        address actor = _actor(actorSeed);
        if (exactIn) {
            amount = bound(amount, 1, 50_000e18);
        } else {
            uint256 j = _indexOf(second, tokenLast);
            (, uint256[] memory balances,,,) = manager.getPoolState(second);
            amount = bound(amount, 1, balances[j] / 10);
        }
        vm.prank(actor);
        if (exactIn) {
            try manager.swapExactInMultiHop(tokenA, route, amount, 0, actor, block.timestamp) {
                ++multiHops;
                _checkInvariant(first, before1);
                _checkInvariant(second, before2);
            } catch {
                _discard();
            }
        } else {
            try manager.swapExactOutMultiHop(tokenA, route, amount, type(uint256).max, actor, block.timestamp) {
                ++multiHops;
                _checkInvariant(first, before1);
                _checkInvariant(second, before2);
            } catch {
                _discard();
            }
        }
        _sync();
    }

    function addLiquidity(uint256 poolSeed, uint256 fraction, uint256 actorSeed) external recorded {
        bytes32 poolId = pools[poolSeed % pools.length];
        uint256 supply = IPoolLpToken(manager.lpToken(poolId)).totalSupply();
        uint256 lpOut = bound(fraction, 1, supply / 5);
        uint256[] memory max = new uint256[](_ghostBalances[poolId].length);
        for (uint256 i; i < max.length; ++i) {
            max[i] = type(uint256).max;
        }
        vm.prank(_actor(actorSeed));
        try manager.addLiquidity(poolId, max, lpOut, _actor(actorSeed), block.timestamp) {
            ++joins;
        } catch {
            _discard();
        }
        _sync();
    }

    function addLiquiditySingle(
        uint256 poolSeed, uint256 tokenSeed, uint256 amount, uint256 actorSeed
    ) external recorded {
        (bytes32 poolId, address token,, uint256 balance,) = _pick(poolSeed, tokenSeed, 0);
        amount = bound(amount, 1, isWeighted[poolId] ? balance * 3 / 10 : balance);
        vm.prank(_actor(actorSeed));
        try manager.addLiquiditySingle(poolId, token, amount, 0, _actor(actorSeed), block.timestamp) {
            ++joins;
        } catch {
            _discard();
        }
        _sync();
    }

    function removeLiquidity(uint256 poolSeed, uint256 fraction, uint256 actorSeed) external recorded {
        bytes32 poolId = pools[poolSeed % pools.length];
        address actor = _actor(actorSeed);
        uint256 held = IPoolLpToken(manager.lpToken(poolId)).balanceOf(actor);
        if (held == 0) return;
        uint256 lpIn = bound(fraction, 1, held);
        vm.prank(actor);
        try manager.removeLiquidity(
            poolId, lpIn, new uint256[](_ghostBalances[poolId].length), actor, block.timestamp
        ) {
            ++exits;
        } catch {
            _discard();
        }
        _sync();
    }

    function removeLiquiditySingle(uint256 poolSeed, uint256 tokenSeed, uint256 fraction, uint256 actorSeed)
        external recorded
    {
        (bytes32 poolId, address token,,,) = _pick(poolSeed, tokenSeed, 0);
        address actor = _actor(actorSeed);
        uint256 held = IPoolLpToken(manager.lpToken(poolId)).balanceOf(actor);
        if (held == 0) return;
        uint256 lpIn = bound(fraction, 1, held / 4 + 1);
        vm.prank(actor);
        try manager.removeLiquiditySingle(poolId, lpIn, token, 0, actor, block.timestamp) {
            ++exits;
        } catch {
            _discard();
        }
        _sync();
    }

    function collectProtocolFees(uint256 poolSeed) external recorded {
        manager.collectProtocolFees(pools[poolSeed % pools.length]);
        _sync();
    }

    function rampAmp(uint256 poolSeed, uint256 factor, uint256 duration, bool stop) external recorded {
        bytes32 poolId = pools[poolSeed % pools.length];
        if (isWeighted[poolId]) return;
        vm.startPrank(admin);
        if (stop) {
            try manager.stopAmpRamp(poolId) {
                ++ramps;
            } catch {
                _discard();
            }
        } else {
            (,,, uint256 amp,) = manager.getPoolState(poolId);
            duration = bound(duration, 1 days, 7 days);
            // Any target within 2x per day of duration (and the amp bounds).
            uint256 target = bound(factor, Math.max(1000, amp / 2), Math.min(5_000_000, amp * 2));
            try manager.rampAmp(poolId, target, block.timestamp + duration) {
                ++ramps;
            } catch {
                _discard();
            }
        }
        vm.stopPrank();
        _sync();
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }

    // ---------------------------------------------------------------- ghost accounting from events

    function ghostBalances(bytes32 poolId) external view returns (uint256[] memory) {
        return _ghostBalances[poolId];
    }

    function ghostFees(bytes32 poolId) external view returns (uint256[] memory) {
        return _ghostFees[poolId];
    }

    function poolCount() external view returns (uint256) {
        return pools.length;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    /// @dev Drops the logs of a reverted call: the test runner records logs of frames that later revert.
    function _discard() internal {
        vm.getRecordedLogs();
    }

    /// @dev Applies every log the manager emitted since the last sync.
    function _sync() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 k; k < logs.length; ++k) {
            if (logs[k].emitter != address(manager)) continue;
            bytes32 sig = logs[k].topics[0];
            if (sig == IPoolManagerTypes.Swap.selector) _applySwapLog(logs[k]);
            else if (sig == IPoolManagerTypes.LiquidityAdded.selector) _applyLiquidityLog(logs[k], true);
            else if (sig == IPoolManagerTypes.LiquidityRemoved.selector) _applyLiquidityLog(logs[k], false);
            else if (sig == IPoolManagerTypes.ProtocolFeesCollected.selector) _applyCollectLog(logs[k]);
        }
    }

    function _applySwapLog(Vm.Log memory log) internal {
        bytes32 poolId = log.topics[1];
        (address tokenIn, address tokenOut, uint256 amountIn, uint256 amountOut, uint256 protocolFee) =
            abi.decode(log.data, (address, address, uint256, uint256, uint256));
        uint256 i = _indexOf(poolId, tokenIn);
        uint256 j = _indexOf(poolId, tokenOut);
        _ghostBalances[poolId][i] += amountIn - protocolFee;
        _ghostFees[poolId][i] += protocolFee;
        _ghostBalances[poolId][j] -= amountOut;
    }

    function _applyLiquidityLog(Vm.Log memory log, bool added) internal {
        bytes32 poolId = log.topics[1];
        (uint256[] memory amounts, uint256[] memory protocolFees,) =
            abi.decode(log.data, (uint256[], uint256[], uint256));
        for (uint256 i; i < amounts.length; ++i) {
            if (added) _ghostBalances[poolId][i] = _ghostBalances[poolId][i] + amounts[i] - protocolFees[i];
            else _ghostBalances[poolId][i] -= amounts[i] + protocolFees[i];
            _ghostFees[poolId][i] += protocolFees[i];
        }
    }

    function _applyCollectLog(Vm.Log memory log) internal {
        bytes32 poolId = log.topics[1];
        uint256 amount = abi.decode(log.data, (uint256));
        _ghostFees[poolId][_indexOf(poolId, address(uint160(uint256(log.topics[2]))))] -= amount;
    }

    function _indexOf(bytes32 poolId, address token) internal view returns (uint256) {
        (address[] memory tokens,,,,) = manager.getPoolState(poolId);
        for (uint256 i; i < tokens.length; ++i) {
            if (tokens[i] == token) return i;
        }
        revert UnknownToken(poolId, token);
    }

    // ---------------------------------------------------------------- checks

    function _snapshot(bytes32 poolId) internal view returns (Snapshot memory s) {
        (, s.balances, s.weights,,) = manager.getPoolState(poolId);
        if (!isWeighted[poolId]) s.invariant = _stableInvariant(poolId);
        s.supply = IPoolLpToken(manager.lpToken(poolId)).totalSupply();
    }

    function _snapshotAll() internal view returns (Snapshot[] memory all) {
        all = new Snapshot[](pools.length);
        for (uint256 p; p < pools.length; ++p) {
            all[p] = _snapshot(pools[p]);
        }
    }

    /// @dev Weighted: ((V'/S') / (V/S))^20 = prod(q_i^(20 w_i)) evaluated at 1e36 precision (weights are multiples
    ///      of 5%). Stable: D' S >= D S' up to two wei of Newton tolerance on D.
    function _checkShareValue(Snapshot[] memory before) internal {
        for (uint256 p; p < pools.length; ++p) {
            Snapshot memory now_ = _snapshot(pools[p]);
            bool fell = isWeighted[pools[p]] ? _weightedShareFell(before[p], now_) : _stableShareFell(before[p], now_);
            if (fell) ++shareValueFalls;
        }
    }

    function _weightedShareFell(Snapshot memory before, Snapshot memory now_) internal pure returns (bool) {
        // Per-share growth of each balance, q_i = (B'_i / S') / (B_i / S); V per share grew iff prod(q_i^w_i) >= 1.
        // Normalising by the supply first keeps the product near one even for exits of almost the whole pool.
        uint256 product = 1e36;
        for (uint256 i; i < now_.balances.length; ++i) {
            uint256 q = Math.mulDiv(now_.balances[i] * before.supply, 1e36, before.balances[i] * now_.supply);
            for (uint256 k; k < before.weights[i] / 0.05e18; ++k) {
                product = Math.mulDiv(product, q, 1e36);
            }
        }
        // Flooring each 1e36-precision step costs at most ~1e-34; a real loss of one wei on 1e24-wei balances is
        // 1e-24, so anything within 1e-30 is rounding, not a fall.
        return product + product / 1e30 < 1e36;
    }

    function _stableShareFell(Snapshot memory before, Snapshot memory now_) internal pure returns (bool) {
        if (before.invariant == 0 || now_.invariant == 0) return false;
        return now_.invariant * before.supply + 2 * before.supply < before.invariant * now_.supply;
    }

    /// @dev Weighted: exact ratio-product check; stable: D at the (unchanged, same block) amplification.
    function _checkInvariant(bytes32 poolId, Snapshot memory before) internal {
        if (isWeighted[poolId]) {
            (, uint256[] memory balances,,,) = manager.getPoolState(poolId);
            if (!_weightedInvariantHeld(before.balances, balances, before.weights)) ++swapInvariantFalls;
        } else if (before.invariant != 0 && _stableInvariant(poolId) < before.invariant) {
            ++swapInvariantFalls;
        }
    }

    function _stableInvariant(bytes32 poolId) internal view returns (uint256) {
        try manager.getInvariant(poolId) returns (uint256 d) {
            return d;
        } catch {
            return 0;
        }
    }

    /// @dev See `PoolTestBase._weightedInvariantHeld`.
    function _weightedInvariantHeld(uint256[] memory before, uint256[] memory after_, uint256[] memory weights)
        internal
        pure
        returns (bool)
    {
        uint256 product = 1e36;
        for (uint256 i; i < before.length; ++i) {
            if (before[i] == after_[i]) continue;
            uint256 ratio = Math.mulDiv(after_[i], 1e36, before[i], Math.Rounding.Ceil);
            for (uint256 k; k < weights[i] / 0.05e18; ++k) {
                product = Math.mulDiv(product, ratio, 1e36, Math.Rounding.Ceil);
            }
        }
        return product >= 1e36;
    }

    // ---------------------------------------------------------------- selection

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _pick(uint256 poolSeed, uint256 inSeed, uint256 outSeed)
        internal
        view
        returns (bytes32 poolId, address tokenIn, address tokenOut, uint256 balanceIn, uint256 balanceOut)
    {
        poolId = pools[poolSeed % pools.length];
        (address[] memory tokens, uint256[] memory balances,,,) = manager.getPoolState(poolId);
        uint256 i = inSeed % tokens.length;
        uint256 j = (i + 1 + outSeed % (tokens.length - 1)) % tokens.length;
        (tokenIn, tokenOut, balanceIn, balanceOut) = (tokens[i], tokens[j], balances[i], balances[j]);
    }

    /// @dev Pools 0 (weighted A/B) and 3 (stable A/B) trade A <-> B; pool 2 (weighted A/B/D) continues into D.
    function _route(uint256 seed)
        internal
        view
        returns (address tokenA, address tokenB, address tokenLast, bytes32 first, bytes32 second)
    {
        (address[] memory tokens,,,,) = manager.getPoolState(pools[0]);
        (address[] memory tokens3,,,,) = manager.getPoolState(pools[2]);
        bool reverse = seed & 1 == 1;
        (tokenA, tokenB) = reverse ? (tokens[1], tokens[0]) : (tokens[0], tokens[1]);
        first = (seed >> 1) & 1 == 1 ? pools[0] : pools[3];
        uint256 choice = (seed >> 2) % 3;
        if (choice == 0) (second, tokenLast) = (pools[2], tokens3[2]);
        else if (choice == 1) (second, tokenLast) = (pools[3], tokenA);
        else (second, tokenLast) = (pools[0], tokenA);
    }
}

/// @notice Stateful properties of the manager under random swaps, joins, exits, ramps and time.
contract LiquidityPoolManagerInvariantTest is PoolTestBase {
    address private constant DEAD = 0x000000000000000000000000000000000000dEaD;
    PoolHandler private handler;
    address private carol = makeAddr("carol");

    function setUp() public override {
        super.setUp();
        _fund(carol);
        bytes32[] memory pools = new bytes32[](5);
        (pools[0], pools[1], pools[2], pools[3], pools[4]) = (weighted5050, weighted8020, weighted3, stable2, stable3);
        address[] memory actors = new address[](3);
        (actors[0], actors[1], actors[2]) = (alice, bob, carol);
        handler = new PoolHandler();
        handler.configure(_iface(), admin, pools, actors);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = PoolHandler.swapExactIn.selector;
        selectors[1] = PoolHandler.swapExactOut.selector;
        selectors[2] = PoolHandler.roundTrip.selector;
        selectors[3] = PoolHandler.multiHop.selector;
        selectors[4] = PoolHandler.addLiquidity.selector;
        selectors[5] = PoolHandler.addLiquiditySingle.selector;
        selectors[6] = PoolHandler.removeLiquidity.selector;
        selectors[7] = PoolHandler.removeLiquiditySingle.selector;
        selectors[8] = PoolHandler.collectProtocolFees.selector;
        selectors[9] = PoolHandler.rampAmp.selector;
        selectors[10] = PoolHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev (1) No swap (single or multi-hop) ever lowered the traded pool's invariant.
    function invariant_swapsNeverLowerInvariant() public view {
        assertEq(handler.swapInvariantFalls(), 0);
    }

    /// @dev No action lowered any pool's invariant per LP share (LPs never lose value to other users' actions).
    function invariant_shareValueNeverFalls() public view {
        assertEq(handler.shareValueFalls(), 0);
    }

    /// @dev (2) A -> B -> A never returned more than went in.
    function invariant_roundTripsNeverProfit() public view {
        assertEq(handler.roundTripViolations(), 0);
    }

    /// @dev (3a) The LP holders' proportional claims never exceed what the pool holds.
    function invariant_lpClaimsCoveredByBalances() public view {
        for (uint256 p; p < handler.poolCount(); ++p) {
            bytes32 poolId = handler.pools(p);
            IPoolLpToken lp = IPoolLpToken(manager.lpToken(poolId));
            uint256 supply = lp.totalSupply();
            uint256[] memory balances = _balances(poolId);
            uint256 held = lp.balanceOf(DEAD);
            for (uint256 a; a < handler.actorCount(); ++a) {
                held += lp.balanceOf(handler.actors(a));
            }
            assertEq(held, supply, "unknown LP holder");
            for (uint256 i; i < balances.length; ++i) {
                uint256 claims = balances[i] * lp.balanceOf(DEAD) / supply;
                for (uint256 a; a < handler.actorCount(); ++a) {
                    claims += balances[i] * lp.balanceOf(handler.actors(a)) / supply;
                }
                assertLe(claims, balances[i]);
            }
        }
    }

    /// @dev (3b) The manager's real token balances cover every pool balance plus owed protocol fees.
    function invariant_managerSolvent() public view {
        _assertSolvent(address(tokenA));
        _assertSolvent(address(tokenB));
        _assertSolvent(address(tokenC));
        _assertSolvent(address(tokenD));
    }

    /// @dev (4) getPoolState balances and owed fees equal the accounting rebuilt from events alone.
    function invariant_poolStateMatchesEventAccounting() public view {
        for (uint256 p; p < handler.poolCount(); ++p) {
            bytes32 poolId = handler.pools(p);
            assertEq(_balances(poolId), handler.ghostBalances(poolId), "balances differ from events");
            assertEq(manager.protocolFeesOwed(poolId), handler.ghostFees(poolId), "fees differ from events");
        }
    }

    /// @dev Every pool keeps its locked minimum liquidity and a positive invariant.
    function invariant_minimumLiquidityLocked() public view {
        for (uint256 p; p < handler.poolCount(); ++p) {
            bytes32 poolId = handler.pools(p);
            assertEq(IPoolLpToken(manager.lpToken(poolId)).balanceOf(DEAD), 1e6);
        }
    }

    /// @dev The handler's actions succeed often enough for the campaign to mean something.
    function test_handler_exercisesEveryAction() public {
        for (uint256 k; k < 40; ++k) {
            uint256 r = uint256(keccak256(abi.encode(k)));
            handler.swapExactIn(r, r >> 8, r >> 16, r >> 24, k);
            handler.swapExactOut(r >> 32, r >> 40, r >> 48, r >> 56, k);
            handler.roundTrip(r >> 64, r >> 72, r >> 80, r >> 88, k);
            handler.multiHop(r >> 96, r >> 104, k % 2 == 0, k);
            handler.addLiquidity(r >> 112, r >> 120, k);
            handler.addLiquiditySingle(r >> 128, r >> 136, r >> 144, k);
            handler.removeLiquidity(r >> 152, r >> 160, k);
            handler.removeLiquiditySingle(r >> 168, r >> 176, r >> 184, k);
            handler.rampAmp(r >> 192, r >> 200, r >> 208, k % 5 == 0);
            handler.collectProtocolFees(r >> 216);
            handler.warp(r >> 224);
        }
        assertGt(handler.swaps(), 40);
        assertGt(handler.multiHops(), 10);
        assertGt(handler.joins(), 20);
        assertGt(handler.exits(), 20);
        assertGt(handler.ramps(), 0);
        assertEq(handler.swapInvariantFalls(), 0);
        assertEq(handler.roundTripViolations(), 0);
        assertEq(handler.shareValueFalls(), 0);
        invariant_poolStateMatchesEventAccounting();
        invariant_managerSolvent();
    }

}
