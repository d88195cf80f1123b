// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ILightningGateway} from "../../src/interfaces/ILightningGateway.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Lightning -> chain: lockMint, claimMint and refundMint, to the wei and at every boundary.
contract LightningGatewayMintTest is GatewayFixture {
    // ------------------------------------------------------------ lockMint

    function test_lockMint_recordsSwapUsageAndEmits() public {
        uint64 timelock = _timelock();
        uint256 fee = _fee(1e15, MINT_FEE);
        vm.expectEmit(address(gateway));
        emit ILightningGateway.MintLocked(H, alice, address(sBTC), SATS, 1e15, fee, timelock);
        _lockMintDefault(H);

        ILightningGateway.Swap memory swap = gateway.swapOf(H);
        assertEq(swap.account, alice);
        assertEq(uint8(swap.status), uint8(ILightningGateway.Status.Locked));
        assertEq(uint8(swap.direction), uint8(MINT));
        assertEq(swap.timelock, timelock);
        assertEq(swap.synth, address(sBTC));
        assertEq(swap.sats, SATS);
        assertEq(swap.day, block.timestamp / 1 days);
        assertEq(swap.amount, 1e15);
        assertEq(swap.fee, fee);
        assertEq(gateway.dailyUsage(MINT, block.timestamp / 1 days), SATS);
        assertEq(gateway.dailyUsage(BURN, block.timestamp / 1 days), 0);
        // Nothing is minted before the preimage is revealed.
        assertEq(sBTC.totalSupply(), 0);
    }

    function test_lockMint_sBtcIsExactlyTenBillionWeiPerSat() public {
        (uint256 amount,) = gateway.quoteMint(address(sBTC), 123_457);
        assertEq(amount, 123_457 * 1e10);
        _lockMint(H, alice, sBTC, 123_457, 123_457 * 1e10);
    }

    function test_lockMint_pricesOtherSynthsThroughBtc() public {
        (uint256 usd,) = gateway.quoteMint(address(sUSD), SATS);
        (uint256 xau,) = gateway.quoteMint(address(sXAU), SATS);
        assertEq(usd, 60e18);
        assertEq(xau, 0.03e18);
        _lockMint(H, alice, sUSD, SATS, 60e18);
        _lockMint(HA, alice, sXAU, SATS, 0.03e18);
    }

    function test_lockMint_acceptsAmountAtTheTolerance() public {
        // 60e18 sUSD * 1.01 = 60.6e18.
        _lockMint(H, alice, sUSD, SATS, 60.6e18);
        assertEq(gateway.swapOf(H).amount, 60.6e18);
    }

    function test_lockMint_revertsAboveTheTolerance() public {
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.AmountAboveQuote.selector, 60.6e18 + 1, 60.6e18));
        _lockMint(H, alice, sUSD, SATS, 60.6e18 + 1);
    }

    function test_lockMint_acceptsAnOldQuoteWithinTheToleranceAfterAPriceDrop() public {
        // Quoted 60e18 sUSD at $60,000; BTC falls 0.5% before the invoice is accepted: still within 1%.
        uint64 quotedAt = _now();
        _setPrice(btcFeed, 59_700e8);
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sUSD), SATS, 60e18, quotedAt, _timelock());
    }

    function test_lockMint_revertsWhenThePriceFellMoreThanTheTolerance() public {
        uint64 quotedAt = _now();
        _setPrice(btcFeed, 59_000e8);
        // 100,000 sats at $59,000 = 59e18 sUSD; +1% = 59.59e18 < 60e18.
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.AmountAboveQuote.selector, 60e18, 59.59e18));
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sUSD), SATS, 60e18, quotedAt, _timelock());
    }

    function test_lockMint_acceptsAQuoteExactlyMaxQuoteAgeOld() public {
        uint64 quotedAt = _now();
        vm.warp(block.timestamp + QUOTE_AGE);
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, quotedAt, _timelock());
    }

    function test_lockMint_revertsForQuoteTooOld() public {
        uint64 quotedAt = _now();
        vm.warp(block.timestamp + QUOTE_AGE + 1);
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.QuoteTooOld.selector, quotedAt, QUOTE_AGE + 1, QUOTE_AGE)
        );
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, quotedAt, timelock);
    }

    function test_lockMint_revertsForQuoteInFuture() public {
        uint64 quotedAt = _now() + 1;
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.QuoteInFuture.selector, quotedAt, block.timestamp)
        );
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, quotedAt, timelock);
    }

    function test_lockMint_revertsForZeroRecipient() public {
        vm.expectRevert(ILightningGateway.ZeroAddress.selector);
        _lockMint(H, address(0), sBTC, SATS, 1e15);
    }

    function test_lockMint_revertsForZeroAmount() public {
        vm.expectRevert(ILightningGateway.ZeroAmount.selector);
        _lockMint(H, alice, sBTC, SATS, 0);
    }

    function test_lockMint_revertsForSynthNotAllowed() public {
        vm.prank(admin);
        gateway.setSynthAllowed(address(sXAU), false);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SynthNotAllowed.selector, address(sXAU)));
        _lockMint(H, alice, sXAU, SATS, 0.03e18);
    }

    function test_lockMint_revertsForNonSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SynthNotAllowed.selector, address(weth)));
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(weth), SATS, 1, _now(), _timelock());
    }

    function test_lockMint_revertsForSynthDeactivatedInTheFactory() public {
        _deactivate(sBTC);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SynthNotActive.selector, address(sBTC)));
        _lockMintDefault(H);
    }

    function test_lockMint_revertsForUsedHash() public {
        _lockMintDefault(H);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.PaymentHashUsed.selector, H, ILightningGateway.Status.Locked
            )
        );
        _lockMintDefault(H);
    }

    function test_lockMint_acceptsTimelockBounds() public {
        vm.startPrank(keeper);
        gateway.lockMint(HA, alice, address(sBTC), SATS, 1e15, _now(), _now() + MIN_TIMELOCK);
        gateway.lockMint(HB, alice, address(sBTC), SATS, 1e15, _now(), _now() + MAX_TIMELOCK_);
        vm.stopPrank();
    }

    function test_lockMint_revertsForTimelockTooSoon() public {
        uint64 timelock = _now() + MIN_TIMELOCK - 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.InvalidTimelock.selector,
                timelock,
                block.timestamp + MIN_TIMELOCK,
                block.timestamp + MAX_TIMELOCK_
            )
        );
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, _now(), timelock);
    }

    function test_lockMint_revertsForTimelockTooLate() public {
        uint64 timelock = _now() + MAX_TIMELOCK_ + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.InvalidTimelock.selector,
                timelock,
                block.timestamp + MIN_TIMELOCK,
                block.timestamp + MAX_TIMELOCK_
            )
        );
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, _now(), timelock);
    }

    function test_lockMint_acceptsSatsBounds() public {
        _lockMint(HA, alice, sBTC, MIN_SATS, MIN_SATS * 1e10);
        _lockMint(HB, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
    }

    function test_lockMint_revertsForSatsBelowMin() public {
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SatsOutOfRange.selector, MIN_SATS - 1, MIN_SATS, MAX_SATS)
        );
        _lockMint(H, alice, sBTC, MIN_SATS - 1, 1);
    }

    function test_lockMint_revertsForSatsAboveMax() public {
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SatsOutOfRange.selector, MAX_SATS + 1, MIN_SATS, MAX_SATS)
        );
        _lockMint(H, alice, sBTC, MAX_SATS + 1, 1e15);
    }

    function test_lockMint_fillsTheDailyLimitExactly() public {
        _lockMint(HA, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
        _lockMint(HB, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
        assertEq(gateway.dailyUsage(MINT, block.timestamp / 1 days), DAILY_SATS);
    }

    function test_lockMint_revertsWhenDailyLimitExceeded() public {
        _lockMint(HA, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
        _lockMint(HB, alice, sBTC, MAX_SATS - 1, (MAX_SATS - 1) * 1e10);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.DailyLimitExceeded.selector,
                MINT,
                block.timestamp / 1 days,
                DAILY_SATS + 1_999,
                DAILY_SATS
            )
        );
        _lockMint(HC, alice, sBTC, 2_000, 2_000 * 1e10);
    }

    function test_lockMint_dailyLimitRollsOverAtUtcMidnight() public {
        vm.warp((block.timestamp / 1 days + 1) * 1 days - 1); // 23:59:59 UTC
        uint256 day = block.timestamp / 1 days;
        _lockMint(HA, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
        _lockMint(HB, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.DailyLimitExceeded.selector, MINT, day, DAILY_SATS + MIN_SATS, DAILY_SATS
            )
        );
        _lockMint(HC, alice, sBTC, MIN_SATS, MIN_SATS * 1e10);

        // The oracle's heartbeat is a day, so a one-second warp keeps prices fresh.
        vm.warp(block.timestamp + 1); // 00:00:00 UTC: a new day
        _lockMint(HC, alice, sBTC, MIN_SATS, MIN_SATS * 1e10);
        assertEq(gateway.dailyUsage(MINT, day), DAILY_SATS);
        assertEq(gateway.dailyUsage(MINT, day + 1), MIN_SATS);
    }

    function test_lockMint_limitsAreSeparatePerDirection() public {
        _lockMint(HA, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
        _lockMint(HB, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
        _lockBurn(HC, bob, sBTC, uint256(MAX_SATS) * 1e10 * 1001 / 1000, MAX_SATS);
        assertEq(gateway.dailyUsage(BURN, block.timestamp / 1 days), MAX_SATS);
    }

    function test_lockMint_revertsWhenBtcBreakerTripped() public {
        _trip(btcFeed, address(sBTC));
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(sBTC)));
        _lockMint(H, alice, sUSD, SATS, 60e18);
    }

    function test_lockMint_revertsWhenBreakerTripsOnTheLockItself() public {
        // Nobody synced the spike: lockMint's checked price advances the breaker and refuses it.
        _setPrice(btcFeed, 120_000e8);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(sBTC)));
        _lockMint(H, alice, sBTC, SATS, 1e15);
    }

    function test_lockMint_revertsWhenSynthBreakerTripped() public {
        _trip(xauFeed, address(sXAU));
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(sXAU)));
        _lockMint(H, alice, sXAU, SATS, 0.03e18);
    }

    function test_lockMint_revertsForStalePrice() public {
        vm.warp(block.timestamp + HEARTBEAT + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(sBTC), START, HEARTBEAT)
        );
        _lockMintDefault(H);
    }

    function test_lockMint_revertsForNonKeeper() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, alice, gateway.KEEPER_ROLE()
            )
        );
        vm.prank(alice);
        gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, _now(), _timelock());
    }

    function test_lockMint_revertsWhenPaused() public {
        vm.prank(guardian);
        gateway.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _lockMintDefault(H);
    }

    // ------------------------------------------------------------ claimMint

    function test_claimMint_mintsAmountLessFeeToRecipientAndFeeToTreasury() public {
        _lockMint(H, alice, sUSD, SATS, 60e18);
        uint256 fee = 0.12e18; // 0.2% of 60e18
        vm.expectEmit(address(gateway));
        emit ILightningGateway.MintClaimed(H, PREIMAGE, alice, 60e18, fee);
        vm.prank(keeper);
        gateway.claimMint(PREIMAGE);

        assertEq(sUSD.balanceOf(alice), 60e18 - fee);
        assertEq(sUSD.balanceOf(treasury), fee);
        assertEq(sUSD.balanceOf(address(gateway)), 0);
        assertEq(sUSD.totalSupply(), 60e18);
        assertEq(uint8(_status(H)), uint8(ILightningGateway.Status.Claimed));
        // A claim keeps its share of the daily limit.
        assertEq(gateway.dailyUsage(MINT, block.timestamp / 1 days), SATS);
    }

    function test_claimMint_roundsTheFeeUp() public {
        // 0.2% of 1e15 + 1 is 2e12 + 0.002: the treasury gets 2e12 + 1.
        _lockMint(H, alice, sBTC, SATS, 1e15 + 1);
        gateway.claimMint(PREIMAGE);
        assertEq(sBTC.balanceOf(treasury), 2e12 + 1);
        assertEq(sBTC.balanceOf(alice), 1e15 + 1 - (2e12 + 1));
    }

    function test_claimMint_anyoneMayRelayThePreimage() public {
        _lockMintDefault(H);
        vm.prank(stranger);
        gateway.claimMint(PREIMAGE);
        assertEq(sBTC.balanceOf(alice), 1e15 - 2e12);
        assertEq(sBTC.balanceOf(stranger), 0);
    }

    function test_claimMint_usesTheFeeFixedAtLock() public {
        _lockMintDefault(H);
        vm.prank(admin);
        gateway.setFees(0.05e18, 0.05e18);
        gateway.claimMint(PREIMAGE);
        assertEq(sBTC.balanceOf(treasury), 2e12);
    }

    function test_claimMint_withZeroFeeMintsNothingToTreasury() public {
        vm.prank(admin);
        gateway.setFees(0, 0);
        _lockMintDefault(H);
        gateway.claimMint(PREIMAGE);
        assertEq(sBTC.balanceOf(alice), 1e15);
        assertEq(sBTC.balanceOf(treasury), 0);
    }

    function test_claimMint_worksOneSecondBeforeTheTimelock() public {
        _lockMintDefault(H);
        vm.warp(gateway.swapOf(H).timelock - 1);
        gateway.claimMint(PREIMAGE);
        assertEq(uint8(_status(H)), uint8(ILightningGateway.Status.Claimed));
    }

    function test_claimMint_revertsAtTheTimelock() public {
        _lockMintDefault(H);
        uint64 timelock = gateway.swapOf(H).timelock;
        vm.warp(timelock);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SwapExpired.selector, H, timelock));
        gateway.claimMint(PREIMAGE);
    }

    function test_claimMint_worksWhilePaused() public {
        _lockMintDefault(H);
        vm.prank(guardian);
        gateway.pause();
        gateway.claimMint(PREIMAGE);
        assertEq(sBTC.balanceOf(alice), 1e15 - 2e12);
    }

    function test_claimMint_worksWhileTheBreakerIsTripped() public {
        _lockMintDefault(H);
        _trip(btcFeed, address(sBTC));
        gateway.claimMint(PREIMAGE);
        assertEq(sBTC.balanceOf(alice), 1e15 - 2e12);
    }

    function test_claimMint_revertsForUnknownPreimage() public {
        _lockMintDefault(H);
        bytes32 wrong = keccak256("wrong");
        bytes32 wrongHash = _hash(wrong);
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SwapNotLocked.selector, wrongHash, ILightningGateway.Status.None)
        );
        gateway.claimMint(wrong);
    }

    function test_claimMint_revertsForThePaymentHashItself() public {
        // Passing the hash instead of the preimage must not work (sha256, not identity).
        _lockMintDefault(H);
        bytes32 hashOfHash = _hash(H);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.SwapNotLocked.selector, hashOfHash, ILightningGateway.Status.None
            )
        );
        gateway.claimMint(H);
    }

    function test_claimMint_revertsTwice() public {
        _lockMintDefault(H);
        gateway.claimMint(PREIMAGE);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.SwapNotLocked.selector, H, ILightningGateway.Status.Claimed
            )
        );
        gateway.claimMint(PREIMAGE);
    }

    function test_claimMint_revertsAfterRefund() public {
        _lockMintDefault(H);
        vm.warp(gateway.swapOf(H).timelock);
        gateway.refundMint(H);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.SwapNotLocked.selector, H, ILightningGateway.Status.Refunded
            )
        );
        gateway.claimMint(PREIMAGE);
    }

    function test_claimMint_revertsForABurnSwap() public {
        _lockBurnDefault(H);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.WrongDirection.selector, H, BURN));
        gateway.claimMint(PREIMAGE);
    }

    // ------------------------------------------------------------ refundMint

    function test_refundMint_marksRefundedMintsNothingAndReleasesUsage() public {
        _lockMintDefault(H);
        uint256 day = block.timestamp / 1 days;
        vm.warp(gateway.swapOf(H).timelock);
        vm.expectEmit(address(gateway));
        emit ILightningGateway.MintRefunded(H, alice, 1e15);
        gateway.refundMint(H);

        assertEq(uint8(_status(H)), uint8(ILightningGateway.Status.Refunded));
        assertEq(sBTC.totalSupply(), 0);
        assertEq(gateway.dailyUsage(MINT, day), 0);
    }

    function test_refundMint_releasesUsageOfTheLockDayOnly() public {
        _lockMintDefault(H);
        uint256 lockDay = block.timestamp / 1 days;
        vm.warp(block.timestamp + 1 days);
        _setPrice(btcFeed, 60_000e8); // keep the feed fresh for the next lock
        _lockMintDefault(HA);
        gateway.refundMint(H);
        assertEq(gateway.dailyUsage(MINT, lockDay), 0);
        assertEq(gateway.dailyUsage(MINT, block.timestamp / 1 days), SATS);
    }

    function test_refundMint_freesRoomForANewLockTheSameDay() public {
        _lockMint(HA, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
        vm.prank(keeper);
        gateway.lockMint(HB, alice, address(sBTC), MAX_SATS, MAX_SATS * 1e10, _now(), _now() + MIN_TIMELOCK);
        vm.warp(block.timestamp + MIN_TIMELOCK);
        gateway.refundMint(HB);
        _lockMint(HC, alice, sBTC, MAX_SATS, MAX_SATS * 1e10);
    }

    function test_refundMint_revertsOneSecondBeforeTheTimelock() public {
        _lockMintDefault(H);
        uint64 timelock = gateway.swapOf(H).timelock;
        vm.warp(timelock - 1);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SwapNotExpired.selector, H, timelock));
        gateway.refundMint(H);
    }

    function test_refundMint_anyoneMayCall() public {
        _lockMintDefault(H);
        vm.warp(gateway.swapOf(H).timelock);
        vm.prank(stranger);
        gateway.refundMint(H);
        assertEq(uint8(_status(H)), uint8(ILightningGateway.Status.Refunded));
    }

    function test_refundMint_worksWhilePaused() public {
        _lockMintDefault(H);
        vm.prank(guardian);
        gateway.pause();
        vm.warp(gateway.swapOf(H).timelock);
        gateway.refundMint(H);
        assertEq(uint8(_status(H)), uint8(ILightningGateway.Status.Refunded));
    }

    function test_refundMint_revertsAfterClaim() public {
        _lockMintDefault(H);
        gateway.claimMint(PREIMAGE);
        vm.warp(gateway.swapOf(H).timelock);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.SwapNotLocked.selector, H, ILightningGateway.Status.Claimed
            )
        );
        gateway.refundMint(H);
    }

    function test_refundMint_revertsTwice() public {
        _lockMintDefault(H);
        vm.warp(gateway.swapOf(H).timelock);
        gateway.refundMint(H);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.SwapNotLocked.selector, H, ILightningGateway.Status.Refunded
            )
        );
        gateway.refundMint(H);
    }

    function test_refundMint_revertsForUnknownHash() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.SwapNotLocked.selector, H, ILightningGateway.Status.None
            )
        );
        gateway.refundMint(H);
    }

    function test_refundMint_revertsForABurnSwap() public {
        _lockBurnDefault(H);
        vm.warp(gateway.swapOf(H).timelock);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.WrongDirection.selector, H, BURN));
        gateway.refundMint(H);
    }
}
