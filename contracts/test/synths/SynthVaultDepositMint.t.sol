// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {ISynthVault} from "../../src/interfaces/ISynthVault.sol";
import {ISyntheticAssetFactory} from "../../src/interfaces/ISyntheticAssetFactory.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

/// @notice deposit, mint and depositAndMint: happy paths, fees to the wei, ratio and ceiling edges, every revert.
contract SynthVaultDepositMintTest is SynthsFixture {
    // ------------------------------------------------------------ deposit

    function test_deposit_creditsPositionAndPullsTokens() public {
        _fund(alice, weth, 2e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Deposited(alice, address(weth), address(sXAU), 2e18, 2e18);
        vm.prank(alice);
        vault.deposit(address(weth), address(sXAU), 2e18);

        assertEq(_collateral(alice, weth, sXAU), 2e18);
        assertEq(weth.balanceOf(address(vault)), 2e18);
        assertEq(weth.balanceOf(alice), 0);
    }

    function test_deposit_accumulatesAndReportsCollateralAfter() public {
        _deposit(alice, weth, sXAU, 1e18);
        _fund(alice, weth, 0.5e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Deposited(alice, address(weth), address(sXAU), 0.5e18, 1.5e18);
        vm.prank(alice);
        vault.deposit(address(weth), address(sXAU), 0.5e18);
    }

    function test_deposit_positionsAreIsolated() public {
        _deposit(alice, weth, sXAU, 1e18);
        _deposit(alice, usdc, sXAU, 5e6);
        _deposit(bob, weth, sXAU, 3e18);
        assertEq(_collateral(alice, weth, sXAU), 1e18);
        assertEq(_collateral(alice, usdc, sXAU), 5e6);
        assertEq(_collateral(bob, weth, sXAU), 3e18);
    }

    function test_deposit_revertsForZeroAmount() public {
        vm.expectRevert(ISynthVault.ZeroAmount.selector);
        vm.prank(alice);
        vault.deposit(address(weth), address(sXAU), 0);
    }

    function test_deposit_revertsForUnlistedCollateral() public {
        MockERC20 token = new MockERC20("Unlisted", "UNL", 18);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.CollateralNotEnabled.selector, address(token)));
        vm.prank(alice);
        vault.deposit(address(token), address(sXAU), 1);
    }

    function test_deposit_revertsForDisabledCollateral() public {
        _disable(weth);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.CollateralNotEnabled.selector, address(weth)));
        vm.prank(alice);
        vault.deposit(address(weth), address(sXAU), 1);
    }

    function test_deposit_revertsForUnknownSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.UnknownSynth.selector, address(usdc)));
        vm.prank(alice);
        vault.deposit(address(weth), address(usdc), 1);
    }

    function test_deposit_revertsWithoutAllowance() public {
        weth.mint(alice, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(vault), 0, 1e18)
        );
        vm.prank(alice);
        vault.deposit(address(weth), address(sXAU), 1e18);
    }

    function test_deposit_revertsAboveUint128() public {
        uint256 amount = uint256(type(uint128).max) + 1;
        _fund(alice, weth, amount);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 128, amount));
        vm.prank(alice);
        vault.deposit(address(weth), address(sXAU), amount);
    }

    function test_deposit_worksForInactiveSynth() public {
        _deactivate(sXAU);
        _deposit(alice, weth, sXAU, 1e18);
        assertEq(_collateral(alice, weth, sXAU), 1e18);
    }

    // ------------------------------------------------------------ mint

    function test_mint_exactlyAtIssuanceRatio() public {
        _deposit(alice, weth, sXAU, 1e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Minted(alice, address(weth), address(sXAU), 1e18, 0, 1e18);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1e18);

        assertEq(_ratio(alice, weth, sXAU), 1.5e18);
        assertEq(_debt(alice, weth, sXAU), 1e18);
        assertEq(vault.totalDebt(address(sXAU)), 1e18);
        assertEq(sXAU.balanceOf(alice), 1e18);
        assertEq(sXAU.totalSupply(), 1e18);
    }

    function test_mint_revertsOneWeiAboveIssuanceRatio() public {
        _deposit(alice, weth, sXAU, 1e18);
        uint256 ratio = Math.mulDiv(3000e18, 1e18, 2000e18 + 2000); // debt value of 1e18 + 1 rounds up
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.CollateralRatioTooLow.selector, ratio, ISSUANCE_RATIO));
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1e18 + 1);
    }

    function test_mint_accumulatesDebt() public {
        _deposit(alice, weth, sXAU, 3e18);
        vm.startPrank(alice);
        vault.mint(address(weth), address(sXAU), 1e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Minted(alice, address(weth), address(sXAU), 0.5e18, 0, 1.5e18);
        vault.mint(address(weth), address(sXAU), 0.5e18);
        vm.stopPrank();
        assertEq(_debt(alice, weth, sXAU), 1.5e18);
    }

    function test_mint_feeAddedToDebtAndMintedToTreasury() public {
        _setFees(sXAU, 0.01e18, 0);
        _deposit(alice, weth, sXAU, 2e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Minted(alice, address(weth), address(sXAU), 1e18, 0.01e18, 1.01e18);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1e18);

        assertEq(sXAU.balanceOf(alice), 1e18);
        assertEq(sXAU.balanceOf(treasury), 0.01e18);
        assertEq(_debt(alice, weth, sXAU), 1.01e18);
        assertEq(vault.totalDebt(address(sXAU)), 1.01e18);
        assertEq(sXAU.totalSupply(), 1.01e18);
    }

    function test_mint_feeRoundsUp() public {
        _setFees(sXAU, 0.003e18, 0);
        _deposit(alice, weth, sXAU, 1e18);
        vm.startPrank(alice);
        vault.mint(address(weth), address(sXAU), 333); // 0.999 wei of fee -> 1
        assertEq(sXAU.balanceOf(treasury), 1);
        vault.mint(address(weth), address(sXAU), 1); // 0.003 wei -> 1
        assertEq(sXAU.balanceOf(treasury), 2);
        vault.mint(address(weth), address(sXAU), 1000); // exactly 3
        assertEq(sXAU.balanceOf(treasury), 5);
        vm.stopPrank();
        assertEq(_debt(alice, weth, sXAU), 333 + 1 + 1000 + 5);
    }

    function test_mint_feeCountsTowardsRatio() public {
        _setFees(sXAU, 0.01e18, 0);
        _deposit(alice, weth, sXAU, 1e18);
        // 1 WETH backs exactly 1e18 of debt; with a 1% fee the largest mint is floor(1e18 / 1.01).
        uint256 max = 990_099_009_900_990_099;
        vm.prank(alice);
        vm.expectRevert();
        vault.mint(address(weth), address(sXAU), max + 1);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), max);
        assertEq(_debt(alice, weth, sXAU), 1e18, "amount plus rounded-up fee lands exactly on the limit");
    }

    function test_mint_feeGoesToCurrentTreasury() public {
        _setFees(sXAU, 0.05e18, 0);
        vm.prank(admin);
        vault.setTreasury(bob);
        _open(alice, weth, sXAU, 2e18, 1e18);
        assertEq(sXAU.balanceOf(bob), 0.05e18);
        assertEq(sXAU.balanceOf(treasury), 0);
    }

    function test_mint_exactlyAtDebtCeiling() public {
        _setCeiling(sXAU, 1e18);
        _open(alice, weth, sXAU, 10e18, 1e18);
        assertEq(vault.totalDebt(address(sXAU)), 1e18);
    }

    function test_mint_revertsOneWeiAboveDebtCeiling() public {
        _setCeiling(sXAU, 1e18);
        _open(alice, weth, sXAU, 10e18, 0.6e18);
        _deposit(bob, weth, sXAU, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(ISynthVault.DebtCeilingExceeded.selector, address(sXAU), 1e18 + 1, 1e18)
        );
        vm.prank(bob);
        vault.mint(address(weth), address(sXAU), 0.4e18 + 1);
        vm.prank(bob);
        vault.mint(address(weth), address(sXAU), 0.4e18);
    }

    function test_mint_debtCeilingIncludesFee() public {
        _setFees(sXAU, 0.01e18, 0);
        _setCeiling(sXAU, 1.01e18);
        _deposit(alice, weth, sXAU, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(ISynthVault.DebtCeilingExceeded.selector, address(sXAU), 1.01e18 + 2, 1.01e18)
        );
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1e18 + 1);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1e18);
    }

    function test_mint_revertsForZeroAmount() public {
        _deposit(alice, weth, sXAU, 1e18);
        vm.expectRevert(ISynthVault.ZeroAmount.selector);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 0);
    }

    function test_mint_revertsForDisabledCollateral() public {
        _deposit(alice, weth, sXAU, 1e18);
        _disable(weth);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.CollateralNotEnabled.selector, address(weth)));
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1);
    }

    function test_mint_revertsForUnknownSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.UnknownSynth.selector, address(usdc)));
        vm.prank(alice);
        vault.mint(address(weth), address(usdc), 1);
    }

    function test_mint_revertsForInactiveSynth() public {
        _deposit(alice, weth, sXAU, 1e18);
        _deactivate(sXAU);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.SynthNotActive.selector, address(sXAU)));
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1);
    }

    function test_mint_revertsWithoutCollateral() public {
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.CollateralRatioTooLow.selector, 0, ISSUANCE_RATIO));
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1);
    }

    function test_mint_revertsOnStaleCollateralPrice() public {
        _deposit(alice, weth, sXAU, 1e18);
        vm.warp(START + HEARTBEAT + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(weth), START, uint256(HEARTBEAT))
        );
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1);
    }

    function test_mint_revertsWhenSynthFeedRemoved() public {
        _deposit(alice, weth, sXAU, 1e18);
        vm.prank(admin);
        oracle.removeFeed(address(sXAU));
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.FeedNotSet.selector, address(sXAU)));
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), 1);
    }

    // ------------------------------------------------------------ depositAndMint

    function test_depositAndMint_emitsBothAndOpensPosition() public {
        _fund(alice, weth, 1e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Deposited(alice, address(weth), address(sXAU), 1e18, 1e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Minted(alice, address(weth), address(sXAU), 1e18, 0, 1e18);
        vm.prank(alice);
        vault.depositAndMint(address(weth), address(sXAU), 1e18, 1e18);
        assertEq(_collateral(alice, weth, sXAU), 1e18);
        assertEq(_debt(alice, weth, sXAU), 1e18);
    }

    function test_depositAndMint_isAtomic() public {
        _fund(alice, weth, 1e18);
        vm.expectRevert();
        vm.prank(alice);
        vault.depositAndMint(address(weth), address(sXAU), 1e18, 1e18 + 1);
        assertEq(_collateral(alice, weth, sXAU), 0);
        assertEq(weth.balanceOf(alice), 1e18);
    }

    function test_depositAndMint_revertsForZeroDeposit() public {
        vm.expectRevert(ISynthVault.ZeroAmount.selector);
        vm.prank(alice);
        vault.depositAndMint(address(weth), address(sXAU), 0, 1);
    }

    function test_depositAndMint_revertsForZeroMint() public {
        _fund(alice, weth, 1e18);
        vm.expectRevert(ISynthVault.ZeroAmount.selector);
        vm.prank(alice);
        vault.depositAndMint(address(weth), address(sXAU), 1e18, 0);
    }
}
