// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {RateLimiter} from "@chainlink/contracts-ccip/contracts/libraries/RateLimiter.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CrossChainGateway} from "../../../src/ccip/CrossChainGateway.sol";
import {LocalCCIPRouter} from "../../../src/ccip/LocalCCIPRouter.sol";
import {ICrossChainGateway} from "../../../src/interfaces/ICrossChainGateway.sol";
import {ILocalCCIPRouter} from "../../../src/interfaces/ILocalCCIPRouter.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {ISyntheticAssetFactory} from "../../../src/interfaces/ISyntheticAssetFactory.sol";
import {PriceOracle} from "../../../src/oracle/PriceOracle.sol";
import {LiquidityPoolManager} from "../../../src/pools/LiquidityPoolManager.sol";
import {LiquidityPoolManagerExtension} from "../../../src/pools/LiquidityPoolManagerExtension.sol";
import {SynthVault} from "../../../src/synths/SynthVault.sol";
import {SyntheticAsset} from "../../../src/synths/SyntheticAsset.sol";
import {SyntheticAssetFactory} from "../../../src/synths/SyntheticAssetFactory.sol";
import {RouterFixture} from "./RouterFixture.sol";

/// @notice Two Fluxion deployments on the one EVM standing for chains A and B, each with its own oracle, synth
///         factory (sXAU and sUSD: same asset ids, different addresses), vault, pool manager with an sXAU/sUSD 50/50
///         pool, local router and gateway; the gateways are each other's peers and hold `MINTER_ROLE` on both synths.
///         `admin` stands for the Timelock (see CrossChainGateway.Governance.t.sol for a real one).
/// @dev Lanes: 300,000 gas per transfer, 2,000,000 per liquidity message, liquidity allowed both ways. No rate
///      limits until a test sets them. alice holds 1,000 sXAU on A and bob 1,000 on B.
abstract contract GatewayFixture is RouterFixture {
    uint32 internal constant TRANSFER_GAS = 300_000;
    uint32 internal constant LIQUIDITY_GAS = 2_000_000;
    bytes32 internal constant XAU = "sXAU";
    bytes32 internal constant USD = "sUSD";
    uint256 internal constant START_BALANCE = 1_000e18;

    /// @dev One chain's deployment.
    struct Deployment {
        uint64 selector;
        LocalCCIPRouter router;
        PriceOracle oracle;
        SyntheticAssetFactory factory;
        SynthVault vault;
        LiquidityPoolManager pools;
        CrossChainGateway gateway;
        SyntheticAsset sXAU;
        SyntheticAsset sUSD;
        bytes32 pool;
    }

    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    Deployment internal a;
    Deployment internal b;

    function setUp() public virtual override {
        super.setUp();
        a = _deployChain(CHAIN_A, routerA);
        b = _deployChain(CHAIN_B, routerB);
        vm.startPrank(admin);
        a.gateway.setLane(CHAIN_B, _gatewayLane(address(b.gateway)));
        b.gateway.setLane(CHAIN_A, _gatewayLane(address(a.gateway)));
        vm.stopPrank();

        _give(a, a.sXAU, alice, START_BALANCE);
        _give(b, b.sXAU, bob, START_BALANCE);
        vm.deal(alice, 100 ether);
        vm.deal(bob, 100 ether);
        vm.getRecordedLogs();
    }

    function _deployChain(uint64 selector, LocalCCIPRouter router) internal returns (Deployment memory c) {
        c.selector = selector;
        c.router = router;
        c.oracle = new PriceOracle(admin);
        c.factory = new SyntheticAssetFactory(admin, c.oracle);
        c.vault = new SynthVault(admin, guardian, c.oracle, c.factory, treasury);
        c.pools = new LiquidityPoolManager(
            admin, guardian, c.oracle, treasury, 0.2e18, address(new LiquidityPoolManagerExtension())
        );
        c.gateway = new CrossChainGateway(address(router), c.factory, c.pools, admin, guardian);
        vm.startPrank(admin);
        c.oracle.grantRole(c.oracle.FEED_MANAGER_ROLE(), address(c.factory));
        c.factory.setVault(address(c.vault));
        c.sXAU = _createSynth(c, XAU, "Synthetic Gold", "sXAU", 2000e8);
        c.sUSD = _createSynth(c, USD, "Synthetic USD", "sUSD", 1e8);
        address[] memory tokens = new address[](2);
        tokens[0] = address(c.sXAU);
        tokens[1] = address(c.sUSD);
        uint256[] memory weights = new uint256[](2);
        weights[0] = 0.5e18;
        weights[1] = 0.5e18;
        c.pool = c.pools.createWeightedPool(tokens, weights, 0.003e18, "XAU/USD", "XU");
        vm.stopPrank();
    }

    /// @dev A synth on `c`, with `MINTER_ROLE` granted to the chain's gateway.
    function _createSynth(Deployment memory c, bytes32 assetId, string memory name, string memory symbol, int256 price)
        internal
        returns (SyntheticAsset synth)
    {
        MockV3Aggregator feed = new MockV3Aggregator(8, price);
        synth = SyntheticAsset(
            c.factory.createSynth(
                assetId,
                name,
                symbol,
                IPriceOracle.FeedConfig({
                    aggregator: AggregatorV3Interface(address(feed)),
                    heartbeat: 1 days,
                    maxDeviation: 0.5e18,
                    rearmRounds: 2
                }),
                ISyntheticAssetFactory.SynthParams({debtCeiling: 1e30, mintFee: 0, burnFee: 0, active: true})
            )
        );
        synth.grantRole(synth.MINTER_ROLE(), address(c.gateway));
    }

    function _gatewayLane(address peer) internal pure returns (ICrossChainGateway.Lane memory) {
        return ICrossChainGateway.Lane({
            enabled: true,
            peer: peer,
            transferGasLimit: TRANSFER_GAS,
            liquidityGasLimit: LIQUIDITY_GAS,
            liquidityAllowed: true
        });
    }

    // ------------------------------------------------------------ helpers

    /// @dev Mints `amount` of `synth` to `to` outside the gateway (the vault is a minter).
    function _give(Deployment memory c, SyntheticAsset synth, address to, uint256 amount) internal {
        vm.prank(address(c.vault));
        synth.mint(to, amount);
    }

    function _other(Deployment memory c) internal view returns (Deployment memory) {
        return c.selector == CHAIN_A ? b : a;
    }

    /// @dev `from` sends `amount` of the chain's `synth` to `to` on the other chain, paying the quoted native fee.
    function _sendSynth(Deployment memory c, SyntheticAsset synth, address from, address to, uint256 amount)
        internal
        returns (ILocalCCIPRouter.LocalMessage memory)
    {
        uint256 fee = c.gateway.quoteTransfer(_other(c).selector, address(synth), to, amount, address(0));
        vm.prank(from);
        c.gateway.sendSynth{value: fee}(_other(c).selector, address(synth), to, amount, address(0));
        return _sent();
    }

    /// @dev Governance sets `c`'s outbound and inbound buckets of `synth` on the lane to the other chain.
    function _setLimits(
        Deployment memory c,
        SyntheticAsset synth,
        uint128 outCap,
        uint128 outRate,
        uint128 inCap,
        uint128 inRate
    ) internal {
        vm.prank(admin);
        c.gateway.setRateLimits(
            _other(c).selector,
            address(synth),
            RateLimiter.Config({isEnabled: true, capacity: outCap, rate: outRate}),
            RateLimiter.Config({isEnabled: true, capacity: inCap, rate: inRate})
        );
    }

    function _supply(SyntheticAsset synth) internal view returns (uint256) {
        return IERC20(address(synth)).totalSupply();
    }

    /// @dev Decodes a gateway's transfer payload.
    function _transferOf(bytes memory data) internal pure returns (ICrossChainGateway.Transfer memory t) {
        (, t) = abi.decode(data, (ICrossChainGateway.MessageKind, ICrossChainGateway.Transfer));
    }
}
