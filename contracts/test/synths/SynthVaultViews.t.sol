// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISynthVault} from "../../src/interfaces/ISynthVault.sol";
import {ISyntheticAssetFactory} from "../../src/interfaces/ISyntheticAssetFactory.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

/// @notice positionOf, position, quoteMint, quoteBurn, burnAmountFor and the debt counters.
contract SynthVaultViewsTest is SynthsFixture {
    // ------------------------------------------------------------ positionOf

    function test_positionOf_emptyPositionNeedsNoPrice() public {
        vm.startPrank(admin);
        oracle.removeFeed(address(weth));
        oracle.removeFeed(address(sXAU));
        vm.stopPrank();
        (uint256 collateral, uint256 debt, uint256 value, uint256 debtValue, uint256 ratio, bool liquidatable) =
            vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(collateral, 0);
        assertEq(debt, 0);
        assertEq(value, 0);
        assertEq(debtValue, 0);
        assertEq(ratio, type(uint256).max);
        assertFalse(liquidatable);
    }

    function test_positionOf_valuesPosition() public {
        _open(alice, weth, sXAU, 1.5e18, 1e18);
        (uint256 collateral, uint256 debt, uint256 value, uint256 debtValue, uint256 ratio, bool liquidatable) =
            vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(collateral, 1.5e18);
        assertEq(debt, 1e18);
        assertEq(value, 4500e18);
        assertEq(debtValue, 2000e18);
        assertEq(ratio, 2.25e18);
        assertFalse(liquidatable);
    }

    function test_positionOf_collateralValueRoundsDown() public {
        _deposit(alice, weth, sXAU, 3);
        _setPrice(wethFeed, 300_000_000_001); // $3,000.00000001: 3 wei are worth 9,000.00000003 wei of USD
        (,, uint256 value,,,) = vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(value, 9000);
    }

    function test_positionOf_debtValueRoundsUp() public {
        _open(alice, weth, sXAU, 1e18, 1);
        _setPrice(xauFeed, 200_000_000_001); // 1 wei of debt is worth 2,000.00000001 wei of USD
        (,,, uint256 debtValue,,) = vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(debtValue, 2001);
    }

    function test_positionOf_scalesSixDecimalCollateral() public {
        _open(alice, usdc, sXAU, 4000e6, 1e18);
        (,, uint256 value,, uint256 ratio,) = vault.positionOf(alice, address(usdc), address(sXAU));
        assertEq(value, 4000e18);
        assertEq(ratio, 2e18);
    }

    function test_positionOf_flagsLiquidatable() public {
        _open(alice, weth, sXAU, 1e18, 1e18);
        _setPrice(wethFeed, 2000e8);
        (,,,, uint256 ratio, bool liquidatable) = vault.positionOf(alice, address(weth), address(sXAU));
        assertEq(ratio, 1e18);
        assertTrue(liquidatable);
    }

    function test_position_rawAmountsWithoutPrices() public {
        _open(alice, weth, sXAU, 1e18, 0.5e18);
        vm.warp(block.timestamp + 365 days);
        (uint256 collateral, uint256 debt) = vault.position(alice, address(weth), address(sXAU));
        assertEq(collateral, 1e18);
        assertEq(debt, 0.5e18);
    }

    // ------------------------------------------------------------ quoteMint

    function test_quoteMint_matchesMint() public {
        _setFees(sXAU, 0.003e18, 0);
        _deposit(alice, weth, sXAU, 2e18);
        (uint256 fee, uint256 debtAfter, uint256 ratioAfter,) =
            vault.quoteMint(alice, address(weth), address(sXAU), 1e18);
        assertEq(fee, 0.003e18);
        assertEq(debtAfter, 1.003e18);

        vm.expectEmit(address(vault));
        emit ISynthVault.Minted(alice, address(weth), address(sXAU), 1e18, fee, debtAfter);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1e18);
        assertEq(_ratio(alice, weth, sXAU), ratioAfter);
    }

    function test_quoteMint_maxMintableBoundByRatioIsExact() public {
        _setFees(sXAU, 0.003e18, 0);
        _deposit(alice, weth, sXAU, 1e18);
        (,,, uint256 max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        assertEq(max, 997_008_973_080_757_726); // floor(1e18 / 1.003)
        vm.expectRevert();
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), max + 1);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), max);
        (,,, uint256 rest) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        assertEq(rest, 0);
    }

    function test_quoteMint_maxMintableBoundByCeilingIsExact() public {
        _setFees(sXAU, 0.01e18, 0);
        _setCeiling(sXAU, 1e18);
        _deposit(alice, weth, sXAU, 10e18);
        (,,, uint256 max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        assertEq(max, 990_099_009_900_990_099);
        vm.expectRevert();
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), max + 1);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), max);
    }

    function test_quoteMint_zeroWhenUnderwaterOrAboveCeiling() public {
        _open(alice, weth, sXAU, 1e18, 1e18);
        _setPrice(wethFeed, 2500e8);
        (,,, uint256 max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        assertEq(max, 0);

        _setCeiling(sXAU, 0.5e18);
        _deposit(bob, weth, sXAU, 10e18);
        (,,, max) = vault.quoteMint(bob, address(weth), address(sXAU), 0);
        assertEq(max, 0);
    }

    function test_quoteMint_zeroForInactiveSynthAndDisabledCollateral() public {
        _deposit(alice, weth, sXAU, 1e18);
        ISyntheticAssetFactory.SynthParams memory params = factory.synthConfig(address(sXAU));
        params.active = false;
        vm.prank(admin);
        factory.setSynthParams(address(sXAU), params);
        (,,, uint256 max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        assertEq(max, 0);

        params.active = true;
        ISynthVault.CollateralParams memory collateral = vault.collateralParams(address(weth));
        collateral.enabled = false;
        vm.startPrank(admin);
        factory.setSynthParams(address(sXAU), params);
        vault.setCollateral(address(weth), collateral);
        vm.stopPrank();
        (,,, max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        assertEq(max, 0);
    }

    function test_quoteMint_revertsForUnknownSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.UnknownSynth.selector, address(weth)));
        vault.quoteMint(alice, address(weth), address(weth), 1);
    }

    // ------------------------------------------------------------ burn quotes

    function test_quoteBurn_splitsFeeAndDebtReduction() public {
        _setFees(sXAU, 0, 0.003e18);
        (uint256 fee, uint256 reduction) = vault.quoteBurn(address(sXAU), 1001);
        assertEq(fee, 4);
        assertEq(reduction, 997);
    }

    function test_burnAmountFor_isSmallestAmountReachingReduction() public {
        _setFees(sXAU, 0, 0.003e18);
        uint256 amount = vault.burnAmountFor(address(sXAU), 997);
        assertEq(amount, 1000);
        (, uint256 reduction) = vault.quoteBurn(address(sXAU), amount);
        assertEq(reduction, 997);
        (, reduction) = vault.quoteBurn(address(sXAU), amount - 1);
        assertEq(reduction, 996);
    }

    function test_burnAmountFor_withoutFeeIsIdentity() public view {
        assertEq(vault.burnAmountFor(address(sXAU), 123), 123);
    }

    // ------------------------------------------------------------ counters

    function test_totalDebtAndBadDebt_startAtZero() public view {
        assertEq(vault.totalDebt(address(sXAU)), 0);
        assertEq(vault.badDebt(address(sXAU)), 0);
    }
}
