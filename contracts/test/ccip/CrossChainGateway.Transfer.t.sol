// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAny2EVMMessageReceiver} from "@chainlink/contracts-ccip/contracts/interfaces/IAny2EVMMessageReceiver.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ICrossChainGateway} from "../../src/interfaces/ICrossChainGateway.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Synth transfers between the two chains: what is burnt here is minted there, the message as sent, fees in
///         native (excess refunded) and in LINK, and the receiving checks.
contract CrossChainGatewayTransferTest is GatewayFixture {
    function test_sendSynth_burnsOnAAndMintsExactlyThatOnB() public {
        uint256 amount = 250e18;
        uint256 fee = a.gateway.quoteTransfer(CHAIN_B, address(a.sXAU), bob, amount, address(0));
        vm.prank(alice);
        bytes32 id = a.gateway.sendSynth{value: fee}(CHAIN_B, address(a.sXAU), bob, amount, address(0));
        ILocalCCIPRouter.LocalMessage memory m = _sent();
        assertEq(id, m.messageId);
        assertEq(a.sXAU.balanceOf(alice), START_BALANCE - amount);
        assertEq(_supply(a.sXAU), START_BALANCE - amount);
        assertEq(_supply(b.sXAU), START_BALANCE, "nothing minted before delivery");

        _commit(m);
        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.SynthReceived(id, CHAIN_A, bob, alice, address(b.sXAU), XAU, amount);
        assertEq(uint8(_execute(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE + amount);
        assertEq(_supply(a.sXAU) + _supply(b.sXAU), 2 * START_BALANCE);
        assertFalse(b.gateway.isFailed(id));
    }

    function test_sendSynth_BToAAndBackAgain() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(b, b.sXAU, bob, alice, 400e18);
        assertEq(m.sourceChainSelector, CHAIN_B);
        assertEq(m.destChainSelector, CHAIN_A);
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        assertEq(a.sXAU.balanceOf(alice), START_BALANCE + 400e18);
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE - 400e18);

        m = _sendSynth(a, a.sXAU, alice, bob, START_BALANCE + 400e18);
        _relay(m);
        assertEq(a.sXAU.balanceOf(alice), 0);
        assertEq(_supply(a.sXAU), 0);
        assertEq(b.sXAU.balanceOf(bob), 2 * START_BALANCE);
        assertEq(_supply(b.sXAU), 2 * START_BALANCE);
    }

    function test_sendSynth_emitsAndSendsTheDocumentedMessage() public {
        uint256 fee = a.gateway.quoteTransfer(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        vm.expectEmit(address(a.gateway));
        emit ICrossChainGateway.SynthSent(
            _nextId(), CHAIN_B, alice, bob, address(a.sXAU), XAU, 1e18, address(0), fee
        );
        vm.prank(alice);
        a.gateway.sendSynth{value: fee}(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        ILocalCCIPRouter.LocalMessage memory m = _sent();
        assertEq(m.sender, address(a.gateway));
        assertEq(m.receiver, address(b.gateway));
        assertEq(m.gasLimit, TRANSFER_GAS);
        assertEq(m.feeTokenAmount, fee);
        assertEq(
            m.data,
            abi.encode(
                ICrossChainGateway.MessageKind.TRANSFER,
                ICrossChainGateway.Transfer({assetId: XAU, from: alice, to: bob, amount: 1e18})
            )
        );
    }

    // ------------------------------------------------------------ fees

    function test_sendSynth_nativeFee_refundsTheExcessToTheCaller() public {
        uint256 fee = a.gateway.quoteTransfer(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        assertEq(fee, _nativeFee(TRANSFER_GAS, 5 * 32));
        vm.prank(alice);
        a.gateway.sendSynth{value: fee + 1 ether}(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        assertEq(alice.balance, 100 ether - fee);
        assertEq(address(routerA).balance, fee);
        assertEq(address(a.gateway).balance, 0);
    }

    function test_sendSynth_nativeFee_revertsBelowTheQuote() public {
        uint256 fee = a.gateway.quoteTransfer(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.InsufficientFee.selector, fee, fee - 1));
        vm.prank(alice);
        a.gateway.sendSynth{value: fee - 1}(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
    }

    function test_sendSynth_feeToken_pullsTheQuoteFromTheCaller() public {
        link.mint(alice, 10e18);
        vm.prank(alice);
        link.approve(address(a.gateway), type(uint256).max);
        uint256 fee = a.gateway.quoteTransfer(CHAIN_B, address(a.sXAU), bob, 1e18, address(link));
        assertEq(fee, _nativeFee(TRANSFER_GAS, 5 * 32) * 1e18 / LINK_PRICE);
        vm.prank(alice);
        a.gateway.sendSynth(CHAIN_B, address(a.sXAU), bob, 1e18, address(link));
        ILocalCCIPRouter.LocalMessage memory m = _sent();
        assertEq(m.feeToken, address(link));
        assertEq(m.feeTokenAmount, fee);
        assertEq(link.balanceOf(alice), 10e18 - fee);
        assertEq(link.balanceOf(address(routerA)), fee);
        assertEq(link.balanceOf(address(a.gateway)), 0);
        assertEq(link.allowance(address(a.gateway), address(routerA)), 0);
        _relay(m);
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE + 1e18);
    }

    function test_sendSynth_feeToken_revertsWithNativeValueOrWithoutAllowance() public {
        link.mint(alice, 10e18);
        vm.expectRevert(ICrossChainGateway.InvalidMsgValue.selector);
        vm.prank(alice);
        a.gateway.sendSynth{value: 1}(CHAIN_B, address(a.sXAU), bob, 1e18, address(link));

        uint256 fee = a.gateway.quoteTransfer(CHAIN_B, address(a.sXAU), bob, 1e18, address(link));
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(a.gateway), 0, fee)
        );
        vm.prank(alice);
        a.gateway.sendSynth(CHAIN_B, address(a.sXAU), bob, 1e18, address(link));
        assertEq(a.sXAU.balanceOf(alice), START_BALANCE);
    }

    // ------------------------------------------------------------ refusals

    function test_sendSynth_revertsForBadArguments() public {
        vm.startPrank(alice);
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(a.sXAU), address(0), 1e18, address(0));
        vm.expectRevert(ICrossChainGateway.ZeroAmount.selector);
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(a.sXAU), bob, 0, address(0));
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.ChainNotAllowed.selector, uint64(42)));
        a.gateway.sendSynth{value: 1 ether}(42, address(a.sXAU), bob, 1e18, address(0));
        // LINK is not a synth; neither is chain B's sXAU here.
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.UnknownSynth.selector, address(link), bytes32(0)));
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(link), bob, 1e18, address(0));
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.UnknownSynth.selector, address(b.sXAU), bytes32(0)));
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(b.sXAU), bob, 1e18, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, alice, START_BALANCE, START_BALANCE + 1
            )
        );
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(a.sXAU), bob, START_BALANCE + 1, address(0));
        vm.stopPrank();
    }

    function test_sendSynth_revertsWithoutMinterRole() public {
        bytes32 role = a.sXAU.MINTER_ROLE();
        vm.prank(admin);
        a.sXAU.revokeRole(role, address(a.gateway));
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, address(a.gateway), role)
        );
        vm.prank(alice);
        a.gateway.sendSynth{value: 1 ether}(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
    }

    function test_ccipReceive_onlyTheRouter() public {
        Client.Any2EVMMessage memory message = Client.Any2EVMMessage({
            messageId: keccak256("forged"),
            sourceChainSelector: CHAIN_A,
            sender: abi.encode(address(a.gateway)),
            data: abi.encode(
                ICrossChainGateway.MessageKind.TRANSFER,
                ICrossChainGateway.Transfer({assetId: XAU, from: alice, to: stranger, amount: 1e18})
            ),
            destTokenAmounts: new Client.EVMTokenAmount[](0)
        });
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.InvalidRouter.selector, stranger));
        vm.prank(stranger);
        b.gateway.ccipReceive(message);
        // Not even through chain A's router.
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.InvalidRouter.selector, address(routerA)));
        vm.prank(address(routerA));
        b.gateway.ccipReceive(message);

        vm.expectRevert(ICrossChainGateway.OnlySelf.selector);
        vm.prank(address(routerB));
        b.gateway.processMessage(message);
        assertEq(b.sXAU.balanceOf(stranger), 0);
    }

    function test_supportsInterface_answersAsRoutersExpect() public view {
        assertTrue(b.gateway.supportsInterface(type(IAny2EVMMessageReceiver).interfaceId));
        assertTrue(b.gateway.supportsInterface(type(IERC165).interfaceId));
        assertTrue(b.gateway.supportsInterface(type(IAccessControl).interfaceId));
        assertFalse(b.gateway.supportsInterface(0xffffffff));
        assertEq(b.gateway.getRouter(), address(routerB));
    }

    /// @dev The id chain A's next message to B will have, from its sequence number (sender, receiver, fee known).
    function _nextId() internal view returns (bytes32) {
        uint256 fee = a.gateway.quoteTransfer(CHAIN_B, address(a.sXAU), bob, 1e18, address(0));
        return routerA.messageIdOf(
            ILocalCCIPRouter.LocalMessage({
                messageId: bytes32(0),
                sourceChainSelector: CHAIN_A,
                destChainSelector: CHAIN_B,
                sequenceNumber: routerA.getSequenceNumber(CHAIN_B) + 1,
                sender: address(a.gateway),
                receiver: address(b.gateway),
                data: abi.encode(
                    ICrossChainGateway.MessageKind.TRANSFER,
                    ICrossChainGateway.Transfer({assetId: XAU, from: alice, to: bob, amount: 1e18})
                ),
                gasLimit: TRANSFER_GAS,
                feeToken: address(0),
                feeTokenAmount: fee
            })
        );
    }
}
