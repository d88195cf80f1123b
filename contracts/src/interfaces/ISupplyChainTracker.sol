// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISupplyChainTracker
/// @notice Custody, status and sensor history of physical items: two-step custody transfers, an explicit status
///         lifecycle, and EIP-712 checkpoints signed by attestors (oracles / IoT gateways) and relayed by anyone.
///         A sensor reading outside the item's declared range flags the item; a flagged item cannot be delivered
///         until an inspector clears the flag.
/// @dev The full history of an item can be rebuilt from events alone: `ItemRegistered` (with its ranges and the
///      first custodian), `CustodyOffered` (a new offer replaces any pending one), `CustodyOfferCancelled`,
///      `CustodyTransferred`, `StatusChanged`, `CheckpointRecorded` (with every reading), `ItemFlagged` (one per
///      out-of-range reading) and `FlagCleared`. Storage only keeps what the rules need; the `uri` lives in events.
///      Lifecycle: Registered -> InTransit | Stored | Recalled; InTransit -> Stored | Delivered | Recalled;
///      Stored -> InTransit | Delivered | Recalled; Delivered and Recalled are terminal ("closed"): a closed item
///      accepts no status change, custody offer, custody acceptance or checkpoint, and closing it cancels any
///      pending custody offer.
///      Roles: `DEFAULT_ADMIN_ROLE` (the Timelock) grants `ATTESTOR_ROLE` and `INSPECTOR_ROLE` and unpauses;
///      `GUARDIAN_ROLE` pauses. While paused, every state change stops except `cancelCustodyOffer`, which only
///      withdraws an offer and so can only reduce risk (e.g. after a compromised counterparty key).
interface ISupplyChainTracker {
    /// @notice Status of an item; see the lifecycle in the contract docs.
    enum Status {
        Registered,
        InTransit,
        Stored,
        Delivered,
        Recalled
    }

    /// @notice Accepted interval of one sensor's readings, both bounds inclusive.
    /// @param sensor Sensor id, e.g. keccak256("temperature.c_x100").
    struct SensorRange {
        bytes32 sensor;
        int256 min;
        int256 max;
    }

    /// @notice One sensor reading inside a checkpoint.
    struct SensorReading {
        bytes32 sensor;
        int256 value;
    }

    /// @notice A signed observation of an item (EIP-712 type `Checkpoint`).
    /// @param itemId The observed item.
    /// @param sequence Position in the item's checkpoint history; must equal `checkpointCount(itemId)`.
    /// @param timestamp When the observation was made; not in the future, not before the previous checkpoint
    ///        (or the registration, for the first one).
    /// @param location Geohash of the observation, ASCII, left-aligned and zero-padded.
    /// @param readings Sensor readings, at most `MAX_READINGS`.
    struct Checkpoint {
        uint256 itemId;
        uint64 sequence;
        uint64 timestamp;
        bytes32 location;
        SensorReading[] readings;
    }

    /// @notice On-chain state of an item.
    /// @param creator Account that registered the item.
    /// @param registeredAt Registration timestamp.
    /// @param status Current status.
    /// @param flagged Whether a reading went out of range and no inspector has cleared it yet.
    /// @param custodian Current custodian (the only account that can offer custody or change the status).
    /// @param lastCheckpointAt Timestamp of the latest checkpoint (registration time before the first one).
    /// @param checkpointCount Number of recorded checkpoints, i.e. the next expected sequence.
    /// @param metadataHash Commitment to the item's off-chain metadata (the document at `uri`).
    struct Item {
        address creator;
        uint48 registeredAt;
        Status status;
        bool flagged;
        address custodian;
        uint48 lastCheckpointAt;
        uint48 checkpointCount;
        bytes32 metadataHash;
    }

    /// @notice Emitted when `creator` registers an item and becomes its first custodian.
    event ItemRegistered(
        uint256 indexed itemId, address indexed creator, bytes32 metadataHash, string uri, SensorRange[] ranges
    );

    /// @notice Emitted when the custodian offers custody to `to` (replacing any pending offer).
    event CustodyOffered(uint256 indexed itemId, address indexed custodian, address indexed to);

    /// @notice Emitted when a pending offer to `to` is withdrawn (by the custodian, or because the item closed).
    event CustodyOfferCancelled(uint256 indexed itemId, address indexed custodian, address indexed to);

    /// @notice Emitted when `to` accepts custody offered by `from`.
    event CustodyTransferred(uint256 indexed itemId, address indexed from, address indexed to);

    /// @notice Emitted when the custodian `by` moves the item from status `from` to status `to`.
    event StatusChanged(uint256 indexed itemId, Status from, Status to, address indexed by);

    /// @notice Emitted for every recorded checkpoint, with every reading.
    event CheckpointRecorded(
        uint256 indexed itemId,
        uint64 indexed sequence,
        address indexed attestor,
        uint64 timestamp,
        bytes32 location,
        SensorReading[] readings
    );

    /// @notice Emitted for every reading of checkpoint `sequence` outside its sensor's declared range.
    event ItemFlagged(
        uint256 indexed itemId, uint64 indexed sequence, bytes32 indexed sensor, int256 value, int256 min, int256 max
    );

    /// @notice Emitted when `inspector` clears an item's flag.
    event FlagCleared(uint256 indexed itemId, address indexed inspector, string reason);

    /// @notice Thrown when an item id was never registered.
    error UnknownItem(uint256 itemId);

    /// @notice Thrown when registering more than `MAX_SENSORS` ranges.
    error TooManySensorRanges(uint256 count, uint256 max);

    /// @notice Thrown when a range's minimum exceeds its maximum.
    error InvalidSensorRange(bytes32 sensor, int256 min, int256 max);

    /// @notice Thrown when the same sensor is declared twice.
    error DuplicateSensor(bytes32 sensor);

    /// @notice Thrown when `caller` is not the custodian of `itemId`.
    error NotCustodian(uint256 itemId, address caller);

    /// @notice Thrown when offering custody to the zero address or to the current custodian.
    error InvalidCustodian(uint256 itemId, address to);

    /// @notice Thrown when cancelling while no custody offer is pending.
    error NoPendingCustodyOffer(uint256 itemId);

    /// @notice Thrown when `caller` accepts custody it was not offered.
    error NotPendingCustodian(uint256 itemId, address caller);

    /// @notice Thrown when acting on a Delivered or Recalled item.
    error ItemClosed(uint256 itemId, Status status);

    /// @notice Thrown when the lifecycle does not allow moving from `from` to `to`.
    error InvalidStatusTransition(Status from, Status to);

    /// @notice Thrown when marking a flagged item Delivered.
    error ItemFlaggedForInspection(uint256 itemId);

    /// @notice Thrown when clearing the flag of an item that is not flagged.
    error ItemNotFlagged(uint256 itemId);

    /// @notice Thrown when clearing a flag without a reason.
    error EmptyReason();

    /// @notice Thrown when a checkpoint carries more than `MAX_READINGS` readings.
    error TooManyReadings(uint256 count, uint256 max);

    /// @notice Thrown when a checkpoint's sequence is not the item's next one (replayed or out of order).
    error InvalidSequence(uint256 itemId, uint64 expected, uint64 provided);

    /// @notice Thrown when a checkpoint's timestamp is after the current block's.
    error CheckpointInFuture(uint64 timestamp, uint256 blockTimestamp);

    /// @notice Thrown when a checkpoint's timestamp is before the previous checkpoint's (or the registration).
    error CheckpointBeforePrevious(uint64 timestamp, uint48 previous);

    /// @notice Thrown when a checkpoint signature is malformed or does not recover to an address.
    error InvalidSignature();

    /// @notice Thrown when a checkpoint's signer does not hold `ATTESTOR_ROLE`.
    error UnauthorizedAttestor(address signer);

    /// @notice Role whose signatures make checkpoints valid.
    function ATTESTOR_ROLE() external view returns (bytes32);

    /// @notice Role allowed to clear flags.
    function INSPECTOR_ROLE() external view returns (bytes32);

    /// @notice Maximum number of sensor ranges per item.
    function MAX_SENSORS() external view returns (uint256);

    /// @notice Maximum number of readings per checkpoint.
    function MAX_READINGS() external view returns (uint256);

    /// @notice Registers an item; the caller becomes its creator and first custodian, in status Registered.
    /// @param metadataHash Commitment to the off-chain metadata.
    /// @param uri Where the metadata lives (emitted, not stored).
    /// @param ranges Accepted range per monitored sensor: at most `MAX_SENSORS`, min <= max, no duplicates.
    /// @return itemId The new item's id (ids start at 1).
    function registerItem(bytes32 metadataHash, string calldata uri, SensorRange[] calldata ranges)
        external
        returns (uint256 itemId);

    /// @notice Offers custody of `itemId` to `to`, who must accept it; replaces any pending offer.
    /// @dev Only the current custodian, while the item is open.
    function offerCustody(uint256 itemId, address to) external;

    /// @notice Accepts a pending custody offer; the caller becomes the custodian.
    /// @dev Only the offered account, while the item is open.
    function acceptCustody(uint256 itemId) external;

    /// @notice Withdraws the pending custody offer.
    /// @dev Only the current custodian. Works while paused.
    function cancelCustodyOffer(uint256 itemId) external;

    /// @notice Moves `itemId` to `newStatus` if the lifecycle allows it.
    /// @dev Only the current custodian. A flagged item cannot become Delivered.
    function updateStatus(uint256 itemId, Status newStatus) external;

    /// @notice Records a checkpoint signed by an attestor; anyone may relay it.
    /// @dev Flags the item for each reading of a declared sensor outside its range; readings of undeclared
    ///      sensors are recorded but never flag. Reverts on a bad signature, non-attestor signer, wrong sequence,
    ///      future or backwards timestamp, too many readings, or a closed item.
    /// @param signature 65-byte ECDSA signature (r, s, v) over `checkpointDigest(cp)`, low-s only.
    function recordCheckpoint(Checkpoint calldata cp, bytes calldata signature) external;

    /// @notice Clears the flag of `itemId`, stating why.
    /// @dev Only `INSPECTOR_ROLE`.
    function clearFlag(uint256 itemId, string calldata reason) external;

    /// @notice The on-chain state of `itemId`.
    function itemOf(uint256 itemId) external view returns (Item memory);

    /// @notice The sensor ranges declared at registration, in declaration order.
    function rangesOf(uint256 itemId) external view returns (SensorRange[] memory);

    /// @notice Number of checkpoints recorded for `itemId` (also the next expected sequence).
    function checkpointCount(uint256 itemId) external view returns (uint256);

    /// @notice The account offered custody of `itemId`, or address(0) when no offer is pending.
    function pendingCustodianOf(uint256 itemId) external view returns (address);

    /// @notice Number of registered items (the id of the latest one).
    function itemCount() external view returns (uint256);

    /// @notice EIP-712 digest an attestor signs for `cp`.
    function checkpointDigest(Checkpoint calldata cp) external view returns (bytes32);
}
