// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISynthVault} from "../../src/interfaces/ISynthVault.sol";
import {ISyntheticAssetFactory} from "../../src/interfaces/ISyntheticAssetFactory.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

/// @notice Liquidations: thresholds, bonus math, caps, the all-collateral path and bad debt.
/// @dev Alice holds 1 WETH against 1 sXAU (150% at WETH $3,000, sXAU $2,000). The liquidator gets its
///      synths from its own USDC-backed position so that synth supply keeps matching debt.
contract SynthVaultLiquidationTest is SynthsFixture {
    function setUp() public override {
        super.setUp();
        _open(alice, weth, sXAU, 1e18, 1e18);
        _open(liquidator, usdc, sXAU, 1_000_000e6, 10e18);
    }

    // ------------------------------------------------------------ threshold

    function test_liquidate_revertsExactlyAtLiquidationRatio() public {
        _setPrice(wethFeed, 2400e8);
        (,,,, uint256 ratio, bool liquidatable) = vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(ratio, 1.2e18);
        assertFalse(liquidatable);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.NotLiquidatable.selector, 1.2e18, LIQUIDATION_RATIO));
        vm.prank(liquidator);
        vault.liquidate(alice, address(weth), address(sXAU), 0.1e18);
    }

    function test_liquidate_succeedsJustBelowLiquidationRatio() public {
        _setPrice(wethFeed, 2400e8 - 1);
        (,,,, uint256 ratio, bool liquidatable) = vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(ratio, 1.199999999995e18);
        assertTrue(liquidatable);
        vm.prank(liquidator);
        vault.liquidate(alice, address(weth), address(sXAU), 0.1e18);
    }

    function test_liquidate_revertsForHealthyPosition() public {
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.NotLiquidatable.selector, 1.5e18, LIQUIDATION_RATIO));
        vm.prank(liquidator);
        vault.liquidate(alice, address(weth), address(sXAU), 1);
    }

    function test_liquidate_revertsForPositionWithoutDebt() public {
        _deposit(bob, weth, sXAU, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(ISynthVault.NotLiquidatable.selector, type(uint256).max, LIQUIDATION_RATIO)
        );
        vm.prank(liquidator);
        vault.liquidate(bob, address(weth), address(sXAU), 1);
    }

    function test_liquidate_revertsForZeroRepay() public {
        _setPrice(wethFeed, 2200e8);
        vm.expectRevert(ISynthVault.ZeroAmount.selector);
        vm.prank(liquidator);
        vault.liquidate(alice, address(weth), address(sXAU), 0);
    }

    function test_liquidate_revertsWithoutSynthBalance() public {
        _setPrice(wethFeed, 2200e8);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, stranger, 0, 0.5e18));
        vm.prank(stranger);
        vault.liquidate(alice, address(weth), address(sXAU), 0.5e18);
    }

    function test_liquidate_triggeredBySynthPriceRise() public {
        _setPrice(xauFeed, 2600e8); // 3000 / 2600 = 115%
        vm.prank(liquidator);
        (uint256 repaid,) = vault.liquidate(alice, address(weth), address(sXAU), 0.1e18);
        assertEq(repaid, 0.1e18);
    }

    // ------------------------------------------------------------ bonus math

    function test_liquidate_paysRepaidValuePlusBonus() public {
        _setPrice(wethFeed, 2200e8); // 110%
        uint256 wethBefore = weth.balanceOf(liquidator);
        uint256 synthBefore = sXAU.balanceOf(liquidator);

        vm.expectEmit(address(vault));
        emit ISynthVault.Liquidated(alice, address(weth), address(sXAU), liquidator, 0.5e18, 0.5e18, 0.5e18, 0.5e18);
        vm.prank(liquidator);
        (uint256 repaid, uint256 seized) = vault.liquidate(alice, address(weth), address(sXAU), 0.5e18);

        // $1,000 repaid + 10% = $1,100 of WETH at $2,200 = 0.5 WETH.
        assertEq(repaid, 0.5e18);
        assertEq(seized, 0.5e18);
        assertEq(weth.balanceOf(liquidator) - wethBefore, 0.5e18);
        assertEq(synthBefore - sXAU.balanceOf(liquidator), 0.5e18);
        assertEq(_debt(alice, weth, sXAU), 0.5e18);
        assertEq(_collateral(alice, weth, sXAU), 0.5e18);
        assertEq(vault.totalDebt(address(sXAU)), 10.5e18);
        assertEq(sXAU.totalSupply(), vault.totalDebt(address(sXAU)));
        assertEq(weth.balanceOf(address(vault)), 0.5e18);
    }

    function test_liquidate_seizedCollateralRoundsDown() public {
        _setPrice(wethFeed, 2300e8);
        uint256 repay = 333_333_333_333_333_333;
        uint256 valueWithBonus = Math.mulDiv(repay, 2000e18 * 1.1e18, 1e36);
        uint256 expected = Math.mulDiv(valueWithBonus, 1e18, 2300e18);
        vm.prank(liquidator);
        (, uint256 seized) = vault.liquidate(alice, address(weth), address(sXAU), repay);
        assertEq(seized, expected);
        // What the liquidator receives is never worth more than repaid value plus bonus.
        assertLe(seized * 2300e18, repay * 2000e18 * 11 / 10);
    }

    function test_liquidate_capsRepayAtDebt() public {
        _setPrice(wethFeed, 2300e8); // 115%
        uint256 synthBefore = sXAU.balanceOf(liquidator);
        vm.prank(liquidator);
        (uint256 repaid, uint256 seized) = vault.liquidate(alice, address(weth), address(sXAU), 5e18);
        assertEq(repaid, 1e18);
        assertEq(seized, Math.mulDiv(2200e18, 1e18, 2300e18));
        assertEq(synthBefore - sXAU.balanceOf(liquidator), 1e18);
        assertEq(_debt(alice, weth, sXAU), 0);
        assertEq(_collateral(alice, weth, sXAU), 1e18 - seized, "owner keeps the surplus");
        assertEq(vault.badDebt(address(sXAU)), 0);
    }

    function test_liquidate_usesCollateralDecimals() public {
        _open(bob, usdc, sXAU, 3000e6, 1e18);
        _setPrice(xauFeed, 2600e8); // 3000 / 2600 = 115.4%
        vm.prank(liquidator);
        (uint256 repaid, uint256 seized) = vault.liquidate(bob, address(usdc), address(sXAU), 0.5e18);
        // $1,300 repaid + 10% = 1,430 USDC.
        assertEq(repaid, 0.5e18);
        assertEq(seized, 1430e6);
        assertEq(_collateral(bob, usdc, sXAU), 1570e6);
    }

    function test_liquidate_worksForInactiveSynthAndDisabledCollateral() public {
        ISyntheticAssetFactory.SynthParams memory params = factory.synthConfig(address(sXAU));
        params.active = false;
        ISynthVault.CollateralParams memory collateral = vault.collateralParams(address(weth));
        collateral.enabled = false;
        vm.startPrank(admin);
        factory.setSynthParams(address(sXAU), params);
        vault.setCollateral(address(weth), collateral);
        vm.stopPrank();
        _setPrice(wethFeed, 2200e8);
        vm.prank(liquidator);
        vault.liquidate(alice, address(weth), address(sXAU), 0.5e18);
    }

    // ------------------------------------------------------------ all collateral and bad debt

    function test_liquidate_takesAllCollateralForProportionalRepayAndWritesOffRest() public {
        _setPrice(wethFeed, 2000e8); // 100%: 1 sXAU + bonus is worth 1.1 WETH, the position has 1
        uint256 repaid = 909_090_909_090_909_091; // ceil(1e18 / 1.1)
        uint256 rest = 1e18 - repaid;

        vm.expectEmit(address(vault));
        emit ISynthVault.Liquidated(alice, address(weth), address(sXAU), liquidator, repaid, 1e18, rest, 0);
        vm.expectEmit(address(vault));
        emit ISynthVault.BadDebtWrittenOff(alice, address(weth), address(sXAU), rest, rest);
        vm.prank(liquidator);
        (uint256 actualRepaid, uint256 seized) = vault.liquidate(alice, address(weth), address(sXAU), 1e18);

        assertEq(actualRepaid, repaid);
        assertEq(seized, 1e18);
        assertEq(_debt(alice, weth, sXAU), 0);
        assertEq(_collateral(alice, weth, sXAU), 0);
        assertEq(vault.badDebt(address(sXAU)), rest);
        assertEq(vault.totalDebt(address(sXAU)), 10e18, "only the liquidator's own debt is left");
        assertEq(sXAU.totalSupply(), vault.totalDebt(address(sXAU)) + vault.badDebt(address(sXAU)));
        assertEq(weth.balanceOf(address(vault)), 0);
    }

    function test_liquidate_badDebtAccumulatesAcrossPositions() public {
        _open(bob, weth, sXAU, 1e18, 1e18);
        _setPrice(wethFeed, 1600e8); // 80%
        vm.startPrank(liquidator);
        vault.liquidate(alice, address(weth), address(sXAU), 1e18);
        uint256 first = vault.badDebt(address(sXAU));
        vault.liquidate(bob, address(weth), address(sXAU), 1e18);
        vm.stopPrank();
        assertGt(first, 0);
        assertEq(vault.badDebt(address(sXAU)), 2 * first);
    }

    function test_liquidate_partialRepayOnUnderwaterPositionKeepsCollateral() public {
        _setPrice(wethFeed, 1600e8); // 80%: insolvent, but a small repay still fits the collateral
        vm.prank(liquidator);
        (uint256 repaid, uint256 seized) = vault.liquidate(alice, address(weth), address(sXAU), 0.1e18);
        assertEq(repaid, 0.1e18);
        assertEq(seized, 0.1375e18); // $220 at $1,600
        assertEq(_collateral(alice, weth, sXAU), 1e18 - 0.1375e18);
        assertEq(vault.badDebt(address(sXAU)), 0);
    }

    function test_liquidate_writtenOffPositionIsClosed() public {
        _setPrice(wethFeed, 2000e8);
        vm.prank(liquidator);
        vault.liquidate(alice, address(weth), address(sXAU), 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(ISynthVault.NotLiquidatable.selector, type(uint256).max, LIQUIDATION_RATIO)
        );
        vm.prank(liquidator);
        vault.liquidate(alice, address(weth), address(sXAU), 1);
    }

    function test_liquidate_ownerMayLiquidateThemself() public {
        _setPrice(wethFeed, 2200e8);
        vm.prank(alice);
        vault.liquidate(alice, address(weth), address(sXAU), 0.5e18);
        assertEq(weth.balanceOf(alice), 0.5e18);
    }
}
