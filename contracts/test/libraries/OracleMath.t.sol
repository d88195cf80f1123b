// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {OracleMath} from "../../src/libraries/OracleMath.sol";

contract OracleMathTest is Test {
    function test_normalise_scalesUpBelow18Decimals() public pure {
        assertEq(OracleMath.normalise(2000e8, 8), 2000e18);
        assertEq(OracleMath.normalise(1, 0), 1e18);
        assertEq(OracleMath.normalise(1_500_000, 6), 1.5e18);
    }

    function test_normalise_keeps18Decimals() public pure {
        assertEq(OracleMath.normalise(123, 18), 123);
    }

    function test_normalise_scalesDownAbove18DecimalsRoundingDown() public pure {
        assertEq(OracleMath.normalise(2000e20, 20), 2000e18);
        assertEq(OracleMath.normalise(199, 20), 1);
    }

    function test_normalise_zeroForNonPositive() public pure {
        assertEq(OracleMath.normalise(0, 8), 0);
        assertEq(OracleMath.normalise(-1, 8), 0);
        assertEq(OracleMath.normalise(type(int256).min, 18), 0);
    }

    function test_normalise_zeroWhenRoundingToZero() public pure {
        assertEq(OracleMath.normalise(99, 20), 0);
    }

    function test_normalise_capsAtMaxPrice() public pure {
        assertEq(OracleMath.normalise(int256(OracleMath.MAX_PRICE), 18), OracleMath.MAX_PRICE);
        assertEq(OracleMath.normalise(int256(OracleMath.MAX_PRICE) + 1, 18), 0);
        assertEq(OracleMath.normalise(type(int256).max, 0), 0);
        // int256 max is ~5.79e76: with 77 decimals it is below one dollar, not above the cap.
        assertEq(OracleMath.normalise(type(int256).max, 77), 578_960_446_186_580_977);
    }

    function test_isWithinDeviation_boundaries() public pure {
        assertTrue(OracleMath.isWithinDeviation(110, 100, 0.1e18));
        assertTrue(OracleMath.isWithinDeviation(90, 100, 0.1e18));
        assertFalse(OracleMath.isWithinDeviation(111, 100, 0.1e18));
        assertFalse(OracleMath.isWithinDeviation(89, 100, 0.1e18));
        assertTrue(OracleMath.isWithinDeviation(100, 100, 1));
        assertTrue(OracleMath.isWithinDeviation(1, 100, 1e18));
    }

    function test_phaseOf_readsTop16Bits() public pure {
        assertEq(OracleMath.phaseOf(5), 0);
        assertEq(OracleMath.phaseOf(uint80((uint256(3) << 64) | 9)), 3);
    }

    function testFuzz_normalise_exactForDecimalsUpTo18(uint128 raw, uint8 decimals) public pure {
        decimals = uint8(bound(decimals, 0, 18));
        uint256 expected = uint256(raw) * 10 ** (18 - decimals);
        uint256 got = OracleMath.normalise(int256(uint256(raw)), decimals);
        assertEq(got, expected <= OracleMath.MAX_PRICE && raw != 0 ? expected : 0);
    }

    function testFuzz_normalise_roundsDownAbove18(uint256 raw, uint8 decimals) public pure {
        raw = bound(raw, 1, uint256(type(int256).max));
        decimals = uint8(bound(decimals, 19, 77));
        uint256 got = OracleMath.normalise(int256(raw), decimals);
        uint256 scale = 10 ** (decimals - 18);
        if (got != 0) {
            assertLe(got * scale, raw);
            assertGt((got + 1) * scale, raw);
        } else {
            assertTrue(raw < scale || raw / scale > OracleMath.MAX_PRICE);
        }
    }

    function testFuzz_isWithinDeviation_matchesRatio(uint128 price, uint128 ref, uint64 maxDeviation) public pure {
        vm.assume(ref != 0);
        maxDeviation = uint64(bound(maxDeviation, 1, 1e18));
        uint256 diff = price > ref ? uint256(price) - ref : uint256(ref) - price;
        // diff / ref <= maxDeviation / 1e18, checked in 512-bit-safe form.
        bool expected = diff * 1e18 <= uint256(maxDeviation) * ref;
        assertEq(OracleMath.isWithinDeviation(price, ref, maxDeviation), expected);
        assertTrue(OracleMath.isWithinDeviation(ref, ref, maxDeviation));
    }
}
