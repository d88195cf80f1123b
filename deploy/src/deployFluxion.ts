// Deploys the whole protocol on a Hardhat network connection with Ignition and returns the
// deployment record (addresses + creation blocks) that codegen turns into the generated module.
// Used by the deploy script, `npm run dev`, the deploy tests and the gas benchmark.
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, erc20Abi, type PublicClient, parseAbiItem } from "viem";
import { fluxionModule } from "../ignition/modules/Fluxion.ts";
import { type LanePeer, lanesModule } from "../ignition/modules/FluxionLanes.ts";
import { ccipChains } from "../ignition/modules/parts/ccip.ts";
import { lpTokenMetadata } from "../ignition/modules/parts/pools.ts";
import type { NetworkConfig } from "./config.ts";
import type { DeployedContract, DeploymentRecord } from "./deploymentRecord.ts";

export type DeployOptions = {
  deploymentId?: string;
  displayUi?: boolean;
  /**
   * The CCIP gateway's peers (other chains' deployments) to connect before its admin role goes to the
   * Timelock. Default: none, and the handover happens at once. "later": leave the gateway with the deployer
   * until `connectLanes` runs (deploying several chains: every chain first, then the lanes of each).
   */
  peers?: DeploymentRecord[] | "later";
};

const poolCreated = parseAbiItem(
  "event PoolCreated(bytes32 indexed poolId, uint8 indexed kind, address indexed lpToken, address[] tokens, uint256[] weights, uint256 amp, uint256 swapFee)",
);

/** Contract names in the record, by Ignition result key. */
const coreContracts = {
  fluxionGovernanceToken: "FluxionGovernanceToken",
  fluxionTimelock: "FluxionTimelock",
  fluxionGovernor: "FluxionGovernor",
  treasury: "Treasury",
  priceOracle: "PriceOracle",
  syntheticAssetFactory: "SyntheticAssetFactory",
  synthVault: "SynthVault",
  liquidityPoolManager: "LiquidityPoolManager",
  supplyChainTracker: "SupplyChainTracker",
  lightningGateway: "LightningGateway",
  fiatMinter: "FiatMinter",
} as const;

export async function deployFluxion(
  connection: NetworkConnection,
  config: NetworkConfig,
  options: DeployOptions = {},
): Promise<DeploymentRecord> {
  const client = (await connection.viem.getPublicClient()) as unknown as PublicClient;
  const chainId = await client.getChainId();
  const result = (await connection.ignition.deploy(fluxionModule(config, chainId), {
    deploymentId: options.deploymentId,
    displayUi: options.displayUi ?? false,
  })) as unknown as Record<string, { address: Address }>;
  const at = async (address: Address): Promise<DeployedContract> => ({
    address,
    blockNumber: await creationBlock(client, address),
  });
  const tokenInfo = async (address: Address) => {
    const [symbol, decimals] = await Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: "symbol" }),
      client.readContract({ address, abi: erc20Abi, functionName: "decimals" }),
    ]);
    return { ...(await at(address)), symbol, decimals };
  };
  const addressOf = (key: string) => {
    const contract = result[key];
    if (!contract) throw new Error(`deploy: the Fluxion module did not return ${key}`);
    return contract.address;
  };

  const record: DeploymentRecord = {
    chainId,
    network: connection.networkName,
    contracts: {},
    synths: {},
    collateral: {},
    feeds: {},
    pools: {},
  };
  for (const [key, name] of Object.entries(coreContracts))
    record.contracts[name] = await at(addressOf(key));
  for (const s of config.synths) {
    record.synths[s.assetId] = {
      ...(await tokenInfo(addressOf(`synth_${s.assetId}`))),
      assetId: s.assetId,
    };
  }
  for (const t of config.mocks.tokens)
    record.collateral[t.symbol] = await tokenInfo(addressOf(`token_${t.symbol}`));
  for (const c of config.collateral) {
    if (c.token.startsWith("0x")) {
      const info = await tokenInfo(c.token as Address);
      record.collateral[info.symbol] = info;
    }
  }
  for (const f of config.mocks.feeds) {
    const address = addressOf(`feed_${f.pair.replace(/[^A-Za-z0-9_]/g, "_")}`);
    record.feeds[f.pair] = { ...(await at(address)), decimals: f.decimals };
  }

  // Ignition runs independent calls in any order: find each configured pool by its LP token's name.
  const manager = record.contracts.LiquidityPoolManager!;
  const logs = await client.getLogs({
    address: manager.address,
    event: poolCreated,
    fromBlock: BigInt(manager.blockNumber),
  });
  const byLpName = new Map<string, (typeof logs)[number]>();
  for (const log of logs) {
    const name = await client.readContract({
      address: log.args.lpToken!,
      abi: erc20Abi,
      functionName: "name",
    });
    byLpName.set(name, log);
  }
  for (const pool of config.pools.list) {
    const log = byLpName.get(lpTokenMetadata(pool.name).name);
    if (!log) throw new Error(`deploy: pool ${pool.name} was not created`);
    record.pools[pool.name] = {
      poolId: log.args.poolId!,
      kind: pool.kind,
      lpToken: log.args.lpToken!,
      tokens: pool.tokens,
      blockNumber: Number(log.blockNumber),
    };
  }
  if (config.ccip) {
    const { self, peers } = ccipChains(config.ccip, chainId);
    const feeToken =
      config.ccip.router === "local"
        ? addressOf("ccipFeeToken")
        : (config.ccip.feeToken as Address);
    record.ccip = {
      chainSelector: self.selector.toString(),
      local: config.ccip.router === "local",
      router: await at(
        config.ccip.router === "local" ? addressOf("localCCIPRouter") : config.ccip.router,
      ),
      gateway: await at(addressOf("crossChainGateway")),
      feeToken: await tokenInfo(feeToken),
      peers: peers.map((p) => ({
        chainId: p.chainId,
        chainSelector: p.selector.toString(),
        name: p.name,
        connected: false,
      })),
    };
    if (options.peers !== "later")
      await connectLanes(connection, config, record, options.peers ?? [], options);
  }
  return record;
}

/**
 * Sets the CCIP gateway's lane to each peer deployment and hands the gateway to the Timelock (FluxionLanes.ts);
 * marks those peers connected in `record`. Runs once per chain: afterwards lanes are governance's.
 */
export async function connectLanes(
  connection: NetworkConnection,
  config: NetworkConfig,
  record: DeploymentRecord,
  peers: DeploymentRecord[],
  options: Pick<DeployOptions, "deploymentId" | "displayUi"> = {},
): Promise<void> {
  if (!config.ccip || !record.ccip) throw new Error("deploy: this deployment has no CCIP gateway");
  const lanePeers: LanePeer[] = peers.map((p) => {
    if (!p.ccip) throw new Error(`deploy: chain ${p.chainId} has no CCIP gateway to connect to`);
    return { chainId: p.chainId, gateway: p.ccip.gateway.address };
  });
  const synths = Object.fromEntries(
    Object.entries(record.synths).map(([id, s]) => [id, s.address]),
  );
  await connection.ignition.deploy(
    lanesModule(
      config,
      record.chainId,
      {
        gateway: record.ccip.gateway.address,
        timelock: record.contracts.FluxionTimelock!.address,
        synths,
      },
      lanePeers,
    ),
    { deploymentId: options.deploymentId, displayUi: options.displayUi ?? false },
  );
  for (const peer of record.ccip.peers)
    if (lanePeers.some((p) => p.chainId === peer.chainId)) peer.connected = true;
}

/** First block at which `address` has code (binary search over eth_getCode; needs archive state). */
export async function creationBlock(client: PublicClient, address: Address): Promise<number> {
  let high = Number(await client.getBlockNumber());
  const hasCode = async (block: number) =>
    ((await client.getCode({ address, blockNumber: BigInt(block) })) ?? "0x") !== "0x";
  if (!(await hasCode(high))) throw new Error(`deploy: no contract at ${address}`);
  let low = 0;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (await hasCode(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
