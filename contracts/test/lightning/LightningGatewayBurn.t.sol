// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ILightningGateway} from "../../src/interfaces/ILightningGateway.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Chain -> Lightning: lockBurn, lockBurnWithPermit, claimBurn and refundBurn; and the once-ever rule
///         across both directions.
contract LightningGatewayBurnTest is GatewayFixture {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    uint256 internal constant LOCKED = 1.001e15;
    uint256 internal constant LOCKED_FEE = 1.001e12;

    // ------------------------------------------------------------ lockBurn

    function test_lockBurn_pullsTheSynthsRecordsAndEmits() public {
        _fundSynth(bob, sBTC, LOCKED);
        uint64 timelock = _timelock();
        vm.expectEmit(address(gateway));
        emit ILightningGateway.BurnLocked(H, bob, address(sBTC), SATS, LOCKED, LOCKED_FEE, timelock);
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);

        assertEq(sBTC.balanceOf(bob), 0);
        assertEq(sBTC.balanceOf(address(gateway)), LOCKED);
        ILightningGateway.Swap memory swap = gateway.swapOf(H);
        assertEq(swap.account, bob);
        assertEq(uint8(swap.status), uint8(ILightningGateway.Status.Locked));
        assertEq(uint8(swap.direction), uint8(BURN));
        assertEq(swap.timelock, timelock);
        assertEq(swap.synth, address(sBTC));
        assertEq(swap.sats, SATS);
        assertEq(swap.day, block.timestamp / 1 days);
        assertEq(swap.amount, LOCKED);
        assertEq(swap.fee, LOCKED_FEE);
        assertEq(gateway.dailyUsage(BURN, block.timestamp / 1 days), SATS);
        assertEq(gateway.dailyUsage(MINT, block.timestamp / 1 days), 0);
    }

    function test_lockBurn_acceptsTheQuotedAmount() public {
        (uint256 amount, uint256 fee) = gateway.quoteBurn(address(sUSD), SATS);
        // 60e18 sUSD net, grossed up for the 0.1% fee and rounded up.
        assertEq(amount - fee, 60e18);
        _lockBurn(H, bob, sUSD, amount, SATS);
        assertEq(gateway.swapOf(H).fee, fee);
    }

    function test_lockBurn_acceptsANetAmountAtTheTolerance() public {
        // min net = 1e15 * 0.99 = 0.99e15; amount a with a - ceil(a / 1000) = 0.99e15 is 990990990990991.
        uint256 amount = 990_990_990_990_991;
        assertEq(amount - _fee(amount, BURN_FEE), 0.99e15);
        _lockBurn(H, bob, sBTC, amount, SATS);
    }

    function test_lockBurn_revertsBelowTheTolerance() public {
        uint256 amount = 990_990_990_990_990;
        uint256 net = amount - _fee(amount, BURN_FEE);
        _fundSynth(bob, sBTC, amount);
        uint64 timelock = _timelock();
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.AmountBelowQuote.selector, net, 0.99e15));
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), amount, SATS, timelock);
    }

    function test_lockBurn_revertsWhenTheFeeEatsIntoTheValue() public {
        // Locking exactly the value with a zero tolerance: the net after the fee is short.
        vm.prank(admin);
        gateway.setPriceTolerance(0);
        _fundSynth(bob, sBTC, 1e15);
        uint64 timelock = _timelock();
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.AmountBelowQuote.selector, 1e15 - 1e12, 1e15));
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), 1e15, SATS, timelock);
    }

    function test_lockBurn_revertsForZeroAmount() public {
        uint64 timelock = _timelock();
        vm.expectRevert(ILightningGateway.ZeroAmount.selector);
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), 0, SATS, timelock);
    }

    function test_lockBurn_revertsForSynthNotAllowed() public {
        vm.prank(admin);
        gateway.setSynthAllowed(address(sBTC), false);
        uint64 timelock = _timelock();
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SynthNotAllowed.selector, address(sBTC)));
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);
    }

    function test_lockBurn_worksForASynthDeactivatedInTheFactory() public {
        // Like repaying in the vault, redeeming never stops for an inactive synth.
        _deactivate(sBTC);
        _lockBurnDefault(H);
    }

    function test_lockBurn_revertsForUsedHash() public {
        _lockBurnDefault(H);
        _fundSynth(bob, sBTC, LOCKED);
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.PaymentHashUsed.selector, H, ILightningGateway.Status.Locked)
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);
    }

    function test_lockBurn_revertsForTimelockOutOfBounds() public {
        _fundSynth(bob, sBTC, LOCKED);
        uint64 tooSoon = _now() + MIN_TIMELOCK - 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.InvalidTimelock.selector,
                tooSoon,
                block.timestamp + MIN_TIMELOCK,
                block.timestamp + MAX_TIMELOCK_
            )
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, tooSoon);

        uint64 tooLate = _now() + MAX_TIMELOCK_ + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.InvalidTimelock.selector,
                tooLate,
                block.timestamp + MIN_TIMELOCK,
                block.timestamp + MAX_TIMELOCK_
            )
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, tooLate);
    }

    function test_lockBurn_revertsForSatsOutOfRange() public {
        _fundSynth(bob, sBTC, 1e18);
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SatsOutOfRange.selector, MIN_SATS - 1, MIN_SATS, MAX_SATS)
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), 1e15, MIN_SATS - 1, timelock);

        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SatsOutOfRange.selector, MAX_SATS + 1, MIN_SATS, MAX_SATS)
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), 1e18, MAX_SATS + 1, timelock);
    }

    function test_lockBurn_revertsWhenDailyLimitExceededAndRollsOver() public {
        uint256 max = uint256(MAX_SATS) * 1e10 * 1001 / 1000;
        _lockBurn(HA, bob, sBTC, max, MAX_SATS);
        _lockBurn(HB, bob, sBTC, max, MAX_SATS);
        _fundSynth(bob, sBTC, LOCKED);
        uint64 timelock = _timelock();
        uint256 day = block.timestamp / 1 days;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.DailyLimitExceeded.selector, BURN, day, DAILY_SATS + SATS, DAILY_SATS
            )
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);

        vm.warp((day + 1) * 1 days);
        _setPrice(btcFeed, 60_000e8);
        timelock = _timelock();
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);
        assertEq(gateway.dailyUsage(BURN, day + 1), SATS);
    }

    function test_lockBurn_revertsWhenBreakerTripped() public {
        _trip(xauFeed, address(sXAU));
        _fundSynth(bob, sXAU, 1e18);
        uint64 timelock = _timelock();
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.CircuitBroken.selector, address(sXAU)));
        vm.prank(bob);
        gateway.lockBurn(H, address(sXAU), 1e18, SATS, timelock);
    }

    function test_lockBurn_revertsWithoutAllowance() public {
        _giveSynth(bob, sBTC, LOCKED);
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(gateway), 0, LOCKED)
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);
    }

    function test_lockBurn_revertsWhenPaused() public {
        vm.prank(guardian);
        gateway.pause();
        _fundSynth(bob, sBTC, LOCKED);
        uint64 timelock = _timelock();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);
    }

    // ------------------------------------------------------------ lockBurnWithPermit

    function test_lockBurnWithPermit_locksInOneTransaction() public {
        (address signer, uint256 key) = makeAddrAndKey("signer");
        _giveSynth(signer, sBTC, LOCKED);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(sBTC, key, signer, LOCKED, deadline);
        uint64 timelock = _timelock();
        vm.prank(signer);
        gateway.lockBurnWithPermit(H, address(sBTC), LOCKED, SATS, timelock, deadline, v, r, s);

        assertEq(sBTC.balanceOf(address(gateway)), LOCKED);
        assertEq(sBTC.allowance(signer, address(gateway)), 0);
        assertEq(gateway.swapOf(H).account, signer);
    }

    function test_lockBurnWithPermit_survivesAFrontRunPermit() public {
        (address signer, uint256 key) = makeAddrAndKey("signer");
        _giveSynth(signer, sBTC, LOCKED);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(sBTC, key, signer, LOCKED, deadline);
        // Someone submits the signature first: the allowance is set, the gateway's permit call fails.
        sBTC.permit(signer, address(gateway), LOCKED, deadline, v, r, s);
        uint64 timelock = _timelock();
        vm.prank(signer);
        gateway.lockBurnWithPermit(H, address(sBTC), LOCKED, SATS, timelock, deadline, v, r, s);
        assertEq(sBTC.balanceOf(address(gateway)), LOCKED);
    }

    function test_lockBurnWithPermit_revertsWithABadSignatureAndNoAllowance() public {
        (address signer,) = makeAddrAndKey("signer");
        (, uint256 otherKey) = makeAddrAndKey("other");
        _giveSynth(signer, sBTC, LOCKED);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(sBTC, otherKey, signer, LOCKED, deadline);
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(gateway), 0, LOCKED)
        );
        vm.prank(signer);
        gateway.lockBurnWithPermit(H, address(sBTC), LOCKED, SATS, timelock, deadline, v, r, s);
    }

    function test_lockBurnWithPermit_revertsForSynthNotAllowed() public {
        uint64 timelock = _timelock();
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SynthNotAllowed.selector, address(weth)));
        vm.prank(bob);
        gateway.lockBurnWithPermit(H, address(weth), 1, SATS, timelock, 0, 0, 0, 0);
    }

    function test_lockBurnWithPermit_revertsWhenPaused() public {
        vm.prank(guardian);
        gateway.pause();
        uint64 timelock = _timelock();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(bob);
        gateway.lockBurnWithPermit(H, address(sBTC), LOCKED, SATS, timelock, 0, 0, 0, 0);
    }

    // ------------------------------------------------------------ claimBurn

    function test_claimBurn_burnsNetAndSendsTheFeeToTheTreasury() public {
        _lockBurnDefault(H);
        uint256 supply = sBTC.totalSupply();
        vm.expectEmit(address(gateway));
        emit ILightningGateway.BurnClaimed(H, PREIMAGE, bob, LOCKED, LOCKED_FEE);
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);

        assertEq(sBTC.balanceOf(address(gateway)), 0);
        assertEq(sBTC.balanceOf(treasury), LOCKED_FEE);
        assertEq(sBTC.balanceOf(bob), 0);
        assertEq(sBTC.totalSupply(), supply - (LOCKED - LOCKED_FEE));
        assertEq(uint8(_status(H)), uint8(ILightningGateway.Status.Claimed));
        assertEq(gateway.dailyUsage(BURN, block.timestamp / 1 days), SATS);
    }

    function test_claimBurn_usesTheFeeFixedAtLock() public {
        _lockBurnDefault(H);
        vm.prank(admin);
        gateway.setFees(0, 0);
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);
        assertEq(sBTC.balanceOf(treasury), LOCKED_FEE);
    }

    function test_claimBurn_withZeroFeeBurnsEverything() public {
        vm.prank(admin);
        gateway.setFees(0, 0);
        _lockBurn(H, bob, sBTC, 1e15, SATS);
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);
        assertEq(sBTC.totalSupply(), 0);
        assertEq(sBTC.balanceOf(treasury), 0);
    }

    function test_claimBurn_worksOneSecondBeforeTheTimelockAndWhilePaused() public {
        _lockBurnDefault(H);
        vm.prank(guardian);
        gateway.pause();
        vm.warp(gateway.swapOf(H).timelock - 1);
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);
        assertEq(uint8(_status(H)), uint8(ILightningGateway.Status.Claimed));
    }

    function test_claimBurn_revertsAtTheTimelock() public {
        _lockBurnDefault(H);
        uint64 timelock = gateway.swapOf(H).timelock;
        vm.warp(timelock);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SwapExpired.selector, H, timelock));
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);
    }

    function test_claimBurn_revertsForNonKeeper() public {
        _lockBurnDefault(H);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, gateway.KEEPER_ROLE())
        );
        vm.prank(bob);
        gateway.claimBurn(PREIMAGE);
    }

    function test_claimBurn_revertsForUnknownPreimageAndTwice() public {
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SwapNotLocked.selector, H, ILightningGateway.Status.None)
        );
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);

        _lockBurnDefault(H);
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SwapNotLocked.selector, H, ILightningGateway.Status.Claimed)
        );
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);
    }

    function test_claimBurn_revertsForAMintSwap() public {
        _lockMintDefault(H);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.WrongDirection.selector, H, MINT));
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);
    }

    // ------------------------------------------------------------ refundBurn

    function test_refundBurn_returnsTheSynthsToTheLockerAndReleasesUsage() public {
        _lockBurnDefault(H);
        uint256 day = block.timestamp / 1 days;
        vm.warp(gateway.swapOf(H).timelock);
        vm.expectEmit(address(gateway));
        emit ILightningGateway.BurnRefunded(H, bob, LOCKED);
        // Anyone may trigger it; only the locker is paid.
        vm.prank(stranger);
        gateway.refundBurn(H);

        assertEq(sBTC.balanceOf(bob), LOCKED);
        assertEq(sBTC.balanceOf(stranger), 0);
        assertEq(sBTC.balanceOf(address(gateway)), 0);
        assertEq(sBTC.balanceOf(treasury), 0);
        assertEq(uint8(_status(H)), uint8(ILightningGateway.Status.Refunded));
        assertEq(gateway.dailyUsage(BURN, day), 0);
    }

    function test_refundBurn_worksWhilePausedAndWhileTheBreakerIsTripped() public {
        _lockBurnDefault(H);
        vm.prank(guardian);
        gateway.pause();
        _trip(btcFeed, address(sBTC));
        vm.warp(gateway.swapOf(H).timelock);
        gateway.refundBurn(H);
        assertEq(sBTC.balanceOf(bob), LOCKED);
    }

    function test_refundBurn_revertsOneSecondBeforeTheTimelock() public {
        _lockBurnDefault(H);
        uint64 timelock = gateway.swapOf(H).timelock;
        vm.warp(timelock - 1);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.SwapNotExpired.selector, H, timelock));
        gateway.refundBurn(H);
    }

    function test_refundBurn_revertsAfterClaimAndTwice() public {
        _lockBurnDefault(H);
        _lockBurnDefault(HA);
        vm.prank(keeper);
        gateway.claimBurn(PREIMAGE);
        vm.warp(gateway.swapOf(H).timelock);
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SwapNotLocked.selector, H, ILightningGateway.Status.Claimed)
        );
        gateway.refundBurn(H);

        gateway.refundBurn(HA);
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.SwapNotLocked.selector, HA, ILightningGateway.Status.Refunded)
        );
        gateway.refundBurn(HA);
    }

    function test_refundBurn_revertsForAMintSwap() public {
        _lockMintDefault(H);
        vm.warp(gateway.swapOf(H).timelock);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.WrongDirection.selector, H, MINT));
        gateway.refundBurn(H);
    }

    // ------------------------------------------------------------ once ever, across directions

    function test_onceEver_mintThenBurnWithTheSameHash() public {
        _lockMintDefault(H);
        gateway.claimMint(PREIMAGE);
        _fundSynth(bob, sBTC, LOCKED);
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.PaymentHashUsed.selector, H, ILightningGateway.Status.Claimed)
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);
    }

    function test_onceEver_burnThenMintWithTheSameHash() public {
        _lockBurnDefault(H);
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.PaymentHashUsed.selector, H, ILightningGateway.Status.Locked)
        );
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, _now(), timelock);
    }

    function test_onceEver_evenAfterARefund() public {
        _lockBurnDefault(H);
        vm.warp(gateway.swapOf(H).timelock);
        gateway.refundBurn(H);
        uint64 timelock = _timelock();
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.PaymentHashUsed.selector, H, ILightningGateway.Status.Refunded)
        );
        vm.prank(keeper);
        gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, _now(), timelock);

        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.PaymentHashUsed.selector, H, ILightningGateway.Status.Refunded)
        );
        vm.prank(bob);
        gateway.lockBurn(H, address(sBTC), LOCKED, SATS, timelock);
    }

    // ------------------------------------------------------------ both flows end to end

    function test_endToEnd_mintThenRedeemOverLightning() public {
        // Alice pays 100,000 sats over Lightning for sUSD, then redeems what she got for sats again.
        (uint256 amount, uint256 mintFee) = gateway.quoteMint(address(sUSD), SATS);
        _lockMint(H, alice, sUSD, SATS, amount);
        gateway.claimMint(PREIMAGE);
        assertEq(sUSD.balanceOf(alice), 60e18 - 0.12e18);
        assertEq(sUSD.balanceOf(treasury), mintFee);

        // 59.88e18 net of a 0.1% fee pays 99,700 sats (59.82e18 at $60,000) within the 1% tolerance.
        uint64 sats = 99_700;
        uint256 locked = sUSD.balanceOf(alice);
        vm.prank(alice);
        sUSD.approve(address(gateway), locked);
        uint64 timelock = _timelock();
        vm.prank(alice);
        gateway.lockBurn(HA, address(sUSD), locked, sats, timelock);
        uint256 burnFee = _fee(locked, BURN_FEE);
        vm.prank(keeper);
        gateway.claimBurn("a");

        assertEq(sUSD.balanceOf(alice), 0);
        assertEq(sUSD.balanceOf(address(gateway)), 0);
        assertEq(sUSD.balanceOf(treasury), mintFee + burnFee);
        assertEq(sUSD.totalSupply(), mintFee + burnFee);
    }

    function _signPermit(SyntheticAsset synth, uint256 key, address owner, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, address(gateway), value, synth.nonces(owner), deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", synth.DOMAIN_SEPARATOR(), structHash));
        return vm.sign(key, digest);
    }
}
