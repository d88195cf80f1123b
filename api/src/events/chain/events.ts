// What the chain feed puts on the event log: each indexer feed row as an event of its type (once per
// account it concerns), and a chain.retracted for an event a reorg took away. Ids are deterministic,
// so whoever appends them (a retry, a second process) logs each once:
//   chain:<chainId>:<block>:<logIndex>:<blockHash>            the event (a re-mined event at the
//                                                             same position is another block hash)
//   chain:<chainId>:<block>:<logIndex>:<blockHash>:<n>        the same event back after its n-th
//                                                             retraction (a reorg that was undone)
//   <either of the above>:<field>                             its copy for the account in the
//                                                             payload's <field> (a CCIP message's
//                                                             recipient, `to`)
//   <event id>:retracted                                      its retraction
import { getAddress, isAddress } from "viem";
import type { NewEvent } from "../log.ts";
import type { FeedRow } from "./indexerSource.ts";

/** Why an event was retracted: a reorg within the compared window, or a chain rewritten further back. */
export type RetractionReason = "reorg" | "rewrite";

/** An event the feed logged, as api.chain_feed remembers it. */
export type LoggedChainEvent = {
  eventId: string;
  chainId: number;
  blockNumber: bigint;
  logIndex: number;
  blockHash: string;
  generation: number;
  type: string;
  account: string | null;
};

/**
 * Types whose rows concern more accounts than the row's own: the payload fields naming them. Each
 * such account that is not the row's gets a copy of the event (a CCIP transfer's recipient sees it
 * on their stream as the sender does on theirs).
 */
const alsoFor: Record<string, readonly string[]> = {
  "chain.ccip.message": ["to"],
};

export const sourceOf = (chainId: number) => `chain:${chainId}`;

export function chainEventId(row: FeedRow, generation: number): string {
  const id = `chain:${row.chainId}:${row.blockNumber}:${row.logIndex}:${row.blockHash}`;
  return generation === 0 ? id : `${id}:${generation}`;
}

/** The row as an event of its type, for `account`, with where it happened on the chain. */
function eventFor(row: FeedRow, id: string, account: string | null): NewEvent {
  return {
    id,
    type: row.type,
    source: sourceOf(row.chainId),
    account,
    payload: {
      ...row.payload,
      ...(account === null ? {} : { account }),
      chainId: row.chainId,
      blockNumber: row.blockNumber.toString(),
      blockHash: row.blockHash,
      logIndex: row.logIndex,
      txHash: row.txHash,
    },
    occurredAt: new Date(Number(row.timestamp) * 1000),
  };
}

/** The row as an event of its type for the row's account (or everyone). */
export function eventOf(row: FeedRow, generation: number): NewEvent {
  return eventFor(row, chainEventId(row, generation), row.account);
}

/**
 * Every event a row becomes: the row's own (`eventOf`), then one copy per other account its type
 * names in the payload (`alsoFor`), checksummed; an account already served gets no second copy, and
 * a row for everyone (no account) none at all.
 */
export function eventsOf(row: FeedRow, generation: number): NewEvent[] {
  const events = [eventOf(row, generation)];
  if (row.account === null) return events;
  const served = new Set([row.account.toLowerCase()]);
  for (const field of alsoFor[row.type] ?? []) {
    const value = row.payload[field];
    if (typeof value !== "string" || !isAddress(value, { strict: false })) continue;
    if (served.has(value.toLowerCase())) continue;
    served.add(value.toLowerCase());
    events.push(eventFor(row, `${chainEventId(row, generation)}:${field}`, getAddress(value)));
  }
  return events;
}

/** The retraction of `event`, for the same audience (its account, or everyone). */
export function retractionOf(
  event: LoggedChainEvent,
  reason: RetractionReason,
  at: Date,
): NewEvent {
  return {
    id: `${event.eventId}:retracted`,
    type: "chain.retracted",
    source: sourceOf(event.chainId),
    account: event.account,
    payload: {
      account: event.account,
      eventId: event.eventId,
      eventType: event.type,
      chainId: event.chainId,
      blockNumber: event.blockNumber.toString(),
      blockHash: event.blockHash,
      logIndex: event.logIndex,
      reason,
    },
    occurredAt: at,
  };
}
