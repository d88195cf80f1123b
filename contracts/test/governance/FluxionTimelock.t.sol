// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {FluxionTimelock} from "../../src/governance/FluxionTimelock.sol";

/// @notice The named Timelock subclass keeps TimelockController's behaviour.
contract FluxionTimelockTest is Test {
    address private governorAddress = makeAddr("governor");
    address private setupAdmin = makeAddr("setupAdmin");
    FluxionTimelock private timelock;

    function setUp() public {
        address[] memory proposers = new address[](1);
        proposers[0] = governorAddress;
        address[] memory executors = new address[](1);
        executors[0] = address(0);
        timelock = new FluxionTimelock(2 days, proposers, executors, setupAdmin);
    }

    function test_constructor_grantsRolesAndDelay() public view {
        assertEq(timelock.getMinDelay(), 2 days);
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), governorAddress));
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), governorAddress));
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)));
        assertTrue(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)));
        assertTrue(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), setupAdmin));
    }

    function test_constructor_withoutSetupAdmin() public {
        FluxionTimelock t = new FluxionTimelock(1, new address[](0), new address[](0), address(0));
        assertFalse(t.hasRole(t.DEFAULT_ADMIN_ROLE(), address(0)));
        assertTrue(t.hasRole(t.DEFAULT_ADMIN_ROLE(), address(t)));
    }

    function test_schedule_revertsForNonProposer() public {
        bytes32 role = timelock.PROPOSER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, setupAdmin, role)
        );
        vm.prank(setupAdmin);
        timelock.schedule(address(timelock), 0, "", 0, 0, 2 days);
    }

    function test_schedule_revertsBelowMinDelay() public {
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockInsufficientDelay.selector, 1 days, 2 days));
        vm.prank(governorAddress);
        timelock.schedule(address(timelock), 0, "", 0, 0, 1 days);
    }

    function test_updateDelay_onlyThroughItself() public {
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnauthorizedCaller.selector, setupAdmin));
        vm.prank(setupAdmin);
        timelock.updateDelay(1 days);

        bytes memory data = abi.encodeCall(timelock.updateDelay, (3 days));
        vm.prank(governorAddress);
        timelock.schedule(address(timelock), 0, data, 0, 0, 2 days);
        vm.warp(block.timestamp + 2 days);
        vm.prank(makeAddr("anyone"));
        timelock.execute(address(timelock), 0, data, 0, 0);
        assertEq(timelock.getMinDelay(), 3 days);
    }
}
