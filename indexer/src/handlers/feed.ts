// The event bus's feed (the chain_event table): one row per contract event the API carries onto its
// event log, written by the handler that already handles the event, in one insert. The API pages
// through it in (blockNumber, logIndex) order and notices a reorg by a row that is gone.
import { chainEvent } from "ponder:schema";
import { type Address, getAddress } from "viem";
import type { Db, EventMeta } from "./common.ts";

/** The bus's event types (api/src/events/catalogue.ts) that come from the chain. */
export type ChainEventType =
  | "chain.position"
  | "chain.liquidation"
  | "chain.oracle.breaker"
  | "chain.supplychain.flagged"
  | "chain.proposal"
  | "chain.lightning.swap"
  | "chain.ccip.message";

/** A payload field: bigints go as decimal strings, addresses checksummed; undefined is left out. */
export type FeedValue = string | number | boolean | null | undefined;

/** Checksummed, as the bus carries addresses. */
export function checksum(address: string): Address {
  return getAddress(address);
}

/** Decimal string of an integer (amounts, ids, timestamps) or undefined. */
export function dec(value: bigint | number | undefined): string | undefined {
  return value === undefined ? undefined : value.toString();
}

/** Records the event `m` as a row of the feed, for `account` (null: a protocol-wide fact). */
export async function feedEvent(
  db: Db,
  m: EventMeta,
  type: ChainEventType,
  account: string | null,
  payload: Record<string, FeedValue>,
): Promise<void> {
  const fields: Record<string, Exclude<FeedValue, undefined>> = {};
  for (const [key, value] of Object.entries(payload)) if (value !== undefined) fields[key] = value;
  await db.insert(chainEvent).values({
    id: `${m.chainId}:${m.blockNumber}:${m.logIndex}`,
    chainId: m.chainId,
    blockNumber: m.blockNumber,
    blockHash: m.blockHash,
    logIndex: m.logIndex,
    txHash: m.transactionHash,
    timestamp: m.timestamp,
    type,
    account: account === null ? null : checksum(account),
    payload: fields,
  });
}
