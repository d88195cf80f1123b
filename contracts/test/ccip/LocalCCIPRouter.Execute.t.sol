// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {CallWithExactGas} from "@chainlink/contracts/src/v0.8/shared/call/CallWithExactGas.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {MockCCIPReceiver} from "../../src/mocks/MockCCIPReceiver.sol";
import {LoudReceiver} from "./utils/LoudReceiver.sol";
import {ReentrantReceiver} from "./utils/ReentrantReceiver.sol";
import {RouterFixture} from "./utils/RouterFixture.sol";

/// @notice Commit store and OffRamp: who commits and executes, which messages execute, exact gas, failures and their
///         manual execution, the permissionless threshold, and that a message succeeds at most once.
contract LocalCCIPRouterExecuteTest is RouterFixture {
    bytes internal constant DATA = "payload";

    // ------------------------------------------------------------ commit

    function test_commit_recordsTheTimeAndEmitsOncePerNewId() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        bytes32[] memory ids = new bytes32[](2);
        ids[0] = m.messageId;
        ids[1] = m.messageId;
        vm.prank(relayer);
        routerB.commit(CHAIN_A, ids);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "second copy emitted");
        assertEq(logs[0].emitter, address(routerB));
        assertEq(logs[0].topics[0], ILocalCCIPRouter.MessageCommitted.selector);
        assertEq(logs[0].topics[1], bytes32(uint256(CHAIN_A)));
        assertEq(logs[0].topics[2], m.messageId);
        assertEq(abi.decode(logs[0].data, (address)), relayer);
        assertEq(routerB.committedAt(m.messageId), block.timestamp);

        // A later commit of the same id changes nothing.
        vm.warp(block.timestamp + 1 hours);
        vm.prank(relayer);
        routerB.commit(CHAIN_A, ids);
        assertEq(_countLogs(ILocalCCIPRouter.MessageCommitted.selector), 0);
        assertEq(routerB.committedAt(m.messageId), block.timestamp - 1 hours);
    }

    function test_commit_onlyTheRelayer() public {
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = keccak256("id");
        address[3] memory others = [operator, sender, stranger];
        for (uint256 i = 0; i < others.length; ++i) {
            vm.expectRevert(_unauthorized(others[i], routerB.RELAYER_ROLE()));
            vm.prank(others[i]);
            routerB.commit(CHAIN_A, ids);
        }
        assertEq(routerB.committedAt(ids[0]), 0);
    }

    function test_commit_revertsForAnEmptyBatchOrADisabledSource() public {
        vm.expectRevert(ILocalCCIPRouter.InvalidCommitReport.selector);
        vm.prank(relayer);
        routerB.commit(CHAIN_A, new bytes32[](0));

        bytes32[] memory ids = new bytes32[](1);
        ids[0] = keccak256("id");
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.SourceChainNotEnabled.selector, uint64(7)));
        vm.prank(relayer);
        routerB.commit(7, ids);
    }

    // ------------------------------------------------------------ execute

    function test_execute_deliversACommittedMessageOnce() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        Execution memory e = _lastExecution();
        assertEq(e.messageId, m.messageId);
        assertEq(uint8(e.state), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertEq(e.returnData.length, 0);
        assertFalse(e.manual);
        assertEq(e.executor, relayer);
        assertEq(e.gasLimit, 100_000);
        assertGt(e.gasUsed, 0);
        assertLe(e.gasUsed, 100_000);
        assertTrue(receiverB.received(m.messageId));
        assertEq(receiverB.receivedCount(), 1);
        assertEq(uint8(routerB.getExecutionState(m.messageId)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));

        vm.expectRevert(
            abi.encodeWithSelector(
                ILocalCCIPRouter.InvalidExecutionState.selector, m.messageId, ILocalCCIPRouter.ExecutionState.SUCCESS
            )
        );
        _execute(m);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILocalCCIPRouter.InvalidExecutionState.selector, m.messageId, ILocalCCIPRouter.ExecutionState.SUCCESS
            )
        );
        vm.prank(stranger);
        routerB.manuallyExecute(m, 500_000);
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILocalCCIPRouter.InvalidExecutionState.selector, m.messageId, ILocalCCIPRouter.ExecutionState.SUCCESS
            )
        );
        vm.prank(stranger);
        routerB.manuallyExecute(m, 0);
        assertEq(receiverB.receivedCount(), 1);
    }

    function test_execute_passesTheMessageAsCCIPDoes() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        _commit(m);
        vm.expectEmit(address(receiverB));
        emit MockCCIPReceiver.MessageReceived(m.messageId, CHAIN_A, abi.encode(sender), DATA);
        _execute(m);
    }

    function test_execute_onlyTheRelayer() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        _commit(m);
        address[3] memory others = [operator, sender, stranger];
        for (uint256 i = 0; i < others.length; ++i) {
            vm.expectRevert(_unauthorized(others[i], routerB.RELAYER_ROLE()));
            vm.prank(others[i]);
            routerB.execute(m);
        }
    }

    function test_execute_revertsForAMessageNeverCommitted() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.NotCommitted.selector, m.messageId));
        _execute(m);
    }

    function test_execute_revertsForATamperedMessage() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        _commit(m);
        bytes32 id = m.messageId;

        // Any changed field no longer hashes to the committed id.
        m.data = "payloae";
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.InvalidMessage.selector, id));
        _execute(m);
        m.data = DATA;
        m.gasLimit = 2_000_000;
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.InvalidMessage.selector, id));
        _execute(m);

        // A consistent forgery hashes fine but was never committed.
        m.gasLimit = 100_000;
        m.sender = stranger;
        m.messageId = routerB.messageIdOf(m);
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.NotCommitted.selector, m.messageId));
        _execute(m);
        assertEq(receiverB.receivedCount(), 0);
    }

    function test_execute_revertsOnAnotherChainOrFromADisabledSource() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        _commit(m);
        // Chain A is not the destination.
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.InvalidMessage.selector, m.messageId));
        vm.prank(relayer);
        routerA.execute(m);

        vm.prank(operator);
        routerB.setSourceChain(CHAIN_A, false);
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.InvalidMessage.selector, m.messageId));
        _execute(m);
        vm.prank(operator);
        routerB.setSourceChain(CHAIN_A, true);
        assertEq(uint8(_execute(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
    }

    function test_execute_revertsWhenCommittedUnderAnotherSource() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        uint64 chainC = 77;
        vm.prank(operator);
        routerB.setSourceChain(chainC, true);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = m.messageId;
        vm.prank(relayer);
        routerB.commit(chainC, ids);
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.NotCommitted.selector, m.messageId));
        _execute(m);
    }

    // ------------------------------------------------------------ exact gas

    function test_execute_tooLittleTransactionGasRevertsInsteadOfFailingTheMessage() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 1_000_000);
        _commit(m);
        vm.prank(relayer);
        vm.expectRevert(CallWithExactGas.NotEnoughGasForCall.selector);
        routerB.execute{gas: 900_000}(m);
        assertEq(uint8(routerB.getExecutionState(m.messageId)), uint8(ILocalCCIPRouter.ExecutionState.UNTOUCHED));
        assertEq(receiverB.receivedCount(), 0);

        // Too little even to ask the receiver for its interface: reverts too, rather than skipping the call.
        vm.prank(relayer);
        vm.expectRevert();
        routerB.execute{gas: 45_000}(m);
        assertEq(uint8(routerB.getExecutionState(m.messageId)), uint8(ILocalCCIPRouter.ExecutionState.UNTOUCHED));

        assertEq(uint8(_execute(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
    }

    /// @dev Whatever gas the relay gives, the message either succeeds or stays untouched: never a FAILURE.
    function testFuzz_execute_shortGasNeverFailsAHealthyMessage(uint256 txGas) public {
        txGas = bound(txGas, 25_000, 1_200_000);
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 1_000_000);
        _commit(m);
        vm.prank(relayer);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok,) = address(routerB).call{gas: txGas}(abi.encodeCall(routerB.execute, (m)));
        ILocalCCIPRouter.ExecutionState state = routerB.getExecutionState(m.messageId);
        if (ok) {
            assertEq(uint8(state), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
            assertTrue(receiverB.received(m.messageId));
        } else {
            assertEq(uint8(state), uint8(ILocalCCIPRouter.ExecutionState.UNTOUCHED));
            assertEq(receiverB.receivedCount(), 0);
        }
    }

    // ------------------------------------------------------------ failures and manual execution

    function test_execute_receiverRevertIsAFailureThatAStrangerExecutesOnceFixed() public {
        receiverB.setShouldRevert(true);
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));
        Execution memory e = _lastExecution();
        assertEq(e.returnData, abi.encodeWithSelector(MockCCIPReceiver.Rejected.selector, m.messageId));
        assertEq(uint8(routerB.getExecutionState(m.messageId)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));

        // The relay's own path is closed for a failed message; anyone may retry it, even before the threshold.
        vm.expectRevert(
            abi.encodeWithSelector(
                ILocalCCIPRouter.InvalidExecutionState.selector, m.messageId, ILocalCCIPRouter.ExecutionState.FAILURE
            )
        );
        _execute(m);
        vm.prank(stranger);
        assertEq(uint8(routerB.manuallyExecute(m, 0)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));

        receiverB.setShouldRevert(false);
        vm.prank(stranger);
        assertEq(uint8(routerB.manuallyExecute(m, 0)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        e = _lastExecution();
        assertTrue(e.manual);
        assertEq(e.executor, stranger);
        assertEq(e.gasLimit, 100_000);
        assertTrue(receiverB.received(m.messageId));
    }

    function test_manuallyExecute_aMessageOutOfGasSucceedsWithAHigherLimitOnly() public {
        receiverB.setGasToBurn(150_000);
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));
        Execution memory e = _lastExecution();
        assertEq(e.returnData.length, 0);
        // The whole limit, plus the CALL's own cost.
        assertGe(e.gasUsed, 100_000);
        assertLt(e.gasUsed, 101_000);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILocalCCIPRouter.InvalidManualExecutionGasLimit.selector, m.messageId, 100_000, 99_999
            )
        );
        vm.prank(stranger);
        routerB.manuallyExecute(m, 99_999);

        // The message's own limit is still too little; an override is not.
        vm.prank(stranger);
        assertEq(uint8(routerB.manuallyExecute(m, 100_000)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));
        vm.prank(stranger);
        assertEq(uint8(routerB.manuallyExecute(m, 400_000)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertEq(_lastExecution().gasLimit, 400_000);
        assertTrue(receiverB.received(m.messageId));
    }

    function test_manuallyExecute_anUntouchedMessageOnlyFromTheThreshold() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.NotCommitted.selector, m.messageId));
        vm.prank(stranger);
        routerB.manuallyExecute(m, 0);

        _commit(m);
        uint256 committed = block.timestamp;
        vm.warp(committed + THRESHOLD - 1);
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.ManualExecutionNotYetEnabled.selector, m.messageId));
        vm.prank(stranger);
        routerB.manuallyExecute(m, 0);

        vm.warp(committed + THRESHOLD);
        vm.prank(stranger);
        assertEq(uint8(routerB.manuallyExecute(m, 0)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertTrue(_lastExecution().manual);
        // ...after which the relay cannot deliver it again.
        vm.expectRevert(
            abi.encodeWithSelector(
                ILocalCCIPRouter.InvalidExecutionState.selector, m.messageId, ILocalCCIPRouter.ExecutionState.SUCCESS
            )
        );
        _execute(m);
        assertEq(receiverB.receivedCount(), 1);
    }

    function test_manuallyExecute_aZeroThresholdOpensUntouchedMessagesAtOnce() public {
        vm.prank(operator);
        routerB.setPermissionlessExecutionThreshold(0);
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        _commit(m);
        vm.prank(stranger);
        assertEq(uint8(routerB.manuallyExecute(m, 0)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
    }

    // ------------------------------------------------------------ receivers

    function test_execute_reentryIntoTheSameMessageIsRefused() public {
        ReentrantReceiver hostile = new ReentrantReceiver(routerB);
        // Even a relayer: the state check, not the role, is what stops it.
        bytes32 relayerRole = routerB.RELAYER_ROLE();
        vm.prank(operator);
        routerB.grantRole(relayerRole, address(hostile));
        vm.prank(operator);
        routerB.setPermissionlessExecutionThreshold(0);
        ILocalCCIPRouter.LocalMessage memory m = _sendTo(address(hostile), 500_000);
        hostile.arm(m);
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        bytes memory inProgress = abi.encodeWithSelector(
            ILocalCCIPRouter.InvalidExecutionState.selector, m.messageId, ILocalCCIPRouter.ExecutionState.IN_PROGRESS
        );
        assertEq(hostile.calls(), 1);
        assertEq(hostile.executeError(), inProgress);
        assertEq(hostile.manualError(), inProgress);
    }

    function test_execute_aReceiverWithoutCodeOrInterfaceSucceedsWithoutACall() public {
        ILocalCCIPRouter.LocalMessage memory toEoa = _sendTo(stranger, 100_000);
        assertEq(uint8(_relay(toEoa)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertEq(_lastExecution().gasUsed, 0);

        // LINK has code but no `IAny2EVMMessageReceiver`.
        ILocalCCIPRouter.LocalMessage memory toToken = _sendTo(address(link), 100_000);
        assertEq(uint8(_relay(toToken)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertEq(_lastExecution().gasUsed, 0);
    }

    function test_execute_keepsAtMostMaxRetBytesOfRevertData() public {
        LoudReceiver loud = new LoudReceiver(10_000);
        ILocalCCIPRouter.LocalMessage memory m = _sendTo(address(loud), 200_000);
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));
        assertEq(_lastExecution().returnData.length, routerB.MAX_RET_BYTES());
        assertEq(routerB.MAX_RET_BYTES(), 132);
        assertEq(routerB.GAS_FOR_CALL_EXACT_CHECK(), 5_000);
    }

    function test_mockReceiver_acceptsOnlyItsRouter() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        m.receiver = address(receiverB);
        vm.expectRevert(abi.encodeWithSelector(MockCCIPReceiver.InvalidRouter.selector, stranger));
        vm.prank(stranger);
        receiverB.ccipReceive(_any2Evm(m));
    }

    // ------------------------------------------------------------ helpers

    function _sendTo(address receiver, uint256 gasLimit) internal returns (ILocalCCIPRouter.LocalMessage memory) {
        vm.prank(sender);
        routerA.ccipSend{value: 1 ether}(CHAIN_B, _message(receiver, DATA, gasLimit, address(0)));
        return _sent();
    }

    /// @dev How many logs with `topic` were emitted since the previous read.
    function _countLogs(bytes32 topic) internal returns (uint256 count) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] == topic) ++count;
        }
    }

    function _any2Evm(ILocalCCIPRouter.LocalMessage memory m) internal pure returns (Client.Any2EVMMessage memory) {
        return Client.Any2EVMMessage({
            messageId: m.messageId,
            sourceChainSelector: m.sourceChainSelector,
            sender: abi.encode(m.sender),
            data: m.data,
            destTokenAmounts: new Client.EVMTokenAmount[](0)
        });
    }
}
