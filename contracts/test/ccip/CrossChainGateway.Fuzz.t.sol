// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Fuzzed sequences of transfers both ways, delivered in any order or not yet, some held up by inbound limits
///         and stored: at every step the supply on both chains plus what is in flight plus what is stored is what
///         it was; once everything is delivered and retried, the supplies alone are.
contract CrossChainGatewayFuzzTest is GatewayFixture {
    uint256 internal constant STEPS = 12;
    uint128 internal constant INBOUND_CAP = 300e18;
    uint128 internal constant INBOUND_RATE = 1e18;

    ILocalCCIPRouter.LocalMessage[] internal _pending;
    bytes32[] internal _delivered;
    uint256 internal _inFlight;

    function setUp() public override {
        super.setUp();
        _setLimits(a, a.sXAU, type(uint128).max, type(uint128).max, INBOUND_CAP, INBOUND_RATE);
        _setLimits(b, b.sXAU, type(uint128).max, type(uint128).max, INBOUND_CAP, INBOUND_RATE);
    }

    function testFuzz_transfers_conserveTheSupplyAcrossChains(
        bool[STEPS] calldata fromB,
        uint256[STEPS] calldata amounts,
        uint8[STEPS] calldata deliverSeeds,
        uint16[STEPS] calldata waits
    ) public {
        uint256 total = _supply(a.sXAU) + _supply(b.sXAU);
        for (uint256 i = 0; i < STEPS; ++i) {
            Deployment memory src = fromB[i] ? b : a;
            address from = fromB[i] ? bob : alice;
            uint256 balance = src.sXAU.balanceOf(from);
            if (balance != 0) {
                uint256 amount = bound(amounts[i], 1, balance);
                _pending.push(_sendSynth(src, src.sXAU, from, fromB[i] ? alice : bob, amount));
                _inFlight += amount;
            }
            // Deliver none, one, or every pending message.
            uint8 deliver = deliverSeeds[i] % 3;
            if (deliver == 1 && _pending.length != 0) _deliver(deliverSeeds[i] % _pending.length);
            if (deliver == 2) _deliverAll();
            vm.warp(block.timestamp + waits[i] % 200);
            assertEq(_supply(a.sXAU) + _supply(b.sXAU) + _inFlight + _stored(), total, "supply moved");
        }

        _deliverAll();
        vm.warp(block.timestamp + 365 days);
        for (uint256 i = 0; i < _delivered.length; ++i) {
            for (uint256 g = 0; g < 2; ++g) {
                Deployment memory c = g == 0 ? a : b;
                if (!c.gateway.isFailed(_delivered[i])) continue;
                // Within capacity a retry works after the refill; above it only governance pays it out.
                // solhint-disable-next-line no-empty-blocks
                try c.gateway.retryFailedMessage(_delivered[i]) {}
                catch {
                    address to = _transferOf(c.gateway.getFailedMessage(_delivered[i]).data).to;
                    vm.prank(admin);
                    c.gateway.recoverFailedMessage(_delivered[i], to);
                }
            }
        }
        assertEq(_stored(), 0);
        assertEq(_supply(a.sXAU) + _supply(b.sXAU), total);
        uint256 aliceHolds = a.sXAU.balanceOf(alice) + b.sXAU.balanceOf(alice);
        assertEq(aliceHolds + a.sXAU.balanceOf(bob) + b.sXAU.balanceOf(bob), total);
    }

    function _deliver(uint256 index) internal {
        ILocalCCIPRouter.LocalMessage memory m = _pending[index];
        _pending[index] = _pending[_pending.length - 1];
        _pending.pop();
        assertEq(uint8(_relay(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        _inFlight -= _transferOf(m.data).amount;
        _delivered.push(m.messageId);
    }

    function _deliverAll() internal {
        while (_pending.length != 0) {
            _deliver(_pending.length - 1);
        }
    }

    /// @dev What the gateways hold as failed, read from the gateways themselves.
    function _stored() internal view returns (uint256 sum) {
        for (uint256 i = 0; i < _delivered.length; ++i) {
            for (uint256 g = 0; g < 2; ++g) {
                Deployment memory c = g == 0 ? a : b;
                if (c.gateway.isFailed(_delivered[i])) {
                    sum += _transferOf(c.gateway.getFailedMessage(_delivered[i]).data).amount;
                }
            }
        }
    }
}
