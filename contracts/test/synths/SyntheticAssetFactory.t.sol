// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {ISyntheticAssetFactory} from "../../src/interfaces/ISyntheticAssetFactory.sol";
import {PriceOracle} from "../../src/oracle/PriceOracle.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {SyntheticAssetFactory} from "../../src/synths/SyntheticAssetFactory.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

contract SyntheticAssetFactoryTest is SynthsFixture {
    bytes32 private constant TSLA = "sTSLA";

    MockV3Aggregator private tslaFeed;

    function setUp() public override {
        super.setUp();
        tslaFeed = new MockV3Aggregator(8, 250e8);
    }

    // ------------------------------------------------------------ constructor and vault

    function test_constructor_setsAdminAndOracle() public view {
        assertTrue(factory.hasRole(factory.DEFAULT_ADMIN_ROLE(), admin));
        assertEq(address(factory.oracle()), address(oracle));
        assertEq(factory.vault(), address(vault));
        assertEq(factory.MAX_FEE(), 0.05e18);
    }

    function test_constructor_revertsForZeroAdmin() public {
        vm.expectRevert(ISyntheticAssetFactory.ZeroAddress.selector);
        new SyntheticAssetFactory(address(0), oracle);
    }

    function test_constructor_revertsForZeroOracle() public {
        vm.expectRevert(ISyntheticAssetFactory.ZeroAddress.selector);
        new SyntheticAssetFactory(admin, PriceOracle(address(0)));
    }

    function test_setVault_setsOnceAndEmits() public {
        SyntheticAssetFactory fresh = new SyntheticAssetFactory(admin, oracle);
        vm.expectEmit(address(fresh));
        emit ISyntheticAssetFactory.VaultSet(address(vault));
        vm.prank(admin);
        fresh.setVault(address(vault));
        assertEq(fresh.vault(), address(vault));
    }

    function test_setVault_revertsWhenAlreadySet() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.VaultAlreadySet.selector, address(vault)));
        vm.prank(admin);
        factory.setVault(stranger);
    }

    function test_setVault_revertsForZero() public {
        SyntheticAssetFactory fresh = new SyntheticAssetFactory(admin, oracle);
        vm.expectRevert(ISyntheticAssetFactory.ZeroAddress.selector);
        vm.prank(admin);
        fresh.setVault(address(0));
    }

    function test_setVault_revertsForNonAdmin() public {
        SyntheticAssetFactory fresh = new SyntheticAssetFactory(admin, oracle);
        _expectUnauthorized(stranger, fresh.DEFAULT_ADMIN_ROLE());
        vm.prank(stranger);
        fresh.setVault(address(vault));
    }

    // ------------------------------------------------------------ createSynth

    function test_createSynth_deploysAtCreate2Address() public {
        bytes memory initCode = abi.encodePacked(
            type(SyntheticAsset).creationCode,
            abi.encode("Synthetic Tesla", "sTSLA", TSLA, admin, address(vault))
        );
        address predicted = vm.computeCreate2Address(TSLA, keccak256(initCode), address(factory));
        address synth = _createTsla(_params(500_000e18, 0.01e18, 0.02e18, true));
        assertEq(synth, predicted);
        assertGt(synth.code.length, 0);
    }

    function test_createSynth_wiresRolesFeedAndParams() public {
        address synth = _createTsla(_params(500_000e18, 0.01e18, 0.02e18, false));
        SyntheticAsset token = SyntheticAsset(synth);
        assertEq(token.assetId(), TSLA);
        assertEq(token.name(), "Synthetic Tesla");
        assertEq(token.symbol(), "sTSLA");
        assertTrue(token.hasRole(token.MINTER_ROLE(), address(vault)));
        assertTrue(token.hasRole(token.DEFAULT_ADMIN_ROLE(), admin));

        assertTrue(oracle.hasFeed(synth));
        assertEq(address(oracle.feedOf(synth).aggregator), address(tslaFeed));
        assertEq(oracle.price(synth), 250e18);

        ISyntheticAssetFactory.SynthParams memory params = factory.synthConfig(synth);
        assertEq(params.debtCeiling, 500_000e18);
        assertEq(params.mintFee, 0.01e18);
        assertEq(params.burnFee, 0.02e18);
        assertFalse(params.active);

        assertEq(factory.synthOf(TSLA), synth);
        assertTrue(factory.isSynth(synth));
        address[] memory synths = factory.allSynths();
        assertEq(synths.length, 2);
        assertEq(synths[0], address(sXAU));
        assertEq(synths[1], synth);
    }

    function test_createSynth_emitsCreatedAndConfigured() public {
        bytes memory initCode = abi.encodePacked(
            type(SyntheticAsset).creationCode,
            abi.encode("Synthetic Tesla", "sTSLA", TSLA, admin, address(vault))
        );
        address predicted = vm.computeCreate2Address(TSLA, keccak256(initCode), address(factory));
        vm.expectEmit(address(factory));
        emit ISyntheticAssetFactory.SynthCreated(TSLA, predicted, "Synthetic Tesla", "sTSLA", address(tslaFeed));
        vm.expectEmit(address(factory));
        emit ISyntheticAssetFactory.SynthConfigured(predicted, 1e18, 0, 0.05e18, true);
        _createTsla(_params(1e18, 0, 0.05e18, true));
    }

    function test_createSynth_revertsForNonAdmin() public {
        _expectUnauthorized(stranger, factory.DEFAULT_ADMIN_ROLE());
        vm.prank(stranger);
        factory.createSynth(TSLA, "Synthetic Tesla", "sTSLA", _feedConfig(tslaFeed), _defaultParams());
    }

    function test_createSynth_revertsForZeroAssetId() public {
        vm.expectRevert(ISyntheticAssetFactory.InvalidAssetId.selector);
        vm.prank(admin);
        factory.createSynth(bytes32(0), "x", "x", _feedConfig(tslaFeed), _defaultParams());
    }

    function test_createSynth_revertsForExistingAssetIdEvenWithOtherName() public {
        vm.expectRevert(
            abi.encodeWithSelector(ISyntheticAssetFactory.SynthAlreadyExists.selector, XAU, address(sXAU))
        );
        vm.prank(admin);
        factory.createSynth(XAU, "Gold v2", "sXAU2", _feedConfig(tslaFeed), _defaultParams());
    }

    function test_createSynth_revertsWhenVaultNotSet() public {
        SyntheticAssetFactory fresh = new SyntheticAssetFactory(admin, oracle);
        vm.expectRevert(ISyntheticAssetFactory.VaultNotSet.selector);
        vm.prank(admin);
        fresh.createSynth(TSLA, "Synthetic Tesla", "sTSLA", _feedConfig(tslaFeed), _defaultParams());
    }

    function test_createSynth_revertsForMintFeeAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.FeeTooHigh.selector, 0.05e18 + 1, 0.05e18));
        _createTsla(_params(1e18, 0.05e18 + 1, 0, true));
    }

    function test_createSynth_revertsForBurnFeeAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.FeeTooHigh.selector, 0.05e18 + 1, 0.05e18));
        _createTsla(_params(1e18, 0, 0.05e18 + 1, true));
    }

    function test_createSynth_revertsWithoutFeedManagerRole() public {
        SyntheticAssetFactory fresh = new SyntheticAssetFactory(admin, oracle);
        vm.prank(admin);
        fresh.setVault(address(vault));
        bytes32 role = oracle.FEED_MANAGER_ROLE();
        _expectUnauthorized(address(fresh), role);
        vm.prank(admin);
        fresh.createSynth(TSLA, "Synthetic Tesla", "sTSLA", _feedConfig(tslaFeed), _defaultParams());
    }

    function test_createSynth_revertsForInvalidFeed() public {
        IPriceOracle.FeedConfig memory feed = _feedConfig(tslaFeed);
        feed.heartbeat = 0;
        bytes memory initCode = abi.encodePacked(
            type(SyntheticAsset).creationCode,
            abi.encode("Synthetic Tesla", "sTSLA", TSLA, admin, address(vault))
        );
        address predicted = vm.computeCreate2Address(TSLA, keccak256(initCode), address(factory));
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.InvalidFeedConfig.selector, predicted));
        vm.prank(admin);
        factory.createSynth(TSLA, "Synthetic Tesla", "sTSLA", feed, _defaultParams());
        assertEq(factory.synthOf(TSLA), address(0), "creation rolled back");
    }

    function test_createSynth_acceptsMaxFees() public {
        address synth = _createTsla(_params(1e18, 0.05e18, 0.05e18, true));
        assertEq(factory.synthConfig(synth).mintFee, 0.05e18);
    }

    // ------------------------------------------------------------ setSynthParams

    function test_setSynthParams_updatesAndEmits() public {
        vm.expectEmit(address(factory));
        emit ISyntheticAssetFactory.SynthConfigured(address(sXAU), 7e18, 0.003e18, 0.004e18, false);
        vm.prank(admin);
        factory.setSynthParams(address(sXAU), _params(7e18, 0.003e18, 0.004e18, false));
        ISyntheticAssetFactory.SynthParams memory params = factory.synthConfig(address(sXAU));
        assertEq(params.debtCeiling, 7e18);
        assertEq(params.mintFee, 0.003e18);
        assertEq(params.burnFee, 0.004e18);
        assertFalse(params.active);
        assertTrue(factory.isSynth(address(sXAU)), "still registered while inactive");
    }

    function test_setSynthParams_revertsForNonAdmin() public {
        _expectUnauthorized(stranger, factory.DEFAULT_ADMIN_ROLE());
        vm.prank(stranger);
        factory.setSynthParams(address(sXAU), _defaultParams());
    }

    function test_setSynthParams_revertsForUnknownSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.UnknownSynth.selector, stranger));
        vm.prank(admin);
        factory.setSynthParams(stranger, _defaultParams());
    }

    function test_setSynthParams_revertsForFeeAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.FeeTooHigh.selector, 1e18, 0.05e18));
        vm.prank(admin);
        factory.setSynthParams(address(sXAU), _params(1e18, 0, 1e18, true));
    }

    // ------------------------------------------------------------ views

    function test_synthConfig_revertsForUnknownSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ISyntheticAssetFactory.UnknownSynth.selector, address(weth)));
        factory.synthConfig(address(weth));
    }

    function test_views_unknownAssetAndAddress() public view {
        assertEq(factory.synthOf("nope"), address(0));
        assertFalse(factory.isSynth(address(weth)));
    }

    // ------------------------------------------------------------ helpers

    function _params(uint128 ceiling, uint64 mintFee, uint64 burnFee, bool active)
        private
        pure
        returns (ISyntheticAssetFactory.SynthParams memory)
    {
        return ISyntheticAssetFactory.SynthParams({
            debtCeiling: ceiling,
            mintFee: mintFee,
            burnFee: burnFee,
            active: active
        });
    }

    function _createTsla(ISyntheticAssetFactory.SynthParams memory params) private returns (address) {
        vm.prank(admin);
        return factory.createSynth(TSLA, "Synthetic Tesla", "sTSLA", _feedConfig(tslaFeed), params);
    }

    function _expectUnauthorized(address account, bytes32 role) private {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role)
        );
    }
}
