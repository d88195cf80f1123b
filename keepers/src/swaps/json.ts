// A swap as the keeper's HTTP interface and its events show it: amounts as decimal strings, chain times
// as unix seconds, the preimage only once it is public (claimed on-chain).
import type { Swap } from "./store.ts";

/** States in which a swap's on-chain lock stands unclaimed, so its refund opens at the timelock. */
const refundable = {
  mint: new Set(["locked", "claim_sent", "refund_sent", "refunded"]),
  burn: new Set(["lock_seen", "paying", "pay_failed", "rejected", "refund_sent", "refunded"]),
};

export function swapJson(swap: Swap) {
  return {
    paymentHash: swap.paymentHash,
    direction: swap.direction,
    state: swap.state,
    chainId: swap.chainId,
    account: swap.account,
    synth: swap.synth,
    sats: swap.sats.toString(),
    amount: swap.amount.toString(),
    fee: swap.fee.toString(),
    quotedAt: Number(swap.quotedAt),
    timelock: swap.timelock === null ? null : Number(swap.timelock),
    /** Chain time (unix s) from which anyone may refund the lock; null when there is none to refund. */
    refundableAt:
      swap.timelock !== null && refundable[swap.direction].has(swap.state)
        ? Number(swap.timelock)
        : null,
    cltvDelta: swap.cltvDelta,
    invoice: swap.invoice,
    invoiceExpiresAt: swap.invoiceExpiresAt === null ? null : Number(swap.invoiceExpiresAt),
    preimage: swap.state === "settled" || swap.state === "claimed" ? swap.preimage : null,
    failure: swap.failureCode ? { code: swap.failureCode, message: swap.failureMessage } : null,
    createdAt: swap.createdAt.toISOString(),
    updatedAt: swap.updatedAt.toISOString(),
  };
}
