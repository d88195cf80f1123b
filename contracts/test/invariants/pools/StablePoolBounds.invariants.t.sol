// SPDX-License-Identifier: MIT
// The handler sends raw calldata so that it can tell a `Panic` from a custom error.
// solhint-disable one-contract-per-file, avoid-low-level-calls
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {ILiquidityPoolManager} from "../../../src/interfaces/ILiquidityPoolManager.sol";
import {IPoolLpToken} from "../../../src/interfaces/IPoolLpToken.sol";
import {IPoolManagerTypes} from "../../../src/interfaces/IPoolManagerTypes.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";
import {PoolTestBase} from "../../pools/PoolTestBase.sol";

// The handler lives in this file: Hardhat's Solidity test runner only offers contracts defined in the test file
// being run as invariant targets.

/// @notice Drives the stable pools with extreme input: swaps of every magnitude (a few wei, a multiple of the pool,
///         up to 1e40 minted from the faucet, and 2^256 - 1) both ways and both kinds, single-sided and proportional
///         joins and exits of any size, amplification ramps and time. Counts every `Panic`, every swap that lowered
///         D, and probes that reasonable trades keep working after each action.
contract StableBoundsHandler is CommonBase, StdUtils {
    /// @notice Thrown when `configure` is called twice or by anyone but the deployer.
    error AlreadyConfigured();

    bytes4 private constant PANIC = 0x4e487b71;
    /// @dev Most the faucet hands out per action (mints stay far from the tokens' own 2^256 supply limit).
    uint256 private constant MAX_MINT = 1e40;

    ILiquidityPoolManager public manager;
    address public admin;
    bytes32[] public pools;
    address[] public actors;

    /// @notice Calls (actions and probes) that reverted with a `Panic`. Must stay zero.
    uint256 public panics;
    /// @notice Swaps after which the pool's D (same block, so same A) was lower than before. Must stay zero.
    uint256 public swapInvariantFalls;
    /// @notice Reasonable trades (1e-6 of the balances) refused with anything but the bounds' own errors, or refused
    ///         although they move the pool toward balance. Must stay zero.
    uint256 public reasonableRefusals;
    /// @notice Proportional joins and exits per pool: each may round a balance ratio by one raw unit.
    mapping(bytes32 poolId => uint256) public proportionalOps;
    /// @notice Successful calls per action, to show the campaign reaches every path.
    mapping(bytes32 action => uint256) public succeeded;
    /// @notice The last panic's revert data and calldata, for the report.
    bytes public lastPanic;

    address private immutable _deployer;

    /// @dev Parameterless: Hardhat deploys every contract of a test file on its own, with no arguments.
    constructor() {
        _deployer = msg.sender;
    }

    function configure(
        ILiquidityPoolManager manager_,
        address admin_,
        bytes32[] calldata pools_,
        address[] calldata actors_
    ) external {
        if (msg.sender != _deployer || address(manager) != address(0)) revert AlreadyConfigured();
        (manager, admin, pools, actors) = (manager_, admin_, pools_, actors_);
    }

    function poolCount() external view returns (uint256) {
        return pools.length;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    // ---------------------------------------------------------------- actions

    function swapExactIn(uint256 poolSeed, uint256 pairSeed, uint256 amountSeed, uint8 mode, uint256 actorSeed)
        external
    {
        (bytes32 poolId, address tokenIn, address tokenOut, uint256 balanceIn,) = _pick(poolSeed, pairSeed);
        uint256 amount = _amount(amountSeed, mode, balanceIn);
        address actor = _actor(actorSeed);
        _mint(tokenIn, actor, amount);
        uint256 d0 = _invariant(poolId);
        bytes memory data =
            abi.encodeCall(manager.swapExactIn, (poolId, tokenIn, tokenOut, amount, 0, actor, block.timestamp));
        if (_run(actor, data)) {
            succeeded["swapExactIn"]++;
            if (_invariant(poolId) < d0) swapInvariantFalls++;
        }
        _probe(poolSeed, pairSeed);
    }

    function swapExactOut(uint256 poolSeed, uint256 pairSeed, uint256 amountSeed, uint8 mode, uint256 actorSeed)
        external
    {
        (bytes32 poolId, address tokenIn, address tokenOut,, uint256 balanceOut) = _pick(poolSeed, pairSeed);
        uint256 amount = _amount(amountSeed, mode, balanceOut / 2);
        address actor = _actor(actorSeed);
        _mint(tokenIn, actor, MAX_MINT);
        uint256 d0 = _invariant(poolId);
        bytes memory data = abi.encodeCall(
            manager.swapExactOut, (poolId, tokenIn, tokenOut, amount, type(uint256).max, actor, block.timestamp)
        );
        if (_run(actor, data)) {
            succeeded["swapExactOut"]++;
            if (_invariant(poolId) < d0) swapInvariantFalls++;
        }
        _probe(poolSeed, pairSeed);
    }

    function addLiquiditySingle(uint256 poolSeed, uint256 pairSeed, uint256 amountSeed, uint8 mode, uint256 actorSeed)
        external
    {
        (bytes32 poolId, address token,, uint256 balance,) = _pick(poolSeed, pairSeed);
        uint256 amount = _amount(amountSeed, mode, balance);
        address actor = _actor(actorSeed);
        _mint(token, actor, amount);
        bytes memory data =
            abi.encodeCall(manager.addLiquiditySingle, (poolId, token, amount, 0, actor, block.timestamp));
        if (_run(actor, data)) succeeded["addLiquiditySingle"]++;
        _probe(poolSeed, pairSeed);
    }

    function removeLiquiditySingle(uint256 poolSeed, uint256 pairSeed, uint256 sharesSeed, uint256 actorSeed)
        external
    {
        (bytes32 poolId, address token,,,) = _pick(poolSeed, pairSeed);
        address actor = _actor(actorSeed);
        uint256 held = IPoolLpToken(manager.lpToken(poolId)).balanceOf(actor);
        if (held == 0) return;
        // Anything from one share to everything held (and, now and then, more than that).
        uint256 lpIn = _bound(sharesSeed, 1, held + held / 10);
        bytes memory data =
            abi.encodeCall(manager.removeLiquiditySingle, (poolId, lpIn, token, 0, actor, block.timestamp));
        if (_run(actor, data)) succeeded["removeLiquiditySingle"]++;
        _probe(poolSeed, pairSeed);
    }

    function addLiquidity(uint256 poolSeed, uint256 sharesSeed, uint8 mode, uint256 actorSeed) external {
        bytes32 poolId = pools[poolSeed % pools.length];
        uint256 supply = IPoolLpToken(manager.lpToken(poolId)).totalSupply();
        uint256 lpOut = _amount(sharesSeed, mode, supply);
        address actor = _actor(actorSeed);
        (address[] memory tokens, uint256[] memory balances,,,) = manager.getPoolState(poolId);
        uint256[] memory max = new uint256[](tokens.length);
        for (uint256 i; i < tokens.length; ++i) {
            max[i] = type(uint256).max;
            // Enough for any join that fits the ceiling; larger ones are refused before any transfer.
            if (lpOut <= supply * 1e6) _mint(tokens[i], actor, balances[i] * (lpOut / supply + 1));
        }
        if (_run(actor, abi.encodeCall(manager.addLiquidity, (poolId, max, lpOut, actor, block.timestamp)))) {
            succeeded["addLiquidity"]++;
            proportionalOps[poolId]++;
        }
        _probe(poolSeed, 0);
    }

    function removeLiquidity(uint256 poolSeed, uint256 sharesSeed, uint256 actorSeed) external {
        bytes32 poolId = pools[poolSeed % pools.length];
        address actor = _actor(actorSeed);
        uint256 held = IPoolLpToken(manager.lpToken(poolId)).balanceOf(actor);
        if (held == 0) return;
        uint256 lpIn = _bound(sharesSeed, 1, held + held / 10);
        bytes memory data = abi.encodeCall(
            manager.removeLiquidity, (poolId, lpIn, new uint256[](_tokenCount(poolId)), actor, block.timestamp)
        );
        if (_run(actor, data)) {
            succeeded["removeLiquidity"]++;
            proportionalOps[poolId]++;
        }
        _probe(poolSeed, 0);
    }

    /// @dev Ramps A anywhere the ramp rules allow (the bounds do not depend on A), or stops a ramp.
    function rampAmp(uint256 poolSeed, uint256 target, uint256 duration, bool stop) external {
        bytes32 poolId = pools[poolSeed % pools.length];
        (,,, uint256 amp,) = manager.getPoolState(poolId);
        duration = _bound(duration, 1 days, 7 days);
        uint256 lo = amp / 2 < 1000 ? 1000 : amp / 2;
        uint256 hi = amp * 2 > 5_000_000 ? 5_000_000 : amp * 2;
        bytes memory data = stop
            ? abi.encodeCall(manager.stopAmpRamp, (poolId))
            : abi.encodeCall(manager.rampAmp, (poolId, _bound(target, lo, hi), block.timestamp + duration));
        if (_run(admin, data)) succeeded["rampAmp"]++;
        _probe(poolSeed, 0);
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, 2 days));
    }

    // ---------------------------------------------------------------- probes

    /// @dev Reasonable operations on the pool just used, each 1e-6 of the balances or shares (at least one unit):
    ///      exact-in and exact-out between two of its tokens, a single-sided join and exit of one. Those that move the
    ///      pool toward balance (selling its smallest balance or buying its largest, joining the smallest, exiting
    ///      into the largest) must succeed; the others may also be refused, but only with the bounds' own errors.
    function _probe(uint256 poolSeed, uint256 pairSeed) internal {
        (bytes32 poolId, address a, address b, uint256 balanceA,) = _pick(poolSeed, pairSeed);
        address prober = actors[0];
        uint256 t = block.timestamp;
        uint256 size = balanceA / 1e6 + 1;
        _mint(a, prober, size);
        bool mayRefuse = !_towardBalance(poolId, a, b);
        _reasonable(prober, abi.encodeCall(manager.quoteSwap, (poolId, a, b, size)), mayRefuse);
        _reasonable(prober, abi.encodeCall(manager.swapExactIn, (poolId, a, b, size, 0, prober, t)), mayRefuse);
        (, a, b, balanceA,) = _pick(poolSeed, pairSeed);
        _mint(b, prober, MAX_MINT);
        size = balanceA / 1e6 + 1;
        mayRefuse = !_towardBalance(poolId, b, a);
        _reasonable(prober, abi.encodeCall(manager.quoteSwapExactOut, (poolId, b, a, size)), mayRefuse);
        _reasonable(
            prober,
            abi.encodeCall(manager.swapExactOut, (poolId, b, a, size, type(uint256).max, prober, t)),
            mayRefuse
        );
        (, a,, balanceA,) = _pick(poolSeed, pairSeed);
        size = balanceA / 1e6 + 1;
        _mint(a, prober, size);
        _reasonable(
            prober,
            abi.encodeCall(manager.addLiquiditySingle, (poolId, a, size, 0, prober, t)),
            !_isExtreme(poolId, a, true)
        );
        uint256 shares = IPoolLpToken(manager.lpToken(poolId)).totalSupply() / 1e6;
        if (shares != 0 && IPoolLpToken(manager.lpToken(poolId)).balanceOf(prober) >= shares) {
            _reasonable(
                prober,
                abi.encodeCall(manager.removeLiquiditySingle, (poolId, shares, a, 0, prober, t)),
                !_isExtreme(poolId, a, false)
            );
        }
    }

    function _reasonable(address from, bytes memory data, bool mayRefuse) internal {
        vm.prank(from);
        (bool ok, bytes memory reason) = address(manager).call(data);
        if (ok) return;
        if (_isPanic(reason, data)) return;
        bytes4 selector = bytes4(reason);
        bool bounded = selector == IPoolManagerTypes.MaxInRatioExceeded.selector
            || selector == IPoolManagerTypes.MaxOutRatioExceeded.selector
            || selector == IPoolManagerTypes.StableBalanceTooLow.selector;
        if (!(mayRefuse && bounded)) reasonableRefusals++;
    }

    // ---------------------------------------------------------------- helpers

    /// @dev Runs `data` as `from`; counts a `Panic`.
    function _run(address from, bytes memory data) internal returns (bool ok) {
        bytes memory reason;
        vm.prank(from);
        (ok, reason) = address(manager).call(data);
        if (!ok) _isPanic(reason, data);
    }

    function _isPanic(bytes memory reason, bytes memory data) internal returns (bool) {
        if (reason.length < 4 || bytes4(reason) != PANIC) return false;
        panics++;
        lastPanic = abi.encode(reason, data);
        return true;
    }

    /// @dev An amount of every magnitude: `mode` 0 a few wei, 1 up to three times `base`, 2 anything up to 1e40, 3 the
    ///      full uint256 range (mostly far beyond any balance), 4 exactly 2^256 - 1.
    function _amount(uint256 seed, uint8 mode, uint256 base) internal pure returns (uint256) {
        mode %= 5;
        if (mode == 0) return _bound(seed, 1, 1000);
        if (mode == 1) return _bound(seed, 1, base * 3 + 1);
        if (mode == 2) return _bound(seed, 1, MAX_MINT);
        if (mode == 3) return seed == 0 ? 1 : seed;
        return type(uint256).max;
    }

    function _mint(address token, address to, uint256 amount) internal {
        MockERC20(token).mint(to, amount > MAX_MINT ? MAX_MINT : amount);
        vm.prank(to);
        MockERC20(token).approve(address(manager), type(uint256).max);
    }

    function _invariant(bytes32 poolId) internal view returns (uint256) {
        return manager.getInvariant(poolId);
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _tokenCount(bytes32 poolId) internal view returns (uint256) {
        (address[] memory tokens,,,,) = manager.getPoolState(poolId);
        return tokens.length;
    }

    function _scaled(address token, uint256 balance) internal view returns (uint256) {
        return balance * 10 ** (18 - MockERC20(token).decimals());
    }

    /// @dev Whether `token` holds the pool's smallest (or, if not `smallest`, largest) scaled balance.
    function _isExtreme(bytes32 poolId, address token, bool smallest) internal view returns (bool) {
        (address[] memory tokens, uint256[] memory balances,,,) = manager.getPoolState(poolId);
        uint256 mine;
        uint256 lo = type(uint256).max;
        uint256 hi;
        for (uint256 i; i < tokens.length; ++i) {
            uint256 x = _scaled(tokens[i], balances[i]);
            if (tokens[i] == token) mine = x;
            if (x < lo) lo = x;
            if (x > hi) hi = x;
        }
        return mine == (smallest ? lo : hi);
    }

    /// @dev Whether selling `tokenIn` for `tokenOut` moves the pool toward balance: it sells the smallest balance or
    ///      buys the largest.
    function _towardBalance(bytes32 poolId, address tokenIn, address tokenOut) internal view returns (bool) {
        return _isExtreme(poolId, tokenIn, true) || _isExtreme(poolId, tokenOut, false);
    }

    function _pick(uint256 poolSeed, uint256 pairSeed)
        internal
        view
        returns (bytes32 poolId, address tokenIn, address tokenOut, uint256 balanceIn, uint256 balanceOut)
    {
        poolId = pools[poolSeed % pools.length];
        (address[] memory tokens, uint256[] memory balances,,,) = manager.getPoolState(poolId);
        uint256 i = pairSeed % tokens.length;
        uint256 j = (i + 1 + (pairSeed >> 8) % (tokens.length - 1)) % tokens.length;
        (tokenIn, tokenOut, balanceIn, balanceOut) = (tokens[i], tokens[j], balances[i], balances[j]);
    }
}

/// @notice Stable pools under extreme trades: after any sequence of hostile actions, nothing panics, reasonable
///         trades keep working, balances stay within the floor and ceiling, swaps never lower D, and the LP shares
///         never claim more than the pool holds.
contract StablePoolBoundsInvariantTest is PoolTestBase {
    address private constant DEAD = 0x000000000000000000000000000000000000dEaD;
    StableBoundsHandler private handler;
    address private carol = makeAddr("carol");

    function setUp() public override {
        super.setUp();
        _fund(carol);
        bytes32[] memory pools = new bytes32[](2);
        (pools[0], pools[1]) = (stable2, stable3);
        address[] memory actors = new address[](3);
        (actors[0], actors[1], actors[2]) = (alice, bob, carol);
        handler = new StableBoundsHandler();
        handler.configure(_iface(), admin, pools, actors);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = StableBoundsHandler.swapExactIn.selector;
        selectors[1] = StableBoundsHandler.swapExactOut.selector;
        selectors[2] = StableBoundsHandler.addLiquiditySingle.selector;
        selectors[3] = StableBoundsHandler.removeLiquiditySingle.selector;
        selectors[4] = StableBoundsHandler.addLiquidity.selector;
        selectors[5] = StableBoundsHandler.removeLiquidity.selector;
        selectors[6] = StableBoundsHandler.rampAmp.selector;
        selectors[7] = StableBoundsHandler.warp.selector;
        // Weighted: trades are what drives a pool to its bounds.
        selectors[8] = StableBoundsHandler.swapExactIn.selector;
        selectors[9] = StableBoundsHandler.swapExactOut.selector;
        selectors[10] = StableBoundsHandler.swapExactIn.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev Every property below, after every call of every run. One invariant function rather than five: the runner
    ///      gives each invariant function a campaign of its own, and five campaigns over the same handler would cost
    ///      five times the time for the same coverage.
    function invariant_stablePoolsHoldUnderExtremeTrades() public view {
        _assertNothingPanicked();
        _assertReasonableTradesWork();
        _assertWithinFloorAndCeiling();
        _assertSwapsNeverLoweredD();
        _assertLpClaimsCovered();
    }

    /// @dev No action and no probe ever reverted with a `Panic`: everything succeeded or named a custom error.
    function _assertNothingPanicked() private view {
        assertEq(handler.panics(), 0, string(handler.lastPanic()));
    }

    /// @dev Reasonable quotes, swaps, joins and exits (1e-6 of the balances or shares), probed after every action,
    ///      keep working; only those pushing the pool further from balance may be refused, and only with the bounds'
    ///      own errors.
    function _assertReasonableTradesWork() private view {
        assertEq(handler.reasonableRefusals(), 0);
    }

    /// @dev Every balance stays at or above 1% of its pool's largest (scaled to 18 decimals), up to one raw unit of
    ///      the largest token per proportional join or exit (their rounding may tip a pool sitting exactly on the
    ///      bound), and at or below `MAX_STABLE_BALANCE`.
    function _assertWithinFloorAndCeiling() private view {
        for (uint256 p; p < handler.poolCount(); ++p) {
            bytes32 poolId = handler.pools(p);
            (address[] memory tokens, uint256[] memory balances,,,) = manager.getPoolState(poolId);
            uint256 smallest = type(uint256).max;
            uint256 largest;
            uint256 largestScale;
            for (uint256 i; i < tokens.length; ++i) {
                uint256 scale = 10 ** (18 - MockERC20(tokens[i]).decimals());
                uint256 x = balances[i] * scale;
                if (x < smallest) smallest = x;
                if (x > largest) (largest, largestScale) = (x, scale);
            }
            assertLe(largest, manager.MAX_STABLE_BALANCE(), "above the ceiling");
            uint256 slack = handler.proportionalOps(poolId) * largestScale;
            assertGe(smallest * manager.MAX_STABLE_IMBALANCE() + slack, largest, "below the floor");
        }
    }

    /// @dev No swap lowered its pool's invariant D.
    function _assertSwapsNeverLoweredD() private view {
        assertEq(handler.swapInvariantFalls(), 0);
    }

    /// @dev The LP holders' proportional claims never exceed what the pool holds, and the manager holds every pool's
    ///      balances plus owed protocol fees.
    function _assertLpClaimsCovered() private view {
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
        _assertSolvent(address(tokenA));
        _assertSolvent(address(tokenB));
        _assertSolvent(address(tokenC));
        _assertSolvent(address(tokenD));
    }

    /// @dev The campaign reaches every action, including the extremes. Kept short: a failing test is re-run with
    ///      every step traced for its stack trace, and a long one would need gigabytes for that.
    function test_handler_reachesEveryAction() public {
        for (uint256 k; k < 10; ++k) {
            uint256 r = uint256(keccak256(abi.encode(k)));
            uint8 mode = uint8(k % 5);
            handler.swapExactIn(r, r >> 8, r >> 16, mode, k);
            handler.swapExactOut(r >> 24, r >> 32, r >> 40, mode, k);
            handler.addLiquiditySingle(r >> 48, r >> 56, r >> 64, mode, k);
            handler.removeLiquiditySingle(r >> 72, r >> 80, r >> 88, k);
            handler.addLiquidity(r >> 96, r >> 104, mode, k);
            handler.removeLiquidity(r >> 112, r >> 120, k);
            handler.rampAmp(r >> 128, r >> 136, r >> 144, k % 7 == 0);
            handler.warp(r >> 152);
        }
        assertGt(handler.succeeded("swapExactIn"), 0);
        assertGt(handler.succeeded("swapExactOut"), 0);
        assertGt(handler.succeeded("addLiquiditySingle"), 0);
        assertGt(handler.succeeded("removeLiquiditySingle"), 0);
        assertGt(handler.succeeded("addLiquidity"), 0);
        assertGt(handler.succeeded("removeLiquidity"), 0);
        assertGt(handler.succeeded("rampAmp"), 0);
        _assertNothingPanicked();
        _assertReasonableTradesWork();
        _assertWithinFloorAndCeiling();
        _assertSwapsNeverLoweredD();
        _assertLpClaimsCovered();
    }
}
