// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IPoolLpToken} from "../interfaces/IPoolLpToken.sol";

/// @title PoolLpToken
/// @notice ERC20 (with EIP-2612 permit) share of one pool of the `LiquidityPoolManager`.
/// @dev Deployed by the manager when a pool is created; the manager is the only minter and burner, so the total
///      supply always equals the shares the manager accounted for.
contract PoolLpToken is ERC20, ERC20Permit, IPoolLpToken {
    /// @inheritdoc IPoolLpToken
    address public immutable manager;
    /// @inheritdoc IPoolLpToken
    bytes32 public immutable poolId;

    /// @param name_ ERC20 name (also the EIP-712 domain name).
    /// @param symbol_ ERC20 symbol.
    /// @param poolId_ Pool the token represents.
    /// @param manager_ The `LiquidityPoolManager`, sole minter and burner.
    constructor(string memory name_, string memory symbol_, bytes32 poolId_, address manager_)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
    {
        manager = manager_;
        poolId = poolId_;
    }

    modifier onlyManager() {
        if (msg.sender != manager) revert OnlyManager(msg.sender);
        _;
    }

    /// @inheritdoc IPoolLpToken
    function mint(address to, uint256 amount) external onlyManager {
        _mint(to, amount);
    }

    /// @inheritdoc IPoolLpToken
    function burn(address from, uint256 amount) external onlyManager {
        _burn(from, amount);
    }
}
