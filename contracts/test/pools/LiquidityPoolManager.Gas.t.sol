// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPoolManagerTypes} from "../../src/interfaces/IPoolManagerTypes.sol";
import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice Gas budgets of the hot paths, one call per test so storage and accounts start cold exactly as in a
///         real transaction (pool already funded, recipient already holding the output token, infinite approval).
/// @dev Figures are the gas used inside the manager's call frame, i.e. a transaction's cost minus its 21,000 base
///      cost and calldata. `vm.lastCallGas` reports exactly that in a plain run, but under `--gas-stats` Hardhat
///      charges every call from a test like a transaction (base and calldata included, which is also what the
///      gas-stats table shows); `_frameGas` detects that mode and takes the intrinsic cost back out.
contract LiquidityPoolManagerGasTest is PoolTestBase {
    uint256 private constant WEIGHTED_SWAP_BUDGET = 75_000;
    uint256 private constant STABLE_SWAP_BUDGET = 95_000;

    /// @dev Gas used inside the manager's frame by the last call, whose calldata was `data`.
    function _frameGas(bytes memory data) private returns (uint256 used) {
        used = vm.lastCallGas().gasTotalUsed;
        // A zero transfer costs well under 21,000 inside its frame, so more means intrinsic gas is included.
        tokenA.transfer(address(this), 0);
        if (vm.lastCallGas().gasTotalUsed > 21_000) used -= 21_000 + _calldataCost(data);
    }

    function _calldataCost(bytes memory data) private pure returns (uint256 cost) {
        for (uint256 i; i < data.length; ++i) {
            cost += data[i] == 0 ? 4 : 16;
        }
    }

    function test_gas_swapExactIn_weightedTwoToken() public {
        bytes memory data = abi.encodeCall(
            manager.swapExactIn, (weighted5050, address(tokenA), address(tokenB), 1000e18, 0, bob, block.timestamp)
        );
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1000e18, 0, bob, block.timestamp);
        uint256 used = _frameGas(data);
        emit log_named_uint("swapExactIn weighted 50/50", used);
        assertLe(used, WEIGHTED_SWAP_BUDGET);
        // The whole transaction: base cost and calldata on top of the frame.
        assertLe(used + 21_000 + _calldataCost(data), 100_000);
    }

    function test_gas_swapExactIn_weightedUnequalWeights() public {
        vm.prank(bob);
        manager.swapExactIn(weighted8020, address(tokenA), address(tokenC), 1000e18, 0, bob, block.timestamp);
        emit log_named_uint(
            "swapExactIn weighted 80/20",
            _frameGas(
                abi.encodeCall(
                    manager.swapExactIn,
                    (weighted8020, address(tokenA), address(tokenC), 1000e18, 0, bob, block.timestamp)
                )
            )
        );
    }

    function test_gas_swapExactIn_stableTwoToken() public {
        bytes memory data = abi.encodeCall(
            manager.swapExactIn, (stable2, address(tokenA), address(tokenB), 1000e18, 0, bob, block.timestamp)
        );
        vm.prank(bob);
        manager.swapExactIn(stable2, address(tokenA), address(tokenB), 1000e18, 0, bob, block.timestamp);
        uint256 used = _frameGas(data);
        emit log_named_uint("swapExactIn stable 2 tokens", used);
        assertLe(used, STABLE_SWAP_BUDGET);
        // The whole transaction: base cost and calldata on top of the frame.
        assertLe(used + 21_000 + _calldataCost(data), 120_000);
    }

    function test_gas_swapExactOut_weightedTwoToken() public {
        vm.prank(bob);
        manager.swapExactOut(
            weighted5050, address(tokenA), address(tokenB), 1000e18, type(uint256).max, bob, block.timestamp
        );
        uint256 used = _frameGas(
            abi.encodeCall(
                manager.swapExactOut,
                (weighted5050, address(tokenA), address(tokenB), 1000e18, type(uint256).max, bob, block.timestamp)
            )
        );
        emit log_named_uint("swapExactOut weighted 50/50", used);
        assertLe(used, WEIGHTED_SWAP_BUDGET);
    }

    function test_gas_swapExactOut_stableTwoToken() public {
        vm.prank(bob);
        manager.swapExactOut(
            stable2, address(tokenA), address(tokenB), 1000e18, type(uint256).max, bob, block.timestamp
        );
        uint256 used = _frameGas(
            abi.encodeCall(
                manager.swapExactOut,
                (stable2, address(tokenA), address(tokenB), 1000e18, type(uint256).max, bob, block.timestamp)
            )
        );
        emit log_named_uint("swapExactOut stable 2 tokens", used);
        assertLe(used, STABLE_SWAP_BUDGET);
    }

    function test_gas_swapExactInMultiHop_twoHops() public {
        IPoolManagerTypes.SwapStep[] memory route = new IPoolManagerTypes.SwapStep[](2);
        route[0] = IPoolManagerTypes.SwapStep(weighted5050, address(tokenB));
        route[1] = IPoolManagerTypes.SwapStep(stable2, address(tokenA));
        vm.prank(bob);
        manager.swapExactInMultiHop(address(tokenA), route, 1000e18, 0, bob, block.timestamp);
        emit log_named_uint(
            "swapExactInMultiHop 2 hops",
            _frameGas(
                abi.encodeCall(manager.swapExactInMultiHop, (address(tokenA), route, 1000e18, 0, bob, block.timestamp))
            )
        );
    }

    function test_gas_addLiquidity_weightedTwoToken() public {
        vm.prank(alice);
        manager.addLiquidity(weighted5050, _a2(type(uint256).max, type(uint256).max), 1000e18, alice, block.timestamp);
        emit log_named_uint(
            "addLiquidity weighted 2 tokens",
            _frameGas(
                abi.encodeCall(
                    manager.addLiquidity,
                    (weighted5050, _a2(type(uint256).max, type(uint256).max), 1000e18, alice, block.timestamp)
                )
            )
        );
    }

    function test_gas_removeLiquidity_weightedTwoToken() public {
        vm.prank(alice);
        manager.removeLiquidity(weighted5050, 1000e18, new uint256[](2), alice, block.timestamp);
        emit log_named_uint(
            "removeLiquidity weighted 2 tokens",
            _frameGas(
                abi.encodeCall(
                    manager.removeLiquidity, (weighted5050, 1000e18, new uint256[](2), alice, block.timestamp)
                )
            )
        );
    }

    function test_gas_addLiquiditySingle_stableTwoToken() public {
        vm.prank(bob);
        manager.addLiquiditySingle(stable2, address(tokenA), 1000e18, 0, bob, block.timestamp);
        emit log_named_uint(
            "addLiquiditySingle stable 2 tokens",
            _frameGas(
                abi.encodeCall(manager.addLiquiditySingle, (stable2, address(tokenA), 1000e18, 0, bob, block.timestamp))
            )
        );
    }
}
