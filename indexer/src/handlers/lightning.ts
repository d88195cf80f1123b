// LightningGateway: every hash-locked swap from lock to claim (with its preimage) or refund, and the
// gateway's fees to the Treasury. Synth supply and balances move through the synths' own Transfer events.
import { ponder } from "ponder:registry";
import { lightningSwap } from "ponder:schema";
import type { Address, Hex } from "viem";
import { type Db, type EventMeta, lc, meta } from "./common.ts";
import { checksum, dec, feedEvent } from "./feed.ts";
import { recordTreasuryFee } from "./treasury.ts";

type Locked = {
  paymentHash: Hex;
  account: Address;
  synth: Address;
  sats: bigint;
  amount: bigint;
  fee: bigint;
  timelock: bigint;
};

type SwapRow = typeof lightningSwap.$inferSelect;

/** The bus's chain.lightning.swap: the swap as it stands after this event. */
async function feedSwap(db: Db, m: EventMeta, swap: SwapRow): Promise<void> {
  await feedEvent(db, m, "chain.lightning.swap", swap.account, {
    direction: swap.direction,
    status: swap.status,
    paymentHash: swap.paymentHash,
    synth: checksum(swap.synth),
    sats: dec(swap.sats),
    amount: dec(swap.amount),
    fee: dec(swap.fee),
    timelock: dec(swap.timelock),
    preimage: swap.preimage ?? undefined,
  });
}

async function locked(db: Db, m: EventMeta, direction: "mint" | "burn", a: Locked): Promise<void> {
  const row: SwapRow = {
    chainId: m.chainId,
    paymentHash: a.paymentHash,
    direction,
    status: "locked",
    account: lc(a.account),
    synth: lc(a.synth),
    sats: a.sats,
    amount: a.amount,
    fee: a.fee,
    timelock: a.timelock,
    preimage: null,
    lockedBlock: m.blockNumber,
    lockedTimestamp: m.timestamp,
    lockTransactionHash: m.transactionHash,
    resolvedBlock: null,
    resolvedTimestamp: null,
    resolveTransactionHash: null,
  };
  await db.insert(lightningSwap).values(row);
  await feedSwap(db, m, row);
}

async function resolved(
  db: Db,
  m: EventMeta,
  paymentHash: Hex,
  status: "claimed" | "refunded",
  preimage?: Hex,
): Promise<{ synth: Address; fee: bigint; account: Address } | undefined> {
  const row = await db.update(lightningSwap, { chainId: m.chainId, paymentHash }).set({
    status,
    preimage: preimage ?? null,
    resolvedBlock: m.blockNumber,
    resolvedTimestamp: m.timestamp,
    resolveTransactionHash: m.transactionHash,
  });
  if (!row) return undefined;
  await feedSwap(db, m, row);
  return { synth: row.synth as Address, fee: row.fee, account: row.account as Address };
}

ponder.on("LightningGateway:MintLocked", async ({ event, context }) => {
  const a = event.args;
  await locked(context.db, meta(context.chain.id, event), "mint", { ...a, account: a.recipient });
});

ponder.on("LightningGateway:BurnLocked", async ({ event, context }) => {
  const a = event.args;
  await locked(context.db, meta(context.chain.id, event), "burn", { ...a, account: a.locker });
});

for (const name of ["MintClaimed", "BurnClaimed"] as const) {
  ponder.on(`LightningGateway:${name}`, async ({ event, context }) => {
    const m = meta(context.chain.id, event);
    const row = await resolved(
      context.db,
      m,
      event.args.paymentHash,
      "claimed",
      event.args.preimage,
    );
    if (row && event.args.fee > 0n) {
      await recordTreasuryFee(context.db, m, row.synth, "lightning_fee", event.args.fee, {
        payer: row.account,
      });
    }
  });
}

for (const name of ["MintRefunded", "BurnRefunded"] as const) {
  ponder.on(`LightningGateway:${name}`, async ({ event, context }) => {
    await resolved(context.db, meta(context.chain.id, event), event.args.paymentHash, "refunded");
  });
}
