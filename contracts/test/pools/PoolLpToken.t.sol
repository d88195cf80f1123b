// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPoolLpToken} from "../../src/interfaces/IPoolLpToken.sol";
import {PoolLpToken} from "../../src/pools/PoolLpToken.sol";
import {PoolLpTokenDeployer} from "../../src/pools/PoolLpTokenDeployer.sol";
import {PoolTestBase} from "./PoolTestBase.sol";

/// @notice LP token and its deployer.
contract PoolLpTokenTest is PoolTestBase {
    function test_mint_revertsForNonManager() public {
        IPoolLpToken lp = _lp(weighted5050);
        vm.expectRevert(abi.encodeWithSelector(IPoolLpToken.OnlyManager.selector, alice));
        vm.prank(alice);
        lp.mint(alice, 1);
    }

    function test_burn_revertsForNonManager() public {
        IPoolLpToken lp = _lp(weighted5050);
        vm.expectRevert(abi.encodeWithSelector(IPoolLpToken.OnlyManager.selector, alice));
        vm.prank(alice);
        lp.burn(alice, 1);
    }

    function test_mintAndBurn_byManager() public {
        IPoolLpToken lp = _lp(stable2);
        uint256 supply = lp.totalSupply();
        vm.startPrank(address(manager));
        lp.mint(bob, 5);
        lp.burn(bob, 2);
        vm.stopPrank();
        assertEq(lp.balanceOf(bob), 3);
        assertEq(lp.totalSupply(), supply + 3);
    }

    function test_permit_setsAllowance() public {
        (address owner, uint256 key) = makeAddrAndKey("permit owner");
        PoolLpToken lp = PoolLpToken(address(_lp(weighted5050)));
        uint256 deadline = block.timestamp + 1 days;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                bob,
                1e18,
                lp.nonces(owner),
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, keccak256(abi.encodePacked("\x19\x01", lp.DOMAIN_SEPARATOR(), structHash)));
        lp.permit(owner, bob, 1e18, deadline, v, r, s);
        assertEq(lp.allowance(owner, bob), 1e18);
    }

    function test_lpShares_areTransferableAndBurnableByNewHolder() public {
        IPoolLpToken lp = _lp(weighted5050);
        vm.prank(alice);
        lp.transfer(bob, 10e18);
        vm.prank(bob);
        uint256[] memory out = manager.removeLiquidity(weighted5050, 10e18, new uint256[](2), bob, _deadline());
        assertGt(out[0], 0);
    }

    function test_deployer_revertsForNonManager() public {
        PoolLpTokenDeployer deployer = new PoolLpTokenDeployer(address(manager));
        assertEq(deployer.manager(), address(manager));
        vm.expectRevert(abi.encodeWithSelector(PoolLpTokenDeployer.OnlyManager.selector, alice));
        vm.prank(alice);
        deployer.deploy("x", "x", bytes32(0));
    }

    function test_deployer_deploysForManager() public {
        PoolLpTokenDeployer deployer = new PoolLpTokenDeployer(address(this));
        address token = deployer.deploy("Name", "SYM", bytes32(uint256(7)));
        assertEq(PoolLpToken(token).manager(), address(this));
        assertEq(PoolLpToken(token).poolId(), bytes32(uint256(7)));
        assertEq(PoolLpToken(token).symbol(), "SYM");
    }
}
