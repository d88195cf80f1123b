// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IFiatMinter} from "../../src/interfaces/IFiatMinter.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {FiatMinterFixture} from "./utils/FiatMinterFixture.sol";
import {ReentrantSynth} from "./utils/ReentrantSynth.sol";

/// @notice `mint`: the once-ever rule, every revert with its exact error, the caps at and one wei over their
///         limits, and the UTC day rollover.
contract FiatMinterMintTest is FiatMinterFixture {
    // ------------------------------------------------------------ once

    function test_mint_mintsRecordsAndEmits() public {
        uint256 supplyBefore = sUSD.totalSupply();
        vm.expectEmit(address(minter));
        emit IFiatMinter.FiatMinted(PAYMENT, address(sUSD), alice, 250e18, _today());
        _mint(PAYMENT, sUSD, alice, 250e18);

        assertEq(sUSD.balanceOf(alice), 250e18);
        assertEq(sUSD.totalSupply(), supplyBefore + 250e18);
        assertTrue(minter.isProcessed(PAYMENT));
        IFiatMinter.Receipt memory receipt = minter.receiptOf(PAYMENT);
        assertEq(receipt.synth, address(sUSD));
        assertEq(receipt.to, alice);
        assertEq(receipt.amount, 250e18);
        assertEq(receipt.mintedAt, block.timestamp);
        assertEq(minter.dailyMinted(address(sUSD), _today()), 250e18);
    }

    function test_mint_replayWithTheSameArgumentsReverts() public {
        _mint(PAYMENT, sUSD, alice, 250e18);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.PaymentAlreadyProcessed.selector, PAYMENT));
        _mint(PAYMENT, sUSD, alice, 250e18);
        assertEq(sUSD.balanceOf(alice), 250e18);
        assertEq(minter.dailyMinted(address(sUSD), _today()), 250e18);
    }

    function test_mint_replayWithADifferentSynthRecipientOrAmountReverts() public {
        _mint(PAYMENT, sUSD, alice, 250e18);
        bytes memory replay = abi.encodeWithSelector(IFiatMinter.PaymentAlreadyProcessed.selector, PAYMENT);
        vm.expectRevert(replay);
        _mint(PAYMENT, sXAU, alice, 1e18);
        vm.expectRevert(replay);
        _mint(PAYMENT, sUSD, bob, 250e18);
        vm.expectRevert(replay);
        _mint(PAYMENT, sUSD, alice, 1);
        // The replay check comes before every argument check: a replay is reported as one whatever it asks.
        vm.expectRevert(replay);
        _mint(PAYMENT, sBTC, address(0), 0);
        vm.expectRevert(replay);
        _mint(PAYMENT, sUSD, alice, USD_PER_PAYMENT + 1);

        IFiatMinter.Receipt memory receipt = minter.receiptOf(PAYMENT);
        assertEq(receipt.synth, address(sUSD));
        assertEq(receipt.to, alice);
        assertEq(receipt.amount, 250e18);
        assertEq(sXAU.balanceOf(alice), 0);
        assertEq(sUSD.balanceOf(bob), 0);
    }

    function test_mint_replayRevertsAfterPauseAndUnpause() public {
        _mint(PAYMENT, sUSD, alice, 250e18);
        vm.prank(guardian);
        minter.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _mint(PAYMENT, sUSD, alice, 250e18);
        vm.prank(admin);
        minter.unpause();
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.PaymentAlreadyProcessed.selector, PAYMENT));
        _mint(PAYMENT, sUSD, alice, 250e18);
    }

    function test_mint_replayRevertsAfterTheLimitsChange() public {
        _mint(PAYMENT, sUSD, alice, 250e18);
        bytes memory replay = abi.encodeWithSelector(IFiatMinter.PaymentAlreadyProcessed.selector, PAYMENT);

        // Disallowed, then allowed again with larger limits.
        vm.prank(admin);
        minter.setLimits(address(sUSD), 0, 0);
        vm.expectRevert(replay);
        _mint(PAYMENT, sUSD, alice, 250e18);
        vm.prank(admin);
        minter.setLimits(address(sUSD), type(uint256).max, type(uint256).max);
        vm.expectRevert(replay);
        _mint(PAYMENT, sUSD, alice, 250e18);
        assertEq(sUSD.balanceOf(alice), 250e18);
    }

    function test_mint_replayRevertsOnLaterDays() public {
        _mint(PAYMENT, sUSD, alice, 250e18);
        vm.warp(block.timestamp + 400 days);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.PaymentAlreadyProcessed.selector, PAYMENT));
        _mint(PAYMENT, sUSD, alice, 250e18);
    }

    function test_mint_replayRevertsForAnotherMinter() public {
        address second = makeAddr("second reactor");
        bytes32 role = minter.MINTER_ROLE();
        vm.prank(admin);
        minter.grantRole(role, second);
        _mint(PAYMENT, sUSD, alice, 250e18);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.PaymentAlreadyProcessed.selector, PAYMENT));
        vm.prank(second);
        minter.mint(PAYMENT, address(sUSD), alice, 250e18);
    }

    function test_mint_distinctIdsMintIndependently() public {
        _mint(_id(1), sUSD, alice, 10e18);
        _mint(_id(2), sUSD, alice, 10e18);
        _mint(_id(3), sXAU, bob, 1e18);
        assertEq(sUSD.balanceOf(alice), 20e18);
        assertEq(sXAU.balanceOf(bob), 1e18);
        assertEq(minter.receiptOf(_id(3)).to, bob);
    }

    function test_mint_aFailedMintLeavesTheIdUnused() public {
        vm.expectRevert(
            abi.encodeWithSelector(IFiatMinter.PaymentCapExceeded.selector, USD_PER_PAYMENT + 1, USD_PER_PAYMENT)
        );
        _mint(PAYMENT, sUSD, alice, USD_PER_PAYMENT + 1);
        assertFalse(minter.isProcessed(PAYMENT));
        assertEq(minter.dailyMinted(address(sUSD), _today()), 0);
        _mint(PAYMENT, sUSD, alice, USD_PER_PAYMENT);
        assertTrue(minter.isProcessed(PAYMENT));
    }

    // ------------------------------------------------------------ reverts

    function test_mint_revertsForAZeroPaymentId() public {
        vm.expectRevert(IFiatMinter.PaymentIdZero.selector);
        _mint(bytes32(0), sUSD, alice, 1e18);
        assertFalse(minter.isProcessed(bytes32(0)));
    }

    function test_mint_revertsForAZeroRecipient() public {
        vm.expectRevert(IFiatMinter.ZeroAddress.selector);
        _mint(PAYMENT, sUSD, address(0), 1e18);
    }

    function test_mint_revertsForAZeroAmount() public {
        vm.expectRevert(IFiatMinter.ZeroAmount.selector);
        _mint(PAYMENT, sUSD, alice, 0);
    }

    function test_mint_revertsForASynthWithoutLimits() public {
        // sBTC: the minter holds MINTER_ROLE on it, but governance never set its limits.
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.SynthNotAllowed.selector, address(sBTC)));
        _mint(PAYMENT, sBTC, alice, 1);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.SynthNotAllowed.selector, address(0)));
        _mint(PAYMENT, SyntheticAsset(address(0)), alice, 1);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.SynthNotAllowed.selector, address(weth)));
        _mint(PAYMENT, SyntheticAsset(address(weth)), alice, 1);
    }

    function test_mint_revertsWhenEitherLimitIsZero() public {
        vm.prank(admin);
        minter.setLimits(address(sUSD), 0, USD_PER_DAY);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.SynthNotAllowed.selector, address(sUSD)));
        _mint(PAYMENT, sUSD, alice, 1);
        vm.prank(admin);
        minter.setLimits(address(sUSD), USD_PER_PAYMENT, 0);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.SynthNotAllowed.selector, address(sUSD)));
        _mint(PAYMENT, sUSD, alice, 1);
    }

    function test_mint_revertsWhenPaused() public {
        vm.prank(guardian);
        minter.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _mint(PAYMENT, sUSD, alice, 1e18);
        assertFalse(minter.isProcessed(PAYMENT));
    }

    function test_mint_revertsForNonMinters() public {
        address[4] memory others = [admin, guardian, stranger, address(vault)];
        bytes32 role = minter.MINTER_ROLE();
        for (uint256 i = 0; i < others.length; ++i) {
            vm.expectRevert(_unauthorized(others[i], role));
            vm.prank(others[i]);
            minter.mint(PAYMENT, address(sUSD), alice, 1e18);
        }
    }

    function test_mint_bubblesUpTheSynthsRefusalAndLeavesTheIdUnused() public {
        bytes32 synthMinter = sUSD.MINTER_ROLE();
        vm.prank(admin);
        sUSD.revokeRole(synthMinter, address(minter));
        vm.expectRevert(_unauthorized(address(minter), synthMinter));
        _mint(PAYMENT, sUSD, alice, 1e18);
        assertFalse(minter.isProcessed(PAYMENT));
        assertEq(minter.dailyMinted(address(sUSD), _today()), 0);
    }

    function test_mint_recordsBeforeCallingTheSynthAndCannotBeReentered() public {
        ReentrantSynth hostile = new ReentrantSynth(minter);
        vm.startPrank(admin);
        minter.setLimits(address(hostile), 10e18, 10e18);
        // Even a minter-role holder cannot re-enter (the hostile synth is given the role to get past it).
        minter.grantRole(minter.MINTER_ROLE(), address(hostile));
        vm.stopPrank();
        hostile.armReplay(PAYMENT);

        vm.prank(reactor);
        minter.mint(PAYMENT, address(hostile), alice, 1e18);
        assertTrue(hostile.sawProcessed(), "receipt recorded before the call");
        bytes memory reentered = abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(hostile.reentryError(), reentered);
        assertEq(minter.dailyMinted(address(hostile), _today()), 1e18);
    }

    // ------------------------------------------------------------ per-payment cap

    function test_mint_acceptsExactlyThePerPaymentCap() public {
        _mint(PAYMENT, sUSD, alice, USD_PER_PAYMENT);
        assertEq(sUSD.balanceOf(alice), USD_PER_PAYMENT);
    }

    function test_mint_revertsOneWeiOverThePerPaymentCap() public {
        vm.expectRevert(
            abi.encodeWithSelector(IFiatMinter.PaymentCapExceeded.selector, USD_PER_PAYMENT + 1, USD_PER_PAYMENT)
        );
        _mint(PAYMENT, sUSD, alice, USD_PER_PAYMENT + 1);
    }

    // ------------------------------------------------------------ daily cap

    function test_mint_acceptsExactlyTheDailyCap() public {
        _fillDay(sXAU, XAU_PER_DAY - 1);
        _mint(PAYMENT, sXAU, alice, 1);
        assertEq(minter.dailyMinted(address(sXAU), _today()), XAU_PER_DAY);
    }

    function test_mint_revertsOneWeiOverTheDailyCap() public {
        _fillDay(sXAU, XAU_PER_DAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFiatMinter.DailyCapExceeded.selector, address(sXAU), XAU_PER_DAY - 1, 2, XAU_PER_DAY
            )
        );
        _mint(PAYMENT, sXAU, alice, 2);
        _mint(PAYMENT, sXAU, alice, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IFiatMinter.DailyCapExceeded.selector, address(sXAU), XAU_PER_DAY, 1, XAU_PER_DAY)
        );
        _mint(_id(99), sXAU, alice, 1);
    }

    function test_mint_dailyCapBelowThePerPaymentCapBindsASinglePayment() public {
        vm.prank(admin);
        minter.setLimits(address(sXAU), 100e18, 60e18);
        vm.expectRevert(
            abi.encodeWithSelector(IFiatMinter.DailyCapExceeded.selector, address(sXAU), 0, 60e18 + 1, 60e18)
        );
        _mint(PAYMENT, sXAU, alice, 60e18 + 1);
        _mint(PAYMENT, sXAU, alice, 60e18);
    }

    function test_mint_dailyCapsArePerSynth() public {
        _fillDay(sXAU, XAU_PER_DAY);
        _mint(PAYMENT, sUSD, alice, USD_PER_PAYMENT);
        assertEq(minter.dailyMinted(address(sUSD), _today()), USD_PER_PAYMENT);
        assertEq(minter.dailyMinted(address(sXAU), _today()), XAU_PER_DAY);
    }

    function test_mint_dailyCapRollsOverAtTheUtcDayBoundary() public {
        uint256 day = _today();
        _fillDay(sXAU, XAU_PER_DAY);
        // Last second of the day: still full.
        vm.warp((day + 1) * 1 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IFiatMinter.DailyCapExceeded.selector, address(sXAU), XAU_PER_DAY, 1, XAU_PER_DAY)
        );
        _mint(PAYMENT, sXAU, alice, 1);

        // First second of the next: a fresh day.
        _warpToNextDay();
        assertEq(minter.today(), day + 1);
        vm.expectEmit(address(minter));
        emit IFiatMinter.FiatMinted(PAYMENT, address(sXAU), alice, XAU_PER_PAYMENT, day + 1);
        _mint(PAYMENT, sXAU, alice, XAU_PER_PAYMENT);
        assertEq(minter.dailyMinted(address(sXAU), day), XAU_PER_DAY);
        assertEq(minter.dailyMinted(address(sXAU), day + 1), XAU_PER_PAYMENT);
    }

    function test_mint_loweringTheDailyCapBelowTodaysTotalStopsMintsForTheDay() public {
        _fillDay(sXAU, 150e18);
        vm.prank(admin);
        minter.setLimits(address(sXAU), XAU_PER_PAYMENT, 100e18);
        vm.expectRevert(
            abi.encodeWithSelector(IFiatMinter.DailyCapExceeded.selector, address(sXAU), 150e18, 1, 100e18)
        );
        _mint(PAYMENT, sXAU, alice, 1);
        _warpToNextDay();
        _mint(PAYMENT, sXAU, alice, 1);
    }

    /// @dev Mints `total` of `synth` today to bob in payments of at most its per-payment cap (ids 1000+).
    function _fillDay(SyntheticAsset synth, uint256 total) internal {
        uint256 cap = minter.limits(address(synth)).perPayment;
        for (uint256 n = 1000; total > 0; ++n) {
            uint256 amount = total < cap ? total : cap;
            _mint(_id(n), synth, bob, amount);
            total -= amount;
        }
    }
}
