// Supply chain: items, custody offers and transfers, status changes, signed checkpoints with their
// readings, and out-of-range flags until an inspector clears them.

import { ponder } from "ponder:registry";
import { checkpoint, custodyEvent, item, itemFlag } from "ponder:schema";
import { and, eq } from "ponder";
import type { Address } from "viem";
import { type Db, type EventMeta, eventId, lc, meta } from "./common.ts";
import { dec, feedEvent } from "./feed.ts";

/** ISupplyChainTracker.Status, by enum value. */
export const itemStatuses = [
  "registered",
  "in_transit",
  "stored",
  "delivered",
  "recalled",
] as const;

function statusName(value: number): string {
  return itemStatuses[value] ?? `status${value}`;
}

async function logCustody(
  db: Db,
  m: EventMeta,
  itemId: bigint,
  kind: string,
  fields: { from?: Address; to?: Address; statusFrom?: string; statusTo?: string },
) {
  await db.insert(custodyEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    itemId,
    kind,
    from: fields.from ?? null,
    to: fields.to ?? null,
    statusFrom: fields.statusFrom ?? null,
    statusTo: fields.statusTo ?? null,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
}

ponder.on("SupplyChainTracker:ItemRegistered", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const creator = lc(event.args.creator);
  await context.db.insert(item).values({
    chainId: m.chainId,
    itemId: event.args.itemId,
    creator,
    custodian: creator,
    pendingCustodian: null,
    status: "registered",
    flagged: false,
    metadataHash: event.args.metadataHash,
    uri: event.args.uri,
    ranges: event.args.ranges.map((r) => ({
      sensor: r.sensor,
      min: r.min.toString(),
      max: r.max.toString(),
    })),
    checkpointCount: 0,
    registeredAt: m.timestamp,
    lastCheckpointAt: m.timestamp,
  });
  await logCustody(context.db, m, event.args.itemId, "registered", { to: creator });
});

ponder.on("SupplyChainTracker:CustodyOffered", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const to = lc(event.args.to);
  await context.db
    .update(item, { chainId: m.chainId, itemId: event.args.itemId })
    .set({ pendingCustodian: to });
  await logCustody(context.db, m, event.args.itemId, "offered", {
    from: lc(event.args.custodian),
    to,
  });
});

ponder.on("SupplyChainTracker:CustodyOfferCancelled", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  await context.db
    .update(item, { chainId: m.chainId, itemId: event.args.itemId })
    .set({ pendingCustodian: null });
  await logCustody(context.db, m, event.args.itemId, "offer_cancelled", {
    from: lc(event.args.custodian),
    to: lc(event.args.to),
  });
});

ponder.on("SupplyChainTracker:CustodyTransferred", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const to = lc(event.args.to);
  await context.db
    .update(item, { chainId: m.chainId, itemId: event.args.itemId })
    .set({ custodian: to, pendingCustodian: null });
  await logCustody(context.db, m, event.args.itemId, "transferred", {
    from: lc(event.args.from),
    to,
  });
});

ponder.on("SupplyChainTracker:StatusChanged", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const statusTo = statusName(event.args.to);
  await context.db
    .update(item, { chainId: m.chainId, itemId: event.args.itemId })
    .set({ status: statusTo });
  await logCustody(context.db, m, event.args.itemId, "status", {
    from: lc(event.args.by),
    statusFrom: statusName(event.args.from),
    statusTo,
  });
});

ponder.on("SupplyChainTracker:CheckpointRecorded", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const { itemId, sequence, timestamp, location, readings } = event.args;
  await context.db.insert(checkpoint).values({
    chainId: m.chainId,
    itemId,
    sequence,
    attestor: lc(event.args.attestor),
    observedAt: timestamp,
    location,
    readings: readings.map((r) => ({ sensor: r.sensor, value: r.value.toString() })),
    outOfRange: 0,
    blockNumber: m.blockNumber,
    transactionHash: m.transactionHash,
  });
  await context.db.update(item, { chainId: m.chainId, itemId }).set((row) => ({
    checkpointCount: row.checkpointCount + 1,
    lastCheckpointAt: timestamp,
  }));
});

ponder.on("SupplyChainTracker:ItemFlagged", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const { itemId, sequence, sensor, value, min, max } = event.args;
  await context.db.insert(itemFlag).values({
    id: eventId(m),
    chainId: m.chainId,
    itemId,
    sequence,
    sensor,
    value,
    min,
    max,
    cleared: false,
    clearedBy: null,
    clearReason: null,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
  });
  const flagged = await context.db
    .update(item, { chainId: m.chainId, itemId })
    .set({ flagged: true });
  // For the item's custodian: the account that holds it when the reading is out of range.
  await feedEvent(context.db, m, "chain.supplychain.flagged", flagged.custodian, {
    itemId: dec(itemId),
    sequence: dec(sequence),
    sensor,
    value: dec(value),
    min: dec(min),
    max: dec(max),
  });
  // The tracker logs the checkpoint before its flags.
  await context.db
    .update(checkpoint, { chainId: m.chainId, itemId, sequence })
    .set((row) => ({ outOfRange: row.outOfRange + 1 }));
});

ponder.on("SupplyChainTracker:FlagCleared", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const { itemId, reason } = event.args;
  const inspector = lc(event.args.inspector);
  await context.db.update(item, { chainId: m.chainId, itemId }).set({ flagged: false });
  await context.db.sql
    .update(itemFlag)
    .set({ cleared: true, clearedBy: inspector, clearReason: reason })
    .where(
      and(
        eq(itemFlag.chainId, m.chainId),
        eq(itemFlag.itemId, itemId),
        eq(itemFlag.cleared, false),
      ),
    );
});
