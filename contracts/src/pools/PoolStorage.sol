// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Guarded} from "../access/Guarded.sol";
import {IPoolLpToken} from "../interfaces/IPoolLpToken.sol";
import {IPoolManagerTypes} from "../interfaces/IPoolManagerTypes.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {PoolLpTokenDeployer} from "./PoolLpTokenDeployer.sol";

/// @title PoolStorage
/// @notice Storage layout and shared helpers of the `LiquidityPoolManager` (its limits are in `PoolConstants`).
/// @dev Layout, designed so that a 2-token swap touches as few slots as possible:
///      - `_globals`: pause flag, protocol fee share and oracle in one slot (one SLOAD per swap). `Pausable`'s own
///        flag is therefore unused: `paused`, `_pause` and `_unpause` are overridden to use this slot.
///      - `_pools[poolId]`: kind, token count, swap fee and LP token in one slot.
///      - `_params[poolId]`: amplification ramp and every token's decimal scaling exponent in one slot (stable
///        swaps read it; weighted swaps never do, their formulas only use balance ratios).
///      - `_tokenInfo[poolId][token]`: index, weight and scaling exponent in one slot, so a token is found without
///        a loop and one SLOAD gives what a swap needs.
///      - `_balances[poolId][i]`: balance and owed protocol fees packed as uint128 + uint128, so charging the
///        protocol fee costs no extra slot write.
abstract contract PoolStorage is Guarded, ReentrancyGuardTransient, IPoolManagerTypes {
    using SafeERC20 for IERC20;

    /// @dev Global settings read by every swap (the oracle lives here rather than in an immutable so that the
    ///      delegatecall extension, whose code has its own immutables, sees the same value).
    struct Globals {
        bool paused;
        uint64 protocolFeeShare;
        IPriceOracle oracle;
    }

    /// @dev Per-pool configuration; `kind == None` means the pool does not exist.
    struct PoolConfig {
        PoolKind kind;
        uint8 tokenCount;
        uint64 swapFee;
        address lpToken;
    }

    /// @dev Amplification ramp (A x AMP_PRECISION, unix seconds) and the tokens' scaling exponents (8 bits each,
    ///      token i at bits 8i, value 18 - decimals).
    struct PoolParams {
        uint32 startAmp;
        uint32 endAmp;
        uint40 startTime;
        uint40 endTime;
        uint64 scalingExponents;
    }

    /// @dev `indexPlusOne == 0` means the token is not in the pool.
    struct TokenInfo {
        uint8 indexPlusOne;
        uint8 scalingExponent;
        uint64 weight;
    }

    /// @dev Pool balance (excluding owed protocol fees) and owed protocol fees of one token.
    struct TokenBalance {
        uint128 balance;
        uint128 protocolFees;
    }

    Globals internal _globals;
    address internal _treasury;
    PoolLpTokenDeployer internal _lpTokenDeployer;
    bytes32[] internal _poolIds;
    mapping(bytes32 poolId => PoolConfig) internal _pools;
    mapping(bytes32 poolId => PoolParams) internal _params;
    mapping(bytes32 poolId => mapping(address token => TokenInfo)) internal _tokenInfo;
    mapping(bytes32 poolId => address[8]) internal _tokens;
    mapping(bytes32 poolId => TokenBalance[8]) internal _balances;

    // ---------------------------------------------------------------- pause flag in the globals slot

    /// @notice Whether swaps, joins and single-sided exits are stopped.
    function paused() public view override returns (bool) {
        return _globals.paused;
    }

    function _pause() internal override {
        if (_globals.paused) revert EnforcedPause();
        _globals.paused = true;
        emit Paused(msg.sender);
    }

    function _unpause() internal override {
        if (!_globals.paused) revert ExpectedPause();
        _globals.paused = false;
        emit Unpaused(msg.sender);
    }

    // ---------------------------------------------------------------- helpers

    function _checkDeadline(uint256 deadline) internal view {
        if (block.timestamp > deadline) revert DeadlineExpired(deadline, block.timestamp);
    }

    /// @dev Entry checks shared by the state-changing user functions that stop while paused.
    function _checkActive(uint256 deadline, address recipient) internal view {
        if (block.timestamp > deadline) revert DeadlineExpired(deadline, block.timestamp);
        if (recipient == address(0)) revert ZeroAddress();
        if (_globals.paused) revert EnforcedPause();
    }

    function _loadPool(bytes32 poolId) internal view returns (PoolConfig memory pool) {
        pool = _pools[poolId];
        if (pool.kind == PoolKind.None) revert PoolNotFound(poolId);
    }

    function _loadToken(bytes32 poolId, address token) internal view returns (TokenInfo memory info) {
        info = _tokenInfo[poolId][token];
        if (info.indexPlusOne == 0) revert TokenNotInPool(poolId, token);
    }

    /// @dev Current amplification: linear interpolation between the ramp's end points.
    function _currentAmp(PoolParams memory params) internal view returns (uint256) {
        uint256 endTime = params.endTime;
        if (block.timestamp >= endTime) return params.endAmp;
        uint256 startAmp = params.startAmp;
        uint256 endAmp = params.endAmp;
        uint256 elapsed = block.timestamp - params.startTime;
        uint256 duration = endTime - params.startTime;
        if (endAmp > startAmp) return startAmp + (endAmp - startAmp) * elapsed / duration;
        return startAmp - (startAmp - endAmp) * elapsed / duration;
    }

    function _scalingExponent(PoolParams memory params, uint256 index) internal pure returns (uint256) {
        return uint8(params.scalingExponents >> (8 * index));
    }

    /// @dev Every balance of a pool scaled to 18 decimals.
    function _scaledBalances(bytes32 poolId, uint256 n, PoolParams memory params)
        internal
        view
        returns (uint256[] memory xp)
    {
        TokenBalance[8] storage balances = _balances[poolId];
        xp = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            xp[i] = uint256(balances[i].balance) * 10 ** _scalingExponent(params, i);
        }
    }

    function _lpTotalSupply(PoolConfig memory pool) internal view returns (uint256) {
        return IPoolLpToken(pool.lpToken).totalSupply();
    }

    function _checkSwapFee(uint256 swapFee) internal pure {
        if (swapFee < PoolConstants.MIN_SWAP_FEE || swapFee > PoolConstants.MAX_SWAP_FEE) {
            revert SwapFeeOutOfBounds(swapFee, PoolConstants.MIN_SWAP_FEE, PoolConstants.MAX_SWAP_FEE);
        }
    }

    function _setProtocolFeeShare(uint256 share) internal {
        if (share > PoolConstants.MAX_PROTOCOL_FEE_SHARE) {
            revert ProtocolFeeShareTooHigh(share, PoolConstants.MAX_PROTOCOL_FEE_SHARE);
        }
        emit ProtocolFeeShareChanged(_globals.protocolFeeShare, share);
        _globals.protocolFeeShare = uint64(share);
    }

    function _setTreasury(address newTreasury) internal {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryChanged(_treasury, newTreasury);
        _treasury = newTreasury;
    }

    function _pullAll(bytes32 poolId, uint256[] memory amounts) internal {
        address[8] storage tokens = _tokens[poolId];
        for (uint256 i; i < amounts.length; ++i) {
            if (amounts[i] != 0) IERC20(tokens[i]).safeTransferFrom(msg.sender, address(this), amounts[i]);
        }
    }

    function _toUint128(uint256 value) internal pure returns (uint128) {
        if (value > type(uint128).max) revert BalanceOverflow(value);
        return uint128(value);
    }

    /// @dev Single-sided joins and exits trade against every pool token, so every token's breaker is checked.
    function _requireAllTradable(bytes32 poolId, uint256 n) internal view {
        address[8] storage tokens = _tokens[poolId];
        IPriceOracle breaker = _globals.oracle;
        // Two tokens per call; address(0) always passes.
        for (uint256 i; i < n; i += 2) {
            breaker.requireTradable(tokens[i], i + 1 < n ? tokens[i + 1] : address(0));
        }
    }
}
