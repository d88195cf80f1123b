// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {FluxionGovernanceToken} from "../../../src/governance/FluxionGovernanceToken.sol";
import {FluxionGovernor} from "../../../src/governance/FluxionGovernor.sol";
import {FluxionTimelock} from "../../../src/governance/FluxionTimelock.sol";
import {Treasury} from "../../../src/treasury/Treasury.sol";

/// @notice Deploys FLX + FluxionTimelock + FluxionGovernor + Treasury wired exactly as production intends:
///         Governor proposes and cancels, anyone executes, the guardian can cancel, the Timelock administers
///         everything (itself included) and the deployer keeps no role.
abstract contract GovernanceFixture is Test {
    uint256 internal constant CAP = 1_000_000_000e18;
    uint256 internal constant INITIAL_SUPPLY = 100_000_000e18;
    uint48 internal constant COOLDOWN = 7 days;
    uint256 internal constant MIN_DELAY = 2 days;
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 5 days;
    uint256 internal constant PROPOSAL_THRESHOLD = 100_000e18;
    uint256 internal constant QUORUM_PERCENT = 4; // 4M FLX of 100M
    uint48 internal constant LATE_QUORUM_EXTENSION = 1 days;
    uint256 internal constant STAKER_SHARE = 0.2e18;

    FluxionGovernanceToken internal token;
    FluxionTimelock internal timelock;
    FluxionGovernor internal governor;
    Treasury internal treasury;

    address internal guardian = makeAddr("guardian");
    address internal holder = makeAddr("holder");
    address internal proposer = makeAddr("proposer");
    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        (alice, aliceKey) = makeAddrAndKey("alice");
        address deployer = address(this);

        token = new FluxionGovernanceToken("Fluxion", "FLX", CAP, holder, INITIAL_SUPPLY, deployer, COOLDOWN);
        timelock = new FluxionTimelock(MIN_DELAY, new address[](0), new address[](0), deployer);
        governor = new FluxionGovernor(
            "Fluxion Governor",
            token,
            timelock,
            VOTING_DELAY,
            VOTING_PERIOD,
            PROPOSAL_THRESHOLD,
            QUORUM_PERCENT,
            LATE_QUORUM_EXTENSION
        );
        treasury = new Treasury(deployer, token, STAKER_SHARE);

        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), guardian);
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(0));

        bytes32 adminRole = token.DEFAULT_ADMIN_ROLE();
        token.grantRole(adminRole, address(timelock));
        token.renounceRole(adminRole, deployer);
        treasury.grantRole(adminRole, address(timelock));
        treasury.renounceRole(adminRole, deployer);
        timelock.renounceRole(adminRole, deployer);

        vm.startPrank(holder);
        token.transfer(alice, 5_000_000e18);
        token.transfer(bob, 3_000_000e18);
        token.transfer(carol, 1_000_000e18);
        token.transfer(proposer, PROPOSAL_THRESHOLD);
        vm.stopPrank();
        // Let the transfers' vote checkpoints fall strictly before any proposal snapshot.
        vm.warp(block.timestamp + 1);
    }

    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
    }

    function _singleCall(address target, bytes memory data, string memory description)
        internal
        pure
        returns (Proposal memory p)
    {
        p.targets = new address[](1);
        p.targets[0] = target;
        p.values = new uint256[](1);
        p.calldatas = new bytes[](1);
        p.calldatas[0] = data;
        p.description = description;
    }

    function _propose(Proposal memory p) internal returns (uint256 proposalId) {
        vm.prank(proposer);
        proposalId = governor.propose(p.targets, p.values, p.calldatas, p.description);
    }

    function _queue(Proposal memory p) internal returns (uint256) {
        return governor.queue(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    function _execute(Proposal memory p) internal returns (uint256) {
        return governor.execute(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    function _vote(uint256 proposalId, address voter, uint8 support) internal {
        vm.prank(voter);
        governor.castVote(proposalId, support);
    }

    function _toVotingStart(uint256 proposalId) internal {
        vm.warp(governor.proposalSnapshot(proposalId) + 1);
    }

    function _toVotingEnd(uint256 proposalId) internal {
        vm.warp(governor.proposalDeadline(proposalId) + 1);
    }

    /// @dev Proposes, passes with alice's votes, and queues; returns the proposal id.
    function _passAndQueue(Proposal memory p) internal returns (uint256 proposalId) {
        proposalId = _propose(p);
        _toVotingStart(proposalId);
        _vote(proposalId, alice, 1);
        _toVotingEnd(proposalId);
        _queue(p);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Queued));
    }
}
