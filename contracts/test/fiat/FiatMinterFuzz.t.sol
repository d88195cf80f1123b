// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFiatMinter} from "../../src/interfaces/IFiatMinter.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {FiatMinterFixture} from "./utils/FiatMinterFixture.sol";

/// @notice Fuzzed sequences of mints against an independent model: a mint succeeds exactly when the model says so,
///         no id mints twice, and no synth ever mints more than its `perDay` on a UTC day.
contract FiatMinterFuzzTest is FiatMinterFixture {
    uint256 internal constant STEPS = 24;
    /// @dev Small caps so sequences hit them: sUSD 100 per payment / 300 per day, sXAU 40 / 100.
    uint256 internal constant USD_PAYMENT_CAP = 100e18;
    uint256 internal constant USD_DAY_CAP = 300e18;
    uint256 internal constant XAU_PAYMENT_CAP = 40e18;
    uint256 internal constant XAU_DAY_CAP = 100e18;

    mapping(bytes32 paymentId => bool) internal _modelProcessed;
    mapping(address synth => mapping(uint256 day => uint256)) internal _modelDaily;

    function setUp() public override {
        super.setUp();
        vm.startPrank(admin);
        minter.setLimits(address(sUSD), USD_PAYMENT_CAP, USD_DAY_CAP);
        minter.setLimits(address(sXAU), XAU_PAYMENT_CAP, XAU_DAY_CAP);
        vm.stopPrank();
    }

    function testFuzz_mint_neverExceedsTheDailyCapAndNeverMintsAnIdTwice(
        uint8[STEPS] calldata idSeeds,
        bool[STEPS] calldata useXau,
        uint256[STEPS] calldata amountSeeds,
        uint32[STEPS] calldata waits
    ) public {
        uint256[2] memory minted;
        for (uint256 i = 0; i < STEPS; ++i) {
            // Eight ids for 24 steps: replays are common.
            bytes32 paymentId = _id(idSeeds[i] % 8);
            SyntheticAsset synth = useXau[i] ? sXAU : sUSD;
            IFiatMinter.Limits memory lim = minter.limits(address(synth));
            uint256 amount = bound(amountSeeds[i], 1, lim.perPayment * 3 / 2);
            vm.warp(block.timestamp + bound(waits[i], 0, 10 hours));
            uint256 day = _today();

            bool expected = !_modelProcessed[paymentId] && amount <= lim.perPayment
                && _modelDaily[address(synth)][day] + amount <= lim.perDay;
            vm.prank(reactor);
            try minter.mint(paymentId, address(synth), alice, amount) {
                assertTrue(expected, "minted where the model refuses");
                _modelProcessed[paymentId] = true;
                _modelDaily[address(synth)][day] += amount;
                minted[useXau[i] ? 1 : 0] += amount;
            } catch (bytes memory reason) {
                assertFalse(expected, "refused where the model mints");
                _assertReason(reason, paymentId, synth, amount, lim, day);
            }
            assertEq(minter.dailyMinted(address(synth), day), _modelDaily[address(synth)][day]);
            assertLe(minter.dailyMinted(address(synth), day), lim.perDay);
        }
        assertEq(sUSD.balanceOf(alice), minted[0]);
        assertEq(sXAU.balanceOf(alice), minted[1]);
    }

    function testFuzz_mint_replayAlwaysRevertsWhateverItAsks(
        uint256 firstAmount,
        bool secondXau,
        address secondTo,
        uint256 secondAmount,
        uint32 wait
    ) public {
        firstAmount = bound(firstAmount, 1, USD_PAYMENT_CAP);
        _mint(PAYMENT, sUSD, alice, firstAmount);
        vm.warp(block.timestamp + wait);
        vm.expectRevert(abi.encodeWithSelector(IFiatMinter.PaymentAlreadyProcessed.selector, PAYMENT));
        _mint(PAYMENT, secondXau ? sXAU : sUSD, secondTo, secondAmount);
        assertEq(sUSD.totalSupply(), firstAmount);
        assertEq(sXAU.totalSupply(), 0);
    }

    function testFuzz_mint_acceptsUpToTheCapsAndNotOneWeiMore(uint256 perPayment, uint256 perDay, uint256 first)
        public
    {
        perPayment = bound(perPayment, 1, 1e30);
        perDay = bound(perDay, 1, 1e30);
        vm.prank(admin);
        minter.setLimits(address(sUSD), perPayment, perDay);
        uint256 cap = perPayment < perDay ? perPayment : perDay;
        first = bound(first, 1, cap);
        _mint(_id(1), sUSD, alice, first);

        // What is left of the day, when one payment may take it and one wei more (so the daily cap binds, not the
        // per-payment one): the wei more fails, the rest fills the day exactly.
        uint256 room = perDay - first;
        if (room > 0 && room < perPayment) {
            vm.expectRevert(
                abi.encodeWithSelector(IFiatMinter.DailyCapExceeded.selector, address(sUSD), first, room + 1, perDay)
            );
            _mint(_id(2), sUSD, alice, room + 1);
            _mint(_id(2), sUSD, alice, room);
            assertEq(minter.dailyMinted(address(sUSD), _today()), perDay);
        }
        assertEq(sUSD.totalSupply(), minter.dailyMinted(address(sUSD), _today()));
    }

    /// @dev The refusal is the first failing check of `mint`, with its exact arguments.
    function _assertReason(
        bytes memory reason,
        bytes32 paymentId,
        SyntheticAsset synth,
        uint256 amount,
        IFiatMinter.Limits memory lim,
        uint256 day
    ) internal view {
        uint256 used = _modelDaily[address(synth)][day];
        bytes memory expected;
        if (_modelProcessed[paymentId]) {
            expected = abi.encodeWithSelector(IFiatMinter.PaymentAlreadyProcessed.selector, paymentId);
        } else if (amount > lim.perPayment) {
            expected = abi.encodeWithSelector(IFiatMinter.PaymentCapExceeded.selector, amount, lim.perPayment);
        } else {
            expected =
                abi.encodeWithSelector(IFiatMinter.DailyCapExceeded.selector, address(synth), used, amount, lim.perDay);
        }
        assertEq(reason, expected);
    }
}
