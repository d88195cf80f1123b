// The scheduled keepers' protocol events as the API streams them (`protocol.<type>`, see
// api/src/events/catalogue.ts), apart from React: which notices they raise (a circuit
// breaker tripped until it is re-armed, the signed-in account's liquidations) and which views they
// make stale. Broadcasts (account null) reach every signed-in stream; an account's events only it.
import { tokenByAddress } from "../lib/deployment.ts";
import { formatAmount, shortAddress } from "../ui/format.ts";
import type { StreamEvent } from "./stream.ts";

export const protocolKinds = [
  "protocol.liquidation",
  "protocol.oracle.breaker_tripped",
  "protocol.oracle.breaker_rearmed",
  "protocol.oracle.stale",
  "protocol.fees.distributed",
  "protocol.lightning.lock_refunded",
];

/** A tripped breaker: minting and swaps of the asset are paused until it is re-armed. */
export type BreakerNotice = { asset: string; symbol: string };
export type LiquidationNotice = { eventId: string; owner: string; kind: string; text: string };
export type ProtocolNotices = { breakers: BreakerNotice[]; liquidations: LiquidationNotice[] };

export const noNotices: ProtocolNotices = { breakers: [], liquidations: [] };

/** Liquidation notices kept at most (the newest). */
const maxLiquidations = 3;

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

const sameAddress = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** Whether `event` is about the signed-in account (`me`), or about everyone (a broadcast). */
function mine(event: StreamEvent, me: string | undefined): boolean {
  return event.account === null || sameAddress(event.account, me);
}

/** The notices after `event` (the same object when it changes nothing). */
export function noticesAfter(
  notices: ProtocolNotices,
  event: StreamEvent,
  options: { me: string | undefined; chainId: number },
): ProtocolNotices {
  const data = event.data;
  if (event.kind === "protocol.oracle.breaker_tripped") {
    const asset = text(data.asset)?.toLowerCase();
    if (!asset || notices.breakers.some((b) => b.asset === asset)) return notices;
    const symbol = text(data.symbol) ?? shortAddress(asset);
    return { ...notices, breakers: [...notices.breakers, { asset, symbol }] };
  }
  if (event.kind === "protocol.oracle.breaker_rearmed") {
    const asset = text(data.asset)?.toLowerCase();
    if (!asset || !notices.breakers.some((b) => b.asset === asset)) return notices;
    return { ...notices, breakers: notices.breakers.filter((b) => b.asset !== asset) };
  }
  if (event.kind === "protocol.liquidation") {
    // Only the signed-in account's own positions (the API sends no one else's; a switch of
    // account while the stream reconnects must not show the previous account's).
    if (event.account === null || !mine(event, options.me)) return notices;
    const eventId = text(data.eventId) ?? `${event.at}`;
    if (notices.liquidations.some((l) => l.eventId === eventId)) return notices;
    const notice = {
      eventId,
      owner: event.account.toLowerCase(),
      kind: text(data.kind) ?? "partial",
      text: liquidationText(data, options.chainId),
    };
    return {
      ...notices,
      liquidations: [notice, ...notices.liquidations].slice(0, maxLiquidations),
    };
  }
  return notices;
}

/** The liquidation notices of `me` (none after a switch to another account). */
export function liquidationsOf(notices: ProtocolNotices, me: string | undefined) {
  return notices.liquidations.filter((l) => sameAddress(l.owner, me));
}

export function dismissBreaker(notices: ProtocolNotices, asset: string): ProtocolNotices {
  return { ...notices, breakers: notices.breakers.filter((b) => b.asset !== asset) };
}

export function dismissLiquidation(notices: ProtocolNotices, eventId: string): ProtocolNotices {
  return { ...notices, liquidations: notices.liquidations.filter((l) => l.eventId !== eventId) };
}

/** "2.5 sUSD" for a base-unit amount of a known token, else undefined. */
function amountOf(value: unknown, token: unknown, symbol: string, chainId: number) {
  const amount = text(value);
  const address = text(token);
  if (!amount || !/^\d+$/.test(amount) || !address) return undefined;
  const info = tokenByAddress(chainId, address);
  return info ? `${formatAmount(amount, info.decimals)} ${symbol}` : undefined;
}

/** The liquidation in words: which position, how much debt repaid with how much collateral. */
export function liquidationText(data: Record<string, unknown>, chainId: number): string {
  const synth = text(data.synthSymbol) ?? shortAddress(text(data.synth));
  const collateral = text(data.collateralSymbol) ?? shortAddress(text(data.collateral));
  const how =
    data.kind === "full"
      ? "was liquidated"
      : data.kind === "bad_debt"
        ? "was liquidated and its remaining debt written off"
        : "was partly liquidated";
  const repaid = amountOf(data.repaid, data.synth, synth, chainId);
  const seized = amountOf(data.collateralSeized, data.collateral, collateral, chainId);
  const detail =
    repaid && seized ? `: ${repaid} of debt repaid with ${seized} of your collateral` : "";
  return `Your ${synth} position backed by ${collateral} ${how}${detail}.`;
}

/** A query the app refreshes; wagmi's contract reads are matched by function name. */
export type Refresh =
  | { queryKey: readonly unknown[] }
  | { predicate: (query: { queryKey: readonly unknown[] }) => boolean };

type ReadKey = { functionName?: unknown; contracts?: { functionName?: unknown }[] };

/** wagmi's useReadContract(s) queries that call `functionName`. */
export function readsOf(functionName: string): Refresh {
  return {
    predicate: ({ queryKey }) => {
      const [name, options] = queryKey as [unknown, ReadKey | undefined];
      if (name === "readContract") return options?.functionName === functionName;
      if (name === "readContracts") {
        return options?.contracts?.some((c) => c.functionName === functionName) ?? false;
      }
      return false;
    },
  };
}

/** What `event` makes stale. */
export function refreshesFor(event: StreamEvent, me: string | undefined): Refresh[] {
  if (!mine(event, me)) return [];
  switch (event.kind) {
    case "protocol.liquidation":
      return [
        { queryKey: ["portfolio"] },
        { queryKey: ["activity"] },
        { queryKey: ["synths", "account"] },
        { queryKey: ["synths", "positions"] },
      ];
    case "protocol.fees.distributed":
      // Stakers' rewards grew: the governance page's rewards and the portfolio's stake.
      return [readsOf("earned"), { queryKey: ["portfolio"] }];
    case "protocol.oracle.breaker_tripped":
    case "protocol.oracle.breaker_rearmed":
    case "protocol.oracle.stale":
      return [{ queryKey: ["synths", "market"] }];
    case "protocol.lightning.lock_refunded":
      return [{ queryKey: ["lightning"] }, { queryKey: ["lightning-swaps"] }];
    default:
      return [];
  }
}
