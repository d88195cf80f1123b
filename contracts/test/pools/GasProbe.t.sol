// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PoolTestBase} from "./PoolTestBase.sol";

contract GasProbeTest is PoolTestBase {
    function test_probeWeighted() public {
        vm.prank(bob);
        manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1000e18, 0, bob, _deadline());
    }
    function test_probeStable() public {
        vm.prank(bob);
        manager.swapExactIn(stable2, address(tokenA), address(tokenB), 1000e18, 0, bob, _deadline());
    }
}
