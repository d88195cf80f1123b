// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PoolTestBase} from "./PoolTestBase.sol";

contract SmokeTest is PoolTestBase {
    function test_smoke() public {
        vm.startPrank(bob);
        uint256 q = manager.quoteSwap(weighted5050, address(tokenA), address(tokenB), 1000e18);
        uint256 out = manager.swapExactIn(weighted5050, address(tokenA), address(tokenB), 1000e18, 0, bob, _deadline());
        assertEq(q, out);
        out = manager.swapExactIn(stable2, address(tokenA), address(tokenB), 1000e18, 0, bob, _deadline());
        emit log_named_uint("stable out", out);
        out = manager.swapExactIn(weighted8020, address(tokenA), address(tokenC), 1000e18, 0, bob, _deadline());
        emit log_named_uint("8020 out", out);
        out = manager.swapExactIn(stable3, address(tokenC), address(tokenD), 1000e6, 0, bob, _deadline());
        emit log_named_uint("stable3 out", out);
        uint256 inAmt = manager.swapExactOut(stable3, address(tokenC), address(tokenD), 1000e8, type(uint256).max, bob, _deadline());
        emit log_named_uint("stable3 in", inAmt);
        inAmt = manager.swapExactOut(weighted3, address(tokenA), address(tokenD), 1000e8, type(uint256).max, bob, _deadline());
        emit log_named_uint("w3 in", inAmt);
        uint256 lp = manager.addLiquiditySingle(stable3, address(tokenC), 1000e6, 0, bob, _deadline());
        emit log_named_uint("lp stable3", lp);
        uint256 o = manager.removeLiquiditySingle(stable3, lp, address(tokenD), 0, bob, _deadline());
        emit log_named_uint("out stable3 D", o);
        lp = manager.addLiquiditySingle(weighted3, address(tokenD), 1000e8, 0, bob, _deadline());
        emit log_named_uint("lp w3", lp);
        o = manager.removeLiquiditySingle(weighted3, lp, address(tokenA), 0, bob, _deadline());
        emit log_named_uint("out w3 A", o);
        vm.stopPrank();
        emit log_named_uint("inv w5050", manager.getInvariant(weighted5050));
        emit log_named_uint("inv s3", manager.getInvariant(stable3));
    }
}
