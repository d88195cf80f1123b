// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPriceOracle} from "./IPriceOracle.sol";
import {ISyntheticAssetFactory} from "./ISyntheticAssetFactory.sol";

/// @title ILightningGateway
/// @notice Hash-locked swaps between Lightning sats and Fluxion synths, keyed by the Lightning payment hash
///         (`sha256(preimage)`), after Boltz's EtherSwap/ERC20Swap: the preimage that settles the Lightning
///         payment is the one that settles the on-chain side, so neither side can complete without the other.
///         - Lightning -> chain (mint): the user pays a keeper's hold invoice; once it is ACCEPTED the keeper
///           `lockMint`s the quoted synth amount; revealing the preimage (`claimMint`, callable by anyone, so the
///           keeper can relay it gaslessly) mints it and lets the keeper settle the invoice. Unclaimed, the swap
///           is `refundMint`ed after its timelock and the keeper cancels the invoice.
///         - Chain -> Lightning (burn): the user locks synths for their own invoice (`lockBurn`); the keeper pays
///           it, learns the preimage and `claimBurn`s (burns) the synths. Unpaid, the user takes them back with
///           `refundBurn` after the timelock.
/// @dev Every payment hash is usable once, ever, in either direction: its record is never deleted.
///      Timelock boundary (exclusive, like Boltz): a swap is claimable while `block.timestamp < timelock` and
///      refundable once `block.timestamp >= timelock`; at no instant are both possible.
///      Pause: the guardian stops new locks only. Claims and refunds of existing swaps keep working so that
///      nothing locked (a user's HTLC, a user's synths) is ever stranded by a pause.
///      Prices are the oracle's checked prices (a tripped circuit breaker on the BTC asset or the synth blocks
///      every lock); sats are valued at `btcAsset`'s price with 1 BTC = 1e8 sats. Fees, the tolerance and every
///      ratio are 18-decimal fixed point (1e18 = 100%), and are fixed per swap at lock time.
///      Synths must be on the gateway's allow list, which governance manages (only synths the factory created
///      can be added); the gateway also needs `MINTER_ROLE` on each of them.
interface ILightningGateway {
    /// @notice Which way a swap moves value.
    enum Direction {
        Mint,
        Burn
    }

    /// @notice Life cycle of a payment hash. `Claimed` and `Refunded` are final.
    enum Status {
        None,
        Locked,
        Claimed,
        Refunded
    }

    /// @notice One swap, as stored (three slots).
    /// @param account Mint: the recipient of the synths. Burn: the locker, to whom a refund returns them.
    /// @param status Life-cycle state.
    /// @param direction Mint or burn.
    /// @param timelock Unix time from which the swap can only be refunded.
    /// @param synth The synth minted or burned.
    /// @param sats Lightning amount of the swap's invoice.
    /// @param day UTC day of the lock (`block.timestamp / 1 days`), whose daily usage a refund releases.
    /// @param amount Synth amount (18 decimals), fee included: minted in total, or locked by the user.
    /// @param fee Part of `amount` that goes to the treasury on claim.
    struct Swap {
        address account;
        Status status;
        Direction direction;
        uint64 timelock;
        address synth;
        uint64 sats;
        uint32 day;
        uint128 amount;
        uint128 fee;
    }

    /// @notice Per-direction sats limits.
    /// @param minSats Smallest swap.
    /// @param maxSats Largest swap.
    /// @param dailySats Largest total locked per UTC day (refunded swaps release their share).
    struct Limits {
        uint64 minSats;
        uint64 maxSats;
        uint64 dailySats;
    }

    /// @notice The gateway's parameters other than limits, allow list and treasury (two slots).
    /// @param btcAsset Oracle asset whose price is USD per BTC (e.g. the sBTC synth, priced by the BTC/USD feed).
    /// @param maxQuoteAge Oldest quote, in seconds, `lockMint` accepts (`block.timestamp - quotedAt`).
    /// @param minTimelock Shortest lock duration, in seconds from the lock.
    /// @param maxTimelock Longest lock duration, in seconds from the lock.
    /// @param mintFee Fee on minted amounts, 1e18 = 100%, minted to the treasury.
    /// @param burnFee Fee on burned amounts, 1e18 = 100%, sent to the treasury.
    /// @param priceTolerance How far, 1e18 = 100%, a quoted amount may stray from the oracle value of its sats
    ///        in the protocol's disfavour (above it for mints, below it for burns).
    struct Settings {
        address btcAsset;
        uint32 maxQuoteAge;
        uint32 minTimelock;
        uint32 maxTimelock;
        uint64 mintFee;
        uint64 burnFee;
        uint64 priceTolerance;
    }

    /// @notice Emitted when a keeper locks a mint of `amount` (`fee` included) `synth` to `recipient` for the
    ///         hold invoice `paymentHash` of `sats`.
    event MintLocked(
        bytes32 indexed paymentHash,
        address indexed recipient,
        address indexed synth,
        uint64 sats,
        uint256 amount,
        uint256 fee,
        uint64 timelock
    );
    /// @notice Emitted when a mint is claimed: `amount - fee` minted to `recipient`, `fee` to the treasury.
    ///         Carries the preimage the keeper settles the hold invoice with.
    event MintClaimed(
        bytes32 indexed paymentHash, bytes32 preimage, address indexed recipient, uint256 amount, uint256 fee
    );
    /// @notice Emitted when an expired mint is refunded (nothing is minted; the keeper cancels the invoice).
    event MintRefunded(bytes32 indexed paymentHash, address indexed recipient, uint256 amount);
    /// @notice Emitted when `locker` locks `amount` (`fee` included) `synth` to have the invoice `paymentHash` of
    ///         `sats` paid.
    event BurnLocked(
        bytes32 indexed paymentHash,
        address indexed locker,
        address indexed synth,
        uint64 sats,
        uint256 amount,
        uint256 fee,
        uint64 timelock
    );
    /// @notice Emitted when a keeper claims a paid burn: `amount - fee` burned, `fee` sent to the treasury.
    event BurnClaimed(
        bytes32 indexed paymentHash, bytes32 preimage, address indexed locker, uint256 amount, uint256 fee
    );
    /// @notice Emitted when an expired burn is refunded: `amount` returned to `locker`.
    event BurnRefunded(bytes32 indexed paymentHash, address indexed locker, uint256 amount);

    /// @notice Emitted when governance sets the BTC price asset.
    event BtcAssetSet(address indexed btcAsset);
    /// @notice Emitted when governance sets the fees.
    event FeesSet(uint64 mintFee, uint64 burnFee);
    /// @notice Emitted when governance sets the price tolerance.
    event PriceToleranceSet(uint64 priceTolerance);
    /// @notice Emitted when governance sets the maximum quote age.
    event MaxQuoteAgeSet(uint32 maxQuoteAge);
    /// @notice Emitted when governance sets the timelock bounds.
    event TimelockBoundsSet(uint32 minTimelock, uint32 maxTimelock);
    /// @notice Emitted when governance sets a direction's limits.
    event LimitsSet(Direction indexed direction, uint64 minSats, uint64 maxSats, uint64 dailySats);
    /// @notice Emitted when governance adds a synth to, or removes it from, the allow list.
    event SynthAllowed(address indexed synth, bool allowed);
    /// @notice Emitted when governance changes the fee recipient.
    event TreasuryChanged(address indexed previousTreasury, address indexed newTreasury);

    /// @notice Thrown when a required address (recipient, treasury, BTC asset, constructor argument) is zero.
    error ZeroAddress();
    /// @notice Thrown when locking a zero synth amount.
    error ZeroAmount();
    /// @notice Thrown when a payment hash already has a swap (in either direction, in any state).
    error PaymentHashUsed(bytes32 paymentHash, Status status);
    /// @notice Thrown when claiming or refunding a payment hash that is not locked.
    error SwapNotLocked(bytes32 paymentHash, Status status);
    /// @notice Thrown when claiming or refunding a swap through the other direction's function.
    error WrongDirection(bytes32 paymentHash, Direction direction);
    /// @notice Thrown when claiming a swap at or after its timelock.
    error SwapExpired(bytes32 paymentHash, uint64 timelock);
    /// @notice Thrown when refunding a swap before its timelock.
    error SwapNotExpired(bytes32 paymentHash, uint64 timelock);
    /// @notice Thrown when a lock's timelock is outside `[now + minTimelock, now + maxTimelock]`.
    error InvalidTimelock(uint64 timelock, uint256 earliest, uint256 latest);
    /// @notice Thrown when a swap's sats are outside the direction's `[minSats, maxSats]`.
    error SatsOutOfRange(uint64 sats, uint64 minSats, uint64 maxSats);
    /// @notice Thrown when a lock would take the direction's usage of `day` above its daily limit.
    error DailyLimitExceeded(Direction direction, uint256 day, uint256 usageAfter, uint64 dailySats);
    /// @notice Thrown when locking a synth that is not on the allow list.
    error SynthNotAllowed(address synth);
    /// @notice Thrown when minting a synth the factory has deactivated.
    error SynthNotActive(address synth);
    /// @notice Thrown when a mint quote is dated after the current block.
    error QuoteInFuture(uint64 quotedAt, uint256 timestamp);
    /// @notice Thrown when a mint quote is older than `maxQuoteAge`.
    error QuoteTooOld(uint64 quotedAt, uint256 age, uint32 maxQuoteAge);
    /// @notice Thrown when a mint amount exceeds the oracle value of its sats plus the tolerance.
    error AmountAboveQuote(uint256 amount, uint256 maxAmount);
    /// @notice Thrown when a burn's amount net of its fee is below the oracle value of its sats minus the tolerance.
    error AmountBelowQuote(uint256 netAmount, uint256 minNetAmount);
    /// @notice Thrown when setting a mint or burn fee above `MAX_FEE`.
    error FeeTooHigh(uint256 fee, uint256 maxFee);
    /// @notice Thrown when setting a price tolerance above `MAX_PRICE_TOLERANCE`.
    error PriceToleranceTooHigh(uint256 priceTolerance, uint256 maxPriceTolerance);
    /// @notice Thrown when setting a maximum quote age of zero or above `MAX_QUOTE_AGE`.
    error InvalidMaxQuoteAge(uint32 maxQuoteAge, uint32 upperBound);
    /// @notice Thrown when timelock bounds are not `0 < minTimelock <= maxTimelock <= MAX_TIMELOCK`.
    error InvalidTimelockBounds(uint32 minTimelock, uint32 maxTimelock);
    /// @notice Thrown when limits are not `0 < minSats <= maxSats <= dailySats`.
    error InvalidLimits(Direction direction, uint64 minSats, uint64 maxSats, uint64 dailySats);
    /// @notice Thrown when setting a BTC price asset the oracle has no feed for.
    error BtcFeedMissing(address btcAsset);
    /// @notice Thrown when allowing an address the synth factory did not create.
    error NotASynth(address synth);

    // ---------------------------------------------------------------- Lightning -> chain

    /// @notice Locks a mint of `amount` `synth` (fee included) to `recipient` against the ACCEPTED hold invoice
    ///         `paymentHash` of `sats`, quoted at `quotedAt`.
    /// @dev Only `KEEPER_ROLE`; not while paused. Requires: an unused hash, an allowed and active synth, a
    ///      non-zero recipient and amount, a timelock within bounds, sats within limits and the day's limit, a
    ///      quote at most `maxQuoteAge` old, and `amount <= value * (1 + priceTolerance)` where `value` is the
    ///      oracle value of `sats` in `synth` (rounded down) at checked prices (reverts with
    ///      `IPriceOracle.CircuitBroken` while either breaker is tripped). The fee is fixed here.
    function lockMint(
        bytes32 paymentHash,
        address recipient,
        address synth,
        uint64 sats,
        uint256 amount,
        uint64 quotedAt,
        uint64 timelock
    ) external;

    /// @notice Claims the mint locked under `sha256(preimage)`: mints `amount - fee` to its recipient and `fee` to
    ///         the treasury, and publishes the preimage.
    /// @dev Anyone may call (the keeper relays users' preimages); only while `block.timestamp < timelock`.
    ///      Works while paused.
    function claimMint(bytes32 preimage) external;

    /// @notice Marks an expired mint refunded; nothing is minted and the day's usage is released.
    /// @dev Anyone may call, once `block.timestamp >= timelock`: from then on the swap can never be claimed, so
    ///      recording it changes nothing but the usage. Works while paused.
    function refundMint(bytes32 paymentHash) external;

    // ---------------------------------------------------------------- chain -> Lightning

    /// @notice Locks `amount` of the caller's `synth` (fee included) to have the invoice `paymentHash` of `sats`
    ///         paid by a keeper. The caller must have approved the gateway.
    /// @dev Not while paused. Requires an unused hash, an allowed synth, a non-zero amount, a timelock within
    ///      bounds, sats within limits and the day's limit, and `amount - fee >= value * (1 - priceTolerance)`
    ///      where `value` is the oracle value of `sats` in `synth` (rounded up) at checked prices. The net amount
    ///      is checked, not the gross, so the fee is paid on top of the value the keeper pays out. The keeper
    ///      still checks the amount against its own quote before paying.
    function lockBurn(bytes32 paymentHash, address synth, uint256 amount, uint64 sats, uint64 timelock) external;

    /// @notice `lockBurn` with an EIP-2612 permit for the gateway, in one transaction.
    /// @dev A failing permit is ignored (someone may have front-run it with the same signature); the transfer
    ///      then succeeds only if the allowance is in place.
    function lockBurnWithPermit(
        bytes32 paymentHash,
        address synth,
        uint256 amount,
        uint64 sats,
        uint64 timelock,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Claims the burn locked under `sha256(preimage)` once its invoice is paid: burns `amount - fee`
    ///         and sends `fee` to the treasury, and publishes the preimage.
    /// @dev Only `KEEPER_ROLE`; only while `block.timestamp < timelock`. Works while paused.
    function claimBurn(bytes32 preimage) external;

    /// @notice Returns an expired burn's synths to its locker and releases the day's usage.
    /// @dev Anyone may call once `block.timestamp >= timelock`; the synths only ever go to the locker.
    ///      Works while paused.
    function refundBurn(bytes32 paymentHash) external;

    // ---------------------------------------------------------------- views

    /// @notice Role allowed to lock mints and claim burns.
    function KEEPER_ROLE() external view returns (bytes32);

    /// @notice Largest mint or burn fee, 1e18 = 100%.
    function MAX_FEE() external view returns (uint64);

    /// @notice Largest price tolerance, 1e18 = 100%.
    function MAX_PRICE_TOLERANCE() external view returns (uint64);

    /// @notice Largest `maxQuoteAge`, in seconds.
    function MAX_QUOTE_AGE() external view returns (uint32);

    /// @notice Largest `maxTimelock`, in seconds.
    function MAX_TIMELOCK() external view returns (uint32);

    /// @notice The price oracle.
    function oracle() external view returns (IPriceOracle);

    /// @notice The synth factory (the allow list only admits its synths).
    function factory() external view returns (ISyntheticAssetFactory);

    /// @notice Recipient of the fees.
    function treasury() external view returns (address);

    /// @notice Fees, tolerance, quote age, timelock bounds and the BTC price asset.
    function settings() external view returns (Settings memory);

    /// @notice The sats limits of `direction`.
    function limits(Direction direction) external view returns (Limits memory);

    /// @notice Whether `synth` may be swapped.
    function isSynthAllowed(address synth) external view returns (bool);

    /// @notice The swap of `paymentHash` (all zero for an unused hash).
    function swapOf(bytes32 paymentHash) external view returns (Swap memory);

    /// @notice Sats locked in `direction` on UTC `day` (`timestamp / 1 days`), less refunds.
    function dailyUsage(Direction direction, uint256 day) external view returns (uint256);

    /// @notice The synth amount a keeper would lock for `sats` now, and its fee (the recipient gets the rest).
    /// @dev At unchecked oracle prices; `amount` is the oracle value rounded down, `fee` rounds up.
    function quoteMint(address synth, uint64 sats) external view returns (uint256 amount, uint256 fee);

    /// @notice The synth amount a user should lock now to have `sats` paid, and the fee included in it.
    /// @dev `amount - fee` is the oracle value of `sats` rounded up, so it passes `lockBurn`'s check at any
    ///      tolerance while prices hold.
    function quoteBurn(address synth, uint64 sats) external view returns (uint256 amount, uint256 fee);

    // ---------------------------------------------------------------- governance

    /// @notice Sets the oracle asset whose price is USD per BTC.
    /// @dev Only `DEFAULT_ADMIN_ROLE`. The oracle must have a feed for it.
    function setBtcAsset(address btcAsset) external;

    /// @notice Sets the mint and burn fees (each at most `MAX_FEE`); existing swaps keep theirs.
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setFees(uint64 mintFee, uint64 burnFee) external;

    /// @notice Sets the price tolerance (at most `MAX_PRICE_TOLERANCE`).
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setPriceTolerance(uint64 priceTolerance) external;

    /// @notice Sets the oldest quote `lockMint` accepts, in seconds (in `(0, MAX_QUOTE_AGE]`).
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setMaxQuoteAge(uint32 maxQuoteAge) external;

    /// @notice Sets the lock duration bounds, in seconds (`0 < min <= max <= MAX_TIMELOCK`).
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setTimelockBounds(uint32 minTimelock, uint32 maxTimelock) external;

    /// @notice Sets the sats limits of `direction` (`0 < minSats <= maxSats <= dailySats`).
    /// @dev Only `DEFAULT_ADMIN_ROLE`. Usage already recorded for the day stays.
    function setLimits(Direction direction, Limits calldata newLimits) external;

    /// @notice Adds `synth` to, or removes it from, the allow list. Removing stops new locks only.
    /// @dev Only `DEFAULT_ADMIN_ROLE`. Adding requires a synth created by the factory.
    function setSynthAllowed(address synth, bool allowed) external;

    /// @notice Sets the fee recipient.
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setTreasury(address treasury_) external;
}
