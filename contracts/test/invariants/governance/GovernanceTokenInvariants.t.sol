// SPDX-License-Identifier: MIT
// Test harness: the handler must share this file (see the note above it), and its ghost bookkeeping after calls
// into the contracts under test is not a reentrancy concern.
// solhint-disable one-contract-per-file, reentrancy
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {FluxionGovernanceToken} from "../../../src/governance/FluxionGovernanceToken.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";

// The handler lives in this file on purpose: a single-file `hardhat test solidity <file>` run only hands the fuzzer
// the artifacts of the files it was given, and a handler defined elsewhere would be "No contracts to fuzz".

/// @notice Drives FLX through random transfers, stakes, unstakes, delegations, mints, reward distributions,
///         claims and time jumps, keeping ghost totals of what was distributed and claimed.
contract GovernanceTokenHandler is Test {
    FluxionGovernanceToken public immutable token;
    MockERC20[2] public rewardTokens;
    address[] public actors;

    mapping(address rewardToken => uint256) public distributed;
    mapping(address rewardToken => uint256) public claimed;
    /// @notice Set if a transfer reaching into locked tokens ever succeeded.
    bool public lockedTransferSucceeded;
    /// @notice Transfers into locked tokens that were (rightly) rejected.
    uint256 public lockedTransferRejections;

    constructor(FluxionGovernanceToken token_, MockERC20[2] memory rewardTokens_, address[] memory actors_) {
        token = token_;
        rewardTokens = rewardTokens_;
        actors = actors_;
        for (uint256 i = 0; i < 2; ++i) {
            rewardTokens_[i].approve(address(token_), type(uint256).max);
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        amount = bound(amount, 0, token.unlockedBalanceOf(from));
        vm.prank(from);
        token.transfer(_actor(toSeed), amount);
    }

    /// @dev Tries to move more than the unlocked balance; must always fail.
    function transferLocked(uint256 fromSeed, uint256 toSeed, uint256 excess) external {
        address from = _actor(fromSeed);
        uint256 locked = token.lockedBalanceOf(from);
        if (locked == 0) return;
        uint256 amount = token.unlockedBalanceOf(from) + bound(excess, 1, locked);
        vm.prank(from);
        try token.transfer(_actor(toSeed), amount) {
            lockedTransferSucceeded = true;
        } catch {
            ++lockedTransferRejections;
        }
    }

    function stake(uint256 actorSeed, uint256 amount) external {
        address account = _actor(actorSeed);
        amount = bound(amount, 0, token.unlockedBalanceOf(account));
        if (amount == 0) return;
        vm.prank(account);
        token.stake(amount);
    }

    function requestUnstake(uint256 actorSeed, uint256 amount) external {
        address account = _actor(actorSeed);
        amount = bound(amount, 0, token.stakedOf(account));
        if (amount == 0) return;
        vm.prank(account);
        token.requestUnstake(amount);
    }

    function delegate(uint256 actorSeed, uint256 delegateeSeed) external {
        // One seed in six delegates to address(0), which must mean "back to myself".
        address delegatee = delegateeSeed % 6 == 5 ? address(0) : _actor(delegateeSeed);
        vm.prank(_actor(actorSeed));
        token.delegate(delegatee);
    }

    function mint(uint256 actorSeed, uint256 amount) external {
        amount = bound(amount, 0, token.cap() - token.totalSupply());
        vm.prank(address(this));
        token.mint(_actor(actorSeed), amount);
    }

    function distribute(uint256 tokenSeed, uint256 amount) external {
        if (token.totalStaked() == 0) return;
        MockERC20 rewardToken = rewardTokens[tokenSeed % 2];
        amount = bound(amount, 1, 1e30);
        rewardToken.mint(address(this), amount);
        token.distributeRewards(address(rewardToken), amount);
        distributed[address(rewardToken)] += amount;
    }

    function claim(uint256 actorSeed) external {
        address account = _actor(actorSeed);
        vm.prank(account);
        uint256[] memory amounts = token.claimRewards(account);
        for (uint256 i = 0; i < 2; ++i) {
            claimed[address(rewardTokens[i])] += amounts[i];
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 10 days));
        vm.roll(block.number + 1);
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }
}

/// @notice Votes, locks and rewards of FLX stay consistent under any sequence of handler actions.
contract GovernanceTokenInvariantsTest is Test {
    FluxionGovernanceToken private token;
    GovernanceTokenHandler private handler;
    MockERC20[2] private rewardTokens;
    address[] private actors;

    function setUp() public {
        vm.warp(1_700_000_000);
        for (uint256 i = 0; i < 5; ++i) {
            actors.push(makeAddr(string.concat("actor", vm.toString(i))));
        }
        token = new FluxionGovernanceToken(
            "Fluxion", "FLX", 10_000_000e18, actors[0], 1_000_000e18, address(this), 3 days
        );
        rewardTokens[0] = new MockERC20("USD Coin", "USDC", 6);
        rewardTokens[1] = new MockERC20("Wrapped Ether", "WETH", 18);
        token.addRewardToken(address(rewardTokens[0]));
        token.addRewardToken(address(rewardTokens[1]));
        // Spread the initial supply so every actor holds something.
        for (uint256 i = 1; i < 5; ++i) {
            vm.prank(actors[0]);
            token.transfer(actors[i], 100_000e18);
        }

        handler = new GovernanceTokenHandler(token, rewardTokens, actors);
        token.grantRole(token.MINTER_ROLE(), address(handler));
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = handler.transfer.selector;
        selectors[1] = handler.transferLocked.selector;
        selectors[2] = handler.stake.selector;
        selectors[3] = handler.requestUnstake.selector;
        selectors[4] = handler.delegate.selector;
        selectors[5] = handler.mint.selector;
        selectors[6] = handler.distribute.selector;
        selectors[7] = handler.claim.selector;
        selectors[8] = handler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev Everyone auto-delegates (and delegation never points at address(0)), so no vote is ever lost.
    function invariant_totalVotesEqualTotalSupply() public view {
        uint256 votes;
        for (uint256 i = 0; i < actors.length; ++i) {
            votes += token.getVotes(actors[i]);
        }
        assertEq(votes, token.totalSupply());
    }

    /// @dev Each account's votes are exactly the balances of the accounts delegating to it (itself by default).
    function invariant_votesOfEachAccountMatchDelegation() public view {
        for (uint256 i = 0; i < actors.length; ++i) {
            uint256 expected;
            for (uint256 j = 0; j < actors.length; ++j) {
                if (token.delegates(actors[j]) == actors[i]) expected += token.balanceOf(actors[j]);
            }
            assertEq(token.getVotes(actors[i]), expected);
            assertTrue(token.delegates(actors[i]) != address(0));
        }
    }

    /// @dev Nothing earned or claimed beyond what was distributed, and the contract covers every unclaimed reward.
    function invariant_rewardsNeverExceedDistributedAndAreBacked() public view {
        for (uint256 t = 0; t < 2; ++t) {
            address rewardToken = address(rewardTokens[t]);
            uint256 unclaimed;
            for (uint256 i = 0; i < actors.length; ++i) {
                unclaimed += token.earned(actors[i], rewardToken);
            }
            assertLe(unclaimed + handler.claimed(rewardToken), handler.distributed(rewardToken));
            uint256 held = MockERC20(rewardToken).balanceOf(address(token));
            assertGe(held, unclaimed);
            assertEq(held, handler.distributed(rewardToken) - handler.claimed(rewardToken));
            assertGe(held - unclaimed, token.undistributedRewards(rewardToken));
        }
    }

    /// @dev Stake bookkeeping adds up and no account ever holds less than it has locked.
    function invariant_stakesAddUpAndLocksAreBacked() public view {
        uint256 staked;
        for (uint256 i = 0; i < actors.length; ++i) {
            staked += token.stakedOf(actors[i]);
            assertGe(token.balanceOf(actors[i]), token.lockedBalanceOf(actors[i]));
        }
        assertEq(staked, token.totalStaked());
        assertLe(token.totalSupply(), token.cap());
    }

    /// @dev No attempt to move locked tokens ever succeeded.
    function invariant_lockedTokensNeverMove() public view {
        assertFalse(handler.lockedTransferSucceeded());
    }
}
