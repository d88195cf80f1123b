// The indexer's chain.ccip.message feed rows (indexer/src/handlers/ccip.ts) as the catalogue's
// chain.ccip.message: one event per step of a cross-chain message on either of its chains, saying
// where the message stands after it. A row carries what its own event shows (`kind`: sent,
// committed, executed, failed, received, stored_failed, retried, recovered, and that event's
// fields); what it does not show (a commit or a router execution names no parties) is filled from
// the indexer's merged message (ccip_message), read when the row is logged. Its account is the
// sender; its recipient gets a copy (events.ts). A message whose parties are unknown (a governance
// liquidity move, or a send this indexer never saw) is everyone's, as other protocol-wide facts.
import { getAddress, isAddress } from "viem";
import type { FeedRow } from "./indexerSource.ts";

export const ccipType = "chain.ccip.message";

/** What the chain feed reads of the indexer's merged message (ccip_message) to fill a row in. */
export type CcipFeedMessage = {
  messageId: string;
  kind: string | null;
  sourceChainId: number | null;
  destChainId: number | null;
  userFrom: string | null;
  userTo: string | null;
  assetId: string | null;
  amount: string | null;
  storedFailedTxHash: string | null;
  manualTxHash: string | null;
};

type State = "sent" | "committed" | "executed" | "failed";

/** The message's state after each step the indexer feeds. */
const stateAfter: Record<string, State> = {
  sent: "sent",
  committed: "committed",
  executed: "executed",
  failed: "failed",
  received: "executed",
  stored_failed: "failed",
  retried: "executed",
  recovered: "executed",
};

const text = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;

const address = (value: unknown): string | null => {
  const raw = text(value);
  return raw !== null && isAddress(raw, { strict: false }) ? getAddress(raw) : null;
};

const chainId = (value: unknown): number | null =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null;

/** The message ids of the CCIP rows among `rows` (to read their merged messages in one go). */
export function ccipMessageIds(rows: readonly FeedRow[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    const id = row.type === ccipType ? text(row.payload.messageId) : null;
    if (id !== null) ids.add(id.toLowerCase());
  }
  return [...ids];
}

/**
 * The row with the catalogue's payload and audience. `message` is the indexer's merged message
 * (undefined when it has none).
 */
export function ccipFeedRow(row: FeedRow, message: CcipFeedMessage | undefined): FeedRow {
  const p = row.payload;
  const kind = text(p.kind);
  const sameTx = (hash: string | null | undefined) =>
    hash !== null && hash !== undefined && hash.toLowerCase() === row.txHash.toLowerCase();
  const messageKind = text(p.messageKind) ?? message?.kind ?? null;
  const transfer = messageKind === "transfer";
  // A router execution that succeeded while the gateway stored the payload's failure (the same
  // transaction logged MessageFailed first): the message is failed, stored for a retry.
  const storedHere =
    kind === "stored_failed" || (kind === "executed" && sameTx(message?.storedFailedTxHash));
  const state: State = storedHere
    ? "failed"
    : ((kind === null ? undefined : stateAfter[kind]) ?? "sent");
  const manual =
    p.manual === true ||
    ((kind === "executed" || kind === "failed" || kind === "received" || storedHere) &&
      sameTx(message?.manualTxHash));
  const from = transfer ? (address(p.from) ?? address(message?.userFrom)) : null;
  const to = transfer
    ? (address(p.to) ?? address(message?.userTo))
    : (address(p.recipient) ?? address(message?.userTo));
  const amount = text(p.amount) ?? message?.amount ?? null;
  return {
    ...row,
    // The sender's event (the recipient's copy: events.ts); a liquidity move is everyone's.
    account: transfer ? (from ?? to) : null,
    payload: {
      messageId: (text(p.messageId) ?? "").toLowerCase(),
      kind: kind ?? "unknown",
      messageKind,
      sourceChainId: chainId(p.sourceChainId) ?? message?.sourceChainId ?? null,
      destChainId: chainId(p.destChainId) ?? message?.destChainId ?? null,
      state,
      from,
      to,
      assetId: text(p.assetId) ?? message?.assetId ?? null,
      amount: amount !== null && /^\d+$/.test(amount) ? amount : null,
      manual,
      storedFailure: storedHere,
    },
  };
}
