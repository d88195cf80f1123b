// The cross-chain lanes as the deployment records describe them: each chain's CCIP selector, router,
// Fluxion gateway and fee token, and the chains it has an open lane to. Selectors are uint64s kept as
// bigint; a message names chains by selector, the app by chain id, and these map one to the other.
import { getDeployment } from "@fluxion/deploy";
import type { Address } from "viem";
import { chainName } from "../../lib/chains.ts";
import { deployedChainIds } from "../../lib/deployment.ts";

type Record_ = ReturnType<typeof getDeployment>;

export type FeeToken = { address: Address; symbol: string; decimals: number };

export type CcipChain = {
  chainId: number;
  name: string;
  selector: bigint;
  /** Our LocalCCIPRouter (a relay delivers) rather than Chainlink's router. */
  local: boolean;
  router: { address: Address; blockNumber: number };
  gateway: { address: Address; blockNumber: number };
  feeToken: FeeToken;
  /** Chains this one has a connected lane to. */
  peers: number[];
};

/** The CCIP side of each record that has one (pure: the records are passed in). */
export function ccipChainsOf(
  records: readonly Record_[],
  nameOf: (chainId: number) => string = (id) => `Chain ${id}`,
): CcipChain[] {
  const chains: CcipChain[] = [];
  for (const record of records) {
    const ccip = record.ccip;
    if (!ccip) continue;
    chains.push({
      chainId: record.chainId,
      name: nameOf(record.chainId),
      selector: BigInt(ccip.chainSelector),
      local: ccip.local,
      router: { address: ccip.router.address, blockNumber: ccip.router.blockNumber },
      gateway: { address: ccip.gateway.address, blockNumber: ccip.gateway.blockNumber },
      feeToken: {
        address: ccip.feeToken.address,
        symbol: ccip.feeToken.symbol,
        decimals: ccip.feeToken.decimals,
      },
      peers: ccip.peers.filter((p) => p.connected).map((p) => p.chainId),
    });
  }
  // Only lanes whose other end is deployed here too: a peer we have no record of cannot be watched.
  const known = new Set(chains.map((c) => c.chainId));
  return chains.map((c) => ({ ...c, peers: c.peers.filter((id) => known.has(id)) }));
}

/** Every deployed chain with CCIP, named as the app names chains. */
export const ccipChains: CcipChain[] = ccipChainsOf(deployedChainIds.map(getDeployment), chainName);

export function ccipChain(
  chainId: number | undefined,
  chains: readonly CcipChain[] = ccipChains,
): CcipChain | undefined {
  return chains.find((c) => c.chainId === chainId);
}

export function chainBySelector(
  selector: bigint | string | number | undefined | null,
  chains: readonly CcipChain[] = ccipChains,
): CcipChain | undefined {
  if (selector === undefined || selector === null) return undefined;
  let wanted: bigint;
  try {
    wanted = BigInt(selector);
  } catch {
    return undefined;
  }
  return chains.find((c) => c.selector === wanted);
}

/** Where `source` can send: its connected peers that are deployed. */
export function destinationsOf(
  source: number,
  chains: readonly CcipChain[] = ccipChains,
): CcipChain[] {
  const from = ccipChain(source, chains);
  if (!from) return [];
  return from.peers
    .map((id) => ccipChain(id, chains))
    .filter((c): c is CcipChain => c !== undefined);
}

/** The fee currencies a transfer from `chain` can pay in: its native coin, or its fee token. */
export type FeeChoice = "native" | "token";

/** The fee token argument of `quoteTransfer` / `sendSynth`: the zero address for the native coin. */
export function feeTokenArg(chain: CcipChain, choice: FeeChoice): Address {
  return choice === "native"
    ? "0x0000000000000000000000000000000000000000"
    : chain.feeToken.address;
}
