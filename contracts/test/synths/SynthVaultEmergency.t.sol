// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

/// @notice Behaviour while a circuit breaker is tripped and while the vault is paused.
/// @dev Alice holds 2 WETH against 1 sXAU (300%); bob has an unhealthy position to liquidate.
contract SynthVaultEmergencyTest is SynthsFixture {
    function setUp() public override {
        super.setUp();
        _open(alice, weth, sXAU, 2e18, 1e18);
        _open(liquidator, usdc, sXAU, 1_000_000e6, 10e18);
    }

    // ------------------------------------------------------------ tripped collateral

    function test_trippedCollateral_blocksMint() public {
        _trip(wethFeed, address(weth));
        _expectCircuitBroken(address(weth));
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1);
    }

    function test_trippedCollateral_blocksWithdrawWithDebt() public {
        _trip(wethFeed, address(weth));
        _expectCircuitBroken(address(weth));
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 1);
    }

    function test_trippedCollateral_allowsWithdrawWithoutDebt() public {
        _deposit(bob, weth, sXAU, 1e18);
        _trip(wethFeed, address(weth));
        vm.prank(bob);
        vault.withdraw(address(weth), address(sXAU), 1e18);
        assertEq(weth.balanceOf(bob), 1e18);
    }

    function test_trippedCollateral_blocksLiquidation() public {
        _open(bob, weth, sXAU, 1e18, 1e18);
        _setPrice(wethFeed, 2200e8);
        // A 75% crash trips the breaker: the position is deep under water, yet nobody can liquidate it
        // at a price the breaker distrusts.
        _trip(wethFeed, address(weth));
        _setPrice(wethFeed, 1100e8);
        (,,,,, bool liquidatable) = vault.positionOf(bob, address(weth), address(sXAU));
        assertTrue(liquidatable);
        _expectCircuitBroken(address(weth));
        vm.prank(liquidator);
        vault.liquidate(bob, address(weth), address(sXAU), 0.5e18);
    }

    function test_trippedCollateral_allowsBurnDepositAndViews() public {
        _trip(wethFeed, address(weth));
        _deposit(alice, weth, sXAU, 1e18);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 0.5e18);
        assertEq(_debt(alice, weth, sXAU), 0.5e18);

        (uint256 collateral, uint256 debt, uint256 value,, uint256 ratio,) =
            vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(collateral, 3e18);
        assertEq(debt, 0.5e18);
        assertEq(value, 3 * 5250e18, "valued at the latest price even while tripped");
        assertGt(ratio, 0);

        (uint256 fee, uint256 debtAfter,, uint256 maxMintable) =
            vault.quoteMint(alice, address(weth), address(sXAU), 1e18);
        assertEq(fee, 0);
        assertEq(debtAfter, 1.5e18);
        assertEq(maxMintable, 0, "nothing mintable while tripped");
    }

    // ------------------------------------------------------------ tripped synth

    function test_trippedSynth_blocksMintWithdrawAndLiquidate() public {
        _open(bob, weth, sXAU, 1e18, 1e18);
        _setPrice(wethFeed, 2200e8);
        _trip(xauFeed, address(sXAU));

        _expectCircuitBroken(address(sXAU));
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1);

        _expectCircuitBroken(address(sXAU));
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 1);

        _expectCircuitBroken(address(sXAU));
        vm.prank(liquidator);
        vault.liquidate(bob, address(weth), address(sXAU), 0.1e18);
    }

    function test_trippedSynth_allowsBurn() public {
        _trip(xauFeed, address(sXAU));
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 1e18);
        assertEq(_debt(alice, weth, sXAU), 0);
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 2e18);
        assertEq(weth.balanceOf(alice), 2e18, "repaid, then free to leave while tripped");
    }

    function test_trip_duringMintOwnSyncRevertsAndIsNotRecorded() public {
        // An unsynced out-of-bound round: the mint's checked price trips the breaker and reverts, which
        // also rolls the trip back; keepers' `sync` records it.
        _setPrice(wethFeed, 6000e8);
        _expectCircuitBroken(address(weth));
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1);
        assertFalse(oracle.isTripped(address(weth)));
        assertTrue(oracle.sync(address(weth)));
    }

    function test_rearm_restoresMintingWithoutGovernance() public {
        _trip(wethFeed, address(weth)); // 5250
        _setPrice(wethFeed, 5300e8);
        _setPrice(wethFeed, 5350e8);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1e18);
        assertFalse(oracle.isTripped(address(weth)));
        assertEq(_debt(alice, weth, sXAU), 2e18);
    }

    // ------------------------------------------------------------ paused

    function test_paused_blocksMintWithdrawLiquidateAndDepositAndMint() public {
        _open(bob, weth, sXAU, 1e18, 1e18);
        _setPrice(wethFeed, 2200e8);
        _fund(alice, weth, 1e18);
        vm.prank(guardian);
        vault.pause();

        vm.startPrank(alice);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vault.mint(address(weth), address(sXAU), 1);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vault.depositAndMint(address(weth), address(sXAU), 1e18, 1);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vault.withdraw(address(weth), address(sXAU), 1);
        vm.stopPrank();

        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(liquidator);
        vault.liquidate(bob, address(weth), address(sXAU), 0.1e18);
    }

    function test_paused_blocksWithdrawEvenWithoutDebt() public {
        _deposit(bob, weth, sXAU, 1e18);
        vm.prank(guardian);
        vault.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        vault.withdraw(address(weth), address(sXAU), 1e18);
    }

    function test_paused_allowsDepositBurnAndViews() public {
        vm.prank(guardian);
        vault.pause();
        _deposit(alice, weth, sXAU, 1e18);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 1e18);
        (uint256 collateral, uint256 debt,,,,) = vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(collateral, 3e18);
        assertEq(debt, 0);
        (,,, uint256 maxMintable) = vault.quoteMint(alice, address(weth), address(sXAU), 1);
        assertEq(maxMintable, 0);
    }

    function test_unpause_restoresEverything() public {
        vm.prank(guardian);
        vault.pause();
        vm.prank(admin);
        vault.unpause();
        vm.startPrank(alice);
        vault.mint(address(weth), address(sXAU), 0.1e18);
        vault.withdraw(address(weth), address(sXAU), 0.1e18);
        vm.stopPrank();
        assertEq(_debt(alice, weth, sXAU), 1.1e18);
    }

    function _expectCircuitBroken(address asset) private {
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, asset));
    }
}
