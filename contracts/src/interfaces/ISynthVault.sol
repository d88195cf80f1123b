// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPriceOracle} from "./IPriceOracle.sol";
import {ISyntheticAssetFactory} from "./ISyntheticAssetFactory.sol";

/// @title ISynthVault
/// @notice Isolated collateralised debt positions, keyed by (owner, collateral token, synth): owners lock
///         collateral and mint synths against it; anyone liquidates positions below the liquidation ratio.
/// @dev Prices come from the oracle in USD with 18 decimals. Rounding always favours the protocol:
///      collateral value and seized collateral round down, debt value and fees round up.
///      Burning (repaying) never needs a price: it works while a circuit breaker is tripped and while paused.
interface ISynthVault {
    /// @notice Risk parameters of a collateral token, 1e18 = 100%.
    /// @param issuanceRatio Collateral value / debt value a position must keep after minting or withdrawing.
    /// @param liquidationRatio Collateral value / debt value below which a position can be liquidated.
    /// @param liquidationBonus Extra collateral value a liquidator receives on top of the debt repaid.
    /// @param enabled Whether the token accepts deposits and backs new debt.
    struct CollateralParams {
        uint64 issuanceRatio;
        uint64 liquidationRatio;
        uint64 liquidationBonus;
        bool enabled;
    }

    /// @notice Emitted when `owner` adds collateral to a position.
    event Deposited(
        address indexed owner,
        address indexed collateral,
        address indexed synth,
        uint256 amount,
        uint256 collateralAfter
    );
    /// @notice Emitted when `owner` takes collateral out of a position.
    event Withdrawn(
        address indexed owner,
        address indexed collateral,
        address indexed synth,
        uint256 amount,
        uint256 collateralAfter
    );
    /// @notice Emitted when `owner` mints `amount` synths; the position's debt grows by `amount + fee`.
    event Minted(
        address indexed owner,
        address indexed collateral,
        address indexed synth,
        uint256 amount,
        uint256 fee,
        uint256 debtAfter
    );
    /// @notice Emitted when `owner` burns `amount` synths; `fee` of them goes to the treasury and the debt
    ///         drops by `amount - fee`.
    event Burned(
        address indexed owner,
        address indexed collateral,
        address indexed synth,
        uint256 amount,
        uint256 fee,
        uint256 debtAfter
    );
    /// @notice Emitted when `liquidator` repays `repaid` of a position's debt for `collateralSeized`.
    /// @dev `debtAfter` is before any write-off; a `BadDebtWrittenOff` that follows zeroes the debt.
    event Liquidated(
        address indexed owner,
        address indexed collateral,
        address indexed synth,
        address liquidator,
        uint256 repaid,
        uint256 collateralSeized,
        uint256 debtAfter,
        uint256 collateralAfter
    );
    /// @notice Emitted when a liquidation leaves debt on a position with no collateral: the debt is removed
    ///         from the position and from `totalDebt`, and added to the synth's `badDebt`.
    event BadDebtWrittenOff(
        address indexed owner, address indexed collateral, address indexed synth, uint256 amount, uint256 synthBadDebt
    );
    /// @notice Emitted when governance sets a collateral token's parameters.
    event CollateralConfigured(
        address indexed token,
        uint64 issuanceRatio,
        uint64 liquidationRatio,
        uint64 liquidationBonus,
        bool enabled,
        uint8 decimals
    );
    /// @notice Emitted when the fee recipient changes (and at deployment, from address(0)).
    event TreasuryChanged(address indexed previousTreasury, address indexed newTreasury);

    /// @notice Thrown when a required address is zero.
    error ZeroAddress();
    /// @notice Thrown when an amount that must be positive is zero.
    error ZeroAmount();
    /// @notice Thrown when depositing or minting against a collateral token that is not enabled.
    error CollateralNotEnabled(address token);
    /// @notice Thrown when minting a synth whose `active` flag is off.
    error SynthNotActive(address synth);
    /// @notice Thrown when a mint would take the synth's total debt above its ceiling.
    error DebtCeilingExceeded(address synth, uint256 totalDebtAfter, uint256 debtCeiling);
    /// @notice Thrown when a mint or withdrawal would leave the position below the issuance ratio.
    error CollateralRatioTooLow(uint256 collateralRatio, uint256 issuanceRatio);
    /// @notice Thrown when withdrawing more collateral than the position holds.
    error InsufficientCollateral(uint256 available, uint256 requested);
    /// @notice Thrown when a burn would reduce the debt by more than the position owes.
    error BurnExceedsDebt(uint256 debtReduction, uint256 debt);
    /// @notice Thrown when liquidating a position at or above the liquidation ratio (or without debt).
    error NotLiquidatable(uint256 collateralRatio, uint256 liquidationRatio);
    /// @notice Thrown when the liquidation bonus exceeds `MAX_LIQUIDATION_BONUS`.
    error LiquidationBonusTooHigh(uint256 liquidationBonus, uint256 maxLiquidationBonus);
    /// @notice Thrown when the liquidation ratio does not exceed 1e18 + bonus (liquidations would be unprofitable
    ///         or would seize more than the position holds while still solvent).
    error InvalidLiquidationRatio(uint256 liquidationRatio, uint256 liquidationBonus);
    /// @notice Thrown when the issuance ratio is below the liquidation ratio or above `MAX_ISSUANCE_RATIO`.
    error InvalidIssuanceRatio(uint256 issuanceRatio, uint256 liquidationRatio);
    /// @notice Thrown when enabling a collateral token that has no oracle feed.
    error CollateralFeedMissing(address token);
    /// @notice Thrown when configuring a synth as collateral.
    error CollateralIsSynth(address token);
    /// @notice Thrown when a collateral token has more than `MAX_COLLATERAL_DECIMALS` decimals.
    error UnsupportedDecimals(address token, uint8 decimals);

    /// @notice Largest liquidation bonus, 1e18 = 100%.
    function MAX_LIQUIDATION_BONUS() external view returns (uint256);

    /// @notice Largest issuance ratio, 1e18 = 100%.
    function MAX_ISSUANCE_RATIO() external view returns (uint256);

    /// @notice Most decimals a collateral token may have.
    function MAX_COLLATERAL_DECIMALS() external view returns (uint8);

    /// @notice The price oracle.
    function oracle() external view returns (IPriceOracle);

    /// @notice The synth factory (source of synth parameters).
    function factory() external view returns (ISyntheticAssetFactory);

    /// @notice Recipient of mint and burn fees.
    function treasury() external view returns (address);

    /// @notice Adds `amount` of `collateral` to the caller's position in `synth`.
    /// @dev Works while paused (owners can always strengthen a position). Needs an enabled collateral.
    function deposit(address collateral, address synth, uint256 amount) external;

    /// @notice Mints `amount` synths to the caller against the position; debt grows by `amount + fee` and
    ///         `fee` is minted to the treasury.
    /// @dev Reverts while paused, while either breaker is tripped (`CircuitBroken`), on a disabled collateral,
    ///      an inactive synth, above the debt ceiling, or below the issuance ratio after minting.
    function mint(address collateral, address synth, uint256 amount) external;

    /// @notice `deposit` then `mint`, in one transaction.
    function depositAndMint(address collateral, address synth, uint256 depositAmount, uint256 mintAmount) external;

    /// @notice Burns `amount` of the caller's synths to repay the position's debt: `fee` of them is paid to the
    ///         treasury and the debt drops by `amount - fee`.
    /// @dev Needs no price: works while paused, while a breaker is tripped, and for inactive synths.
    function burn(address collateral, address synth, uint256 amount) external;

    /// @notice Withdraws `amount` of collateral from the caller's position.
    /// @dev With debt remaining the position must stay at or above the issuance ratio (checked prices);
    ///      without debt no price is read. Reverts while paused.
    function withdraw(address collateral, address synth, uint256 amount) external;

    /// @notice Repays up to `repayAmount` of a position below its liquidation ratio with the caller's synths,
    ///         for collateral worth the repaid value plus the liquidation bonus.
    /// @dev The repayment is capped at the position's debt. When the collateral cannot cover the repayment
    ///      plus bonus, the caller receives all of it for a proportionally smaller repayment; debt left on a
    ///      position without collateral is written off as bad debt. Reverts while paused or tripped.
    /// @return repaid Synths burned from the caller.
    /// @return collateralSeized Collateral sent to the caller.
    function liquidate(address owner, address collateral, address synth, uint256 repayAmount)
        external
        returns (uint256 repaid, uint256 collateralSeized);

    /// @notice Sets the parameters of a collateral token (and caches its decimals).
    /// @dev Only `DEFAULT_ADMIN_ROLE`. Requires liquidationRatio > 1e18 + bonus, issuanceRatio >=
    ///      liquidationRatio, and an oracle feed when enabling.
    function setCollateral(address token, CollateralParams calldata params) external;

    /// @notice Sets the fee recipient.
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setTreasury(address treasury_) external;

    /// @notice A position valued at the oracle's latest prices (`IPriceOracle.price`, so it works while a
    ///         breaker is tripped).
    /// @return collateralAmount Collateral held, in token units.
    /// @return debt Synths owed.
    /// @return collateralValueUsd Collateral value, 18 decimals, rounded down.
    /// @return debtValueUsd Debt value, 18 decimals, rounded up.
    /// @return collateralRatio Collateral value / debt value (1e18 = 100%, rounded down); max without debt.
    /// @return liquidatable Whether the ratio is below the liquidation ratio at these prices (`liquidate` also
    ///         needs both breakers armed and the vault unpaused).
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
        );

    /// @notice The raw amounts of a position, without pricing.
    function position(address owner, address collateral, address synth)
        external
        view
        returns (uint256 collateralAmount, uint256 debt);

    /// @notice What `mint(collateral, synth, amount)` by `owner` would do at the oracle's latest prices.
    /// @return fee The mint fee added to the debt and minted to the treasury.
    /// @return debtAfter The position's debt after minting.
    /// @return collateralRatioAfter The position's ratio after minting (max if no debt).
    /// @return maxMintable The largest `amount` that `mint` accepts now: bounded by the issuance ratio and the
    ///         debt ceiling; zero while paused, while either breaker is tripped (as of the last sync), for a
    ///         disabled collateral or an inactive synth.
    function quoteMint(address owner, address collateral, address synth, uint256 amount)
        external
        view
        returns (uint256 fee, uint256 debtAfter, uint256 collateralRatioAfter, uint256 maxMintable);

    /// @notice What burning `amount` of `synth` would do.
    /// @return fee Synths paid to the treasury.
    /// @return debtReduction How much the position's debt drops (`amount - fee`).
    function quoteBurn(address synth, uint256 amount) external view returns (uint256 fee, uint256 debtReduction);

    /// @notice The smallest burn amount that reduces a position's debt by exactly `debtReduction` (use the full
    ///         debt to close a position).
    function burnAmountFor(address synth, uint256 debtReduction) external view returns (uint256 amount);

    /// @notice Sum of all position debts in `synth`.
    function totalDebt(address synth) external view returns (uint256);

    /// @notice Debt in `synth` written off on positions left without collateral, cumulative.
    function badDebt(address synth) external view returns (uint256);

    /// @notice The parameters of a collateral token.
    function collateralParams(address token) external view returns (CollateralParams memory);

    /// @notice The decimals cached for a collateral token.
    function collateralDecimals(address token) external view returns (uint8);
}
