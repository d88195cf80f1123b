// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {FluxionGovernanceToken} from "../../src/governance/FluxionGovernanceToken.sol";
import {IFluxionGovernanceToken} from "../../src/interfaces/IFluxionGovernanceToken.sol";
import {IFluxionRewards} from "../../src/interfaces/IFluxionRewards.sol";
import {ITreasury} from "../../src/interfaces/ITreasury.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Treasury} from "../../src/treasury/Treasury.sol";
import {FeeOnTransferERC20} from "../governance/mocks/FeeOnTransferERC20.sol";
import {ReentrantERC20} from "../governance/mocks/ReentrantERC20.sol";

contract TreasuryTest is Test {
    uint256 private constant SHARE = 0.2e18;

    FluxionGovernanceToken private flx;
    Treasury private treasury;
    MockERC20 private usdc;
    MockERC20 private other;

    address private admin = makeAddr("admin");
    address private staker = makeAddr("staker");
    address private recipient = makeAddr("recipient");

    function setUp() public {
        flx = new FluxionGovernanceToken("Fluxion", "FLX", 1e27, staker, 1_000e18, admin, 7 days);
        usdc = new MockERC20("USD Coin", "USDC", 6);
        other = new MockERC20("Other", "OTH", 18);
        vm.prank(admin);
        flx.addRewardToken(address(usdc));
        treasury = new Treasury(admin, flx, SHARE);
        vm.prank(staker);
        flx.stake(100e18);
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsState() public {
        assertEq(address(treasury.stakingToken()), address(flx));
        assertEq(treasury.stakerShare(), SHARE);
        assertEq(treasury.MAX_STAKER_SHARE(), 0.5e18);
        assertTrue(treasury.hasRole(treasury.DEFAULT_ADMIN_ROLE(), admin));

        vm.expectEmit();
        emit ITreasury.StakerShareSet(0, 0.1e18);
        new Treasury(admin, flx, 0.1e18);
    }

    function test_constructor_revertsForZeroStakingToken() public {
        vm.expectRevert(abi.encodeWithSelector(ITreasury.InvalidStakingToken.selector, address(0)));
        new Treasury(admin, IFluxionGovernanceToken(address(0)), SHARE);
    }

    function test_constructor_revertsForShareAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(ITreasury.StakerShareTooHigh.selector, 0.5e18 + 1, 0.5e18));
        new Treasury(admin, flx, 0.5e18 + 1);
    }

    // ---------------------------------------------------------------- setStakerShare

    function test_setStakerShare_byAdmin() public {
        vm.expectEmit(address(treasury));
        emit ITreasury.StakerShareSet(SHARE, 0.5e18);
        vm.prank(admin);
        treasury.setStakerShare(0.5e18);
        assertEq(treasury.stakerShare(), 0.5e18);
    }

    function test_setStakerShare_revertsAboveMax() public {
        vm.expectRevert(abi.encodeWithSelector(ITreasury.StakerShareTooHigh.selector, 0.5e18 + 1, 0.5e18));
        vm.prank(admin);
        treasury.setStakerShare(0.5e18 + 1);
    }

    function test_setStakerShare_revertsForNonAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, staker, treasury.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(staker);
        treasury.setStakerShare(0);
    }

    // ---------------------------------------------------------------- distribute

    function test_distribute_sendsStakerShareAndKeepsTheRest() public {
        usdc.mint(address(treasury), 1_000e6);
        assertEq(treasury.pendingFees(address(usdc)), 1_000e6);

        vm.expectEmit(address(treasury));
        emit ITreasury.FeesDistributed(address(usdc), 1_000e6, 200e6, 800e6);
        uint256 sent = treasury.distribute(address(usdc));

        assertEq(sent, 200e6);
        assertEq(flx.earned(staker, address(usdc)), 200e6);
        assertEq(usdc.balanceOf(address(treasury)), 800e6);
        assertEq(treasury.accountedBalance(address(usdc)), 800e6);
        assertEq(treasury.pendingFees(address(usdc)), 0);
        assertEq(usdc.allowance(address(treasury), address(flx)), 0);
    }

    function test_distribute_onlySplitsNewFees() public {
        usdc.mint(address(treasury), 1_000e6);
        treasury.distribute(address(usdc));
        usdc.mint(address(treasury), 500e6);
        uint256 sent = treasury.distribute(address(usdc));
        assertEq(sent, 100e6);
        assertEq(flx.earned(staker, address(usdc)), 300e6);
        assertEq(treasury.accountedBalance(address(usdc)), 1_200e6);
    }

    function test_distribute_nothingPendingReturnsZeroWithoutEvent() public {
        vm.recordLogs();
        assertEq(treasury.distribute(address(usdc)), 0);
        assertEq(vm.getRecordedLogs().length, 0);
    }

    function test_distribute_roundsStakersShareDown() public {
        usdc.mint(address(treasury), 9); // 20% of 9 wei = 1.8 -> 1
        assertEq(treasury.distribute(address(usdc)), 1);
        assertEq(treasury.accountedBalance(address(usdc)), 8);
    }

    function test_distribute_keepsEverythingWhenShareRoundsToZero() public {
        usdc.mint(address(treasury), 4); // 20% of 4 wei = 0.8 -> 0
        vm.expectEmit(address(treasury));
        emit ITreasury.FeesDistributed(address(usdc), 4, 0, 4);
        assertEq(treasury.distribute(address(usdc)), 0);
        assertEq(treasury.accountedBalance(address(usdc)), 4);
    }

    function test_distribute_noStakersKeepsEverythingAndNeverStrandsIt() public {
        vm.prank(staker);
        flx.requestUnstake(100e18);
        assertEq(flx.totalStaked(), 0);
        usdc.mint(address(treasury), 1_000e6);

        vm.expectEmit(address(treasury));
        emit ITreasury.FeesDistributed(address(usdc), 1_000e6, 0, 1_000e6);
        assertEq(treasury.distribute(address(usdc)), 0);
        assertEq(treasury.accountedBalance(address(usdc)), 1_000e6);

        // Stakers returning later get no windfall from fees earned while nobody staked...
        vm.warp(block.timestamp + 7 days);
        vm.prank(staker);
        flx.stake(10e18);
        assertEq(treasury.distribute(address(usdc)), 0);
        // ...and the Treasury can spend all of them.
        vm.prank(admin);
        treasury.withdraw(address(usdc), recipient, 1_000e6);
        assertEq(usdc.balanceOf(recipient), 1_000e6);
    }

    function test_distribute_unregisteredTokenIsKept() public {
        other.mint(address(treasury), 1e18);
        assertEq(treasury.distribute(address(other)), 0);
        assertEq(treasury.accountedBalance(address(other)), 1e18);
    }

    function test_distribute_zeroShareKeepsEverything() public {
        vm.prank(admin);
        treasury.setStakerShare(0);
        usdc.mint(address(treasury), 1_000e6);
        assertEq(treasury.distribute(address(usdc)), 0);
        assertEq(treasury.accountedBalance(address(usdc)), 1_000e6);
    }

    function test_distribute_feeOnTransferTokenAccountsWhatIsLeft() public {
        FeeOnTransferERC20 fee = new FeeOnTransferERC20(1_000);
        vm.prank(admin);
        flx.addRewardToken(address(fee));
        fee.mint(address(treasury), 1_000e18);
        uint256 sent = treasury.distribute(address(fee));
        assertEq(sent, 200e18);
        assertEq(flx.earned(staker, address(fee)), 180e18); // 10% burnt in transit
        assertEq(treasury.accountedBalance(address(fee)), 800e18);
        assertEq(fee.balanceOf(address(treasury)), 800e18);
    }

    function test_distribute_shrinkingBalanceLowersAccounted() public {
        FeeOnTransferERC20 rebasing = new FeeOnTransferERC20(0);
        rebasing.mint(address(treasury), 100e18);
        treasury.distribute(address(rebasing));
        rebasing.slash(address(treasury), 30e18);
        assertEq(treasury.pendingFees(address(rebasing)), 0);
        assertEq(treasury.distribute(address(rebasing)), 0);
        assertEq(treasury.accountedBalance(address(rebasing)), 70e18);
    }

    function test_distribute_reentrancyReverts() public {
        ReentrantERC20 evil = new ReentrantERC20();
        vm.prank(admin);
        flx.addRewardToken(address(evil));
        evil.mint(address(treasury), 100e18);
        evil.arm(address(treasury), abi.encodeCall(treasury.distribute, (address(evil))));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        treasury.distribute(address(evil));
    }

    // ---------------------------------------------------------------- withdraw

    function test_withdraw_splitsPendingFeesFirst() public {
        usdc.mint(address(treasury), 1_000e6);
        vm.expectEmit(address(treasury));
        emit ITreasury.FeesDistributed(address(usdc), 1_000e6, 200e6, 800e6);
        vm.expectEmit(address(treasury));
        emit ITreasury.Withdrawn(address(usdc), recipient, 800e6);
        vm.prank(admin);
        treasury.withdraw(address(usdc), recipient, 800e6);

        assertEq(usdc.balanceOf(recipient), 800e6);
        assertEq(flx.earned(staker, address(usdc)), 200e6);
        assertEq(treasury.accountedBalance(address(usdc)), 0);
        assertEq(usdc.balanceOf(address(treasury)), 0);
    }

    function test_withdraw_revertsAboveTreasuryOwnedBalance() public {
        usdc.mint(address(treasury), 1_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(ITreasury.InsufficientTreasuryBalance.selector, address(usdc), 800e6, 800e6 + 1)
        );
        vm.prank(admin);
        treasury.withdraw(address(usdc), recipient, 800e6 + 1);
    }

    function test_withdraw_revertsForZeroRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(ITreasury.InvalidRecipient.selector, address(0)));
        vm.prank(admin);
        treasury.withdraw(address(usdc), address(0), 1);
    }

    function test_withdraw_revertsForNonAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, staker, treasury.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(staker);
        treasury.withdraw(address(usdc), staker, 1);
    }

    function test_withdraw_governanceTokenHeldByTreasury() public {
        vm.prank(staker);
        flx.transfer(address(treasury), 50e18);
        vm.prank(admin);
        treasury.withdraw(address(flx), recipient, 50e18);
        assertEq(flx.balanceOf(recipient), 50e18);
    }

    function test_pendingFees_zeroWhenBalanceShrank() public {
        FeeOnTransferERC20 rebasing = new FeeOnTransferERC20(0);
        rebasing.mint(address(treasury), 10e18);
        treasury.distribute(address(rebasing));
        rebasing.slash(address(treasury), 1e18);
        assertEq(treasury.pendingFees(address(rebasing)), 0);
    }

    // ---------------------------------------------------------------- fuzz

    /// @dev Whatever the fee stream and share, stakers get floor(share * fees) of each batch, the Treasury keeps
    ///      the rest, and no token is unaccounted for.
    function testFuzz_distribute_conservesFunds(uint256 share, uint256[3] memory batches) public {
        share = bound(share, 0, 0.5e18);
        vm.prank(admin);
        treasury.setStakerShare(share);
        uint256 toStakers;
        uint256 total;
        for (uint256 i = 0; i < 3; ++i) {
            batches[i] = bound(batches[i], 0, 1e30);
            usdc.mint(address(treasury), batches[i]);
            total += batches[i];
            uint256 expected = batches[i] * share / 1e18;
            assertEq(treasury.distribute(address(usdc)), expected);
            toStakers += expected;
        }
        assertEq(treasury.accountedBalance(address(usdc)), total - toStakers);
        assertEq(usdc.balanceOf(address(treasury)), total - toStakers);
        assertEq(usdc.balanceOf(address(flx)), toStakers);
        assertLe(flx.earned(staker, address(usdc)), toStakers);
    }

    /// @dev Sanity: distributeRewards errors cannot block withdrawals, because the Treasury never calls it in a
    ///      state where it would revert.
    function test_withdraw_worksWhenRewardsWouldRevert() public {
        vm.prank(staker);
        flx.requestUnstake(100e18);
        usdc.mint(address(treasury), 10e6);
        vm.expectRevert(IFluxionRewards.NothingStaked.selector);
        flx.distributeRewards(address(usdc), 1);
        vm.prank(admin);
        treasury.withdraw(address(usdc), recipient, 10e6);
        assertEq(usdc.balanceOf(recipient), 10e6);
    }
}
