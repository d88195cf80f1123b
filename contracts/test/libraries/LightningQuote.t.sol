// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {LightningQuote} from "../../src/libraries/LightningQuote.sol";
import {OracleMath} from "../../src/libraries/OracleMath.sol";

contract LightningQuoteTest is Test {
    uint256 internal constant WAD = 1e18;

    function test_satsValue_examples() public pure {
        // 1 BTC of sBTC, 100,000 sats of sUSD at $60,000, 1 sat of sXAU at $2,000.
        assertEq(LightningQuote.satsValue(1e8, 60_000e18, 60_000e18, Math.Rounding.Floor), 1e18);
        assertEq(LightningQuote.satsValue(100_000, 60_000e18, 1e18, Math.Rounding.Floor), 60e18);
        assertEq(LightningQuote.satsValue(1, 60_000e18, 2_000e18, Math.Rounding.Floor), 3e11);
        // 1 sat at $60,000 in a $7 synth: 1e10 * 60,000 / 7 = 85714285714285.71...
        assertEq(LightningQuote.satsValue(1, 60_000e18, 7e18, Math.Rounding.Floor), 85_714_285_714_285);
        assertEq(LightningQuote.satsValue(1, 60_000e18, 7e18, Math.Rounding.Ceil), 85_714_285_714_286);
    }

    function test_toleranceBounds_examples() public pure {
        assertEq(LightningQuote.maxMintAmount(100, 0.01e18), 101);
        assertEq(LightningQuote.maxMintAmount(150, 0.01e18), 151); // 151.5 rounds down
        assertEq(LightningQuote.minBurnNet(150, 0.01e18), 149); // 148.5 rounds up
        assertEq(LightningQuote.minBurnNet(100, 0), 100);
        assertEq(LightningQuote.minBurnNet(100, 1e18), 0);
    }

    /// @dev Reference: the exact floor of `sats * 1e10 * btcPrice / synthPrice`, checked by multiplication
    ///      (no intermediate division), for every representable input.
    function testFuzz_satsValue_isTheExactQuotient(uint64 sats, uint256 btcPrice, uint256 synthPrice) public pure {
        btcPrice = bound(btcPrice, 1, OracleMath.MAX_PRICE);
        synthPrice = bound(synthPrice, 1, OracleMath.MAX_PRICE);
        uint256 numerator = uint256(sats) * 1e10 * btcPrice;
        uint256 floor = LightningQuote.satsValue(sats, btcPrice, synthPrice, Math.Rounding.Floor);
        uint256 ceil = LightningQuote.satsValue(sats, btcPrice, synthPrice, Math.Rounding.Ceil);
        assertLe(floor * synthPrice, numerator);
        assertGt((floor + 1) * synthPrice, numerator);
        assertEq(ceil, numerator % synthPrice == 0 ? floor : floor + 1);
    }

    function testFuzz_satsValue_isTenBillionPerSatForBtcItself(uint64 sats, uint256 price) public pure {
        price = bound(price, 1, OracleMath.MAX_PRICE);
        assertEq(LightningQuote.satsValue(sats, price, price, Math.Rounding.Floor), uint256(sats) * 1e10);
    }

    function testFuzz_satsValue_isMonotonicInSats(uint64 a, uint64 b, uint256 btcPrice, uint256 synthPrice)
        public
        pure
    {
        btcPrice = bound(btcPrice, 1, OracleMath.MAX_PRICE);
        synthPrice = bound(synthPrice, 1, OracleMath.MAX_PRICE);
        (a, b) = a <= b ? (a, b) : (b, a);
        assertLe(
            LightningQuote.satsValue(a, btcPrice, synthPrice, Math.Rounding.Floor),
            LightningQuote.satsValue(b, btcPrice, synthPrice, Math.Rounding.Floor)
        );
    }

    function testFuzz_maxMintAmount_isTheExactFloor(uint256 value, uint256 tolerance) public pure {
        value = bound(value, 0, type(uint192).max);
        tolerance = bound(tolerance, 0, WAD);
        uint256 max = LightningQuote.maxMintAmount(value, tolerance);
        assertGe(max, value);
        assertLe(max * WAD, value * (WAD + tolerance));
        assertGt((max + 1) * WAD, value * (WAD + tolerance));
    }

    function testFuzz_minBurnNet_isTheExactCeiling(uint256 value, uint256 tolerance) public pure {
        value = bound(value, 0, type(uint192).max);
        tolerance = bound(tolerance, 0, WAD);
        uint256 min = LightningQuote.minBurnNet(value, tolerance);
        assertLe(min, value);
        assertGe(min * WAD, value * (WAD - tolerance));
        if (min != 0) assertLt((min - 1) * WAD, value * (WAD - tolerance));
    }
}
