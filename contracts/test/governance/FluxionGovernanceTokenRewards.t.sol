// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IFluxionRewards} from "../../src/interfaces/IFluxionRewards.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {FeeOnTransferERC20} from "./mocks/FeeOnTransferERC20.sol";
import {ReentrantERC20} from "./mocks/ReentrantERC20.sol";
import {TokenFixture} from "./utils/TokenFixture.sol";

/// @notice Fee sharing: registration, distribution, settlement on stake changes, claims.
contract FluxionGovernanceTokenRewardsTest is TokenFixture {
    // ---------------------------------------------------------------- addRewardToken

    function test_addRewardToken_registersInOrder() public {
        MockERC20 dai = new MockERC20("Dai", "DAI", 18);
        vm.expectEmit(address(token));
        emit IFluxionRewards.RewardTokenAdded(address(dai));
        vm.prank(admin);
        token.addRewardToken(address(dai));

        address[] memory tokens = token.rewardTokens();
        assertEq(tokens.length, 3);
        assertEq(tokens[0], address(usdc));
        assertEq(tokens[1], address(weth));
        assertEq(tokens[2], address(dai));
        assertTrue(token.isRewardToken(address(dai)));
        assertFalse(token.isRewardToken(address(this)));
    }

    function test_addRewardToken_revertsForZeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IFluxionRewards.InvalidRewardToken.selector, address(0)));
        vm.prank(admin);
        token.addRewardToken(address(0));
    }

    function test_addRewardToken_revertsWhenAlreadyRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IFluxionRewards.RewardTokenAlreadyRegistered.selector, address(usdc)));
        vm.prank(admin);
        token.addRewardToken(address(usdc));
    }

    function test_addRewardToken_revertsAboveMax() public {
        vm.startPrank(admin);
        for (uint256 i = 2; i < 8; ++i) {
            token.addRewardToken(address(new MockERC20("R", "R", 18)));
        }
        address ninth = address(new MockERC20("R", "R", 18));
        vm.expectRevert(abi.encodeWithSelector(IFluxionRewards.TooManyRewardTokens.selector, 8));
        token.addRewardToken(ninth);
        vm.stopPrank();
        assertEq(token.rewardTokens().length, token.MAX_REWARD_TOKENS());
    }

    function test_addRewardToken_revertsForNonAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, alice, token.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(alice);
        token.addRewardToken(address(1));
    }

    // ---------------------------------------------------------------- distributeRewards

    function test_distributeRewards_singleStakerEarnsEverything() public {
        _stake(alice, 100e18);
        usdc.mint(distributor, 1_000e6);
        vm.expectEmit(address(token));
        emit IFluxionRewards.RewardsDistributed(address(usdc), distributor, 1_000e6, 1_000e6 * 1e18 / 100e18);
        vm.prank(distributor);
        uint256 received = token.distributeRewards(address(usdc), 1_000e6);

        assertEq(received, 1_000e6);
        assertEq(token.earned(alice, address(usdc)), 1_000e6);
        assertEq(usdc.balanceOf(address(token)), 1_000e6);
        assertEq(token.rewardPerStake(address(usdc)), 10e6);
    }

    function test_distributeRewards_twoStakersJoiningAtDifferentTimesGetExactProRata() public {
        _stake(alice, 100e18);
        _distribute(usdc, 1_000e6); // alice alone: 1000
        _advance(1 days);
        _stake(bob, 300e18);
        _distribute(usdc, 2_000e6); // alice 1/4 = 500, bob 3/4 = 1500
        _advance(1 days);
        _stake(alice, 200e18); // alice 300, bob 300
        _distribute(usdc, 600e6); // 300 each

        assertEq(token.earned(alice, address(usdc)), 1_800e6);
        assertEq(token.earned(bob, address(usdc)), 1_800e6);
        assertEq(token.earned(carol, address(usdc)), 0);
        assertEq(token.undistributedRewards(address(usdc)), 0);
    }

    function test_distributeRewards_coolingTokensDoNotEarn() public {
        _stake(alice, 100e18);
        _stake(bob, 100e18);
        _requestUnstake(bob, 100e18);
        _distribute(weth, 5e18);
        assertEq(token.earned(alice, address(weth)), 5e18);
        assertEq(token.earned(bob, address(weth)), 0);
    }

    function test_distributeRewards_rewardsEarnedBeforeUnstakeAreKept() public {
        _stake(alice, 100e18);
        _distribute(weth, 5e18);
        _requestUnstake(alice, 100e18);
        _stake(bob, 100e18);
        _distribute(weth, 3e18);
        assertEq(token.earned(alice, address(weth)), 5e18);
        assertEq(token.earned(bob, address(weth)), 3e18);
    }

    function test_distributeRewards_carriesRoundingRemainderToNextDistribution() public {
        _stake(alice, 1e18);
        _stake(bob, 2e18);
        _distribute(weth, 1); // 1 wei over 3e18 staked: accumulator cannot move, the wei is carried
        assertEq(token.rewardPerStake(address(weth)), 0);
        assertEq(token.undistributedRewards(address(weth)), 1);
        _distribute(weth, 2); // 3 wei now: exactly 1 per 1e18 staked
        assertEq(token.rewardPerStake(address(weth)), 1);
        assertEq(token.undistributedRewards(address(weth)), 0);
        assertEq(token.earned(alice, address(weth)), 1);
        assertEq(token.earned(bob, address(weth)), 2);
    }

    function test_distributeRewards_creditsOnlyWhatArrives() public {
        FeeOnTransferERC20 fee = new FeeOnTransferERC20(1_000); // 10% burnt per transfer
        vm.prank(admin);
        token.addRewardToken(address(fee));
        _stake(alice, 100e18);
        fee.mint(distributor, 1_000e18);
        vm.startPrank(distributor);
        fee.approve(address(token), type(uint256).max);
        uint256 received = token.distributeRewards(address(fee), 1_000e18);
        vm.stopPrank();
        assertEq(received, 900e18);
        assertEq(token.earned(alice, address(fee)), 900e18);
    }

    function test_distributeRewards_revertsWhenNothingArrives() public {
        FeeOnTransferERC20 fee = new FeeOnTransferERC20(10_000);
        vm.prank(admin);
        token.addRewardToken(address(fee));
        _stake(alice, 100e18);
        fee.mint(distributor, 1e18);
        vm.startPrank(distributor);
        fee.approve(address(token), type(uint256).max);
        vm.expectRevert(IFluxionRewards.ZeroRewardAmount.selector);
        token.distributeRewards(address(fee), 1e18);
        vm.stopPrank();
    }

    function test_distributeRewards_revertsForUnregisteredToken() public {
        _stake(alice, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IFluxionRewards.RewardTokenNotRegistered.selector, address(this)));
        token.distributeRewards(address(this), 1);
    }

    function test_distributeRewards_revertsForZeroAmount() public {
        _stake(alice, 1e18);
        vm.expectRevert(IFluxionRewards.ZeroRewardAmount.selector);
        vm.prank(distributor);
        token.distributeRewards(address(usdc), 0);
    }

    function test_distributeRewards_revertsWhenNothingStaked() public {
        usdc.mint(distributor, 1e6);
        vm.expectRevert(IFluxionRewards.NothingStaked.selector);
        vm.prank(distributor);
        token.distributeRewards(address(usdc), 1e6);
    }

    function test_distributeRewards_revertsWhenOnlyCoolingTokensRemain() public {
        _stake(alice, 1e18);
        _requestUnstake(alice, 1e18);
        usdc.mint(distributor, 1e6);
        vm.expectRevert(IFluxionRewards.NothingStaked.selector);
        vm.prank(distributor);
        token.distributeRewards(address(usdc), 1e6);
    }

    function test_distributeRewards_governanceTokenItselfAsReward() public {
        vm.prank(admin);
        token.addRewardToken(address(token));
        _stake(alice, 100e18);
        vm.startPrank(bob);
        token.approve(address(token), 50e18);
        token.distributeRewards(address(token), 50e18);
        vm.stopPrank();
        assertEq(token.earned(alice, address(token)), 50e18);
        vm.prank(alice);
        token.claimRewards(alice);
        assertEq(token.balanceOf(alice), 1_050e18);
        assertEq(token.balanceOf(address(token)), 0);
    }

    // ---------------------------------------------------------------- claimRewards

    function test_claimRewards_paysEveryTokenAndResets() public {
        _stake(alice, 100e18);
        _stake(bob, 100e18);
        _distribute(usdc, 1_000e6);
        _distribute(weth, 2e18);

        vm.expectEmit(address(token));
        emit IFluxionRewards.RewardsClaimed(alice, address(usdc), carol, 500e6);
        vm.expectEmit(address(token));
        emit IFluxionRewards.RewardsClaimed(alice, address(weth), carol, 1e18);
        vm.prank(alice);
        uint256[] memory amounts = token.claimRewards(carol);

        assertEq(amounts.length, 2);
        assertEq(amounts[0], 500e6);
        assertEq(amounts[1], 1e18);
        assertEq(usdc.balanceOf(carol), 500e6);
        assertEq(weth.balanceOf(carol), 1e18);
        assertEq(token.earned(alice, address(usdc)), 0);
        assertEq(token.earned(alice, address(weth)), 0);
        assertEq(token.earned(bob, address(usdc)), 500e6);

        vm.prank(alice);
        amounts = token.claimRewards(carol);
        assertEq(amounts[0], 0);
        assertEq(amounts[1], 0);
    }

    function test_claimRewards_afterFullUnstakeStillPays() public {
        _stake(alice, 100e18);
        _distribute(usdc, 10e6);
        _requestUnstake(alice, 100e18);
        vm.warp(block.timestamp + COOLDOWN);
        vm.prank(alice);
        token.claimRewards(alice);
        assertEq(usdc.balanceOf(alice), 10e6);
    }

    function test_claimRewards_nothingEarnedPaysNothing() public {
        vm.prank(carol);
        uint256[] memory amounts = token.claimRewards(carol);
        assertEq(amounts.length, 2);
        assertEq(amounts[0] + amounts[1], 0);
    }

    function test_claimRewards_revertsForZeroRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(IFluxionRewards.InvalidRewardRecipient.selector, address(0)));
        vm.prank(alice);
        token.claimRewards(address(0));
    }

    function test_claimRewards_reentrancyFromRewardTokenReverts() public {
        ReentrantERC20 evil = new ReentrantERC20();
        vm.prank(admin);
        token.addRewardToken(address(evil));
        _stake(alice, 100e18);
        evil.mint(distributor, 10e18);
        vm.startPrank(distributor);
        evil.approve(address(token), type(uint256).max);
        token.distributeRewards(address(evil), 10e18);
        vm.stopPrank();

        evil.arm(address(token), abi.encodeCall(token.claimRewards, (alice)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(alice);
        token.claimRewards(alice);
    }

    function test_distributeRewards_reentrancyFromRewardTokenReverts() public {
        ReentrantERC20 evil = new ReentrantERC20();
        vm.prank(admin);
        token.addRewardToken(address(evil));
        _stake(alice, 100e18);
        evil.mint(distributor, 10e18);
        vm.prank(distributor);
        evil.approve(address(token), type(uint256).max);

        evil.arm(address(token), abi.encodeCall(token.distributeRewards, (address(evil), 1)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(distributor);
        token.distributeRewards(address(evil), 1e18);
    }

    function test_claimReward_paysOneTokenOnly() public {
        _stake(alice, 100e18);
        _distribute(usdc, 10e6);
        _distribute(weth, 1e18);
        vm.expectEmit(address(token));
        emit IFluxionRewards.RewardsClaimed(alice, address(weth), bob, 1e18);
        vm.prank(alice);
        assertEq(token.claimReward(address(weth), bob), 1e18);
        assertEq(weth.balanceOf(bob), 1e18);
        assertEq(token.earned(alice, address(weth)), 0);
        assertEq(token.earned(alice, address(usdc)), 10e6);
    }

    function test_claimReward_otherTokensStillClaimableWhenOneRefusesTransfers() public {
        ReentrantERC20 hostile = new ReentrantERC20();
        vm.prank(admin);
        token.addRewardToken(address(hostile));
        _stake(alice, 100e18);
        _distribute(usdc, 10e6);
        hostile.mint(distributor, 1e18);
        vm.startPrank(distributor);
        hostile.approve(address(token), type(uint256).max);
        token.distributeRewards(address(hostile), 1e18);
        vm.stopPrank();
        // The hostile token now reverts every transfer, as a blacklist would (its hook makes an unauthorised mint).
        hostile.arm(address(token), abi.encodeCall(token.mint, (alice, 1)));
        bytes32 minterRole = token.MINTER_ROLE();

        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(hostile), minterRole
            )
        );
        vm.prank(alice);
        token.claimRewards(alice);

        vm.prank(alice);
        assertEq(token.claimReward(address(usdc), alice), 10e6);
        assertEq(usdc.balanceOf(alice), 10e6);
    }

    function test_claimReward_unregisteredTokenPaysNothing() public {
        vm.prank(alice);
        assertEq(token.claimReward(address(0xdead), alice), 0);
    }

    function test_claimReward_revertsForZeroRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(IFluxionRewards.InvalidRewardRecipient.selector, address(0)));
        vm.prank(alice);
        token.claimReward(address(usdc), address(0));
    }

    function test_earned_zeroForUnregisteredToken() public view {
        assertEq(token.earned(alice, address(0xdead)), 0);
        assertEq(token.rewardPerStake(address(0xdead)), 0);
    }
}
