// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Guarded} from "../access/Guarded.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {ISynthVault} from "../interfaces/ISynthVault.sol";
import {ISyntheticAsset} from "../interfaces/ISyntheticAsset.sol";
import {ISyntheticAssetFactory} from "../interfaces/ISyntheticAssetFactory.sol";
import {PositionMath} from "../libraries/PositionMath.sol";

/// @title SynthVault
/// @notice Isolated collateralised positions that mint Fluxion synths, with permissionless liquidations.
/// @dev Only standard ERC20 collateral is supported (no fee-on-transfer or rebasing tokens): positions are
///      credited the amount requested, which governance guarantees by what it lists. Every state-changing
///      entry point is non-reentrant and updates storage before any external token call.
contract SynthVault is ISynthVault, Guarded, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @inheritdoc ISynthVault
    uint256 public constant MAX_LIQUIDATION_BONUS = 0.25e18;
    /// @inheritdoc ISynthVault
    uint256 public constant MAX_ISSUANCE_RATIO = 10e18;
    /// @inheritdoc ISynthVault
    uint8 public constant MAX_COLLATERAL_DECIMALS = 36;

    /// @dev One slot: both amounts change together and are read together on every path.
    struct Position {
        uint128 collateral;
        uint128 debt;
    }

    /// @dev `CollateralParams` plus the cached decimals, in one slot.
    struct CollateralConfig {
        uint64 issuanceRatio;
        uint64 liquidationRatio;
        uint64 liquidationBonus;
        bool enabled;
        uint8 decimals;
    }

    /// @inheritdoc ISynthVault
    IPriceOracle public immutable oracle;
    /// @inheritdoc ISynthVault
    ISyntheticAssetFactory public immutable factory;
    /// @inheritdoc ISynthVault
    address public treasury;

    /// @inheritdoc ISynthVault
    mapping(address synth => uint256) public totalDebt;
    /// @inheritdoc ISynthVault
    mapping(address synth => uint256) public badDebt;

    mapping(address token => CollateralConfig) private _collaterals;
    mapping(address owner => mapping(address collateral => mapping(address synth => Position))) private _positions;

    /// @param admin Initial holder of `DEFAULT_ADMIN_ROLE` (the deployer, who hands it to the Timelock).
    /// @param guardian Initial holder of `GUARDIAN_ROLE`.
    /// @param oracle_ The price oracle.
    /// @param factory_ The synth factory.
    /// @param treasury_ Recipient of mint and burn fees.
    constructor(
        address admin,
        address guardian,
        IPriceOracle oracle_,
        ISyntheticAssetFactory factory_,
        address treasury_
    ) Guarded(admin, guardian) {
        if (address(oracle_) == address(0) || address(factory_) == address(0) || treasury_ == address(0)) {
            revert ZeroAddress();
        }
        oracle = oracle_;
        factory = factory_;
        treasury = treasury_;
        emit TreasuryChanged(address(0), treasury_);
    }

    // ---------------------------------------------------------------- positions

    /// @inheritdoc ISynthVault
    function deposit(address collateral, address synth, uint256 amount) external nonReentrant {
        _deposit(collateral, synth, amount);
    }

    /// @inheritdoc ISynthVault
    function mint(address collateral, address synth, uint256 amount) external nonReentrant whenNotPaused {
        _mint(collateral, synth, amount);
    }

    /// @inheritdoc ISynthVault
    function depositAndMint(address collateral, address synth, uint256 depositAmount, uint256 mintAmount)
        external
        nonReentrant
        whenNotPaused
    {
        _deposit(collateral, synth, depositAmount);
        _mint(collateral, synth, mintAmount);
    }

    /// @inheritdoc ISynthVault
    function burn(address collateral, address synth, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        // Reverts for addresses the factory did not create; inactive synths can still be repaid.
        uint256 fee = PositionMath.fee(amount, factory.synthConfig(synth).burnFee);
        uint256 debtReduction = amount - fee;
        Position storage pos = _positions[msg.sender][collateral][synth];
        uint256 debt = pos.debt;
        if (debtReduction > debt) revert BurnExceedsDebt(debtReduction, debt);
        uint256 debtAfter = debt - debtReduction;
        pos.debt = uint128(debtAfter);
        totalDebt[synth] -= debtReduction;
        emit Burned(msg.sender, collateral, synth, amount, fee, debtAfter);

        // Burning all and minting the fee leaves the same balances and supply as burning `amount - fee` and
        // moving `fee` to the treasury, without needing the caller's allowance.
        ISyntheticAsset(synth).burn(msg.sender, amount);
        if (fee != 0) ISyntheticAsset(synth).mint(treasury, fee);
    }

    /// @inheritdoc ISynthVault
    function withdraw(address collateral, address synth, uint256 amount) external nonReentrant whenNotPaused {
        if (amount == 0) revert ZeroAmount();
        Position storage pos = _positions[msg.sender][collateral][synth];
        uint256 available = pos.collateral;
        if (amount > available) revert InsufficientCollateral(available, amount);
        uint256 collateralAfter = available - amount;
        uint256 debt = pos.debt;
        if (debt != 0) {
            CollateralConfig memory config = _collaterals[collateral];
            uint256 ratio = _checkedRatio(collateral, synth, collateralAfter, debt, config.decimals);
            if (ratio < config.issuanceRatio) revert CollateralRatioTooLow(ratio, config.issuanceRatio);
        }
        pos.collateral = uint128(collateralAfter);
        emit Withdrawn(msg.sender, collateral, synth, amount, collateralAfter);

        IERC20(collateral).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ISynthVault
    function liquidate(address owner, address collateral, address synth, uint256 repayAmount)
        external
        nonReentrant
        whenNotPaused
        returns (uint256 repaid, uint256 collateralSeized)
    {
        if (repayAmount == 0) revert ZeroAmount();
        Position memory pos = _positions[owner][collateral][synth];
        (repaid, collateralSeized) = _liquidationAmounts(pos, collateral, synth, repayAmount);
        uint256 debtAfter = pos.debt - repaid;
        uint256 collateralAfter = pos.collateral - collateralSeized;
        // Debt on a position without collateral can never be repaid by liquidation: recognise it now.
        uint256 writtenOff = collateralAfter == 0 ? debtAfter : 0;

        _positions[owner][collateral][synth] =
            Position({collateral: uint128(collateralAfter), debt: uint128(debtAfter - writtenOff)});
        totalDebt[synth] -= repaid + writtenOff;
        emit Liquidated(owner, collateral, synth, msg.sender, repaid, collateralSeized, debtAfter, collateralAfter);
        if (writtenOff != 0) {
            uint256 synthBadDebt = badDebt[synth] + writtenOff;
            badDebt[synth] = synthBadDebt;
            emit BadDebtWrittenOff(owner, collateral, synth, writtenOff, synthBadDebt);
        }

        if (repaid != 0) ISyntheticAsset(synth).burn(msg.sender, repaid);
        if (collateralSeized != 0) IERC20(collateral).safeTransfer(msg.sender, collateralSeized);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc ISynthVault
    function setCollateral(address token, CollateralParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert ZeroAddress();
        // A synth backing synths would let debt collateralise itself.
        if (factory.isSynth(token)) revert CollateralIsSynth(token);
        // Disabling stays possible after a feed is removed; enabling needs a price.
        if (params.enabled && !oracle.hasFeed(token)) revert CollateralFeedMissing(token);
        if (params.liquidationBonus > MAX_LIQUIDATION_BONUS) {
            revert LiquidationBonusTooHigh(params.liquidationBonus, MAX_LIQUIDATION_BONUS);
        }
        // Below 1 + bonus a liquidation at the threshold would seize more collateral than the position holds.
        if (params.liquidationRatio <= PositionMath.WAD + params.liquidationBonus) {
            revert InvalidLiquidationRatio(params.liquidationRatio, params.liquidationBonus);
        }
        if (params.issuanceRatio < params.liquidationRatio || params.issuanceRatio > MAX_ISSUANCE_RATIO) {
            revert InvalidIssuanceRatio(params.issuanceRatio, params.liquidationRatio);
        }
        uint8 decimals = IERC20Metadata(token).decimals();
        if (decimals > MAX_COLLATERAL_DECIMALS) revert UnsupportedDecimals(token, decimals);

        _collaterals[token] = CollateralConfig({
            issuanceRatio: params.issuanceRatio,
            liquidationRatio: params.liquidationRatio,
            liquidationBonus: params.liquidationBonus,
            enabled: params.enabled,
            decimals: decimals
        });
        emit CollateralConfigured(
            token, params.issuanceRatio, params.liquidationRatio, params.liquidationBonus, params.enabled, decimals
        );
    }

    /// @inheritdoc ISynthVault
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        emit TreasuryChanged(treasury, treasury_);
        treasury = treasury_;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISynthVault
    function positionOf(address owner, address collateral, address synth)
        external
        view
        returns (
            uint256 collateralAmount,
            uint256 debt,
            uint256 collateralValueUsd,
            uint256 debtValueUsd,
            uint256 collateralRatio,
            bool liquidatable
        )
    {
        Position memory pos = _positions[owner][collateral][synth];
        CollateralConfig memory config = _collaterals[collateral];
        collateralAmount = pos.collateral;
        debt = pos.debt;
        collateralValueUsd = _collateralValue(collateral, collateralAmount, config.decimals);
        debtValueUsd = _debtValue(synth, debt);
        collateralRatio = PositionMath.ratio(collateralValueUsd, debtValueUsd);
        liquidatable = collateralRatio < config.liquidationRatio;
    }

    /// @inheritdoc ISynthVault
    function position(address owner, address collateral, address synth)
        external
        view
        returns (uint256 collateralAmount, uint256 debt)
    {
        Position memory pos = _positions[owner][collateral][synth];
        return (pos.collateral, pos.debt);
    }

    /// @inheritdoc ISynthVault
    function quoteMint(address owner, address collateral, address synth, uint256 amount)
        external
        view
        returns (uint256 fee, uint256 debtAfter, uint256 collateralRatioAfter, uint256 maxMintable)
    {
        ISyntheticAssetFactory.SynthParams memory synthParams = factory.synthConfig(synth);
        CollateralConfig memory config = _collaterals[collateral];
        Position memory pos = _positions[owner][collateral][synth];

        fee = PositionMath.fee(amount, synthParams.mintFee);
        debtAfter = pos.debt + amount + fee;
        uint256 collateralValueUsd = _collateralValue(collateral, pos.collateral, config.decimals);
        collateralRatioAfter = PositionMath.ratio(collateralValueUsd, _debtValue(synth, debtAfter));

        if (
            paused() || !config.enabled || !synthParams.active || oracle.isTripped(collateral)
                || oracle.isTripped(synth)
        ) return (fee, debtAfter, collateralRatioAfter, 0);

        uint256 maxDebt = PositionMath.maxDebt(collateralValueUsd, oracle.price(synth), config.issuanceRatio);
        uint256 room = maxDebt > pos.debt ? maxDebt - pos.debt : 0;
        uint256 synthDebt = totalDebt[synth];
        uint256 ceilingRoom = synthParams.debtCeiling > synthDebt ? synthParams.debtCeiling - synthDebt : 0;
        if (ceilingRoom < room) room = ceilingRoom;
        maxMintable = PositionMath.maxAmountWithFee(room, synthParams.mintFee);
    }

    /// @inheritdoc ISynthVault
    function quoteBurn(address synth, uint256 amount) external view returns (uint256 fee, uint256 debtReduction) {
        fee = PositionMath.fee(amount, factory.synthConfig(synth).burnFee);
        debtReduction = amount - fee;
    }

    /// @inheritdoc ISynthVault
    function burnAmountFor(address synth, uint256 debtReduction) external view returns (uint256 amount) {
        return PositionMath.amountForNet(debtReduction, factory.synthConfig(synth).burnFee);
    }

    /// @inheritdoc ISynthVault
    function collateralParams(address token) external view returns (CollateralParams memory) {
        CollateralConfig memory config = _collaterals[token];
        return CollateralParams({
            issuanceRatio: config.issuanceRatio,
            liquidationRatio: config.liquidationRatio,
            liquidationBonus: config.liquidationBonus,
            enabled: config.enabled
        });
    }

    /// @inheritdoc ISynthVault
    function collateralDecimals(address token) external view returns (uint8) {
        return _collaterals[token].decimals;
    }

    // ---------------------------------------------------------------- internals

    function _deposit(address collateral, address synth, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        if (!_collaterals[collateral].enabled) revert CollateralNotEnabled(collateral);
        if (!factory.isSynth(synth)) revert ISyntheticAssetFactory.UnknownSynth(synth);
        Position storage pos = _positions[msg.sender][collateral][synth];
        uint256 collateralAfter = pos.collateral + amount;
        pos.collateral = collateralAfter.toUint128();
        emit Deposited(msg.sender, collateral, synth, amount, collateralAfter);

        IERC20(collateral).safeTransferFrom(msg.sender, address(this), amount);
    }

    function _mint(address collateral, address synth, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        CollateralConfig memory config = _collaterals[collateral];
        if (!config.enabled) revert CollateralNotEnabled(collateral);
        ISyntheticAssetFactory.SynthParams memory synthParams = factory.synthConfig(synth);
        if (!synthParams.active) revert SynthNotActive(synth);

        uint256 fee = PositionMath.fee(amount, synthParams.mintFee);
        uint256 synthDebtAfter = totalDebt[synth] + amount + fee;
        if (synthDebtAfter > synthParams.debtCeiling) {
            revert DebtCeilingExceeded(synth, synthDebtAfter, synthParams.debtCeiling);
        }
        Position storage pos = _positions[msg.sender][collateral][synth];
        // Position debt <= total debt <= ceiling < 2^128, so the narrowing below is lossless.
        uint256 debtAfter = pos.debt + amount + fee;
        uint256 ratio = _checkedRatio(collateral, synth, pos.collateral, debtAfter, config.decimals);
        if (ratio < config.issuanceRatio) revert CollateralRatioTooLow(ratio, config.issuanceRatio);

        pos.debt = uint128(debtAfter);
        totalDebt[synth] = synthDebtAfter;
        emit Minted(msg.sender, collateral, synth, amount, fee, debtAfter);

        ISyntheticAsset(synth).mint(msg.sender, amount);
        if (fee != 0) ISyntheticAsset(synth).mint(treasury, fee);
    }

    /// @dev Prices the position at checked prices, requires it to be liquidatable and sizes the liquidation.
    function _liquidationAmounts(Position memory pos, address collateral, address synth, uint256 repayAmount)
        private
        returns (uint256 repaid, uint256 collateralSeized)
    {
        CollateralConfig memory config = _collaterals[collateral];
        uint256 collateralPrice = oracle.checkedPrice(collateral);
        uint256 synthPrice = oracle.checkedPrice(synth);
        uint256 ratio = PositionMath.ratio(
            PositionMath.collateralValue(pos.collateral, collateralPrice, config.decimals),
            PositionMath.debtValue(pos.debt, synthPrice)
        );
        // Without debt the ratio is max, so this also rejects empty positions.
        if (ratio >= config.liquidationRatio) revert NotLiquidatable(ratio, config.liquidationRatio);

        // Capped rather than rejected: the owner repaying a little first must not make a liquidation revert.
        repaid = repayAmount < pos.debt ? repayAmount : pos.debt;
        collateralSeized =
            PositionMath.seizeAmount(repaid, synthPrice, config.liquidationBonus, collateralPrice, config.decimals);
        if (collateralSeized > pos.collateral) {
            repaid = PositionMath.proportionalRepay(repaid, pos.collateral, collateralSeized);
            collateralSeized = pos.collateral;
        }
    }

    /// @dev Ratio at checked prices: advances both breakers and reverts with `CircuitBroken` if either trips.
    function _checkedRatio(address collateral, address synth, uint256 collateralAmount, uint256 debt, uint8 decimals)
        private
        returns (uint256)
    {
        uint256 collateralValueUsd =
            PositionMath.collateralValue(collateralAmount, oracle.checkedPrice(collateral), decimals);
        return PositionMath.ratio(collateralValueUsd, PositionMath.debtValue(debt, oracle.checkedPrice(synth)));
    }

    /// @dev Zero amounts need no price, so views of empty sides work even without a usable feed.
    function _collateralValue(address collateral, uint256 amount, uint8 decimals) private view returns (uint256) {
        return amount == 0 ? 0 : PositionMath.collateralValue(amount, oracle.price(collateral), decimals);
    }

    function _debtValue(address synth, uint256 debt) private view returns (uint256) {
        return debt == 0 ? 0 : PositionMath.debtValue(debt, oracle.price(synth));
    }
}
