// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

/// @notice Every value-moving entry point is guarded: a token re-entering the vault mid-transfer fails.
contract SynthVaultReentrancyTest is SynthsFixture {
    ReentrantToken private token;

    function setUp() public override {
        super.setUp();
        token = new ReentrantToken();
        _listCollateral(token, 3000e8);
    }

    function test_deposit_rejectsReentry() public {
        _fund(alice, token, 2e18);
        token.arm(address(vault), abi.encodeCall(vault.deposit, (address(token), address(sXAU), 1e18)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(alice);
        vault.deposit(address(token), address(sXAU), 1e18);
    }

    function test_withdraw_rejectsReentry() public {
        _deposit(alice, token, sXAU, 2e18);
        token.arm(address(vault), abi.encodeCall(vault.withdraw, (address(token), address(sXAU), 1e18)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(alice);
        vault.withdraw(address(token), address(sXAU), 1e18);
    }

    function test_depositAndMint_rejectsReentryIntoMint() public {
        _fund(alice, token, 2e18);
        token.arm(address(vault), abi.encodeCall(vault.mint, (address(token), address(sXAU), 1)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(alice);
        vault.depositAndMint(address(token), address(sXAU), 2e18, 1e18);
    }

    function test_liquidate_rejectsReentryIntoBurn() public {
        _open(alice, token, sXAU, 1e18, 1e18);
        _open(liquidator, usdc, sXAU, 1_000_000e6, 1e18);
        _setPrice(xauFeed, 2600e8);
        token.arm(address(vault), abi.encodeCall(vault.burn, (address(token), address(sXAU), 1)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(liquidator);
        vault.liquidate(alice, address(token), address(sXAU), 0.5e18);
    }
}
