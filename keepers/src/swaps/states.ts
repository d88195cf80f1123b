// The two swap state machines. A swap is a row keyed by its payment hash; the bridge moves it one step
// at a time, each step idempotent, so a keeper killed anywhere and restarted converges to the same end.
//
// Mint (Lightning -> chain):
//   review -> created -> invoice_open -> invoice_accepted -> lock_sent -> locked
//     -> [claim_sent ->] claimed -> settled                                   (success)
//   invoice_open -> expired                          (the invoice was never paid; nothing to undo)
//   lock_sent -> lock_failed -> canceled             (lock reverted: the held HTLC is cancelled)
//   locked -> refund_sent -> refunded                (no claim before the timelock: refund, cancel)
//   review -> rejected                               (a reviewer said no)
//
// Burn (chain -> Lightning):
//   awaiting_lock -> lock_seen -> paying -> paid -> claim_sent -> claimed     (success)
//   awaiting_lock -> expired                         (never locked before the invoice expired)
//   awaiting_lock -> rejected -> refund_sent -> refunded
//                                                    (the lock does not match the quote: not paid)
//   lock_seen|paying -> pay_failed -> refund_sent -> refunded
//                                                    (not paid; refunded once the timelock passes)
//   paid|claim_sent -> claim_missed                  (paid, but the lock could not be claimed: incident)
export const mintStates = [
  "review",
  "created",
  "invoice_open",
  "invoice_accepted",
  "lock_sent",
  "locked",
  "claim_sent",
  "claimed",
  "settled",
  "expired",
  "lock_failed",
  "canceled",
  "refund_sent",
  "refunded",
  "rejected",
] as const;

export const burnStates = [
  "awaiting_lock",
  "lock_seen",
  "paying",
  "paid",
  "claim_sent",
  "claimed",
  "expired",
  "rejected",
  "pay_failed",
  "refund_sent",
  "refunded",
  "claim_missed",
] as const;

export type MintState = (typeof mintStates)[number];
export type BurnState = (typeof burnStates)[number];
export type SwapState = MintState | BurnState;
export type Direction = "mint" | "burn";

const finalMint = new Set<SwapState>(["settled", "expired", "canceled", "refunded", "rejected"]);
const finalBurn = new Set<SwapState>(["claimed", "expired", "refunded", "claim_missed"]);

/** Whether nothing more will ever happen to a swap in this state. */
export function isFinal(direction: Direction, state: SwapState): boolean {
  return (direction === "mint" ? finalMint : finalBurn).has(state);
}

/** Final states of both directions, for SQL filters. */
export const finalStates = {
  mint: [...finalMint],
  burn: [...finalBurn],
} as const;
