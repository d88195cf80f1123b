// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRouterClient} from "@chainlink/contracts-ccip/contracts/interfaces/IRouterClient.sol";
import {Client} from "@chainlink/contracts-ccip/contracts/libraries/Client.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {RouterFixture} from "./utils/RouterFixture.sol";

/// @notice Router + OnRamp: validation, fees in native and in a fee token, sequence numbers and message ids.
contract LocalCCIPRouterSendTest is RouterFixture {
    bytes internal constant DATA = "hello, chain B";

    // ------------------------------------------------------------ fees

    function test_getFee_native_isBasePlusTheWholeGasLimitPlusBytes() public view {
        uint256 fee = routerA.getFee(CHAIN_B, _message(address(receiverB), DATA, 300_000, address(0)));
        assertEq(fee, 0.001 ether + 300_000 gwei + DATA.length * 16);
    }

    function test_getFee_feeToken_isTheNativeFeeAtTheTokenPriceRoundedUp() public {
        // 3e15 wei per LINK: the native fee times 1000 / 3 is not a whole number of base units.
        vm.prank(operator);
        routerA.setFeeToken(address(link), 3e15);
        uint256 native = _nativeFee(300_001, DATA.length);
        assertTrue(native * 1000 % 3 != 0, "example must round");
        uint256 fee = routerA.getFee(CHAIN_B, _message(address(receiverB), DATA, 300_001, address(link)));
        assertEq(fee, native * 1000 / 3 + 1);
    }

    function test_getFee_emptyExtraArgsMeansTheDefaultGasLimit() public view {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 0, address(0));
        message.extraArgs = "";
        assertEq(routerA.DEFAULT_GAS_LIMIT(), 200_000);
        assertEq(routerA.getFee(CHAIN_B, message), _nativeFee(200_000, DATA.length));
    }

    function test_getFee_readsEVMExtraArgsV1() public view {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 0, address(0));
        message.extraArgs = Client._argsToBytes(Client.EVMExtraArgsV1({gasLimit: 123_456}));
        assertEq(routerA.getFee(CHAIN_B, message), _nativeFee(123_456, DATA.length));
    }

    function test_getFee_revertsForAnUnknownOrTruncatedTag() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 0, address(0));
        bytes[5] memory bad = [
            abi.encodeWithSelector(bytes4(0xdeadbeef), uint256(100_000)),
            abi.encodeWithSelector(Client.SVM_EXTRA_ARGS_V1_TAG, uint256(100_000)),
            bytes(hex"97a657"),
            abi.encodePacked(Client.EVM_EXTRA_ARGS_V1_TAG, uint128(1)),
            abi.encodePacked(Client.GENERIC_EXTRA_ARGS_V2_TAG, uint256(100_000))
        ];
        for (uint256 i = 0; i < bad.length; ++i) {
            message.extraArgs = bad[i];
            vm.expectRevert(ILocalCCIPRouter.InvalidExtraArgsTag.selector);
            routerA.getFee(CHAIN_B, message);
        }
    }

    function test_getFee_revertsForAnUnsupportedFeeToken() public {
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.UnsupportedFeeToken.selector, stranger));
        routerA.getFee(CHAIN_B, _message(address(receiverB), DATA, 100_000, stranger));
    }

    // ------------------------------------------------------------ validation

    function test_ccipSend_revertsForAnUnsupportedDestination() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(0));
        vm.expectRevert(abi.encodeWithSelector(IRouterClient.UnsupportedDestinationChain.selector, uint64(42)));
        vm.prank(sender);
        routerA.ccipSend{value: 1 ether}(42, message);

        ILocalCCIPRouter.Lane memory lane = _lane();
        lane.enabled = false;
        vm.prank(operator);
        routerA.setLane(CHAIN_B, lane);
        assertFalse(routerA.isChainSupported(CHAIN_B));
        vm.expectRevert(abi.encodeWithSelector(IRouterClient.UnsupportedDestinationChain.selector, CHAIN_B));
        vm.prank(sender);
        routerA.ccipSend{value: 1 ether}(CHAIN_B, message);
    }

    function test_ccipSend_revertsWhenTheGasLimitIsAboveTheLanesMaximum() public {
        _sendToB(DATA, MAX_GAS_LIMIT);
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, MAX_GAS_LIMIT + 1, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(ILocalCCIPRouter.MessageGasLimitTooHigh.selector, MAX_GAS_LIMIT + 1, MAX_GAS_LIMIT)
        );
        vm.prank(sender);
        routerA.ccipSend{value: 1 ether}(CHAIN_B, message);
    }

    function test_ccipSend_revertsWhenDataIsAboveTheLanesMaximum() public {
        _sendToB(new bytes(MAX_DATA_BYTES), 100_000);
        Client.EVM2AnyMessage memory message =
            _message(address(receiverB), new bytes(MAX_DATA_BYTES + 1), 100_000, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(ILocalCCIPRouter.MessageTooLarge.selector, MAX_DATA_BYTES, MAX_DATA_BYTES + 1)
        );
        vm.prank(sender);
        routerA.ccipSend{value: 1 ether}(CHAIN_B, message);
    }

    function test_ccipSend_refusesTokenAmounts() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(0));
        message.tokenAmounts = new Client.EVMTokenAmount[](1);
        message.tokenAmounts[0] = Client.EVMTokenAmount({token: address(link), amount: 1});
        vm.expectRevert(ILocalCCIPRouter.TokenTransfersNotSupported.selector);
        vm.prank(sender);
        routerA.ccipSend{value: 1 ether}(CHAIN_B, message);
    }

    function test_ccipSend_refusesAReceiverThatIsNotAnEncodedEvmAddress() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(0));
        bytes[4] memory bad = [
            abi.encodePacked(address(receiverB)),
            abi.encode(uint256(type(uint160).max) + 1),
            abi.encode(address(1)),
            abi.encode(address(receiverB), uint256(0))
        ];
        for (uint256 i = 0; i < bad.length; ++i) {
            message.receiver = bad[i];
            vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.InvalidEVMAddress.selector, bad[i]));
            vm.prank(sender);
            routerA.ccipSend{value: 1 ether}(CHAIN_B, message);
        }
    }

    // ------------------------------------------------------------ paying

    function test_ccipSend_native_keepsTheWholeValueAsTheFee() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(0));
        uint256 fee = routerA.getFee(CHAIN_B, message);
        vm.prank(sender);
        routerA.ccipSend{value: fee + 7}(CHAIN_B, message);
        ILocalCCIPRouter.LocalMessage memory sent = _sent();
        assertEq(sent.feeToken, address(0));
        assertEq(sent.feeTokenAmount, fee + 7);
        assertEq(address(routerA).balance, fee + 7);
        assertEq(sender.balance, 100 ether - fee - 7);
    }

    function test_ccipSend_native_revertsBelowTheFee() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(0));
        uint256 fee = routerA.getFee(CHAIN_B, message);
        vm.expectRevert(IRouterClient.InsufficientFeeTokenAmount.selector);
        vm.prank(sender);
        routerA.ccipSend{value: fee - 1}(CHAIN_B, message);
    }

    function test_ccipSend_feeToken_pullsExactlyTheFee() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(link));
        uint256 fee = routerA.getFee(CHAIN_B, message);
        assertEq(fee, _nativeFee(100_000, DATA.length) * 200);
        vm.prank(sender);
        routerA.ccipSend(CHAIN_B, message);
        ILocalCCIPRouter.LocalMessage memory sent = _sent();
        assertEq(sent.feeToken, address(link));
        assertEq(sent.feeTokenAmount, fee);
        assertEq(link.balanceOf(address(routerA)), fee);
        assertEq(link.balanceOf(sender), 1_000e18 - fee);
    }

    function test_ccipSend_feeToken_revertsWithNativeValue() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(link));
        vm.expectRevert(IRouterClient.InvalidMsgValue.selector);
        vm.prank(sender);
        routerA.ccipSend{value: 1}(CHAIN_B, message);
    }

    function test_ccipSend_feeToken_revertsWithoutAllowance() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(link));
        vm.prank(sender);
        link.approve(address(routerA), 0);
        vm.expectRevert();
        vm.prank(sender);
        routerA.ccipSend(CHAIN_B, message);
    }

    function test_ccipSend_feeToken_revertsOnceTheTokenIsRemoved() public {
        vm.prank(operator);
        routerA.setFeeToken(address(link), 0);
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 100_000, address(link));
        vm.expectRevert(abi.encodeWithSelector(ILocalCCIPRouter.UnsupportedFeeToken.selector, address(link)));
        vm.prank(sender);
        routerA.ccipSend(CHAIN_B, message);
    }

    // ------------------------------------------------------------ the message

    function test_ccipSend_emitsTheWholeMessageUnderItsId() public {
        Client.EVM2AnyMessage memory message = _message(address(receiverB), DATA, 250_000, address(0));
        uint256 fee = routerA.getFee(CHAIN_B, message);
        ILocalCCIPRouter.LocalMessage memory expected = ILocalCCIPRouter.LocalMessage({
            messageId: bytes32(0),
            sourceChainSelector: CHAIN_A,
            destChainSelector: CHAIN_B,
            sequenceNumber: 1,
            sender: sender,
            receiver: address(receiverB),
            data: DATA,
            gasLimit: 250_000,
            feeToken: address(0),
            feeTokenAmount: fee
        });
        expected.messageId = routerA.messageIdOf(expected);
        vm.expectEmit(address(routerA));
        emit ILocalCCIPRouter.CCIPMessageSent(CHAIN_B, 1, expected.messageId, expected);
        vm.prank(sender);
        bytes32 id = routerA.ccipSend{value: fee}(CHAIN_B, message);
        assertEq(id, expected.messageId);
    }

    function test_ccipSend_numbersEachLaneFromOne() public {
        assertEq(routerA.getSequenceNumber(CHAIN_B), 0);
        for (uint64 i = 1; i <= 3; ++i) {
            assertEq(_sendToB(DATA, 100_000).sequenceNumber, i);
        }
        assertEq(routerA.getSequenceNumber(CHAIN_B), 3);

        // A third lane from A, and B's lane to A, count on their own.
        uint64 chainC = 99;
        vm.prank(operator);
        routerA.setLane(chainC, _lane());
        vm.prank(sender);
        routerA.ccipSend{value: 1 ether}(chainC, _message(address(receiverB), DATA, 100_000, address(0)));
        assertEq(_sent().sequenceNumber, 1);
        vm.deal(address(this), 1 ether);
        routerB.ccipSend{value: 1 ether}(CHAIN_A, _message(address(receiverB), DATA, 100_000, address(0)));
        ILocalCCIPRouter.LocalMessage memory back = _sent();
        assertEq(back.sequenceNumber, 1);
        assertEq(back.sourceChainSelector, CHAIN_B);
        assertEq(routerA.getSequenceNumber(CHAIN_B), 3);
        assertEq(routerA.getSequenceNumber(chainC), 1);
    }

    function test_messageIdOf_isTheDocumentedHashOfEveryOtherField() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("Fluxion.LocalCCIPRouter.LocalMessage.v1"),
                m.sourceChainSelector,
                m.destChainSelector,
                m.sequenceNumber,
                m.sender,
                m.receiver,
                m.data,
                m.gasLimit,
                m.feeToken,
                m.feeTokenAmount
            )
        );
        assertEq(m.messageId, expected);
        assertEq(routerA.MESSAGE_ID_DOMAIN(), keccak256("Fluxion.LocalCCIPRouter.LocalMessage.v1"));
        // The id field itself does not enter the hash.
        m.messageId = keccak256("anything");
        assertEq(routerB.messageIdOf(m), expected);
    }

    function test_messageIdOf_changesWithEveryField() public {
        ILocalCCIPRouter.LocalMessage memory m = _sendToB(DATA, 100_000);
        bytes32 id = m.messageId;
        bytes32[9] memory ids;
        ILocalCCIPRouter.LocalMessage memory t = _copy(m);
        t.sourceChainSelector += 1;
        ids[0] = routerA.messageIdOf(t);
        t = _copy(m);
        t.destChainSelector += 1;
        ids[1] = routerA.messageIdOf(t);
        t = _copy(m);
        t.sequenceNumber += 1;
        ids[2] = routerA.messageIdOf(t);
        t = _copy(m);
        t.sender = stranger;
        ids[3] = routerA.messageIdOf(t);
        t = _copy(m);
        t.receiver = stranger;
        ids[4] = routerA.messageIdOf(t);
        t = _copy(m);
        t.data = "hello, chain C";
        ids[5] = routerA.messageIdOf(t);
        t = _copy(m);
        t.gasLimit += 1;
        ids[6] = routerA.messageIdOf(t);
        t = _copy(m);
        t.feeToken = address(link);
        ids[7] = routerA.messageIdOf(t);
        t = _copy(m);
        t.feeTokenAmount += 1;
        ids[8] = routerA.messageIdOf(t);
        for (uint256 i = 0; i < ids.length; ++i) {
            assertTrue(ids[i] != id, "field not hashed");
        }
    }

    function _copy(ILocalCCIPRouter.LocalMessage memory m)
        internal
        pure
        returns (ILocalCCIPRouter.LocalMessage memory)
    {
        return abi.decode(abi.encode(m), (ILocalCCIPRouter.LocalMessage));
    }
}
