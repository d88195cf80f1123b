// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {ISynthVault} from "../../src/interfaces/ISynthVault.sol";
import {ISyntheticAssetFactory} from "../../src/interfaces/ISyntheticAssetFactory.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {SynthVault} from "../../src/synths/SynthVault.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

/// @notice SynthVault deployment, governance setters and the pause switch.
contract SynthVaultConfigTest is SynthsFixture {
    // ------------------------------------------------------------ constructor

    function test_constructor_setsRolesAndDependencies() public view {
        assertTrue(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(vault.hasRole(vault.GUARDIAN_ROLE(), guardian));
        assertFalse(vault.hasRole(vault.GUARDIAN_ROLE(), admin));
        assertEq(address(vault.oracle()), address(oracle));
        assertEq(address(vault.factory()), address(factory));
        assertEq(vault.treasury(), treasury);
        assertEq(vault.MAX_LIQUIDATION_BONUS(), 0.25e18);
        assertEq(vault.MAX_ISSUANCE_RATIO(), 10e18);
        assertEq(vault.MAX_COLLATERAL_DECIMALS(), 36);
        assertFalse(vault.paused());
    }

    function test_constructor_emitsInitialTreasury() public {
        vm.expectEmit();
        emit ISynthVault.TreasuryChanged(address(0), treasury);
        new SynthVault(admin, guardian, oracle, factory, treasury);
    }

    function test_constructor_revertsForZeroOracle() public {
        vm.expectRevert(ISynthVault.ZeroAddress.selector);
        new SynthVault(admin, guardian, IPriceOracle(address(0)), factory, treasury);
    }

    function test_constructor_revertsForZeroFactory() public {
        vm.expectRevert(ISynthVault.ZeroAddress.selector);
        new SynthVault(admin, guardian, oracle, ISyntheticAssetFactory(address(0)), treasury);
    }

    function test_constructor_revertsForZeroTreasury() public {
        vm.expectRevert(ISynthVault.ZeroAddress.selector);
        new SynthVault(admin, guardian, oracle, factory, address(0));
    }

    // ------------------------------------------------------------ setCollateral

    function test_setCollateral_storesParamsAndDecimals() public view {
        ISynthVault.CollateralParams memory params = vault.collateralParams(address(usdc));
        assertEq(params.issuanceRatio, ISSUANCE_RATIO);
        assertEq(params.liquidationRatio, LIQUIDATION_RATIO);
        assertEq(params.liquidationBonus, LIQUIDATION_BONUS);
        assertTrue(params.enabled);
        assertEq(vault.collateralDecimals(address(usdc)), 6);
        assertEq(vault.collateralDecimals(address(weth)), 18);
    }

    function test_setCollateral_emitsConfigured() public {
        ISynthVault.CollateralParams memory params = _params(2e18, 1.3e18, 0.05e18, true);
        vm.expectEmit(address(vault));
        emit ISynthVault.CollateralConfigured(address(weth), 2e18, 1.3e18, 0.05e18, true, 18);
        vm.prank(admin);
        vault.setCollateral(address(weth), params);
        assertEq(vault.collateralParams(address(weth)).issuanceRatio, 2e18);
    }

    function test_setCollateral_revertsForNonAdmin() public {
        _expectUnauthorized(stranger, vault.DEFAULT_ADMIN_ROLE());
        vm.prank(stranger);
        vault.setCollateral(address(weth), _defaultCollateral());
    }

    function test_setCollateral_revertsForGuardian() public {
        _expectUnauthorized(guardian, vault.DEFAULT_ADMIN_ROLE());
        vm.prank(guardian);
        vault.setCollateral(address(weth), _defaultCollateral());
    }

    function test_setCollateral_revertsForZeroToken() public {
        vm.expectRevert(ISynthVault.ZeroAddress.selector);
        vm.prank(admin);
        vault.setCollateral(address(0), _defaultCollateral());
    }

    function test_setCollateral_revertsForSynth() public {
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.CollateralIsSynth.selector, address(sXAU)));
        vm.prank(admin);
        vault.setCollateral(address(sXAU), _defaultCollateral());
    }

    function test_setCollateral_revertsWhenEnablingWithoutFeed() public {
        MockERC20 token = new MockERC20("No Feed", "NF", 18);
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.CollateralFeedMissing.selector, address(token)));
        vm.prank(admin);
        vault.setCollateral(address(token), _defaultCollateral());
    }

    function test_setCollateral_disablesWithoutFeed() public {
        vm.startPrank(admin);
        oracle.removeFeed(address(weth));
        vault.setCollateral(address(weth), _params(ISSUANCE_RATIO, LIQUIDATION_RATIO, LIQUIDATION_BONUS, false));
        vm.stopPrank();
        assertFalse(vault.collateralParams(address(weth)).enabled);
    }

    function test_setCollateral_revertsForBonusAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.LiquidationBonusTooHigh.selector, 0.25e18 + 1, 0.25e18));
        vm.prank(admin);
        vault.setCollateral(address(weth), _params(2e18, 2e18, 0.25e18 + 1, true));
    }

    function test_setCollateral_acceptsMaxBonus() public {
        vm.prank(admin);
        vault.setCollateral(address(weth), _params(2e18, 1.25e18 + 1, 0.25e18, true));
        assertEq(vault.collateralParams(address(weth)).liquidationBonus, 0.25e18);
    }

    function test_setCollateral_revertsForLiquidationRatioAtOnePlusBonus() public {
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.InvalidLiquidationRatio.selector, 1.1e18, 0.1e18));
        vm.prank(admin);
        vault.setCollateral(address(weth), _params(1.5e18, 1.1e18, 0.1e18, true));
    }

    function test_setCollateral_acceptsLiquidationRatioOneWeiAboveOnePlusBonus() public {
        vm.prank(admin);
        vault.setCollateral(address(weth), _params(1.5e18, 1.1e18 + 1, 0.1e18, true));
        assertEq(vault.collateralParams(address(weth)).liquidationRatio, 1.1e18 + 1);
    }

    function test_setCollateral_revertsForIssuanceBelowLiquidation() public {
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.InvalidIssuanceRatio.selector, 1.2e18 - 1, 1.2e18));
        vm.prank(admin);
        vault.setCollateral(address(weth), _params(1.2e18 - 1, 1.2e18, 0.1e18, true));
    }

    function test_setCollateral_acceptsIssuanceEqualToLiquidation() public {
        vm.prank(admin);
        vault.setCollateral(address(weth), _params(1.2e18, 1.2e18, 0.1e18, true));
        assertEq(vault.collateralParams(address(weth)).issuanceRatio, 1.2e18);
    }

    function test_setCollateral_revertsForIssuanceAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.InvalidIssuanceRatio.selector, 10e18 + 1, 1.2e18));
        vm.prank(admin);
        vault.setCollateral(address(weth), _params(10e18 + 1, 1.2e18, 0.1e18, true));
    }

    function test_setCollateral_acceptsMaxIssuance() public {
        vm.prank(admin);
        vault.setCollateral(address(weth), _params(10e18, 1.2e18, 0.1e18, true));
        assertEq(vault.collateralParams(address(weth)).issuanceRatio, 10e18);
    }

    function test_setCollateral_revertsForTooManyDecimals() public {
        MockERC20 token = new MockERC20("Wide", "WIDE", 37);
        MockV3Aggregator feed = new MockV3Aggregator(8, 1e8);
        vm.startPrank(admin);
        oracle.setFeed(address(token), _feedConfig(feed));
        vm.expectRevert(abi.encodeWithSelector(ISynthVault.UnsupportedDecimals.selector, address(token), 37));
        vault.setCollateral(address(token), _defaultCollateral());
        vm.stopPrank();
    }

    function test_setCollateral_acceptsMaxDecimals() public {
        MockERC20 token = new MockERC20("Wide", "WIDE", 36);
        MockV3Aggregator feed = new MockV3Aggregator(8, 1e8);
        vm.startPrank(admin);
        oracle.setFeed(address(token), _feedConfig(feed));
        vault.setCollateral(address(token), _defaultCollateral());
        vm.stopPrank();
        assertEq(vault.collateralDecimals(address(token)), 36);
    }

    function test_collateralParams_zeroForUnlistedToken() public view {
        ISynthVault.CollateralParams memory params = vault.collateralParams(stranger);
        assertEq(params.issuanceRatio, 0);
        assertFalse(params.enabled);
    }

    // ------------------------------------------------------------ setTreasury

    function test_setTreasury_updatesAndEmits() public {
        vm.expectEmit(address(vault));
        emit ISynthVault.TreasuryChanged(treasury, bob);
        vm.prank(admin);
        vault.setTreasury(bob);
        assertEq(vault.treasury(), bob);
    }

    function test_setTreasury_revertsForNonAdmin() public {
        _expectUnauthorized(stranger, vault.DEFAULT_ADMIN_ROLE());
        vm.prank(stranger);
        vault.setTreasury(bob);
    }

    function test_setTreasury_revertsForZero() public {
        vm.expectRevert(ISynthVault.ZeroAddress.selector);
        vm.prank(admin);
        vault.setTreasury(address(0));
    }

    // ------------------------------------------------------------ pause

    function test_pause_byGuardianOnly() public {
        _expectUnauthorized(admin, vault.GUARDIAN_ROLE());
        vm.prank(admin);
        vault.pause();

        vm.prank(guardian);
        vault.pause();
        assertTrue(vault.paused());
    }

    function test_unpause_byAdminOnly() public {
        vm.prank(guardian);
        vault.pause();

        _expectUnauthorized(guardian, vault.DEFAULT_ADMIN_ROLE());
        vm.prank(guardian);
        vault.unpause();

        vm.prank(admin);
        vault.unpause();
        assertFalse(vault.paused());
    }

    function test_pause_revertsWhenAlreadyPaused() public {
        vm.startPrank(guardian);
        vault.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vault.pause();
        vm.stopPrank();
    }

    // ------------------------------------------------------------ helpers

    function _params(uint64 issuance, uint64 liquidation, uint64 bonus, bool enabled)
        private
        pure
        returns (ISynthVault.CollateralParams memory)
    {
        return ISynthVault.CollateralParams({
            issuanceRatio: issuance,
            liquidationRatio: liquidation,
            liquidationBonus: bonus,
            enabled: enabled
        });
    }

    function _expectUnauthorized(address account, bytes32 role) private {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role)
        );
    }
}
