// The Lightning page's data: the gateway's limits, allow list and prices (chain), the account's swaps
// and one followed swap (the API, kept live by /v1/stream's "lightning.swap" events with a poll as
// backstop), and the chain's clock for refund countdowns.
import { lightningGatewayAbi, priceOracleAbi } from "@fluxion/deploy";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import type { Address } from "viem";
import { useBlock, useReadContract, useReadContracts } from "wagmi";
import { ApiError, api, call } from "../../api/client.ts";
import type { paths } from "../../api/schema.ts";
import { contractAddress, type TokenInfo, tokensOf } from "../../lib/deployment.ts";
import { useStreamEvents } from "../../stream/useStream.ts";
import { chainNow } from "./countdown.ts";
import { normalizeHash } from "./preimage.ts";
import { addToTimeline, isFinalStatus, newerSwap, type TimelineEntry } from "./swapStatus.ts";

export type Swap =
  paths["/v1/lightning/swaps/{paymentHash}"]["get"]["responses"][200]["content"]["application/json"];
export type BurnQuote =
  paths["/v1/lightning/burns/quote"]["post"]["responses"][200]["content"]["application/json"];

const swapKinds = ["lightning.swap"];

export function gatewayAddress(chainId: number): Address | undefined {
  try {
    return contractAddress(chainId, "LightningGateway");
  } catch {
    return undefined;
  }
}

export type GatewayInfo = {
  address: Address;
  /** Synths the gateway takes (its allow list); every synth until the list is read. */
  synths: TokenInfo[];
  mintLimits?: { min: bigint; max: bigint };
  burnLimits?: { min: bigint; max: bigint };
  /** USD per BTC, 18 decimals (the oracle's price of the gateway's BTC asset). */
  btcPrice?: bigint;
};

export function useGateway(chainId: number, address: Address): GatewayInfo {
  const all = tokensOf(chainId).filter((t) => t.kind === "synth");
  const base = { chainId, address, abi: lightningGatewayAbi } as const;
  const mint = useReadContract({ ...base, functionName: "limits", args: [0] });
  const burn = useReadContract({ ...base, functionName: "limits", args: [1] });
  const settings = useReadContract({ ...base, functionName: "settings" });
  const allowed = useReadContracts({
    contracts: all.map((s) => ({ ...base, functionName: "isSynthAllowed", args: [s.address] })),
  });
  const oracle = (() => {
    try {
      return contractAddress(chainId, "PriceOracle");
    } catch {
      return undefined;
    }
  })();
  const price = useReadContract({
    chainId,
    address: oracle,
    abi: priceOracleAbi,
    functionName: "price",
    args: settings.data ? [settings.data.btcAsset] : undefined,
    query: {
      enabled: oracle !== undefined && settings.data !== undefined,
      refetchInterval: 30_000,
    },
  });
  const flags = allowed.data?.map((r) => r.status === "success" && r.result === true);
  const synths = flags ? all.filter((_, i) => flags[i]) : all;
  const limitsOf = (l: typeof mint.data) =>
    l ? { min: BigInt(l.minSats), max: BigInt(l.maxSats) } : undefined;
  return {
    address,
    synths,
    mintLimits: limitsOf(mint.data),
    burnLimits: limitsOf(burn.data),
    btcPrice: price.data,
  };
}

/** The signed-in account's swaps, newest first, refreshed by the stream. */
export function useSwaps(account: string) {
  const queryClient = useQueryClient();
  useStreamEvents(
    () => void queryClient.invalidateQueries({ queryKey: ["lightning", "swaps"] }),
    swapKinds,
  );
  return useQuery({
    queryKey: ["lightning", "swaps", account.toLowerCase()],
    queryFn: () => call(api.GET("/v1/lightning/swaps", { params: { query: { limit: "50" } } })),
    refetchInterval: 15_000,
  });
}

type Followed = { hash: string | undefined; latest?: Swap; timeline: TimelineEntry[] };

/**
 * Follows one swap: the stream's events as they come (every status, in order), and a read every few
 * seconds until it is final (in case the stream is down). Never moves backwards.
 */
export function useFollowSwap(paymentHash: string | undefined) {
  const hash = normalizeHash(paymentHash);
  const [followed, setFollowed] = useState<Followed>({ hash, timeline: [] });
  const current: Followed = followed.hash === hash ? followed : { hash, timeline: [] };

  const apply = useCallback(
    (swap: Swap) => {
      setFollowed((state) => {
        const base = state.hash === hash ? state : { hash, timeline: [] };
        return {
          hash,
          latest: newerSwap(base.latest, swap),
          timeline: addToTimeline(base.timeline, swap.direction, swap.status, Date.now()),
        };
      });
    },
    [hash],
  );

  const query = useQuery({
    queryKey: ["lightning", "swap", hash],
    enabled: hash !== undefined,
    queryFn: () =>
      call(
        api.GET("/v1/lightning/swaps/{paymentHash}", { params: { path: { paymentHash: hash! } } }),
      ),
    refetchInterval: (q) => {
      const data = q.state.data;
      if (q.state.error instanceof ApiError && q.state.error.status === 404) return false;
      return data && isFinalStatus(data.direction, data.status) ? false : 2_500;
    },
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });

  useEffect(() => {
    if (query.data) apply(query.data);
  }, [query.data, apply]);

  useStreamEvents((event) => {
    const data = event.data as {
      paymentHash?: string;
      status?: unknown;
      state?: unknown;
      swap?: unknown;
    };
    if (!hash || normalizeHash(data.paymentHash) !== hash) return;
    if (typeof data.status !== "string" || typeof data.state !== "string") return;
    if (!data.swap || typeof data.swap !== "object") return;
    apply({ ...(data.swap as Swap), status: data.status, state: data.state });
  }, swapKinds);

  return {
    swap: current.latest,
    timeline: current.timeline,
    notFound: query.error instanceof ApiError && query.error.status === 404,
    error: query.data === undefined && current.latest === undefined ? query.error : null,
    refetch: query.refetch,
  };
}

/** Chain time, ticking each second: refunds open by it, not by this computer's clock. */
export function useChainNow(chainId: number): number {
  const block = useBlock({ chainId, query: { refetchInterval: 15_000 } });
  const [wall, setWall] = useState(() => Date.now() / 1000);
  useEffect(() => {
    const timer = setInterval(() => setWall(Date.now() / 1000), 1000);
    return () => clearInterval(timer);
  }, []);
  // A block read some seconds ago: its time has moved on by as much since.
  const elapsed = block.dataUpdatedAt ? Math.max(0, wall - block.dataUpdatedAt / 1000) : 0;
  const latest = block.data ? Number(block.data.timestamp) + Math.floor(elapsed) : undefined;
  return chainNow(latest, wall);
}

/** Unix seconds now, ticking (for invoice expiry, which is Lightning's wall-clock time). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
