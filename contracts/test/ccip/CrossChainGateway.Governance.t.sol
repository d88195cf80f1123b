// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RateLimiter} from "@chainlink/contracts-ccip/contracts/libraries/RateLimiter.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CrossChainGateway} from "../../src/ccip/CrossChainGateway.sol";
import {FluxionTimelock} from "../../src/governance/FluxionTimelock.sol";
import {ICrossChainGateway} from "../../src/interfaces/ICrossChainGateway.sol";
import {IGuarded} from "../../src/interfaces/IGuarded.sol";
import {ILiquidityPoolManager} from "../../src/interfaces/ILiquidityPoolManager.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {ISyntheticAssetFactory} from "../../src/interfaces/ISyntheticAssetFactory.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Construction, lanes, who may do what, and governance through a real Timelock after the handover: lanes,
///         rate limits and a liquidity move (approve + send in one batch, the fee paid from the proposal's value).
contract CrossChainGatewayGovernanceTest is GatewayFixture {
    uint256 internal constant DELAY = 2 days;

    // ------------------------------------------------------------ constructor and lanes

    function test_constructor_revertsForAnyZeroAddress() public {
        ISyntheticAssetFactory f = a.factory;
        ILiquidityPoolManager p = ILiquidityPoolManager(address(a.pools));
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        new CrossChainGateway(address(0), f, p, admin, guardian);
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        new CrossChainGateway(address(routerA), ISyntheticAssetFactory(address(0)), p, admin, guardian);
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        new CrossChainGateway(address(routerA), f, ILiquidityPoolManager(address(0)), admin, guardian);
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        new CrossChainGateway(address(routerA), f, p, address(0), guardian);
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        new CrossChainGateway(address(routerA), f, p, admin, address(0));

        CrossChainGateway g = new CrossChainGateway(address(routerA), f, p, admin, guardian);
        assertEq(g.getRouter(), address(routerA));
        assertEq(address(g.factory()), address(f));
        assertEq(address(g.poolManager()), address(p));
        assertTrue(g.hasRole(g.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(g.hasRole(g.GUARDIAN_ROLE(), guardian));
        assertFalse(g.lane(CHAIN_B).enabled);
    }

    function test_setLane_storesEmitsAndValidatesEnabledLanes() public {
        ICrossChainGateway.Lane memory lane = _gatewayLane(makeAddr("newPeer"));
        lane.transferGasLimit = 250_000;
        vm.expectEmit(address(a.gateway));
        emit ICrossChainGateway.LaneSet(CHAIN_B, lane);
        vm.prank(admin);
        a.gateway.setLane(CHAIN_B, lane);
        assertEq(a.gateway.lane(CHAIN_B).peer, lane.peer);
        assertEq(a.gateway.lane(CHAIN_B).transferGasLimit, 250_000);

        vm.startPrank(admin);
        lane.peer = address(0);
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        a.gateway.setLane(CHAIN_B, lane);
        lane.peer = address(b.gateway);
        lane.transferGasLimit = 0;
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.InvalidGasLimit.selector, CHAIN_B));
        a.gateway.setLane(CHAIN_B, lane);
        lane.transferGasLimit = TRANSFER_GAS;
        lane.liquidityGasLimit = 0;
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.InvalidGasLimit.selector, CHAIN_B));
        a.gateway.setLane(CHAIN_B, lane);
        // A disabled lane is just switched off.
        ICrossChainGateway.Lane memory off;
        a.gateway.setLane(CHAIN_B, off);
        vm.stopPrank();
        assertFalse(a.gateway.lane(CHAIN_B).enabled);
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.ChainNotAllowed.selector, CHAIN_B));
        a.gateway.quoteTransfer(CHAIN_B, address(a.sXAU), bob, 1, address(0));
    }

    function test_newPeer_sendsToTheNewGatewayAndRefusesTheOld() public {
        address newPeer = makeAddr("newPeerGateway");
        vm.prank(admin);
        a.gateway.setLane(CHAIN_B, _gatewayLane(newPeer));
        ILocalCCIPRouter.LocalMessage memory m = _sendSynth(a, a.sXAU, alice, bob, 1e18);
        assertEq(m.receiver, newPeer);
        // B's old gateway still sends to A, but A no longer accepts it.
        ILocalCCIPRouter.LocalMessage memory back = _sendSynth(b, b.sXAU, bob, alice, 1e18);
        assertEq(uint8(_relay(back)), uint8(ILocalCCIPRouter.ExecutionState.FAILURE));
        assertEq(a.sXAU.balanceOf(alice), START_BALANCE - 1e18);
    }

    // ------------------------------------------------------------ roles

    function test_governanceFunctions_onlyTheAdmin() public {
        RateLimiter.Config memory off;
        bytes[7] memory calls = [
            abi.encodeCall(ICrossChainGateway.setLane, (CHAIN_B, _gatewayLane(stranger))),
            abi.encodeCall(ICrossChainGateway.setRateLimits, (CHAIN_B, address(a.sXAU), off, off)),
            abi.encodeCall(
                ICrossChainGateway.sendLiquidity, (CHAIN_B, a.pool, 1, new uint256[](2), b.pool, stranger, address(0))
            ),
            abi.encodeCall(ICrossChainGateway.recoverFailedMessage, (keccak256("id"), stranger)),
            abi.encodeCall(IGuarded.unpause, ()),
            abi.encodeCall(IAccessControl.grantRole, (bytes32(0), stranger)),
            abi.encodeCall(IAccessControl.revokeRole, (bytes32(0), admin))
        ];
        address[4] memory others = [guardian, alice, stranger, address(routerA)];
        for (uint256 o = 0; o < others.length; ++o) {
            for (uint256 c = 0; c < calls.length; ++c) {
                vm.prank(others[o]);
                // solhint-disable-next-line avoid-low-level-calls
                (bool ok, bytes memory reason) = address(a.gateway).call(calls[c]);
                assertFalse(ok);
                assertEq(reason, _unauthorized(others[o], bytes32(0)));
            }
        }
        assertEq(a.gateway.lane(CHAIN_B).peer, address(b.gateway));
    }

    function test_pause_onlyTheGuardianPausesAndOnlyTheAdminUnpauses() public {
        bytes32 guardianRole = a.gateway.GUARDIAN_ROLE();
        address[3] memory notGuardians = [admin, alice, stranger];
        for (uint256 i = 0; i < notGuardians.length; ++i) {
            vm.expectRevert(_unauthorized(notGuardians[i], guardianRole));
            vm.prank(notGuardians[i]);
            a.gateway.pause();
        }
        vm.prank(guardian);
        a.gateway.pause();
        assertTrue(a.gateway.paused());
        vm.expectRevert(_unauthorized(guardian, bytes32(0)));
        vm.prank(guardian);
        a.gateway.unpause();
        vm.prank(admin);
        a.gateway.unpause();
        assertFalse(a.gateway.paused());
    }

    // ------------------------------------------------------------ a real Timelock

    function test_timelock_setsRateLimitsAfterTheDelay() public {
        (FluxionTimelock timelock, address governor) = _handOver();

        // Nobody but the Timelock governs now, the deployer included.
        vm.expectRevert(_unauthorized(admin, bytes32(0)));
        vm.prank(admin);
        a.gateway.setLane(CHAIN_B, _gatewayLane(stranger));

        RateLimiter.Config memory limit = RateLimiter.Config({isEnabled: true, capacity: 50e18, rate: 1e18});
        _governs(
            timelock,
            governor,
            address(a.gateway),
            0,
            abi.encodeCall(ICrossChainGateway.setRateLimits, (CHAIN_B, address(a.sXAU), limit, limit))
        );
        (RateLimiter.TokenBucket memory outbound,) = a.gateway.rateLimits(CHAIN_B, address(a.sXAU));
        assertEq(outbound.capacity, 50e18);
    }

    function test_timelock_movesItsPoolSharesInOneBatch() public {
        (FluxionTimelock timelock, address governor) = _handOver();
        // The Timelock owns pool shares on A and moves them to B in one batch: approve, then send.
        _give(a, a.sXAU, address(timelock), 10e18);
        _give(a, a.sUSD, address(timelock), 20_000e18);
        vm.startPrank(address(timelock));
        a.sXAU.approve(address(a.pools), type(uint256).max);
        a.sUSD.approve(address(a.pools), type(uint256).max);
        uint256[] memory amounts = new uint256[](2);
        amounts[0] = 10e18;
        amounts[1] = 20_000e18;
        uint256 shares = a.pools.initialize(a.pool, amounts, address(timelock), block.timestamp);
        vm.stopPrank();
        address lp = a.pools.lpToken(a.pool);

        address[] memory targets = new address[](2);
        targets[0] = lp;
        targets[1] = address(a.gateway);
        uint256[] memory values = new uint256[](2);
        values[1] = 1 ether;
        bytes[] memory payloads = new bytes[](2);
        payloads[0] = abi.encodeCall(IERC20.approve, (address(a.gateway), shares));
        payloads[1] = abi.encodeCall(
            ICrossChainGateway.sendLiquidity,
            (CHAIN_B, a.pool, shares, new uint256[](2), b.pool, address(timelock), address(0))
        );
        vm.prank(governor);
        timelock.scheduleBatch(targets, values, payloads, bytes32(0), bytes32(uint256(2)), DELAY);
        vm.warp(block.timestamp + DELAY);
        vm.deal(governor, 1 ether);
        vm.prank(governor);
        timelock.executeBatch{value: 1 ether}(targets, values, payloads, bytes32(0), bytes32(uint256(2)));

        ILocalCCIPRouter.LocalMessage memory m = _sent();
        assertEq(IERC20(lp).balanceOf(address(timelock)), 0);
        assertEq(address(timelock).balance, 1 ether - m.feeTokenAmount, "excess refunded to the Timelock");
        _relay(m);
        // B's pool was empty: the Timelock's shares there are the whole pool but the locked minimum.
        IERC20 lpB = IERC20(b.pools.lpToken(b.pool));
        assertEq(lpB.balanceOf(address(timelock)), lpB.totalSupply() - b.pools.MINIMUM_LIQUIDITY());
        assertEq(_supply(a.sXAU) + _supply(b.sXAU), 2 * START_BALANCE + 10e18);
    }

    // ------------------------------------------------------------ helpers

    /// @dev Deployment's handover on chain A: a Timelock (the Governor its proposer and executor) becomes the
    ///      gateway's only admin.
    function _handOver() internal returns (FluxionTimelock timelock, address governor) {
        governor = makeAddr("governor");
        address[] memory proposers = new address[](1);
        proposers[0] = governor;
        address[] memory executors = new address[](1);
        executors[0] = governor;
        timelock = new FluxionTimelock(DELAY, proposers, executors, address(0));
        bytes32 adminRole = a.gateway.DEFAULT_ADMIN_ROLE();
        vm.startPrank(admin);
        a.gateway.grantRole(adminRole, address(timelock));
        a.gateway.renounceRole(adminRole, admin);
        vm.stopPrank();
    }

    function _governs(FluxionTimelock timelock, address governor, address target, uint256 value, bytes memory data)
        internal
    {
        bytes32 salt = keccak256(data);
        vm.prank(governor);
        timelock.schedule(target, value, data, bytes32(0), salt, DELAY);
        vm.warp(block.timestamp + DELAY);
        vm.prank(governor);
        timelock.execute(target, value, data, bytes32(0), salt);
    }
}
