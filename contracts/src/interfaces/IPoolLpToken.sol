// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IPoolLpToken
/// @notice LP share of one Fluxion AMM pool. Only the `LiquidityPoolManager` that deployed it mints and burns.
interface IPoolLpToken is IERC20 {
    /// @notice Thrown when an account other than the manager tries to mint or burn.
    error OnlyManager(address caller);

    /// @notice The `LiquidityPoolManager` allowed to mint and burn.
    function manager() external view returns (address);

    /// @notice The pool whose shares this token represents.
    function poolId() external view returns (bytes32);

    /// @notice Mints `amount` shares to `to`.
    /// @dev Only callable by the manager.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` shares held by `from`.
    /// @dev Only callable by the manager, which burns the shares of the account that asked it to exit.
    function burn(address from, uint256 amount) external;
}
