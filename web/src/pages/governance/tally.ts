// Vote counts for display: shares of For/Against/Abstain and progress towards quorum (which counts
// For and Abstain votes, as GovernorCountingSimple does). Exact bigint arithmetic; only the final
// percentages shown are numbers.

/** A decimal string (the indexer's bigint columns) or bigint as a non-negative bigint; 0n for junk. */
export function toVotes(value: string | bigint | number | null | undefined): bigint {
  if (typeof value === "bigint") return value < 0n ? 0n : value;
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value > 0 ? BigInt(value) : 0n;
  }
  if (typeof value !== "string" || !/^\d{1,78}$/.test(value)) return 0n;
  return BigInt(value);
}

/** `part / whole` as a percentage with two decimals, computed on integers (0 when whole is 0). */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  return Number((part * 10_000n) / whole) / 100;
}

export type Tally = { forVotes: bigint; againstVotes: bigint; abstainVotes: bigint };

export function voteShares(t: Tally): {
  for: number;
  against: number;
  abstain: number;
  total: bigint;
} {
  const total = t.forVotes + t.againstVotes + t.abstainVotes;
  return {
    for: percentOf(t.forVotes, total),
    against: percentOf(t.againstVotes, total),
    abstain: percentOf(t.abstainVotes, total),
    total,
  };
}

export type QuorumProgress = {
  /** For + Abstain, the votes quorum counts. */
  counted: bigint;
  quorum: bigint | undefined;
  /** counted / quorum in percent, capped at 100 for a bar (undefined while the quorum is unknown). */
  percent: number | undefined;
  reached: boolean;
};

export function quorumProgress(t: Tally, quorum: bigint | null | undefined): QuorumProgress {
  const counted = t.forVotes + t.abstainVotes;
  if (quorum === null || quorum === undefined) {
    return { counted, quorum: undefined, percent: undefined, reached: false };
  }
  // Governor._quorumReached: quorum <= for + abstain (a zero quorum is always reached).
  const reached = quorum <= counted;
  const percent = quorum === 0n ? 100 : Math.min(100, percentOf(counted, quorum));
  return { counted, quorum, percent, reached };
}

/** Whether the vote passes as things stand: quorum reached and strictly more For than Against. */
export function passing(t: Tally, quorum: bigint | null | undefined): boolean {
  return quorumProgress(t, quorum).reached && t.forVotes > t.againstVotes;
}

export function formatPercent(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  return `${value.toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;
}
