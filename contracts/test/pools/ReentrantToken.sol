// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Hostile ERC20 for tests: when armed, its `transferFrom` calls back into a target with given calldata and
///         bubbles up the target's revert.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public payload;

    constructor() ERC20("Reentrant", "RE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (target != address(0)) {
            address t = target;
            target = address(0);
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory data) = t.call(payload);
            if (!ok) {
                assembly {
                    revert(add(data, 32), mload(data))
                }
            }
        }
        return super.transferFrom(from, to, value);
    }
}
