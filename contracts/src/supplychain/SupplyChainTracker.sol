// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Guarded} from "../access/Guarded.sol";
import {ISupplyChainTracker} from "../interfaces/ISupplyChainTracker.sol";
import {SupplyChainCheckpoints} from "../libraries/SupplyChainCheckpoints.sol";
import {SupplyChainStatus} from "../libraries/SupplyChainStatus.sol";

/// @title SupplyChainTracker
/// @notice Custody, lifecycle and signed sensor checkpoints of physical items. See `ISupplyChainTracker`.
contract SupplyChainTracker is Guarded, EIP712, ISupplyChainTracker {
    using SupplyChainStatus for Status;

    /// @inheritdoc ISupplyChainTracker
    bytes32 public constant ATTESTOR_ROLE = keccak256("ATTESTOR_ROLE");
    /// @inheritdoc ISupplyChainTracker
    bytes32 public constant INSPECTOR_ROLE = keccak256("INSPECTOR_ROLE");
    /// @inheritdoc ISupplyChainTracker
    uint256 public constant MAX_SENSORS = 8;
    /// @inheritdoc ISupplyChainTracker
    uint256 public constant MAX_READINGS = 16;

    uint256 private _itemCount;
    mapping(uint256 itemId => Item) private _items;
    mapping(uint256 itemId => SensorRange[]) private _ranges;
    /// @dev Position + 1 of each declared sensor in `_ranges[itemId]`; 0 means undeclared.
    mapping(uint256 itemId => mapping(bytes32 sensor => uint256)) private _rangePositions;
    mapping(uint256 itemId => address) private _pendingCustodians;

    /// @param admin Initial `DEFAULT_ADMIN_ROLE` holder (the deployer, who hands over to the Timelock).
    /// @param guardian Initial `GUARDIAN_ROLE` holder.
    constructor(address admin, address guardian)
        Guarded(admin, guardian)
        EIP712("Fluxion SupplyChainTracker", "1")
    {}

    /// @inheritdoc ISupplyChainTracker
    function registerItem(bytes32 metadataHash, string calldata uri, SensorRange[] calldata ranges)
        external
        whenNotPaused
        returns (uint256 itemId)
    {
        uint256 count = ranges.length;
        if (count > MAX_SENSORS) revert TooManySensorRanges(count, MAX_SENSORS);
        itemId = ++_itemCount;
        for (uint256 i = 0; i < count; ++i) {
            SensorRange calldata range = ranges[i];
            if (range.min > range.max) revert InvalidSensorRange(range.sensor, range.min, range.max);
            if (_rangePositions[itemId][range.sensor] != 0) revert DuplicateSensor(range.sensor);
            _rangePositions[itemId][range.sensor] = i + 1;
            _ranges[itemId].push(range);
        }
        uint48 now_ = uint48(block.timestamp);
        _items[itemId] = Item({
            creator: msg.sender,
            registeredAt: now_,
            status: Status.Registered,
            flagged: false,
            custodian: msg.sender,
            lastCheckpointAt: now_,
            checkpointCount: 0,
            metadataHash: metadataHash
        });
        emit ItemRegistered(itemId, msg.sender, metadataHash, uri, ranges);
    }

    /// @inheritdoc ISupplyChainTracker
    function offerCustody(uint256 itemId, address to) external whenNotPaused {
        Item storage item = _custodianItem(itemId);
        if (item.status.isTerminal()) revert ItemClosed(itemId, item.status);
        if (to == address(0) || to == item.custodian) revert InvalidCustodian(itemId, to);
        _pendingCustodians[itemId] = to;
        emit CustodyOffered(itemId, item.custodian, to);
    }

    /// @inheritdoc ISupplyChainTracker
    function acceptCustody(uint256 itemId) external whenNotPaused {
        Item storage item = _existingItem(itemId);
        // No closed check needed: closing an item cancels its pending offer, so none can be accepted.
        if (_pendingCustodians[itemId] != msg.sender) revert NotPendingCustodian(itemId, msg.sender);
        address from = item.custodian;
        item.custodian = msg.sender;
        delete _pendingCustodians[itemId];
        emit CustodyTransferred(itemId, from, msg.sender);
    }

    /// @inheritdoc ISupplyChainTracker
    function cancelCustodyOffer(uint256 itemId) external {
        Item storage item = _custodianItem(itemId);
        address pending = _pendingCustodians[itemId];
        if (pending == address(0)) revert NoPendingCustodyOffer(itemId);
        delete _pendingCustodians[itemId];
        emit CustodyOfferCancelled(itemId, item.custodian, pending);
    }

    /// @inheritdoc ISupplyChainTracker
    function updateStatus(uint256 itemId, Status newStatus) external whenNotPaused {
        Item storage item = _custodianItem(itemId);
        Status from = item.status;
        if (!from.canTransition(newStatus)) revert InvalidStatusTransition(from, newStatus);
        if (newStatus == Status.Delivered && item.flagged) revert ItemFlaggedForInspection(itemId);
        item.status = newStatus;
        emit StatusChanged(itemId, from, newStatus, msg.sender);

        if (newStatus.isTerminal()) {
            address pending = _pendingCustodians[itemId];
            if (pending != address(0)) {
                delete _pendingCustodians[itemId];
                emit CustodyOfferCancelled(itemId, msg.sender, pending);
            }
        }
    }

    /// @inheritdoc ISupplyChainTracker
    function recordCheckpoint(Checkpoint calldata cp, bytes calldata signature) external whenNotPaused {
        uint256 itemId = cp.itemId;
        Item storage item = _existingItem(itemId);
        if (item.status.isTerminal()) revert ItemClosed(itemId, item.status);
        if (cp.readings.length > MAX_READINGS) revert TooManyReadings(cp.readings.length, MAX_READINGS);
        uint48 expected = item.checkpointCount;
        if (cp.sequence != expected) revert InvalidSequence(itemId, expected, cp.sequence);
        if (cp.timestamp > block.timestamp) revert CheckpointInFuture(cp.timestamp, block.timestamp);
        if (cp.timestamp < item.lastCheckpointAt) revert CheckpointBeforePrevious(cp.timestamp, item.lastCheckpointAt);

        address attestor = _recoverAttestor(cp, signature);
        item.checkpointCount = expected + 1;
        // Fits: bounded by block.timestamp just above.
        item.lastCheckpointAt = uint48(cp.timestamp);
        emit CheckpointRecorded(itemId, cp.sequence, attestor, cp.timestamp, cp.location, cp.readings);

        if (_hasOutOfRangeReading(itemId, cp.sequence, cp.readings) && !item.flagged) item.flagged = true;
    }

    /// @inheritdoc ISupplyChainTracker
    function clearFlag(uint256 itemId, string calldata reason) external whenNotPaused onlyRole(INSPECTOR_ROLE) {
        Item storage item = _existingItem(itemId);
        if (!item.flagged) revert ItemNotFlagged(itemId);
        if (bytes(reason).length == 0) revert EmptyReason();
        item.flagged = false;
        emit FlagCleared(itemId, msg.sender, reason);
    }

    /// @inheritdoc ISupplyChainTracker
    function itemOf(uint256 itemId) external view returns (Item memory) {
        return _existingItem(itemId);
    }

    /// @inheritdoc ISupplyChainTracker
    function rangesOf(uint256 itemId) external view returns (SensorRange[] memory) {
        _existingItem(itemId);
        return _ranges[itemId];
    }

    /// @inheritdoc ISupplyChainTracker
    function checkpointCount(uint256 itemId) external view returns (uint256) {
        return _existingItem(itemId).checkpointCount;
    }

    /// @inheritdoc ISupplyChainTracker
    function pendingCustodianOf(uint256 itemId) external view returns (address) {
        _existingItem(itemId);
        return _pendingCustodians[itemId];
    }

    /// @inheritdoc ISupplyChainTracker
    function itemCount() external view returns (uint256) {
        return _itemCount;
    }

    /// @inheritdoc ISupplyChainTracker
    function checkpointDigest(Checkpoint calldata cp) public view returns (bytes32) {
        return _hashTypedDataV4(SupplyChainCheckpoints.hash(cp));
    }

    /// @dev Emits `ItemFlagged` for every reading of a declared sensor outside its range; returns whether any was.
    function _hasOutOfRangeReading(uint256 itemId, uint64 sequence, SensorReading[] calldata readings)
        private
        returns (bool outOfRange)
    {
        mapping(bytes32 => uint256) storage positions = _rangePositions[itemId];
        SensorRange[] storage ranges = _ranges[itemId];
        uint256 count = readings.length;
        for (uint256 i = 0; i < count; ++i) {
            SensorReading calldata reading = readings[i];
            uint256 position = positions[reading.sensor];
            if (position == 0) continue; // undeclared sensor: recorded in the event, never flags
            SensorRange storage range = ranges[position - 1];
            (int256 min, int256 max) = (range.min, range.max);
            if (reading.value < min || reading.value > max) {
                outOfRange = true;
                emit ItemFlagged(itemId, sequence, reading.sensor, reading.value, min, max);
            }
        }
    }

    function _recoverAttestor(Checkpoint calldata cp, bytes calldata signature) private view returns (address signer) {
        ECDSA.RecoverError err;
        (signer, err,) = ECDSA.tryRecoverCalldata(checkpointDigest(cp), signature);
        if (err != ECDSA.RecoverError.NoError) revert InvalidSignature();
        if (!hasRole(ATTESTOR_ROLE, signer)) revert UnauthorizedAttestor(signer);
    }

    function _custodianItem(uint256 itemId) private view returns (Item storage item) {
        item = _existingItem(itemId);
        if (item.custodian != msg.sender) revert NotCustodian(itemId, msg.sender);
    }

    function _existingItem(uint256 itemId) private view returns (Item storage) {
        if (itemId == 0 || itemId > _itemCount) revert UnknownItem(itemId);
        return _items[itemId];
    }
}
