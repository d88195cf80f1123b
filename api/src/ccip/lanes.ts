// GET /v1/ccip/chains: every chain from the deployment records with, per lane to a peer, what the chains
// say now (the gateway's lane, the local router's gas ceiling, each synth's token buckets both ways). A
// chain that cannot be read still lists its deployment facts; its lanes carry the error instead.
import { ApiError } from "../errors.ts";
import { type CcipReads, CcipRevert, type TokenBucket } from "./chainReads.ts";
import type { CcipChain, CcipDirectory } from "./directory.ts";

export type BucketView = {
  isEnabled: boolean;
  capacity: string;
  rate: string;
  tokens: string;
  lastUpdated: number;
};

export type LaneView = {
  chainId: number;
  chainSelector: string;
  name: string;
  connected: boolean;
  live: {
    enabled: boolean;
    peer: string;
    transferGasLimit: number;
    liquidityGasLimit: number;
    liquidityAllowed: boolean;
    maxGasLimit: number | null;
    rateLimits: {
      assetId: string;
      synth: string;
      outbound: BucketView;
      inbound: BucketView;
    }[];
  } | null;
  error: { code: string; message: string } | null;
};

export type ChainView = {
  chainId: number;
  name: string;
  chainSelector: string;
  local: boolean;
  router: string;
  gateway: string;
  feeToken: { address: string; symbol: string; decimals: number };
  readable: boolean;
  synths: { assetId: string; symbol: string; address: string; decimals: number }[];
  lanes: LaneView[];
};

export const bucketView = (bucket: TokenBucket): BucketView => ({
  isEnabled: bucket.isEnabled,
  capacity: bucket.capacity.toString(),
  rate: bucket.rate.toString(),
  tokens: bucket.tokens.toString(),
  lastUpdated: bucket.lastUpdated,
});

function errorOf(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof CcipRevert) {
    return { code: "ccip.read_reverted", message: `A lane read ${error.message}` };
  }
  return { code: "ccip.chain_unavailable", message: "The chain's contracts could not be read" };
}

async function laneOf(
  reads: CcipReads,
  chain: CcipChain,
  peer: CcipChain,
): Promise<LaneView["live"]> {
  const [lane, maxGasLimit, rateLimits] = await Promise.all([
    reads.gatewayLane(chain, peer),
    // Chainlink's own routers have no getLane: their ceilings are Chainlink's.
    chain.local ? reads.routerLane(chain, peer).then((lane) => lane.maxGasLimit) : null,
    Promise.all(
      chain.synths.map(async (synth) => {
        const buckets = await reads.buckets(chain, peer, synth.address);
        return {
          assetId: synth.assetId,
          synth: synth.address,
          outbound: bucketView(buckets.outbound),
          inbound: bucketView(buckets.inbound),
        };
      }),
    ),
  ]);
  return { ...lane, maxGasLimit, rateLimits };
}

export async function describeChains(
  directory: CcipDirectory,
  reads: CcipReads,
): Promise<ChainView[]> {
  return Promise.all(
    directory.chains.map(async (chain) => ({
      chainId: chain.chainId,
      name: chain.name,
      chainSelector: chain.chainSelector.toString(),
      local: chain.local,
      router: chain.router,
      gateway: chain.gateway,
      feeToken: chain.feeToken,
      readable: reads.configured(chain.chainId),
      synths: chain.synths,
      lanes: await Promise.all(
        chain.peers.map(async (peer): Promise<LaneView> => {
          const base = {
            chainId: peer.chainId,
            chainSelector: peer.chainSelector.toString(),
            name: peer.name,
            connected: peer.connected,
          };
          const remote = directory.bySelector(peer.chainSelector);
          if (!remote) {
            return {
              ...base,
              live: null,
              error: {
                code: "ccip.unknown_chain",
                message: `No deployment record for chain ${peer.chainId}`,
              },
            };
          }
          try {
            return { ...base, live: await laneOf(reads, chain, remote), error: null };
          } catch (error) {
            return { ...base, live: null, error: errorOf(error) };
          }
        }),
      ),
    })),
  );
}
