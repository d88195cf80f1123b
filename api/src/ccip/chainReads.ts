// Live reads of the CCIP contracts, one viem client per chain (API_RPC_URL, API_RPC_URL_<chainId>):
// the gateway's lane and token buckets, the router's lane (its gas limit ceiling), and the gateway's
// quote. A chain without an RPC URL is 503 ccip.chain_not_configured, one that does not answer 503
// ccip.chain_unavailable; a revert is returned by name (`CcipRevert`) for the caller to map.
import { crossChainGatewayAbi, localCCIPRouterAbi } from "@fluxion/deploy";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  decodeErrorResult,
  type Hex,
  http,
  type PublicClient,
  type Transport,
} from "viem";
import { unavailable } from "../errors.ts";
import type { CcipChain } from "./directory.ts";

/** Chainlink's `RateLimiter.TokenBucket`, as the gateway reports it now. */
export type TokenBucket = {
  tokens: bigint;
  lastUpdated: number;
  isEnabled: boolean;
  capacity: bigint;
  rate: bigint;
};

/** `ICrossChainGateway.Lane`: governance's lane to a peer. */
export type GatewayLane = {
  enabled: boolean;
  peer: Address;
  transferGasLimit: number;
  liquidityGasLimit: number;
  liquidityAllowed: boolean;
};

/** The router's lane to a destination (`ILocalCCIPRouter.Lane`): its fees and ceilings. */
export type RouterLane = { enabled: boolean; maxGasLimit: number; maxDataBytes: number };

/** A contract call reverted: its custom error's name (null when it could not be decoded). */
export class CcipRevert extends Error {
  override name = "CcipRevert";
  readonly errorName: string | null;
  readonly args: readonly unknown[];
  constructor(errorName: string | null, args: readonly unknown[], cause: unknown) {
    super(`reverted${errorName ? ` with ${errorName}` : ""}`, { cause });
    this.errorName = errorName;
    this.args = args;
  }
}

export type CcipReads = {
  /** Whether the API has an RPC URL for the chain. */
  configured(chainId: number): boolean;
  gatewayLane(source: CcipChain, dest: CcipChain): Promise<GatewayLane>;
  /** Cached a minute: the operator's lane parameters change rarely. */
  routerLane(source: CcipChain, dest: CcipChain): Promise<RouterLane>;
  /**
   * `chain`'s gateway's buckets for its lane with `peer` and its `synth`: outbound (sends to the
   * peer) and inbound (deliveries from it).
   */
  buckets(
    chain: CcipChain,
    peer: CcipChain,
    synth: Address,
  ): Promise<{ outbound: TokenBucket; inbound: TokenBucket }>;
  quoteTransfer(
    source: CcipChain,
    dest: CcipChain,
    input: { synth: Address; to: Address; amount: bigint; feeToken: Address },
  ): Promise<bigint>;
};

const routerLaneTtlMs = 60_000;

/** The revert inside a viem error, by name; null when the call did not revert (the RPC failed). */
function revertOf(error: unknown): CcipRevert | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return null;
  if (reverted.data?.errorName) {
    return new CcipRevert(reverted.data.errorName, reverted.data.args ?? [], error);
  }
  // The gateway bubbles the router's errors up: decode those with the router's ABI.
  const raw = (reverted as { raw?: Hex }).raw;
  if (raw) {
    try {
      const decoded = decodeErrorResult({ abi: localCCIPRouterAbi, data: raw });
      return new CcipRevert(decoded.errorName, decoded.args ?? [], error);
    } catch {
      // Not one of the router's either.
    }
  }
  return new CcipRevert(null, [], error);
}

export function createCcipReads(options: {
  rpcUrls: Record<number, string>;
  /** Per chain id, instead of HTTP to its RPC URL (tests: an in-process chain). */
  transports?: Record<number, Transport>;
  timeoutMs?: number;
  now?: () => number;
}): CcipReads {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  const clients = new Map<number, PublicClient>();
  const routerLanes = new Map<string, { at: number; lane: RouterLane }>();

  function transportOf(chainId: number): Transport | undefined {
    const custom = options.transports?.[chainId];
    if (custom) return custom;
    const url = options.rpcUrls[chainId];
    return url ? http(url, { timeout: timeoutMs, retryCount: 1 }) : undefined;
  }

  function clientOf(chain: CcipChain): PublicClient {
    let client = clients.get(chain.chainId);
    if (!client) {
      const transport = transportOf(chain.chainId);
      if (!transport) {
        throw unavailable(
          "ccip.chain_not_configured",
          `This API has no RPC URL for chain ${chain.chainId} (API_RPC_URL_${chain.chainId})`,
          { details: { chainId: chain.chainId } },
        );
      }
      client = createPublicClient({ transport }) as PublicClient;
      clients.set(chain.chainId, client);
    }
    return client;
  }

  /** Runs a read; a revert comes back as CcipRevert, anything else as 503 ccip.chain_unavailable. */
  async function read<T>(chain: CcipChain, work: (client: PublicClient) => Promise<T>): Promise<T> {
    const client = clientOf(chain);
    try {
      return await work(client);
    } catch (error) {
      const revert = revertOf(error);
      if (revert) throw revert;
      throw unavailable("ccip.chain_unavailable", `Chain ${chain.chainId} did not answer`, {
        cause: error,
        details: { chainId: chain.chainId },
        headers: { "retry-after": "5" },
      });
    }
  }

  return {
    configured: (chainId) => transportOf(chainId) !== undefined,

    gatewayLane: (source, dest) =>
      read(source, async (client) => {
        const lane = await client.readContract({
          address: source.gateway,
          abi: crossChainGatewayAbi,
          functionName: "lane",
          args: [dest.chainSelector],
        });
        return {
          enabled: lane.enabled,
          peer: lane.peer,
          transferGasLimit: Number(lane.transferGasLimit),
          liquidityGasLimit: Number(lane.liquidityGasLimit),
          liquidityAllowed: lane.liquidityAllowed,
        };
      }),

    async routerLane(source, dest) {
      const key = `${source.chainId}->${dest.chainId}`;
      const cached = routerLanes.get(key);
      if (cached && now() - cached.at < routerLaneTtlMs) return cached.lane;
      const lane = await read(source, async (client) => {
        const raw = await client.readContract({
          address: source.router,
          abi: localCCIPRouterAbi,
          functionName: "getLane",
          args: [dest.chainSelector],
        });
        return {
          enabled: raw.enabled,
          maxGasLimit: Number(raw.maxGasLimit),
          maxDataBytes: Number(raw.maxDataBytes),
        };
      });
      routerLanes.set(key, { at: now(), lane });
      return lane;
    },

    buckets: (chain, peer, synth) =>
      read(chain, async (client) => {
        const [outbound, inbound] = await client.readContract({
          address: chain.gateway,
          abi: crossChainGatewayAbi,
          functionName: "rateLimits",
          args: [peer.chainSelector, synth],
        });
        const bucket = (raw: typeof outbound): TokenBucket => ({
          tokens: raw.tokens,
          lastUpdated: Number(raw.lastUpdated),
          isEnabled: raw.isEnabled,
          capacity: raw.capacity,
          rate: raw.rate,
        });
        return { outbound: bucket(outbound), inbound: bucket(inbound) };
      }),

    quoteTransfer: (source, dest, input) =>
      read(source, (client) =>
        client.readContract({
          address: source.gateway,
          abi: crossChainGatewayAbi,
          functionName: "quoteTransfer",
          args: [dest.chainSelector, input.synth, input.to, input.amount, input.feeToken],
        }),
      ),
  };
}
