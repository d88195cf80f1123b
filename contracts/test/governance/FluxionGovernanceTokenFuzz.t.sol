// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFluxionStaking} from "../../src/interfaces/IFluxionStaking.sol";
import {TokenFixture} from "./utils/TokenFixture.sol";

/// @notice Property tests of staking locks and reward accounting.
contract FluxionGovernanceTokenFuzzTest is TokenFixture {
    /// @dev A holder can never move locked tokens, whatever the amounts and however far time has moved.
    function testFuzz_lock_neverLetsHolderTransferLockedTokens(
        uint256 stakeAmount,
        uint256 unstakeAmount,
        uint256 elapsed,
        uint256 transferAmount
    ) public {
        stakeAmount = bound(stakeAmount, 1, 1_000e18);
        unstakeAmount = bound(unstakeAmount, 0, stakeAmount);
        elapsed = bound(elapsed, 0, 2 * uint256(COOLDOWN));
        transferAmount = bound(transferAmount, 0, 1_000e18);

        _stake(alice, stakeAmount);
        if (unstakeAmount != 0) _requestUnstake(alice, unstakeAmount);
        vm.warp(block.timestamp + elapsed);

        uint256 locked = stakeAmount - unstakeAmount + (elapsed < COOLDOWN ? unstakeAmount : 0);
        assertEq(token.lockedBalanceOf(alice), locked);
        uint256 unlocked = 1_000e18 - locked;

        vm.prank(alice);
        if (transferAmount > unlocked) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IFluxionStaking.InsufficientUnlockedBalance.selector, alice, unlocked, transferAmount
                )
            );
            token.transfer(bob, transferAmount);
            assertEq(token.balanceOf(alice), 1_000e18);
        } else {
            token.transfer(bob, transferAmount);
            assertGe(token.balanceOf(alice), token.lockedBalanceOf(alice));
        }
    }

    /// @dev transferFrom with an unlimited allowance cannot reach locked tokens either.
    function testFuzz_lock_transferFromCannotReachLockedTokens(uint256 stakeAmount, uint256 transferAmount) public {
        stakeAmount = bound(stakeAmount, 1, 1_000e18);
        transferAmount = bound(transferAmount, 1_000e18 - stakeAmount + 1, 1_000e18);
        _stake(alice, stakeAmount);
        vm.prank(alice);
        token.approve(bob, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFluxionStaking.InsufficientUnlockedBalance.selector, alice, 1_000e18 - stakeAmount, transferAmount
            )
        );
        vm.prank(bob);
        token.transferFrom(alice, bob, transferAmount);
    }

    /// @dev Three stakers, stake changes between distributions: claims never exceed what was distributed, and what
    ///      is left in the contract (dust plus the carry) stays tiny.
    function testFuzz_rewards_sumOfClaimsNeverExceedsDistributed(
        uint256[3] memory stakes,
        uint256[3] memory amounts,
        uint256 unstakeAmount,
        uint256 lateStake
    ) public {
        for (uint256 i = 0; i < 3; ++i) {
            stakes[i] = bound(stakes[i], 1, 1_000e18);
            amounts[i] = bound(amounts[i], 1, 1e30);
        }
        unstakeAmount = bound(unstakeAmount, 0, stakes[0]);
        _stake(alice, stakes[0]);
        _stake(bob, stakes[1]);
        _distribute(weth, amounts[0]);

        if (unstakeAmount != 0) _requestUnstake(alice, unstakeAmount);
        _stake(carol, stakes[2]);
        if (token.totalStaked() != 0) _distribute(weth, amounts[1]);

        lateStake = bound(lateStake, 0, token.unlockedBalanceOf(bob));
        if (lateStake != 0) _stake(bob, lateStake);
        _distribute(weth, amounts[2]);

        uint256 distributed = amounts[0] + amounts[2] + (token.totalStaked() != 0 ? amounts[1] : 0);
        uint256 claimed;
        address[3] memory stakers = [alice, bob, carol];
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(stakers[i]);
            claimed += token.claimRewards(stakers[i])[1];
        }
        assertLe(claimed, distributed);
        uint256 left = weth.balanceOf(address(token));
        assertEq(left, distributed - claimed);
        assertGe(left, token.undistributedRewards(address(weth)));
        // Dust: at most one wei per settlement per staker (3 stakers x 3 distributions) beyond the carry, and the
        // carry itself is below totalStaked / 1e18 + 1 wei.
        assertLe(left - token.undistributedRewards(address(weth)), 9);
        assertLe(token.undistributedRewards(address(weth)), token.totalStaked() / 1e18 + 1);
    }

    /// @dev Two stakers get the exact pro-rata split, within the accumulator's precision (1 wei per 1e18 staked,
    ///      plus one wei of flooring); what they do not get is carried, not lost.
    function testFuzz_rewards_twoStakersProRata(uint256 stakeA, uint256 stakeB, uint256 amount) public {
        stakeA = bound(stakeA, 1e6, 1_000e18);
        stakeB = bound(stakeB, 1e6, 1_000e18);
        amount = bound(amount, 1, 1e30);
        _stake(alice, stakeA);
        _stake(bob, stakeB);
        _distribute(usdc, amount);

        uint256 total = stakeA + stakeB;
        uint256 earnedA = token.earned(alice, address(usdc));
        uint256 earnedB = token.earned(bob, address(usdc));
        assertLe(earnedA + earnedB, amount);
        assertApproxEqAbs(earnedA, amount * stakeA / total, stakeA / 1e18 + 1);
        assertApproxEqAbs(earnedB, amount * stakeB / total, stakeB / 1e18 + 1);
        assertLt(amount - earnedA - earnedB - token.undistributedRewards(address(usdc)), 3);
    }

    /// @dev Whatever the cooldown and request time, tokens unlock exactly at request time + cooldown.
    function testFuzz_cooldown_unlocksExactlyAtEnd(uint48 cooldown, uint256 amount) public {
        cooldown = uint48(bound(cooldown, 1, 30 days));
        amount = bound(amount, 1, 1_000e18);
        vm.prank(admin);
        token.setUnstakeCooldown(cooldown);
        _stake(alice, amount);
        _requestUnstake(alice, amount);
        uint256 end = block.timestamp + cooldown;
        assertEq(token.cooldownEndOf(alice), end);
        vm.warp(end - 1);
        assertEq(token.lockedBalanceOf(alice), amount);
        vm.warp(end);
        assertEq(token.lockedBalanceOf(alice), 0);
    }
}
