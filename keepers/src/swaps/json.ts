// A swap as the keeper's HTTP interface and its events show it: amounts as decimal strings, chain times
// as unix seconds, the preimage only once it is public (claimed on-chain).
import type { Swap } from "./store.ts";

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
    invoice: swap.invoice,
    invoiceExpiresAt: swap.invoiceExpiresAt === null ? null : Number(swap.invoiceExpiresAt),
    preimage: swap.state === "settled" || swap.state === "claimed" ? swap.preimage : null,
    failure: swap.failureCode ? { code: swap.failureCode, message: swap.failureMessage } : null,
    createdAt: swap.createdAt.toISOString(),
    updatedAt: swap.updatedAt.toISOString(),
  };
}
