// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Guarded} from "../access/Guarded.sol";
import {IFiatMinter} from "../interfaces/IFiatMinter.sol";
import {ISyntheticAsset} from "../interfaces/ISyntheticAsset.sol";

/// @title FiatMinter
/// @notice Mints Fluxion synths once per confirmed fiat payment, within per-synth limits governance sets.
///         See `IFiatMinter` for the flow and the once-ever rule.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` (the Timelock) sets limits, grants `MINTER_ROLE` and unpauses;
///      `GUARDIAN_ROLE` pauses; `MINTER_ROLE` (the API's reactor key) mints. `mint` is non-reentrant and records
///      the receipt and the day's total before it calls the synth. A receipt's `synth` is never zero (limits
///      cannot be set for the zero address), which is what marks an id processed.
contract FiatMinter is IFiatMinter, Guarded, ReentrancyGuardTransient {
    /// @inheritdoc IFiatMinter
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    mapping(address synth => Limits) private _limits;
    mapping(address synth => mapping(uint256 day => uint256 amount)) private _dailyMinted;
    mapping(bytes32 paymentId => Receipt) private _receipts;

    /// @param admin Initial holder of `DEFAULT_ADMIN_ROLE` (the deployer, who hands it to the Timelock).
    /// @param guardian Initial holder of `GUARDIAN_ROLE`.
    constructor(address admin, address guardian) Guarded(admin, guardian) {
        if (admin == address(0) || guardian == address(0)) revert ZeroAddress();
    }

    /// @inheritdoc IFiatMinter
    function mint(bytes32 paymentId, address synth, address to, uint256 amount)
        external
        onlyRole(MINTER_ROLE)
        whenNotPaused
        nonReentrant
    {
        if (paymentId == bytes32(0)) revert PaymentIdZero();
        if (_receipts[paymentId].synth != address(0)) revert PaymentAlreadyProcessed(paymentId);
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        Limits memory lim = _limits[synth];
        if (lim.perPayment == 0 || lim.perDay == 0) revert SynthNotAllowed(synth);
        if (amount > lim.perPayment) revert PaymentCapExceeded(amount, lim.perPayment);
        uint256 day = block.timestamp / 1 days;
        uint256 used = _dailyMinted[synth][day];
        // `amount <= perPayment` bounds it, but `used` may be anything a past, larger limit allowed.
        if (amount > lim.perDay || used > lim.perDay - amount) {
            revert DailyCapExceeded(synth, used, amount, lim.perDay);
        }

        _dailyMinted[synth][day] = used + amount;
        _receipts[paymentId] = Receipt({synth: synth, mintedAt: uint64(block.timestamp), to: to, amount: amount});
        emit FiatMinted(paymentId, synth, to, amount, day);

        ISyntheticAsset(synth).mint(to, amount);
    }

    /// @inheritdoc IFiatMinter
    function setLimits(address synth, uint256 perPayment, uint256 perDay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (synth == address(0)) revert ZeroAddress();
        _limits[synth] = Limits({perPayment: perPayment, perDay: perDay});
        emit LimitsSet(synth, perPayment, perDay);
    }

    /// @inheritdoc IFiatMinter
    function limits(address synth) external view returns (Limits memory) {
        return _limits[synth];
    }

    /// @inheritdoc IFiatMinter
    function dailyMinted(address synth, uint256 day) external view returns (uint256) {
        return _dailyMinted[synth][day];
    }

    /// @inheritdoc IFiatMinter
    function receiptOf(bytes32 paymentId) external view returns (Receipt memory) {
        return _receipts[paymentId];
    }

    /// @inheritdoc IFiatMinter
    function isProcessed(bytes32 paymentId) external view returns (bool) {
        return _receipts[paymentId].synth != address(0);
    }

    /// @inheritdoc IFiatMinter
    function today() external view returns (uint256) {
        return block.timestamp / 1 days;
    }
}
