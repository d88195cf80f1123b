// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PoolLpToken} from "./PoolLpToken.sol";

/// @title PoolLpTokenDeployer
/// @notice Deploys the LP token of each new pool on behalf of the `LiquidityPoolManager`.
/// @dev Exists only to keep the LP token's creation code out of the manager's bytecode (which would otherwise
///      exceed the 24 KiB limit). The manager creates it in its constructor and is its only caller.
contract PoolLpTokenDeployer {
    /// @notice Thrown when an account other than the manager asks for a deployment.
    error OnlyManager(address caller);

    /// @notice The manager allowed to deploy LP tokens (and set as their minter).
    address public immutable manager;

    /// @param manager_ The `LiquidityPoolManager`.
    constructor(address manager_) {
        manager = manager_;
    }

    /// @notice Deploys the LP token of `poolId` with CREATE2 (salt = pool id).
    /// @return lpToken Address of the new token.
    function deploy(string calldata name, string calldata symbol, bytes32 poolId) external returns (address lpToken) {
        if (msg.sender != manager) revert OnlyManager(msg.sender);
        lpToken = address(new PoolLpToken{salt: poolId}(name, symbol, poolId, manager));
    }
}
