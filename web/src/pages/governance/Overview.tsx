// The governance home: the Governor's rules, the connected account's votes, stake and rewards, and
// every proposal with its state, tally, quorum progress and what comes next.
import { Link } from "react-router";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { formatAmount } from "../../ui/format.ts";
import { Empty, QueryView } from "../../ui/States.tsx";
import { AccountPanel } from "./AccountPanel.tsx";
import { proposalTitle } from "./actions.ts";
import { type ClockMode, formatDuration } from "./clock.ts";
import { type GovernorInfo, useGovernorInfo, useQuorums } from "./governor.ts";
import { QuorumLine, Stat, StateBadge } from "./parts.tsx";
import { nextMilestone, stateFromIndexer } from "./proposalState.ts";
import { type ProposalRow, useChainNow, useProposals } from "./queries.ts";
import { formatPercent, quorumProgress, toVotes, voteShares } from "./tally.ts";

export function Overview({ chainId }: { chainId: number }) {
  const { address } = useConnection();
  const info = useGovernorInfo(chainId);
  const mode = info.data?.mode;
  const clock = useChainNow(chainId, mode);
  return (
    <>
      <section className="card" aria-labelledby="gov-proposals">
        <div className="row gov-heading">
          <h2 id="gov-proposals">Proposals</h2>
          <Link className="button" to="new">
            New proposal
          </Link>
        </div>
        <Proposals chainId={chainId} mode={mode} now={clock.now} />
      </section>
      {address ? (
        <AccountPanel chainId={chainId} account={address as Address} nowSeconds={clock.seconds} />
      ) : (
        <Empty>Connect a wallet to see your voting power, stake FLX and vote.</Empty>
      )}
      <section className="card" aria-labelledby="gov-rules">
        <h2 id="gov-rules">How voting works</h2>
        <QueryView query={info} what="the Governor's settings">
          {(data) => <Rules info={data} />}
        </QueryView>
      </section>
    </>
  );
}

function Rules({ info }: { info: GovernorInfo }) {
  const unit = (v: bigint) =>
    info.mode === "blocknumber" ? `${v} block${v === 1n ? "" : "s"}` : formatDuration(v);
  const quorumPct =
    info.quorumDenominator === 0n
      ? "—"
      : formatPercent(Number((info.quorumNumerator * 10_000n) / info.quorumDenominator) / 100);
  return (
    <>
      <div className="stats">
        <Stat label="Proposal threshold" value={`${formatAmount(info.threshold, 18, 2)} FLX`} />
        <Stat label="Quorum" value={`${quorumPct} of FLX supply`} />
        <Stat label="Voting delay" value={unit(info.votingDelay)} />
        <Stat label="Voting period" value={unit(info.votingPeriod)} />
        <Stat label="Timelock delay" value={formatDuration(info.timelockDelay)} />
      </div>
      <p className="hint">
        Votes count For and Abstain towards quorum. A proposal passes with quorum and more For than
        Against votes, then waits in the Timelock before anyone can execute it. The Governor's
        clock: <code>{info.clockModeText}</code>
        {info.mode === undefined ? " (not understood: countdowns are hidden)" : ""}.
      </p>
    </>
  );
}

function Proposals({
  chainId,
  mode,
  now,
}: {
  chainId: number;
  mode: ClockMode | undefined;
  now: bigint | undefined;
}) {
  const proposals = useProposals(chainId);
  const rows = proposals.data ?? [];
  // Governor.quorum(timepoint) is only defined once the snapshot (voteStart) has passed.
  const quorums = useQuorums(
    chainId,
    rows.map((p) =>
      now !== undefined && BigInt(p.voteStart) < now ? BigInt(p.voteStart) : undefined,
    ),
  );
  return (
    <QueryView
      query={proposals}
      what="proposals"
      isEmpty={(d) => d.length === 0}
      empty={
        <>
          No proposals yet. <Link to="new">Create the first one</Link>.
        </>
      }
    >
      {() => (
        <div className="table-wrap">
          <table data-testid="proposal-list">
            <thead>
              <tr>
                <th scope="col">Proposal</th>
                <th scope="col">State</th>
                <th scope="col">Votes</th>
                <th scope="col">Quorum</th>
                <th scope="col">Next</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p, i) => (
                <ProposalLine key={p.proposalId} p={p} quorum={quorums[i]} mode={mode} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryView>
  );
}

function ProposalLine({
  p,
  quorum,
  mode,
  now,
}: {
  p: ProposalRow;
  quorum: bigint | undefined;
  mode: ClockMode | undefined;
  now: bigint | undefined;
}) {
  const state = stateFromIndexer(p.state);
  const tally = {
    forVotes: toVotes(p.forVotes),
    againstVotes: toVotes(p.againstVotes),
    abstainVotes: toVotes(p.abstainVotes),
  };
  const shares = voteShares(tally);
  const progress = quorumProgress(
    tally,
    quorum ?? (p.quorum === null ? undefined : toVotes(p.quorum)),
  );
  const next =
    mode && now !== undefined
      ? nextMilestone(
          state,
          {
            voteStart: toVotes(p.voteStart),
            voteEnd: toVotes(p.voteEnd),
            eta: p.eta === null ? null : toVotes(p.eta),
          },
          now,
          mode,
        )
      : undefined;
  return (
    <tr data-testid={`proposal-${p.proposalId}`}>
      <td>
        <Link to={p.proposalId}>{proposalTitle(p.description)}</Link>
      </td>
      <td>
        <StateBadge state={state} />
      </td>
      <td>
        <span className="gov-tally">
          For {formatAmount(tally.forVotes, 18, 0)} ({formatPercent(shares.for)}) · Against{" "}
          {formatAmount(tally.againstVotes, 18, 0)} · Abstain{" "}
          {formatAmount(tally.abstainVotes, 18, 0)}
        </span>
      </td>
      <td className="gov-quorum-cell">
        <QuorumLine progress={progress} />
      </td>
      <td>{next ?? "—"}</td>
    </tr>
  );
}
