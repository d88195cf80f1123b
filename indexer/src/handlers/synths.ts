// Synths and the vault: synth registry and parameters, supply, positions (amounts from the events'
// "after" values; their valuation is computed when read, by the `position_value` view), mint/burn
// history, liquidations and bad debt, and the mint/burn fees paid to the treasury.
import { ponder } from "ponder:registry";
import {
  collateralType,
  liquidation,
  position,
  positionEvent,
  synth,
  synthMintBurn,
} from "ponder:schema";
import type { Address } from "viem";
import { assetIdText } from "../lib/ccipPayload.ts";
import { applyTransfer, type EventMeta, ensureToken, eventId, lc, meta } from "./common.ts";
import { checksum, dec, feedEvent } from "./feed.ts";
import { recordTreasuryFee } from "./treasury.ts";
import { writePosition } from "./valuation.ts";

ponder.on("SyntheticAssetFactory:SynthCreated", async ({ event, context }) => {
  const chainId = context.chain.id;
  const address = lc(event.args.synth);
  await context.db
    .insert(synth)
    .values({
      chainId,
      address,
      assetId: assetIdText(event.args.assetId),
      name: event.args.name,
      symbol: event.args.symbol,
      aggregator: lc(event.args.aggregator),
      debtCeiling: 0n,
      mintFee: 0n,
      burnFee: 0n,
      active: false,
      totalSupply: 0n,
      totalDebt: 0n,
      badDebt: 0n,
      totalMinted: 0n,
      totalBurned: 0n,
      totalFees: 0n,
      createdBlock: event.block.number,
    })
    .onConflictDoNothing();
  await ensureToken(context.db, context.client, chainId, address, "synth", {
    symbol: event.args.symbol,
    decimals: 18,
  });
});

ponder.on("SyntheticAssetFactory:SynthConfigured", async ({ event, context }) => {
  const { debtCeiling, mintFee, burnFee, active } = event.args;
  await context.db
    .update(synth, { chainId: context.chain.id, address: lc(event.args.synth) })
    .set({ debtCeiling, mintFee, burnFee, active });
});

ponder.on("SyntheticAsset:Transfer", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const address = lc(event.log.address);
  await ensureToken(context.db, context.client, m.chainId, address, "synth", { decimals: 18 });
  const change = await applyTransfer(
    context.db,
    m,
    address,
    event.args.from,
    event.args.to,
    event.args.value,
  );
  if (change !== 0n && (await context.db.find(synth, { chainId: m.chainId, address }))) {
    await context.db
      .update(synth, { chainId: m.chainId, address })
      .set((row) => ({ totalSupply: row.totalSupply + change }));
  }
});

ponder.on("SynthVault:CollateralConfigured", async ({ event, context }) => {
  const chainId = context.chain.id;
  const address = lc(event.args.token);
  const params = {
    issuanceRatio: event.args.issuanceRatio,
    liquidationRatio: event.args.liquidationRatio,
    liquidationBonus: event.args.liquidationBonus,
    enabled: event.args.enabled,
    decimals: event.args.decimals,
  };
  await context.db
    .insert(collateralType)
    .values({ chainId, token: address, ...params })
    .onConflictDoUpdate(params);
});

type PositionArgs = { owner: Address; collateral: Address; synth: Address };

function positionKey(chainId: number, args: PositionArgs) {
  return {
    chainId,
    owner: lc(args.owner),
    collateral: lc(args.collateral),
    synth: lc(args.synth),
  };
}

type PositionKind = "deposit" | "withdraw" | "mint" | "burn" | "liquidation" | "bad_debt";

/**
 * The position's history row and, except for liquidations (their own chain.liquidation), the bus's
 * chain.position: `opened` when a deposit starts an empty position, `closed` when a change leaves
 * neither collateral nor debt.
 */
async function logPositionEvent(
  db: Parameters<typeof writePosition>[0],
  m: EventMeta,
  key: ReturnType<typeof positionKey>,
  kind: PositionKind,
  amount: bigint,
  fee?: bigint,
): Promise<void> {
  const row = await db.find(position, key);
  const collateralAfter = row?.collateralAmount ?? 0n;
  const debtAfter = row?.debt ?? 0n;
  await db.insert(positionEvent).values({
    id: eventId(m),
    ...key,
    kind,
    amount,
    collateralAfter,
    debtAfter,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  if (kind === "liquidation") return;
  await feedEvent(db, m, "chain.position", key.owner, {
    kind,
    collateral: checksum(key.collateral),
    synth: checksum(key.synth),
    amount: dec(amount),
    fee: dec(fee),
    collateralAfter: dec(collateralAfter),
    debtAfter: dec(debtAfter),
    opened: kind === "deposit" && collateralAfter === amount && debtAfter === 0n,
    closed: kind !== "deposit" && kind !== "mint" && collateralAfter === 0n && debtAfter === 0n,
  });
}

ponder.on("SynthVault:Deposited", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const key = positionKey(m.chainId, event.args);
  await writePosition(
    context.db,
    key,
    { collateralAmount: event.args.collateralAfter },
    m.blockNumber,
  );
  await logPositionEvent(context.db, m, key, "deposit", event.args.amount);
});

ponder.on("SynthVault:Withdrawn", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const key = positionKey(m.chainId, event.args);
  await writePosition(
    context.db,
    key,
    { collateralAmount: event.args.collateralAfter },
    m.blockNumber,
  );
  await logPositionEvent(context.db, m, key, "withdraw", event.args.amount);
});

ponder.on("SynthVault:Minted", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const key = positionKey(m.chainId, event.args);
  const { amount, fee, debtAfter } = event.args;
  await writePosition(context.db, key, { debt: debtAfter }, m.blockNumber);
  await logPositionEvent(context.db, m, key, "mint", amount, fee);
  await context.db.update(synth, { chainId: m.chainId, address: key.synth }).set((row) => ({
    totalDebt: row.totalDebt + amount + fee,
    totalMinted: row.totalMinted + amount,
    totalFees: row.totalFees + fee,
  }));
  await context.db.insert(synthMintBurn).values({
    id: eventId(m),
    chainId: m.chainId,
    kind: "mint",
    synth: key.synth,
    owner: key.owner,
    collateral: key.collateral,
    amount,
    fee,
    debtAfter,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  if (fee > 0n)
    await recordTreasuryFee(context.db, m, key.synth, "mint_fee", fee, { payer: key.owner });
});

ponder.on("SynthVault:Burned", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const key = positionKey(m.chainId, event.args);
  const { amount, fee, debtAfter } = event.args;
  await writePosition(context.db, key, { debt: debtAfter }, m.blockNumber);
  await logPositionEvent(context.db, m, key, "burn", amount, fee);
  await context.db.update(synth, { chainId: m.chainId, address: key.synth }).set((row) => ({
    totalDebt: row.totalDebt - (amount - fee),
    totalBurned: row.totalBurned + amount,
    totalFees: row.totalFees + fee,
  }));
  await context.db.insert(synthMintBurn).values({
    id: eventId(m),
    chainId: m.chainId,
    kind: "burn",
    synth: key.synth,
    owner: key.owner,
    collateral: key.collateral,
    amount,
    fee,
    debtAfter,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  if (fee > 0n)
    await recordTreasuryFee(context.db, m, key.synth, "burn_fee", fee, { payer: key.owner });
});

ponder.on("SynthVault:Liquidated", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const key = positionKey(m.chainId, event.args);
  const { repaid, collateralSeized, debtAfter, collateralAfter } = event.args;
  await writePosition(
    context.db,
    key,
    { collateralAmount: collateralAfter, debt: debtAfter },
    m.blockNumber,
    { liquidation: true },
  );
  await logPositionEvent(context.db, m, key, "liquidation", repaid);
  await context.db
    .update(synth, { chainId: m.chainId, address: key.synth })
    .set((row) => ({ totalDebt: row.totalDebt - repaid }));
  await context.db.insert(liquidation).values({
    id: eventId(m),
    ...key,
    liquidator: lc(event.args.liquidator),
    repaid,
    collateralSeized,
    debtAfter,
    collateralAfter,
    badDebtWrittenOff: 0n,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  await feedEvent(context.db, m, "chain.liquidation", key.owner, {
    collateral: checksum(key.collateral),
    synth: checksum(key.synth),
    liquidator: checksum(event.args.liquidator),
    repaid: dec(repaid),
    collateralSeized: dec(collateralSeized),
    debtAfter: dec(debtAfter),
    collateralAfter: dec(collateralAfter),
  });
});

ponder.on("SynthVault:BadDebtWrittenOff", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const key = positionKey(m.chainId, event.args);
  const { amount, synthBadDebt } = event.args;
  await writePosition(context.db, key, { debt: 0n }, m.blockNumber, { badDebt: amount });
  await logPositionEvent(context.db, m, key, "bad_debt", amount);
  await context.db
    .update(synth, { chainId: m.chainId, address: key.synth })
    .set((row) => ({ totalDebt: row.totalDebt - amount, badDebt: synthBadDebt }));
  // The vault logs the write-off right after the liquidation that caused it.
  const liquidationId = eventId({ ...m, logIndex: m.logIndex - 1 });
  if (await context.db.find(liquidation, { id: liquidationId })) {
    await context.db.update(liquidation, { id: liquidationId }).set({ badDebtWrittenOff: amount });
  }
});
