// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ISyntheticAsset} from "../../src/interfaces/ISyntheticAsset.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {SynthsFixture} from "./utils/SynthsFixture.sol";

contract SyntheticAssetTest is SynthsFixture {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    function test_constructor_setsMetadataAndRoles() public view {
        assertEq(sXAU.name(), "Synthetic Gold");
        assertEq(sXAU.symbol(), "sXAU");
        assertEq(sXAU.decimals(), 18);
        assertEq(sXAU.assetId(), XAU);
        assertEq(sXAU.totalSupply(), 0);
        assertEq(sXAU.MINTER_ROLE(), keccak256("MINTER_ROLE"));
        assertTrue(sXAU.hasRole(sXAU.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(sXAU.hasRole(sXAU.MINTER_ROLE(), address(vault)));
        assertFalse(sXAU.hasRole(sXAU.MINTER_ROLE(), admin));
        assertFalse(sXAU.hasRole(sXAU.DEFAULT_ADMIN_ROLE(), address(factory)));
    }

    function test_constructor_directDeployment() public {
        SyntheticAsset synth = new SyntheticAsset("Synthetic Oil", "sOIL", "sOIL", admin, alice);
        assertEq(synth.assetId(), bytes32("sOIL"));
        assertTrue(synth.hasRole(synth.MINTER_ROLE(), alice));
    }

    function test_mint_byMinter() public {
        vm.expectEmit(address(sXAU));
        emit IERC20.Transfer(address(0), alice, 5e18);
        vm.prank(address(vault));
        sXAU.mint(alice, 5e18);
        assertEq(sXAU.balanceOf(alice), 5e18);
        assertEq(sXAU.totalSupply(), 5e18);
    }

    function test_mint_revertsForNonMinter() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, admin, sXAU.MINTER_ROLE()
            )
        );
        vm.prank(admin);
        sXAU.mint(admin, 1);
    }

    function test_burn_byMinterWithoutAllowance() public {
        _giveSynth(alice, sXAU, 5e18);
        assertEq(sXAU.allowance(alice, address(vault)), 0);
        vm.prank(address(vault));
        sXAU.burn(alice, 2e18);
        assertEq(sXAU.balanceOf(alice), 3e18);
        assertEq(sXAU.totalSupply(), 3e18);
    }

    function test_burn_revertsForNonMinter() public {
        _giveSynth(alice, sXAU, 5e18);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, alice, sXAU.MINTER_ROLE()
            )
        );
        vm.prank(alice);
        sXAU.burn(alice, 1);
    }

    function test_burn_revertsAboveBalance() public {
        _giveSynth(alice, sXAU, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1e18, 1e18 + 1)
        );
        vm.prank(address(vault));
        sXAU.burn(alice, 1e18 + 1);
    }

    function test_grantRole_governanceAddsMinter() public {
        bytes32 role = sXAU.MINTER_ROLE();
        address gateway = makeAddr("lightning gateway");
        vm.prank(admin);
        sXAU.grantRole(role, gateway);
        vm.prank(gateway);
        sXAU.mint(bob, 1e18);
        assertEq(sXAU.balanceOf(bob), 1e18);
    }

    function test_grantRole_revertsForNonAdmin() public {
        bytes32 role = sXAU.MINTER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(vault), sXAU.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(address(vault));
        sXAU.grantRole(role, stranger);
    }

    function test_permit_setsAllowanceFromSignature() public {
        (address owner, uint256 key) = makeAddrAndKey("permit owner");
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, bob, 7e18, sXAU.nonces(owner), deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", sXAU.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);

        sXAU.permit(owner, bob, 7e18, deadline, v, r, s);
        assertEq(sXAU.allowance(owner, bob), 7e18);
        assertEq(sXAU.nonces(owner), 1);
    }

    function test_supportsInterface_accessControl() public view {
        assertTrue(sXAU.supportsInterface(type(IAccessControl).interfaceId));
    }

    function test_interface_exposesSynthFunctions() public view {
        ISyntheticAsset synth = ISyntheticAsset(address(sXAU));
        assertEq(synth.assetId(), XAU);
        assertEq(synth.decimals(), 18);
    }
}
