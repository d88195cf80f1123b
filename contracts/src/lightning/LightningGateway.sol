// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Guarded} from "../access/Guarded.sol";
import {ILightningGateway} from "../interfaces/ILightningGateway.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {ISyntheticAsset} from "../interfaces/ISyntheticAsset.sol";
import {ISyntheticAssetFactory} from "../interfaces/ISyntheticAssetFactory.sol";
import {LightningQuote} from "../libraries/LightningQuote.sol";
import {PositionMath} from "../libraries/PositionMath.sol";

/// @title LightningGateway
/// @notice Mints and burns Fluxion synths against Lightning payments, hash-locked by the payment hash.
///         See `ILightningGateway` for the flows, the timelock boundary and the pause semantics.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` (the Timelock) sets parameters, grants `KEEPER_ROLE` and unpauses;
///      `GUARDIAN_ROLE` pauses; `KEEPER_ROLE` locks mints and claims burns. Every state-changing entry point is
///      non-reentrant and records the swap's new status before any token call.
///      Daily limits count sats at lock time on the lock's UTC day; a refund gives them back to that day (a swap
///      that moved nothing does not use up the limit), a claim keeps them.
contract LightningGateway is ILightningGateway, Guarded, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @inheritdoc ILightningGateway
    bytes32 public constant KEEPER_ROLE = keccak256("KEEPER_ROLE");
    /// @inheritdoc ILightningGateway
    uint64 public constant MAX_FEE = 0.05e18;
    /// @inheritdoc ILightningGateway
    uint64 public constant MAX_PRICE_TOLERANCE = 0.1e18;
    /// @inheritdoc ILightningGateway
    uint32 public constant MAX_QUOTE_AGE = 1 days;
    /// @inheritdoc ILightningGateway
    uint32 public constant MAX_TIMELOCK = 7 days;

    /// @inheritdoc ILightningGateway
    IPriceOracle public immutable oracle;
    /// @inheritdoc ILightningGateway
    ISyntheticAssetFactory public immutable factory;
    /// @inheritdoc ILightningGateway
    address public treasury;

    Settings private _settings;
    mapping(Direction direction => Limits) private _limits;
    mapping(address synth => bool) private _allowed;
    mapping(bytes32 paymentHash => Swap) private _swaps;
    mapping(Direction direction => mapping(uint256 day => uint256 sats)) private _usage;

    /// @param admin Initial holder of `DEFAULT_ADMIN_ROLE` (the deployer, who hands it to the Timelock).
    /// @param guardian Initial holder of `GUARDIAN_ROLE`.
    /// @param oracle_ The price oracle.
    /// @param factory_ The synth factory.
    /// @param treasury_ Recipient of the fees.
    /// @param settings_ Initial parameters, checked as by their setters.
    /// @param mintLimits Initial limits of mints.
    /// @param burnLimits Initial limits of burns.
    constructor(
        address admin,
        address guardian,
        IPriceOracle oracle_,
        ISyntheticAssetFactory factory_,
        address treasury_,
        Settings memory settings_,
        Limits memory mintLimits,
        Limits memory burnLimits
    ) Guarded(admin, guardian) {
        if (address(oracle_) == address(0) || address(factory_) == address(0)) revert ZeroAddress();
        oracle = oracle_;
        factory = factory_;
        _setTreasury(treasury_);
        _setBtcAsset(settings_.btcAsset);
        _setFees(settings_.mintFee, settings_.burnFee);
        _setPriceTolerance(settings_.priceTolerance);
        _setMaxQuoteAge(settings_.maxQuoteAge);
        _setTimelockBounds(settings_.minTimelock, settings_.maxTimelock);
        _setLimits(Direction.Mint, mintLimits);
        _setLimits(Direction.Burn, burnLimits);
    }

    // ---------------------------------------------------------------- Lightning -> chain

    /// @inheritdoc ILightningGateway
    function lockMint(
        bytes32 paymentHash,
        address recipient,
        address synth,
        uint64 sats,
        uint256 amount,
        uint64 quotedAt,
        uint64 timelock
    ) external onlyRole(KEEPER_ROLE) whenNotPaused nonReentrant {
        if (recipient == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        if (!_allowed[synth]) revert SynthNotAllowed(synth);
        if (!factory.synthConfig(synth).active) revert SynthNotActive(synth);
        Settings memory s = _settings;
        _checkQuoteAge(quotedAt, s.maxQuoteAge);
        {
            uint256 value = _satsValue(s.btcAsset, synth, sats, Math.Rounding.Floor);
            uint256 maxAmount = LightningQuote.maxMintAmount(value, s.priceTolerance);
            if (amount > maxAmount) revert AmountAboveQuote(amount, maxAmount);
        }
        Swap memory swap = _newSwap(Direction.Mint, recipient, synth, sats, amount, s.mintFee, timelock);
        _lock(paymentHash, swap, s);
        emit MintLocked(paymentHash, recipient, synth, sats, amount, swap.fee, timelock);
    }

    /// @inheritdoc ILightningGateway
    function claimMint(bytes32 preimage) external nonReentrant {
        bytes32 paymentHash = sha256(abi.encodePacked(preimage));
        Swap storage swap = _claimable(paymentHash, Direction.Mint);
        address recipient = swap.account;
        address synth = swap.synth;
        uint256 amount = swap.amount;
        uint256 fee = swap.fee;
        emit MintClaimed(paymentHash, preimage, recipient, amount, fee);

        ISyntheticAsset(synth).mint(recipient, amount - fee);
        if (fee != 0) ISyntheticAsset(synth).mint(treasury, fee);
    }

    /// @inheritdoc ILightningGateway
    function refundMint(bytes32 paymentHash) external nonReentrant {
        Swap storage swap = _refundable(paymentHash, Direction.Mint);
        emit MintRefunded(paymentHash, swap.account, swap.amount);
    }

    // ---------------------------------------------------------------- chain -> Lightning

    /// @inheritdoc ILightningGateway
    function lockBurn(bytes32 paymentHash, address synth, uint256 amount, uint64 sats, uint64 timelock)
        external
        whenNotPaused
        nonReentrant
    {
        _lockBurn(paymentHash, synth, amount, sats, timelock);
    }

    /// @inheritdoc ILightningGateway
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
    ) external whenNotPaused nonReentrant {
        // Never call out to an address that is not an allowed synth.
        if (!_allowed[synth]) revert SynthNotAllowed(synth);
        // A front-run permit already set the allowance; let the transfer decide (OpenZeppelin's advice).
        // solhint-disable-next-line no-empty-blocks
        try ISyntheticAsset(synth).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _lockBurn(paymentHash, synth, amount, sats, timelock);
    }

    /// @inheritdoc ILightningGateway
    function claimBurn(bytes32 preimage) external onlyRole(KEEPER_ROLE) nonReentrant {
        bytes32 paymentHash = sha256(abi.encodePacked(preimage));
        Swap storage swap = _claimable(paymentHash, Direction.Burn);
        address synth = swap.synth;
        uint256 amount = swap.amount;
        uint256 fee = swap.fee;
        emit BurnClaimed(paymentHash, preimage, swap.account, amount, fee);

        ISyntheticAsset(synth).burn(address(this), amount - fee);
        // Like every other fee: a plain transfer, which the Treasury counts as pending until `distribute`.
        if (fee != 0) IERC20(synth).safeTransfer(treasury, fee);
    }

    /// @inheritdoc ILightningGateway
    function refundBurn(bytes32 paymentHash) external nonReentrant {
        Swap storage swap = _refundable(paymentHash, Direction.Burn);
        address locker = swap.account;
        uint256 amount = swap.amount;
        emit BurnRefunded(paymentHash, locker, amount);

        IERC20(swap.synth).safeTransfer(locker, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ILightningGateway
    function settings() external view returns (Settings memory) {
        return _settings;
    }

    /// @inheritdoc ILightningGateway
    function limits(Direction direction) external view returns (Limits memory) {
        return _limits[direction];
    }

    /// @inheritdoc ILightningGateway
    function isSynthAllowed(address synth) external view returns (bool) {
        return _allowed[synth];
    }

    /// @inheritdoc ILightningGateway
    function swapOf(bytes32 paymentHash) external view returns (Swap memory) {
        return _swaps[paymentHash];
    }

    /// @inheritdoc ILightningGateway
    function dailyUsage(Direction direction, uint256 day) external view returns (uint256) {
        return _usage[direction][day];
    }

    /// @inheritdoc ILightningGateway
    function quoteMint(address synth, uint64 sats) external view returns (uint256 amount, uint256 fee) {
        Settings memory s = _settings;
        amount = LightningQuote.satsValue(sats, oracle.price(s.btcAsset), oracle.price(synth), Math.Rounding.Floor);
        fee = PositionMath.fee(amount, s.mintFee);
    }

    /// @inheritdoc ILightningGateway
    function quoteBurn(address synth, uint64 sats) external view returns (uint256 amount, uint256 fee) {
        Settings memory s = _settings;
        uint256 value =
            LightningQuote.satsValue(sats, oracle.price(s.btcAsset), oracle.price(synth), Math.Rounding.Ceil);
        amount = PositionMath.amountForNet(value, s.burnFee);
        fee = amount - value;
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc ILightningGateway
    function setBtcAsset(address btcAsset) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setBtcAsset(btcAsset);
    }

    /// @inheritdoc ILightningGateway
    function setFees(uint64 mintFee, uint64 burnFee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFees(mintFee, burnFee);
    }

    /// @inheritdoc ILightningGateway
    function setPriceTolerance(uint64 priceTolerance) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPriceTolerance(priceTolerance);
    }

    /// @inheritdoc ILightningGateway
    function setMaxQuoteAge(uint32 maxQuoteAge) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxQuoteAge(maxQuoteAge);
    }

    /// @inheritdoc ILightningGateway
    function setTimelockBounds(uint32 minTimelock, uint32 maxTimelock) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTimelockBounds(minTimelock, maxTimelock);
    }

    /// @inheritdoc ILightningGateway
    function setLimits(Direction direction, Limits calldata newLimits) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLimits(direction, newLimits);
    }

    /// @inheritdoc ILightningGateway
    function setSynthAllowed(address synth, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (allowed && !factory.isSynth(synth)) revert NotASynth(synth);
        _allowed[synth] = allowed;
        emit SynthAllowed(synth, allowed);
    }

    /// @inheritdoc ILightningGateway
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(treasury_);
    }

    // ---------------------------------------------------------------- internals

    function _lockBurn(bytes32 paymentHash, address synth, uint256 amount, uint64 sats, uint64 timelock) private {
        if (amount == 0) revert ZeroAmount();
        if (!_allowed[synth]) revert SynthNotAllowed(synth);
        Settings memory s = _settings;
        Swap memory swap = _newSwap(Direction.Burn, msg.sender, synth, sats, amount, s.burnFee, timelock);
        {
            uint256 value = _satsValue(s.btcAsset, synth, sats, Math.Rounding.Ceil);
            uint256 minNet = LightningQuote.minBurnNet(value, s.priceTolerance);
            if (amount - swap.fee < minNet) revert AmountBelowQuote(amount - swap.fee, minNet);
        }
        _lock(paymentHash, swap, s);
        emit BurnLocked(paymentHash, msg.sender, synth, sats, amount, swap.fee, timelock);

        IERC20(synth).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Checks and records what both directions share: the once-ever hash, the timelock, the limits.
    function _lock(bytes32 paymentHash, Swap memory swap, Settings memory s) private {
        Status status = _swaps[paymentHash].status;
        if (status != Status.None) revert PaymentHashUsed(paymentHash, status);
        uint256 earliest = block.timestamp + s.minTimelock;
        uint256 latest = block.timestamp + s.maxTimelock;
        if (swap.timelock < earliest || swap.timelock > latest) {
            revert InvalidTimelock(swap.timelock, earliest, latest);
        }

        Direction direction = swap.direction;
        uint64 sats = swap.sats;
        Limits memory lim = _limits[direction];
        if (sats < lim.minSats || sats > lim.maxSats) revert SatsOutOfRange(sats, lim.minSats, lim.maxSats);
        uint256 usageAfter = _usage[direction][swap.day] + sats;
        if (usageAfter > lim.dailySats) {
            revert DailyLimitExceeded(direction, swap.day, usageAfter, lim.dailySats);
        }
        _usage[direction][swap.day] = usageAfter;
        _swaps[paymentHash] = swap;
    }

    /// @dev A new locked swap with its fee at `feeRate` (rounded up, at most `amount`). The day fits in 32 bits
    ///      until the year 11 million.
    function _newSwap(
        Direction direction,
        address account,
        address synth,
        uint64 sats,
        uint256 amount,
        uint64 feeRate,
        uint64 timelock
    ) private view returns (Swap memory) {
        return Swap({
            account: account,
            status: Status.Locked,
            direction: direction,
            timelock: timelock,
            synth: synth,
            sats: sats,
            day: uint32(block.timestamp / 1 days),
            amount: amount.toUint128(),
            fee: uint128(PositionMath.fee(amount, feeRate))
        });
    }

    /// @dev Requires a locked swap of `direction` before its timelock and marks it claimed.
    function _claimable(bytes32 paymentHash, Direction direction) private returns (Swap storage swap) {
        swap = _swaps[paymentHash];
        _requireLocked(paymentHash, swap, direction);
        uint64 timelock = swap.timelock;
        if (block.timestamp >= timelock) revert SwapExpired(paymentHash, timelock);
        swap.status = Status.Claimed;
    }

    /// @dev Requires a locked swap of `direction` at or after its timelock, marks it refunded and gives its sats
    ///      back to the daily usage of the day it was locked.
    function _refundable(bytes32 paymentHash, Direction direction) private returns (Swap storage swap) {
        swap = _swaps[paymentHash];
        _requireLocked(paymentHash, swap, direction);
        uint64 timelock = swap.timelock;
        if (block.timestamp < timelock) revert SwapNotExpired(paymentHash, timelock);
        swap.status = Status.Refunded;
        _usage[direction][swap.day] -= swap.sats;
    }

    function _requireLocked(bytes32 paymentHash, Swap storage swap, Direction direction) private view {
        Status status = swap.status;
        if (status != Status.Locked) revert SwapNotLocked(paymentHash, status);
        if (swap.direction != direction) revert WrongDirection(paymentHash, swap.direction);
    }

    function _checkQuoteAge(uint64 quotedAt, uint32 maxQuoteAge) private view {
        if (quotedAt > block.timestamp) revert QuoteInFuture(quotedAt, block.timestamp);
        uint256 age = block.timestamp - quotedAt;
        if (age > maxQuoteAge) revert QuoteTooOld(quotedAt, age, maxQuoteAge);
    }

    /// @dev `sats` in `synth` at checked prices (each advances its breaker and reverts with `CircuitBroken` while
    ///      tripped); a synth that is the BTC asset itself (sBTC, usually) costs one oracle call.
    function _satsValue(address btcAsset, address synth, uint64 sats, Math.Rounding rounding)
        private
        returns (uint256)
    {
        uint256 btcPrice = oracle.checkedPrice(btcAsset);
        uint256 synthPrice = synth == btcAsset ? btcPrice : oracle.checkedPrice(synth);
        return LightningQuote.satsValue(sats, btcPrice, synthPrice, rounding);
    }

    function _setBtcAsset(address btcAsset) private {
        if (btcAsset == address(0)) revert ZeroAddress();
        if (!oracle.hasFeed(btcAsset)) revert BtcFeedMissing(btcAsset);
        _settings.btcAsset = btcAsset;
        emit BtcAssetSet(btcAsset);
    }

    function _setFees(uint64 mintFee, uint64 burnFee) private {
        if (mintFee > MAX_FEE) revert FeeTooHigh(mintFee, MAX_FEE);
        if (burnFee > MAX_FEE) revert FeeTooHigh(burnFee, MAX_FEE);
        (_settings.mintFee, _settings.burnFee) = (mintFee, burnFee);
        emit FeesSet(mintFee, burnFee);
    }

    function _setPriceTolerance(uint64 priceTolerance) private {
        if (priceTolerance > MAX_PRICE_TOLERANCE) revert PriceToleranceTooHigh(priceTolerance, MAX_PRICE_TOLERANCE);
        _settings.priceTolerance = priceTolerance;
        emit PriceToleranceSet(priceTolerance);
    }

    function _setMaxQuoteAge(uint32 maxQuoteAge) private {
        if (maxQuoteAge == 0 || maxQuoteAge > MAX_QUOTE_AGE) revert InvalidMaxQuoteAge(maxQuoteAge, MAX_QUOTE_AGE);
        _settings.maxQuoteAge = maxQuoteAge;
        emit MaxQuoteAgeSet(maxQuoteAge);
    }

    function _setTimelockBounds(uint32 minTimelock, uint32 maxTimelock) private {
        if (minTimelock == 0 || minTimelock > maxTimelock || maxTimelock > MAX_TIMELOCK) {
            revert InvalidTimelockBounds(minTimelock, maxTimelock);
        }
        (_settings.minTimelock, _settings.maxTimelock) = (minTimelock, maxTimelock);
        emit TimelockBoundsSet(minTimelock, maxTimelock);
    }

    function _setLimits(Direction direction, Limits memory lim) private {
        if (lim.minSats == 0 || lim.minSats > lim.maxSats || lim.maxSats > lim.dailySats) {
            revert InvalidLimits(direction, lim.minSats, lim.maxSats, lim.dailySats);
        }
        _limits[direction] = lim;
        emit LimitsSet(direction, lim.minSats, lim.maxSats, lim.dailySats);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert ZeroAddress();
        emit TreasuryChanged(treasury, treasury_);
        treasury = treasury_;
    }
}
