// One proposal: what it does (each action decoded against the deployment's ABIs), its description,
// the tally and quorum, what comes next and when, every vote with its reason, and the buttons its
// state allows: vote For/Against/Abstain with a reason while active, queue once succeeded, execute
// once the Timelock's delay has passed.
import { fluxionGovernorAbi } from "@fluxion/deploy";
import { useState } from "react";
import { Link, useParams } from "react-router";
import type { Address, Hex } from "viem";
import { useConnection, useReadContracts } from "wagmi";
import { contractAddress } from "../../lib/deployment.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount, shortAddress } from "../../ui/format.ts";
import { Empty, QueryView } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import {
  type DecodedAction,
  decodeAction,
  descriptionHash,
  proposalBody,
  proposalTitle,
} from "./actions.ts";
import { type ClockMode, countdown, formatUtc } from "./clock.ts";
import { useGovernorInfo } from "./governor.ts";
import { QuorumLine, Stat, StateBadge, VoteBars } from "./parts.tsx";
import {
  availableActions,
  nextMilestone,
  type ProposalState,
  stateFromChain,
  stateFromIndexer,
  stateInfo,
  supportLabel,
  supportOptions,
} from "./proposalState.ts";
import { liveInterval, type ProposalDetailRow, useChainNow, useProposal } from "./queries.ts";
import { quorumProgress, toVotes } from "./tally.ts";

export function ProposalPage({ chainId }: { chainId: number }) {
  const { proposalId = "" } = useParams();
  if (!/^\d{1,78}$/.test(proposalId)) {
    return (
      <Empty>
        That is not a proposal id. <Link to="/governance">All proposals</Link>
      </Empty>
    );
  }
  return <ProposalView chainId={chainId} proposalId={proposalId} />;
}

function ProposalView({ chainId, proposalId }: { chainId: number; proposalId: string }) {
  const query = useProposal(chainId, proposalId);
  return (
    <>
      <p>
        <Link to="/governance">← All proposals</Link>
      </p>
      <QueryView
        query={query}
        what="the proposal"
        isEmpty={(p) => p === null}
        empty="This proposal is not indexed (yet). If you just created it, it appears in a moment."
      >
        {(p) => <ProposalBody chainId={chainId} p={p as ProposalDetailRow} />}
      </QueryView>
    </>
  );
}

function ProposalBody({ chainId, p }: { chainId: number; p: ProposalDetailRow }) {
  const { address } = useConnection();
  const info = useGovernorInfo(chainId);
  const mode = info.data?.mode;
  const clock = useChainNow(chainId, mode);
  const id = BigInt(p.proposalId);
  const governor = {
    chainId,
    address: contractAddress(chainId, "FluxionGovernor"),
    abi: fluxionGovernorAbi,
  } as const;
  const voteStart = toVotes(p.voteStart);
  const account = (address ?? "0x0000000000000000000000000000000000000001") as Address;
  const chain = useReadContracts({
    contracts: [
      { ...governor, functionName: "state", args: [id] },
      { ...governor, functionName: "proposalNeedsQueuing", args: [id] },
      { ...governor, functionName: "proposalEta", args: [id] },
      { ...governor, functionName: "proposalVotes", args: [id] },
      { ...governor, functionName: "quorum", args: [voteStart] },
      { ...governor, functionName: "hasVoted", args: [id, account] },
      { ...governor, functionName: "getVotes", args: [account, voteStart] },
    ],
    query: { refetchInterval: liveInterval },
  });
  const ok = <T,>(i: number): T | undefined =>
    chain.data?.[i]?.status === "success" ? (chain.data[i].result as T) : undefined;
  // The chain's own state wins; the indexer's is the fallback while the chain read is pending.
  const state: ProposalState | undefined =
    stateFromChain(ok<number>(0)) ?? stateFromIndexer(p.state);
  const needsQueuing = ok<boolean>(1) ?? true;
  const eta = ok<bigint>(2) ?? (p.eta === null ? null : toVotes(p.eta));
  const votes = ok<readonly [bigint, bigint, bigint]>(3);
  const tally = votes
    ? { againstVotes: votes[0], forVotes: votes[1], abstainVotes: votes[2] }
    : {
        forVotes: toVotes(p.forVotes),
        againstVotes: toVotes(p.againstVotes),
        abstainVotes: toVotes(p.abstainVotes),
      };
  const quorum = ok<bigint>(4) ?? (p.quorum === null ? undefined : toVotes(p.quorum));
  const hasVoted = address ? ok<boolean>(5) : undefined;
  const weight = address ? ok<bigint>(6) : undefined;
  const myVote = address
    ? p.votes.items.find((v) => v.voter.toLowerCase() === address.toLowerCase())
    : undefined;

  const actions = availableActions(state, {
    needsQueuing,
    etaSeconds: eta,
    nowSeconds: clock.seconds,
    hasVoted: hasVoted ?? false,
  });
  const times = { voteStart, voteEnd: toVotes(p.voteEnd), eta };
  const milestone =
    mode && clock.now !== undefined ? nextMilestone(state, times, clock.now, mode) : undefined;
  // Actions have no identity but their position in the proposal (the same call may appear twice).
  const decoded = p.targets.map((target, i) => ({
    key: `action-${i}`,
    action: decodeAction(chainId, target, p.values[i] ?? "0", p.calldatas[i] ?? "0x"),
  }));

  return (
    <>
      <section className="card" aria-labelledby="proposal-title">
        <h2 id="proposal-title">{proposalTitle(p.description)}</h2>
        <div className="row">
          <StateBadge state={state} />
          {state ? <span className="muted">{stateInfo[state].meaning}</span> : null}
        </div>
        {milestone ? (
          <p role="status" data-testid="milestone">
            {milestone}
          </p>
        ) : null}
        <dl className="preview gov-facts">
          <dt>Proposal id</dt>
          <dd>
            <code title={p.proposalId}>{shortId(p.proposalId)}</code>
          </dd>
          <dt>Proposer</dt>
          <dd>
            <code title={p.proposer}>{shortAddress(p.proposer)}</code>
          </dd>
          <dt>Voting starts</dt>
          <dd>{timeText(voteStart + 1n, mode)}</dd>
          <dt>Voting ends</dt>
          <dd>{timeText(times.voteEnd, mode)}</dd>
          {eta ? (
            <>
              <dt>Executable from</dt>
              <dd>
                {formatUtc(eta)}
                {clock.seconds !== undefined
                  ? ` (${countdown(eta, clock.seconds, "timestamp")})`
                  : ""}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <div className="grid">
        <section className="card" aria-labelledby="proposal-tally">
          <h2 id="proposal-tally">Results</h2>
          <VoteBars tally={tally} />
          <QuorumLine progress={quorumProgress(tally, quorum)} />
        </section>
        <section className="card" aria-labelledby="proposal-act">
          <h2 id="proposal-act">Your part</h2>
          <ActPanel
            chainId={chainId}
            p={p}
            state={state}
            actions={actions}
            connected={!!address}
            hasVoted={hasVoted}
            myVote={myVote ? supportLabel(myVote.support) : undefined}
            weight={weight}
            eta={eta}
          />
        </section>
      </div>
      <section className="card" aria-labelledby="proposal-actions">
        <h2 id="proposal-actions">Actions</h2>
        <p className="hint">
          Executed by the Timelock (<code>{contractAddress(chainId, "FluxionTimelock")}</code>) in
          this order, all or none.
        </p>
        <ol className="gov-actions">
          {decoded.map(({ key, action }) => (
            <li key={key}>
              <ActionView action={action} />
            </li>
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="proposal-description">
        <h2 id="proposal-description">Description</h2>
        <div className="gov-description">
          {proposalBody(p.description) || "No further description."}
        </div>
      </section>
      <section className="card" aria-labelledby="proposal-votes">
        <h2 id="proposal-votes">Votes ({p.votes.items.length})</h2>
        {p.votes.items.length === 0 ? (
          <Empty>No votes yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid="vote-list">
              <thead>
                <tr>
                  <th scope="col">Voter</th>
                  <th scope="col">Vote</th>
                  <th scope="col" className="num">
                    Weight (FLX)
                  </th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {p.votes.items.map((v) => (
                  <tr key={v.voter}>
                    <td>
                      <code title={v.voter}>{shortAddress(v.voter)}</code>
                    </td>
                    <td>{supportLabel(v.support)}</td>
                    <td className="num">{formatAmount(v.weight, 18, 2)}</td>
                    <td className="gov-reason">{v.reason || <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id;
}

function timeText(at: bigint, mode: ClockMode | undefined): string {
  return mode === "blocknumber" ? `block ${at}` : formatUtc(at);
}

export function ActionView({ action }: { action: DecodedAction }) {
  return (
    <div className="gov-action" data-testid="decoded-action">
      <div>
        <strong>{action.targetLabel}</strong>
        {action.functionName ? (
          <>
            {" "}
            · <code>{action.signature ?? action.functionName}</code>
          </>
        ) : null}
        {action.value > 0n ? ` · sends ${formatAmount(action.value, 18)} ETH` : ""}
      </div>
      {action.known && action.target !== action.targetLabel ? (
        <div className="muted">
          <code>{action.target}</code>
        </div>
      ) : null}
      {action.args.length > 0 ? (
        <dl className="gov-args">
          {action.args.map((arg) => (
            <div key={arg.name}>
              <dt>
                {arg.name} <span className="muted">({arg.type})</span>
              </dt>
              <dd>{arg.display}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {action.problem ? (
        <>
          <p className="warn-text">{action.problem}</p>
          <details>
            <summary>Raw calldata</summary>
            <code className="gov-raw">{action.calldata}</code>
          </details>
        </>
      ) : null}
    </div>
  );
}

function ActPanel({
  chainId,
  p,
  state,
  actions,
  connected,
  hasVoted,
  myVote,
  weight,
  eta,
}: {
  chainId: number;
  p: ProposalDetailRow;
  state: ProposalState | undefined;
  actions: ReturnType<typeof availableActions>;
  connected: boolean;
  hasVoted: boolean | undefined;
  myVote: string | undefined;
  weight: bigint | undefined;
  eta: bigint | null;
}) {
  const tx = useTransaction();
  const governor = contractAddress(chainId, "FluxionGovernor");
  const calls = {
    targets: p.targets as Address[],
    values: p.values.map((v) => toVotes(v)),
    calldatas: p.calldatas as Hex[],
  };
  const hash = descriptionHash(p.description);
  const total = calls.values.reduce((a, b) => a + b, 0n);
  return (
    <div className="form">
      {!connected ? (
        <p className="muted">Connect a wallet to vote.</p>
      ) : hasVoted ? (
        <p className="ok" data-testid="you-voted">
          You voted{myVote ? ` ${myVote}` : ""}.
        </p>
      ) : null}
      {connected && weight !== undefined ? (
        <Stat
          label="Your votes at the snapshot"
          value={`${formatAmount(weight, 18, 2)} FLX`}
          testId="vote-weight"
        />
      ) : null}
      {connected && state === "pending" ? (
        <p className="hint">
          Voting has not started. Your votes are counted as of the snapshot, when voting starts:
          delegate or receive FLX before then.
        </p>
      ) : null}
      {connected && actions.vote ? (
        <VoteForm chainId={chainId} proposalId={BigInt(p.proposalId)} weight={weight} tx={tx} />
      ) : null}
      {actions.queue ? (
        <button
          type="button"
          className="button"
          disabled={tx.busy}
          onClick={() =>
            void tx.send(chainId, [
              {
                label: "Queue the proposal in the Timelock",
                address: governor,
                abi: fluxionGovernorAbi,
                functionName: "queue",
                args: [calls.targets, calls.values, calls.calldatas, hash],
              },
            ])
          }
        >
          Queue
        </button>
      ) : null}
      {actions.execute ? (
        <button
          type="button"
          className="button"
          disabled={tx.busy}
          onClick={() =>
            void tx.send(chainId, [
              {
                label: "Execute the proposal",
                address: governor,
                abi: fluxionGovernorAbi,
                functionName: "execute",
                args: [calls.targets, calls.values, calls.calldatas, hash],
                value: total,
              },
            ])
          }
        >
          Execute
        </button>
      ) : null}
      {state === "queued" && !actions.execute && eta ? (
        <p className="hint">The Timelock allows execution from {formatUtc(eta)}.</p>
      ) : null}
      {(state === "succeeded" || state === "queued") && (actions.queue || actions.execute) ? (
        <p className="hint">Anyone may do this; it costs only gas.</p>
      ) : null}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}

function VoteForm({
  chainId,
  proposalId,
  weight,
  tx,
}: {
  chainId: number;
  proposalId: bigint;
  weight: bigint | undefined;
  tx: ReturnType<typeof useTransaction>;
}) {
  const [support, setSupport] = useState<number | undefined>(undefined);
  const [reason, setReason] = useState("");
  const tooLong = reason.length > 2000;
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (support === undefined || tooLong) return;
        const done = await tx.send(chainId, [
          {
            label: `Vote ${supportLabel(support)}`,
            address: contractAddress(chainId, "FluxionGovernor"),
            abi: fluxionGovernorAbi,
            functionName: "castVoteWithReason",
            args: [proposalId, support, reason.trim()],
          },
        ]);
        if (done) setReason("");
      }}
    >
      <fieldset className="gov-support">
        <legend>Your vote</legend>
        {supportOptions.map((o) => (
          <label key={o.value} className="row">
            <input
              type="radio"
              name="support"
              value={o.value}
              checked={support === o.value}
              onChange={() => setSupport(o.value)}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="vote-reason">Reason (optional, public)</label>
        <textarea
          id="vote-reason"
          rows={3}
          value={reason}
          aria-invalid={tooLong}
          onChange={(e) => setReason(e.target.value)}
        />
        {tooLong ? <span className="error">Keep the reason under 2,000 characters.</span> : null}
      </div>
      {weight === 0n ? (
        <p className="warn-text">
          You had no votes at this proposal's snapshot: your vote would count zero.
        </p>
      ) : null}
      <button
        type="submit"
        className="button"
        disabled={tx.busy || support === undefined || tooLong}
      >
        Cast vote
      </button>
    </form>
  );
}
