// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {
    GovernorVotesQuorumFraction
} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {FluxionGovernor} from "../../src/governance/FluxionGovernor.sol";
import {ITreasury} from "../../src/interfaces/ITreasury.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";

/// @notice End-to-end governance in Solidity: propose -> vote -> queue -> execute through the Timelock, plus every
///         way a proposal fails and the guardian's veto.
contract FluxionGovernorTest is GovernanceFixture {
    uint8 private constant AGAINST = 0;
    uint8 private constant FOR = 1;
    uint8 private constant ABSTAIN = 2;

    function _setShareProposal(uint256 share) private view returns (Proposal memory) {
        return _singleCall(
            address(treasury), abi.encodeCall(ITreasury.setStakerShare, (share)), "Raise the stakers' share of fees"
        );
    }

    // ---------------------------------------------------------------- full lifecycle

    function test_lifecycle_proposeVoteQueueExecuteChangesTreasuryParameter() public {
        Proposal memory p = _setShareProposal(0.3e18);
        uint256 proposalId = _propose(p);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Pending));
        assertEq(governor.proposalSnapshot(proposalId), block.timestamp + VOTING_DELAY);
        assertEq(governor.proposalProposer(proposalId), proposer);

        _toVotingStart(proposalId);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Active));
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(alice, proposalId, FOR, 5_000_000e18, "");
        _vote(proposalId, alice, FOR);
        _vote(proposalId, bob, AGAINST);
        vm.prank(carol);
        governor.castVoteWithReason(proposalId, ABSTAIN, "no opinion");

        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(proposalId);
        assertEq(forVotes, 5_000_000e18);
        assertEq(against, 3_000_000e18);
        assertEq(abstain, 1_000_000e18);
        assertTrue(governor.hasVoted(proposalId, carol));

        _toVotingEnd(proposalId);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Succeeded));

        _queue(p);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Queued));
        assertEq(governor.proposalEta(proposalId), block.timestamp + MIN_DELAY);

        // The Timelock refuses to execute one second early.
        vm.warp(block.timestamp + MIN_DELAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                _operationId(p),
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        _execute(p);

        vm.warp(block.timestamp + 1);
        vm.expectEmit(address(treasury));
        emit ITreasury.StakerShareSet(STAKER_SHARE, 0.3e18);
        _execute(p);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Executed));
        assertEq(treasury.stakerShare(), 0.3e18);
    }

    function test_lifecycle_batchRegistersRewardTokenThenStakersEarnFees() public {
        MockERC20 usdc = new MockERC20("USD Coin", "USDC", 6);
        Proposal memory p;
        p.targets = new address[](2);
        p.values = new uint256[](2);
        p.calldatas = new bytes[](2);
        p.targets[0] = address(token);
        p.calldatas[0] = abi.encodeCall(token.addRewardToken, (address(usdc)));
        p.targets[1] = address(token);
        p.calldatas[1] = abi.encodeCall(token.setUnstakeCooldown, (14 days));
        p.description = "Share USDC fees; two-week cooldown";

        _passAndQueue(p);
        vm.warp(block.timestamp + MIN_DELAY);
        vm.prank(makeAddr("anyone")); // executor role is open
        _execute(p);
        assertTrue(token.isRewardToken(address(usdc)));
        assertEq(token.unstakeCooldown(), 14 days);

        vm.prank(bob);
        token.stake(1_000e18);
        usdc.mint(address(treasury), 1_000e6);
        treasury.distribute(address(usdc));
        assertEq(token.earned(bob, address(usdc)), 200e6);
    }

    // ---------------------------------------------------------------- failing proposals

    function test_proposal_withoutQuorumIsDefeated() public {
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        _toVotingStart(proposalId);
        _vote(proposalId, carol, FOR); // 1M of a 4M quorum
        _toVotingEnd(proposalId);
        assertEq(governor.quorum(governor.proposalSnapshot(proposalId)), 4_000_000e18);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_proposal_abstainCountsTowardQuorumButDoesNotPass() public {
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        _toVotingStart(proposalId);
        _vote(proposalId, alice, ABSTAIN);
        _vote(proposalId, carol, FOR);
        _vote(proposalId, bob, AGAINST);
        _toVotingEnd(proposalId);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_proposal_moreAgainstThanForIsDefeated() public {
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        _toVotingStart(proposalId);
        _vote(proposalId, bob, FOR);
        _vote(proposalId, alice, AGAINST);
        _toVotingEnd(proposalId);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_queue_revertsForDefeatedProposal() public {
        Proposal memory p = _setShareProposal(0.3e18);
        uint256 proposalId = _propose(p);
        _toVotingEnd(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Defeated,
                bytes32(1 << uint8(IGovernor.ProposalState.Succeeded))
            )
        );
        _queue(p);
    }

    function test_propose_revertsBelowThreshold() public {
        Proposal memory p = _setShareProposal(0.3e18);
        address poor = makeAddr("poor");
        vm.prank(holder);
        token.transfer(poor, PROPOSAL_THRESHOLD - 1);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, poor, PROPOSAL_THRESHOLD - 1, PROPOSAL_THRESHOLD
            )
        );
        vm.prank(poor);
        governor.propose(p.targets, p.values, p.calldatas, p.description);
    }

    function test_castVote_revertsWhenVotingTwice() public {
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        _toVotingStart(proposalId);
        _vote(proposalId, alice, FOR);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, alice));
        _vote(proposalId, alice, AGAINST);
    }

    // ---------------------------------------------------------------- vote weight

    function test_castVote_weightIsTheSnapshotBalanceNotTheCurrentOne() public {
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        _toVotingStart(proposalId);
        vm.prank(holder);
        token.transfer(carol, 10_000_000e18); // after the snapshot: must not count
        vm.prank(carol);
        uint256 weight = governor.castVote(proposalId, FOR);
        assertEq(weight, 1_000_000e18);
    }

    function test_castVote_stakedTokensKeepFullWeight() public {
        vm.prank(alice);
        token.stake(5_000_000e18);
        vm.warp(block.timestamp + 1);
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        _toVotingStart(proposalId);
        vm.prank(alice);
        assertEq(governor.castVote(proposalId, FOR), 5_000_000e18);
    }

    function test_castVoteBySig_countsTheSignersVotes() public {
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        _toVotingStart(proposalId);
        bytes32 structHash = keccak256(abi.encode(governor.BALLOT_TYPEHASH(), proposalId, FOR, alice, 0));
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            governor.eip712Domain();
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifyingContract
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", domain, structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);
        governor.castVoteBySig(proposalId, FOR, alice, abi.encodePacked(r, s, v));
        assertTrue(governor.hasVoted(proposalId, alice));
        (, uint256 forVotes,) = governor.proposalVotes(proposalId);
        assertEq(forVotes, 5_000_000e18);
    }

    // ---------------------------------------------------------------- late quorum

    function test_lateQuorum_extendsDeadline() public {
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        uint256 originalDeadline = governor.proposalDeadline(proposalId);
        vm.warp(originalDeadline); // last voting second
        uint64 extended = uint64(originalDeadline + LATE_QUORUM_EXTENSION);
        vm.expectEmit(address(governor));
        emit GovernorPreventLateQuorum.ProposalExtended(proposalId, extended);
        _vote(proposalId, alice, FOR);
        assertEq(governor.proposalDeadline(proposalId), extended);

        vm.warp(originalDeadline + 1);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Active));
        _vote(proposalId, bob, AGAINST); // opponents still have time
        vm.warp(extended + 1);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Succeeded));
    }

    function test_lateQuorum_earlyQuorumDoesNotExtend() public {
        uint256 proposalId = _propose(_setShareProposal(0.3e18));
        uint256 deadline = governor.proposalDeadline(proposalId);
        _toVotingStart(proposalId);
        _vote(proposalId, alice, FOR);
        assertEq(governor.proposalDeadline(proposalId), deadline);
    }

    // ---------------------------------------------------------------- access and guardian veto

    function test_setStakerShare_revertsForNonTimelockCaller() public {
        bytes32 adminRole = treasury.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, adminRole)
        );
        vm.prank(alice);
        treasury.setStakerShare(0.3e18);

        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(governor), adminRole
            )
        );
        vm.prank(address(governor));
        treasury.setStakerShare(0.3e18);
    }

    function test_guardian_cancelsQueuedOperation() public {
        Proposal memory p = _setShareProposal(0.3e18);
        uint256 proposalId = _passAndQueue(p);
        bytes32 operationId = _operationId(p);
        assertTrue(timelock.isOperationPending(operationId));

        vm.prank(guardian);
        timelock.cancel(operationId);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Canceled));

        vm.warp(block.timestamp + MIN_DELAY);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Canceled,
                bytes32(1 << uint8(IGovernor.ProposalState.Queued))
            )
        );
        _execute(p);
        assertEq(treasury.stakerShare(), STAKER_SHARE);
    }

    function test_guardian_cannotScheduleOrBypassTheGovernor() public {
        bytes32 proposerRole = timelock.PROPOSER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, proposerRole)
        );
        vm.prank(guardian);
        timelock.schedule(
            address(treasury), 0, abi.encodeCall(ITreasury.setStakerShare, (0)), 0, 0, MIN_DELAY
        );
    }

    function test_governanceSettings_onlyChangeableThroughGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        vm.prank(alice);
        governor.setVotingPeriod(1 days);

        Proposal memory p = _singleCall(
            address(governor), abi.encodeCall(governor.setVotingPeriod, (7 days)), "Seven-day votes"
        );
        _passAndQueue(p);
        vm.warp(block.timestamp + MIN_DELAY);
        _execute(p);
        assertEq(governor.votingPeriod(), 7 days);
    }

    function test_cancel_proposerCanCancelWhilePending() public {
        Proposal memory p = _setShareProposal(0.3e18);
        uint256 proposalId = _propose(p);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, proposalId, alice));
        vm.prank(alice);
        governor.cancel(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));

        vm.prank(proposer);
        governor.cancel(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Canceled));
    }

    function test_governanceSettings_everySetterRejectsDirectCalls() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        governor.setVotingDelay(1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        governor.setProposalThreshold(0);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        governor.updateQuorumNumerator(1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        governor.setLateQuorumVoteExtension(0);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        governor.updateTimelock(timelock);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        governor.relay(address(treasury), 0, "");
        vm.stopPrank();
    }

    function test_timelock_cancelRevertsForNonCanceller() public {
        Proposal memory p = _setShareProposal(0.3e18);
        _passAndQueue(p);
        bytes32 role = timelock.CANCELLER_ROLE();
        bytes32 operationId = _operationId(p);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role));
        vm.prank(alice);
        timelock.cancel(operationId);
    }

    // ---------------------------------------------------------------- configuration

    function test_configuration_matchesConstructorAndWiring() public view {
        assertEq(governor.name(), "Fluxion Governor");
        assertEq(address(governor.token()), address(token));
        assertEq(governor.timelock(), address(timelock));
        assertEq(governor.votingDelay(), VOTING_DELAY);
        assertEq(governor.votingPeriod(), VOTING_PERIOD);
        assertEq(governor.proposalThreshold(), PROPOSAL_THRESHOLD);
        assertEq(governor.quorumNumerator(), QUORUM_PERCENT);
        assertEq(governor.lateQuorumVoteExtension(), LATE_QUORUM_EXTENSION);
        assertEq(governor.clock(), block.timestamp);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
        assertEq(governor.COUNTING_MODE(), "support=bravo&quorum=for,abstain");
        assertTrue(governor.supportsInterface(type(IGovernor).interfaceId));
        assertTrue(governor.supportsInterface(type(IERC165).interfaceId));
    }

    function test_configuration_timelockRolesAsIntended() public view {
        bytes32 adminRole = timelock.DEFAULT_ADMIN_ROLE();
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), guardian));
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)));
        assertFalse(timelock.hasRole(timelock.PROPOSER_ROLE(), guardian));
        assertTrue(timelock.hasRole(adminRole, address(timelock)));
        assertFalse(timelock.hasRole(adminRole, address(this)));
        assertTrue(token.hasRole(adminRole, address(timelock)));
        assertFalse(token.hasRole(adminRole, address(this)));
        assertTrue(treasury.hasRole(adminRole, address(timelock)));
        assertFalse(treasury.hasRole(adminRole, address(this)));
        assertEq(timelock.getMinDelay(), MIN_DELAY);
    }

    function test_constructor_revertsForZeroVotingPeriod() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidVotingPeriod.selector, 0));
        new FluxionGovernor("G", token, timelock, 1, 0, 0, 4, 0);
    }

    function test_constructor_revertsForQuorumAboveOneHundredPercent() public {
        vm.expectRevert(
            abi.encodeWithSelector(GovernorVotesQuorumFraction.GovernorInvalidQuorumFraction.selector, 101, 100)
        );
        new FluxionGovernor("G", token, timelock, 1, 1 days, 0, 101, 0);
    }

    function test_constructor_revertsForLateQuorumExtensionAbovePeriod() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                GovernorPreventLateQuorum.GovernorPreventLateQuorumVoteExtensionTooLarge.selector, 1 days + 1, 1 days
            )
        );
        new FluxionGovernor("G", token, TimelockController(payable(address(timelock))), 1, 1 days, 0, 4, 1 days + 1);
    }

    /// @dev Id of the Timelock batch the Governor schedules for `p` (GovernorTimelockControl's salt scheme).
    function _operationId(Proposal memory p) private view returns (bytes32) {
        bytes32 salt = bytes20(address(governor)) ^ keccak256(bytes(p.description));
        return timelock.hashOperationBatch(p.targets, p.values, p.calldatas, 0, salt);
    }
}
