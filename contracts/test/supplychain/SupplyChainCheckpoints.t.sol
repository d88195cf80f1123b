// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ISupplyChainTracker} from "../../src/interfaces/ISupplyChainTracker.sol";
import {SupplyChainTracker} from "../../src/supplychain/SupplyChainTracker.sol";
import {TrackerFixture} from "./utils/TrackerFixture.sol";

/// @notice EIP-712 checkpoints: signatures, sequencing, timestamps, range checks and flags.
contract SupplyChainCheckpointsTest is TrackerFixture {
    uint256 private constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    uint256 private itemId;

    function setUp() public override {
        super.setUp();
        itemId = _register();
        vm.warp(START + 1 hours);
    }

    // ---------------------------------------------------------------- digest

    function test_checkpointDigest_matchesIndependentEip712Encoding() public view {
        ISupplyChainTracker.SensorReading[] memory readings = new ISupplyChainTracker.SensorReading[](2);
        readings[0] = ISupplyChainTracker.SensorReading({sensor: TEMPERATURE, value: -150});
        readings[1] = ISupplyChainTracker.SensorReading({sensor: HUMIDITY, value: 4_200});
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, readings);

        bytes32 readingTypehash = keccak256("SensorReading(bytes32 sensor,int256 value)");
        bytes32 checkpointTypehash = keccak256(
            "Checkpoint(uint256 itemId,uint64 sequence,uint64 timestamp,bytes32 location,SensorReading[] readings)"
            "SensorReading(bytes32 sensor,int256 value)"
        );
        bytes32 readingsHash = keccak256(
            abi.encodePacked(
                keccak256(abi.encode(readingTypehash, TEMPERATURE, int256(-150))),
                keccak256(abi.encode(readingTypehash, HUMIDITY, int256(4_200)))
            )
        );
        bytes32 structHash =
            keccak256(abi.encode(checkpointTypehash, itemId, uint64(0), cp.timestamp, GEOHASH, readingsHash));
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Fluxion SupplyChainTracker"),
                keccak256("1"),
                block.chainid,
                address(tracker)
            )
        );
        assertEq(tracker.checkpointDigest(cp), keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash)));
    }

    // ---------------------------------------------------------------- valid checkpoints

    function test_recordCheckpoint_validSignatureRelayedByAnyone() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);

        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.CheckpointRecorded(itemId, 0, attestor, cp.timestamp, GEOHASH, cp.readings);
        vm.prank(stranger);
        tracker.recordCheckpoint(cp, signature);

        assertEq(tracker.checkpointCount(itemId), 1);
        ISupplyChainTracker.Item memory item = tracker.itemOf(itemId);
        assertEq(item.lastCheckpointAt, cp.timestamp);
        assertFalse(item.flagged);
    }

    function test_recordCheckpoint_sequenceAdvances() public {
        _record(_checkpoint(itemId, 0, _reading(TEMPERATURE, 450)));
        vm.warp(block.timestamp + 1 hours);
        _record(_checkpoint(itemId, 1, _reading(TEMPERATURE, 460)));
        assertEq(tracker.checkpointCount(itemId), 2);
    }

    function test_recordCheckpoint_withoutReadings() public {
        _record(_checkpoint(itemId, 0, new ISupplyChainTracker.SensorReading[](0)));
        assertEq(tracker.checkpointCount(itemId), 1);
    }

    function test_recordCheckpoint_maxReadings() public {
        ISupplyChainTracker.SensorReading[] memory readings = new ISupplyChainTracker.SensorReading[](16);
        for (uint256 i = 0; i < 16; ++i) {
            readings[i] = ISupplyChainTracker.SensorReading({sensor: TEMPERATURE, value: 500});
        }
        _record(_checkpoint(itemId, 0, readings));
        assertEq(tracker.checkpointCount(itemId), 1);
    }

    function test_recordCheckpoint_timestampEqualToBlockTimestamp() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        assertEq(cp.timestamp, block.timestamp);
        _record(cp);
    }

    function test_recordCheckpoint_timestampEqualToPrevious() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        _record(cp);
        vm.warp(block.timestamp + 1 hours);
        ISupplyChainTracker.Checkpoint memory next = _checkpoint(itemId, 1, _reading(TEMPERATURE, 450));
        next.timestamp = cp.timestamp;
        _record(next);
        assertEq(tracker.itemOf(itemId).lastCheckpointAt, cp.timestamp);
    }

    function test_recordCheckpoint_timestampEqualToRegistration() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        cp.timestamp = uint64(START);
        _record(cp);
    }

    // ---------------------------------------------------------------- signature failures

    function test_recordCheckpoint_revertsForWrongSigner() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(strangerKey, cp);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnauthorizedAttestor.selector, stranger));
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsWhenAttestorRoleRevoked() public {
        vm.startPrank(admin);
        tracker.revokeRole(tracker.ATTESTOR_ROLE(), attestor);
        vm.stopPrank();
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnauthorizedAttestor.selector, attestor));
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsWhenDataTamperedAfterSigning() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 1_500));
        bytes memory signature = _sign(attestorKey, cp);
        cp.readings[0].value = 450; // a relayer hiding the excursion
        address recovered = _recover(tracker.checkpointDigest(cp), signature);
        assertTrue(recovered != attestor);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnauthorizedAttestor.selector, recovered));
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsForSignatureMeantForAnotherTracker() public {
        SupplyChainTracker other = new SupplyChainTracker(admin, guardian);
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(attestorKey, other.checkpointDigest(cp));
        bytes memory signature = abi.encodePacked(r, s, v);
        address recovered = _recover(tracker.checkpointDigest(cp), signature);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnauthorizedAttestor.selector, recovered));
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsForMalformedSignatureLength() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);
        bytes memory truncated = new bytes(64);
        for (uint256 i = 0; i < 64; ++i) {
            truncated[i] = signature[i];
        }
        vm.expectRevert(ISupplyChainTracker.InvalidSignature.selector);
        tracker.recordCheckpoint(cp, truncated);
    }

    function test_recordCheckpoint_revertsForUnrecoverableSignature() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        vm.expectRevert(ISupplyChainTracker.InvalidSignature.selector);
        tracker.recordCheckpoint(cp, abi.encodePacked(bytes32(0), bytes32(0), uint8(27)));
    }

    function test_recordCheckpoint_revertsForMalleableHighSSignature() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(attestorKey, tracker.checkpointDigest(cp));
        bytes32 highS = bytes32(SECP256K1_N - uint256(s));
        uint8 flippedV = v == 27 ? 28 : 27;
        vm.expectRevert(ISupplyChainTracker.InvalidSignature.selector);
        tracker.recordCheckpoint(cp, abi.encodePacked(r, highS, flippedV));
    }

    // ---------------------------------------------------------------- sequencing and time

    function test_recordCheckpoint_revertsWhenReplayed() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);
        tracker.recordCheckpoint(cp, signature);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.InvalidSequence.selector, itemId, 1, 0));
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsForOutOfOrderSequence() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 1, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.InvalidSequence.selector, itemId, 0, 1));
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsForFutureTimestamp() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        cp.timestamp = uint64(block.timestamp + 1);
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(
            abi.encodeWithSelector(ISupplyChainTracker.CheckpointInFuture.selector, cp.timestamp, block.timestamp)
        );
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsForTimestampBeforePrevious() public {
        ISupplyChainTracker.Checkpoint memory first = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        _record(first);
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 1, _reading(TEMPERATURE, 450));
        cp.timestamp = first.timestamp - 1;
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISupplyChainTracker.CheckpointBeforePrevious.selector, cp.timestamp, uint48(first.timestamp)
            )
        );
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsForTimestampBeforeRegistration() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        cp.timestamp = uint64(START - 1);
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(
            abi.encodeWithSelector(ISupplyChainTracker.CheckpointBeforePrevious.selector, cp.timestamp, uint48(START))
        );
        tracker.recordCheckpoint(cp, signature);
    }

    // ---------------------------------------------------------------- other rejections

    function test_recordCheckpoint_revertsAboveMaxReadings() public {
        ISupplyChainTracker.Checkpoint memory cp =
            _checkpoint(itemId, 0, new ISupplyChainTracker.SensorReading[](17));
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.TooManyReadings.selector, 17, 16));
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsForClosedItem() public {
        vm.prank(shipper);
        tracker.updateStatus(itemId, ISupplyChainTracker.Status.Recalled);
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(
            abi.encodeWithSelector(ISupplyChainTracker.ItemClosed.selector, itemId, ISupplyChainTracker.Status.Recalled)
        );
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsForUnknownItem() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(99, 0, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.UnknownItem.selector, 99));
        tracker.recordCheckpoint(cp, signature);
    }

    function test_recordCheckpoint_revertsWhenPaused() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);
        vm.prank(guardian);
        tracker.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        tracker.recordCheckpoint(cp, signature);
    }

    // ---------------------------------------------------------------- range checks and flags

    function test_recordCheckpoint_readingAboveMaxFlags() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 801));
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.ItemFlagged(itemId, 0, TEMPERATURE, 801, 200, 800);
        _record(cp);
        assertTrue(tracker.itemOf(itemId).flagged);
    }

    function test_recordCheckpoint_readingBelowMinFlags() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(TEMPERATURE, 199));
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.ItemFlagged(itemId, 0, TEMPERATURE, 199, 200, 800);
        _record(cp);
        assertTrue(tracker.itemOf(itemId).flagged);
    }

    function test_recordCheckpoint_boundsAreInclusive() public {
        ISupplyChainTracker.SensorReading[] memory readings = new ISupplyChainTracker.SensorReading[](4);
        readings[0] = ISupplyChainTracker.SensorReading({sensor: TEMPERATURE, value: 200});
        readings[1] = ISupplyChainTracker.SensorReading({sensor: TEMPERATURE, value: 800});
        readings[2] = ISupplyChainTracker.SensorReading({sensor: HUMIDITY, value: 0});
        readings[3] = ISupplyChainTracker.SensorReading({sensor: HUMIDITY, value: 6_000});
        vm.recordLogs();
        _record(_checkpoint(itemId, 0, readings));
        assertEq(vm.getRecordedLogs().length, 1); // CheckpointRecorded only
        assertFalse(tracker.itemOf(itemId).flagged);
    }

    function test_recordCheckpoint_undeclaredSensorNeverFlags() public {
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, 0, _reading(SHOCK, type(int256).max));
        vm.recordLogs();
        _record(cp);
        assertEq(vm.getRecordedLogs().length, 1);
        assertFalse(tracker.itemOf(itemId).flagged);
    }

    function test_recordCheckpoint_everyOutOfRangeReadingEmits() public {
        ISupplyChainTracker.SensorReading[] memory readings = new ISupplyChainTracker.SensorReading[](3);
        readings[0] = ISupplyChainTracker.SensorReading({sensor: TEMPERATURE, value: 900});
        readings[1] = ISupplyChainTracker.SensorReading({sensor: SHOCK, value: 5_000});
        readings[2] = ISupplyChainTracker.SensorReading({sensor: HUMIDITY, value: -1});
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.ItemFlagged(itemId, 0, TEMPERATURE, 900, 200, 800);
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.ItemFlagged(itemId, 0, HUMIDITY, -1, 0, 6_000);
        _record(_checkpoint(itemId, 0, readings));
    }

    function test_recordCheckpoint_flaggedItemStaysFlaggedAndKeepsRecording() public {
        _record(_checkpoint(itemId, 0, _reading(TEMPERATURE, 900)));
        vm.expectEmit(address(tracker));
        emit ISupplyChainTracker.ItemFlagged(itemId, 1, TEMPERATURE, 100, 200, 800);
        _record(_checkpoint(itemId, 1, _reading(TEMPERATURE, 100)));
        _record(_checkpoint(itemId, 2, _reading(TEMPERATURE, 500)));
        assertTrue(tracker.itemOf(itemId).flagged); // an in-range reading does not clear it
    }

    function test_recordCheckpoint_itemWithoutRangesNeverFlags() public {
        vm.prank(shipper);
        uint256 bare = tracker.registerItem(0, "", new ISupplyChainTracker.SensorRange[](0));
        _record(_checkpoint(bare, 0, _reading(TEMPERATURE, type(int256).min)));
        assertFalse(tracker.itemOf(bare).flagged);
    }

    /// @dev Flagging matches the declared inclusive range exactly, for any range and value.
    function testFuzz_recordCheckpoint_flagsExactlyOutsideRange(int256 min, int256 max, int256 value) public {
        if (min > max) (min, max) = (max, min);
        ISupplyChainTracker.SensorRange[] memory ranges = new ISupplyChainTracker.SensorRange[](1);
        ranges[0] = ISupplyChainTracker.SensorRange({sensor: SHOCK, min: min, max: max});
        vm.prank(shipper);
        uint256 id = tracker.registerItem(0, "", ranges);
        _record(_checkpoint(id, 0, _reading(SHOCK, value)));
        assertEq(tracker.itemOf(id).flagged, value < min || value > max);
    }

    /// @dev Only the exact next sequence is accepted.
    function testFuzz_recordCheckpoint_onlyNextSequence(uint64 sequence) public {
        _record(_checkpoint(itemId, 0, _reading(TEMPERATURE, 450)));
        vm.assume(sequence != 1);
        ISupplyChainTracker.Checkpoint memory cp = _checkpoint(itemId, sequence, _reading(TEMPERATURE, 450));
        bytes memory signature = _sign(attestorKey, cp);
        vm.expectRevert(abi.encodeWithSelector(ISupplyChainTracker.InvalidSequence.selector, itemId, 1, sequence));
        tracker.recordCheckpoint(cp, signature);
    }

    function _recover(bytes32 digest, bytes memory signature) private pure returns (address) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        return ecrecover(digest, v, r, s);
    }
}
