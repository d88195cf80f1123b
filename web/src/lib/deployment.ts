// What is deployed where, from the one generated module: chains, contracts, synths, collateral, pools.
// Nothing here is hand-copied: a redeploy (or a new chain) is picked up at the next build.
import { fluxionDeployments, getDeployment } from "@fluxion/deploy";
import type { Address, Hex } from "viem";

export type Deployment = ReturnType<typeof getDeployment>;
/** Core contracts every deployment has. */
export type ContractName =
  | "PriceOracle"
  | "SynthVault"
  | "SyntheticAssetFactory"
  | "LiquidityPoolManager"
  | "FluxionGovernanceToken"
  | "FluxionGovernor"
  | "FluxionTimelock"
  | "Treasury"
  | "SupplyChainTracker"
  | "LightningGateway";

export type TokenInfo = {
  address: Address;
  symbol: string;
  decimals: number;
  kind: "synth" | "collateral" | "lp" | "governance";
};

export type PoolInfo = {
  name: string;
  poolId: Hex;
  kind: "weighted" | "stable";
  lpToken: Address;
  tokens: TokenInfo[];
};

export const deployedChainIds: number[] = Object.keys(fluxionDeployments).map(Number);

/**
 * Chains where the dev burner wallet, faucets and the Debug page are offered: the two Hardhat nodes
 * `npm run dev` starts (the second is the other end of cross-chain transfers).
 */
export const localChainIds = new Set([31337, 31338]);

export function isLocalChain(chainId: number | undefined): boolean {
  return chainId !== undefined && localChainIds.has(chainId);
}

export function deploymentOf(chainId: number | undefined): Deployment | undefined {
  if (chainId === undefined) return undefined;
  return deployedChainIds.includes(chainId) ? getDeployment(chainId) : undefined;
}

/** The address of a core contract on a chain (throws for a chain without a deployment). */
export function contractAddress(chainId: number, name: ContractName): Address {
  const contract = getDeployment(chainId).contracts[name];
  if (!contract) throw new Error(`${name} is not deployed on chain ${chainId}`);
  return contract.address;
}

/** Every ERC-20 the protocol knows on a chain: synths, collateral, LP tokens and FLX. */
export function tokensOf(chainId: number): TokenInfo[] {
  const deployment = deploymentOf(chainId);
  if (!deployment) return [];
  const synths = Object.values(deployment.synths).map((s) => ({
    address: s.address,
    symbol: s.symbol,
    decimals: s.decimals,
    kind: "synth" as const,
  }));
  const collateral = Object.values(deployment.collateral).map((c) => ({
    address: c.address,
    symbol: c.symbol,
    decimals: c.decimals,
    kind: "collateral" as const,
  }));
  const flx: TokenInfo = {
    address: contractAddress(chainId, "FluxionGovernanceToken"),
    symbol: "FLX",
    decimals: 18,
    kind: "governance",
  };
  const lp = Object.entries(deployment.pools).map(([name, pool]) => ({
    address: pool.lpToken,
    symbol: `LP ${name}`,
    decimals: 18,
    kind: "lp" as const,
  }));
  return [...synths, ...collateral, flx, ...lp];
}

/** Resolves the deploy record's "synth:sUSD" / "mock:WETH" token references. */
function tokenRef(deployment: Deployment, ref: string): TokenInfo {
  const [kind, symbol] = ref.split(":") as [string, string];
  const token = (kind === "synth" ? deployment.synths : deployment.collateral)[symbol];
  if (!token) throw new Error(`unknown token ${ref} in the deployment record`);
  return {
    address: token.address,
    symbol: token.symbol,
    decimals: token.decimals,
    kind: kind === "synth" ? "synth" : "collateral",
  };
}

export function poolsOf(chainId: number): PoolInfo[] {
  const deployment = deploymentOf(chainId);
  if (!deployment) return [];
  return Object.entries(deployment.pools).map(([name, pool]) => ({
    name,
    poolId: pool.poolId,
    kind: pool.kind,
    lpToken: pool.lpToken,
    tokens: pool.tokens.map((ref) => tokenRef(deployment, ref)),
  }));
}

export function tokenByAddress(chainId: number, address: string): TokenInfo | undefined {
  const lower = address.toLowerCase();
  return tokensOf(chainId).find((t) => t.address.toLowerCase() === lower);
}
