// A CCIP message's row (ccip_message) built from what each of its two chains shows, in whatever order
// the indexer sees them. Ponder's multichain ordering keeps each chain's events in order but not the
// two chains against each other, so a destination's commit or execution can be indexed before the
// source's send. Every event becomes a patch, and merging patches is order-independent across the two
// sides: a field only one side shows is that side's (written in its chain's order); a field both sides
// show (ids, parties, amount, payload) is the source's when the source showed it, else the first value
// the destination showed; nulls never erase; attempts add up; the first-seen time is the minimum.
// `state` is derived from the merged flags, never stored from an event.
import type { ccipMessage } from "../../ponder.schema.ts";

export type CcipMessageRow = typeof ccipMessage.$inferSelect;

/** What an event can say about a message (everything but the key and the derived columns). */
export type CcipMessageFields = Omit<
  CcipMessageRow,
  "messageId" | "state" | "firstSeenTimestamp" | "attempts"
>;

export type CcipSide = "source" | "destination";

export type CcipPatch = {
  /** Which of the message's chains the event is on. */
  side: CcipSide;
  /** The event's block time. */
  timestamp: bigint;
  fields: Partial<CcipMessageFields>;
  /** Fields this event shows only where nothing else did (a second opinion on its own side). */
  fillOnly?: readonly (keyof CcipMessageFields)[];
  /** Completed execution attempts this event adds. */
  attempts?: number;
};

export type CcipMessageState = "sent" | "committed" | "executed" | "failed";

/** Fields either side can show: the source's value wins, the destination only fills what is empty. */
export const SHARED_FIELDS: ReadonlySet<keyof CcipMessageFields> = new Set([
  "sourceChainId",
  "sourceChainSelector",
  "destChainId",
  "destChainSelector",
  "sequenceNumber",
  "sender",
  "receiver",
  "kind",
  "userFrom",
  "userTo",
  "assetId",
  "amount",
  "sourcePoolId",
  "destPoolId",
  "liquidityAssetIds",
  "liquidityAmounts",
  "gasLimit",
  "data",
]);

/** A message no event has shown anything of yet. */
export function emptyMessage(messageId: CcipMessageRow["messageId"], timestamp: bigint) {
  const row: CcipMessageRow = {
    messageId,
    sourceChainId: null,
    sourceChainSelector: null,
    destChainId: null,
    destChainSelector: null,
    sequenceNumber: null,
    sender: null,
    receiver: null,
    kind: null,
    userFrom: null,
    userTo: null,
    assetId: null,
    sourceSynth: null,
    destSynth: null,
    amount: null,
    sourcePoolId: null,
    destPoolId: null,
    lpAmount: null,
    lpMinted: null,
    liquidityAssetIds: null,
    liquidityAmounts: null,
    feeToken: null,
    fee: null,
    gasLimit: null,
    data: null,
    state: "sent",
    firstSeenTimestamp: timestamp,
    sent: false,
    sentBlock: null,
    sentTimestamp: null,
    sentTxHash: null,
    committed: false,
    committedBlock: null,
    committedTimestamp: null,
    committedTxHash: null,
    committer: null,
    executed: false,
    executedBlock: null,
    executedTimestamp: null,
    executedTxHash: null,
    failed: false,
    failedBlock: null,
    failedTimestamp: null,
    failedTxHash: null,
    manuallyExecuted: false,
    manualBlock: null,
    manualTimestamp: null,
    manualTxHash: null,
    executionState: null,
    attempts: 0,
    lastReturnData: null,
    lastGasUsed: null,
    lastExecutor: null,
    storedFailed: false,
    storedFailedBlock: null,
    storedFailedTimestamp: null,
    storedFailedTxHash: null,
    failureReason: null,
    retried: false,
    retriedBlock: null,
    retriedTimestamp: null,
    retriedTxHash: null,
    retriedBy: null,
    recovered: false,
    recoveredBlock: null,
    recoveredTimestamp: null,
    recoveredTxHash: null,
    recoveredTo: null,
    received: false,
    receivedBlock: null,
    receivedTimestamp: null,
    receivedTxHash: null,
  };
  return row;
}

/**
 * Where the message stands, from what both chains showed: delivered by the gateway (or paid out by
 * governance's recovery) is executed; stored as failed by the gateway and not resolved is failed; else
 * the router's latest execution decides; else committed or just sent.
 */
export function deriveState(row: CcipMessageRow): CcipMessageState {
  if (row.received || row.recovered) return "executed";
  if (row.storedFailed) return "failed";
  if (row.executionState === "success") return "executed";
  if (row.executionState === "failure") return "failed";
  if (row.committed) return "committed";
  return "sent";
}

/** The row after `patch` (a new row when `existing` is undefined). Pure: `existing` is not changed. */
export function mergeMessage(
  existing: CcipMessageRow | undefined,
  messageId: CcipMessageRow["messageId"],
  patch: CcipPatch,
): CcipMessageRow {
  const row: CcipMessageRow = existing ? { ...existing } : emptyMessage(messageId, patch.timestamp);
  const target = row as Record<keyof CcipMessageFields, unknown>;
  for (const [name, value] of Object.entries(patch.fields)) {
    const key = name as keyof CcipMessageFields;
    if (value === undefined || value === null) continue;
    const fillOnly =
      patch.fillOnly?.includes(key) || (patch.side === "destination" && SHARED_FIELDS.has(key));
    if (fillOnly && target[key] !== null) continue;
    target[key] = value;
  }
  row.attempts += patch.attempts ?? 0;
  if (patch.timestamp < row.firstSeenTimestamp) row.firstSeenTimestamp = patch.timestamp;
  row.state = deriveState(row);
  return row;
}
