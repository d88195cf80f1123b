// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Gas of the hot paths: a synth send, the relay's commit (1 and 20 ids) and its execution of a transfer, and
///         how much of the lane's transfer gas limit a delivery uses, stored failure included.
/// @dev Figures are gas used inside the called frame (a transaction's cost minus its 21,000 base and calldata), with
///      every contract involved cooled first (`vm.cool`) so storage starts cold as in a real transaction. Under
///      `--gas-stats` Hardhat charges each call like a transaction; `_frameGas` takes the intrinsic cost back out.
contract CCIPGasTest is GatewayFixture {
    uint256 private constant SEND_BUDGET = 100_000;
    uint256 private constant EXECUTE_BUDGET = 140_000;
    uint256 private constant COMMIT_ONE_BUDGET = 35_000;
    uint256 private constant COMMIT_TWENTY_BUDGET = 520_000;

    function test_gas_sendSynth_native() public {
        uint256 fee = _nativeFee(TRANSFER_GAS, 5 * 32);
        bytes memory data = abi.encodeCall(a.gateway.sendSynth, (CHAIN_B, address(a.sXAU), bob, 1e18, address(0)));
        _coolAll();
        vm.prank(alice);
        a.gateway.sendSynth{value: fee}(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        uint256 used = _frameGas(data);
        emit log_named_uint("sendSynth (native fee, no rate limit)", used);
        assertLe(used, SEND_BUDGET);
    }

    function test_gas_sendSynth_withRateLimits() public {
        _setLimits(a, a.sXAU, 1_000e18, 1e18, 1_000e18, 1e18);
        vm.warp(block.timestamp + 1);
        uint256 fee = _nativeFee(TRANSFER_GAS, 5 * 32);
        bytes memory data = abi.encodeCall(a.gateway.sendSynth, (CHAIN_B, address(a.sXAU), bob, 1e18, address(0)));
        _coolAll();
        vm.prank(alice);
        a.gateway.sendSynth{value: fee}(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        uint256 used = _frameGas(data);
        emit log_named_uint("sendSynth (native fee, outbound bucket)", used);
        assertLe(used, SEND_BUDGET + 10_000);
    }

    function test_gas_execute_transfer() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, a.sXAU, alice, bob, 1e18);
        _commit(m);
        bytes memory data = abi.encodeCall(routerB.execute, (m));
        _coolAll();
        vm.prank(relayer);
        routerB.execute(m);
        uint256 used = _frameGas(data);
        Execution memory e = _lastExecution();
        emit log_named_uint("execute (transfer, relay)", used);
        emit log_named_uint("  of which the gateway (of a 300,000 limit)", e.gasUsed);
        assertEq(uint8(e.state), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertLe(used, EXECUTE_BUDGET);
    }

    function test_gas_execute_storedFailureFitsTheTransferLimit() public {
        // Inbound bucket empty for a day: the gateway stores the message inside the lane's gas limit.
        _setLimits(b, b.sXAU, 1e18, 1, 1e18, 1);
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, a.sXAU, alice, bob, 1e18 + 1);
        _commit(m);
        _coolAll();
        vm.prank(relayer);
        routerB.execute(m);
        Execution memory e = _lastExecution();
        emit log_named_uint("gateway storing a failed transfer (of a 300,000 limit)", e.gasUsed);
        assertEq(uint8(e.state), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertTrue(b.gateway.isFailed(m.messageId));
        assertLe(e.gasUsed, TRANSFER_GAS * 3 / 4, "less than a quarter of the limit to spare");
    }

    function test_gas_commit_oneAndTwentyIds() public {
        bytes32[] memory one = new bytes32[](1);
        one[0] = keccak256("id 0");
        bytes32[] memory twenty = new bytes32[](20);
        for (uint256 i = 0; i < 20; ++i) {
            twenty[i] = keccak256(abi.encode("id", i + 1));
        }
        bytes memory dataOne = abi.encodeCall(routerB.commit, (CHAIN_A, one));
        bytes memory dataTwenty = abi.encodeCall(routerB.commit, (CHAIN_A, twenty));

        _coolAll();
        vm.prank(relayer);
        routerB.commit(CHAIN_A, one);
        uint256 usedOne = _frameGas(dataOne);
        _coolAll();
        vm.prank(relayer);
        routerB.commit(CHAIN_A, twenty);
        uint256 usedTwenty = _frameGas(dataTwenty);
        emit log_named_uint("commit (1 id)", usedOne);
        emit log_named_uint("commit (20 ids)", usedTwenty);
        assertLe(usedOne, COMMIT_ONE_BUDGET);
        assertLe(usedTwenty, COMMIT_TWENTY_BUDGET);
    }

    // ------------------------------------------------------------ helpers

    function _coolAll() private {
        address[12] memory accounts = [
            address(routerA),
            address(routerB),
            address(a.gateway),
            address(b.gateway),
            address(a.sXAU),
            address(b.sXAU),
            address(a.factory),
            address(b.factory),
            alice,
            bob,
            relayer,
            address(this)
        ];
        for (uint256 i = 0; i < accounts.length; ++i) {
            vm.cool(accounts[i]);
        }
    }

    /// @dev Gas used inside the callee's frame by the last call, whose calldata was `data`.
    function _frameGas(bytes memory data) private returns (uint256 used) {
        used = vm.lastCallGas().gasTotalUsed;
        // A zero transfer costs well under 21,000 inside its frame, so more means intrinsic gas is included.
        link.transfer(address(this), 0);
        if (vm.lastCallGas().gasTotalUsed > 21_000) used -= 21_000 + _calldataCost(data);
    }

    function _calldataCost(bytes memory data) private pure returns (uint256 cost) {
        for (uint256 i; i < data.length; ++i) {
            cost += data[i] == 0 ? 4 : 16;
        }
    }
}
