// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IFluxionStaking} from "../../src/interfaces/IFluxionStaking.sol";
import {TokenFixture} from "./utils/TokenFixture.sol";

/// @notice In-place staking: lock enforcement, cooldown edges, governance of the cooldown.
contract FluxionGovernanceTokenStakingTest is TokenFixture {
    // ---------------------------------------------------------------- stake

    function test_stake_locksTokensAndKeepsVotes() public {
        vm.expectEmit(address(token));
        emit IFluxionStaking.Staked(alice, 600e18, 600e18);
        _stake(alice, 600e18);

        assertEq(token.balanceOf(alice), 1_000e18);
        assertEq(token.getVotes(alice), 1_000e18);
        assertEq(token.stakedOf(alice), 600e18);
        assertEq(token.lockedBalanceOf(alice), 600e18);
        assertEq(token.unlockedBalanceOf(alice), 400e18);
        assertEq(token.totalStaked(), 600e18);
    }

    function test_stake_accumulates() public {
        _stake(alice, 100e18);
        vm.expectEmit(address(token));
        emit IFluxionStaking.Staked(alice, 50e18, 150e18);
        _stake(alice, 50e18);
        _stake(bob, 10e18);
        assertEq(token.stakedOf(alice), 150e18);
        assertEq(token.totalStaked(), 160e18);
    }

    function test_stake_wholeBalance() public {
        _stake(alice, 1_000e18);
        assertEq(token.unlockedBalanceOf(alice), 0);
    }

    function test_stake_revertsWhenZero() public {
        vm.expectRevert(IFluxionStaking.ZeroStakeAmount.selector);
        _stake(alice, 0);
    }

    function test_stake_revertsAboveUnlockedBalance() public {
        _stake(alice, 700e18);
        vm.expectRevert(
            abi.encodeWithSelector(IFluxionStaking.InsufficientUnlockedBalance.selector, alice, 300e18, 300e18 + 1)
        );
        _stake(alice, 300e18 + 1);
    }

    function test_stake_revertsWhenTokensAreCooling() public {
        _stake(alice, 1_000e18);
        _requestUnstake(alice, 400e18);
        vm.expectRevert(abi.encodeWithSelector(IFluxionStaking.InsufficientUnlockedBalance.selector, alice, 0, 1));
        _stake(alice, 1);
    }

    function test_stake_votesFollowDelegationOfStakedTokens() public {
        _stake(alice, 1_000e18);
        vm.prank(alice);
        token.delegate(bob);
        assertEq(token.getVotes(bob), 2_000e18);
        assertEq(token.getVotes(alice), 0);
    }

    // ---------------------------------------------------------------- lock enforcement

    function test_transfer_revertsWhenDippingIntoLockedTokens() public {
        _stake(alice, 600e18);
        vm.expectRevert(
            abi.encodeWithSelector(IFluxionStaking.InsufficientUnlockedBalance.selector, alice, 400e18, 400e18 + 1)
        );
        vm.prank(alice);
        token.transfer(bob, 400e18 + 1);
    }

    function test_transfer_unlockedPartMoves() public {
        _stake(alice, 600e18);
        vm.prank(alice);
        token.transfer(bob, 400e18);
        assertEq(token.balanceOf(alice), 600e18);
        assertEq(token.unlockedBalanceOf(alice), 0);
        assertEq(token.getVotes(alice), 600e18);
    }

    function test_transferFrom_revertsWhenDippingIntoLockedTokens() public {
        _stake(alice, 600e18);
        vm.prank(alice);
        token.approve(bob, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IFluxionStaking.InsufficientUnlockedBalance.selector, alice, 400e18, 500e18)
        );
        vm.prank(bob);
        token.transferFrom(alice, carol, 500e18);
    }

    function test_transfer_receivingDoesNotNeedUnlockedBalance() public {
        _stake(alice, 1_000e18);
        vm.prank(bob);
        token.transfer(alice, 10e18);
        assertEq(token.unlockedBalanceOf(alice), 10e18);
    }

    function test_transfer_coolingTokensStayLocked() public {
        _stake(alice, 1_000e18);
        _requestUnstake(alice, 1_000e18);
        assertEq(token.stakedOf(alice), 0);
        assertEq(token.lockedBalanceOf(alice), 1_000e18);
        vm.expectRevert(abi.encodeWithSelector(IFluxionStaking.InsufficientUnlockedBalance.selector, alice, 0, 1));
        vm.prank(alice);
        token.transfer(bob, 1);
    }

    // ---------------------------------------------------------------- requestUnstake and cooldown

    function test_requestUnstake_movesStakeIntoCooldown() public {
        _stake(alice, 600e18);
        uint48 end = uint48(block.timestamp) + COOLDOWN;
        vm.expectEmit(address(token));
        emit IFluxionStaking.UnstakeRequested(alice, 200e18, 200e18, end);
        _requestUnstake(alice, 200e18);

        assertEq(token.stakedOf(alice), 400e18);
        assertEq(token.coolingOf(alice), 200e18);
        assertEq(token.cooldownEndOf(alice), end);
        assertEq(token.lockedBalanceOf(alice), 600e18);
        assertEq(token.totalStaked(), 400e18);
        assertEq(token.getVotes(alice), 1_000e18);
    }

    function test_requestUnstake_revertsWhenZero() public {
        _stake(alice, 1e18);
        vm.expectRevert(IFluxionStaking.ZeroStakeAmount.selector);
        _requestUnstake(alice, 0);
    }

    function test_requestUnstake_revertsAboveStake() public {
        _stake(alice, 100e18);
        vm.expectRevert(abi.encodeWithSelector(IFluxionStaking.InsufficientStake.selector, alice, 100e18, 100e18 + 1));
        _requestUnstake(alice, 100e18 + 1);
    }

    function test_requestUnstake_revertsWithoutStake() public {
        vm.expectRevert(abi.encodeWithSelector(IFluxionStaking.InsufficientStake.selector, bob, 0, 1));
        _requestUnstake(bob, 1);
    }

    function test_cooldown_stillLockedOneSecondBeforeEnd() public {
        _stake(alice, 500e18);
        _requestUnstake(alice, 500e18);
        vm.warp(block.timestamp + COOLDOWN - 1);
        assertEq(token.coolingOf(alice), 500e18);
        assertEq(token.unlockedBalanceOf(alice), 500e18);
        vm.expectRevert(
            abi.encodeWithSelector(IFluxionStaking.InsufficientUnlockedBalance.selector, alice, 500e18, 500e18 + 1)
        );
        vm.prank(alice);
        token.transfer(bob, 500e18 + 1);
    }

    function test_cooldown_unlockedExactlyAtEndSecond() public {
        _stake(alice, 500e18);
        _requestUnstake(alice, 500e18);
        uint256 end = token.cooldownEndOf(alice);
        vm.warp(end);
        assertEq(token.coolingOf(alice), 0);
        assertEq(token.cooldownEndOf(alice), 0);
        assertEq(token.lockedBalanceOf(alice), 0);
        vm.prank(alice);
        token.transfer(bob, 1_000e18);
        assertEq(token.balanceOf(alice), 0);
    }

    function test_requestUnstake_secondRequestAddsAndRestartsTimer() public {
        _stake(alice, 600e18);
        _requestUnstake(alice, 100e18);
        vm.warp(block.timestamp + 5 days);
        uint48 newEnd = uint48(block.timestamp) + COOLDOWN;
        vm.expectEmit(address(token));
        emit IFluxionStaking.UnstakeRequested(alice, 50e18, 150e18, newEnd);
        _requestUnstake(alice, 50e18);
        assertEq(token.coolingOf(alice), 150e18);
        assertEq(token.cooldownEndOf(alice), newEnd);

        // The first request's original end has passed, but the restarted timer keeps everything locked.
        vm.warp(block.timestamp + 3 days);
        assertEq(token.coolingOf(alice), 150e18);
        vm.warp(newEnd);
        assertEq(token.coolingOf(alice), 0);
        assertEq(token.lockedBalanceOf(alice), 450e18);
    }

    function test_requestUnstake_afterCooldownEndedStartsFreshAmount() public {
        _stake(alice, 600e18);
        _requestUnstake(alice, 100e18);
        vm.warp(block.timestamp + COOLDOWN);
        _requestUnstake(alice, 50e18);
        assertEq(token.coolingOf(alice), 50e18);
        assertEq(token.lockedBalanceOf(alice), 500e18);
        assertEq(token.unlockedBalanceOf(alice), 500e18);
    }

    // ---------------------------------------------------------------- setUnstakeCooldown

    function test_setUnstakeCooldown_byAdmin() public {
        vm.expectEmit(address(token));
        emit IFluxionStaking.UnstakeCooldownSet(COOLDOWN, 30 days);
        vm.prank(admin);
        token.setUnstakeCooldown(30 days);
        assertEq(token.unstakeCooldown(), 30 days);
    }

    function test_setUnstakeCooldown_revertsAboveMax() public {
        vm.expectRevert(
            abi.encodeWithSelector(IFluxionStaking.UnstakeCooldownTooLong.selector, 30 days + 1, 30 days)
        );
        vm.prank(admin);
        token.setUnstakeCooldown(30 days + 1);
    }

    function test_setUnstakeCooldown_revertsForNonAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, alice, token.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(alice);
        token.setUnstakeCooldown(1 days);
    }

    function test_setUnstakeCooldown_appliesToLaterRequestsOnly() public {
        _stake(alice, 100e18);
        _requestUnstake(alice, 100e18);
        uint48 end = token.cooldownEndOf(alice);
        vm.prank(admin);
        token.setUnstakeCooldown(1 days);
        assertEq(token.cooldownEndOf(alice), end);
        _stake(bob, 100e18);
        _requestUnstake(bob, 100e18);
        assertEq(token.cooldownEndOf(bob), block.timestamp + 1 days);
    }

    function test_setUnstakeCooldown_zeroUnlocksAtOnce() public {
        vm.prank(admin);
        token.setUnstakeCooldown(0);
        _stake(alice, 100e18);
        _requestUnstake(alice, 100e18);
        assertEq(token.lockedBalanceOf(alice), 0);
        vm.prank(alice);
        token.transfer(bob, 1_000e18);
    }

    function test_MAX_UNSTAKE_COOLDOWN_is30Days() public view {
        assertEq(token.MAX_UNSTAKE_COOLDOWN(), 30 days);
    }

    function test_views_zeroForAccountThatNeverStaked() public {
        address fresh = makeAddr("fresh");
        assertEq(token.stakedOf(fresh), 0);
        assertEq(token.coolingOf(fresh), 0);
        assertEq(token.cooldownEndOf(fresh), 0);
        assertEq(token.lockedBalanceOf(fresh), 0);
        assertEq(token.unlockedBalanceOf(fresh), 0);
    }
}
