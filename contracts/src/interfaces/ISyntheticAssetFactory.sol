// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPriceOracle} from "./IPriceOracle.sol";

/// @title ISyntheticAssetFactory
/// @notice Creates synthetic assets (one per asset id, ever, at a CREATE2 address), registers their price
///         feeds, and holds the per-synth parameters the vault enforces.
interface ISyntheticAssetFactory {
    /// @notice Per-synth parameters, set by governance.
    /// @param debtCeiling Largest total position debt the vault may carry in this synth (18 decimals).
    /// @param mintFee Fee on minting, 1e18 = 100%, added to the minter's debt and minted to the treasury.
    /// @param burnFee Fee on repaying, 1e18 = 100%, taken from the burned amount and sent to the treasury.
    /// @param active Whether new debt can be minted (repaying, withdrawing and liquidating never stop).
    struct SynthParams {
        uint128 debtCeiling;
        uint64 mintFee;
        uint64 burnFee;
        bool active;
    }

    /// @notice Emitted when a synth is deployed and its feed registered.
    event SynthCreated(
        bytes32 indexed assetId, address indexed synth, string name, string symbol, address indexed aggregator
    );
    /// @notice Emitted when a synth's parameters are set (at creation and on every change).
    event SynthConfigured(address indexed synth, uint128 debtCeiling, uint64 mintFee, uint64 burnFee, bool active);
    /// @notice Emitted once, when governance wires the factory to the vault that mints every synth.
    event VaultSet(address indexed vault);

    /// @notice Thrown when a required address is zero.
    error ZeroAddress();
    /// @notice Thrown when creating a synth with a zero asset id.
    error InvalidAssetId();
    /// @notice Thrown when a synth already exists (or ever existed) for an asset id.
    error SynthAlreadyExists(bytes32 assetId, address synth);
    /// @notice Thrown when an address is not a synth created by this factory.
    error UnknownSynth(address synth);
    /// @notice Thrown when a mint or burn fee exceeds `MAX_FEE`.
    error FeeTooHigh(uint256 fee, uint256 maxFee);
    /// @notice Thrown when creating a synth before the vault is set.
    error VaultNotSet();
    /// @notice Thrown when setting the vault a second time.
    error VaultAlreadySet(address vault);

    /// @notice Largest mint or burn fee, 1e18 = 100%.
    function MAX_FEE() external view returns (uint256);

    /// @notice The oracle synth feeds are registered in (the factory holds its `FEED_MANAGER_ROLE`).
    function oracle() external view returns (IPriceOracle);

    /// @notice The vault granted `MINTER_ROLE` on every synth; zero until set.
    function vault() external view returns (address);

    /// @notice Sets the vault, once: synths already created keep their minter, so it cannot change.
    /// @dev Only `DEFAULT_ADMIN_ROLE`.
    function setVault(address vault_) external;

    /// @notice Deploys a synth at a CREATE2 address salted with `assetId`, registers its price feed in the
    ///         oracle, grants the vault `MINTER_ROLE` and stores its parameters.
    /// @dev Only `DEFAULT_ADMIN_ROLE`. The caller becomes the synth's `DEFAULT_ADMIN_ROLE` (the Timelock
    ///      once deployment has handed over). Reverts as `IPriceOracle.setFeed` on a bad feed.
    /// @return synth The new synth's address.
    function createSynth(
        bytes32 assetId,
        string calldata name,
        string calldata symbol,
        IPriceOracle.FeedConfig calldata feed,
        SynthParams calldata params
    ) external returns (address synth);

    /// @notice Replaces a synth's parameters.
    /// @dev Only `DEFAULT_ADMIN_ROLE`. A ceiling below the current debt only stops new minting.
    function setSynthParams(address synth, SynthParams calldata params) external;

    /// @notice The synth created for `assetId`, or zero.
    function synthOf(bytes32 assetId) external view returns (address);

    /// @notice The parameters of `synth`.
    /// @dev Reverts with `UnknownSynth` for addresses this factory did not create.
    function synthConfig(address synth) external view returns (SynthParams memory);

    /// @notice Every synth created, in creation order.
    function allSynths() external view returns (address[] memory);

    /// @notice Whether `synth` was created by this factory.
    function isSynth(address synth) external view returns (bool);
}
