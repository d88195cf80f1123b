// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ICrossChainGateway} from "../../src/interfaces/ICrossChainGateway.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice What cannot be delivered: messages from an unknown chain or sender revert (router FAILURE, nothing minted);
///         valid messages that cannot be processed are stored, retried by anyone and recovered by governance; pause.
contract CrossChainGatewayFailuresTest is GatewayFixture {
    bytes32 internal constant BTC = "sBTC";

    // ------------------------------------------------------------ rejected by the gateway: router FAILURE

    function test_ccipReceive_fromADisabledLaneIsARouterFailureUntilReEnabled() public {
        ICrossChainGateway.Lane memory off = _gatewayLane(address(a.gateway));
        off.enabled = false;
        vm.prank(admin);
        b.gateway.setLane(CHAIN_A, off);

        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, a.sXAU, alice, bob, 10e18);
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));
        assertEq(
            _lastExecution().returnData,
            abi.encodeWithSelector(ICrossChainGateway.ChainNotAllowed.selector, CHAIN_A)
        );
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE);
        assertFalse(b.gateway.isFailed(m.messageId));

        // Governance re-opens the lane; anyone executes the failed message.
        vm.prank(admin);
        b.gateway.setLane(CHAIN_A, _gatewayLane(address(a.gateway)));
        vm.prank(stranger);
        assertEq(uint8(routerB.manuallyExecute(m, 0)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE + 10e18);
    }

    function test_ccipReceive_fromAnyoneButThePeerIsARouterFailure() public {
        // A stranger's contract on chain A sends a perfectly formed transfer straight to B's gateway.
        bytes memory data = abi.encode(
            ICrossChainGateway.MessageKind.TRANSFER,
            ICrossChainGateway.Transfer({assetId: XAU, from: stranger, to: stranger, amount: 1_000_000e18})
        );
        vm.deal(stranger, 1 ether);
        vm.prank(stranger);
        routerA.ccipSend{value: 1 ether}(CHAIN_B, _message(address(b.gateway), data, TRANSFER_GAS, address(0)));
        ILocalCCIPRouter.LocalMessage memory m = _sent();
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));
        assertEq(
            _lastExecution().returnData,
            abi.encodeWithSelector(ICrossChainGateway.SenderNotAllowed.selector, CHAIN_A, abi.encode(stranger))
        );
        vm.prank(stranger);
        assertEq(uint8(routerB.manuallyExecute(m, 1_000_000)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));
        assertEq(b.sXAU.balanceOf(stranger), 0);
        assertFalse(b.gateway.isFailed(m.messageId));
    }

    // ------------------------------------------------------------ stored by the gateway

    function test_unknownAsset_isStoredWholeAndRecoveredByGovernance() public {
        SyntheticAsset aBTC = _btcOn(a);
        _give(a, aBTC, alice, 2e18);
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, aBTC, alice, bob, 2e18);
        _commit(m);
        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.MessageFailed(
            m.messageId,
            CHAIN_A,
            abi.encodeWithSelector(ICrossChainGateway.UnknownSynth.selector, address(0), BTC)
        );
        assertEq(uint8(_execute(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));

        assertTrue(b.gateway.isFailed(m.messageId));
        Client.Any2EVMMessage memory stored = b.gateway.getFailedMessage(m.messageId);
        assertEq(stored.messageId, m.messageId);
        assertEq(stored.sourceChainSelector, CHAIN_A);
        assertEq(stored.sender, abi.encode(address(a.gateway)));
        assertEq(stored.data, m.data);
        assertEq(stored.destTokenAmounts.length, 0);

        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.UnknownSynth.selector, address(0), BTC));
        b.gateway.retryFailedMessage(m.messageId);
        assertTrue(b.gateway.isFailed(m.messageId));

        // Governance lists sBTC on B (the gateway a minter) and pays the transfer to an account of its choice.
        SyntheticAsset bBTC = _btcOn(b);
        address carol = makeAddr("carol");
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, bytes32(0))
        );
        vm.prank(stranger);
        b.gateway.recoverFailedMessage(m.messageId, carol);

        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.MessageRecovered(m.messageId, carol);
        vm.prank(admin);
        b.gateway.recoverFailedMessage(m.messageId, carol);
        assertEq(bBTC.balanceOf(carol), 2e18);
        assertEq(_supply(aBTC) + _supply(bBTC), 2e18);
        assertFalse(b.gateway.isFailed(m.messageId));
        assertEq(b.gateway.getFailedMessage(m.messageId).messageId, bytes32(0));
        assertEq(b.gateway.getFailedMessage(m.messageId).data.length, 0);

        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.MessageNotFailed.selector, m.messageId));
        vm.prank(admin);
        b.gateway.recoverFailedMessage(m.messageId, carol);
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.MessageNotFailed.selector, m.messageId));
        b.gateway.retryFailedMessage(m.messageId);
    }

    function test_recoverFailedMessage_revertsForTheZeroAddress() public {
        SyntheticAsset aBTC = _btcOn(a);
        _give(a, aBTC, alice, 2e18);
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, aBTC, alice, bob, 2e18);
        _relay(m);
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        vm.prank(admin);
        b.gateway.recoverFailedMessage(m.messageId, address(0));
        assertTrue(b.gateway.isFailed(m.messageId));
    }

    function test_unknownAsset_anyoneRetriesOnceTheSynthIsListed() public {
        SyntheticAsset aBTC = _btcOn(a);
        _give(a, aBTC, alice, 2e18);
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, aBTC, alice, bob, 2e18);
        _relay(m);
        SyntheticAsset bBTC = _btcOn(b);
        vm.prank(stranger);
        b.gateway.retryFailedMessage(m.messageId);
        assertEq(bBTC.balanceOf(bob), 2e18);
        assertFalse(b.gateway.isFailed(m.messageId));
    }

    function test_missingMinterRole_isStoredNotLost() public {
        bytes32 role = b.sXAU.MINTER_ROLE();
        vm.prank(admin);
        b.sXAU.revokeRole(role, address(b.gateway));
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, a.sXAU, alice, bob, 5e18);
        _relay(m);
        assertTrue(b.gateway.isFailed(m.messageId));
        vm.prank(admin);
        b.sXAU.grantRole(role, address(b.gateway));
        b.gateway.retryFailedMessage(m.messageId);
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE + 5e18);
    }

    // ------------------------------------------------------------ pause

    function test_pause_stopsSendsButNotDeliveriesOrRetries() public {
        ILocalCCIPRouter.LocalMessage memory toA = _sendSynth(b, b.sXAU, bob, alice, 10e18);
        vm.prank(guardian);
        a.gateway.pause();

        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        vm.deal(admin, 1 ether);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(admin);
        a.gateway.sendLiquidity{value: 1 ether}(CHAIN_B, a.pool, 1, new uint256[](2), b.pool, admin, address(0));

        assertEq(uint8(_relay(toA)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertEq(a.sXAU.balanceOf(alice), START_BALANCE + 10e18);

        bytes32 role = a.sXAU.MINTER_ROLE();
        vm.prank(admin);
        a.sXAU.revokeRole(role, address(a.gateway));
        ILocalCCIPRouter.LocalMessage memory again = _sendSynth(b, b.sXAU, bob, alice, 1e18);
        _relay(again);
        assertTrue(a.gateway.isFailed(again.messageId));
        vm.prank(admin);
        a.sXAU.grantRole(role, address(a.gateway));
        a.gateway.retryFailedMessage(again.messageId);
        assertEq(a.sXAU.balanceOf(alice), START_BALANCE + 11e18);

        vm.prank(admin);
        a.gateway.unpause();
        _sendSynth(a, a.sXAU, alice, bob, 1e18);
    }

    function _btcOn(Deployment memory c) internal returns (SyntheticAsset synth) {
        vm.startPrank(admin);
        synth = _createSynth(c, BTC, "Synthetic Bitcoin", "sBTC", 60_000e8);
        vm.stopPrank();
    }
}
