// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// forge-std resolves through remappings.txt, which solhint does not read.
import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {PositionMath} from "../../src/libraries/PositionMath.sol";

/// @notice Every rounding in PositionMath favours the protocol, and the inverse helpers are exact.
contract PositionMathTest is Test {
    uint256 private constant MAX_PRICE = type(uint128).max;
    uint256 private constant MAX_AMOUNT = type(uint128).max;

    // ------------------------------------------------------------ unit

    function test_collateralValue_scalesByDecimals() public pure {
        assertEq(PositionMath.collateralValue(1e18, 3000e18, 18), 3000e18);
        assertEq(PositionMath.collateralValue(1e6, 1e18, 6), 1e18);
        assertEq(PositionMath.collateralValue(3, 3000.00000001e18, 18), 9000);
    }

    function test_debtValue_roundsUp() public pure {
        assertEq(PositionMath.debtValue(1, 2000.00000001e18), 2001);
        assertEq(PositionMath.debtValue(1e18, 2000e18), 2000e18);
        assertEq(PositionMath.debtValue(0, 2000e18), 0);
    }

    function test_ratio_maxWithoutDebt() public pure {
        assertEq(PositionMath.ratio(0, 0), type(uint256).max);
        assertEq(PositionMath.ratio(5, 0), type(uint256).max);
        assertEq(PositionMath.ratio(3, 2), 1.5e18);
        assertEq(PositionMath.ratio(2, 3), 666_666_666_666_666_666);
    }

    function test_fee_roundsUp() public pure {
        assertEq(PositionMath.fee(333, 0.003e18), 1);
        assertEq(PositionMath.fee(1000, 0.003e18), 3);
        assertEq(PositionMath.fee(1e18, 0), 0);
    }

    function test_seizeAmount_includesBonus() public pure {
        assertEq(PositionMath.seizeAmount(0.5e18, 2000e18, 0.1e18, 2200e18, 18), 0.5e18);
        assertEq(PositionMath.seizeAmount(0.5e18, 2600e18, 0.1e18, 1e18, 6), 1430e6);
    }

    function test_proportionalRepay_roundsUp() public pure {
        assertEq(PositionMath.proportionalRepay(1e18, 1e18, 1.1e18), 909_090_909_090_909_091);
    }

    // ------------------------------------------------------------ fuzz

    function testFuzz_collateralValue_roundsDown(uint256 amount, uint256 price, uint8 decimals) public pure {
        amount = bound(amount, 0, MAX_AMOUNT);
        price = bound(price, 1, MAX_PRICE);
        decimals = uint8(bound(decimals, 0, 36));
        uint256 value = PositionMath.collateralValue(amount, price, decimals);
        uint256 scale = 10 ** decimals;
        // amount and price are below 2^128, so the plain product cannot overflow: value is its floor.
        assertEq(value, amount * price / scale);
    }

    function testFuzz_debtValue_roundsUp(uint256 debt, uint256 price) public pure {
        debt = bound(debt, 0, MAX_AMOUNT);
        price = bound(price, 1, MAX_PRICE);
        uint256 value = PositionMath.debtValue(debt, price);
        assertGe(value * 1e18, debt * price);
        if (value != 0) assertLt((value - 1) * 1e18, debt * price);
    }

    function testFuzz_ratio_comparisonIsExact(uint256 collateralValue, uint256 debtValue, uint256 threshold)
        public
        pure
    {
        collateralValue = bound(collateralValue, 0, MAX_AMOUNT);
        debtValue = bound(debtValue, 1, MAX_AMOUNT);
        threshold = bound(threshold, 1, 100e18);
        bool passes = PositionMath.ratio(collateralValue, debtValue) >= threshold;
        assertEq(passes, collateralValue * 1e18 >= threshold * debtValue);
    }

    function testFuzz_ratio_neverOverstates(uint256 collateralValue, uint256 debtValue) public pure {
        collateralValue = bound(collateralValue, 0, MAX_AMOUNT);
        debtValue = bound(debtValue, 1, MAX_AMOUNT);
        uint256 r = PositionMath.ratio(collateralValue, debtValue);
        assertLe(r * debtValue, collateralValue * 1e18);
    }

    function testFuzz_fee_roundsUp(uint256 amount, uint256 rate) public pure {
        amount = bound(amount, 0, MAX_AMOUNT);
        rate = bound(rate, 0, 0.05e18);
        uint256 fee = PositionMath.fee(amount, rate);
        assertGe(fee * 1e18, amount * rate);
        if (fee != 0) assertLt((fee - 1) * 1e18, amount * rate);
        assertLe(fee, amount);
    }

    function testFuzz_maxDebt_isTight(uint256 collateralValue, uint256 price, uint256 minRatio) public pure {
        collateralValue = bound(collateralValue, 0, 1e40);
        price = bound(price, 1, 1e30);
        minRatio = bound(minRatio, 1e18, 10e18);
        uint256 maxDebt = PositionMath.maxDebt(collateralValue, price, minRatio);
        assertGe(PositionMath.ratio(collateralValue, PositionMath.debtValue(maxDebt, price)), minRatio);
        assertLt(PositionMath.ratio(collateralValue, PositionMath.debtValue(maxDebt + 1, price)), minRatio);
    }

    function testFuzz_maxAmountWithFee_isTight(uint256 room, uint256 rate) public pure {
        room = bound(room, 0, MAX_AMOUNT);
        rate = bound(rate, 0, 0.05e18);
        uint256 amount = PositionMath.maxAmountWithFee(room, rate);
        assertLe(amount + PositionMath.fee(amount, rate), room);
        assertGt(amount + 1 + PositionMath.fee(amount + 1, rate), room);
    }

    function testFuzz_amountForNet_isSmallestExact(uint256 reduction, uint256 rate) public pure {
        reduction = bound(reduction, 1, MAX_AMOUNT);
        rate = bound(rate, 0, 0.05e18);
        uint256 amount = PositionMath.amountForNet(reduction, rate);
        assertEq(amount - PositionMath.fee(amount, rate), reduction);
        assertLt(amount - 1 - PositionMath.fee(amount - 1, rate), reduction);
    }

    function testFuzz_seizeAmount_neverExceedsRepaidValuePlusBonus(
        uint256 repay,
        uint256 synthPrice,
        uint256 bonus,
        uint256 collateralPrice,
        uint8 decimals
    ) public pure {
        repay = bound(repay, 0, 1e30);
        synthPrice = bound(synthPrice, 1, 1e30);
        collateralPrice = bound(collateralPrice, 1, 1e30);
        bonus = bound(bonus, 0, 0.25e18);
        decimals = uint8(bound(decimals, 0, 24));
        uint256 seized = PositionMath.seizeAmount(repay, synthPrice, bonus, collateralPrice, decimals);
        // The exact value in one 512-bit division: repay * synthPrice * (1 + bonus) / collateralPrice.
        uint256 exact = Math.mulDiv(repay * synthPrice, (1e18 + bonus) * 10 ** decimals, 1e36 * collateralPrice);
        assertLe(seized, exact);
        // The intermediate floor loses under one wei of USD, i.e. under 10^dec / collateralPrice units.
        assertLe(exact - seized, 10 ** decimals / collateralPrice + 1);
    }

    function testFuzz_proportionalRepay_roundsUpAndStaysBelowRepay(uint256 repay, uint256 available, uint256 seized)
        public
        pure
    {
        seized = bound(seized, 2, MAX_AMOUNT);
        available = bound(available, 1, seized - 1);
        repay = bound(repay, 1, MAX_AMOUNT);
        uint256 proportional = PositionMath.proportionalRepay(repay, available, seized);
        assertLe(proportional, repay);
        assertGe(proportional * seized, repay * available);
    }
}
