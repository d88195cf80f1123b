// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {LocalCCIPRouter} from "../../src/ccip/LocalCCIPRouter.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {RouterFixture} from "./utils/RouterFixture.sol";

/// @notice The CCIP operator's side: construction, configuration, fee withdrawal, and that nobody else has it.
contract LocalCCIPRouterOperatorTest is RouterFixture {
    function test_constructor_setsTheSelectorAndTheOperatorOnly() public {
        LocalCCIPRouter router = new LocalCCIPRouter(CHAIN_A, operator);
        assertEq(router.localChainSelector(), CHAIN_A);
        assertTrue(router.hasRole(router.DEFAULT_ADMIN_ROLE(), operator));
        assertFalse(router.hasRole(router.RELAYER_ROLE(), operator));
        assertEq(router.RELAYER_ROLE(), keccak256("RELAYER_ROLE"));
        assertEq(router.permissionlessExecutionThreshold(), 0);
        assertFalse(router.isChainSupported(CHAIN_B));
        assertFalse(router.isSourceChainEnabled(CHAIN_B));
    }

    function test_constructor_revertsForAZeroAdmin() public {
        vm.expectRevert(ILocalCCIPRouter.ZeroAddress.selector);
        new LocalCCIPRouter(CHAIN_A, address(0));
    }

    function test_setters_storeAndEmit() public {
        ILocalCCIPRouter.Lane memory lane = _lane();
        lane.baseFee = 5;
        vm.expectEmit(address(routerA));
        emit ILocalCCIPRouter.LaneSet(CHAIN_B, lane);
        vm.prank(operator);
        routerA.setLane(CHAIN_B, lane);
        assertEq(routerA.getLane(CHAIN_B).baseFee, 5);
        assertEq(routerA.getLane(CHAIN_B).maxGasLimit, MAX_GAS_LIMIT);
        assertTrue(routerA.isChainSupported(CHAIN_B));

        vm.expectEmit(address(routerA));
        emit ILocalCCIPRouter.SourceChainSet(CHAIN_B, false);
        vm.prank(operator);
        routerA.setSourceChain(CHAIN_B, false);
        assertFalse(routerA.isSourceChainEnabled(CHAIN_B));

        vm.expectEmit(address(routerA));
        emit ILocalCCIPRouter.FeeTokenSet(address(link), 1e15);
        vm.prank(operator);
        routerA.setFeeToken(address(link), 1e15);
        assertEq(routerA.feeTokenPrice(address(link)), 1e15);

        vm.expectEmit(address(routerA));
        emit ILocalCCIPRouter.PermissionlessExecutionThresholdSet(60);
        vm.prank(operator);
        routerA.setPermissionlessExecutionThreshold(60);
        assertEq(routerA.permissionlessExecutionThreshold(), 60);
    }

    function test_setFeeToken_revertsForTheZeroAddress() public {
        vm.expectRevert(ILocalCCIPRouter.ZeroAddress.selector);
        vm.prank(operator);
        routerA.setFeeToken(address(0), 1);
    }

    function test_setters_onlyTheOperator() public {
        bytes[6] memory calls = [
            abi.encodeCall(ILocalCCIPRouter.setLane, (CHAIN_B, _lane())),
            abi.encodeCall(ILocalCCIPRouter.setSourceChain, (CHAIN_B, false)),
            abi.encodeCall(ILocalCCIPRouter.setFeeToken, (address(link), 1)),
            abi.encodeCall(ILocalCCIPRouter.setPermissionlessExecutionThreshold, (1)),
            abi.encodeCall(ILocalCCIPRouter.withdrawFees, (address(0), stranger)),
            abi.encodeWithSignature("grantRole(bytes32,address)", routerA.RELAYER_ROLE(), stranger)
        ];
        address[3] memory others = [relayer, sender, stranger];
        for (uint256 a = 0; a < others.length; ++a) {
            for (uint256 c = 0; c < calls.length; ++c) {
                vm.prank(others[a]);
                // solhint-disable-next-line avoid-low-level-calls
                (bool ok, bytes memory reason) = address(routerA).call(calls[c]);
                assertFalse(ok);
                assertEq(reason, _unauthorized(others[a], bytes32(0)));
            }
        }
    }

    function test_withdrawFees_sendsNativeAndTokenFeesToTheOperatorsAccount() public {
        _sendToB("a", 100_000);
        vm.prank(sender);
        routerA.ccipSend(CHAIN_B, _message(address(receiverB), "b", 100_000, address(link)));
        uint256 native = address(routerA).balance;
        uint256 tokens = link.balanceOf(address(routerA));
        assertGt(native, 0);
        assertGt(tokens, 0);
        address payable vaultAccount = payable(makeAddr("feeVault"));

        vm.expectEmit(address(routerA));
        emit ILocalCCIPRouter.FeesWithdrawn(address(0), vaultAccount, native);
        vm.prank(operator);
        routerA.withdrawFees(address(0), vaultAccount);
        vm.expectEmit(address(routerA));
        emit ILocalCCIPRouter.FeesWithdrawn(address(link), vaultAccount, tokens);
        vm.prank(operator);
        routerA.withdrawFees(address(link), vaultAccount);

        assertEq(vaultAccount.balance, native);
        assertEq(link.balanceOf(vaultAccount), tokens);
        assertEq(address(routerA).balance, 0);
        assertEq(link.balanceOf(address(routerA)), 0);
    }

    function test_withdrawFees_revertsForTheZeroAddressOrARecipientThatRefuses() public {
        _sendToB("a", 100_000);
        vm.expectRevert(ILocalCCIPRouter.ZeroAddress.selector);
        vm.prank(operator);
        routerA.withdrawFees(address(0), address(0));
        // LINK has no `receive`.
        vm.expectRevert(Errors.FailedCall.selector);
        vm.prank(operator);
        routerA.withdrawFees(address(0), address(link));
    }
}
