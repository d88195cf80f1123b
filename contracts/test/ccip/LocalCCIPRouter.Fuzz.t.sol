// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {RouterFixture} from "./utils/RouterFixture.sol";

/// @notice Fee formula and rounding over the whole parameter space, and message ids over many sends.
contract LocalCCIPRouterFuzzTest is RouterFixture {
    /// @dev The fee-token fee is the native fee at the token's price, rounded up by less than one base unit: the
    ///      operator is never short-changed and never overcharges by a whole unit.
    function testFuzz_getFee_tokenFeeRoundsUpByLessThanOneUnit(
        uint96 baseFee,
        uint96 gasPrice,
        uint32 feePerByte,
        uint256 gasLimit,
        uint16 dataLength,
        uint256 price
    ) public {
        gasLimit = bound(gasLimit, 0, MAX_GAS_LIMIT);
        dataLength = uint16(bound(dataLength, 0, MAX_DATA_BYTES));
        price = bound(price, 1, 1e30);
        ILocalCCIPRouter.Lane memory lane = _lane();
        (lane.baseFee, lane.gasPrice, lane.feePerByte) = (baseFee, gasPrice, feePerByte);
        vm.startPrank(operator);
        routerA.setLane(CHAIN_B, lane);
        routerA.setFeeToken(address(link), price);
        vm.stopPrank();

        Client.EVM2AnyMessage memory message =
            _message(address(receiverB), new bytes(dataLength), gasLimit, address(0));
        uint256 native = routerA.getFee(CHAIN_B, message);
        assertEq(native, uint256(baseFee) + gasLimit * gasPrice + uint256(dataLength) * feePerByte);
        message.feeToken = address(link);
        uint256 tokens = routerA.getFee(CHAIN_B, message);
        // tokens * price / 1e18 covers the native fee; one unit less would not.
        assertGe(tokens * price, native * 1e18);
        if (tokens != 0) assertLt((tokens - 1) * price, native * 1e18);
    }

    /// @dev Every message gets a distinct id, numbered in order on its lane, and executes only as itself.
    function testFuzz_ccipSend_idsAreDistinctAndSequential(uint8 count, bytes calldata data) public {
        count = uint8(bound(count, 1, 12));
        vm.assume(data.length <= MAX_DATA_BYTES);
        bytes32[] memory ids = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            ILocalCCIPRouter.LocalMessage memory m = _sendToB(data, 100_000);
            assertEq(m.sequenceNumber, i + 1);
            assertEq(routerB.messageIdOf(m), m.messageId);
            for (uint256 j = 0; j < i; ++j) {
                assertTrue(ids[j] != m.messageId, "id reused");
            }
            ids[i] = m.messageId;
        }
    }
}
