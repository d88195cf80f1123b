// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {FiatMinter} from "../../src/fiat/FiatMinter.sol";
import {IFiatMinter} from "../../src/interfaces/IFiatMinter.sol";
import {FiatMinterFixture} from "./utils/FiatMinterFixture.sol";

/// @notice Construction, limits, roles, pause and the views. `admin` plays the Timelock here; the real handover
///         is in FiatMinterHandover.t.sol.
contract FiatMinterGovernanceTest is FiatMinterFixture {
    // ------------------------------------------------------------ constructor

    function test_constructor_grantsTheAdminAndGuardianOnly() public {
        FiatMinter m = new FiatMinter(admin, guardian);
        assertTrue(m.hasRole(m.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(m.hasRole(m.GUARDIAN_ROLE(), guardian));
        assertFalse(m.hasRole(m.MINTER_ROLE(), admin));
        assertFalse(m.hasRole(m.DEFAULT_ADMIN_ROLE(), guardian));
        assertFalse(m.paused());
        assertEq(m.MINTER_ROLE(), keccak256("MINTER_ROLE"));
        assertEq(m.limits(address(sUSD)).perPayment, 0);
        assertEq(m.limits(address(sUSD)).perDay, 0);
    }

    function test_constructor_revertsForZeroAddresses() public {
        vm.expectRevert(IFiatMinter.ZeroAddress.selector);
        new FiatMinter(address(0), guardian);
        vm.expectRevert(IFiatMinter.ZeroAddress.selector);
        new FiatMinter(admin, address(0));
    }

    // ------------------------------------------------------------ limits

    function test_setLimits_setsAndEmits() public {
        vm.expectEmit(address(minter));
        emit IFiatMinter.LimitsSet(address(sBTC), 2e18, 5e18);
        vm.prank(admin);
        minter.setLimits(address(sBTC), 2e18, 5e18);
        IFiatMinter.Limits memory lim = minter.limits(address(sBTC));
        assertEq(lim.perPayment, 2e18);
        assertEq(lim.perDay, 5e18);
        _mint(PAYMENT, sBTC, alice, 2e18);
        assertEq(sBTC.balanceOf(alice), 2e18);
    }

    function test_setLimits_zeroDisallowsTheSynth() public {
        vm.expectEmit(address(minter));
        emit IFiatMinter.LimitsSet(address(sUSD), 0, 0);
        vm.prank(admin);
        minter.setLimits(address(sUSD), 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.SynthNotAllowed.selector, address(sUSD)));
        _mint(PAYMENT, sUSD, alice, 1);
    }

    function test_setLimits_revertsForTheZeroAddress() public {
        vm.expectRevert(IFiatMinter.ZeroAddress.selector);
        vm.prank(admin);
        minter.setLimits(address(0), 1, 1);
    }

    function test_setLimits_keepsTodaysTotal() public {
        _mint(PAYMENT, sXAU, alice, 40e18);
        vm.prank(admin);
        minter.setLimits(address(sXAU), 1e18, 41e18);
        assertEq(minter.dailyMinted(address(sXAU), _today()), 40e18);
        _mint(_id(1), sXAU, alice, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.DailyCapExceeded.selector, address(sXAU), 41e18, 1, 41e18));
        _mint(_id(2), sXAU, alice, 1);
    }

    function test_setLimits_worksWhilePaused() public {
        vm.prank(guardian);
        minter.pause();
        vm.prank(admin);
        minter.setLimits(address(sUSD), 1, 1);
        assertEq(minter.limits(address(sUSD)).perDay, 1);
    }

    function test_setLimits_revertsForEveryoneButTheAdmin() public {
        address[4] memory others = [guardian, reactor, stranger, address(vault)];
        for (uint256 i = 0; i < others.length; ++i) {
            vm.expectRevert(_unauthorized(others[i], bytes32(0)));
            vm.prank(others[i]);
            minter.setLimits(address(sUSD), 1, 1);
        }
        assertEq(minter.limits(address(sUSD)).perPayment, USD_PER_PAYMENT);
    }

    // ------------------------------------------------------------ roles

    function test_minterRole_isGrantedAndRevokedByTheAdminOnly() public {
        bytes32 role = minter.MINTER_ROLE();
        address[3] memory others = [guardian, reactor, stranger];
        for (uint256 i = 0; i < others.length; ++i) {
            vm.expectRevert(_unauthorized(others[i], bytes32(0)));
            vm.prank(others[i]);
            minter.grantRole(role, stranger);
        }

        vm.prank(admin);
        minter.grantRole(role, bob);
        vm.prank(bob);
        minter.mint(PAYMENT, address(sUSD), alice, 1e18);

        vm.prank(admin);
        minter.revokeRole(role, reactor);
        vm.expectRevert(_unauthorized(reactor, role));
        _mint(_id(1), sUSD, alice, 1e18);
    }

    function test_minterRole_aMinterCanRenounceButNotRevokeOthers() public {
        bytes32 role = minter.MINTER_ROLE();
        vm.prank(admin);
        minter.grantRole(role, bob);
        vm.expectRevert(_unauthorized(reactor, bytes32(0)));
        vm.prank(reactor);
        minter.revokeRole(role, bob);
        vm.prank(reactor);
        minter.renounceRole(role, reactor);
        assertFalse(minter.hasRole(role, reactor));
        assertTrue(minter.hasRole(role, bob));
    }

    // ------------------------------------------------------------ pause

    function test_pause_onlyTheGuardianPausesAndOnlyTheAdminUnpauses() public {
        bytes32 guardianRole = minter.GUARDIAN_ROLE();
        address[3] memory notGuardians = [admin, reactor, stranger];
        for (uint256 i = 0; i < notGuardians.length; ++i) {
            vm.expectRevert(_unauthorized(notGuardians[i], guardianRole));
            vm.prank(notGuardians[i]);
            minter.pause();
        }

        vm.prank(guardian);
        minter.pause();
        assertTrue(minter.paused());
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _mint(PAYMENT, sUSD, alice, 1e18);

        address[3] memory notAdmins = [guardian, reactor, stranger];
        for (uint256 i = 0; i < notAdmins.length; ++i) {
            vm.expectRevert(_unauthorized(notAdmins[i], bytes32(0)));
            vm.prank(notAdmins[i]);
            minter.unpause();
        }

        vm.prank(admin);
        minter.unpause();
        assertFalse(minter.paused());
        _mint(PAYMENT, sUSD, alice, 1e18);
        assertEq(sUSD.balanceOf(alice), 1e18);
    }

    // ------------------------------------------------------------ views

    function test_views_areEmptyForUnusedIdsAndDays() public view {
        assertFalse(minter.isProcessed(PAYMENT));
        IFiatMinter.Receipt memory receipt = minter.receiptOf(PAYMENT);
        assertEq(receipt.synth, address(0));
        assertEq(receipt.to, address(0));
        assertEq(receipt.amount, 0);
        assertEq(receipt.mintedAt, 0);
        assertEq(minter.dailyMinted(address(sUSD), 0), 0);
        assertEq(minter.dailyMinted(address(sUSD), type(uint256).max), 0);
    }

    function test_today_isTheUtcDay() public {
        assertEq(minter.today(), START / 1 days);
        vm.warp(START / 1 days * 1 days + 1 days - 1);
        assertEq(minter.today(), START / 1 days);
        vm.warp(START / 1 days * 1 days + 1 days);
        assertEq(minter.today(), START / 1 days + 1);
    }
}
