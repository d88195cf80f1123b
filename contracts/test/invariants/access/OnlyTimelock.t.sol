// SPDX-License-Identifier: MIT
// The handler lives beside its invariants (Hardhat gives artifacts, so fuzz targets, only to test files); it
// makes raw calls on purpose, and `_adminCall` is one flat table of every admin entry point.
// solhint-disable one-contract-per-file, max-states-count, avoid-low-level-calls, function-max-lines
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {MockV3Aggregator} from "@chainlink/local/src/data-feeds/MockV3Aggregator.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ILightningGateway} from "../../../src/interfaces/ILightningGateway.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {ISynthVault} from "../../../src/interfaces/ISynthVault.sol";
import {ISyntheticAssetFactory} from "../../../src/interfaces/ISyntheticAssetFactory.sol";
import {IFluxionGovernanceToken} from "../../../src/interfaces/IFluxionGovernanceToken.sol";
import {FluxionGovernanceToken} from "../../../src/governance/FluxionGovernanceToken.sol";
import {FluxionTimelock} from "../../../src/governance/FluxionTimelock.sol";
import {LightningGateway} from "../../../src/lightning/LightningGateway.sol";
import {MockERC20} from "../../../src/mocks/MockERC20.sol";
import {PriceOracle} from "../../../src/oracle/PriceOracle.sol";
import {LiquidityPoolManager} from "../../../src/pools/LiquidityPoolManager.sol";
import {LiquidityPoolManagerExtension} from "../../../src/pools/LiquidityPoolManagerExtension.sol";
import {SupplyChainTracker} from "../../../src/supplychain/SupplyChainTracker.sol";
import {SynthVault} from "../../../src/synths/SynthVault.sol";
import {SyntheticAsset} from "../../../src/synths/SyntheticAsset.sol";
import {SyntheticAssetFactory} from "../../../src/synths/SyntheticAssetFactory.sol";
import {Treasury} from "../../../src/treasury/Treasury.sol";

/// @notice The protocol after deployment: every admin role handed to the Timelock, the deployer holding nothing.
struct Protocol {
    FluxionTimelock timelock;
    PriceOracle oracle;
    SyntheticAssetFactory factory;
    SynthVault vault;
    LiquidityPoolManager pools;
    FluxionGovernanceToken flx;
    Treasury treasury;
    SupplyChainTracker tracker;
    LightningGateway gateway;
    SyntheticAsset sXAU;
    MockERC20 weth;
    MockERC20 usdc;
    MockV3Aggregator wethFeed;
    bytes32 weightedPool;
    bytes32 stablePool;
}

/// @notice Throws every parameter-changing call of the protocol, with arguments that would succeed for the
///         Timelock, from every other actor; and changes parameters the only legitimate way, through the
///         Timelock (it plays the Governor: proposer and executor).
contract AccessHandler is Test {
    uint256 internal constant CALLS = 35;

    Protocol internal p;
    address[] internal actors;

    /// @notice Admin calls that succeeded for someone other than the Timelock. Must stay zero.
    uint256 public unauthorizedSuccesses;
    /// @notice Governance executions through the Timelock that failed or did not take effect. Must stay zero.
    uint256 public governanceFailures;
    uint256 public governanceExecutions;
    /// @notice Fingerprint of every parameter after the last legitimate change.
    bytes32 public expectedState;
    uint256 internal _salt;

    constructor(Protocol memory protocol, address[] memory actors_) {
        p = protocol;
        actors = actors_;
    }

    /// @notice The handler (the Timelock's proposer and executor) is an attacker too, when it acts directly.
    function includeSelfAsActor() external {
        actors.push(address(this));
    }

    function setExpectedState(bytes32 state) external {
        expectedState = state;
    }

    /// @notice An actor that is not the Timelock tries one admin call.
    function attack(uint256 actorSeed, uint256 callSeed, uint256 valueSeed) external {
        address actor = actors[bound(actorSeed, 0, actors.length - 1)];
        uint256 which = callSeed % CALLS;
        // Minting synths is the vault's legitimate power, not a parameter change.
        if (which == 21 && actor == address(p.vault)) return;
        (address target, bytes memory data) = _adminCall(which, valueSeed, actor);
        vm.prank(actor);
        (bool ok,) = target.call(data);
        if (ok) unauthorizedSuccesses++;
    }

    /// @notice The guardian pauses (allowed: pausing is not a parameter), so unpause attempts are meaningful.
    function guardianPauses(uint256 seed) external {
        address guardian = actors[1];
        address target = [address(p.vault), address(p.pools), address(p.tracker), address(p.gateway)][seed % 4];
        vm.prank(guardian);
        (bool ok,) = target.call(abi.encodeWithSignature("pause()"));
        ok; // Already paused is fine.
    }

    /// @notice A legitimate change: schedule through the Timelock, wait the delay, execute, check it took.
    function govern(uint256 which, uint256 valueSeed) external {
        (address target, bytes memory data, address reader, bytes4 check, uint256 expected) =
            _governanceCall(which % 5, valueSeed);
        bytes32 salt = bytes32(++_salt);
        uint256 delay = p.timelock.getMinDelay();
        p.timelock.schedule(target, 0, data, bytes32(0), salt, delay);
        vm.warp(block.timestamp + delay);
        try p.timelock.execute(target, 0, data, bytes32(0), salt) {
            (bool ok, bytes memory result) = reader.staticcall(abi.encodeWithSelector(check));
            if (!ok || abi.decode(result, (uint256)) != expected) governanceFailures++;
            governanceExecutions++;
        } catch {
            governanceFailures++;
        }
        expectedState = AccessSnapshot.fingerprint(p, actors);
    }

    function _governanceCall(uint256 which, uint256 seed)
        internal
        view
        returns (address target, bytes memory data, address reader, bytes4 check, uint256 expected)
    {
        if (which == 0) {
            expected = bound(seed, 0, 0.5e18);
            target = address(p.treasury);
            data = abi.encodeCall(Treasury.setStakerShare, (expected));
            return (target, data, target, Treasury.stakerShare.selector, expected);
        }
        if (which == 1) {
            expected = bound(seed, 0, 30 days);
            target = address(p.flx);
            data = abi.encodeWithSignature("setUnstakeCooldown(uint48)", uint48(expected));
            return (target, data, target, bytes4(keccak256("unstakeCooldown()")), expected);
        }
        if (which == 2) {
            expected = bound(seed, 0, 0.5e18);
            target = address(p.pools);
            data = abi.encodeCall(LiquidityPoolManager.setProtocolFeeShare, (expected));
            return (target, data, target, LiquidityPoolManager.protocolFeeShare.selector, expected);
        }
        if (which == 3) {
            expected = bound(seed, 0, 0.05e18);
            data = abi.encodeCall(LightningGateway.setFees, (uint64(expected), uint64(expected)));
            return (address(p.gateway), data, address(this), this.gatewayMintFee.selector, expected);
        }
        expected = bound(seed, 1e12, 1e17);
        data = abi.encodeCall(LiquidityPoolManager.setSwapFee, (p.weightedPool, expected));
        // A pool's fee is read back through `weightedSwapFee` below (a parameterless getter).
        return (address(p.pools), data, address(this), this.weightedSwapFee.selector, expected);
    }

    /// @notice Helper getter so `govern` can read the gateway's mint fee (inside a struct) with a staticcall.
    function gatewayMintFee() external view returns (uint256) {
        return p.gateway.settings().mintFee;
    }

    /// @notice Helper getter so `govern` can read a pool's fee with a parameterless staticcall.
    function weightedSwapFee() external view returns (uint256 fee) {
        (,,,, fee) = p.pools.getPoolState(p.weightedPool);
    }

    // solhint-disable-next-line code-complexity
    function _adminCall(uint256 which, uint256 seed, address actor) internal returns (address, bytes memory) {
        uint256 fraction = bound(seed, 0, 0.05e18);
        if (which == 0) {
            return (address(p.oracle), abi.encodeCall(PriceOracle.setFeed, (address(p.weth), _feed(seed))));
        }
        if (which == 1) return (address(p.oracle), abi.encodeCall(PriceOracle.removeFeed, (address(p.weth))));
        if (which == 2) {
            bytes32 assetId = keccak256(abi.encode("attack", ++_salt));
            return (
                address(p.factory),
                abi.encodeCall(
                    SyntheticAssetFactory.createSynth,
                    (assetId, "Attack", "ATK", _feed(seed), ISyntheticAssetFactory.SynthParams(1e24, 0, 0, true))
                )
            );
        }
        if (which == 3) {
            ISyntheticAssetFactory.SynthParams memory params =
                ISyntheticAssetFactory.SynthParams(uint128(seed % 1e30), uint64(fraction), uint64(fraction), true);
            return (
                address(p.factory), abi.encodeCall(SyntheticAssetFactory.setSynthParams, (address(p.sXAU), params))
            );
        }
        if (which == 4) {
            ISynthVault.CollateralParams memory params =
                ISynthVault.CollateralParams(2e18, 1.3e18, uint64(fraction), true);
            return (address(p.vault), abi.encodeCall(SynthVault.setCollateral, (address(p.weth), params)));
        }
        if (which == 5) return (address(p.vault), abi.encodeCall(SynthVault.setTreasury, (actor)));
        if (which == 6) return (address(p.vault), abi.encodeWithSignature("unpause()"));
        if (which == 7) {
            uint256 fee = bound(seed, 1e12, 1e17);
            return (address(p.pools), abi.encodeCall(LiquidityPoolManager.setSwapFee, (p.weightedPool, fee)));
        }
        if (which == 8) {
            uint256 share = bound(seed, 0, 0.5e18);
            return (address(p.pools), abi.encodeCall(LiquidityPoolManager.setProtocolFeeShare, (share)));
        }
        if (which == 9) return (address(p.pools), abi.encodeCall(LiquidityPoolManager.setTreasury, (actor)));
        if (which == 10) {
            return (
                address(p.pools),
                abi.encodeCall(LiquidityPoolManager.rampAmp, (p.stablePool, 150_000, block.timestamp + 2 days))
            );
        }
        if (which == 11) return (address(p.pools), abi.encodeCall(LiquidityPoolManager.stopAmpRamp, (p.stablePool)));
        if (which == 12) {
            address[] memory tokens = new address[](2);
            (tokens[0], tokens[1]) = (address(p.weth), address(p.usdc));
            uint256[] memory weights = new uint256[](2);
            (weights[0], weights[1]) = (0.5e18, 0.5e18);
            return (
                address(p.pools),
                abi.encodeCall(LiquidityPoolManager.createWeightedPool, (tokens, weights, 3e15, "Attack LP", "ALP"))
            );
        }
        if (which == 13) return (address(p.pools), abi.encodeWithSignature("unpause()"));
        if (which == 14) {
            return (address(p.flx), abi.encodeWithSignature("setUnstakeCooldown(uint48)", uint48(seed % 30 days)));
        }
        if (which == 15) return (address(p.flx), abi.encodeWithSignature("addRewardToken(address)", address(p.usdc)));
        if (which == 16) return (address(p.flx), abi.encodeCall(FluxionGovernanceToken.mint, (actor, 1 + seed % 1e18)));
        if (which == 17) {
            return (address(p.treasury), abi.encodeCall(Treasury.setStakerShare, (bound(seed, 0, 0.5e18))));
        }
        if (which == 18) return (address(p.treasury), abi.encodeCall(Treasury.withdraw, (address(p.usdc), actor, 1)));
        if (which == 19) return (address(p.tracker), abi.encodeWithSignature("unpause()"));
        if (which == 20) return (address(p.timelock), abi.encodeWithSignature("updateDelay(uint256)", 1));
        if (which == 21) return (address(p.sXAU), abi.encodeCall(SyntheticAsset.mint, (actor, 1e18)));
        if (which >= 22 && which <= 30) return (address(p.gateway), _gatewayCall(which, seed, actor));
        // Role grants: any role on any contract, including the admin role itself.
        address[9] memory administered = AccessSnapshot.administered(p);
        address target = which == CALLS - 1 ? address(p.timelock) : administered[seed % administered.length];
        bytes32 role = AccessSnapshot.roles()[seed % AccessSnapshot.roles().length];
        return (target, abi.encodeCall(IAccessControl.grantRole, (role, actor)));
    }

    /// @dev Every governance-only entry point of the Lightning gateway, with arguments the Timelock could pass.
    function _gatewayCall(uint256 which, uint256 seed, address actor) internal view returns (bytes memory) {
        uint64 fraction = uint64(bound(seed, 0, 0.05e18));
        if (which == 22) return abi.encodeCall(LightningGateway.setBtcAsset, (address(p.weth)));
        if (which == 23) return abi.encodeCall(LightningGateway.setFees, (fraction, fraction));
        if (which == 24) return abi.encodeCall(LightningGateway.setPriceTolerance, (fraction));
        if (which == 25) return abi.encodeCall(LightningGateway.setMaxQuoteAge, (uint32(1 + seed % 1 days)));
        if (which == 26) return abi.encodeCall(LightningGateway.setTimelockBounds, (1, uint32(1 + seed % 7 days)));
        if (which == 27) {
            ILightningGateway.Limits memory limits = ILightningGateway.Limits(1, 1 + uint64(seed % 1e8), 1e9);
            return abi.encodeCall(LightningGateway.setLimits, (ILightningGateway.Direction.Burn, limits));
        }
        if (which == 28) return abi.encodeCall(LightningGateway.setSynthAllowed, (address(p.sXAU), seed % 2 == 0));
        if (which == 29) return abi.encodeCall(LightningGateway.setTreasury, (actor));
        return abi.encodeWithSignature("unpause()");
    }

    function _feed(uint256 seed) internal view returns (IPriceOracle.FeedConfig memory) {
        return IPriceOracle.FeedConfig({
            aggregator: AggregatorV3Interface(address(p.wethFeed)),
            heartbeat: uint32(3650 days - seed % 1 days),
            maxDeviation: 0.2e18,
            rearmRounds: 2
        });
    }
}

/// @notice A fingerprint of every governance-controlled parameter and of who holds which role.
library AccessSnapshot {
    /// @notice Every contract whose admin role the deployment hands to the Timelock (the Timelock administers
    ///         itself).
    function administered(Protocol memory p) internal pure returns (address[9] memory) {
        return [
            address(p.oracle),
            address(p.factory),
            address(p.vault),
            address(p.pools),
            address(p.flx),
            address(p.treasury),
            address(p.tracker),
            address(p.gateway),
            address(p.sXAU)
        ];
    }

    function roles() internal pure returns (bytes32[10] memory) {
        return [
            bytes32(0), // DEFAULT_ADMIN_ROLE
            keccak256("GUARDIAN_ROLE"),
            keccak256("FEED_MANAGER_ROLE"),
            keccak256("POOL_CREATOR_ROLE"),
            keccak256("MINTER_ROLE"),
            keccak256("ATTESTOR_ROLE"),
            keccak256("INSPECTOR_ROLE"),
            keccak256("PROPOSER_ROLE"),
            keccak256("EXECUTOR_ROLE"),
            keccak256("KEEPER_ROLE")
        ];
    }

    function fingerprint(Protocol memory p, address[] memory actors) internal view returns (bytes32) {
        bytes memory params = abi.encode(
            p.oracle.feedOf(address(p.weth)),
            p.factory.allSynths(),
            p.factory.synthConfig(address(p.sXAU)),
            p.vault.collateralParams(address(p.weth)),
            p.vault.treasury()
        );
        params = abi.encode(
            params, p.pools.poolCount(), p.pools.protocolFeeShare(), p.pools.treasury(), p.flx.unstakeCooldown()
        );
        params = abi.encode(
            params,
            p.flx.rewardTokens(),
            p.flx.totalSupply(),
            p.treasury.stakerShare(),
            p.usdc.balanceOf(address(p.treasury)),
            p.timelock.getMinDelay(),
            p.sXAU.totalSupply()
        );
        params = abi.encode(
            params,
            p.gateway.settings(),
            p.gateway.limits(ILightningGateway.Direction.Mint),
            p.gateway.limits(ILightningGateway.Direction.Burn),
            p.gateway.isSynthAllowed(address(p.sXAU)),
            p.gateway.treasury()
        );
        params = abi.encode(
            params, _poolParams(p, p.weightedPool), _poolParams(p, p.stablePool), _roleHolders(p, actors)
        );
        return keccak256(params);
    }

    function _poolParams(Protocol memory p, bytes32 poolId) private view returns (bytes memory) {
        (address[] memory tokens,, uint256[] memory weights,, uint256 swapFee) = p.pools.getPoolState(poolId);
        if (poolId != p.stablePool) return abi.encode(tokens, weights, swapFee);
        // The ramp's end points, not the current A, which moves with time during a ramp.
        (uint256 startAmp, uint256 endAmp, uint256 startTime, uint256 endTime) = p.pools.ampRamp(poolId);
        return abi.encode(tokens, swapFee, startAmp, endAmp, startTime, endTime);
    }

    function _roleHolders(Protocol memory p, address[] memory actors) private view returns (bytes memory holders) {
        address[10] memory contracts = [
            address(p.timelock),
            address(p.oracle),
            address(p.factory),
            address(p.vault),
            address(p.pools),
            address(p.flx),
            address(p.treasury),
            address(p.tracker),
            address(p.gateway),
            address(p.sXAU)
        ];
        bytes32[10] memory allRoles = roles();
        for (uint256 c = 0; c < contracts.length; ++c) {
            for (uint256 r = 0; r < allRoles.length; ++r) {
                for (uint256 a = 0; a < actors.length; ++a) {
                    holders = abi.encodePacked(holders, IAccessControl(contracts[c]).hasRole(allRoles[r], actors[a]));
                }
            }
        }
    }
}

/// @notice Invariant: after deployment hands every admin role to the Timelock, nothing but the Timelock can
///         change any parameter or role, and the Timelock still can.
contract OnlyTimelockInvariants is Test {
    uint256 internal constant START = 1_700_000_000;

    Protocol internal p;
    AccessHandler internal handler;
    address[] internal actors;

    function setUp() public {
        vm.warp(START);
        address guardian = makeAddr("guardian");
        p.timelock = new FluxionTimelock(1 days, new address[](0), new address[](0), address(this));
        _deployProtocol(guardian);

        // Attackers: the deployer that handed over, the guardian, a synth minter (the vault), users, the
        // Timelock's proposer/executor acting on its own, and the Governor-like proposer handler itself.
        actors.push(address(this));
        actors.push(guardian);
        actors.push(address(p.vault));
        actors.push(makeAddr("alice"));
        actors.push(makeAddr("mallory"));
        actors.push(makeAddr("keeper")); // holds KEEPER_ROLE on the gateway
        handler = new AccessHandler(p, actors);
        handler.includeSelfAsActor();
        actors.push(address(handler));

        p.timelock.grantRole(p.timelock.PROPOSER_ROLE(), address(handler));
        p.timelock.grantRole(p.timelock.EXECUTOR_ROLE(), address(handler));
        _handOver();
        handler.setExpectedState(AccessSnapshot.fingerprint(p, actors));

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](3);
        selectors[0] = AccessHandler.attack.selector;
        selectors[1] = AccessHandler.guardianPauses.selector;
        selectors[2] = AccessHandler.govern.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice Only the Timelock changes parameters: no other actor's admin call ever succeeded.
    function invariant_noAdminCallSucceedsWithoutTheTimelock() public view {
        assertEq(handler.unauthorizedSuccesses(), 0);
    }

    /// @notice Every parameter and role is exactly what the last Timelock execution left.
    function invariant_parametersOnlyMoveThroughTheTimelock() public view {
        assertEq(AccessSnapshot.fingerprint(p, actors), handler.expectedState());
    }

    /// @notice The Timelock itself can always change parameters.
    function invariant_timelockChangesTakeEffect() public view {
        assertEq(handler.governanceFailures(), 0);
    }

    function _deployProtocol(address guardian) internal {
        address me = address(this);
        p.weth = new MockERC20("Wrapped Ether", "WETH", 18);
        p.usdc = new MockERC20("USD Coin", "USDC", 6);
        p.wethFeed = new MockV3Aggregator(8, 3000e8);
        MockV3Aggregator usdcFeed = new MockV3Aggregator(8, 1e8);
        MockV3Aggregator xauFeed = new MockV3Aggregator(8, 2400e8);

        p.flx = new FluxionGovernanceToken("Fluxion", "FLX", 1e27, me, 1e26, me, 1 hours);
        p.treasury = new Treasury(me, IFluxionGovernanceToken(address(p.flx)), 0.5e18);
        p.oracle = new PriceOracle(me);
        p.factory = new SyntheticAssetFactory(me, p.oracle);
        p.vault = new SynthVault(me, guardian, p.oracle, p.factory, address(p.treasury));
        p.oracle.grantRole(p.oracle.FEED_MANAGER_ROLE(), address(p.factory));
        p.factory.setVault(address(p.vault));
        p.oracle.setFeed(address(p.weth), _feed(p.wethFeed));
        p.oracle.setFeed(address(p.usdc), _feed(usdcFeed));
        p.vault.setCollateral(address(p.weth), ISynthVault.CollateralParams(1.5e18, 1.2e18, 0.1e18, true));
        p.sXAU = SyntheticAsset(
            p.factory.createSynth(
                "sXAU", "Gold", "sXAU", _feed(xauFeed), ISyntheticAssetFactory.SynthParams(1e24, 0, 0, true)
            )
        );

        address extension = address(new LiquidityPoolManagerExtension());
        p.pools = new LiquidityPoolManager(me, guardian, p.oracle, address(p.treasury), 0.2e18, extension);
        address[] memory tokens = new address[](2);
        (tokens[0], tokens[1]) = (address(p.weth), address(p.usdc));
        uint256[] memory weights = new uint256[](2);
        (weights[0], weights[1]) = (0.5e18, 0.5e18);
        p.weightedPool = p.pools.createWeightedPool(tokens, weights, 3e15, "Fluxion LP WETH/USDC", "FLP-1");
        (tokens[0], tokens[1]) = (address(p.usdc), address(p.sXAU));
        p.stablePool = p.pools.createStablePool(tokens, 100_000, 4e14, "Fluxion LP USDC/sXAU", "FLP-2");
        p.flx.addRewardToken(address(p.sXAU));

        p.tracker = new SupplyChainTracker(me, guardian);
        _deployGateway(guardian);
        p.usdc.mint(address(p.treasury), 1_000e6); // something for `withdraw` to take
    }

    /// @dev Mirrors deploy/ignition/modules/parts/lightning.ts: a minter of sXAU, with a keeper.
    function _deployGateway(address guardian) internal {
        ILightningGateway.Settings memory settings = ILightningGateway.Settings({
            btcAsset: address(p.sXAU),
            maxQuoteAge: 600,
            minTimelock: 1 hours,
            maxTimelock: 1 days,
            mintFee: 0.002e18,
            burnFee: 0.002e18,
            priceTolerance: 0.01e18
        });
        ILightningGateway.Limits memory limits = ILightningGateway.Limits(1_000, 1e7, 1e8);
        p.gateway = new LightningGateway(
            address(this), guardian, p.oracle, p.factory, address(p.treasury), settings, limits, limits
        );
        p.sXAU.grantRole(p.sXAU.MINTER_ROLE(), address(p.gateway));
        p.gateway.setSynthAllowed(address(p.sXAU), true);
        p.gateway.grantRole(p.gateway.KEEPER_ROLE(), makeAddr("keeper"));
    }

    /// @dev Mirrors deploy/ignition/modules/parts/handover.ts.
    function _handOver() internal {
        address timelock = address(p.timelock);
        address[9] memory administered = AccessSnapshot.administered(p);
        p.oracle.grantRole(p.oracle.FEED_MANAGER_ROLE(), timelock);
        p.oracle.renounceRole(p.oracle.FEED_MANAGER_ROLE(), address(this));
        p.pools.grantRole(p.pools.POOL_CREATOR_ROLE(), timelock);
        p.pools.renounceRole(p.pools.POOL_CREATOR_ROLE(), address(this));
        for (uint256 i = 0; i < administered.length; ++i) {
            IAccessControl(administered[i]).grantRole(bytes32(0), timelock);
            IAccessControl(administered[i]).renounceRole(bytes32(0), address(this));
        }
        p.timelock.renounceRole(bytes32(0), address(this));
    }

    function _feed(MockV3Aggregator aggregator) internal pure returns (IPriceOracle.FeedConfig memory) {
        return IPriceOracle.FeedConfig({
            aggregator: AggregatorV3Interface(address(aggregator)),
            heartbeat: 3650 days,
            maxDeviation: 0.2e18,
            rearmRounds: 2
        });
    }
}
