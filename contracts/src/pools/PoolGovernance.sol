// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ILiquidityPoolManager} from "../interfaces/ILiquidityPoolManager.sol";
import {PoolQuoting} from "./PoolQuoting.sol";

/// @title PoolGovernance
/// @notice Pool creation, fee and amplification governance, and protocol fee collection.
abstract contract PoolGovernance is PoolQuoting {
    using SafeERC20 for IERC20;

    /// @dev Creation parameters of either pool kind.
    struct NewPool {
        PoolKind kind;
        uint256 swapFee;
        uint256 amp;
    }

    // ---------------------------------------------------------------- creation

    /// @inheritdoc ILiquidityPoolManager
    function createWeightedPool(
        address[] calldata tokens,
        uint256[] calldata weights,
        uint256 swapFee,
        string calldata name,
        string calldata symbol
    ) external onlyRole(POOL_CREATOR_ROLE) returns (bytes32 poolId) {
        uint256 n = tokens.length;
        if (n < MIN_TOKENS || n > MAX_WEIGHTED_TOKENS) revert InvalidTokenCount(n, MIN_TOKENS, MAX_WEIGHTED_TOKENS);
        if (weights.length != n) revert LengthMismatch(n, weights.length);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            if (weights[i] < MIN_WEIGHT) revert WeightTooLow(i, weights[i], MIN_WEIGHT);
            sum += weights[i];
        }
        if (sum != 1e18) revert WeightsSumInvalid(sum);
        poolId = _createPool(tokens, weights, NewPool(PoolKind.Weighted, swapFee, 0), name, symbol);
    }

    /// @inheritdoc ILiquidityPoolManager
    function createStablePool(
        address[] calldata tokens,
        uint256 amp,
        uint256 swapFee,
        string calldata name,
        string calldata symbol
    ) external onlyRole(POOL_CREATOR_ROLE) returns (bytes32 poolId) {
        uint256 n = tokens.length;
        if (n < MIN_TOKENS || n > MAX_STABLE_TOKENS) revert InvalidTokenCount(n, MIN_TOKENS, MAX_STABLE_TOKENS);
        if (amp < MIN_AMP || amp > MAX_AMP) revert AmpOutOfBounds(amp, MIN_AMP, MAX_AMP);
        poolId = _createPool(tokens, new uint256[](0), NewPool(PoolKind.Stable, swapFee, amp), name, symbol);
    }

    function _createPool(
        address[] calldata tokens,
        uint256[] memory weights,
        NewPool memory spec,
        string calldata name,
        string calldata symbol
    ) private returns (bytes32 poolId) {
        _checkSwapFee(spec.swapFee);
        // The creation nonce makes ids unique even for identical token sets.
        poolId = keccak256(abi.encode(spec.kind, tokens, _poolIds.length));
        address lp = LP_TOKEN_DEPLOYER.deploy(name, symbol, poolId);
        uint64 exponents = _registerTokens(poolId, tokens, weights);
        _pools[poolId] =
            PoolConfig({kind: spec.kind, tokenCount: uint8(tokens.length), swapFee: uint64(spec.swapFee), lpToken: lp});
        _params[poolId] = PoolParams({
            startAmp: uint32(spec.amp),
            endAmp: uint32(spec.amp),
            startTime: uint40(block.timestamp),
            endTime: uint40(block.timestamp),
            scalingExponents: exponents
        });
        _poolIds.push(poolId);
        emit PoolCreated(poolId, spec.kind, lp, tokens, weights, spec.amp, spec.swapFee);
    }

    /// @dev Validates and indexes the tokens; returns their packed scaling exponents. `weights` is empty for
    ///      stable pools.
    function _registerTokens(bytes32 poolId, address[] calldata tokens, uint256[] memory weights)
        private
        returns (uint64 exponents)
    {
        mapping(address => TokenInfo) storage infos = _tokenInfo[poolId];
        address[8] storage list = _tokens[poolId];
        bool weighted = weights.length != 0;
        for (uint256 i; i < tokens.length; ++i) {
            address token = tokens[i];
            if (token == address(0)) revert ZeroAddressToken(i);
            if (infos[token].indexPlusOne != 0) revert DuplicateToken(token);
            uint8 decimals = IERC20Metadata(token).decimals();
            if (decimals > 18) revert TokenDecimalsTooHigh(token, decimals);
            uint8 exponent = 18 - decimals;
            exponents |= uint64(exponent) << uint64(8 * i);
            infos[token] = TokenInfo({
                indexPlusOne: uint8(i + 1),
                scalingExponent: exponent,
                weight: weighted ? uint64(weights[i]) : 0
            });
            list[i] = token;
        }
    }

    function _checkSwapFee(uint256 swapFee) private pure {
        if (swapFee < MIN_SWAP_FEE || swapFee > MAX_SWAP_FEE) {
            revert SwapFeeOutOfBounds(swapFee, MIN_SWAP_FEE, MAX_SWAP_FEE);
        }
    }

    // ---------------------------------------------------------------- fees

    /// @inheritdoc ILiquidityPoolManager
    function setSwapFee(bytes32 poolId, uint256 swapFee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        PoolConfig storage pool = _pools[poolId];
        if (pool.kind == PoolKind.None) revert PoolNotFound(poolId);
        _checkSwapFee(swapFee);
        emit SwapFeeChanged(poolId, pool.swapFee, swapFee);
        pool.swapFee = uint64(swapFee);
    }

    /// @inheritdoc ILiquidityPoolManager
    function setProtocolFeeShare(uint256 share) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProtocolFeeShare(share);
    }

    /// @inheritdoc ILiquidityPoolManager
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    function _setProtocolFeeShare(uint256 share) internal {
        if (share > MAX_PROTOCOL_FEE_SHARE) revert ProtocolFeeShareTooHigh(share, MAX_PROTOCOL_FEE_SHARE);
        emit ProtocolFeeShareChanged(_globals.protocolFeeShare, share);
        _globals.protocolFeeShare = uint64(share);
    }

    function _setTreasury(address newTreasury) internal {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryChanged(_globals.treasury, newTreasury);
        _globals.treasury = newTreasury;
    }

    /// @inheritdoc ILiquidityPoolManager
    function collectProtocolFees(bytes32 poolId) external nonReentrant {
        uint256 n = _loadPool(poolId).tokenCount;
        address to = _globals.treasury;
        TokenBalance[8] storage balances = _balances[poolId];
        for (uint256 i; i < n; ++i) {
            uint256 owed = balances[i].protocolFees;
            if (owed == 0) continue;
            balances[i].protocolFees = 0;
            address token = _tokens[poolId][i];
            IERC20(token).safeTransfer(to, owed);
            emit ProtocolFeesCollected(poolId, token, owed);
        }
    }

    // ---------------------------------------------------------------- amplification

    /// @inheritdoc ILiquidityPoolManager
    function rampAmp(bytes32 poolId, uint256 endAmp, uint256 endTime) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_loadPool(poolId).kind != PoolKind.Stable) revert NotStablePool(poolId);
        PoolParams storage params = _params[poolId];
        PoolParams memory current = params;
        if (block.timestamp < current.endTime) revert AmpRampInProgress(poolId, current.endTime);
        if (endAmp < MIN_AMP || endAmp > MAX_AMP) revert AmpOutOfBounds(endAmp, MIN_AMP, MAX_AMP);
        uint256 duration = endTime > block.timestamp ? endTime - block.timestamp : 0;
        if (duration < MIN_RAMP_DURATION) revert AmpRampTooShort(duration, MIN_RAMP_DURATION);
        uint256 startAmp = current.endAmp;
        // Factor (larger / smaller) over days (duration / 1 day) must not exceed MAX_AMP_DAILY_FACTOR.
        (uint256 larger, uint256 smaller) = endAmp > startAmp ? (endAmp, startAmp) : (startAmp, endAmp);
        if (larger * 1 days > smaller * duration * MAX_AMP_DAILY_FACTOR) {
            revert AmpRampTooFast(startAmp, endAmp, duration);
        }
        params.startAmp = uint32(startAmp);
        params.endAmp = uint32(endAmp);
        params.startTime = uint40(block.timestamp);
        params.endTime = SafeCast.toUint40(endTime);
        emit AmpRampStarted(poolId, startAmp, endAmp, block.timestamp, endTime);
    }

    /// @inheritdoc ILiquidityPoolManager
    function stopAmpRamp(bytes32 poolId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_loadPool(poolId).kind != PoolKind.Stable) revert NotStablePool(poolId);
        PoolParams storage params = _params[poolId];
        PoolParams memory current = params;
        if (block.timestamp >= current.endTime) revert AmpNotRamping(poolId);
        uint256 amp = _currentAmp(current);
        params.startAmp = uint32(amp);
        params.endAmp = uint32(amp);
        params.startTime = uint40(block.timestamp);
        params.endTime = uint40(block.timestamp);
        emit AmpRampStopped(poolId, amp);
    }
}
