// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {FluxionGovernanceToken} from "../../src/governance/FluxionGovernanceToken.sol";
import {IFluxionGovernanceToken} from "../../src/interfaces/IFluxionGovernanceToken.sol";
import {IFluxionStaking} from "../../src/interfaces/IFluxionStaking.sol";
import {TokenFixture} from "./utils/TokenFixture.sol";

/// @notice ERC-20, cap, mint, clock, auto-delegation and signatures of FLX.
contract FluxionGovernanceTokenTest is TokenFixture {
    bytes32 private constant DELEGATION_TYPEHASH =
        keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)");
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsMetadataCapAndInitialMint() public view {
        assertEq(token.name(), "Fluxion");
        assertEq(token.symbol(), "FLX");
        assertEq(token.decimals(), 18);
        assertEq(token.cap(), CAP);
        assertEq(token.totalSupply(), INITIAL_SUPPLY);
        assertEq(token.balanceOf(treasuryHolder), INITIAL_SUPPLY - 3_000e18);
        assertEq(token.unstakeCooldown(), COOLDOWN);
        assertTrue(token.hasRole(token.DEFAULT_ADMIN_ROLE(), admin));
        assertFalse(token.hasRole(token.DEFAULT_ADMIN_ROLE(), address(this)));
    }

    function test_constructor_zeroInitialSupplyMintsNothing() public {
        FluxionGovernanceToken t = new FluxionGovernanceToken("F", "F", CAP, address(0), 0, admin, 0);
        assertEq(t.totalSupply(), 0);
    }

    function test_constructor_initialSupplyEqualToCap() public {
        FluxionGovernanceToken t = new FluxionGovernanceToken("F", "F", CAP, alice, CAP, admin, 0);
        assertEq(t.totalSupply(), CAP);
        assertEq(t.getVotes(alice), CAP);
    }

    function test_constructor_revertsWhenCapIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IFluxionGovernanceToken.InvalidCap.selector, 0, 0));
        new FluxionGovernanceToken("F", "F", 0, alice, 0, admin, 0);
    }

    function test_constructor_revertsWhenCapExceedsUint128() public {
        uint256 cap = uint256(type(uint128).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IFluxionGovernanceToken.InvalidCap.selector, cap, 1));
        new FluxionGovernanceToken("F", "F", cap, alice, 1, admin, 0);
    }

    function test_constructor_revertsWhenInitialSupplyExceedsCap() public {
        vm.expectRevert(abi.encodeWithSelector(IFluxionGovernanceToken.InvalidCap.selector, 100, 101));
        new FluxionGovernanceToken("F", "F", 100, alice, 101, admin, 0);
    }

    function test_constructor_revertsWhenCooldownTooLong() public {
        vm.expectRevert(
            abi.encodeWithSelector(IFluxionStaking.UnstakeCooldownTooLong.selector, 30 days + 1, 30 days)
        );
        new FluxionGovernanceToken("F", "F", CAP, alice, 1, admin, 30 days + 1);
    }

    // ---------------------------------------------------------------- mint and cap

    function test_mint_byMinterGivesVotesWithoutDelegation() public {
        vm.prank(minter);
        token.mint(alice, 5e18);
        assertEq(token.balanceOf(alice), 1_005e18);
        assertEq(token.getVotes(alice), 1_005e18);
        assertEq(token.totalSupply(), INITIAL_SUPPLY + 5e18);
    }

    function test_mint_upToCapExactly() public {
        vm.prank(minter);
        token.mint(bob, CAP - INITIAL_SUPPLY);
        assertEq(token.totalSupply(), CAP);
    }

    function test_mint_revertsAboveCap() public {
        uint256 amount = CAP - INITIAL_SUPPLY + 1;
        vm.expectRevert(abi.encodeWithSelector(IFluxionGovernanceToken.SupplyCapExceeded.selector, CAP + 1, CAP));
        vm.prank(minter);
        token.mint(bob, amount);
    }

    function test_mint_revertsForNonMinter() public {
        bytes32 role = token.MINTER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, role));
        vm.prank(admin);
        token.mint(alice, 1);
    }

    // ---------------------------------------------------------------- clock

    function test_clock_isBlockTimestamp() public {
        assertEq(token.clock(), START);
        _advance(123);
        assertEq(token.clock(), START + 123);
    }

    function test_CLOCK_MODE_isTimestamp() public view {
        assertEq(token.CLOCK_MODE(), "mode=timestamp");
    }

    // ---------------------------------------------------------------- auto-delegation

    function test_delegates_defaultsToSelf() public {
        address fresh = makeAddr("fresh");
        assertEq(token.delegates(fresh), fresh);
        assertEq(token.delegates(alice), alice);
    }

    function test_getVotes_freshHolderVotesWithoutDelegating() public {
        address fresh = makeAddr("fresh");
        vm.prank(alice);
        token.transfer(fresh, 10e18);
        assertEq(token.getVotes(fresh), 10e18);
        assertEq(token.getVotes(alice), 990e18);
    }

    function test_transfer_movesVotesImmediately() public {
        vm.prank(alice);
        token.transfer(bob, 400e18);
        assertEq(token.getVotes(alice), 600e18);
        assertEq(token.getVotes(bob), 1_400e18);
    }

    function test_getPastVotes_rightAcrossTransfers() public {
        uint256 t0 = block.timestamp;
        _advance(10);
        vm.prank(alice);
        token.transfer(bob, 100e18);
        uint256 t1 = block.timestamp;
        _advance(10);
        vm.prank(bob);
        token.transfer(carol, 300e18);
        uint256 t2 = block.timestamp;
        _advance(10);

        assertEq(token.getPastVotes(alice, t0), 1_000e18);
        assertEq(token.getPastVotes(bob, t0), 1_000e18);
        assertEq(token.getPastVotes(alice, t1), 900e18);
        assertEq(token.getPastVotes(bob, t1), 1_100e18);
        assertEq(token.getPastVotes(bob, t2), 800e18);
        assertEq(token.getPastVotes(carol, t2), 1_300e18);
        assertEq(token.getPastVotes(alice, t1 - 1), 1_000e18);
    }

    function test_getPastTotalSupply_rightAcrossMints() public {
        uint256 t0 = block.timestamp;
        _advance(10);
        vm.prank(minter);
        token.mint(alice, 50e18);
        uint256 t1 = block.timestamp;
        _advance(10);
        assertEq(token.getPastTotalSupply(t0), INITIAL_SUPPLY);
        assertEq(token.getPastTotalSupply(t1), INITIAL_SUPPLY + 50e18);
    }

    function test_getPastVotes_revertsForCurrentOrFutureTimepoint() public {
        vm.expectRevert(abi.encodeWithSelector(Votes.ERC5805FutureLookup.selector, block.timestamp, block.timestamp));
        token.getPastVotes(alice, block.timestamp);
    }

    function test_checkpoints_writtenForBothSidesOfATransferWithoutDelegation() public {
        address fresh = makeAddr("fresh");
        assertEq(token.numCheckpoints(fresh), 0);
        uint32 aliceBefore = token.numCheckpoints(alice);
        _advance(1);
        vm.prank(alice);
        token.transfer(fresh, 1e18);
        assertEq(token.numCheckpoints(fresh), 1);
        assertEq(token.numCheckpoints(alice), aliceBefore + 1);
        assertEq(token.checkpoints(fresh, 0)._key, block.timestamp);
        assertEq(token.checkpoints(fresh, 0)._value, 1e18);
    }

    function test_delegate_movesVotesToDelegatee() public {
        vm.expectEmit(address(token));
        emit IVotes.DelegateChanged(alice, alice, bob);
        vm.prank(alice);
        token.delegate(bob);
        assertEq(token.delegates(alice), bob);
        assertEq(token.getVotes(alice), 0);
        assertEq(token.getVotes(bob), 2_000e18);
    }

    function test_delegate_transfersFollowTheDelegatee() public {
        vm.prank(alice);
        token.delegate(bob);
        vm.prank(carol);
        token.transfer(alice, 100e18);
        assertEq(token.getVotes(bob), 2_100e18);
        assertEq(token.getVotes(alice), 0);
        assertEq(token.getVotes(carol), 900e18);
    }

    function test_delegate_zeroAddressMeansSelf() public {
        vm.prank(alice);
        token.delegate(bob);
        vm.prank(alice);
        token.delegate(address(0));
        assertEq(token.delegates(alice), alice);
        assertEq(token.getVotes(alice), 1_000e18);
        assertEq(token.getVotes(bob), 1_000e18);
    }

    function test_delegate_backToSelfExplicitly() public {
        vm.prank(alice);
        token.delegate(bob);
        vm.prank(alice);
        token.delegate(alice);
        assertEq(token.getVotes(alice), 1_000e18);
        assertEq(token.getVotes(bob), 1_000e18);
    }

    function test_delegateBySig_delegatesForSigner() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(bob, 0, expiry);
        token.delegateBySig(bob, 0, expiry, v, r, s);
        assertEq(token.delegates(alice), bob);
        assertEq(token.getVotes(bob), 2_000e18);
        assertEq(token.nonces(alice), 1);
    }

    function test_delegateBySig_revertsWhenExpired() public {
        uint256 expiry = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(bob, 0, expiry);
        vm.expectRevert(abi.encodeWithSelector(IVotes.VotesExpiredSignature.selector, expiry));
        token.delegateBySig(bob, 0, expiry, v, r, s);
    }

    function test_delegateBySig_revertsWhenReplayed() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(bob, 0, expiry);
        token.delegateBySig(bob, 0, expiry, v, r, s);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, alice, 1));
        token.delegateBySig(bob, 0, expiry, v, r, s);
    }

    // ---------------------------------------------------------------- permit

    function test_permit_setsAllowanceFromSignature() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, alice, bob, 7e18, 0, deadline));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, _digest(structHash));
        token.permit(alice, bob, 7e18, deadline, v, r, s);
        assertEq(token.allowance(alice, bob), 7e18);
        assertEq(token.nonces(alice), 1);
    }

    function test_permit_revertsWhenExpired() public {
        uint256 deadline = block.timestamp - 1;
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, alice, bob, 7e18, 0, deadline));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, _digest(structHash));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        token.permit(alice, bob, 7e18, deadline, v, r, s);
    }

    // ---------------------------------------------------------------- interfaces

    function test_supportsInterface_accessControl() public view {
        assertTrue(token.supportsInterface(type(IAccessControl).interfaceId));
    }

    function _signDelegation(address delegatee, uint256 nonce, uint256 expiry)
        private
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(DELEGATION_TYPEHASH, delegatee, nonce, expiry));
        return vm.sign(aliceKey, _digest(structHash));
    }

    function _digest(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
    }
}
