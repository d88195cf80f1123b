// The Cross-chain page's data. The form's: the fee (`quoteTransfer`, live), the lane's rate-limit
// buckets on both ends, the gas limit the lane gives a transfer, and the balances that pay for it, all
// read from the chains. A followed message's: both chains read directly (chainReads.ts) every second
// until it is delivered, and the API's stream (`chain.ccip.message`) as it comes. The account's
// messages across both chains: the indexer, refreshed by the stream with a poll as backstop.
import { crossChainGatewayAbi, getDeployment, syntheticAssetAbi } from "@fluxion/deploy";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type Address, erc20Abi, type Hex } from "viem";
import {
  useBalance,
  useBlock,
  useBlockNumber,
  useConfig,
  useReadContract,
  useReadContracts,
} from "wagmi";
import { ccipMessages } from "../../indexer/client.ts";
import type { TokenInfo } from "../../lib/deployment.ts";
import { useStreamEvents } from "../../stream/useStream.ts";
import { factsOf, readDestination, readSent } from "./chainReads.ts";
import { type CcipChain, ccipChain, type FeeChoice, feeTokenArg } from "./lanes.ts";
import {
  addToTimeline,
  deriveStatus,
  ExecutionState,
  newerStatus,
  type Status,
  statusOfReport,
  type TimelineEntry,
} from "./messageState.ts";
import type { Bucket } from "./rateLimit.ts";

export const ccipKinds = ["chain.ccip.message"];

/** A message as the page follows it: its id and its two chains. */
export type MessageRef = { messageId: Hex; sourceChainId: number; destChainId: number };

const live = 5_000;

/** The synth with the same asset on another chain (the deployment records key synths by asset). */
export function synthOn(chainId: number, symbol: string): Address | undefined {
  try {
    return Object.values(getDeployment(chainId).synths).find((s) => s.symbol === symbol)?.address;
  } catch {
    return undefined;
  }
}

/** Chain time on `chainId`, ticking each second from its latest block. */
export function useChainNow(chainId: number): number {
  const block = useBlock({ chainId, query: { refetchInterval: 10_000 } });
  const [wall, setWall] = useState(() => Date.now() / 1000);
  useEffect(() => {
    const timer = setInterval(() => setWall(Date.now() / 1000), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!block.data) return Math.floor(wall);
  const elapsed = block.dataUpdatedAt ? Math.max(0, wall - block.dataUpdatedAt / 1000) : 0;
  return Number(block.data.timestamp) + Math.floor(elapsed);
}

export type LaneParams = {
  source: CcipChain;
  dest: CcipChain;
  synth: TokenInfo;
  account: Address;
  /** The recipient (the account itself when none is typed). */
  to: Address;
  amount: bigint | undefined;
  choice: FeeChoice;
};

/** The fee, limits and balances of one transfer as the form stands. */
export function useLane({ source, dest, synth, account, to, amount, choice }: LaneParams) {
  const gateway = {
    chainId: source.chainId,
    address: source.gateway.address,
    abi: crossChainGatewayAbi,
  };
  const feeToken = feeTokenArg(source, choice);
  const destSynth = synthOn(dest.chainId, synth.symbol);
  // The fee does not depend on the amount (a fixed-size payload): quote before one is typed too.
  const quote = useReadContract({
    ...gateway,
    functionName: "quoteTransfer",
    args: [dest.selector, synth.address, to, amount && amount > 0n ? amount : 1n, feeToken],
    account,
    query: { refetchInterval: live },
  });
  const lane = useReadContract({
    ...gateway,
    functionName: "lane",
    args: [dest.selector],
    query: { refetchInterval: 10_000 },
  });
  const outbound = useReadContract({
    ...gateway,
    functionName: "rateLimits",
    args: [dest.selector, synth.address],
    query: { refetchInterval: live },
  });
  const inbound = useReadContract({
    chainId: dest.chainId,
    address: dest.gateway.address,
    abi: crossChainGatewayAbi,
    functionName: "rateLimits",
    args: destSynth ? [source.selector, destSynth] : undefined,
    query: { enabled: destSynth !== undefined, refetchInterval: live },
  });
  const tokens = useReadContracts({
    contracts: [
      {
        chainId: source.chainId,
        address: synth.address,
        abi: syntheticAssetAbi,
        functionName: "balanceOf",
        args: [account],
      },
      {
        chainId: source.chainId,
        address: source.feeToken.address,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [account],
      },
    ],
    query: { refetchInterval: live },
  });
  const native = useBalance({
    address: account,
    chainId: source.chainId,
    query: { refetchInterval: live },
  });
  const result = <T>(r: { status: string; result?: unknown } | undefined) =>
    r?.status === "success" ? (r.result as T) : undefined;
  return {
    quote,
    fee: quote.data,
    transferGasLimit: lane.data ? BigInt(lane.data.transferGasLimit) : undefined,
    laneEnabled: lane.data?.enabled,
    outbound: outbound.data?.[0] as Bucket | undefined,
    inbound: inbound.data?.[1] as Bucket | undefined,
    synthBalance: result<bigint>(tokens.data?.[0]),
    feeTokenBalance: result<bigint>(tokens.data?.[1]),
    nativeBalance: native.data?.value,
  };
}

/** The stream's `chain.ccip.message` for `messageId`, as a status (undefined for others). */
function reportOf(data: Record<string, unknown>, messageId: string): Status | undefined {
  if (typeof data.messageId !== "string") return undefined;
  if (data.messageId.toLowerCase() !== messageId.toLowerCase()) return undefined;
  return statusOfReport(data.state, data.storedFailure);
}

type Followed = { id: string | undefined; reported?: Status; timeline: TimelineEntry[] };

/**
 * One message, followed on both chains until it is delivered: never moving backwards, with each state
 * it was seen in (a retried failure moves on to delivered).
 */
export function useFollowMessage(ref: MessageRef | undefined) {
  const config = useConfig();
  const queryClient = useQueryClient();
  const source = ccipChain(ref?.sourceChainId);
  const dest = ccipChain(ref?.destChainId);
  const id = ref?.messageId.toLowerCase();
  const [followed, setFollowed] = useState<Followed>({ id, timeline: [] });
  const current: Followed = followed.id === id ? followed : { id, timeline: [] };

  const sent = useQuery({
    queryKey: ["ccip", "sent", id],
    enabled: ref !== undefined && source !== undefined,
    queryFn: async () => (await readSent(config, source!, ref!.messageId)) ?? null,
    // What the source logged does not change once it is there.
    staleTime: (q) => (q.state.data ? Number.POSITIVE_INFINITY : 0),
    refetchInterval: (q) => (q.state.data ? false : 1_000),
  });
  const destination = useQuery({
    queryKey: ["ccip", "destination", id],
    // Chainlink's own routers have no such views: there the stream and the indexer tell.
    enabled: ref !== undefined && dest?.local === true,
    queryFn: () => readDestination(config, dest!, ref!.messageId),
    refetchInterval: (q) =>
      q.state.data?.executionState === ExecutionState.SUCCESS && !q.state.data.storedFailure
        ? false
        : 1_000,
  });

  const delivered =
    destination.data?.executionState === ExecutionState.SUCCESS && !destination.data.storedFailure;
  // The source's head counts the blocks on top of the message, until it no longer matters.
  const sourceHead = useBlockNumber({
    chainId: source?.chainId,
    query: { enabled: source !== undefined && !delivered, refetchInterval: 1_000 },
  });

  useStreamEvents((event) => {
    if (!id) return;
    const report = reportOf(event.data, id);
    if (!report) return;
    setFollowed((state) => {
      const base = state.id === id ? state : { id, timeline: [] };
      return { ...base, reported: newerStatus(base.reported, report) };
    });
    // The chains have news: read them now rather than at the next tick.
    void queryClient.invalidateQueries({ queryKey: ["ccip", "destination", id] });
  }, ccipKinds);

  const derived =
    destination.data || sent.data
      ? deriveStatus(factsOf(sent.data ?? undefined, sourceHead.data, destination.data))
      : undefined;
  const status = derived
    ? newerStatus(current.reported, derived)
    : (current.reported ?? (ref ? { state: "sent" as const } : undefined));

  // Each state once in the timeline, when first seen (after the chains first answered).
  const seen = destination.data !== undefined || current.reported !== undefined;
  const state = status?.state;
  const failure = status?.failure;
  useEffect(() => {
    if (!state || !seen || !id) return;
    setFollowed((prev) => {
      const base = prev.id === id ? prev : { id, timeline: [] };
      const timeline = addToTimeline(
        base.timeline,
        failure ? { state, failure } : { state },
        Date.now(),
      );
      return timeline.length === base.timeline.length ? base : { ...base, timeline };
    });
  }, [state, failure, seen, id]);

  return {
    source,
    dest,
    sent: sent.data ?? undefined,
    destination: destination.data,
    sourceHead: sourceHead.data,
    status,
    timeline: current.timeline,
    error: sent.error ?? destination.error ?? null,
    loading: sent.isPending && destination.isPending,
  };
}

/** The account's transfers, sent or received, on every chain, newest first (the indexer). */
export function useMyMessages(account: Address) {
  const queryClient = useQueryClient();
  const me = account.toLowerCase();
  useStreamEvents(() => {
    void queryClient.invalidateQueries({ queryKey: ["ccip", "messages"] });
    void queryClient.invalidateQueries({ queryKey: ["portfolio"] });
  }, ccipKinds);
  return useQuery({
    queryKey: ["ccip", "messages", me],
    refetchInterval: 3_000,
    queryFn: async () => {
      const { messages } = await ccipMessages(me, { limit: 25 });
      // Synth transfers only (pool liquidity moves are governance's, paid to a Timelock).
      return messages.filter((m) => m.kind === null || m.kind === "transfer");
    },
  });
}
