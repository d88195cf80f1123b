// A swap's public status, in the dotted vocabulary Boltz made familiar to Lightning swap users
// ("invoice.set", "invoice.accepted", "transaction.claimed"...), from the keeper's internal state.
// Clients get both: `state` (exact, per direction) and `status` (stable, for display and logic).
const mint: Record<string, string> = {
  review: "swap.review",
  created: "swap.created",
  invoice_open: "invoice.set",
  invoice_accepted: "invoice.accepted",
  lock_sent: "transaction.lock_sent",
  locked: "transaction.locked",
  claim_sent: "transaction.claim_sent",
  claimed: "transaction.claimed",
  settled: "invoice.settled",
  expired: "swap.expired",
  lock_failed: "transaction.lock_failed",
  canceled: "invoice.canceled",
  refund_sent: "transaction.refund_sent",
  refunded: "transaction.refunded",
  rejected: "swap.rejected",
};

const burn: Record<string, string> = {
  awaiting_lock: "swap.created",
  lock_seen: "transaction.locked",
  paying: "invoice.pending",
  paid: "invoice.paid",
  claim_sent: "transaction.claim_sent",
  claimed: "transaction.claimed",
  expired: "swap.expired",
  rejected: "swap.rejected",
  // Only once the node said the payment failed: one in flight is invoice.pending (possibly paid).
  pay_failed: "invoice.failed_to_pay",
  refund_sent: "transaction.refund_sent",
  refunded: "transaction.refunded",
  // Paid, yet the lock was refunded before it could be claimed: an incident for the operator.
  claim_missed: "transaction.claim_missed",
};

export function swapStatus(direction: string, state: string): string {
  return (direction === "mint" ? mint : burn)[state] ?? `swap.${state}`;
}
