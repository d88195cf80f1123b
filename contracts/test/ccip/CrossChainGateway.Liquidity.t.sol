// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {RateLimiter} from "@chainlink/contracts-ccip/contracts/libraries/RateLimiter.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ICrossChainGateway} from "../../src/interfaces/ICrossChainGateway.sol";
import {ILocalCCIPRouter} from "../../src/interfaces/ILocalCCIPRouter.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {SyntheticAsset} from "../../src/synths/SyntheticAsset.sol";
import {GatewayFixture} from "./utils/GatewayFixture.sol";

/// @notice Governance moving pool liquidity: LP shares of a synth-only pool on A become shares of a pool on B, the
///         synths burnt on A and minted on B, leftovers of the proportional join paid to the recipient.
/// @dev Pool A holds 100 sXAU / 200,000 sUSD (admin's shares); pool B 10 sXAU / 25,000 sUSD (bob's), so a join in
///      A's ratio is short of sUSD on B's and leaves sXAU over.
contract CrossChainGatewayLiquidityTest is GatewayFixture {
    address internal recipient = makeAddr("recipientOnB");

    function setUp() public override {
        super.setUp();
        _seedPool(a, admin, 100e18, 200_000e18);
        _seedPool(b, bob, 10e18, 25_000e18);
        vm.deal(admin, 10 ether);
        IERC20 lp = IERC20(a.pools.lpToken(a.pool));
        vm.prank(admin);
        lp.approve(address(a.gateway), type(uint256).max);
        vm.getRecordedLogs();
    }

    function test_sendLiquidity_exitsThePoolBurnsTheSynthsAndSendsThem() public {
        IERC20 lpA = IERC20(a.pools.lpToken(a.pool));
        uint256 lpAmount = lpA.balanceOf(admin) / 4;
        uint256 lpSupplyA = lpA.totalSupply();
        uint256 xauSupply = _supply(a.sXAU) + _supply(b.sXAU);
        uint256 adminEth = admin.balance;
        vm.prank(admin);
        bytes32 id =
            a.gateway.sendLiquidity{value: 1 ether}(CHAIN_B, a.pool, lpAmount, _noMin(), b.pool, recipient, address(0));
        ILocalCCIPRouter.LocalMessage memory m = _sent();
        assertEq(id, m.messageId);
        assertEq(m.gasLimit, LIQUIDITY_GAS);
        assertEq(admin.balance, adminEth - m.feeTokenAmount, "excess refunded");
        ICrossChainGateway.Liquidity memory q = _liquidityOf(m);
        assertEq(q.poolId, b.pool);
        assertEq(q.recipient, recipient);
        assertEq(q.assetIds[0], XAU);
        assertEq(q.assetIds[1], USD);
        // A quarter of admin's shares (the pool less the locked minimum), rounded down.
        assertEq(q.amounts[0], Math.mulDiv(100e18, lpAmount, lpSupplyA));
        assertEq(q.amounts[1], Math.mulDiv(200_000e18, lpAmount, lpSupplyA));
        assertApproxEqRel(q.amounts[0], 25e18, 1e6);
        assertEq(lpA.balanceOf(address(a.gateway)), 0);
        assertEq(lpA.totalSupply(), lpSupplyA - lpAmount);
        assertEq(a.sXAU.balanceOf(address(a.gateway)), 0);
        assertEq(_supply(a.sXAU) + _supply(b.sXAU), xauSupply - q.amounts[0], "burnt on A");
    }

    function test_liquidity_joinsTheDestinationPoolAndPaysTheRestToTheRecipient() public {
        IERC20 lpB = IERC20(b.pools.lpToken(b.pool));
        uint256[2] memory supplies = [_supply(a.sXAU) + _supply(b.sXAU), _supply(a.sUSD) + _supply(b.sUSD)];
        uint256 lpSupplyB = lpB.totalSupply();
        (, uint256[] memory balancesB,,,) = b.pools.getPoolState(b.pool);
        uint256 lpAmount = IERC20(a.pools.lpToken(a.pool)).balanceOf(admin) / 4;
        ILocalCCIPRouter.LocalMessage memory m = _sendLiquidity(lpAmount, b.pool);
        ICrossChainGateway.Liquidity memory q = _liquidityOf(m);

        // The most shares both amounts pay for (sUSD binds), and what they cost.
        uint256 lpOut = Math.min(
            Math.mulDiv(q.amounts[0], lpSupplyB, balancesB[0]), Math.mulDiv(q.amounts[1], lpSupplyB, balancesB[1])
        );
        uint256 xauIn = Math.mulDiv(balancesB[0], lpOut, lpSupplyB, Math.Rounding.Ceil);
        uint256 usdIn = Math.mulDiv(balancesB[1], lpOut, lpSupplyB, Math.Rounding.Ceil);
        _commit(m);
        assertEq(uint8(_execute(m)), uint8(ILocalCCIPRouter.ExecutionState.SUCCESS));
        (uint256[] memory joined, uint256 lpMinted) = _liquidityReceived();
        assertFalse(b.gateway.isFailed(m.messageId));
        assertEq(lpMinted, lpOut);
        assertEq(joined[0], xauIn);
        assertEq(joined[1], usdIn);
        assertEq(lpB.balanceOf(recipient), lpOut);
        assertEq(b.sXAU.balanceOf(recipient), q.amounts[0] - xauIn, "sXAU left over");
        assertEq(b.sUSD.balanceOf(recipient), q.amounts[1] - usdIn, "sUSD left over (rounding)");
        assertGt(q.amounts[0] - xauIn, 4e18);
        assertEq(b.sXAU.balanceOf(address(b.gateway)) + b.sUSD.balanceOf(address(b.gateway)), 0);
        assertEq(b.sXAU.allowance(address(b.gateway), address(b.pools)), 0);
        (, uint256[] memory after_,,,) = b.pools.getPoolState(b.pool);
        assertEq(after_[0], balancesB[0] + xauIn);
        assertEq(after_[1], balancesB[1] + usdIn);
        assertEq(_supply(a.sXAU) + _supply(b.sXAU), supplies[0], "sXAU conserved");
        assertEq(_supply(a.sUSD) + _supply(b.sUSD), supplies[1], "sUSD conserved");
    }

    function test_sendLiquidity_initializesAnEmptyDestinationPool() public {
        bytes32 fresh = _newPool(b, address(b.sUSD), address(b.sXAU));
        ILocalCCIPRouter.LocalMessage memory m = _sendLiquidity(1_000e18, fresh);
        ICrossChainGateway.Liquidity memory q = _liquidityOf(m);
        _relay(m);
        IERC20 lp = IERC20(b.pools.lpToken(fresh));
        assertEq(lp.balanceOf(recipient), lp.totalSupply() - b.pools.MINIMUM_LIQUIDITY());
        (address[] memory tokens, uint256[] memory balances,,,) = b.pools.getPoolState(fresh);
        // The pool lists sUSD first; amounts follow the tokens, not the message's order.
        assertEq(tokens[0], address(b.sUSD));
        assertEq(balances[0], q.amounts[1]);
        assertEq(balances[1], q.amounts[0]);
        assertEq(b.sXAU.balanceOf(recipient), 0);
    }

    function test_sendLiquidity_refusesAPoolWithATokenThatIsNotASynth() public {
        MockERC20 usdc = new MockERC20("USD Coin", "USDC", 6);
        bytes32 mixed = _newPool(a, address(a.sUSD), address(usdc));
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.PoolNotBridgeable.selector, mixed));
        vm.prank(admin);
        a.gateway.sendLiquidity{value: 1 ether}(CHAIN_B, mixed, 1e18, _noMin(), b.pool, recipient, address(0));
    }

    function test_sendLiquidity_onlyGovernanceAndValidArguments() public {
        IERC20 lp = IERC20(a.pools.lpToken(a.pool));
        uint256 shares = lp.balanceOf(admin);
        vm.prank(admin);
        lp.transfer(stranger, shares);
        vm.deal(stranger, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, bytes32(0))
        );
        vm.prank(stranger);
        a.gateway.sendLiquidity{value: 1 ether}(CHAIN_B, a.pool, 1e18, _noMin(), b.pool, recipient, address(0));

        vm.startPrank(admin);
        vm.expectRevert(ICrossChainGateway.ZeroAddress.selector);
        a.gateway.sendLiquidity{value: 1 ether}(CHAIN_B, a.pool, 1e18, _noMin(), b.pool, address(0), address(0));
        vm.expectRevert(ICrossChainGateway.ZeroAmount.selector);
        a.gateway.sendLiquidity{value: 1 ether}(CHAIN_B, a.pool, 0, _noMin(), b.pool, recipient, address(0));
        vm.expectRevert(abi.encodeWithSelector(ICrossChainGateway.ChainNotAllowed.selector, uint64(5)));
        a.gateway.sendLiquidity{value: 1 ether}(5, a.pool, 1e18, _noMin(), b.pool, recipient, address(0));
        vm.stopPrank();
    }

    function test_sendLiquidity_checksTheOutboundBucketOfEverySynth() public {
        _setLimits(a, a.sUSD, 10_000e18, 1e18, 10_000e18, 1e18);
        IERC20 lp = IERC20(a.pools.lpToken(a.pool));
        uint256 lpAmount = lp.balanceOf(admin) / 4;
        uint256 usdOut = Math.mulDiv(200_000e18, lpAmount, lp.totalSupply());
        vm.expectRevert(
            abi.encodeWithSelector(RateLimiter.TokenMaxCapacityExceeded.selector, 10_000e18, usdOut, address(a.sUSD))
        );
        vm.prank(admin);
        a.gateway.sendLiquidity{value: 1 ether}(CHAIN_B, a.pool, lpAmount, _noMin(), b.pool, recipient, address(0));
    }

    function test_liquidity_overTheInboundLimitIsStoredAndRecoveredAsSynths() public {
        _setLimits(b, b.sXAU, 10e18, 1, 10e18, 1);
        uint256 lpAmount = IERC20(a.pools.lpToken(a.pool)).balanceOf(admin) / 4;
        ILocalCCIPRouter.LocalMessage memory m = _sendLiquidity(lpAmount, b.pool);
        ICrossChainGateway.Liquidity memory q = _liquidityOf(m);
        _relay(m);
        assertTrue(b.gateway.isFailed(m.messageId));
        assertEq(b.sXAU.balanceOf(recipient), 0);

        address treasuryB = makeAddr("treasuryOnB");
        vm.prank(admin);
        b.gateway.recoverFailedMessage(m.messageId, treasuryB);
        assertEq(b.sXAU.balanceOf(treasuryB), q.amounts[0]);
        assertEq(b.sUSD.balanceOf(treasuryB), q.amounts[1]);
        assertEq(IERC20(b.pools.lpToken(b.pool)).balanceOf(treasuryB), 0);
    }

    function test_liquidity_fromALaneWithoutLiquidityIsStoredUntilAllowed() public {
        ICrossChainGateway.Lane memory lane = _gatewayLane(address(a.gateway));
        lane.liquidityAllowed = false;
        vm.prank(admin);
        b.gateway.setLane(CHAIN_A, lane);
        ILocalCCIPRouter.LocalMessage memory m = _sendLiquidity(1_000e18, b.pool);
        _commit(m);
        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.MessageFailed(
            m.messageId, CHAIN_A, abi.encodeWithSelector(ICrossChainGateway.LiquidityNotAllowed.selector, CHAIN_A)
        );
        _execute(m);

        lane.liquidityAllowed = true;
        vm.prank(admin);
        b.gateway.setLane(CHAIN_A, lane);
        b.gateway.retryFailedMessage(m.messageId);
        assertGt(IERC20(b.pools.lpToken(b.pool)).balanceOf(recipient), 0);
    }

    function test_liquidity_intoAPoolOfOtherTokensIsStored() public {
        vm.startPrank(admin);
        SyntheticAsset bBTC = _createSynth(b, "sBTC", "Synthetic Bitcoin", "sBTC", 60_000e8);
        vm.stopPrank();
        bytes32 other = _newPool(b, address(b.sXAU), address(bBTC));
        MockERC20 usdc = new MockERC20("USD Coin", "USDC", 6);
        bytes32 mixed = _newPool(b, address(b.sXAU), address(usdc));

        ILocalCCIPRouter.LocalMessage memory toOther = _sendLiquidity(1_000e18, other);
        ILocalCCIPRouter.LocalMessage memory toMixed = _sendLiquidity(1_000e18, mixed);

        _commit(toOther);
        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.MessageFailed(
            toOther.messageId, CHAIN_A, abi.encodeWithSelector(ICrossChainGateway.PoolMismatch.selector, other)
        );
        _execute(toOther);
        _commit(toMixed);
        vm.expectEmit(address(b.gateway));
        emit ICrossChainGateway.MessageFailed(
            toMixed.messageId, CHAIN_A, abi.encodeWithSelector(ICrossChainGateway.PoolNotBridgeable.selector, mixed)
        );
        _execute(toMixed);
        assertTrue(b.gateway.isFailed(toOther.messageId));
        assertTrue(b.gateway.isFailed(toMixed.messageId));
    }

    // ------------------------------------------------------------ helpers

    /// @dev Governance sends `lpAmount` of pool A's shares to join `destPool` on B for `recipient`, overpaying 1 ETH.
    function _sendLiquidity(uint256 lpAmount, bytes32 destPool)
        internal
        returns (ILocalCCIPRouter.LocalMessage memory)
    {
        vm.prank(admin);
        a.gateway.sendLiquidity{value: 1 ether}(CHAIN_B, a.pool, lpAmount, _noMin(), destPool, recipient, address(0));
        return _sent();
    }

    function _liquidityOf(ILocalCCIPRouter.LocalMessage memory m)
        internal
        pure
        returns (ICrossChainGateway.Liquidity memory q)
    {
        (, q) = abi.decode(m.data, (ICrossChainGateway.MessageKind, ICrossChainGateway.Liquidity));
    }

    function _noMin() internal pure returns (uint256[] memory) {
        return new uint256[](2);
    }

    function _seedPool(Deployment memory c, address provider, uint256 xau, uint256 usd) internal {
        _give(c, c.sXAU, provider, xau);
        _give(c, c.sUSD, provider, usd);
        vm.startPrank(provider);
        c.sXAU.approve(address(c.pools), xau);
        c.sUSD.approve(address(c.pools), usd);
        uint256[] memory amounts = new uint256[](2);
        amounts[0] = xau;
        amounts[1] = usd;
        c.pools.initialize(c.pool, amounts, provider, block.timestamp);
        vm.stopPrank();
    }

    function _newPool(Deployment memory c, address t0, address t1) internal returns (bytes32 poolId) {
        address[] memory tokens = new address[](2);
        tokens[0] = t0;
        tokens[1] = t1;
        uint256[] memory weights = new uint256[](2);
        weights[0] = 0.5e18;
        weights[1] = 0.5e18;
        vm.prank(admin);
        poolId = c.pools.createWeightedPool(tokens, weights, 0.003e18, "P", "P");
    }

    /// @dev The amounts and shares of the last `LiquidityReceived`.
    function _liquidityReceived() internal returns (uint256[] memory joined, uint256 lpMinted) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] == ICrossChainGateway.LiquidityReceived.selector) {
                (, joined, lpMinted) = abi.decode(logs[i].data, (address, uint256[], uint256));
            }
        }
    }
}
