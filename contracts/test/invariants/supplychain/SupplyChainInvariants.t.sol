// SPDX-License-Identifier: MIT
// Test harness: the handler must share this file (see the note above it), and its ghost bookkeeping after calls
// into the contracts under test is not a reentrancy concern.
// solhint-disable one-contract-per-file, reentrancy
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ISupplyChainTracker} from "../../../src/interfaces/ISupplyChainTracker.sol";
import {SupplyChainTracker} from "../../../src/supplychain/SupplyChainTracker.sol";

// The handler lives in this file on purpose: a single-file `hardhat test solidity <file>` run only hands the fuzzer
// the artifacts of the files it was given, and a handler defined elsewhere would be "No contracts to fuzz".

/// @notice Lets random actors (custodians or not) register items, offer, accept and cancel custody, change statuses,
///         record checkpoints and pause, while mirroring what custody should be if it only ever changes through an
///         offer by the custodian followed by an acceptance by the offered account.
contract SupplyChainHandler is Test {
    SupplyChainTracker public immutable tracker;
    address public immutable guardian;
    address public immutable admin;
    uint256 private immutable _attestorKey;
    address[] public actors;

    mapping(uint256 itemId => address) public expectedCustodian;
    mapping(uint256 itemId => address) public expectedPending;
    uint256 public acceptances;
    uint256 public custodyChanges;
    /// @notice Set if an acceptance succeeded for an account that had not been offered custody.
    bool public unexpectedAcceptance;
    /// @notice Calls the tracker rejected (unauthorised callers, forbidden transitions, paused, ...).
    uint256 public rejections;
    /// @notice Checkpoints recorded.
    uint256 public checkpoints;
    /// @notice Flags cleared by the inspector.
    uint256 public flagsCleared;

    constructor(
        SupplyChainTracker tracker_,
        address admin_,
        address guardian_,
        uint256 attestorKey,
        address[] memory a
    ) {
        tracker = tracker_;
        admin = admin_;
        guardian = guardian_;
        _attestorKey = attestorKey;
        actors = a;
    }

    function register(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        ISupplyChainTracker.SensorRange[] memory ranges = new ISupplyChainTracker.SensorRange[](1);
        ranges[0] = ISupplyChainTracker.SensorRange({sensor: bytes32("t"), min: 0, max: 100});
        vm.prank(actor);
        try tracker.registerItem(bytes32(actorSeed), "", ranges) returns (uint256 itemId) {
            expectedCustodian[itemId] = actor;
        } catch {
            ++rejections;
        }
    }

    function offer(uint256 actorSeed, uint256 itemSeed, uint256 toSeed) external {
        (bool exists, uint256 itemId) = _item(itemSeed);
        if (!exists) return;
        // Three times in four the caller is the real custodian, otherwise anyone.
        address caller = actorSeed % 4 != 0 ? tracker.itemOf(itemId).custodian : _actor(actorSeed);
        address to = _actor(toSeed);
        vm.prank(caller);
        try tracker.offerCustody(itemId, to) {
            expectedPending[itemId] = to;
        } catch {
            ++rejections;
        }
    }

    function accept(uint256 actorSeed, uint256 itemSeed) external {
        (bool exists, uint256 itemId) = _item(itemSeed);
        if (!exists) return;
        // Three times in four an item with a pending offer is picked and the offered account accepts; otherwise
        // anyone tries on any item.
        bool legit = actorSeed % 4 != 0;
        if (legit) itemId = _itemWithOffer(itemId);
        address pending = tracker.pendingCustodianOf(itemId);
        address caller = legit && pending != address(0) ? pending : _actor(actorSeed);
        vm.prank(caller);
        try tracker.acceptCustody(itemId) {
            if (expectedPending[itemId] != caller) unexpectedAcceptance = true;
            if (expectedCustodian[itemId] != caller) ++custodyChanges;
            expectedCustodian[itemId] = caller;
            expectedPending[itemId] = address(0);
            ++acceptances;
        } catch {
            ++rejections;
        }
    }

    function cancel(uint256 actorSeed, uint256 itemSeed) external {
        (bool exists, uint256 itemId) = _item(itemSeed);
        if (!exists) return;
        address caller = actorSeed % 4 != 0 ? tracker.itemOf(itemId).custodian : _actor(actorSeed);
        vm.prank(caller);
        try tracker.cancelCustodyOffer(itemId) {
            expectedPending[itemId] = address(0);
        } catch {
            ++rejections;
        }
    }

    function updateStatus(uint256 actorSeed, uint256 itemSeed, uint8 statusSeed) external {
        (bool exists, uint256 itemId) = _item(itemSeed);
        if (!exists) return;
        address caller = actorSeed % 4 != 0 ? tracker.itemOf(itemId).custodian : _actor(actorSeed);
        ISupplyChainTracker.Status status = ISupplyChainTracker.Status(statusSeed % 5);
        vm.prank(caller);
        try tracker.updateStatus(itemId, status) {
            if (status == ISupplyChainTracker.Status.Delivered || status == ISupplyChainTracker.Status.Recalled) {
                expectedPending[itemId] = address(0);
            }
        } catch {
            ++rejections;
        }
    }

    function recordCheckpoint(uint256 itemSeed, int256 value) external {
        (bool exists, uint256 itemId) = _item(itemSeed);
        if (!exists) return;
        ISupplyChainTracker.SensorReading[] memory readings = new ISupplyChainTracker.SensorReading[](1);
        readings[0] = ISupplyChainTracker.SensorReading({sensor: bytes32("t"), value: bound(value, -50, 150)});
        ISupplyChainTracker.Checkpoint memory cp = ISupplyChainTracker.Checkpoint({
            itemId: itemId,
            sequence: uint64(tracker.checkpointCount(itemId)),
            timestamp: uint64(block.timestamp),
            location: bytes32("u33dc0"),
            readings: readings
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_attestorKey, tracker.checkpointDigest(cp));
        try tracker.recordCheckpoint(cp, abi.encodePacked(r, s, v)) {
            ++checkpoints;
        } catch {
            ++rejections;
        }
    }

    function clearFlag(uint256 itemSeed) external {
        (bool exists, uint256 itemId) = _item(itemSeed);
        if (!exists) return;
        vm.prank(admin);
        try tracker.clearFlag(itemId, "inspected") {
            ++flagsCleared;
        } catch {
            ++rejections;
        }
    }

    /// @dev Pauses only one time in four, so most sequences keep exercising the live paths.
    function pause(uint256 seed) external {
        if (seed % 4 != 0 || tracker.paused()) return;
        vm.prank(guardian);
        tracker.pause();
    }

    function unpause() external {
        if (!tracker.paused()) return;
        vm.prank(admin);
        tracker.unpause();
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 1 days));
    }

    function _item(uint256 seed) private view returns (bool, uint256) {
        uint256 count = tracker.itemCount();
        if (count == 0) return (false, 0);
        return (true, seed % count + 1);
    }

    /// @dev The first item from `start` on (wrapping around) with a pending offer, or `start` if there is none.
    function _itemWithOffer(uint256 start) private view returns (uint256) {
        uint256 count = tracker.itemCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 itemId = (start - 1 + i) % count + 1;
            if (tracker.pendingCustodianOf(itemId) != address(0)) return itemId;
        }
        return start;
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }
}

/// @notice Custody of every item only ever changes through an offer by the custodian and an acceptance by the
///         offered account, and the on-chain state matches that model at all times.
contract SupplyChainInvariantsTest is Test {
    SupplyChainTracker private tracker;
    SupplyChainHandler private handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        address admin = makeAddr("admin");
        address guardian = makeAddr("guardian");
        (address attestor, uint256 attestorKey) = makeAddrAndKey("attestor");
        tracker = new SupplyChainTracker(admin, guardian);
        address[] memory actors = new address[](4);
        for (uint256 i = 0; i < actors.length; ++i) {
            actors[i] = makeAddr(string.concat("actor", vm.toString(i)));
        }
        vm.startPrank(admin);
        tracker.grantRole(tracker.ATTESTOR_ROLE(), attestor);
        tracker.grantRole(tracker.INSPECTOR_ROLE(), admin);
        vm.stopPrank();
        handler = new SupplyChainHandler(tracker, admin, guardian, attestorKey, actors);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = handler.register.selector;
        selectors[1] = handler.offer.selector;
        selectors[2] = handler.accept.selector;
        selectors[3] = handler.cancel.selector;
        selectors[4] = handler.updateStatus.selector;
        selectors[5] = handler.recordCheckpoint.selector;
        selectors[6] = handler.clearFlag.selector;
        selectors[7] = handler.pause.selector;
        selectors[8] = handler.unpause.selector;
        selectors[9] = handler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_custodyOnlyChangesThroughOfferAndAccept() public view {
        uint256 count = tracker.itemCount();
        for (uint256 itemId = 1; itemId <= count; ++itemId) {
            assertEq(tracker.itemOf(itemId).custodian, handler.expectedCustodian(itemId));
            assertEq(tracker.pendingCustodianOf(itemId), handler.expectedPending(itemId));
        }
        assertFalse(handler.unexpectedAcceptance());
        assertLe(handler.custodyChanges(), handler.acceptances());
    }

    function invariant_closedItemsHaveNoPendingOffer() public view {
        uint256 count = tracker.itemCount();
        for (uint256 itemId = 1; itemId <= count; ++itemId) {
            ISupplyChainTracker.Status status = tracker.itemOf(itemId).status;
            if (status == ISupplyChainTracker.Status.Delivered || status == ISupplyChainTracker.Status.Recalled) {
                assertEq(tracker.pendingCustodianOf(itemId), address(0));
            }
        }
    }

    function invariant_pendingCustodianIsNeverTheCustodian() public view {
        uint256 count = tracker.itemCount();
        for (uint256 itemId = 1; itemId <= count; ++itemId) {
            assertTrue(tracker.pendingCustodianOf(itemId) != tracker.itemOf(itemId).custodian);
        }
    }

    function invariant_checkpointTimesNeverPrecedeRegistration() public view {
        uint256 count = tracker.itemCount();
        for (uint256 itemId = 1; itemId <= count; ++itemId) {
            ISupplyChainTracker.Item memory item = tracker.itemOf(itemId);
            assertGe(item.lastCheckpointAt, item.registeredAt);
            assertLe(item.lastCheckpointAt, block.timestamp);
        }
    }
}
