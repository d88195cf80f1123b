// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {FluxionTimelock} from "../../src/governance/FluxionTimelock.sol";
import {IFiatMinter} from "../../src/interfaces/IFiatMinter.sol";
import {FiatMinterFixture} from "./utils/FiatMinterFixture.sol";

/// @notice After deployment's handover (deploy/ignition/modules/parts/handover.ts): the Timelock is the only admin,
///         the deployer holds nothing, and limits, minters and unpausing move only through a scheduled, delayed
///         Timelock operation. `governor` plays the FluxionGovernor (the Timelock's proposer and executor).
contract FiatMinterHandoverTest is FiatMinterFixture {
    uint256 internal constant DELAY = 2 days;

    FluxionTimelock internal timelock;
    address internal governor = makeAddr("governor");
    uint256 internal _salt;

    function setUp() public override {
        super.setUp();
        address[] memory proposers = new address[](1);
        proposers[0] = governor;
        address[] memory executors = new address[](1);
        executors[0] = governor;
        timelock = new FluxionTimelock(DELAY, proposers, executors, address(0));

        // `admin` deployed and configured the minter (the fixture); now it hands over, as the deploy module does.
        bytes32 adminRole = minter.DEFAULT_ADMIN_ROLE();
        vm.startPrank(admin);
        minter.grantRole(adminRole, address(timelock));
        minter.renounceRole(adminRole, admin);
        vm.stopPrank();
    }

    function test_handover_leavesTheTimelockAsTheOnlyAdmin() public view {
        bytes32 adminRole = minter.DEFAULT_ADMIN_ROLE();
        assertTrue(minter.hasRole(adminRole, address(timelock)));
        address[5] memory others = [admin, guardian, reactor, governor, stranger];
        for (uint256 i = 0; i < others.length; ++i) {
            assertFalse(minter.hasRole(adminRole, others[i]));
        }
        assertTrue(minter.hasRole(minter.GUARDIAN_ROLE(), guardian));
        assertTrue(minter.hasRole(minter.MINTER_ROLE(), reactor));
    }

    function test_handover_nobodyButTheTimelockChangesLimitsRolesOrUnpauses() public {
        vm.prank(guardian);
        minter.pause();
        bytes32 minterRole = minter.MINTER_ROLE();
        bytes[5] memory calls = [
            abi.encodeCall(IFiatMinter.setLimits, (address(sUSD), 1, 1)),
            abi.encodeCall(IAccessControl.grantRole, (minterRole, stranger)),
            abi.encodeCall(IAccessControl.revokeRole, (minterRole, reactor)),
            abi.encodeCall(IAccessControl.grantRole, (bytes32(0), stranger)),
            abi.encodeWithSignature("unpause()")
        ];
        // The former admin (the deployer), the guardian, the reactor, the Governor acting directly, anyone.
        address[5] memory others = [admin, guardian, reactor, governor, stranger];
        for (uint256 a = 0; a < others.length; ++a) {
            for (uint256 c = 0; c < calls.length; ++c) {
                vm.expectRevert(_unauthorized(others[a], bytes32(0)));
                vm.prank(others[a]);
                // solhint-disable-next-line avoid-low-level-calls
                (bool ok,) = address(minter).call(calls[c]);
                ok;
            }
        }
        assertEq(minter.limits(address(sUSD)).perPayment, USD_PER_PAYMENT);
        assertFalse(minter.hasRole(minterRole, stranger));
        assertTrue(minter.hasRole(minterRole, reactor));
        assertTrue(minter.paused());
    }

    function test_timelock_setsLimitsOnlyAfterTheDelay() public {
        bytes memory data = abi.encodeCall(IFiatMinter.setLimits, (address(sUSD), 5e18, 8e18));
        bytes32 salt = _schedule(data);
        bytes32 id = timelock.hashOperation(address(minter), 0, data, bytes32(0), salt);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                id,
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        vm.prank(governor);
        timelock.execute(address(minter), 0, data, bytes32(0), salt);

        vm.warp(block.timestamp + DELAY);
        vm.expectEmit(address(minter));
        emit IFiatMinter.LimitsSet(address(sUSD), 5e18, 8e18);
        vm.prank(governor);
        timelock.execute(address(minter), 0, data, bytes32(0), salt);
        assertEq(minter.limits(address(sUSD)).perPayment, 5e18);
        assertEq(minter.limits(address(sUSD)).perDay, 8e18);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.PaymentCapExceeded.selector, 5e18 + 1, 5e18));
        _mint(PAYMENT, sUSD, alice, 5e18 + 1);
    }

    function test_timelock_grantsAndRevokesTheMinterRole() public {
        address newReactor = makeAddr("new reactor");
        bytes32 role = minter.MINTER_ROLE();
        _governs(abi.encodeCall(IAccessControl.grantRole, (role, newReactor)));
        vm.prank(newReactor);
        minter.mint(PAYMENT, address(sUSD), alice, 1e18);
        assertEq(sUSD.balanceOf(alice), 1e18);

        _governs(abi.encodeCall(IAccessControl.revokeRole, (role, reactor)));
        vm.expectRevert(_unauthorized(reactor, role));
        _mint(_id(1), sUSD, alice, 1e18);
    }

    function test_timelock_unpausesWhatTheGuardianPaused() public {
        vm.prank(guardian);
        minter.pause();
        _governs(abi.encodeWithSignature("unpause()"));
        assertFalse(minter.paused());
        _mint(PAYMENT, sUSD, alice, 1e18);
    }

    /// @dev Schedules a call to the minter through the Timelock; returns its salt.
    function _schedule(bytes memory data) internal returns (bytes32 salt) {
        salt = bytes32(++_salt);
        vm.prank(governor);
        timelock.schedule(address(minter), 0, data, bytes32(0), salt, DELAY);
    }

    /// @dev Schedules, waits the delay and executes a call to the minter through the Timelock.
    function _governs(bytes memory data) internal {
        bytes32 salt = _schedule(data);
        vm.warp(block.timestamp + DELAY);
        vm.prank(governor);
        timelock.execute(address(minter), 0, data, bytes32(0), salt);
    }
}
