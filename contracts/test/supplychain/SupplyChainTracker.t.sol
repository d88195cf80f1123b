// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ISupplyChainTracker} from "../../src/interfaces/ISupplyChainTracker.sol";
import {TrackerFixture} from "./utils/TrackerFixture.sol";

/// @notice Registration, two-step custody, pausing and views.
contract SupplyChainTrackerTest is TrackerFixture {
    // ---------------------------------------------------------------- registerItem

    function test_registerItem_callerBecomesCreatorAndCustodian() public {
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.ItemRegistered(1, shipper, METADATA, "ipfs://lot42", _coldChainRanges());
        uint256 itemId = _register();

        assertEq(itemId, 1);
        assertEq(tracker.itemCount(), 1);
        ISupplyChainTracker.Item memory item = tracker.itemOf(itemId);
        assertEq(item.creator, shipper);
        assertEq(item.custodian, shipper);
        assertEq(item.registeredAt, START);
        assertEq(item.lastCheckpointAt, START);
        assertEq(uint8(item.status), uint8(ISupplyChainTracker.Status.Registered));
        assertFalse(item.flagged);
        assertEq(item.checkpointCount, 0);
        assertEq(item.metadataHash, METADATA);
        assertEq(tracker.pendingCustodianOf(itemId), address(0));
    }

    function test_registerItem_idsAreSequential() public {
        assertEq(_register(), 1);
        vm.prank(carrier);
        assertEq(tracker.registerItem(0, "", new ISupplyChainTracker.SensorRange[](0)), 2);
        assertEq(tracker.itemOf(2).creator, carrier);
        assertEq(tracker.itemCount(), 2);
    }

    function test_registerItem_storesRanges() public {
        uint256 itemId = _register();
        ISupplyChainTracker.SensorRange[] memory ranges = tracker.rangesOf(itemId);
        assertEq(ranges.length, 2);
        assertEq(ranges[0].sensor, TEMPERATURE);
        assertEq(ranges[0].min, 200);
        assertEq(ranges[0].max, 800);
        assertEq(ranges[1].sensor, HUMIDITY);
    }

    function test_registerItem_withoutRanges() public {
        vm.prank(shipper);
        uint256 itemId = tracker.registerItem(METADATA, "", new ISupplyChainTracker.SensorRange[](0));
        assertEq(tracker.rangesOf(itemId).length, 0);
    }

    function test_registerItem_maxSensorsAndDegenerateRange() public {
        ISupplyChainTracker.SensorRange[] memory ranges = new ISupplyChainTracker.SensorRange[](8);
        for (uint256 i = 0; i < 8; ++i) {
            ranges[i] = ISupplyChainTracker.SensorRange({sensor: bytes32(i), min: -5, max: -5});
        }
        vm.prank(shipper);
        uint256 itemId = tracker.registerItem(METADATA, "", ranges);
        assertEq(tracker.rangesOf(itemId).length, tracker.MAX_SENSORS());
    }

    function test_registerItem_revertsAboveMaxSensors() public {
        ISupplyChainTracker.SensorRange[] memory ranges = new ISupplyChainTracker.SensorRange[](9);
        for (uint256 i = 0; i < 9; ++i) {
            ranges[i] = ISupplyChainTracker.SensorRange({sensor: bytes32(i), min: 0, max: 1});
        }
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.TooManySensorRanges.selector, 9, 8));
        vm.prank(shipper);
        tracker.registerItem(METADATA, "", ranges);
    }

    function test_registerItem_revertsWhenMinAboveMax() public {
        ISupplyChainTracker.SensorRange[] memory ranges = _coldChainRanges();
        ranges[1].min = 6_001;
        vm.expectRevert(
            abi.encodeWithSelector(ISupplyChainTracker.InvalidSensorRange.selector, HUMIDITY, int256(6_001), 6_000)
        );
        vm.prank(shipper);
        tracker.registerItem(METADATA, "", ranges);
    }

    function test_registerItem_revertsOnDuplicateSensor() public {
        ISupplyChainTracker.SensorRange[] memory ranges = _coldChainRanges();
        ranges[1].sensor = TEMPERATURE;
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.DuplicateSensor.selector, TEMPERATURE));
        vm.prank(shipper);
        tracker.registerItem(METADATA, "", ranges);
    }

    function test_registerItem_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _register();
    }

    // ---------------------------------------------------------------- offerCustody

    function test_offerCustody_recordsPendingCustodian() public {
        uint256 itemId = _register();
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.CustodyOffered(itemId, shipper, carrier);
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        assertEq(tracker.pendingCustodianOf(itemId), carrier);
        assertEq(tracker.itemOf(itemId).custodian, shipper);
    }

    function test_offerCustody_replacesPendingOffer() public {
        uint256 itemId = _register();
        vm.startPrank(shipper);
        tracker.offerCustody(itemId, carrier);
        tracker.offerCustody(itemId, warehouse);
        vm.stopPrank();
        assertEq(tracker.pendingCustodianOf(itemId), warehouse);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotPendingCustodian.selector, itemId, carrier));
        vm.prank(carrier);
        tracker.acceptCustody(itemId);
    }

    function test_offerCustody_revertsForNonCustodian() public {
        uint256 itemId = _register();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotCustodian.selector, itemId, carrier));
        vm.prank(carrier);
        tracker.offerCustody(itemId, carrier);
    }

    function test_offerCustody_revertsForUnknownItem() public {
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 7));
        vm.prank(shipper);
        tracker.offerCustody(7, carrier);
    }

    function test_offerCustody_revertsForZeroAddress() public {
        uint256 itemId = _register();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.InvalidCustodian.selector, itemId, address(0)));
        vm.prank(shipper);
        tracker.offerCustody(itemId, address(0));
    }

    function test_offerCustody_revertsForCurrentCustodian() public {
        uint256 itemId = _register();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.InvalidCustodian.selector, itemId, shipper));
        vm.prank(shipper);
        tracker.offerCustody(itemId, shipper);
    }

    function test_offerCustody_revertsWhenClosed() public {
        uint256 itemId = _register();
        _setStatus(itemId, ISupplyChainTracker.Status.Recalled);
        vm.expectRevert(
            abi.encodeWithSelector(ISupplyChainTracker.ItemClosed.selector, itemId, ISupplyChainTracker.Status.Recalled)
        );
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
    }

    function test_offerCustody_revertsWhenPaused() public {
        uint256 itemId = _register();
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
    }

    // ---------------------------------------------------------------- acceptCustody

    function test_acceptCustody_transfersCustody() public {
        uint256 itemId = _register();
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.CustodyTransferred(itemId, shipper, carrier);
        vm.prank(carrier);
        tracker.acceptCustody(itemId);

        assertEq(tracker.itemOf(itemId).custodian, carrier);
        assertEq(tracker.itemOf(itemId).creator, shipper);
        assertEq(tracker.pendingCustodianOf(itemId), address(0));

        // Rights moved with custody.
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotCustodian.selector, itemId, shipper));
        vm.prank(shipper);
        tracker.updateStatus(itemId, ISupplyChainTracker.Status.InTransit);
        _setStatus(itemId, ISupplyChainTracker.Status.InTransit);
        _offerAndAccept(itemId, carrier, warehouse);
        assertEq(tracker.itemOf(itemId).custodian, warehouse);
    }

    function test_acceptCustody_revertsForAccountNotOffered() public {
        uint256 itemId = _register();
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotPendingCustodian.selector, itemId, warehouse));
        vm.prank(warehouse);
        tracker.acceptCustody(itemId);
    }

    function test_acceptCustody_revertsWithoutOffer() public {
        uint256 itemId = _register();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotPendingCustodian.selector, itemId, carrier));
        vm.prank(carrier);
        tracker.acceptCustody(itemId);
    }

    function test_acceptCustody_revertsAfterOfferCancelled() public {
        uint256 itemId = _register();
        vm.startPrank(shipper);
        tracker.offerCustody(itemId, carrier);
        tracker.cancelCustodyOffer(itemId);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotPendingCustodian.selector, itemId, carrier));
        vm.prank(carrier);
        tracker.acceptCustody(itemId);
    }

    function test_acceptCustody_revertsForUnknownItem() public {
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 0));
        vm.prank(carrier);
        tracker.acceptCustody(0);
    }

    function test_acceptCustody_revertsWhenPaused() public {
        uint256 itemId = _register();
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(carrier);
        tracker.acceptCustody(itemId);
    }

    // ---------------------------------------------------------------- cancelCustodyOffer

    function test_cancelCustodyOffer_clearsOffer() public {
        uint256 itemId = _register();
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.CustodyOfferCancelled(itemId, shipper, carrier);
        vm.prank(shipper);
        tracker.cancelCustodyOffer(itemId);
        assertEq(tracker.pendingCustodianOf(itemId), address(0));
    }

    function test_cancelCustodyOffer_worksWhilePaused() public {
        uint256 itemId = _register();
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        _pause();
        vm.prank(shipper);
        tracker.cancelCustodyOffer(itemId);
        assertEq(tracker.pendingCustodianOf(itemId), address(0));
    }

    function test_cancelCustodyOffer_revertsForNonCustodian() public {
        uint256 itemId = _register();
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotCustodian.selector, itemId, carrier));
        vm.prank(carrier);
        tracker.cancelCustodyOffer(itemId);
    }

    function test_cancelCustodyOffer_revertsWithoutOffer() public {
        uint256 itemId = _register();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NoPendingCustodyOffer.selector, itemId));
        vm.prank(shipper);
        tracker.cancelCustodyOffer(itemId);
    }

    function test_cancelCustodyOffer_revertsForUnknownItem() public {
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 3));
        vm.prank(shipper);
        tracker.cancelCustodyOffer(3);
    }

    // ---------------------------------------------------------------- pause rules

    function test_pause_byGuardianUnpauseByAdmin() public {
        vm.expectEmit(address(tracker));
        emit Pausable.Paused(guardian);
        _pause();
        assertTrue(tracker.paused());
        vm.prank(admin);
        tracker.unpause();
        assertFalse(tracker.paused());
    }

    function test_pause_revertsForNonGuardian() public {
        bytes32 role = tracker.GUARDIAN_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, role));
        vm.prank(admin);
        tracker.pause();
    }

    function test_unpause_revertsForGuardian() public {
        _pause();
        bytes32 role = tracker.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, role)
        );
        vm.prank(guardian);
        tracker.unpause();
    }

    function test_roles_grantedOnlyByAdmin() public {
        bytes32 attestorRole = tracker.ATTESTOR_ROLE();
        bytes32 adminRole = tracker.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, adminRole)
        );
        vm.prank(guardian);
        tracker.grantRole(attestorRole, guardian);
        assertTrue(tracker.hasRole(adminRole, admin));
        assertTrue(tracker.hasRole(tracker.GUARDIAN_ROLE(), guardian));
    }

    // ---------------------------------------------------------------- views

    function test_views_revertForUnknownItem() public {
        _register();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 0));
        tracker.itemOf(0);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 2));
        tracker.itemOf(2);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 2));
        tracker.rangesOf(2);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 2));
        tracker.checkpointCount(2);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 2));
        tracker.pendingCustodianOf(2);
    }

    function test_constants() public view {
        assertEq(tracker.ATTESTOR_ROLE(), keccak256("ATTESTOR_ROLE"));
        assertEq(tracker.INSPECTOR_ROLE(), keccak256("INSPECTOR_ROLE"));
        assertEq(tracker.MAX_SENSORS(), 8);
        assertEq(tracker.MAX_READINGS(), 16);
    }
}
