// A proposal's state in words, what happens next and when, and which buttons it allows. States come
// from `Governor.state` (an enum on chain) or the indexer (the same states as lowercase words).
import { type ClockMode, countdown } from "./clock.ts";

/** IGovernor.ProposalState, in enum order. */
export const proposalStates = [
  "pending",
  "active",
  "canceled",
  "defeated",
  "succeeded",
  "queued",
  "expired",
  "executed",
] as const;

export type ProposalState = (typeof proposalStates)[number];

export function stateFromChain(
  value: number | bigint | undefined | null,
): ProposalState | undefined {
  if (value === undefined || value === null) return undefined;
  const index = Number(value);
  return Number.isInteger(index) ? proposalStates[index] : undefined;
}

export function stateFromIndexer(text: string | undefined | null): ProposalState | undefined {
  if (typeof text !== "string") return undefined;
  return (proposalStates as readonly string[]).includes(text) ? (text as ProposalState) : undefined;
}

export const stateInfo: Record<
  ProposalState,
  { label: string; tone: "ok" | "warn" | "danger" | ""; meaning: string }
> = {
  pending: { label: "Pending", tone: "", meaning: "Voting has not started yet." },
  active: { label: "Active", tone: "warn", meaning: "Voting is open." },
  canceled: { label: "Canceled", tone: "danger", meaning: "The proposal was canceled." },
  defeated: {
    label: "Defeated",
    tone: "danger",
    meaning: "Voting ended without quorum or with no more For than Against votes.",
  },
  succeeded: {
    label: "Succeeded",
    tone: "ok",
    meaning: "The vote passed: anyone may queue it in the Timelock.",
  },
  queued: {
    label: "Queued",
    tone: "ok",
    meaning: "Waiting in the Timelock; anyone may execute it once the delay is over.",
  },
  expired: { label: "Expired", tone: "danger", meaning: "It was not executed in time." },
  executed: { label: "Executed", tone: "ok", meaning: "The Timelock carried out its actions." },
};

export function stateLabel(state: ProposalState | undefined): string {
  return state ? stateInfo[state].label : "Unknown";
}

export type ProposalTimes = {
  voteStart: bigint;
  voteEnd: bigint;
  /** The Timelock's earliest execution time, once queued (0 or null before). */
  eta: bigint | null;
};

/** What comes next for a proposal and when, in words ("Voting ends in 3 h"). */
export function nextMilestone(
  state: ProposalState | undefined,
  times: ProposalTimes,
  now: bigint,
  mode: ClockMode,
): string | undefined {
  switch (state) {
    case "pending":
      // Voting opens once the clock is past the snapshot.
      return `Voting starts ${countdown(times.voteStart + 1n, now, mode)}`;
    case "active":
      return `Voting ends ${countdown(times.voteEnd, now, mode)}`;
    case "succeeded":
      return `Voting ended ${countdown(times.voteEnd, now, mode)}; ready to queue`;
    case "queued": {
      // The Timelock's delay is always in seconds, whatever the Governor's clock.
      if (!times.eta) return "Queued in the Timelock";
      return times.eta <= now || mode !== "timestamp"
        ? executableText(times.eta, now, mode)
        : `Executable ${countdown(times.eta, now, "timestamp")}`;
    }
    case "defeated":
    case "expired":
    case "canceled":
    case "executed":
      return `Voting ended ${countdown(times.voteEnd, now, mode)}`;
    default:
      return undefined;
  }
}

function executableText(eta: bigint, now: bigint, mode: ClockMode): string {
  if (mode === "timestamp")
    return eta <= now ? "Ready to execute" : `Executable ${countdown(eta, now, mode)}`;
  return "Executable once the Timelock delay has passed";
}

export type ProposalActions = {
  vote: boolean;
  queue: boolean;
  execute: boolean;
  /** Why execute is not offered yet while queued (the Timelock delay), for a hint. */
  executeAt?: bigint;
};

/**
 * The buttons a proposal allows now. `needsQueuing` is `Governor.proposalNeedsQueuing` (true with a
 * Timelock); `etaSeconds` and `nowSeconds` are unix seconds (the Timelock's delay is in seconds).
 */
export function availableActions(
  state: ProposalState | undefined,
  options: {
    needsQueuing: boolean;
    etaSeconds: bigint | null;
    nowSeconds: bigint | undefined;
    hasVoted: boolean;
  },
): ProposalActions {
  const none = { vote: false, queue: false, execute: false };
  switch (state) {
    case "active":
      return { ...none, vote: !options.hasVoted };
    case "succeeded":
      return options.needsQueuing ? { ...none, queue: true } : { ...none, execute: true };
    case "queued": {
      const eta = options.etaSeconds ?? 0n;
      const ready = options.nowSeconds !== undefined && eta > 0n && eta <= options.nowSeconds;
      return ready ? { ...none, execute: true } : { ...none, executeAt: eta || undefined };
    }
    default:
      return none;
  }
}

/** Vote support values of GovernorCountingSimple. */
export const supportOptions = [
  { value: 1, label: "For" },
  { value: 0, label: "Against" },
  { value: 2, label: "Abstain" },
] as const;

export function supportLabel(support: number): string {
  return supportOptions.find((o) => o.value === support)?.label ?? `Support ${support}`;
}
