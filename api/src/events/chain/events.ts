// What the chain feed puts on the event log: each indexer feed row as an event of its type, and a
// chain.retracted for an event a reorg took away. Ids are deterministic, so whoever appends them
// (a retry, a second process) logs each once:
//   chain:<chainId>:<block>:<logIndex>:<blockHash>            the event (a re-mined event at the
//                                                             same position is another block hash)
//   chain:<chainId>:<block>:<logIndex>:<blockHash>:<n>        the same event back after its n-th
//                                                             retraction (a reorg that was undone)
//   <event id>:retracted                                      its retraction
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

export const sourceOf = (chainId: number) => `chain:${chainId}`;

export function chainEventId(row: FeedRow, generation: number): string {
  const id = `chain:${row.chainId}:${row.blockNumber}:${row.logIndex}:${row.blockHash}`;
  return generation === 0 ? id : `${id}:${generation}`;
}

/** The row as an event of its type, with where it happened on the chain. */
export function eventOf(row: FeedRow, generation: number): NewEvent {
  return {
    id: chainEventId(row, generation),
    type: row.type,
    source: sourceOf(row.chainId),
    account: row.account,
    payload: {
      ...row.payload,
      ...(row.account === null ? {} : { account: row.account }),
      chainId: row.chainId,
      blockNumber: row.blockNumber.toString(),
      blockHash: row.blockHash,
      logIndex: row.logIndex,
      txHash: row.txHash,
    },
    occurredAt: new Date(Number(row.timestamp) * 1000),
  };
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
