// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISynthVault} from "../../src/interfaces/ISynthVault.sol";
import {ISyntheticAssetFactory} from "../../src/interfaces/ISyntheticAssetFactory.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

/// @notice burn and withdraw: happy paths, burn fees to the wei, ratio edges, every revert.
contract SynthVaultBurnWithdrawTest is SynthsFixture {
    // ------------------------------------------------------------ burn

    function test_burn_repaysDebt() public {
        _open(alice, weth, sXAU, 1e18, 1e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Burned(alice, address(weth), address(sXAU), 0.4e18, 0, 0.6e18);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 0.4e18);
        assertEq(_debt(alice, weth, sXAU), 0.6e18);
        assertEq(vault.totalDebt(address(sXAU)), 0.6e18);
        assertEq(sXAU.balanceOf(alice), 0.6e18);
        assertEq(sXAU.totalSupply(), 0.6e18);
    }

    function test_burn_feeGoesToTreasuryAndDebtDropsByNet() public {
        _setFees(sXAU, 0, 0.005e18);
        _open(alice, weth, sXAU, 1e18, 1e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Burned(alice, address(weth), address(sXAU), 0.5e18, 0.0025e18, 0.5025e18);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 0.5e18);

        assertEq(sXAU.balanceOf(alice), 0.5e18);
        assertEq(sXAU.balanceOf(treasury), 0.0025e18);
        assertEq(_debt(alice, weth, sXAU), 0.5025e18);
        assertEq(vault.totalDebt(address(sXAU)), 0.5025e18);
        assertEq(sXAU.totalSupply(), 0.5025e18, "supply tracks debt");
    }

    function test_burn_feeRoundsUp() public {
        _setFees(sXAU, 0, 0.003e18);
        _open(alice, weth, sXAU, 1e18, 1e18);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 1);
        assertEq(sXAU.balanceOf(treasury), 1, "0.003 wei of fee rounds up to 1");
        assertEq(_debt(alice, weth, sXAU), 1e18, "nothing left to repay with");
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 1001); // fee ceil(3.003) = 4, net 997
        assertEq(sXAU.balanceOf(treasury), 5);
        assertEq(_debt(alice, weth, sXAU), 1e18 - 997);
    }

    function test_burn_closesPositionWithBurnAmountFor() public {
        _setFees(sXAU, 0.01e18, 0.003e18);
        _open(alice, weth, sXAU, 2e18, 1e18);
        uint256 debt = _debt(alice, weth, sXAU);
        uint256 amount = vault.burnAmountFor(address(sXAU), debt);
        _giveSynth(alice, sXAU, amount - sXAU.balanceOf(alice));
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), amount);
        assertEq(_debt(alice, weth, sXAU), 0);
        assertEq(vault.totalDebt(address(sXAU)), 0);
    }

    function test_burn_revertsWhenExceedingDebt() public {
        _open(alice, weth, sXAU, 1e18, 1e18);
        _giveSynth(alice, sXAU, 1);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.BurnExceedsDebt.selector, 1e18 + 1, 1e18));
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 1e18 + 1);
    }

    function test_burn_revertsWhenNetExceedsDebtWithFee() public {
        _setFees(sXAU, 0, 0.01e18);
        _open(alice, weth, sXAU, 1e18, 1e18);
        _giveSynth(alice, sXAU, 1e18);
        // 1.02e18 burned: fee 0.0102e18, net 1.0098e18 > 1e18.
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.BurnExceedsDebt.selector, 1.0098e18, 1e18));
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 1.02e18);
    }

    function test_burn_revertsForZeroAmount() public {
        vm.expectRevert(ISynthVault.ZeroAmount.selector);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 0);
    }

    function test_burn_revertsForUnknownSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.UnknownSynth.selector, address(usdc)));
        vm.prank(alice);
        vault.burn(address(weth), address(usdc), 1);
    }

    function test_burn_revertsAboveBalance() public {
        _open(alice, weth, sXAU, 1e18, 1e18);
        vm.prank(alice);
        sXAU.transfer(bob, 0.5e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 0.5e18, 0.6e18)
        );
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 0.6e18);
    }

    function test_burn_worksForInactiveSynthAndDisabledCollateral() public {
        _open(alice, weth, sXAU, 1e18, 1e18);
        _deactivate(sXAU);
        _disable(weth);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 1e18);
        assertEq(_debt(alice, weth, sXAU), 0);
    }

    function test_burn_needsNoPrice() public {
        _open(alice, weth, sXAU, 1e18, 1e18);
        vm.startPrank(admin);
        oracle.removeFeed(address(sXAU));
        oracle.removeFeed(address(weth));
        vm.stopPrank();
        vm.warp(block.timestamp + 30 days);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), 1e18);
        assertEq(_debt(alice, weth, sXAU), 0);
    }

    // ------------------------------------------------------------ withdraw

    function test_withdraw_withoutDebtReturnsEverything() public {
        _deposit(alice, weth, sXAU, 2e18);
        vm.expectEmit(address(vault));
        emit ISynthVault.Withdrawn(alice, address(weth), address(sXAU), 2e18, 0);
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 2e18);
        assertEq(weth.balanceOf(alice), 2e18);
        assertEq(weth.balanceOf(address(vault)), 0);
        assertEq(_collateral(alice, weth, sXAU), 0);
    }

    function test_withdraw_withoutDebtNeedsNoPrice() public {
        _deposit(alice, weth, sXAU, 2e18);
        vm.prank(admin);
        oracle.removeFeed(address(weth));
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 1e18);
        assertEq(_collateral(alice, weth, sXAU), 1e18);
    }

    function test_withdraw_downToExactlyIssuanceRatio() public {
        _open(alice, weth, sXAU, 2e18, 1e18);
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 1e18);
        assertEq(_ratio(alice, weth, sXAU), 1.5e18);
    }

    function test_withdraw_revertsOneWeiBelowIssuanceRatio() public {
        _open(alice, weth, sXAU, 2e18, 1e18);
        uint256 ratio = Math.mulDiv(3000e18 - 3000, 1e18, 2000e18);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.CollateralRatioTooLow.selector, ratio, ISSUANCE_RATIO));
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 1e18 + 1);
    }

    function test_withdraw_worksForDisabledCollateral() public {
        _open(alice, weth, sXAU, 2e18, 1e18);
        _disable(weth);
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 0.5e18);
        assertEq(_collateral(alice, weth, sXAU), 1.5e18);
    }

    function test_withdraw_revertsForZeroAmount() public {
        vm.expectRevert(ISynthVault.ZeroAmount.selector);
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 0);
    }

    function test_withdraw_revertsAboveCollateral() public {
        _deposit(alice, weth, sXAU, 1e18);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.InsufficientCollateral.selector, 1e18, 1e18 + 1));
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), 1e18 + 1);
    }

    function test_withdraw_cannotTouchAnotherPosition() public {
        _deposit(bob, weth, sXAU, 1e18);
        _deposit(alice, weth, sXAU, 1e18);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.InsufficientCollateral.selector, 0, 1));
        vm.prank(alice);
        vault.withdraw(address(usdc), address(sXAU), 1);
    }
}
