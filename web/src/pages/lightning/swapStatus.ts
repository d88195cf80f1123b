// A swap's public status (the API's Boltz-style vocabulary: "invoice.set", "transaction.locked", ...) as
// the page shows it: the step of the flow it is at, in words, whether it failed or is over, and an order
// so that a late stream event or poll never moves a swap backwards.

export type Direction = "mint" | "burn";

export const mintSteps = ["Invoice created", "Payment held", "Locked on chain", "Minted"] as const;
export const burnSteps = ["Registered", "Synths locked", "Invoice paid"] as const;

export function stepsOf(direction: Direction): readonly string[] {
  return direction === "mint" ? mintSteps : burnSteps;
}

export type Tone = "info" | "ok" | "warn" | "danger";

export type Progress = {
  /** Index of the step in progress (steps before it are done); the failed step when `failed`. */
  step: number;
  /** The whole flow is over and succeeded: every step done. */
  done: boolean;
  failed: boolean;
  /** Nothing more will happen to the swap. */
  final: boolean;
  words: string;
  tone: Tone;
};

type Entry = { rank: number; step: number; words: string; done?: boolean; failed?: boolean };

// Ranks: the success path in order, then the failure paths (each after the success steps it can follow).
const mint: Record<string, Entry> = {
  "swap.review": { rank: 0, step: 0, words: "Held for compliance review: waiting for a reviewer" },
  "swap.created": { rank: 1, step: 0, words: "Approved: creating your invoice" },
  "invoice.set": { rank: 2, step: 1, words: "Waiting for your payment" },
  "invoice.accepted": {
    rank: 3,
    step: 2,
    words: "Payment received and held: locking your synths on chain",
  },
  "transaction.lock_sent": { rank: 4, step: 2, words: "Locking your synths on chain" },
  "transaction.locked": {
    rank: 5,
    step: 3,
    words: "Locked on chain: handing over your secret so the keeper claims for you",
  },
  "transaction.claim_sent": { rank: 6, step: 3, words: "Claiming your synths" },
  "transaction.claimed": { rank: 7, step: 3, words: "Minted", done: true },
  "invoice.settled": { rank: 8, step: 3, words: "Minted, and the invoice is settled", done: true },
  "transaction.lock_failed": {
    rank: 50,
    step: 2,
    words: "The lock failed: your payment is being returned",
    failed: true,
  },
  "transaction.refund_sent": {
    rank: 51,
    step: 3,
    words: "Not claimed in time: the lock is being refunded and your payment returned",
    failed: true,
  },
  "invoice.canceled": {
    rank: 52,
    step: 2,
    words: "Canceled: your payment was returned",
    failed: true,
  },
  "transaction.refunded": {
    rank: 53,
    step: 3,
    words: "Refunded: your payment was returned",
    failed: true,
  },
  "swap.expired": {
    rank: 54,
    step: 1,
    words: "Expired: the invoice was not paid in time",
    failed: true,
  },
  "swap.rejected": {
    rank: 55,
    step: 0,
    words: "Rejected by a compliance reviewer",
    failed: true,
  },
};

const burn: Record<string, Entry> = {
  "swap.created": { rank: 0, step: 1, words: "Registered: lock your synths to have it paid" },
  "transaction.locked": { rank: 1, step: 2, words: "Synths locked: paying your invoice" },
  "invoice.pending": { rank: 2, step: 2, words: "Paying your invoice" },
  "invoice.paid": { rank: 3, step: 2, words: "Paid", done: true },
  "transaction.claim_sent": { rank: 4, step: 2, words: "Paid: settling on chain", done: true },
  "transaction.claimed": { rank: 5, step: 2, words: "Paid and settled", done: true },
  "swap.expired": {
    rank: 50,
    step: 1,
    words: "Expired: nothing was locked before the invoice expired",
    failed: true,
  },
  "swap.rejected": {
    rank: 51,
    step: 2,
    words: "Not paid: the lock did not match the quote; refund once the timelock passes",
    failed: true,
  },
  "invoice.failed_to_pay": {
    rank: 52,
    step: 2,
    words: "The payment failed: your synths come back once the timelock passes",
    failed: true,
  },
  "transaction.refund_sent": {
    rank: 53,
    step: 2,
    words: "Not paid: refunding your synths",
    failed: true,
  },
  "transaction.refunded": {
    rank: 54,
    step: 2,
    words: "Not paid: your synths were refunded",
    failed: true,
  },
  "transaction.claim_missed": {
    rank: 55,
    step: 2,
    words: "Paid, but the lock was refunded before the keeper claimed it",
    failed: true,
  },
};

const finalStatuses: Record<Direction, Set<string>> = {
  mint: new Set([
    "invoice.settled",
    "swap.expired",
    "invoice.canceled",
    "transaction.refunded",
    "swap.rejected",
  ]),
  burn: new Set([
    "transaction.claimed",
    "swap.expired",
    "transaction.refunded",
    "transaction.claim_missed",
  ]),
};

function entryOf(direction: Direction, status: string): Entry | undefined {
  const table = direction === "mint" ? mint : burn;
  return Object.hasOwn(table, status) ? table[status] : undefined;
}

/** Where a swap with this status stands, in words and as a step of its flow. */
export function progressOf(direction: Direction, status: string): Progress {
  const entry = entryOf(direction, status);
  const final = finalStatuses[direction].has(status);
  if (!entry) {
    return { step: 0, done: false, failed: false, final, words: `Status: ${status}`, tone: "info" };
  }
  const failed = entry.failed === true;
  const done = entry.done === true;
  return {
    step: entry.step,
    done,
    failed,
    final,
    words: entry.words,
    tone: failed ? "danger" : done ? "ok" : status === "swap.review" ? "warn" : "info",
  };
}

/** Plain words for a status (the history table, the timeline). */
export function statusWords(direction: Direction, status: string): string {
  return progressOf(direction, status).words;
}

/** Order of statuses within a direction; unknown statuses rank before everything known. */
export function statusRank(direction: Direction, status: string): number {
  return entryOf(direction, status)?.rank ?? -1;
}

export function isFinalStatus(direction: Direction, status: string): boolean {
  return finalStatuses[direction].has(status);
}

export type StepView = { label: string; state: "done" | "current" | "todo" | "failed" };

/** Each step of the flow with its state, for the step indicator. */
export function stepViews(direction: Direction, status: string): StepView[] {
  const p = progressOf(direction, status);
  return stepsOf(direction).map((label, index) => ({
    label,
    state: p.done
      ? "done"
      : index < p.step
        ? "done"
        : index === p.step
          ? p.failed
            ? "failed"
            : "current"
          : "todo",
  }));
}

type Ranked = { direction: Direction; status: string };

/**
 * The newer of two reports of the same swap: the incoming one unless it is behind the current one (a
 * stream event delivered after a poll that already saw a later state).
 */
export function newerSwap<T extends Ranked>(current: T | undefined, incoming: T): T {
  if (!current) return incoming;
  return statusRank(incoming.direction, incoming.status) >=
    statusRank(current.direction, current.status)
    ? incoming
    : current;
}

export type TimelineEntry = { status: string; at: number };

/** Adds a status to a swap's timeline once, keeping the timeline in flow order. */
export function addToTimeline(
  timeline: readonly TimelineEntry[],
  direction: Direction,
  status: string,
  at: number,
): TimelineEntry[] {
  if (timeline.some((entry) => entry.status === status)) return [...timeline];
  return [...timeline, { status, at }].sort(
    (a, b) => statusRank(direction, a.status) - statusRank(direction, b.status) || a.at - b.at,
  );
}
