// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ILiquidityPoolManager} from "../../src/interfaces/ILiquidityPoolManager.sol";
import {IPoolLpToken} from "../../src/interfaces/IPoolLpToken.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {LiquidityPoolManager} from "../../src/pools/LiquidityPoolManager.sol";
import {LiquidityPoolManagerExtension} from "../../src/pools/LiquidityPoolManagerExtension.sol";
import {OracleDouble} from "./OracleDouble.sol";

/// @notice Shared fixture: a manager with three weighted and two stable pools, funded users and helpers.
// solhint-disable-next-line max-states-count
abstract contract PoolTestBase is Test {
    /// @notice Thrown by the exact invariant check for weights it cannot evaluate.
    error WeightNotMultipleOfFivePercent(uint256 weight);

    uint256 internal constant FEE = 0.003e18;
    uint256 internal constant SHARE = 0.2e18;

    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    OracleDouble internal oracle;
    LiquidityPoolManager internal manager;
    LiquidityPoolManagerExtension internal extension;

    MockERC20 internal tokenA; // 18 decimals
    MockERC20 internal tokenB; // 18 decimals
    MockERC20 internal tokenC; // 6 decimals
    MockERC20 internal tokenD; // 8 decimals

    bytes32 internal weighted5050; // A/B 50/50
    bytes32 internal weighted8020; // A/C 80/20
    bytes32 internal weighted3; // A/B/D 40/30/30
    bytes32 internal stable2; // A/B, A = 200
    bytes32 internal stable3; // A/C/D, A = 100

    function setUp() public virtual {
        oracle = new OracleDouble();
        extension = new LiquidityPoolManagerExtension();
        manager = new LiquidityPoolManager(admin, guardian, oracle, treasury, SHARE, address(extension));
        tokenA = new MockERC20("Token A", "A", 18);
        tokenB = new MockERC20("Token B", "B", 18);
        tokenC = new MockERC20("Token C", "C", 6);
        tokenD = new MockERC20("Token D", "D", 8);
        vm.label(address(tokenA), "A");
        vm.label(address(tokenB), "B");
        vm.label(address(tokenC), "C");
        vm.label(address(tokenD), "D");
        _fund(alice);
        _fund(bob);

        vm.startPrank(admin);
        weighted5050 = manager.createWeightedPool(_pair(tokenA, tokenB), _w2(0.5e18, 0.5e18), FEE, "W AB", "WAB");
        weighted8020 = manager.createWeightedPool(_pair(tokenA, tokenC), _w2(0.8e18, 0.2e18), FEE, "W AC", "WAC");
        address[] memory t3 = new address[](3);
        t3[0] = address(tokenA);
        t3[1] = address(tokenB);
        t3[2] = address(tokenD);
        uint256[] memory w3 = new uint256[](3);
        w3[0] = 0.4e18;
        w3[1] = 0.3e18;
        w3[2] = 0.3e18;
        weighted3 = manager.createWeightedPool(t3, w3, FEE, "W ABD", "WABD");
        stable2 = manager.createStablePool(_pair(tokenA, tokenB), 200_000, 0.0004e18, "S AB", "SAB");
        t3[1] = address(tokenC);
        stable3 = manager.createStablePool(t3, 100_000, 0.0004e18, "S ACD", "SACD");
        vm.stopPrank();

        vm.startPrank(alice);
        manager.initialize(weighted5050, _a2(1_000_000e18, 1_000_000e18), alice, _deadline());
        manager.initialize(weighted8020, _a2(4_000_000e18, 1_000_000e6), alice, _deadline());
        manager.initialize(weighted3, _a3(400_000e18, 300_000e18, 300_000e8), alice, _deadline());
        manager.initialize(stable2, _a2(1_000_000e18, 1_000_000e18), alice, _deadline());
        manager.initialize(stable3, _a3(1_000_000e18, 1_000_000e6, 1_000_000e8), alice, _deadline());
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- helpers

    function _fund(address user) internal {
        MockERC20[4] memory tokens = [tokenA, tokenB, tokenC, tokenD];
        for (uint256 i; i < 4; ++i) {
            tokens[i].mint(user, 10 ** (tokens[i].decimals() + 12));
            vm.prank(user);
            tokens[i].approve(address(manager), type(uint256).max);
        }
    }

    function _deadline() internal view returns (uint256) {
        return block.timestamp + 1 hours;
    }

    function _pair(MockERC20 a, MockERC20 b) internal pure returns (address[] memory tokens) {
        tokens = new address[](2);
        tokens[0] = address(a);
        tokens[1] = address(b);
    }

    function _w2(uint256 a, uint256 b) internal pure returns (uint256[] memory w) {
        w = new uint256[](2);
        w[0] = a;
        w[1] = b;
    }

    function _a2(uint256 a, uint256 b) internal pure returns (uint256[] memory amounts) {
        amounts = _w2(a, b);
    }

    function _a3(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory amounts) {
        amounts = new uint256[](3);
        amounts[0] = a;
        amounts[1] = b;
        amounts[2] = c;
    }

    function _balances(bytes32 poolId) internal view returns (uint256[] memory balances) {
        (, balances,,,) = manager.getPoolState(poolId);
    }

    function _lp(bytes32 poolId) internal view returns (IPoolLpToken) {
        return IPoolLpToken(manager.lpToken(poolId));
    }

    /// @dev The manager holds at least every pool's balance plus owed protocol fees of `token`.
    function _assertSolvent(address token) internal view {
        uint256 owed;
        uint256 count = manager.poolCount();
        for (uint256 p; p < count; ++p) {
            bytes32 id = manager.poolIdAt(p);
            (address[] memory tokens, uint256[] memory balances,,,) = manager.getPoolState(id);
            uint256[] memory fees = manager.protocolFeesOwed(id);
            for (uint256 i; i < tokens.length; ++i) {
                if (tokens[i] == token) owed += balances[i] + fees[i];
            }
        }
        assertGe(MockERC20(token).balanceOf(address(manager)), owed, "manager insolvent");
    }

    /// @dev Whether a weighted pool's invariant prod(B_i^w_i) did not fall from `before` to `after`, computed
    ///      exactly enough to see single-wei changes (the library's pow-based invariant is only accurate to ~1e-14):
    ///      with weights that are multiples of 5%, V_after / V_before = prod((B'_i / B_i)^(20 w_i))^(1/20), and the
    ///      product of integer powers of the ratios is evaluated at 1e36 precision, rounding each step up (so a
    ///      result below one is a real decrease, not rounding noise).
    function _weightedInvariantHeld(uint256[] memory before, uint256[] memory after_, uint256[] memory weights)
        internal
        pure
        returns (bool)
    {
        uint256 product = 1e36;
        for (uint256 i; i < before.length; ++i) {
            if (before[i] == after_[i]) continue;
            if (weights[i] % 0.05e18 != 0) revert WeightNotMultipleOfFivePercent(weights[i]);
            uint256 ratio = Math.mulDiv(after_[i], 1e36, before[i], Math.Rounding.Ceil);
            for (uint256 k; k < weights[i] / 0.05e18; ++k) {
                product = Math.mulDiv(product, ratio, 1e36, Math.Rounding.Ceil);
            }
        }
        return product >= 1e36;
    }

    function _iface() internal view returns (ILiquidityPoolManager) {
        return ILiquidityPoolManager(address(manager));
    }
}
