// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISupplyChainTracker} from "../interfaces/ISupplyChainTracker.sol";

/// @title SupplyChainCheckpoints
/// @notice EIP-712 struct hashing of supply-chain checkpoints.
/// @dev Typed data, as an attestor signs it (domain: name "Fluxion SupplyChainTracker", version "1", chainId,
///      verifyingContract = the tracker):
///        Checkpoint(uint256 itemId,uint64 sequence,uint64 timestamp,bytes32 location,SensorReading[] readings)
///        SensorReading(bytes32 sensor,int256 value)
library SupplyChainCheckpoints {
    /// @notice EIP-712 type hash of `SensorReading`.
    bytes32 internal constant SENSOR_READING_TYPEHASH = keccak256("SensorReading(bytes32 sensor,int256 value)");

    /// @notice EIP-712 type hash of `Checkpoint` (referenced types appended, as EIP-712 requires).
    bytes32 internal constant CHECKPOINT_TYPEHASH = keccak256(
        "Checkpoint(uint256 itemId,uint64 sequence,uint64 timestamp,bytes32 location,SensorReading[] readings)"
        "SensorReading(bytes32 sensor,int256 value)"
    );

    /// @notice EIP-712 `hashStruct` of `cp`.
    function hash(ISupplyChainTracker.Checkpoint calldata cp) internal pure returns (bytes32) {
        uint256 count = cp.readings.length;
        bytes32[] memory readingHashes = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            ISupplyChainTracker.SensorReading calldata reading = cp.readings[i];
            readingHashes[i] = keccak256(abi.encode(SENSOR_READING_TYPEHASH, reading.sensor, reading.value));
        }
        return keccak256(
            abi.encode(
                CHECKPOINT_TYPEHASH,
                cp.itemId,
                cp.sequence,
                cp.timestamp,
                cp.location,
                keccak256(abi.encodePacked(readingHashes))
            )
        );
    }
}
