// Ponder configuration, built from the generated deploy module: every chain Fluxion is deployed on
// (and that has an RPC URL, see src/config/env.ts) gets the same sources at that chain's addresses and
// creation blocks. A second chain is a second deployment record, not code.
import {
  crossChainGatewayAbi,
  fluxionDeployments,
  fluxionGovernanceTokenAbi,
  fluxionGovernorAbi,
  fluxionTimelockAbi,
  lightningGatewayAbi,
  liquidityPoolManagerAbi,
  localCCIPRouterAbi,
  mockERC20Abi,
  mockPriceFeedAbi,
  poolLpTokenAbi,
  priceOracleAbi,
  supplyChainTrackerAbi,
  syntheticAssetAbi,
  syntheticAssetFactoryAbi,
  synthVaultAbi,
  treasuryAbi,
} from "@fluxion/deploy";
import { createConfig, factory } from "ponder";
import { getAbiItem } from "viem";
import { type ChainEnv, isLocalChain, readIndexerEnv } from "./src/config/env.ts";

const env = readIndexerEnv(fluxionDeployments);

type Core =
  | "PriceOracle"
  | "SyntheticAssetFactory"
  | "SynthVault"
  | "LiquidityPoolManager"
  | "FluxionGovernanceToken"
  | "FluxionGovernor"
  | "FluxionTimelock"
  | "Treasury"
  | "SupplyChainTracker"
  | "LightningGateway";

function core(chain: ChainEnv, name: Core) {
  const contract = chain.deployment.contracts[name];
  if (!contract) {
    throw new Error(`indexer: ${name} is missing from the chain ${chain.chainId} deployment`);
  }
  return contract;
}

/** One entry per chain: `{ chain31337: { address, startBlock }, ... }`. */
function perChain<T>(build: (chain: ChainEnv) => T): Record<string, T> {
  return Object.fromEntries(env.chains.map((chain) => [chain.name, build(chain)]));
}

function at(name: Core) {
  return perChain((chain) => {
    const { address, blockNumber } = core(chain, name);
    return { address, startBlock: blockNumber };
  });
}

/**
 * A CCIP contract on the chains whose deployment has one (`ccip` in the record): the gateway wherever
 * Fluxion is cross-chain, the router only where it is our LocalCCIPRouter (Chainlink's routers log
 * their messages through on- and off-ramps, not here).
 */
function ccipAt(which: "router" | "gateway") {
  return Object.fromEntries(
    env.chains.flatMap((chain) => {
      const ccip = chain.deployment.ccip;
      if (!ccip || (which === "router" && !ccip.local)) return [];
      const { address, blockNumber } = ccip[which];
      return [[chain.name, { address, startBlock: blockNumber }]];
    }),
  );
}

function minBlock(blocks: number[], fallback: number): number {
  return blocks.length ? Math.min(...blocks) : fallback;
}

export default createConfig({
  ordering: "multichain",
  database:
    env.database.kind === "postgres"
      ? { kind: "postgres", connectionString: env.database.connectionString }
      : { kind: "pglite", directory: env.database.directory },
  chains: perChain((chain) => ({
    id: chain.chainId,
    // Ponder rate-limits each URL separately: several copies of one URL multiply the budget.
    rpc: Array.from({ length: env.rpcCopies }, () => chain.rpcUrl),
    ws: chain.wsUrl,
    pollingInterval: env.pollingIntervalMs,
    // Local chains restart from block 0 under the same id: never trust a cached response there.
    disableCache: isLocalChain(chain.chainId),
  })),
  contracts: {
    PriceOracle: { abi: priceOracleAbi, chain: at("PriceOracle") },
    SyntheticAssetFactory: { abi: syntheticAssetFactoryAbi, chain: at("SyntheticAssetFactory") },
    SynthVault: { abi: synthVaultAbi, chain: at("SynthVault") },
    LiquidityPoolManager: { abi: liquidityPoolManagerAbi, chain: at("LiquidityPoolManager") },
    FluxionGovernanceToken: {
      abi: fluxionGovernanceTokenAbi,
      chain: at("FluxionGovernanceToken"),
    },
    FluxionGovernor: { abi: fluxionGovernorAbi, chain: at("FluxionGovernor") },
    FluxionTimelock: { abi: fluxionTimelockAbi, chain: at("FluxionTimelock") },
    Treasury: { abi: treasuryAbi, chain: at("Treasury") },
    SupplyChainTracker: { abi: supplyChainTrackerAbi, chain: at("SupplyChainTracker") },
    LightningGateway: { abi: lightningGatewayAbi, chain: at("LightningGateway") },
    // Cross-chain messages: each chain's side of every CCIP message (src/handlers/ccip.ts).
    CCIPRouter: { abi: localCCIPRouterAbi, chain: ccipAt("router") },
    CrossChainGateway: { abi: crossChainGatewayAbi, chain: ccipAt("gateway") },
    // Every synth the factory ever creates, including ones added by governance after deployment.
    SyntheticAsset: {
      abi: syntheticAssetAbi,
      chain: perChain((chain) => {
        const synthFactory = core(chain, "SyntheticAssetFactory");
        return {
          address: factory({
            address: synthFactory.address,
            event: getAbiItem({ abi: syntheticAssetFactoryAbi, name: "SynthCreated" }),
            parameter: "synth",
          }),
          startBlock: synthFactory.blockNumber,
        };
      }),
    },
    // Every pool's LP token, including pools created after deployment.
    PoolLpToken: {
      abi: poolLpTokenAbi,
      chain: perChain((chain) => {
        const manager = core(chain, "LiquidityPoolManager");
        return {
          address: factory({
            address: manager.address,
            event: getAbiItem({ abi: liquidityPoolManagerAbi, name: "PoolCreated" }),
            parameter: "lpToken",
          }),
          startBlock: manager.blockNumber,
        };
      }),
    },
    // Chainlink-style feeds: each round is announced by the feed's `AnswerUpdated` event, so feeds cost
    // the backfill nothing but their logs (no block needs fetching for them). The feeds are those the
    // oracle is given (`FeedSet`, governance's later choices included), each followed from the block it
    // was set: a contract that merely announces rounds is never indexed.
    PriceFeed: {
      abi: mockPriceFeedAbi,
      chain: perChain((chain) => {
        const oracle = core(chain, "PriceOracle");
        return {
          address: factory({
            address: oracle.address,
            event: getAbiItem({ abi: priceOracleAbi, name: "FeedSet" }),
            parameter: "aggregator",
          }),
          startBlock: oracle.blockNumber,
        };
      }),
    },
    // Collateral tokens are plain ERC-20s listed in the deployment record.
    CollateralToken: {
      abi: mockERC20Abi,
      chain: perChain((chain) => {
        const tokens = Object.values(chain.deployment.collateral);
        return {
          address: tokens.map((t) => t.address),
          startBlock: minBlock(
            tokens.map((t) => t.blockNumber),
            core(chain, "SynthVault").blockNumber,
          ),
        };
      }),
    },
  },
  blocks: {
    // Every block from the head at startup on: the chain's clock, and proposal states that move with
    // time alone (pending -> active -> succeeded/defeated). Only the head's clock matters (events move
    // proposals themselves, at their own block), so the backfill fetches no block for it: the first
    // run is the head at startup, which brings every open proposal up to date.
    ChainClock: {
      chain: perChain(() => ({ startBlock: "latest" as const })),
      interval: 1,
    },
  },
});
