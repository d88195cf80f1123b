// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILightningGateway} from "../../src/interfaces/ILightningGateway.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Properties over fuzzed prices, amounts, tolerances and times.
contract LightningGatewayFuzzTest is GatewayFixture {
    /// @dev Moves BTC and sXAU within the breaker's 50% bound, so no breaker trips.
    function _movePrices(uint256 btcSeed, uint256 xauSeed) internal returns (uint256 btcPrice, uint256 xauPrice) {
        btcPrice = bound(btcSeed, 36_000e8, 84_000e8);
        xauPrice = bound(xauSeed, 1_200e8, 2_800e8);
        _setPrice(btcFeed, int256(btcPrice));
        _setPrice(xauFeed, int256(xauPrice));
    }

    function testFuzz_lockMint_acceptsExactlyAmountsUpToTheTolerance(
        uint64 sats,
        uint256 btcSeed,
        uint256 xauSeed,
        uint64 tolerance,
        uint256 amount
    ) public {
        sats = uint64(bound(sats, MIN_SATS, MAX_SATS));
        tolerance = uint64(bound(tolerance, 0, gateway.MAX_PRICE_TOLERANCE()));
        (uint256 btcPrice, uint256 xauPrice) = _movePrices(btcSeed, xauSeed);
        vm.prank(admin);
        gateway.setPriceTolerance(tolerance);

        uint256 max = _referenceMax(sats, btcPrice, xauPrice, tolerance);
        amount = bound(amount, 1, max * 2 + 1);
        if (amount > max) {
            vm.expectRevert(abi.encodeWithSelector(ILightningGateway.AmountAboveQuote.selector, amount, max));
        }
        _lockMint(H, alice, sXAU, sats, amount);
    }

    /// @dev Reference, written independently: value = floor(sats * 1e10 * btc / xau), max = floor(value * (1 + t)),
    ///      and `quoteMint` returns that value.
    function _referenceMax(uint64 sats, uint256 btcPrice, uint256 xauPrice, uint64 tolerance)
        internal
        view
        returns (uint256)
    {
        uint256 value = uint256(sats) * 1e10 * btcPrice / xauPrice;
        (uint256 quoted,) = gateway.quoteMint(address(sXAU), sats);
        assertEq(quoted, value);
        return value * (1e18 + tolerance) / 1e18;
    }

    function testFuzz_lockBurn_quoteBurnAlwaysPasses(uint64 sats, uint256 btcSeed, uint256 xauSeed, uint64 fee)
        public
    {
        sats = uint64(bound(sats, MIN_SATS, MAX_SATS));
        fee = uint64(bound(fee, 0, gateway.MAX_FEE()));
        _movePrices(btcSeed, xauSeed);
        vm.startPrank(admin);
        gateway.setPriceTolerance(0);
        gateway.setFees(0, fee);
        vm.stopPrank();

        (uint256 amount, uint256 quotedFee) = gateway.quoteBurn(address(sXAU), sats);
        _lockBurn(H, bob, sXAU, amount, sats);
        assertEq(gateway.swapOf(H).fee, quotedFee);
        // One wei less no longer covers the value at zero tolerance (the net drops by 0 or 1; when it stays, the
        // fee dropped instead and the quote was not the smallest amount: `quoteBurn` is exact, so it drops).
        if (amount > 1) {
            _fundSynth(bob, sXAU, amount - 1);
            uint64 timelock = _timelock();
            vm.expectPartialRevert(ILightningGateway.AmountBelowQuote.selector);
            vm.prank(bob);
            gateway.lockBurn(HA, address(sXAU), amount - 1, sats, timelock);
        }
    }

    function testFuzz_claimMint_conservesTheAmount(uint256 amount, uint64 mintFee, address recipient) public {
        vm.assume(recipient != address(0) && recipient != treasury);
        mintFee = uint64(bound(mintFee, 0, gateway.MAX_FEE()));
        amount = bound(amount, 1, 60.6e18);
        vm.prank(admin);
        gateway.setFees(mintFee, 0);
        _lockMint(H, recipient, sUSD, SATS, amount);
        gateway.claimMint(PREIMAGE);

        uint256 fee = _fee(amount, mintFee);
        assertEq(sUSD.balanceOf(recipient), amount - fee);
        assertEq(sUSD.balanceOf(treasury), fee);
        assertEq(sUSD.totalSupply(), amount);
    }

    function testFuzz_claimOrRefund_exactlyOneIsPossibleAtAnyTime(uint256 elapsed, bool burn) public {
        if (burn) _lockBurnDefault(H);
        else _lockMintDefault(H);
        uint64 timelock = gateway.swapOf(H).timelock;
        vm.warp(bound(elapsed, block.timestamp, uint256(timelock) + 30 days));
        bool expired = block.timestamp >= timelock;

        uint256 snapshot = vm.snapshotState();
        bool claimed = _tryClaim(burn);
        if (claimed) {
            // Once claimed, never refundable, however long one waits.
            vm.warp(uint256(timelock) + 365 days);
            assertFalse(_tryRefund(burn));
        }
        vm.revertToState(snapshot);
        bool refunded = _tryRefund(burn);
        if (refunded) assertFalse(_tryClaim(burn));

        assertTrue(claimed != refunded, "exactly one of claim and refund");
        assertEq(claimed, !expired);
    }

    function testFuzz_onceEver_noHashIsReusableInAnyState(uint8 stateSeed, bool relockAsBurn) public {
        uint256 state = bound(stateSeed, 0, 5);
        // 0-2: a mint locked / claimed / refunded; 3-5: the same for a burn.
        bool burn = state >= 3;
        if (burn) _lockBurnDefault(H);
        else _lockMintDefault(H);
        if (state % 3 == 1) assertTrue(_tryClaim(burn));
        if (state % 3 == 2) {
            vm.warp(gateway.swapOf(H).timelock);
            _setPrice(btcFeed, 60_000e8);
            assertTrue(_tryRefund(burn));
        }
        ILightningGateway.Status status = _status(H);

        uint64 timelock = _timelock();
        vm.expectRevert(abi.encodeWithSelector(ILightningGateway.PaymentHashUsed.selector, H, status));
        if (relockAsBurn) {
            vm.prank(bob);
            gateway.lockBurn(H, address(sBTC), 1.001e15, SATS, timelock);
        } else {
            vm.prank(keeper);
            gateway.lockMint(H, alice, address(sBTC), SATS, 1e15, _now(), timelock);
        }
    }

    function testFuzz_dailyUsage_tracksLocksLessRefunds(uint64[6] memory sats, uint8 refundMask) public {
        uint256 day = block.timestamp / 1 days;
        uint256 expected;
        bytes32[6] memory hashes;
        for (uint256 i = 0; i < sats.length; ++i) {
            sats[i] = uint64(bound(sats[i], MIN_SATS, DAILY_SATS / 6));
            hashes[i] = _hash(bytes32(i + 1));
            _lockMint(hashes[i], alice, sBTC, sats[i], uint256(sats[i]) * 1e10);
            expected += sats[i];
        }
        vm.warp(block.timestamp + 2 hours);
        for (uint256 i = 0; i < sats.length; ++i) {
            if (refundMask & (1 << i) != 0) {
                gateway.refundMint(hashes[i]);
                expected -= sats[i];
            }
        }
        assertEq(gateway.dailyUsage(MINT, day), expected);
    }

    function _tryClaim(bool burn) internal returns (bool ok) {
        if (burn) {
            vm.prank(keeper);
            try gateway.claimBurn(PREIMAGE) {
                return true;
            } catch {
                return false;
            }
        }
        try gateway.claimMint(PREIMAGE) {
            return true;
        } catch {
            return false;
        }
    }

    function _tryRefund(bool burn) internal returns (bool) {
        try this.refund(burn) {
            return true;
        } catch {
            return false;
        }
    }

    /// @dev External so `_tryRefund` can catch its revert without a prank or a hash call in between.
    function refund(bool burn) external {
        if (burn) gateway.refundBurn(H);
        else gateway.refundMint(H);
    }
}
