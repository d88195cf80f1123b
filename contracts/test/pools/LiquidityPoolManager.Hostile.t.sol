// SPDX-License-Identifier: MIT
// The tests call the manager with raw calldata to read what it reverted with.
// solhint-disable avoid-low-level-calls
pragma solidity 0.8.30;

import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice Hostile input: the amounts anyone can reach with the faucet tokens, up to 2^256 - 1, on every entry point.
///         Every call either works or reverts with a custom error, never with a `Panic`; and no trade, however
///         large, leaves a stable pool where reasonable quotes, swaps and exits stop working (issue 12).
contract LiquidityPoolManagerHostileTest is PoolTestBase {
    bytes4 private constant PANIC = 0x4e487b71;
    uint256 private constant MAX = type(uint256).max;

    address private mallory = makeAddr("mallory");

    function setUp() public override {
        super.setUp();
        _fund(mallory);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev Calls the manager as `from`; fails the test on a `Panic` (an arithmetic error where a custom error was
    ///      due). Returns whether the call succeeded.
    function _call(address from, bytes memory data) private returns (bool ok) {
        (ok,) = _callData(from, data);
    }

    function _callData(address from, bytes memory data) private returns (bool ok, bytes memory ret) {
        vm.prank(from);
        (ok, ret) = address(manager).call(data);
        if (!ok && ret.length >= 4 && bytes4(ret) == PANIC) {
            emit log_named_bytes("panicked on", data);
            emit log_named_bytes("with", ret);
            fail();
        }
    }

    /// @dev `_call` that must succeed.
    function _callOk(address from, bytes memory data) private {
        (bool ok, bytes memory ret) = _callData(from, data);
        if (!ok) {
            emit log_named_bytes("failed", data);
            emit log_named_bytes("with", ret);
        }
        assertTrue(ok, "reasonable call failed");
    }

    /// @dev `_call` that must revert (with a custom error).
    function _callReverts(address from, bytes memory data) private {
        assertFalse(_call(from, data), "absurd call succeeded");
    }

    function _route(bytes32 pool1, address out1, bytes32 pool2, address out2)
        private
        pure
        returns (IPoolManagerTypes.SwapStep[] memory route)
    {
        route = new IPoolManagerTypes.SwapStep[](2);
        route[0] = IPoolManagerTypes.SwapStep(pool1, out1);
        route[1] = IPoolManagerTypes.SwapStep(pool2, out2);
    }

    /// @dev `_call` that must succeed, or (if `mayRefuse`) revert because it would cross the stable-pool bounds.
    function _callUsable(address from, bytes memory data, bool mayRefuse) private {
        (bool ok, bytes memory ret) = _callData(from, data);
        if (ok) return;
        bytes4 reason = bytes4(ret);
        bool bounded = reason == IPoolManagerTypes.MaxInRatioExceeded.selector
            || reason == IPoolManagerTypes.MaxOutRatioExceeded.selector
            || reason == IPoolManagerTypes.StableBalanceTooLow.selector;
        if (mayRefuse && bounded) return;
        emit log_named_bytes("failed", data);
        emit log_named_bytes("with", ret);
        fail();
    }

    /// @dev Quotes and swaps (both ways, both kinds), single-sided joins of and exits into every token, and a
    ///      proportional round trip, each of a reasonable size (1e-6 of the balances or shares), all work. A pool
    ///      sitting at its floor may refuse what pushes it further (selling into its largest balance, joining its
    ///      largest, exiting into its smallest), with the bounds' own errors; nothing else.
    function _assertUsable(bytes32 poolId) private {
        (address[] memory tokens, uint256[] memory balances,,,) = manager.getPoolState(poolId);
        uint256 n = tokens.length;
        uint256[] memory scaled = _scaled(tokens, balances);
        (uint256 smallest, uint256 largest) = _extremes(scaled);
        uint256 t = _deadline();
        for (uint256 i; i < n; ++i) {
            for (uint256 j; j < n; ++j) {
                if (i != j) {
                    bool worse = scaled[i] >= scaled[j];
                    _swapsUsable(poolId, tokens[i], tokens[j], balances[i] / 1e6 + 1, balances[j] / 1e6 + 1, worse);
                }
            }
        }
        uint256 shares = _lp(poolId).totalSupply() / 1e6;
        for (uint256 i; i < n; ++i) {
            address a = tokens[i];
            uint256 size = balances[i] / 1e6 + 1;
            _callUsable(mallory, abi.encodeCall(manager.quoteAddLiquiditySingle, (poolId, a, size)), i == largest);
            _callUsable(
                mallory, abi.encodeCall(manager.addLiquiditySingle, (poolId, a, size, 0, mallory, t)), i == largest
            );
            _callUsable(alice, abi.encodeCall(manager.quoteRemoveLiquiditySingle, (poolId, shares, a)), i == smallest);
            _callUsable(
                alice, abi.encodeCall(manager.removeLiquiditySingle, (poolId, shares, a, 0, alice, t)), i == smallest
            );
        }
        uint256[] memory max = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            max[i] = MAX;
        }
        _callOk(mallory, abi.encodeCall(manager.addLiquidity, (poolId, max, shares, mallory, t)));
        _callOk(mallory, abi.encodeCall(manager.removeLiquidity, (poolId, shares, new uint256[](n), mallory, t)));
    }

    /// @dev Both kinds of quote and swap of `a` for `b`; `worse` if they push the pool further from balance.
    function _swapsUsable(bytes32 poolId, address a, address b, uint256 size, uint256 sizeOut, bool worse) private {
        uint256 t = _deadline();
        _callUsable(mallory, abi.encodeCall(manager.quoteSwap, (poolId, a, b, size)), worse);
        _callUsable(mallory, abi.encodeCall(manager.quoteSwapExactOut, (poolId, a, b, sizeOut)), worse);
        _callUsable(mallory, abi.encodeCall(manager.swapExactIn, (poolId, a, b, size, 0, mallory, t)), worse);
        _callUsable(mallory, abi.encodeCall(manager.swapExactOut, (poolId, a, b, sizeOut, MAX, mallory, t)), worse);
    }

    function _scaled(address[] memory tokens, uint256[] memory balances)
        private
        view
        returns (uint256[] memory scaled)
    {
        scaled = new uint256[](tokens.length);
        for (uint256 i; i < tokens.length; ++i) {
            scaled[i] = balances[i] * 10 ** (18 - MockERC20(tokens[i]).decimals());
        }
    }

    /// @dev Indexes of the smallest and largest of `xs`.
    function _extremes(uint256[] memory xs) private pure returns (uint256 smallest, uint256 largest) {
        for (uint256 i = 1; i < xs.length; ++i) {
            if (xs[i] < xs[smallest]) smallest = i;
            if (xs[i] > xs[largest]) largest = i;
        }
    }

    /// @dev The stable-pool balance floor: every balance at least 1% of the largest (scaled to 18 decimals).
    function _assertAboveFloor(bytes32 poolId) private view {
        (address[] memory tokens, uint256[] memory balances,,,) = manager.getPoolState(poolId);
        uint256[] memory scaled = _scaled(tokens, balances);
        (uint256 smallest, uint256 largest) = _extremes(scaled);
        assertGe(scaled[smallest] * 100, scaled[largest], "balance below 1% of the largest");
    }

    // ---------------------------------------------------------------- the issue: one huge stable swap

    /// @dev The issue's attack: one swap of 1e36 A (minted from the faucet) drove stable2's B balance to 2 wei, after
    ///      which every quote, swap and single-sided exit reverted with Panic(0x11). Now it is refused and the pool
    ///      keeps working.
    function test_hugeStableSwap_leavesPoolUsable() public {
        tokenA.mint(mallory, 1e36);
        _call(
            mallory,
            abi.encodeCall(
                manager.swapExactIn, (stable2, address(tokenA), address(tokenB), 1e36, 0, mallory, _deadline())
            )
        );
        _assertAboveFloor(stable2);
        _assertUsable(stable2);
    }

    /// @dev The largest exact-in trade a stable pool accepts (found by quoting) still leaves it usable, in both
    ///      directions and with mixed decimals.
    function test_largestAcceptedStableSwap_leavesPoolUsable() public {
        _tradeToTheLimit(stable2, address(tokenA), address(tokenB));
        _assertAboveFloor(stable2);
        _assertUsable(stable2);
        _tradeToTheLimit(stable3, address(tokenD), address(tokenC));
        _tradeToTheLimit(stable3, address(tokenA), address(tokenD));
        _assertAboveFloor(stable3);
        _assertUsable(stable3);
    }

    /// @dev Binary search for the largest amount `quoteSwap` accepts (up to 2^160), then swaps it.
    function _tradeToTheLimit(bytes32 poolId, address tokenIn, address tokenOut) private {
        uint256 lo;
        uint256 hi = 1 << 160;
        while (lo < hi) {
            uint256 mid = lo + (hi - lo + 1) / 2;
            if (_call(mallory, abi.encodeCall(manager.quoteSwap, (poolId, tokenIn, tokenOut, mid)))) lo = mid;
            else hi = mid - 1;
        }
        assertGt(lo, 0, "no trade accepted");
        MockERC20(tokenIn).mint(mallory, lo);
        _callOk(mallory, abi.encodeCall(manager.swapExactIn, (poolId, tokenIn, tokenOut, lo, 0, mallory, _deadline())));
    }

    /// @dev A single-sided join of 50x the pool into a stable pool with the highest swap fee: its imbalance fee on
    ///      the other token would exceed that token's balance.
    function test_hugeStableJoin_neverPanics() public {
        uint256 maxFee = manager.MAX_SWAP_FEE();
        vm.prank(admin);
        manager.setSwapFee(stable2, maxFee);
        tokenB.mint(mallory, 50_000_000e18);
        _callReverts(
            mallory,
            abi.encodeCall(
                manager.addLiquiditySingle, (stable2, address(tokenB), 50_000_000e18, 0, mallory, _deadline())
            )
        );
        _assertUsable(stable2);
    }

    // ---------------------------------------------------------------- 2^256 - 1 everywhere

    /// @dev Every entry point given 2^256 - 1 (as amount, shares or limit) reverts with a custom error.
    function test_maxUint256_revertsWithCustomErrors() public {
        bytes32[4] memory pools = [weighted5050, weighted8020, stable2, stable3];
        address[4] memory ins = [address(tokenA), address(tokenC), address(tokenA), address(tokenC)];
        address[4] memory outs = [address(tokenB), address(tokenA), address(tokenB), address(tokenD)];
        for (uint256 p; p < 4; ++p) {
            (bytes32 id, address a, address b) = (pools[p], ins[p], outs[p]);
            _callReverts(mallory, abi.encodeCall(manager.quoteSwap, (id, a, b, MAX)));
            _callReverts(mallory, abi.encodeCall(manager.quoteSwapExactOut, (id, a, b, MAX)));
            _callReverts(mallory, abi.encodeCall(manager.swapExactIn, (id, a, b, MAX, 0, mallory, _deadline())));
            _callReverts(mallory, abi.encodeCall(manager.swapExactOut, (id, a, b, MAX, MAX, mallory, _deadline())));
            _callReverts(mallory, abi.encodeCall(manager.quoteAddLiquiditySingle, (id, a, MAX)));
            _callReverts(mallory, abi.encodeCall(manager.addLiquiditySingle, (id, a, MAX, 0, mallory, _deadline())));
            _callReverts(mallory, abi.encodeCall(manager.quoteRemoveLiquiditySingle, (id, MAX, b)));
            _callReverts(alice, abi.encodeCall(manager.removeLiquiditySingle, (id, MAX, b, 0, alice, _deadline())));
            uint256[] memory limits = new uint256[](id == stable3 ? 3 : 2);
            for (uint256 i; i < limits.length; ++i) {
                limits[i] = MAX;
            }
            _callReverts(mallory, abi.encodeCall(manager.addLiquidity, (id, limits, MAX, mallory, _deadline())));
            uint256[] memory mins = new uint256[](limits.length);
            _callReverts(alice, abi.encodeCall(manager.removeLiquidity, (id, MAX, mins, alice, _deadline())));
        }
        // Multi-hop: A -(stable2)-> B -(weighted3)-> D, and A -(weighted5050)-> B -(stable2)-> A.
        IPoolManagerTypes.SwapStep[] memory r1 = _route(stable2, address(tokenB), weighted3, address(tokenD));
        IPoolManagerTypes.SwapStep[] memory r2 = _route(weighted5050, address(tokenB), stable2, address(tokenA));
        for (uint256 k; k < 2; ++k) {
            IPoolManagerTypes.SwapStep[] memory route = k == 0 ? r1 : r2;
            _callReverts(
                mallory,
                abi.encodeCall(manager.swapExactInMultiHop, (address(tokenA), route, MAX, 0, mallory, _deadline()))
            );
            _callReverts(
                mallory,
                abi.encodeCall(manager.swapExactOutMultiHop, (address(tokenA), route, MAX, MAX, mallory, _deadline()))
            );
        }
    }

    /// @dev First joins of absurd or lopsided amounts into fresh pools of both kinds.
    function test_initialize_absurdAmountsRevertWithCustomErrors() public {
        vm.startPrank(admin);
        bytes32 w = manager.createWeightedPool(_pair(tokenA, tokenC), _w2(0.5e18, 0.5e18), FEE, "W", "W");
        bytes32 s = manager.createStablePool(_pair(tokenA, tokenC), 200_000, 0.0004e18, "S", "S");
        vm.stopPrank();
        uint256[4] memory amounts = [MAX, uint256(type(uint128).max) + 1, type(uint128).max, 1e40];
        for (uint256 k; k < amounts.length; ++k) {
            _callReverts(mallory, abi.encodeCall(manager.initialize, (w, _a2(amounts[k], 1e6), mallory, _deadline())));
            _callReverts(mallory, abi.encodeCall(manager.initialize, (s, _a2(amounts[k], 1e6), mallory, _deadline())));
            _callReverts(mallory, abi.encodeCall(manager.initialize, (s, _a2(1e18, amounts[k]), mallory, _deadline())));
        }
        // Lopsided: 1e24 A against one millionth of a C.
        _callReverts(mallory, abi.encodeCall(manager.initialize, (s, _a2(1e24, 1), mallory, _deadline())));
    }

    /// @dev Any amount, of any magnitude, on any entry point of any pool: success or a custom error.
    function testFuzz_anyAmount_neverPanics(uint256 amount, uint8 shift, uint256 seed) public {
        (address from, bytes memory data) = _entryPoint(seed, amount >> shift);
        _call(from, data);
        // Whatever happened, the stable pools stay within their bounds.
        _assertAboveFloor(stable2);
        _assertAboveFloor(stable3);
    }

    /// @dev Pool, direction and entry point from `seed`; the caller holds `amount` of the input token.
    function _entryPoint(uint256 seed, uint256 amount) private returns (address from, bytes memory data) {
        bytes32[5] memory pools = [weighted5050, weighted8020, weighted3, stable2, stable3];
        bytes32 id = pools[seed % 5];
        (address[] memory tokens,,,,) = manager.getPoolState(id);
        (address a, address b) = (seed >> 8) & 1 == 1 ? (tokens[1], tokens[0]) : (tokens[0], tokens[1]);
        MockERC20(a).mint(mallory, amount > type(uint160).max ? type(uint160).max : amount);
        (from, data) = _calldata((seed >> 16) % 12, id, a, b, amount, tokens.length);
    }

    /// @dev The calldata of entry point `op` for `amount` (of `a` in, of `b` out, or of shares).
    function _calldata(uint256 op, bytes32 id, address a, address b, uint256 amount, uint256 n)
        private
        view
        returns (address from, bytes memory data)
    {
        uint256 t = _deadline();
        uint256[] memory limits = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            limits[i] = MAX;
        }
        from = mallory;
        if (op == 0) data = abi.encodeCall(manager.quoteSwap, (id, a, b, amount));
        else if (op == 1) data = abi.encodeCall(manager.quoteSwapExactOut, (id, a, b, amount));
        else if (op == 2) data = abi.encodeCall(manager.swapExactIn, (id, a, b, amount, 0, from, t));
        else if (op == 3) data = abi.encodeCall(manager.swapExactOut, (id, a, b, amount, MAX, from, t));
        else if (op == 4) data = abi.encodeCall(manager.addLiquiditySingle, (id, a, amount, 0, from, t));
        else if (op == 5) data = abi.encodeCall(manager.addLiquidity, (id, limits, amount, from, t));
        else if (op == 6) data = abi.encodeCall(manager.quoteAddLiquiditySingle, (id, a, amount));
        else if (op == 7) data = abi.encodeCall(manager.quoteRemoveLiquiditySingle, (id, amount, b));
        else if (op == 8) data = abi.encodeCall(manager.removeLiquiditySingle, (id, amount, b, 0, alice, t));
        else if (op == 9) data = abi.encodeCall(manager.removeLiquidity, (id, amount, new uint256[](n), alice, t));
        else if (op == 10) {
            IPoolManagerTypes.SwapStep[] memory route = _route(stable2, address(tokenB), weighted5050, address(tokenA));
            data = abi.encodeCall(manager.swapExactInMultiHop, (address(tokenA), route, amount, 0, from, t));
        } else {
            IPoolManagerTypes.SwapStep[] memory route = _route(weighted5050, address(tokenB), stable2, address(tokenA));
            data = abi.encodeCall(manager.swapExactOutMultiHop, (address(tokenA), route, amount, MAX, from, t));
        }
        // Exits spend alice's shares (she holds nearly all of them).
        if (op == 8 || op == 9) from = alice;
    }
}
