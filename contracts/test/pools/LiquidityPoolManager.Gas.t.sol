// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice Gas budgets of the hot paths, one call per test so storage and accounts start cold exactly as in a
///         real transaction (pool already funded, recipient already holding the output token, infinite approval).
/// @dev Figures are the gas used inside the manager's call frame (`vm.lastCallGas`), i.e. a transaction's cost
///      minus its 21,000 base cost and calldata. `npx hardhat test solidity --gas-stats` reports the
///      transaction-level figure of the same calls (base and calldata included).
contract LiquidityPoolManagerGasTest is PoolTestBase {
    uint256 private constant WEIGHTED_SWAP_BUDGET = 75_000;
    uint256 private constant STABLE_SWAP_BUDGET = 95_000;

    function test_gas_swapExactIn_weightedTwoToken() public {
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1000e18, 0, bob, block.timestamp);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        emit log_named_uint("swapExactIn weighted 50/50", used);
        assertLe(used, WEIGHTED_SWAP_BUDGET);
    }

    function test_gas_swapExactIn_weightedUnequalWeights() public {
        vm.prank(bob);
        manager.swapExactIn(weighted8020, address(tokenA), address(tokenC), 1000e18, 0, bob, block.timestamp);
        emit log_named_uint("swapExactIn weighted 80/20", vm.lastCallGas().gasTotalUsed);
    }

    function test_gas_swapExactIn_stableTwoToken() public {
        vm.prank(bob);
        manager.swapExactIn(stable2, address(tokenA), address(tokenB), 1000e18, 0, bob, block.timestamp);
        uint256 used = vm.lastCallGas().gasTotalUsed;
        emit log_named_uint("swapExactIn stable 2 tokens", used);
        assertLe(used, STABLE_SWAP_BUDGET);
    }

    function test_gas_swapExactOut_weightedTwoToken() public {
        vm.prank(bob);
        manager.swapExactOut(
            weighted5050, address(tokenA), address(tokenB), 1000e18, type(uint256).max, bob, block.timestamp
        );
        uint256 used = vm.lastCallGas().gasTotalUsed;
        emit log_named_uint("swapExactOut weighted 50/50", used);
        assertLe(used, WEIGHTED_SWAP_BUDGET);
    }

    function test_gas_swapExactOut_stableTwoToken() public {
        vm.prank(bob);
        manager.swapExactOut(
            stable2, address(tokenA), address(tokenB), 1000e18, type(uint256).max, bob, block.timestamp
        );
        uint256 used = vm.lastCallGas().gasTotalUsed;
        emit log_named_uint("swapExactOut stable 2 tokens", used);
        assertLe(used, STABLE_SWAP_BUDGET);
    }

    function test_gas_swapExactInMultiHop_twoHops() public {
        IPoolManagerTypes.SwapStep[] memory route = new IPoolManagerTypes.SwapStep[](2);
        route[0] = IPoolManagerTypes.SwapStep(weighted5050, address(tokenB));
        route[1] = IPoolManagerTypes.SwapStep(stable2, address(tokenA));
        vm.prank(bob);
        manager.swapExactInMultiHop(address(tokenA), route, 1000e18, 0, bob, block.timestamp);
        emit log_named_uint("swapExactInMultiHop 2 hops", vm.lastCallGas().gasTotalUsed);
    }

    function test_gas_addLiquidity_weightedTwoToken() public {
        vm.prank(alice);
        manager.addLiquidity(weighted5050, _a2(type(uint256).max, type(uint256).max), 1000e18, alice, block.timestamp);
        emit log_named_uint("addLiquidity weighted 2 tokens", vm.lastCallGas().gasTotalUsed);
    }

    function test_gas_removeLiquidity_weightedTwoToken() public {
        vm.prank(alice);
        manager.removeLiquidity(weighted5050, 1000e18, new uint256[](2), alice, block.timestamp);
        emit log_named_uint("removeLiquidity weighted 2 tokens", vm.lastCallGas().gasTotalUsed);
    }

    function test_gas_addLiquiditySingle_stableTwoToken() public {
        vm.prank(bob);
        manager.addLiquiditySingle(stable2, address(tokenA), 1000e18, 0, bob, block.timestamp);
        emit log_named_uint("addLiquiditySingle stable 2 tokens", vm.lastCallGas().gasTotalUsed);
    }
}
