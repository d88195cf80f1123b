// Where a cross-chain message stands, from what the two chains say about it: sent on the source, waiting
// there for finality, committed on the destination by the relay, then executed (delivered), or failed.
// A failure is either the destination router's (the delivery reverted, e.g. out of gas: anyone may
// execute it again by hand, with more gas) or the destination gateway's (delivered, but crediting it
// failed, e.g. its inbound rate limit: stored for `retryFailedMessage`). Reports from the stream, the
// indexer and the chain are merged so that a late one never moves a message backwards.

export type CcipState = "sent" | "finality" | "committed" | "executed" | "failed";

/** ILocalCCIPRouter.ExecutionState. */
export const ExecutionState = { UNTOUCHED: 0, IN_PROGRESS: 1, SUCCESS: 2, FAILURE: 3 } as const;

/** "delivery": the router's FAILURE (manual execution); "stored": the gateway kept it (retry). */
export type Failure = "delivery" | "stored";

export type Status = {
  state: CcipState;
  failure?: Failure;
  /** Blocks mined on top of the message's block on the source chain. */
  confirmations?: number;
};

/** What the chains were asked; undefined where the answer is not in yet. */
export type ChainFacts = {
  /** The source block the message was sent in. */
  sourceBlock?: bigint;
  /** The source chain's latest block. */
  sourceHead?: bigint;
  /** When the destination router committed the message (0: not yet). */
  committedAt?: bigint;
  /** The destination router's ExecutionState. */
  executionState?: number;
  /** The destination gateway stored the message as failed. */
  storedFailure?: boolean;
};

export function deriveStatus(facts: ChainFacts): Status {
  const confirmations =
    facts.sourceBlock !== undefined && facts.sourceHead !== undefined
      ? Math.max(0, Number(facts.sourceHead - facts.sourceBlock))
      : undefined;
  const at = confirmations === undefined ? {} : { confirmations };
  if (facts.executionState === ExecutionState.FAILURE) {
    return { state: "failed", failure: "delivery", ...at };
  }
  if (facts.executionState === ExecutionState.SUCCESS) {
    return facts.storedFailure
      ? { state: "failed", failure: "stored", ...at }
      : { state: "executed", ...at };
  }
  if (facts.committedAt !== undefined && facts.committedAt > 0n) {
    return { state: "committed", ...at };
  }
  return { state: confirmations !== undefined && confirmations > 0 ? "finality" : "sent", ...at };
}

/**
 * A state as the API's stream, the indexer or the relay words it, in ours: undefined for a word we do
 * not know (it is then shown as it came).
 */
export function stateFromLabel(label: unknown): CcipState | undefined {
  if (typeof label !== "string") return undefined;
  switch (
    label
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_")
  ) {
    case "sent":
    case "pending":
      return "sent";
    case "finality":
    case "waiting_finality":
    case "waiting_for_finality":
    case "finalized":
      return "finality";
    case "committed":
      return "committed";
    case "executed":
    case "success":
    case "delivered":
      return "executed";
    case "failed":
    case "failure":
      return "failed";
    default:
      return undefined;
  }
}

const rank: Record<CcipState, number> = {
  sent: 0,
  finality: 1,
  committed: 2,
  // A failure can still end executed (a retry); nothing comes after executed.
  failed: 3,
  executed: 4,
};

export function stateRank(state: CcipState): number {
  return rank[state];
}

/** The later of two reports: `incoming` unless it is behind `current`. */
export function newerStatus(current: Status | undefined, incoming: Status): Status {
  if (!current) return incoming;
  if (rank[incoming.state] < rank[current.state]) return current;
  if (rank[incoming.state] === rank[current.state]) {
    // The same state: keep what is known (a failure's kind, the confirmations so far).
    const merged: Status = { state: incoming.state };
    const failure = incoming.failure ?? current.failure;
    if (failure) merged.failure = failure;
    if (incoming.confirmations !== undefined || current.confirmations !== undefined) {
      merged.confirmations = Math.max(incoming.confirmations ?? 0, current.confirmations ?? 0);
    }
    return merged;
  }
  return incoming;
}

/** Nothing more will happen to it (a failed message can still be retried). */
export function isFinal(state: CcipState): boolean {
  return state === "executed";
}

export type StepState = "done" | "current" | "todo" | "failed";
export type StepView = { label: string; state: StepState };

export type Names = { source: string; dest: string };

/** The four steps of a message's way, each with its state, for the step indicator. */
export function stepViews(status: Status, names: Names, finalityDepth?: number): StepView[] {
  const labels = [
    `Sent on ${names.source}`,
    `Final on ${names.source}`,
    `Committed on ${names.dest}`,
    `Delivered on ${names.dest}`,
  ];
  const final = finalityDepth !== undefined && (status.confirmations ?? 0) >= finalityDepth ? 1 : 0;
  const current: Record<CcipState, number> = {
    sent: 1,
    finality: 1 + final,
    committed: 3,
    executed: labels.length,
    failed: 3,
  };
  const at = current[status.state];
  return labels.map((label, index) => ({
    label,
    state:
      index < at
        ? "done"
        : index === at
          ? status.state === "failed"
            ? "failed"
            : "current"
          : "todo",
  }));
}

export type Tone = "info" | "ok" | "danger";

/** The status in words (the live line, the timeline and the list). */
export function statusWords(status: Status, names: Names, finalityDepth?: number): string {
  const { source, dest } = names;
  switch (status.state) {
    case "sent":
      return `Sent on ${source}: waiting for its block to become final`;
    case "finality": {
      const blocks = status.confirmations ?? 0;
      if (finalityDepth === undefined) {
        return `Waiting for finality on ${source}: ${blocks} ${blocks === 1 ? "block" : "blocks"} on top so far`;
      }
      return blocks < finalityDepth
        ? `Waiting for finality on ${source}: ${blocks} of ${finalityDepth} blocks on top`
        : `Final on ${source}: waiting for the relay to commit it on ${dest}`;
    }
    case "committed":
      return `Committed on ${dest}: being delivered`;
    case "executed":
      return `Delivered on ${dest}`;
    case "failed":
      return status.failure === "stored"
        ? `Arrived on ${dest}, but crediting it failed: it is kept there to be retried`
        : `The delivery on ${dest} failed: it can be executed again`;
  }
}

/** Short words for a list's state column. */
export function stateLabel(status: Status): string {
  switch (status.state) {
    case "sent":
      return "Sent";
    case "finality":
      return "Waiting for finality";
    case "committed":
      return "Committed";
    case "executed":
      return "Delivered";
    case "failed":
      return status.failure === "stored" ? "Failed (kept for retry)" : "Failed";
  }
}

export function toneOf(status: Status): Tone {
  return status.state === "failed" ? "danger" : status.state === "executed" ? "ok" : "info";
}

export type TimelineEntry = { state: CcipState; failure?: Failure; at: number };

/** Adds a state to a message's timeline once (a failure once per kind), keeping the flow's order. */
export function addToTimeline(
  timeline: readonly TimelineEntry[],
  status: Status,
  at: number,
): TimelineEntry[] {
  if (timeline.some((e) => e.state === status.state && e.failure === status.failure)) {
    return [...timeline];
  }
  const entry: TimelineEntry = { state: status.state, at };
  if (status.failure) entry.failure = status.failure;
  return [...timeline, entry].sort((a, b) => rank[a.state] - rank[b.state] || a.at - b.at);
}

/**
 * A state as another source reports it (the stream's `chain.ccip.message`, an indexer row): its word,
 * and whether the destination's gateway keeps it as a stored failure. Undefined for an unknown word.
 */
export function statusOfReport(state: unknown, storedFailure: unknown): Status | undefined {
  const ours = stateFromLabel(state);
  if (!ours) return undefined;
  if (ours !== "failed") return { state: ours };
  return { state: "failed", failure: storedFailure === true ? "stored" : "delivery" };
}
