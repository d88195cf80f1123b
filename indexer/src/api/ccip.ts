// GET /ccip/messages?account=&state=&limit= and GET /ccip/messages/:id: cross-chain messages as one
// stable JSON shape (bigints as decimal strings, addresses and hex lowercase, null for what no indexed
// event has shown). `message` is the exact ILocalCCIPRouter.LocalMessage to pass to the destination
// router's `manuallyExecute(message, gasLimitOverride)`, once the source's send is indexed.
import { db } from "ponder:api";
import { ccipExecution, ccipMessage, synth } from "ponder:schema";
import { and, asc, desc, eq, or } from "ponder";
import type { Hex } from "viem";
import { ApiError } from "../lib/apiError.ts";
import type { CcipMessagesQuery } from "../lib/routeParams.ts";

type MessageRow = typeof ccipMessage.$inferSelect;
type ExecutionRow = typeof ccipExecution.$inferSelect;

const str = (v: bigint | number | null | undefined) =>
  v === null || v === undefined ? null : v.toString();

function stage(block: bigint | null, timestamp: bigint | null, txHash: string | null) {
  if (block === null || timestamp === null || txHash === null) return null;
  return { blockNumber: block.toString(), timestamp: timestamp.toString(), txHash };
}

/** The LocalMessage, when every field of it is known (the local router's send was indexed). */
function localMessage(r: MessageRow) {
  if (
    r.sourceChainSelector === null ||
    r.destChainSelector === null ||
    r.sequenceNumber === null ||
    r.sender === null ||
    r.receiver === null ||
    r.data === null ||
    r.gasLimit === null ||
    r.feeToken === null ||
    r.fee === null
  ) {
    return null;
  }
  return {
    messageId: r.messageId,
    sourceChainSelector: r.sourceChainSelector.toString(),
    destChainSelector: r.destChainSelector.toString(),
    sequenceNumber: r.sequenceNumber.toString(),
    sender: r.sender,
    receiver: r.receiver,
    data: r.data,
    gasLimit: r.gasLimit.toString(),
    feeToken: r.feeToken,
    feeTokenAmount: r.fee.toString(),
  };
}

/** A synth's address on a chain by asset id, for a side that has not shown it (not yet delivered). */
type SynthLookup = (chainId: number | null, assetId: string | null) => string | null;

async function synthLookup(rows: MessageRow[]): Promise<SynthLookup> {
  const wanted = rows.some(
    (r) => r.assetId !== null && (r.sourceSynth === null || r.destSynth === null),
  );
  if (!wanted) return () => null;
  const synths = await db
    .select({ chainId: synth.chainId, address: synth.address, assetId: synth.assetId })
    .from(synth);
  const byKey = new Map(synths.map((s) => [`${s.chainId}:${s.assetId}`, s.address as string]));
  return (chainId, assetId) =>
    chainId === null || assetId === null ? null : (byKey.get(`${chainId}:${assetId}`) ?? null);
}

export function messageJson(r: MessageRow, synthOf: SynthLookup) {
  return {
    messageId: r.messageId,
    state: r.state,
    kind: r.kind,
    sequenceNumber: str(r.sequenceNumber),
    source: {
      chainId: r.sourceChainId,
      chainSelector: str(r.sourceChainSelector),
      sender: r.sender,
      synth: r.sourceSynth ?? synthOf(r.sourceChainId, r.assetId),
      poolId: r.sourcePoolId,
    },
    destination: {
      chainId: r.destChainId,
      chainSelector: str(r.destChainSelector),
      receiver: r.receiver,
      synth: r.destSynth ?? synthOf(r.destChainId, r.assetId),
      poolId: r.destPoolId,
    },
    from: r.userFrom,
    to: r.userTo,
    assetId: r.assetId,
    amount: str(r.amount),
    liquidity:
      r.kind === "liquidity"
        ? {
            assetIds: r.liquidityAssetIds,
            amounts: r.liquidityAmounts?.map((a) => a.toString()) ?? null,
            lpAmount: str(r.lpAmount),
            lpMinted: str(r.lpMinted),
          }
        : null,
    fee: r.fee === null ? null : { token: r.feeToken, amount: r.fee.toString() },
    gasLimit: str(r.gasLimit),
    data: r.data,
    message: localMessage(r),
    execution: {
      state: r.executionState,
      attempts: r.attempts,
      manual: r.manuallyExecuted,
      lastReturnData: r.lastReturnData,
      lastGasUsed: str(r.lastGasUsed),
      lastExecutor: r.lastExecutor,
    },
    gateway: {
      received: r.received,
      storedFailed: r.storedFailed,
      failureReason: r.failureReason,
      retried: r.retried,
      retriedBy: r.retriedBy,
      recovered: r.recovered,
      recoveredTo: r.recoveredTo,
    },
    events: {
      sent: stage(r.sentBlock, r.sentTimestamp, r.sentTxHash),
      committed: r.committed
        ? {
            ...stage(r.committedBlock, r.committedTimestamp, r.committedTxHash),
            committer: r.committer,
          }
        : null,
      executed: stage(r.executedBlock, r.executedTimestamp, r.executedTxHash),
      failed: stage(r.failedBlock, r.failedTimestamp, r.failedTxHash),
      manuallyExecuted: stage(r.manualBlock, r.manualTimestamp, r.manualTxHash),
      storedFailed: stage(r.storedFailedBlock, r.storedFailedTimestamp, r.storedFailedTxHash),
      retried: stage(r.retriedBlock, r.retriedTimestamp, r.retriedTxHash),
      recovered: stage(r.recoveredBlock, r.recoveredTimestamp, r.recoveredTxHash),
      received: stage(r.receivedBlock, r.receivedTimestamp, r.receivedTxHash),
    },
    firstSeenTimestamp: r.firstSeenTimestamp.toString(),
  };
}

function executionJson(e: ExecutionRow) {
  return {
    chainId: e.chainId,
    state: e.state,
    manual: e.manual,
    executor: e.executor,
    gasLimit: e.gasLimit.toString(),
    gasUsed: e.gasUsed.toString(),
    returnData: e.returnData,
    blockNumber: e.blockNumber.toString(),
    logIndex: e.logIndex,
    timestamp: e.timestamp.toString(),
    txHash: e.transactionHash,
  };
}

/** Newest first (by the first block time either chain showed), optionally one account's. */
export async function ccipMessages(q: CcipMessagesQuery) {
  const rows = await db
    .select()
    .from(ccipMessage)
    .where(
      and(
        q.account === undefined
          ? undefined
          : or(eq(ccipMessage.userFrom, q.account), eq(ccipMessage.userTo, q.account)),
        q.state === undefined ? undefined : eq(ccipMessage.state, q.state),
      ),
    )
    .orderBy(desc(ccipMessage.firstSeenTimestamp), desc(ccipMessage.messageId))
    .limit(q.limit);
  const synthOf = await synthLookup(rows);
  return {
    account: q.account ?? null,
    state: q.state ?? null,
    limit: q.limit,
    messages: rows.map((r) => messageJson(r, synthOf)),
  };
}

/** One message with every execution attempt, oldest first. */
export async function ccipMessageById(messageId: Hex) {
  const [row] = await db
    .select()
    .from(ccipMessage)
    .where(eq(ccipMessage.messageId, messageId))
    .limit(1);
  if (!row) {
    throw new ApiError("ccip.unknown_message", `no CCIP message ${messageId} is indexed`, 404);
  }
  const executions = await db
    .select()
    .from(ccipExecution)
    .where(eq(ccipExecution.messageId, messageId))
    .orderBy(asc(ccipExecution.blockNumber), asc(ccipExecution.logIndex));
  return {
    ...messageJson(row, await synthLookup([row])),
    executions: executions.map(executionJson),
  };
}
