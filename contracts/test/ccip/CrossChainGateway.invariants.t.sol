// SPDX-License-Identifier: MIT
// The handler lives beside its invariants (Hardhat gives artifacts, so fuzz targets, only to test files).
// Failed calls are expected (limits, pause, states): the handler swallows them; the invariants read the chains.
// solhint-disable one-contract-per-file, no-empty-blocks
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {RateLimiter} from "@chainlink/contracts-ccip/contracts/libraries/RateLimiter.sol";
import {CrossChainGateway} from "../../src/ccip/CrossChainGateway.sol";
import {LocalCCIPRouter} from "../../src/ccip/LocalCCIPRouter.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Drives two chains' gateways with random transfers, deliveries in any order (by the relay or manually),
///         retries, recoveries, inbound-limit changes, pauses and time, keeping every message it ever sent.
contract GatewayHandler is Test {
    /// @dev Chain 0 is A, chain 1 is B.
    LocalCCIPRouter[2] public routers;
    CrossChainGateway[2] public gateways;
    SyntheticAsset[2] public synths;
    uint64[2] public selectors;
    address[3] public users;
    address public immutable relayer;
    address public immutable admin;
    address public immutable guardian;

    ILocalCCIPRouter.LocalMessage[] internal _sent;
    /// @notice A message that executed again after it had succeeded. Must stay zero.
    uint256 public doubleExecutions;
    uint256 public deliveries;

    constructor(
        LocalCCIPRouter[2] memory routers_,
        CrossChainGateway[2] memory gateways_,
        SyntheticAsset[2] memory synths_,
        address[3] memory users_,
        address[3] memory roles // relayer, admin, guardian
    ) {
        routers = routers_;
        gateways = gateways_;
        synths = synths_;
        users = users_;
        selectors = [routers_[0].localChainSelector(), routers_[1].localChainSelector()];
        (relayer, admin, guardian) = (roles[0], roles[1], roles[2]);
    }

    function sentCount() external view returns (uint256) {
        return _sent.length;
    }

    function sentAt(uint256 i) external view returns (ILocalCCIPRouter.LocalMessage memory) {
        return _sent[i];
    }

    // ------------------------------------------------------------ actions

    function sendSynth(uint256 srcSeed, uint256 userSeed, uint256 toSeed, uint256 amountSeed, uint256 tipSeed)
        external
    {
        uint256 src = srcSeed % 2;
        address user = users[userSeed % 3];
        uint256 balance = synths[src].balanceOf(user);
        if (balance == 0) return;
        uint256 amount = bound(amountSeed, 1, balance);
        address to = users[toSeed % 3];
        uint256 fee = gateways[src].quoteTransfer(selectors[1 - src], address(synths[src]), to, amount, address(0));
        uint256 value = fee + tipSeed % 1 ether;
        vm.deal(user, value);
        vm.recordLogs();
        vm.prank(user);
        try gateways[src].sendSynth{value: value}(selectors[1 - src], address(synths[src]), to, amount, address(0)) {
            Vm.Log[] memory logs = vm.getRecordedLogs();
            for (uint256 i = 0; i < logs.length; ++i) {
                if (logs[i].topics[0] == ILocalCCIPRouter.CCIPMessageSent.selector) {
                    _sent.push(abi.decode(logs[i].data, (ILocalCCIPRouter.LocalMessage)));
                }
            }
        } catch {}
    }

    /// @dev Commits if needed, then the relay executes (UNTOUCHED) or a stranger executes manually (FAILURE, or any
    ///      state, to try a second execution).
    function deliver(uint256 indexSeed, bool manual) external {
        if (_sent.length == 0) return;
        ILocalCCIPRouter.LocalMessage memory m = _sent[indexSeed % _sent.length];
        LocalCCIPRouter router = m.destChainSelector == selectors[0] ? routers[0] : routers[1];
        if (router.committedAt(m.messageId) == 0) {
            bytes32[] memory ids = new bytes32[](1);
            ids[0] = m.messageId;
            vm.prank(relayer);
            router.commit(m.sourceChainSelector, ids);
        }
        ILocalCCIPRouter.ExecutionState before = router.getExecutionState(m.messageId);
        bool executed;
        if (manual) {
            vm.prank(users[indexSeed % 3]);
            try router.manuallyExecute(m, 0) {
                executed = true;
            } catch {}
        } else {
            vm.prank(relayer);
            try router.execute(m) {
                executed = true;
            } catch {}
        }
        if (executed) {
            ++deliveries;
            if (before == ILocalCCIPRouter.ExecutionState.SUCCESS) ++doubleExecutions;
        }
    }

    function retry(uint256 indexSeed) external {
        if (_sent.length == 0) return;
        ILocalCCIPRouter.LocalMessage memory m = _sent[indexSeed % _sent.length];
        try _destGateway(m).retryFailedMessage(m.messageId) {} catch {}
    }

    function recover(uint256 indexSeed, uint256 toSeed) external {
        if (_sent.length == 0) return;
        ILocalCCIPRouter.LocalMessage memory m = _sent[indexSeed % _sent.length];
        vm.prank(admin);
        try _destGateway(m).recoverFailedMessage(m.messageId, users[toSeed % 3]) {} catch {}
    }

    function setInboundLimit(uint256 chainSeed, uint256 capacitySeed, bool enabled) external {
        uint256 c = chainSeed % 2;
        uint128 capacity = uint128(bound(capacitySeed, 1e18, 2_000e18));
        RateLimiter.Config memory inbound = enabled
            ? RateLimiter.Config({isEnabled: true, capacity: capacity, rate: capacity / 3_600})
            : RateLimiter.Config({isEnabled: false, capacity: 0, rate: 0});
        RateLimiter.Config memory off;
        vm.prank(admin);
        gateways[c].setRateLimits(selectors[1 - c], address(synths[c]), off, inbound);
    }

    function togglePause(uint256 chainSeed) external {
        CrossChainGateway gateway = gateways[chainSeed % 2];
        vm.prank(gateway.paused() ? admin : guardian);
        if (gateway.paused()) gateway.unpause();
        else gateway.pause();
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 2 hours));
    }

    function _destGateway(ILocalCCIPRouter.LocalMessage memory m) internal view returns (CrossChainGateway) {
        return m.destChainSelector == selectors[0] ? gateways[0] : gateways[1];
    }
}

/// @notice Whatever happens, a synth's supply summed over both chains, plus what was sent and not yet executed, plus
///         what the gateways hold as failed, is what it was; the gateways never hold synths; nothing executes twice.
contract CrossChainGatewayInvariantTest is GatewayFixture {
    GatewayHandler internal handler;
    uint256 internal total;

    function setUp() public override {
        super.setUp();
        address carol = makeAddr("carol");
        _give(a, a.sXAU, carol, 500e18);
        _give(b, b.sXAU, carol, 500e18);
        total = _supply(a.sXAU) + _supply(b.sXAU);
        address[3] memory users = [alice, bob, carol];
        handler = new GatewayHandler(
            [routerA, routerB], [a.gateway, b.gateway], [a.sXAU, b.sXAU], users, [relayer, admin, guardian]
        );
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = GatewayHandler.sendSynth.selector;
        selectors[1] = GatewayHandler.sendSynth.selector;
        selectors[2] = GatewayHandler.sendSynth.selector;
        selectors[3] = GatewayHandler.deliver.selector;
        selectors[4] = GatewayHandler.deliver.selector;
        selectors[5] = GatewayHandler.retry.selector;
        selectors[6] = GatewayHandler.recover.selector;
        selectors[7] = GatewayHandler.setInboundLimit.selector;
        selectors[8] = GatewayHandler.togglePause.selector;
        selectors[9] = GatewayHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice The handler's actions do what they say (so the invariants see real traffic, not skipped calls).
    function test_handler_drivesMessagesEndToEnd() public {
        handler.sendSynth(0, 0, 1, 10e18, 0);
        handler.sendSynth(1, 1, 0, 20e18, 0);
        assertEq(handler.sentCount(), 2);
        handler.setInboundLimit(1, 5e18, true);
        handler.deliver(0, false);
        handler.deliver(1, true);
        handler.deliver(1, false);
        assertEq(handler.deliveries(), 2, "the manual attempt before the threshold did nothing");
        assertEq(b.sXAU.balanceOf(bob), START_BALANCE - 20e18);
        assertTrue(b.gateway.isFailed(handler.sentAt(0).messageId), "over B's inbound capacity");
        handler.recover(0, 2);
        assertEq(b.sXAU.balanceOf(makeAddr("carol")), 500e18 + 10e18);
        assertEq(a.sXAU.balanceOf(alice), START_BALANCE - 10e18 + 20e18);
        handler.deliver(1, true);
        assertEq(handler.doubleExecutions(), 0);
        invariant_supplyIsConservedAcrossChainsFlightAndFailures();
    }

    /// @notice Supplies on both chains + in flight (not yet SUCCESS at the destination router) + stored as failed
    ///         by the destination gateway == the supply at the start.
    function invariant_supplyIsConservedAcrossChainsFlightAndFailures() public view {
        uint256 inFlight;
        uint256 stored;
        uint256 n = handler.sentCount();
        for (uint256 i = 0; i < n; ++i) {
            ILocalCCIPRouter.LocalMessage memory m = handler.sentAt(i);
            uint256 amount = _transferOf(m.data).amount;
            bool toA = m.destChainSelector == CHAIN_A;
            if ((toA ? routerA : routerB).getExecutionState(m.messageId) != ILocalCCIPRouter.ExecutionState.SUCCESS) {
                inFlight += amount;
            } else if ((toA ? a.gateway : b.gateway).isFailed(m.messageId)) {
                stored += amount;
            }
        }
        assertEq(_supply(a.sXAU) + _supply(b.sXAU) + inFlight + stored, total);
    }

    /// @notice A gateway burns and mints; it never holds synths or native fees.
    function invariant_gatewaysHoldNothing() public view {
        assertEq(a.sXAU.balanceOf(address(a.gateway)), 0);
        assertEq(b.sXAU.balanceOf(address(b.gateway)), 0);
        assertEq(address(a.gateway).balance, 0);
        assertEq(address(b.gateway).balance, 0);
    }

    /// @notice No message executes again once it succeeded.
    function invariant_noMessageExecutesTwice() public view {
        assertEq(handler.doubleExecutions(), 0);
    }
}
