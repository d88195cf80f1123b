// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISynthVault} from "../../src/interfaces/ISynthVault.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

/// @notice Fuzzed position math through the vault: quotes equal executions, checks hold at their edges, and
///         every rounding lands on the protocol's side.
contract SynthVaultFuzzTest is SynthsFixture {
    function testFuzz_quoteMint_matchesMint(
        uint256 deposit,
        uint256 priorMint,
        uint256 amount,
        uint64 mintFee,
        uint256 wethPrice
    ) public {
        mintFee = uint64(bound(mintFee, 0, 0.05e18));
        _setFees(sXAU, mintFee, 0);
        deposit = bound(deposit, 1, 1e24);
        _deposit(alice, weth, sXAU, deposit);
        (,,, uint256 max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        priorMint = bound(priorMint, 0, max);
        if (priorMint != 0) {
            vm.prank(alice);
            vault.mint(address(weth), address(sXAU), priorMint);
        }
        // Any move the breaker accepts: the position may end up above or below its limit.
        _setPrice(wethFeed, int256(bound(wethPrice, 1500e8 + 1, 4500e8)));

        (,,, max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        amount = bound(amount, 1, max * 2 + 10);
        (uint256 fee, uint256 debtAfter, uint256 ratioAfter, uint256 maxAgain) =
            vault.quoteMint(alice, address(weth), address(sXAU), amount);
        assertEq(maxAgain, max, "maxMintable does not depend on amount");
        if (amount <= max) {
            vm.expectEmit(address(vault));
            emit ISynthVault.Minted(alice, address(weth), address(sXAU), amount, fee, debtAfter);
            vm.prank(alice);
            vault.mint(address(weth), address(sXAU), amount);
            assertEq(_ratio(alice, weth, sXAU), ratioAfter);
            assertGe(ratioAfter, ISSUANCE_RATIO);
            assertEq(sXAU.balanceOf(treasury), _feesMinted(priorMint, mintFee) + fee);
        } else {
            // Rejected for exactly one of the two limits maxMintable encodes, checked in this order.
            uint256 synthDebtAfter = vault.totalDebt(address(sXAU)) + amount + fee;
            if (synthDebtAfter > DEBT_CEILING) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        ISynthVault.DebtCeilingExceeded.selector, address(sXAU), synthDebtAfter, DEBT_CEILING
                    )
                );
            } else {
                assertLt(ratioAfter, ISSUANCE_RATIO);
                vm.expectRevert(
                    abi.encodeWithSelector(ISynthVault.CollateralRatioTooLow.selector, ratioAfter, ISSUANCE_RATIO)
                );
            }
            vm.prank(alice);
            vault.mint(address(weth), address(sXAU), amount);
        }
    }

    function testFuzz_withdraw_neverLeavesPositionBelowIssuanceRatio(
        uint256 deposit,
        uint256 minted,
        uint256 amount,
        uint256 xauPrice
    ) public {
        deposit = bound(deposit, 1e9, 1e24);
        _deposit(alice, weth, sXAU, deposit);
        (,,, uint256 max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        minted = bound(minted, 1, max);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), minted);
        _setPrice(xauFeed, int256(bound(xauPrice, 1400e8, 2800e8)));

        amount = bound(amount, 1, deposit);
        uint256 valueAfter = Math.mulDiv(deposit - amount, oracle.price(address(weth)), 1e18);
        uint256 debtValue = Math.mulDiv(minted, oracle.price(address(sXAU)), 1e18, Math.Rounding.Ceil);
        bool allowed = valueAfter * 1e18 >= uint256(ISSUANCE_RATIO) * debtValue;

        if (!allowed) vm.expectRevert();
        vm.prank(alice);
        vault.withdraw(address(weth), address(sXAU), amount);
        if (allowed) {
            assertGe(_ratio(alice, weth, sXAU), ISSUANCE_RATIO);
            assertEq(weth.balanceOf(alice), amount);
        }
    }

    function testFuzz_burn_supplyTracksDebtWithFees(uint256 minted, uint256 burned, uint64 mintFee, uint64 burnFee)
        public
    {
        _setFees(sXAU, uint64(bound(mintFee, 0, 0.05e18)), uint64(bound(burnFee, 0, 0.05e18)));
        _deposit(alice, weth, sXAU, 100e18);
        (,,, uint256 max) = vault.quoteMint(alice, address(weth), address(sXAU), 0);
        minted = bound(minted, 1, max);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), minted);
        uint256 debt = _debt(alice, weth, sXAU);

        burned = bound(burned, 1, minted);
        (uint256 fee, uint256 reduction) = vault.quoteBurn(address(sXAU), burned);
        uint256 treasuryBefore = sXAU.balanceOf(treasury);
        vm.expectEmit(address(vault));
        emit ISynthVault.Burned(alice, address(weth), address(sXAU), burned, fee, debt - reduction);
        vm.prank(alice);
        vault.burn(address(weth), address(sXAU), burned);

        assertEq(sXAU.balanceOf(treasury) - treasuryBefore, fee);
        assertEq(_debt(alice, weth, sXAU), debt - reduction);
        assertEq(sXAU.totalSupply(), vault.totalDebt(address(sXAU)));
        assertGe(fee * 1e18, burned * factory.synthConfig(address(sXAU)).burnFee, "burn fee rounds up");
    }

    function testFuzz_liquidate_accountingAndBonusBound(uint256 minted, uint256 wethPrice, uint256 repay) public {
        _deposit(alice, weth, sXAU, 1e18);
        minted = bound(minted, 0.8e18, 1e18);
        vm.prank(alice);
        vault.mint(address(weth), address(sXAU), minted);
        _open(liquidator, usdc, sXAU, 10_000_000e6, 5e18);
        _setPrice(wethFeed, int256(bound(wethPrice, 1500e8 + 1, 2400e8)));
        (,,,,, bool liquidatable) = vault.positionOf(alice, address(weth), address(sXAU));
        vm.assume(liquidatable);

        repay = bound(repay, 1, 2e18);
        uint256 wethBefore = weth.balanceOf(liquidator);
        vm.prank(liquidator);
        (uint256 repaid, uint256 seized) = vault.liquidate(alice, address(weth), address(sXAU), repay);

        (uint256 collateralLeft, uint256 debtLeft) = vault.position(alice, address(weth), address(sXAU));
        assertLe(repaid, repay);
        assertEq(weth.balanceOf(liquidator) - wethBefore, seized);
        assertEq(weth.balanceOf(address(vault)), collateralLeft);
        assertEq(sXAU.totalSupply(), vault.totalDebt(address(sXAU)) + vault.badDebt(address(sXAU)));
        assertEq(vault.totalDebt(address(sXAU)), debtLeft + 5e18);
        assertTrue(collateralLeft != 0 || debtLeft == 0, "no debt without collateral");
        // Seized value never exceeds repaid value plus the bonus.
        uint256 seizedValue = seized * oracle.price(address(weth));
        assertLe(seizedValue, repaid * 2000e18 * 11 / 10);
    }

    function testFuzz_positionOf_roundsInProtocolFavour(
        uint256 collateral,
        uint256 minted,
        uint256 wethPrice,
        uint256 xauPrice
    ) public {
        collateral = bound(collateral, 1, 1e30);
        _deposit(alice, usdc, sXAU, collateral);
        (,,, uint256 max) = vault.quoteMint(alice, address(usdc), address(sXAU), 0);
        minted = bound(minted, 0, max);
        if (minted != 0) {
            vm.prank(alice);
            vault.mint(address(usdc), address(sXAU), minted);
        }
        _setPrice(usdcFeed, int256(bound(wethPrice, 0.6e8, 1.4e8)));
        _setPrice(xauFeed, int256(bound(xauPrice, 1100e8, 2900e8)));

        (uint256 amount, uint256 debt, uint256 value, uint256 debtValue, uint256 ratio,) =
            vault.positionOf(alice, address(usdc), address(sXAU));
        uint256 collateralPrice = oracle.price(address(usdc));
        uint256 synthPrice = oracle.price(address(sXAU));
        assertLe(value * 1e6, amount * collateralPrice, "collateral value rounds down");
        assertGt((value + 1) * 1e6, amount * collateralPrice);
        assertGe(debtValue * 1e18, debt * synthPrice, "debt value rounds up");
        if (debt != 0) {
            assertLe(ratio * debtValue, value * 1e18, "ratio rounds down");
        } else {
            assertEq(ratio, type(uint256).max);
        }
    }

    function _feesMinted(uint256 amount, uint64 rate) private pure returns (uint256) {
        return amount == 0 ? 0 : Math.mulDiv(amount, rate, 1e18, Math.Rounding.Ceil);
    }
}
