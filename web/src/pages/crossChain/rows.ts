// The account's messages as the list shows them: each indexed message (GET /ccip/messages: bigints as
// decimal strings, what no indexed event showed yet null) as a route, an amount of a synth, the other
// party, and a status; a message the page follows live shows whichever report is further along.
import type { Address } from "viem";
import type { IndexedCcipMessage } from "../../indexer/client.ts";
import { tokenByAddress } from "../../lib/deployment.ts";
import { newerStatus, type Status, statusOfReport } from "./messageState.ts";
import type { MessageRef } from "./queries.ts";

export type MessageRow = {
  ref: MessageRef;
  /** Sent by the account (else received from someone else). */
  outgoing: boolean;
  /** The other party: the recipient of an outgoing message, the sender of an incoming one. */
  counterparty: Address | null;
  symbol: string;
  decimals: number;
  amount: bigint | null;
  status: Status;
  /** The state word as the indexer gave it, when it is not one we know. */
  rawState?: string;
  /** Unix seconds the message was first seen on either chain. */
  at: number;
};

/** A row, or undefined for one whose chains are not known yet (only one side indexed so far). */
export function rowOf(message: IndexedCcipMessage, me: string): MessageRow | undefined {
  const sourceChainId = message.source.chainId;
  const destChainId = message.destination.chainId;
  if (sourceChainId === null || destChainId === null) return undefined;
  const token =
    (message.source.synth && tokenByAddress(sourceChainId, message.source.synth)) ||
    (message.destination.synth && tokenByAddress(destChainId, message.destination.synth)) ||
    undefined;
  const outgoing = message.from?.toLowerCase() === me.toLowerCase();
  const status = statusOfReport(message.state, message.gateway.storedFailed);
  return {
    ref: { messageId: message.messageId, sourceChainId, destChainId },
    outgoing,
    counterparty: ((outgoing ? message.to : message.from) ?? null) as Address | null,
    symbol: token?.symbol ?? message.assetId ?? "synth",
    decimals: token?.decimals ?? 18,
    amount: message.amount === null ? null : BigInt(message.amount),
    status: status ?? { state: "sent" },
    ...(status ? {} : { rawState: message.state }),
    at: Number(message.firstSeenTimestamp),
  };
}

/** The rows, with the live status of a followed message where it is ahead of the indexer's. */
export function rowsOf(
  messages: readonly IndexedCcipMessage[],
  me: string,
  followed?: { messageId: string; status: Status | undefined },
): MessageRow[] {
  return messages
    .map((m) => rowOf(m, me))
    .filter((row): row is MessageRow => row !== undefined)
    .map((row) =>
      followed?.status && row.ref.messageId.toLowerCase() === followed.messageId.toLowerCase()
        ? { ...row, status: newerStatus(row.status, followed.status) }
        : row,
    );
}
