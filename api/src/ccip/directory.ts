// The chains Fluxion's CCIP gateways connect, as the deployment records describe them (@fluxion/deploy's
// `ccip` section of each chain's record): selectors, router, gateway, fee token, peers and synths. Static
// facts only; what moves (lanes, buckets, fees) is read from the chains (chainReads.ts).
import type { DeploymentRecord } from "@fluxion/deploy";
import { type Address, getAddress } from "viem";

export type CcipSynth = { assetId: string; symbol: string; address: Address; decimals: number };

export type CcipPeer = {
  chainId: number;
  chainSelector: bigint;
  name: string;
  /** The deploy connected the gateway's lane to it (governance may have changed it since). */
  connected: boolean;
};

export type CcipChain = {
  chainId: number;
  /** The CCIP config's name for the chain ("Fluxion Local A"), else the deploy's network name. */
  name: string;
  chainSelector: bigint;
  /** Our LocalCCIPRouter (the relay delivers), not Chainlink's router. */
  local: boolean;
  router: Address;
  gateway: Address;
  feeToken: { address: Address; symbol: string; decimals: number };
  peers: CcipPeer[];
  synths: CcipSynth[];
};

export type CcipDirectory = {
  chains: CcipChain[];
  byChainId(chainId: number): CcipChain | undefined;
  bySelector(selector: bigint): CcipChain | undefined;
  /** A synth of `chain` by asset id or symbol (case-insensitive) or address. */
  synthOf(chain: CcipChain, reference: string): CcipSynth | undefined;
};

/** Every record with a `ccip` section, as a directory (chains ordered by id). */
export function createCcipDirectory(records: readonly DeploymentRecord[]): CcipDirectory {
  const withCcip = records.filter((record) => record.ccip !== undefined);
  // A chain's name is what its peers' records call it (the CCIP config's chain list).
  const names = new Map<number, string>();
  for (const record of withCcip) {
    for (const peer of record.ccip!.peers) names.set(peer.chainId, peer.name);
  }
  const chains = withCcip
    .map((record): CcipChain => {
      const ccip = record.ccip!;
      return {
        chainId: record.chainId,
        name: names.get(record.chainId) ?? record.network,
        chainSelector: BigInt(ccip.chainSelector),
        local: ccip.local,
        router: getAddress(ccip.router.address),
        gateway: getAddress(ccip.gateway.address),
        feeToken: {
          address: getAddress(ccip.feeToken.address),
          symbol: ccip.feeToken.symbol,
          decimals: ccip.feeToken.decimals,
        },
        peers: ccip.peers.map((peer) => ({
          chainId: peer.chainId,
          chainSelector: BigInt(peer.chainSelector),
          name: peer.name,
          connected: peer.connected,
        })),
        synths: Object.values(record.synths)
          .map((synth) => ({
            assetId: synth.assetId,
            symbol: synth.symbol,
            address: getAddress(synth.address),
            decimals: synth.decimals,
          }))
          .sort((a, b) => a.assetId.localeCompare(b.assetId)),
      };
    })
    .sort((a, b) => a.chainId - b.chainId);
  return {
    chains,
    byChainId: (chainId) => chains.find((chain) => chain.chainId === chainId),
    bySelector: (selector) => chains.find((chain) => chain.chainSelector === selector),
    synthOf(chain, reference) {
      const wanted = reference.toLowerCase();
      return chain.synths.find(
        (synth) =>
          synth.assetId.toLowerCase() === wanted ||
          synth.symbol.toLowerCase() === wanted ||
          synth.address.toLowerCase() === wanted,
      );
    },
  };
}
