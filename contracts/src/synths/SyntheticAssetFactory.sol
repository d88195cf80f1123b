// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {ISyntheticAssetFactory} from "../interfaces/ISyntheticAssetFactory.sol";
import {SyntheticAsset} from "./SyntheticAsset.sol";

/// @title SyntheticAssetFactory
/// @notice Deploys synths, registers their feeds, and stores the per-synth parameters the vault enforces.
/// @dev Needs `FEED_MANAGER_ROLE` on the oracle. Asset ids are never released, so an id maps to at most one
///      synth for the factory's whole life (a retired synth is deactivated, not replaced).
contract SyntheticAssetFactory is ISyntheticAssetFactory, AccessControl {
    /// @inheritdoc ISyntheticAssetFactory
    uint256 public constant MAX_FEE = 0.05e18;

    /// @dev `SynthParams` plus the registration flag, in two slots read together by `synthConfig`.
    struct SynthRecord {
        uint128 debtCeiling;
        uint64 mintFee;
        uint64 burnFee;
        bool active;
        bool registered;
    }

    /// @inheritdoc ISyntheticAssetFactory
    IPriceOracle public immutable oracle;

    /// @inheritdoc ISyntheticAssetFactory
    address public vault;

    /// @inheritdoc ISyntheticAssetFactory
    mapping(bytes32 assetId => address synth) public synthOf;

    mapping(address synth => SynthRecord) private _records;
    address[] private _synths;

    /// @param admin Initial holder of `DEFAULT_ADMIN_ROLE` (the deployer, who hands it to the Timelock).
    /// @param oracle_ The price oracle; the factory must be granted its `FEED_MANAGER_ROLE`.
    constructor(address admin, IPriceOracle oracle_) {
        if (admin == address(0) || address(oracle_) == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        oracle = oracle_;
    }

    /// @inheritdoc ISyntheticAssetFactory
    function setVault(address vault_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (vault_ == address(0)) revert ZeroAddress();
        if (vault != address(0)) revert VaultAlreadySet(vault);
        vault = vault_;
        emit VaultSet(vault_);
    }

    /// @inheritdoc ISyntheticAssetFactory
    function createSynth(
        bytes32 assetId,
        string calldata name,
        string calldata symbol,
        IPriceOracle.FeedConfig calldata feed,
        SynthParams calldata params
    ) external onlyRole(DEFAULT_ADMIN_ROLE) returns (address synth) {
        if (assetId == bytes32(0)) revert InvalidAssetId();
        address existing = synthOf[assetId];
        if (existing != address(0)) revert SynthAlreadyExists(assetId, existing);
        address minter = vault;
        if (minter == address(0)) revert VaultNotSet();
        _checkFees(params);

        synth = address(new SyntheticAsset{salt: assetId}(name, symbol, assetId, msg.sender, minter));
        synthOf[assetId] = synth;
        _synths.push(synth);
        _store(synth, params);
        // The oracle validates the feed and arms the breaker; a bad feed reverts the whole creation.
        oracle.setFeed(synth, feed);

        emit SynthCreated(assetId, synth, name, symbol, address(feed.aggregator));
        emit SynthConfigured(synth, params.debtCeiling, params.mintFee, params.burnFee, params.active);
    }

    /// @inheritdoc ISyntheticAssetFactory
    function setSynthParams(address synth, SynthParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_records[synth].registered) revert UnknownSynth(synth);
        _checkFees(params);
        _store(synth, params);
        emit SynthConfigured(synth, params.debtCeiling, params.mintFee, params.burnFee, params.active);
    }

    /// @inheritdoc ISyntheticAssetFactory
    function synthConfig(address synth) external view returns (SynthParams memory) {
        SynthRecord memory record = _records[synth];
        if (!record.registered) revert UnknownSynth(synth);
        return SynthParams({
            debtCeiling: record.debtCeiling,
            mintFee: record.mintFee,
            burnFee: record.burnFee,
            active: record.active
        });
    }

    /// @inheritdoc ISyntheticAssetFactory
    function allSynths() external view returns (address[] memory) {
        return _synths;
    }

    /// @inheritdoc ISyntheticAssetFactory
    function isSynth(address synth) external view returns (bool) {
        return _records[synth].registered;
    }

    function _checkFees(SynthParams calldata params) private pure {
        if (params.mintFee > MAX_FEE) revert FeeTooHigh(params.mintFee, MAX_FEE);
        if (params.burnFee > MAX_FEE) revert FeeTooHigh(params.burnFee, MAX_FEE);
    }

    function _store(address synth, SynthParams calldata params) private {
        _records[synth] = SynthRecord({
            debtCeiling: params.debtCeiling,
            mintFee: params.mintFee,
            burnFee: params.burnFee,
            active: params.active,
            registered: true
        });
    }
}
