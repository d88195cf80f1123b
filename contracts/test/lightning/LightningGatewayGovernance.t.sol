// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {ILightningGateway} from "../../src/interfaces/ILightningGateway.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {ISyntheticAssetFactory} from "../../src/interfaces/ISyntheticAssetFactory.sol";
import {LightningGateway} from "../../src/lightning/LightningGateway.sol";
import {PriceOracle} from "../../src/oracle/PriceOracle.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Construction, parameter setters with their bounds, roles, pause and the views.
contract LightningGatewayGovernanceTest is GatewayFixture {
    // ------------------------------------------------------------ constructor

    function test_constructor_storesEverythingAndEmits() public {
        vm.expectEmit();
        emit ILightningGateway.TreasuryChanged(address(0), treasury);
        vm.expectEmit();
        emit ILightningGateway.BtcAssetSet(address(sBTC));
        vm.expectEmit();
        emit ILightningGateway.FeesSet(MINT_FEE, BURN_FEE);
        vm.expectEmit();
        emit ILightningGateway.PriceToleranceSet(TOLERANCE);
        vm.expectEmit();
        emit ILightningGateway.MaxQuoteAgeSet(QUOTE_AGE);
        vm.expectEmit();
        emit ILightningGateway.TimelockBoundsSet(MIN_TIMELOCK, MAX_TIMELOCK_);
        vm.expectEmit();
        emit ILightningGateway.LimitsSet(MINT, MIN_SATS, MAX_SATS, DAILY_SATS);
        vm.expectEmit();
        emit ILightningGateway.LimitsSet(BURN, MIN_SATS, MAX_SATS, DAILY_SATS);
        LightningGateway g = new LightningGateway(
            admin, guardian, oracle, factory, treasury, _defaultSettings(), _defaultLimits(), _defaultLimits()
        );

        assertEq(address(g.oracle()), address(oracle));
        assertEq(address(g.factory()), address(factory));
        assertEq(g.treasury(), treasury);
        ILightningGateway.Settings memory s = g.settings();
        assertEq(s.btcAsset, address(sBTC));
        assertEq(s.maxQuoteAge, QUOTE_AGE);
        assertEq(s.minTimelock, MIN_TIMELOCK);
        assertEq(s.maxTimelock, MAX_TIMELOCK_);
        assertEq(s.mintFee, MINT_FEE);
        assertEq(s.burnFee, BURN_FEE);
        assertEq(s.priceTolerance, TOLERANCE);
        ILightningGateway.Limits memory lim = g.limits(BURN);
        assertEq(lim.minSats, MIN_SATS);
        assertEq(lim.maxSats, MAX_SATS);
        assertEq(lim.dailySats, DAILY_SATS);
        assertTrue(g.hasRole(g.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(g.hasRole(g.GUARDIAN_ROLE(), guardian));
        assertFalse(g.hasRole(g.KEEPER_ROLE(), keeper));
        assertFalse(g.isSynthAllowed(address(sBTC)));
        assertEq(g.KEEPER_ROLE(), keccak256("KEEPER_ROLE"));
    }

    function test_constructor_revertsForZeroAddresses() public {
        ILightningGateway.Settings memory s = _defaultSettings();
        ILightningGateway.Limits memory lim = _defaultLimits();
        vm.expectRevert(ILightningGateway.ZeroAddress.selector);
        new LightningGateway(admin, guardian, IPriceOracle(address(0)), factory, treasury, s, lim, lim);
        vm.expectRevert(ILightningGateway.ZeroAddress.selector);
        new LightningGateway(admin, guardian, oracle, ISyntheticAssetFactory(address(0)), treasury, s, lim, lim);
        vm.expectRevert(ILightningGateway.ZeroAddress.selector);
        new LightningGateway(admin, guardian, oracle, factory, address(0), s, lim, lim);
    }

    function test_constructor_checksSettingsAsTheSettersDo() public {
        ILightningGateway.Settings memory s = _defaultSettings();
        ILightningGateway.Limits memory lim = _defaultLimits();
        s.mintFee = MAX_FEE_ + 1;
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.FeeTooHigh.selector, MAX_FEE_ + 1, MAX_FEE_));
        new LightningGateway(admin, guardian, oracle, factory, treasury, s, lim, lim);

        s = _defaultSettings();
        lim.minSats = 0;
        vm.expectRevert(
            abi.encodeWithSelector(ILightningGateway.InvalidLimits.selector, MINT, 0, MAX_SATS, DAILY_SATS)
        );
        new LightningGateway(admin, guardian, oracle, factory, treasury, s, lim, _defaultLimits());
    }

    uint64 internal constant MAX_FEE_ = 0.05e18;

    // ------------------------------------------------------------ setters

    function test_setBtcAsset_setsAndEmits() public {
        vm.expectEmit(address(gateway));
        emit ILightningGateway.BtcAssetSet(address(weth));
        vm.prank(admin);
        gateway.setBtcAsset(address(weth));
        assertEq(gateway.settings().btcAsset, address(weth));
        // WETH's feed says $3,000: 100,000 sats are now "worth" 0.001 * 3000 = $3.
        (uint256 amount,) = gateway.quoteMint(address(sUSD), SATS);
        assertEq(amount, 3e18);
    }

    function test_setBtcAsset_revertsWithoutFeed() public {
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.BtcFeedMissing.selector, stranger));
        vm.prank(admin);
        gateway.setBtcAsset(stranger);
    }

    function test_setBtcAsset_revertsForZero() public {
        vm.expectRevert(ILightningGateway.ZeroAddress.selector);
        vm.prank(admin);
        gateway.setBtcAsset(address(0));
    }

    function test_setFees_setsEmitsAndAcceptsTheCap() public {
        vm.expectEmit(address(gateway));
        emit ILightningGateway.FeesSet(MAX_FEE_, 0);
        vm.prank(admin);
        gateway.setFees(MAX_FEE_, 0);
        assertEq(gateway.settings().mintFee, MAX_FEE_);
        assertEq(gateway.settings().burnFee, 0);
        assertEq(gateway.MAX_FEE(), MAX_FEE_);
    }

    function test_setFees_revertsAboveTheCap() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.FeeTooHigh.selector, MAX_FEE_ + 1, MAX_FEE_));
        gateway.setFees(MAX_FEE_ + 1, 0);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.FeeTooHigh.selector, MAX_FEE_ + 1, MAX_FEE_));
        gateway.setFees(0, MAX_FEE_ + 1);
        vm.stopPrank();
    }

    function test_setPriceTolerance_setsAndRevertsAboveTheCap() public {
        uint64 cap = gateway.MAX_PRICE_TOLERANCE();
        vm.expectEmit(address(gateway));
        emit ILightningGateway.PriceToleranceSet(cap);
        vm.prank(admin);
        gateway.setPriceTolerance(cap);
        assertEq(gateway.settings().priceTolerance, cap);

        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.PriceToleranceTooHigh.selector, cap + 1, cap));
        vm.prank(admin);
        gateway.setPriceTolerance(cap + 1);
    }

    function test_setMaxQuoteAge_setsAndRevertsOutOfBounds() public {
        uint32 cap = gateway.MAX_QUOTE_AGE();
        vm.expectEmit(address(gateway));
        emit ILightningGateway.MaxQuoteAgeSet(cap);
        vm.prank(admin);
        gateway.setMaxQuoteAge(cap);
        assertEq(gateway.settings().maxQuoteAge, cap);

        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.InvalidMaxQuoteAge.selector, 0, cap));
        gateway.setMaxQuoteAge(0);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.InvalidMaxQuoteAge.selector, cap + 1, cap));
        gateway.setMaxQuoteAge(cap + 1);
        vm.stopPrank();
    }

    function test_setTimelockBounds_setsAndRevertsOutOfBounds() public {
        uint32 cap = gateway.MAX_TIMELOCK();
        vm.expectEmit(address(gateway));
        emit ILightningGateway.TimelockBoundsSet(1, cap);
        vm.prank(admin);
        gateway.setTimelockBounds(1, cap);
        assertEq(gateway.settings().minTimelock, 1);
        assertEq(gateway.settings().maxTimelock, cap);

        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.InvalidTimelockBounds.selector, 0, 1 hours));
        gateway.setTimelockBounds(0, 1 hours);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.InvalidTimelockBounds.selector, 2 hours, 1 hours));
        gateway.setTimelockBounds(2 hours, 1 hours);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.InvalidTimelockBounds.selector, 1, cap + 1));
        gateway.setTimelockBounds(1, cap + 1);
        vm.stopPrank();
    }

    function test_setLimits_setsPerDirectionAndEmits() public {
        ILightningGateway.Limits memory lim = ILightningGateway.Limits({minSats: 5, maxSats: 5, dailySats: 5});
        vm.expectEmit(address(gateway));
        emit ILightningGateway.LimitsSet(BURN, 5, 5, 5);
        vm.prank(admin);
        gateway.setLimits(BURN, lim);
        assertEq(gateway.limits(BURN).dailySats, 5);
        assertEq(gateway.limits(MINT).dailySats, DAILY_SATS);
    }

    function test_setLimits_revertsForInconsistentLimits() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.InvalidLimits.selector, MINT, 0, 10, 10));
        gateway.setLimits(MINT, ILightningGateway.Limits(0, 10, 10));
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.InvalidLimits.selector, MINT, 11, 10, 10));
        gateway.setLimits(MINT, ILightningGateway.Limits(11, 10, 10));
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.InvalidLimits.selector, BURN, 1, 10, 9));
        gateway.setLimits(BURN, ILightningGateway.Limits(1, 10, 9));
        vm.stopPrank();
    }

    function test_setLimits_loweringTheDailyLimitBelowUsageStopsLocksForTheDay() public {
        _lockMintDefault(H);
        vm.prank(admin);
        gateway.setLimits(MINT, ILightningGateway.Limits(MIN_SATS, MIN_SATS, MIN_SATS));
        vm.expectRevert(
            abi.encodeWithSelector(
                ILightningGateway.DailyLimitExceeded.selector, MINT, block.timestamp / 1 days, SATS + MIN_SATS, MIN_SATS
            )
        );
        _lockMint(HA, alice, sBTC, MIN_SATS, MIN_SATS * 1e10);
    }

    function test_setSynthAllowed_addsAndRemoves() public {
        vm.expectEmit(address(gateway));
        emit ILightningGateway.SynthAllowed(address(sXAU), false);
        vm.prank(admin);
        gateway.setSynthAllowed(address(sXAU), false);
        assertFalse(gateway.isSynthAllowed(address(sXAU)));
        vm.prank(admin);
        gateway.setSynthAllowed(address(sXAU), true);
        assertTrue(gateway.isSynthAllowed(address(sXAU)));
    }

    function test_setSynthAllowed_revertsForNonSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.NotASynth.selector, address(weth)));
        vm.prank(admin);
        gateway.setSynthAllowed(address(weth), true);
    }

    function test_setSynthAllowed_removingKeepsExistingSwapsClaimable() public {
        _lockMintDefault(H);
        _lockBurnDefault(HA);
        vm.prank(admin);
        gateway.setSynthAllowed(address(sBTC), false);
        gateway.claimMint(PREIMAGE);
        vm.prank(keeper);
        gateway.claimBurn("a");
        assertEq(sBTC.balanceOf(alice), 1e15 - 2e12);
    }

    function test_setTreasury_setsEmitsAndRedirectsFees() public {
        vm.expectEmit(address(gateway));
        emit ILightningGateway.TreasuryChanged(treasury, stranger);
        vm.prank(admin);
        gateway.setTreasury(stranger);
        assertEq(gateway.treasury(), stranger);
        _lockMintDefault(H);
        gateway.claimMint(PREIMAGE);
        assertEq(sBTC.balanceOf(stranger), 2e12);
    }

    function test_setTreasury_revertsForZero() public {
        vm.expectRevert(ILightningGateway.ZeroAddress.selector);
        vm.prank(admin);
        gateway.setTreasury(address(0));
    }

    function test_setters_revertForEveryoneButTheAdmin() public {
        address[3] memory others = [guardian, keeper, stranger];
        bytes[8] memory calls = [
            abi.encodeCall(ILightningGateway.setBtcAsset, (address(sBTC))),
            abi.encodeCall(ILightningGateway.setFees, (0, 0)),
            abi.encodeCall(ILightningGateway.setPriceTolerance, (0)),
            abi.encodeCall(ILightningGateway.setMaxQuoteAge, (1)),
            abi.encodeCall(ILightningGateway.setTimelockBounds, (1, 1)),
            abi.encodeCall(ILightningGateway.setLimits, (MINT, ILightningGateway.Limits(1, 1, 1))),
            abi.encodeCall(ILightningGateway.setSynthAllowed, (address(sBTC), false)),
            abi.encodeCall(ILightningGateway.setTreasury, (stranger))
        ];
        for (uint256 a = 0; a < others.length; ++a) {
            for (uint256 c = 0; c < calls.length; ++c) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IAccessControl.AccessControlUnauthorizedAccount.selector, others[a], bytes32(0)
                    )
                );
                vm.prank(others[a]);
                // solhint-disable-next-line avoid-low-level-calls
                (bool ok,) = address(gateway).call(calls[c]);
                ok;
            }
        }
    }

    // ------------------------------------------------------------ roles and pause

    function test_keeperRole_isGrantedAndRevokedByTheAdminOnly() public {
        bytes32 role = gateway.KEEPER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, keeper, bytes32(0))
        );
        vm.prank(keeper);
        gateway.grantRole(role, stranger);

        vm.prank(admin);
        gateway.revokeRole(role, keeper);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, keeper, role)
        );
        _lockMintDefault(H);
    }

    function test_pause_onlyGuardianPausesAndOnlyAdminUnpauses() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, admin, gateway.GUARDIAN_ROLE()
            )
        );
        vm.prank(admin);
        gateway.pause();

        vm.prank(guardian);
        gateway.pause();
        assertTrue(gateway.paused());
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0))
        );
        vm.prank(guardian);
        gateway.unpause();

        vm.prank(admin);
        gateway.unpause();
        _lockMintDefault(H);
    }

    function test_pause_keepsSettersWorking() public {
        vm.prank(guardian);
        gateway.pause();
        vm.prank(admin);
        gateway.setFees(0, 0);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _lockMintDefault(H);
    }

    // ------------------------------------------------------------ views

    function test_quoteMint_roundsDownAndChargesTheFeeRoundedUp() public view {
        // 1 sat of sXAU: 1e10 * 60,000 / 2,000 = 3e11 exactly; 333 sats of sXAU = 9.99e13.
        (uint256 amount, uint256 fee) = gateway.quoteMint(address(sXAU), 333);
        assertEq(amount, 9.99e13);
        assertEq(fee, _fee(9.99e13, MINT_FEE));
    }

    function test_quoteMint_roundsDownForInexactPrices() public {
        _setPrice(xauFeed, 2_999e8);
        // 1,000 sats = 1e13 * 60,000 / 2,999 = 200066688896298766.25... * 1e-? -> floor.
        (uint256 amount,) = gateway.quoteMint(address(sXAU), 1_000);
        assertEq(amount, uint256(1_000) * 1e10 * 60_000e18 / 2_999e18);
        (uint256 burnAmount, uint256 burnFee) = gateway.quoteBurn(address(sXAU), 1_000);
        assertEq(burnAmount - burnFee, amount + 1);
    }

    function test_quoteBurn_coversTheFee() public view {
        (uint256 amount, uint256 fee) = gateway.quoteBurn(address(sBTC), SATS);
        assertEq(amount, 1_001_001_001_001_002);
        assertEq(fee, amount - 1e15);
        assertEq(fee, _fee(amount, BURN_FEE));
    }

    function test_quote_worksWhileTheBreakerIsTrippedAndRevertsWithoutFeed() public {
        _trip(btcFeed, address(sBTC));
        gateway.quoteMint(address(sBTC), SATS);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.FeedNotSet.selector, stranger));
        gateway.quoteBurn(stranger, SATS);
    }

    function test_dailyUsage_isZeroForUnusedDays() public view {
        assertEq(gateway.dailyUsage(MINT, 0), 0);
        assertEq(gateway.dailyUsage(BURN, type(uint256).max), 0);
    }

    function test_swapOf_isEmptyForUnusedHashes() public view {
        ILightningGateway.Swap memory swap = gateway.swapOf(H);
        assertEq(uint8(swap.status), uint8(ILightningGateway.Status.None));
        assertEq(swap.account, address(0));
        assertEq(swap.amount, 0);
    }

    function test_btcAsset_canBeADedicatedOracleKey() public {
        // Governance may key BTC/USD under any address it sets a feed for, not only a synth.
        address btcKey = makeAddr("BTC");
        MockV3Aggregator feed = new MockV3Aggregator(8, 30_000e8);
        vm.startPrank(admin);
        PriceOracle(address(oracle)).setFeed(btcKey, _feedConfig(feed));
        gateway.setBtcAsset(btcKey);
        vm.stopPrank();
        (uint256 amount,) = gateway.quoteMint(address(sBTC), SATS);
        assertEq(amount, 0.5e15); // BTC at $30,000 vs sBTC at $60,000
    }
}
