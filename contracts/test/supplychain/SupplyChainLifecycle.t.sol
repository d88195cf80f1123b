// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ISupplyChainTracker} from "../../src/interfaces/ISupplyChainTracker.sol";
import {TrackerFixture} from "./utils/TrackerFixture.sol";

/// @notice The status lifecycle (every allowed and forbidden transition), flags and their clearing.
contract SupplyChainLifecycleTest is TrackerFixture {
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

    // ---------------------------------------------------------------- helpers

    function _flaggedInTransitItem() private returns (uint256 itemId) {
        itemId = _itemIn(ISupplyChainTracker.Status.InTransit);
        _record(_checkpoint(itemId, 0, _reading(TEMPERATURE, 1_250)));
        assertTrue(tracker.itemOf(itemId).flagged);
    }
}
