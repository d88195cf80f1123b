// Cross-chain messages (Chainlink CCIP): the local router's send, commit and execution events and
// Fluxion's CrossChainGateway's application events, merged per message into ccip_message (see
// src/lib/ccipMessage.ts for why the merge is order-independent), every execution attempt into
// ccip_execution, lanes and rate limits into ccip_lane / ccip_rate_limit, and each state change onto
// the event bus's feed as chain.ccip.message. A message's account on the feed is only ever read from
// its own chain (the event, or the gateway's stored copy at that block), so feed rows never depend on
// which chain the indexer happened to process first.
import { ponder } from "ponder:registry";
import { ccipExecution, ccipLane, ccipMessage, ccipRateLimit } from "ponder:schema";
import { crossChainGatewayAbi, type DeploymentRecord, fluxionDeployments } from "@fluxion/deploy";
import type { Hex } from "viem";
import { type CcipPatch, type CcipSide, mergeMessage } from "../lib/ccipMessage.ts";
import {
  ccipChainsOf,
  committedPatch,
  executionPatch,
  executionStateName,
  laneFields,
  liquidityReceivedPatch,
  liquiditySentPatch,
  messageSentPatch,
  recoveredPatch,
  retriedPatch,
  storedFailedPatch,
  storedPayload,
  synthReceivedPatch,
  synthSentPatch,
} from "../lib/ccipPatches.ts";
import { assetIdText } from "../lib/ccipPayload.ts";
import { type Db, type EventMeta, eventId, lc, meta } from "./common.ts";
import { checksum, dec, type FeedValue, feedEvent } from "./feed.ts";

const chains = ccipChainsOf(Object.values(fluxionDeployments) as DeploymentRecord[]);

/** Merges one event's patch into the message's row (created on first sight). */
async function applyPatch(db: Db, messageId: Hex, patch: CcipPatch): Promise<void> {
  const existing = await db.find(ccipMessage, { messageId });
  const row = mergeMessage(existing ?? undefined, messageId, patch);
  if (existing) {
    const { messageId: _key, ...changes } = row;
    await db.update(ccipMessage, { messageId }).set(changes);
  } else {
    await db.insert(ccipMessage).values(row);
  }
}

type FeedKind =
  | "sent"
  | "committed"
  | "executed"
  | "failed"
  | "received"
  | "stored_failed"
  | "retried"
  | "recovered";

/** The bus's chain.ccip.message for one event of message `messageId`. */
async function feedMessage(
  db: Db,
  m: EventMeta,
  kind: FeedKind,
  messageId: Hex,
  side: CcipSide,
  remoteSelector: bigint | null,
  account: string | null,
  fields: Record<string, FeedValue>,
): Promise<void> {
  const ids = laneFields(chains, m, side, remoteSelector);
  await feedEvent(db, m, "chain.ccip.message", account, {
    kind,
    messageId,
    sourceChainId: ids.sourceChainId ?? undefined,
    sourceChainSelector: dec(ids.sourceChainSelector ?? undefined),
    destChainId: ids.destChainId ?? undefined,
    destChainSelector: dec(ids.destChainSelector ?? undefined),
    ...fields,
  });
}

// ---------------------------------------------------------------- the source chain

ponder.on("CCIPRouter:CCIPMessageSent", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const { message } = event.args;
  await applyPatch(context.db, message.messageId, messageSentPatch(chains, m, message));
});

ponder.on("CrossChainGateway:SynthSent", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  await applyPatch(context.db, a.messageId, synthSentPatch(chains, m, event.log.address, a));
  await feedMessage(context.db, m, "sent", a.messageId, "source", a.destChainSelector, a.from, {
    messageKind: "transfer",
    from: checksum(a.from),
    to: checksum(a.to),
    synth: checksum(a.synth),
    assetId: assetIdText(a.assetId),
    amount: dec(a.amount),
    feeToken: checksum(a.feeToken),
    fee: dec(a.fee),
  });
});

ponder.on("CrossChainGateway:LiquiditySent", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  await applyPatch(context.db, a.messageId, liquiditySentPatch(chains, m, event.log.address, a));
  await feedMessage(context.db, m, "sent", a.messageId, "source", a.destChainSelector, null, {
    messageKind: "liquidity",
    sourcePoolId: a.sourcePoolId,
    destPoolId: a.destPoolId,
    lpAmount: dec(a.lpAmount),
  });
});

// ---------------------------------------------------------------- the destination chain

ponder.on("CCIPRouter:MessageCommitted", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  await applyPatch(context.db, a.messageId, committedPatch(chains, m, a));
  await feedMessage(
    context.db,
    m,
    "committed",
    a.messageId,
    "destination",
    a.sourceChainSelector,
    null,
    { committer: checksum(a.committer) },
  );
});

ponder.on("CCIPRouter:ExecutionStateChanged", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  const state = executionStateName(a.state);
  await applyPatch(context.db, a.messageId, executionPatch(chains, m, a));
  await context.db.insert(ccipExecution).values({
    id: eventId(m),
    chainId: m.chainId,
    messageId: a.messageId,
    sourceChainSelector: a.sourceChainSelector,
    sequenceNumber: a.sequenceNumber,
    state,
    returnData: a.returnData,
    manual: a.manual,
    executor: lc(a.executor),
    gasLimit: a.gasLimit,
    gasUsed: a.gasUsed,
    blockNumber: m.blockNumber,
    logIndex: m.logIndex,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  await feedMessage(
    context.db,
    m,
    state === "success" ? "executed" : "failed",
    a.messageId,
    "destination",
    a.sourceChainSelector,
    null,
    {
      state,
      sequenceNumber: dec(a.sequenceNumber),
      manual: a.manual,
      executor: checksum(a.executor),
      gasLimit: dec(a.gasLimit),
      gasUsed: dec(a.gasUsed),
      returnData: a.returnData,
    },
  );
});

ponder.on("CrossChainGateway:SynthReceived", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  await applyPatch(context.db, a.messageId, synthReceivedPatch(chains, m, event.log.address, a));
  await feedMessage(
    context.db,
    m,
    "received",
    a.messageId,
    "destination",
    a.sourceChainSelector,
    a.to,
    {
      messageKind: "transfer",
      from: checksum(a.from),
      to: checksum(a.to),
      synth: checksum(a.synth),
      assetId: assetIdText(a.assetId),
      amount: dec(a.amount),
    },
  );
});

ponder.on("CrossChainGateway:LiquidityReceived", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  await applyPatch(
    context.db,
    a.messageId,
    liquidityReceivedPatch(chains, m, event.log.address, a),
  );
  await feedMessage(
    context.db,
    m,
    "received",
    a.messageId,
    "destination",
    a.sourceChainSelector,
    null,
    {
      messageKind: "liquidity",
      destPoolId: a.poolId,
      recipient: checksum(a.recipient),
      lpMinted: dec(a.lpMinted),
    },
  );
});

ponder.on("CrossChainGateway:MessageFailed", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  // The event names only the message; the gateway's stored copy (read at this block) has the rest.
  const copy = await context.client.readContract({
    address: event.log.address,
    abi: crossChainGatewayAbi,
    functionName: "getFailedMessage",
    args: [a.messageId],
  });
  const stored = copy.messageId === a.messageId ? copy : undefined;
  await applyPatch(
    context.db,
    a.messageId,
    storedFailedPatch(chains, m, event.log.address, a, stored),
  );
  const { payload } = storedPayload(chains, stored);
  const transfer = payload?.kind === "transfer" ? payload : undefined;
  await feedMessage(
    context.db,
    m,
    "stored_failed",
    a.messageId,
    "destination",
    a.sourceChainSelector,
    transfer?.to ?? null,
    {
      reason: a.reason,
      messageKind: payload?.kind,
      from: transfer ? checksum(transfer.from) : undefined,
      to: transfer ? checksum(transfer.to) : undefined,
      assetId: transfer?.assetId,
      amount: dec(transfer?.amount),
    },
  );
});

/** The source selector of a message the gateway on this chain handles, from its row (or unknown). */
async function sourceSelectorOf(db: Db, messageId: Hex): Promise<bigint | null> {
  // Only for the feed's ids: a retry or recovery follows the MessageFailed on this same chain, which
  // already put the source selector in the row, so this never depends on the other chain.
  return (await db.find(ccipMessage, { messageId }))?.sourceChainSelector ?? null;
}

ponder.on("CrossChainGateway:MessageRetried", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  const sourceSelector = await sourceSelectorOf(context.db, a.messageId);
  await applyPatch(context.db, a.messageId, retriedPatch(m, a));
  await feedMessage(context.db, m, "retried", a.messageId, "destination", sourceSelector, null, {
    by: checksum(a.by),
  });
});

ponder.on("CrossChainGateway:MessageRecovered", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  const sourceSelector = await sourceSelectorOf(context.db, a.messageId);
  await applyPatch(context.db, a.messageId, recoveredPatch(m, a));
  await feedMessage(context.db, m, "recovered", a.messageId, "destination", sourceSelector, a.to, {
    to: checksum(a.to),
  });
});

// ---------------------------------------------------------------- lanes and rate limits

type LaneColumns = Partial<Omit<typeof ccipLane.$inferInsert, "chainId" | "remoteChainSelector">>;

async function upsertLane(
  db: Db,
  chainId: number,
  remoteChainSelector: bigint,
  blockNumber: bigint,
  columns: LaneColumns,
): Promise<void> {
  const changes = {
    ...columns,
    remoteChainId: chains.chainIdOf(remoteChainSelector),
    updatedBlock: blockNumber,
  };
  await db
    .insert(ccipLane)
    .values({ chainId, remoteChainSelector, ...changes })
    .onConflictDoUpdate(changes);
}

ponder.on("CCIPRouter:LaneSet", async ({ event, context }) => {
  const { lane: l } = event.args;
  await upsertLane(context.db, context.chain.id, event.args.destChainSelector, event.block.number, {
    routerEnabled: l.enabled,
    baseFee: l.baseFee,
    gasPrice: l.gasPrice,
    feePerByte: BigInt(l.feePerByte),
    maxGasLimit: BigInt(l.maxGasLimit),
    maxDataBytes: BigInt(l.maxDataBytes),
  });
});

ponder.on("CCIPRouter:SourceChainSet", async ({ event, context }) => {
  await upsertLane(
    context.db,
    context.chain.id,
    event.args.sourceChainSelector,
    event.block.number,
    { sourceEnabled: event.args.enabled },
  );
});

ponder.on("CrossChainGateway:LaneSet", async ({ event, context }) => {
  const { lane: l } = event.args;
  await upsertLane(context.db, context.chain.id, event.args.chainSelector, event.block.number, {
    enabled: l.enabled,
    peer: lc(l.peer),
    transferGasLimit: BigInt(l.transferGasLimit),
    liquidityGasLimit: BigInt(l.liquidityGasLimit),
    liquidityAllowed: l.liquidityAllowed,
  });
});

ponder.on("CrossChainGateway:RateLimitsSet", async ({ event, context }) => {
  const { chainSelector, synth, outbound, inbound } = event.args;
  const limits = {
    remoteChainId: chains.chainIdOf(chainSelector),
    outboundEnabled: outbound.isEnabled,
    outboundCapacity: outbound.capacity,
    outboundRate: outbound.rate,
    inboundEnabled: inbound.isEnabled,
    inboundCapacity: inbound.capacity,
    inboundRate: inbound.rate,
    updatedBlock: event.block.number,
  };
  await context.db
    .insert(ccipRateLimit)
    .values({
      chainId: context.chain.id,
      remoteChainSelector: chainSelector,
      synth: lc(synth),
      ...limits,
    })
    .onConflictDoUpdate(limits);
});
