// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {FluxionGovernanceToken} from "../../../src/governance/FluxionGovernanceToken.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";

/// @notice Deploys FLX with two registered reward tokens and funds a few holders.
abstract contract TokenFixture is Test {
    uint256 internal constant CAP = 1_000_000_000e18;
    uint256 internal constant INITIAL_SUPPLY = 100_000_000e18;
    uint48 internal constant COOLDOWN = 7 days;
    uint256 internal constant START = 1_700_000_000;

    FluxionGovernanceToken internal token;
    MockERC20 internal usdc;
    MockERC20 internal weth;

    address internal admin = makeAddr("admin");
    address internal treasuryHolder = makeAddr("treasuryHolder");
    address internal minter = makeAddr("minter");
    address internal distributor = makeAddr("distributor");
    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    function setUp() public virtual {
        vm.warp(START);
        (alice, aliceKey) = makeAddrAndKey("alice");
        token = new FluxionGovernanceToken("Fluxion", "FLX", CAP, treasuryHolder, INITIAL_SUPPLY, admin, COOLDOWN);
        usdc = new MockERC20("USD Coin", "USDC", 6);
        weth = new MockERC20("Wrapped Ether", "WETH", 18);

        vm.startPrank(admin);
        token.grantRole(token.MINTER_ROLE(), minter);
        token.addRewardToken(address(usdc));
        token.addRewardToken(address(weth));
        vm.stopPrank();

        vm.startPrank(treasuryHolder);
        token.transfer(alice, 1_000e18);
        token.transfer(bob, 1_000e18);
        token.transfer(carol, 1_000e18);
        vm.stopPrank();

        vm.startPrank(distributor);
        usdc.approve(address(token), type(uint256).max);
        weth.approve(address(token), type(uint256).max);
        vm.stopPrank();
    }

    function _stake(address account, uint256 amount) internal {
        vm.prank(account);
        token.stake(amount);
    }

    function _requestUnstake(address account, uint256 amount) internal {
        vm.prank(account);
        token.requestUnstake(amount);
    }

    function _distribute(MockERC20 rewardToken, uint256 amount) internal {
        rewardToken.mint(distributor, amount);
        vm.prank(distributor);
        token.distributeRewards(address(rewardToken), amount);
    }

    /// @dev Moves time (and the block number, so vote checkpoints land in distinct blocks) forward.
    function _advance(uint256 seconds_) internal {
        vm.warp(block.timestamp + seconds_);
        vm.roll(block.number + 1);
    }
}
