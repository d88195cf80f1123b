// Treasury: every protocol fee paid to it (synth mint and burn fees, collected pool fees), how each
// was split between FLX stakers and the treasury, and governance withdrawals.
import { ponder } from "ponder:registry";
import { treasuryFee, treasuryToken } from "ponder:schema";
import type { Address, Hex } from "viem";
import { type Db, type EventMeta, eventId, lc, meta } from "./common.ts";

type Totals = {
  feesReceived: bigint;
  distributedToStakers: bigint;
  kept: bigint;
  withdrawn: bigint;
};

async function addTotals(db: Db, chainId: number, tokenAddress: Address, add: Partial<Totals>) {
  const zero: Totals = { feesReceived: 0n, distributedToStakers: 0n, kept: 0n, withdrawn: 0n };
  await db
    .insert(treasuryToken)
    .values({ chainId, token: tokenAddress, ...zero, ...add })
    .onConflictDoUpdate((row) => ({
      feesReceived: row.feesReceived + (add.feesReceived ?? 0n),
      distributedToStakers: row.distributedToStakers + (add.distributedToStakers ?? 0n),
      kept: row.kept + (add.kept ?? 0n),
      withdrawn: row.withdrawn + (add.withdrawn ?? 0n),
    }));
}

export async function recordTreasuryFee(
  db: Db,
  m: EventMeta,
  tokenAddress: Address,
  source: "mint_fee" | "burn_fee" | "pool_fee" | "lightning_fee",
  amount: bigint,
  extra: { payer?: Address; poolId?: Hex },
): Promise<void> {
  await db.insert(treasuryFee).values({
    id: eventId(m),
    chainId: m.chainId,
    token: tokenAddress,
    source,
    amount,
    poolId: extra.poolId ?? null,
    payer: extra.payer ?? null,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  await addTotals(db, m.chainId, tokenAddress, { feesReceived: amount });
}

ponder.on("Treasury:FeesDistributed", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  await addTotals(context.db, m.chainId, lc(event.args.token), {
    distributedToStakers: event.args.toStakers,
    kept: event.args.kept,
  });
});

ponder.on("Treasury:Withdrawn", async ({ event, context }) => {
  await addTotals(context.db, context.chain.id, lc(event.args.token), {
    withdrawn: event.args.amount,
  });
});
