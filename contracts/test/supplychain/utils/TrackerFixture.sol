// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ISupplyChainTracker} from "../../../src/interfaces/ISupplyChainTracker.sol";
import {SupplyChainTracker} from "../../../src/supplychain/SupplyChainTracker.sol";

/// @notice Deploys the tracker with an attestor and an inspector, and helpers to build and sign checkpoints.
abstract contract TrackerFixture is Test {
    bytes32 internal constant TEMPERATURE = keccak256("temperature.c_x100");
    bytes32 internal constant HUMIDITY = keccak256("humidity.pct_x100");
    bytes32 internal constant SHOCK = keccak256("shock.g_x100");
    bytes32 internal constant GEOHASH = bytes32("u33dc0");
    bytes32 internal constant METADATA = keccak256("vaccine lot 42");
    uint256 internal constant START = 1_700_000_000;

    SupplyChainTracker internal tracker;

    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal inspector = makeAddr("inspector");
    address internal shipper = makeAddr("shipper");
    address internal carrier = makeAddr("carrier");
    address internal warehouse = makeAddr("warehouse");
    address internal attestor;
    uint256 internal attestorKey;
    address internal stranger;
    uint256 internal strangerKey;

    function setUp() public virtual {
        vm.warp(START);
        (attestor, attestorKey) = makeAddrAndKey("attestor");
        (stranger, strangerKey) = makeAddrAndKey("stranger");
        tracker = new SupplyChainTracker(admin, guardian);
        vm.startPrank(admin);
        tracker.grantRole(tracker.ATTESTOR_ROLE(), attestor);
        tracker.grantRole(tracker.INSPECTOR_ROLE(), inspector);
        vm.stopPrank();
    }

    /// @dev Cold chain: 2.00..8.00 °C and 0..60 % humidity.
    function _coldChainRanges() internal pure returns (ISupplyChainTracker.SensorRange[] memory ranges) {
        ranges = new ISupplyChainTracker.SensorRange[](2);
        ranges[0] = ISupplyChainTracker.SensorRange({sensor: TEMPERATURE, min: 200, max: 800});
        ranges[1] = ISupplyChainTracker.SensorRange({sensor: HUMIDITY, min: 0, max: 6_000});
    }

    function _register() internal returns (uint256 itemId) {
        vm.prank(shipper);
        itemId = tracker.registerItem(METADATA, "ipfs://lot42", _coldChainRanges());
    }

    function _offerAndAccept(uint256 itemId, address from, address to) internal {
        vm.prank(from);
        tracker.offerCustody(itemId, to);
        vm.prank(to);
        tracker.acceptCustody(itemId);
    }

    function _setStatus(uint256 itemId, ISupplyChainTracker.Status status) internal {
        address custodian = tracker.itemOf(itemId).custodian;
        vm.prank(custodian);
        tracker.updateStatus(itemId, status);
    }

    function _pause() internal {
        vm.prank(guardian);
        tracker.pause();
    }

    function _reading(bytes32 sensor, int256 value)
        internal
        pure
        returns (ISupplyChainTracker.SensorReading[] memory readings)
    {
        readings = new ISupplyChainTracker.SensorReading[](1);
        readings[0] = ISupplyChainTracker.SensorReading({sensor: sensor, value: value});
    }

    function _checkpoint(uint256 itemId, uint64 sequence, ISupplyChainTracker.SensorReading[] memory readings)
        internal
        view
        returns (ISupplyChainTracker.Checkpoint memory)
    {
        return ISupplyChainTracker.Checkpoint({
            itemId: itemId,
            sequence: sequence,
            timestamp: uint64(block.timestamp),
            location: GEOHASH,
            readings: readings
        });
    }

    function _sign(uint256 key, ISupplyChainTracker.Checkpoint memory cp) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, tracker.checkpointDigest(cp));
        return abi.encodePacked(r, s, v);
    }

    /// @dev Signs with the attestor and relays from `relayer`.
    function _record(ISupplyChainTracker.Checkpoint memory cp) internal {
        bytes memory signature = _sign(attestorKey, cp);
        vm.prank(makeAddr("relayer"));
        tracker.recordCheckpoint(cp, signature);
    }
}
