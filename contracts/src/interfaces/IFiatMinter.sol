// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IFiatMinter
/// @notice Mints Fluxion synths against fiat payments a payment provider has confirmed: the provider's webhook
///         (PAYMENT_RECEIVED: payer, amount, currency, reference) makes the API's reactor key, a `MINTER_ROLE`
///         holder, `mint` the matching synth to the payer, keyed by an id derived from the provider's reference.
/// @dev Every payment id mints once, ever: its receipt is never deleted, so a replayed webhook, a retried
///      transaction or a second reactor reverts with `PaymentAlreadyProcessed` whatever it asks for, paused or
///      not, whatever the limits have become since.
///      Governance (the Timelock, `DEFAULT_ADMIN_ROLE`) sets each synth's limits: the largest single payment and
///      the largest total per UTC day (`block.timestamp / 1 days`). A synth with either limit at zero cannot be
///      minted, so limits are also the allow list. Amounts are the synth's base units (18 decimals).
///      The minter needs `MINTER_ROLE` on each synth it mints (granted by the synth's admin, the Timelock).
///      Pause: the guardian stops every mint; only governance resumes them.
interface IFiatMinter {
    /// @notice Mint limits of one synth, in its base units. Both zero (the default): the synth is not allowed.
    /// @param perPayment Largest amount one payment may mint.
    /// @param perDay Largest total minted per UTC day.
    struct Limits {
        uint256 perPayment;
        uint256 perDay;
    }

    /// @notice What one payment minted (three slots). All zero for an id never minted.
    /// @param synth The synth minted.
    /// @param mintedAt Timestamp of the block that minted it.
    /// @param to Who received it (the payer's account).
    /// @param amount How much was minted.
    struct Receipt {
        address synth;
        uint64 mintedAt;
        address to;
        uint256 amount;
    }

    /// @notice Emitted once per payment: `amount` of `synth` minted to `to` on UTC `day` (`timestamp / 1 days`).
    event FiatMinted(
        bytes32 indexed paymentId, address indexed synth, address indexed to, uint256 amount, uint256 day
    );
    /// @notice Emitted when governance sets a synth's limits (zero disallows it).
    event LimitsSet(address indexed synth, uint256 perPayment, uint256 perDay);

    /// @notice Thrown when a recipient, a synth whose limits are set, or a constructor argument is the zero address.
    error ZeroAddress();
    /// @notice Thrown when minting a zero amount.
    error ZeroAmount();
    /// @notice Thrown when the payment id is `bytes32(0)` (an unset reference, never a real one).
    error PaymentIdZero();
    /// @notice Thrown when a payment id has already minted (once, ever).
    error PaymentAlreadyProcessed(bytes32 paymentId);
    /// @notice Thrown when minting a synth whose `perPayment` or `perDay` limit is zero.
    error SynthNotAllowed(address synth);
    /// @notice Thrown when one payment's amount is above the synth's `perPayment` limit.
    error PaymentCapExceeded(uint256 amount, uint256 cap);
    /// @notice Thrown when a mint would take the synth's total for the current UTC day above its `perDay` limit;
    ///         `used` is what the day had already minted.
    error DailyCapExceeded(address synth, uint256 used, uint256 amount, uint256 cap);

    /// @notice Mints `amount` of `synth` to `to` for the payment `paymentId`, once ever per id.
    /// @dev Only `MINTER_ROLE`; not while paused. Checks, in this order: a non-zero id, an id never minted, a
    ///      non-zero recipient and amount, an allowed synth, `amount <= perPayment`, and the day's total plus
    ///      `amount <= perDay`. Records the receipt and the day's total before calling the synth.
    function mint(bytes32 paymentId, address synth, address to, uint256 amount) external;

    /// @notice Sets `synth`'s limits; a zero in either disallows it. Totals already minted today stay counted.
    /// @dev Only `DEFAULT_ADMIN_ROLE`. `perPayment` above `perDay` is allowed and means `perDay`.
    function setLimits(address synth, uint256 perPayment, uint256 perDay) external;

    /// @notice Role allowed to mint (the API's reactor key).
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice The limits of `synth` (zero for a synth never configured).
    function limits(address synth) external view returns (Limits memory);

    /// @notice Total of `synth` minted on UTC `day` (`timestamp / 1 days`).
    function dailyMinted(address synth, uint256 day) external view returns (uint256);

    /// @notice What `paymentId` minted (all zero if it never did).
    function receiptOf(bytes32 paymentId) external view returns (Receipt memory);

    /// @notice Whether `paymentId` has minted (and so never can again).
    function isProcessed(bytes32 paymentId) external view returns (bool);

    /// @notice The current UTC day, `block.timestamp / 1 days`, as `dailyMinted` and `FiatMinted` count it.
    function today() external view returns (uint256);
}
