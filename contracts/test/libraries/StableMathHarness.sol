// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StableMath} from "../../src/libraries/StableMath.sol";

/// @dev External wrapper so reverts can be expected.
contract StableMathHarness {
    function calcInvariant(uint256 amp, uint256[] calldata xp) external pure returns (uint256) {
        return StableMath.calcInvariant(amp, xp);
    }

    function calcBalance(uint256 amp, uint256[] calldata xp, uint256 d, uint256 j) external pure returns (uint256) {
        return StableMath.calcBalance(amp, xp, d, j);
    }

    function calcLpOutGivenExactTokensIn(
        uint256 amp,
        uint256[] calldata xp,
        uint256[] calldata amounts,
        uint256 lpSupply,
        uint256 swapFee
    ) external pure returns (uint256 lpOut) {
        (lpOut,) = StableMath.calcLpOutGivenExactTokensIn(amp, xp, amounts, lpSupply, swapFee);
    }

    function calcTokenOutGivenExactLpIn(
        uint256 amp,
        uint256[] calldata xp,
        uint256 i,
        uint256 lpIn,
        uint256 lpSupply,
        uint256 swapFee
    ) external pure returns (uint256 dy) {
        (dy,) = StableMath.calcTokenOutGivenExactLpIn(amp, xp, i, lpIn, lpSupply, swapFee);
    }
}
