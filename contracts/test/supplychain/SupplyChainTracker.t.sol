// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ISupplyChainTracker} from "../../src/interfaces/ISupplyChainTracker.sol";
import {TrackerFixture} from "./utils/TrackerFixture.sol";

/// @notice Registration, two-step custody, the status lifecycle, flags, pausing and views.
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

    // ---------------------------------------------------------------- updateStatus: the whole table

    /// @dev The lifecycle, written independently of the library's bitmap.
    function _allowed(uint8 from, uint8 to) private pure returns (bool) {
        if (from == 0) return to == 1 || to == 2 || to == 4; // Registered -> InTransit | Stored | Recalled
        if (from == 1) return to == 2 || to == 3 || to == 4; // InTransit -> Stored | Delivered | Recalled
        if (from == 2) return to == 1 || to == 3 || to == 4; // Stored -> InTransit | Delivered | Recalled
        return false; // Delivered, Recalled: terminal
    }

    /// @dev A fresh item in `status`, reached through allowed transitions.
    function _itemIn(ISupplyChainTracker.Status status) private returns (uint256 itemId) {
        itemId = _register();
        if (status == ISupplyChainTracker.Status.Registered) return itemId;
        if (status == ISupplyChainTracker.Status.Delivered) {
            _setStatus(itemId, ISupplyChainTracker.Status.InTransit);
        }
        _setStatus(itemId, status);
    }

    function test_updateStatus_everyAllowedTransition() public {
        uint256 count;
        for (uint8 from = 0; from < 5; ++from) {
            for (uint8 to = 0; to < 5; ++to) {
                if (!_allowed(from, to)) continue;
                uint256 itemId = _itemIn(ISupplyChainTracker.Status(from));
                vm.expectEmit(address(tracker));
                emit ISupplyChainTracker.StatusChanged(
                    itemId, ISupplyChainTracker.Status(from), ISupplyChainTracker.Status(to), shipper
                );
                vm.prank(shipper);
                tracker.updateStatus(itemId, ISupplyChainTracker.Status(to));
                assertEq(uint8(tracker.itemOf(itemId).status), to);
                ++count;
            }
        }
        assertEq(count, 9);
    }

    function test_updateStatus_everyForbiddenTransition() public {
        uint256 count;
        for (uint8 from = 0; from < 5; ++from) {
            for (uint8 to = 0; to < 5; ++to) {
                if (_allowed(from, to)) continue;
                uint256 itemId = _itemIn(ISupplyChainTracker.Status(from));
                vm.expectRevert(
                    abi.encodeWithSelector(
                        ISupplyChainTracker.InvalidStatusTransition.selector,
                        ISupplyChainTracker.Status(from),
                        ISupplyChainTracker.Status(to)
                    )
                );
                vm.prank(shipper);
                tracker.updateStatus(itemId, ISupplyChainTracker.Status(to));
                ++count;
            }
        }
        assertEq(count, 16);
    }

    function test_updateStatus_revertsForNonCustodian() public {
        uint256 itemId = _register();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotCustodian.selector, itemId, inspector));
        vm.prank(inspector);
        tracker.updateStatus(itemId, ISupplyChainTracker.Status.InTransit);
    }

    function test_updateStatus_revertsForPendingCustodian() public {
        uint256 itemId = _register();
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotCustodian.selector, itemId, carrier));
        vm.prank(carrier);
        tracker.updateStatus(itemId, ISupplyChainTracker.Status.InTransit);
    }

    function test_updateStatus_revertsForUnknownItem() public {
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 1));
        vm.prank(shipper);
        tracker.updateStatus(1, ISupplyChainTracker.Status.InTransit);
    }

    function test_updateStatus_revertsWhenPaused() public {
        uint256 itemId = _register();
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(shipper);
        tracker.updateStatus(itemId, ISupplyChainTracker.Status.InTransit);
    }

    function test_updateStatus_flaggedItemCannotBeDelivered() public {
        uint256 itemId = _flaggedInTransitItem();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.ItemFlaggedForInspection.selector, itemId));
        vm.prank(shipper);
        tracker.updateStatus(itemId, ISupplyChainTracker.Status.Delivered);
    }

    function test_updateStatus_flaggedItemCanStillMoveOrBeRecalled() public {
        uint256 itemId = _flaggedInTransitItem();
        _setStatus(itemId, ISupplyChainTracker.Status.Stored);
        _setStatus(itemId, ISupplyChainTracker.Status.Recalled);
        assertTrue(tracker.itemOf(itemId).flagged);
    }

    function test_updateStatus_closingCancelsPendingOffer() public {
        uint256 itemId = _itemIn(ISupplyChainTracker.Status.InTransit);
        vm.prank(shipper);
        tracker.offerCustody(itemId, carrier);
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.StatusChanged(
            itemId, ISupplyChainTracker.Status.InTransit, ISupplyChainTracker.Status.Delivered, shipper
        );
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.CustodyOfferCancelled(itemId, shipper, carrier);
        vm.prank(shipper);
        tracker.updateStatus(itemId, ISupplyChainTracker.Status.Delivered);
        assertEq(tracker.pendingCustodianOf(itemId), address(0));
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.NotPendingCustodian.selector, itemId, carrier));
        vm.prank(carrier);
        tracker.acceptCustody(itemId);
    }

    function test_updateStatus_closingWithoutOfferEmitsNoCancellation() public {
        uint256 itemId = _register();
        vm.recordLogs();
        vm.prank(shipper);
        tracker.updateStatus(itemId, ISupplyChainTracker.Status.Recalled);
        assertEq(vm.getRecordedLogs().length, 1);
    }

    // ---------------------------------------------------------------- clearFlag

    function test_clearFlag_byInspectorUnblocksDelivery() public {
        uint256 itemId = _flaggedInTransitItem();
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.FlagCleared(itemId, inspector, "probe fault, cargo inspected");
        vm.prank(inspector);
        tracker.clearFlag(itemId, "probe fault, cargo inspected");
        assertFalse(tracker.itemOf(itemId).flagged);
        _setStatus(itemId, ISupplyChainTracker.Status.Delivered);
        assertEq(uint8(tracker.itemOf(itemId).status), uint8(ISupplyChainTracker.Status.Delivered));
    }

    function test_clearFlag_revertsWhenNotFlagged() public {
        uint256 itemId = _register();
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.ItemNotFlagged.selector, itemId));
        vm.prank(inspector);
        tracker.clearFlag(itemId, "nothing to clear");
    }

    function test_clearFlag_revertsWithoutReason() public {
        uint256 itemId = _flaggedInTransitItem();
        vm.expectRevert(ISupplyChainTracker.EmptyReason.selector);
        vm.prank(inspector);
        tracker.clearFlag(itemId, "");
    }

    function test_clearFlag_revertsForNonInspector() public {
        uint256 itemId = _flaggedInTransitItem();
        bytes32 role = tracker.INSPECTOR_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, shipper, role)
        );
        vm.prank(shipper);
        tracker.clearFlag(itemId, "I say so");
    }

    function test_clearFlag_revertsForUnknownItem() public {
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 5));
        vm.prank(inspector);
        tracker.clearFlag(5, "x");
    }

    function test_clearFlag_revertsWhenPaused() public {
        uint256 itemId = _flaggedInTransitItem();
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(inspector);
        tracker.clearFlag(itemId, "x");
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

    // ---------------------------------------------------------------- helpers

    function _pause() private {
        vm.prank(guardian);
        tracker.pause();
    }

    function _flaggedInTransitItem() private returns (uint256 itemId) {
        itemId = _itemIn(ISupplyChainTracker.Status.InTransit);
        _record(_checkpoint(itemId, 0, _reading(TEMPERATURE, 1_250)));
        assertTrue(tracker.itemOf(itemId).flagged);
    }
}
