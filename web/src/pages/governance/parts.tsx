// Small pieces the governance views share: a stat, a state badge, vote bars and quorum progress.
import { formatAmount } from "../../ui/format.ts";
import { type ProposalState, stateInfo, stateLabel } from "./proposalState.ts";
import { formatPercent, type QuorumProgress, type Tally, voteShares } from "./tally.ts";

export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

export function StateBadge({ state }: { state: ProposalState | undefined }) {
  const tone = state ? stateInfo[state].tone : "";
  return (
    <span className={`badge ${tone}`} data-testid="proposal-state">
      {stateLabel(state)}
    </span>
  );
}

const flx = (v: bigint) => formatAmount(v, 18, 2);

/** For / Against / Abstain as bars with their numbers in text (the bars are decoration). */
export function VoteBars({ tally }: { tally: Tally }) {
  const shares = voteShares(tally);
  const rows = [
    { key: "for", label: "For", votes: tally.forVotes, share: shares.for },
    { key: "against", label: "Against", votes: tally.againstVotes, share: shares.against },
    { key: "abstain", label: "Abstain", votes: tally.abstainVotes, share: shares.abstain },
  ];
  return (
    <ul className="plain gov-bars">
      {rows.map((r) => (
        <li key={r.key} data-testid={`votes-${r.key}`}>
          <div className="row gov-bar-label">
            <span>{r.label}</span>
            <span className="num">
              {flx(r.votes)} FLX ({formatPercent(r.share)})
            </span>
          </div>
          <div className={`gov-bar gov-bar-${r.key}`} aria-hidden="true">
            <span style={{ width: `${r.share}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function QuorumLine({ progress }: { progress: QuorumProgress }) {
  if (progress.quorum === undefined) {
    return <span className="muted">Quorum is set when voting starts.</span>;
  }
  return (
    <div className="gov-quorum" data-testid="quorum">
      <div className="row gov-bar-label">
        <span>Quorum {progress.reached ? <span className="ok">reached</span> : "not reached"}</span>
        <span className="num">
          {flx(progress.counted)} / {flx(progress.quorum)} FLX ({formatPercent(progress.percent)})
        </span>
      </div>
      <div className="gov-bar gov-bar-quorum" aria-hidden="true">
        <span style={{ width: `${progress.percent ?? 0}%` }} />
      </div>
    </div>
  );
}
