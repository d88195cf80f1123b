// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";

/// @notice Collateral that calls back into a target on its next transfer, once armed (bubbling reverts), to
///         prove the vault's reentrancy guard.
contract ReentrantToken is MockERC20 {
    address private _target;
    bytes private _payload;

    constructor() MockERC20("Reentrant", "RE", 18) {}

    function arm(address target, bytes calldata payload) external {
        _target = target;
        _payload = payload;
    }

    function _update(address from, address to, uint256 value) internal override {
        address target = _target;
        if (target != address(0)) {
            _target = address(0);
            Address.functionCall(target, _payload);
        }
        super._update(from, to, value);
    }
}
