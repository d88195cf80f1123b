// A parameter-change proposal from a form: pick the parameter (a pool's swap fee, a synth's mint and
// burn fees, an oracle heartbeat, the unstake cooldown, the stakers' share of fees), see its current
// value, type the new one; the call is encoded from the generated ABIs, shown decoded for review,
// checked against the Timelock's role on the target (the Timelock is who will make the call) and
// simulated as the Timelock, and the proposer's votes are checked against the proposal threshold.
import {
  fluxionGovernanceTokenAbi,
  fluxionGovernorAbi,
  liquidityPoolManagerAbi,
  priceOracleAbi,
  syntheticAssetFactoryAbi,
  treasuryAbi,
} from "@fluxion/deploy";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Abi, Address, Hex } from "viem";
import { useConfig, useConnection, useReadContract, useReadContracts } from "wagmi";
import { simulateContract } from "wagmi/actions";
import { contractAddress, poolsOf, tokensOf } from "../../lib/deployment.ts";
import { decodeError } from "../../tx/decodeError.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount } from "../../ui/format.ts";
import { Empty, ErrorState, Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import {
  buildDescription,
  buildParameterChange,
  decodeAction,
  type FeedConfig,
  formatWadPercent,
  hashProposal,
  type ParameterChange,
  parseSeconds,
  percentToWad,
  type SynthParams,
} from "./actions.ts";
import { formatDuration } from "./clock.ts";
import { ActionView } from "./ProposalDetail.tsx";

type Kind = "swapFee" | "synthFees" | "heartbeat" | "unstakeCooldown" | "stakerShare";

const kinds: { value: Kind; label: string }[] = [
  { value: "swapFee", label: "A pool's swap fee" },
  { value: "synthFees", label: "A synth's mint and burn fees" },
  { value: "heartbeat", label: "An oracle feed's heartbeat" },
  { value: "unstakeCooldown", label: "The FLX unstake cooldown" },
  { value: "stakerShare", label: "The stakers' share of protocol fees" },
];

/** What a parameter form produced: a change ready to encode, or why not yet. */
export type Draft = { change?: ParameterChange; title: string; problem?: string };

type FieldsProps = { chainId: number; children: (draft: Draft) => ReactNode };

export function CreateProposal({ chainId }: { chainId: number }) {
  const [kind, setKind] = useState<Kind>("swapFee");
  const [title, setTitle] = useState<string | undefined>(undefined);
  const [body, setBody] = useState("");
  const review = (draft: Draft) => (
    <Review
      chainId={chainId}
      draft={draft}
      title={title ?? draft.title}
      setTitle={setTitle}
      body={body}
      setBody={setBody}
    />
  );
  const Fields = {
    swapFee: SwapFeeFields,
    synthFees: SynthFeesFields,
    heartbeat: HeartbeatFields,
    unstakeCooldown: CooldownFields,
    stakerShare: StakerShareFields,
  }[kind];
  return (
    <>
      <p>
        <Link to="/governance">← All proposals</Link>
      </p>
      <section className="card" aria-labelledby="new-proposal">
        <h2 id="new-proposal">New parameter change</h2>
        <p className="hint">
          Protocol parameters belong to the Timelock: only it may call these setters. If the vote
          passes, the proposal is queued in the Timelock, which makes the call after its delay.
        </p>
        <div className="form">
          <div className="field">
            <label htmlFor="proposal-kind">Parameter to change</label>
            <select
              id="proposal-kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setTitle(undefined);
              }}
            >
              {kinds.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <Fields chainId={chainId}>{review}</Fields>
        </div>
      </section>
    </>
  );
}

// ---------------------------------------------------------------- the parameter forms

function Current({ label, value }: { label: string; value: string | undefined }) {
  return (
    <p className="hint" data-testid="current-value">
      {label}: <strong>{value ?? "…"}</strong>
    </p>
  );
}

function SwapFeeFields({ chainId, children }: FieldsProps) {
  const pools = poolsOf(chainId);
  const [poolId, setPoolId] = useState<Hex | undefined>(pools[0]?.poolId);
  const [text, setText] = useState("");
  const manager = {
    chainId,
    address: contractAddress(chainId, "LiquidityPoolManager"),
    abi: liquidityPoolManagerAbi,
  } as const;
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...manager, functionName: "getPoolState", args: [poolId ?? "0x"] },
      { ...manager, functionName: "MIN_SWAP_FEE" },
      { ...manager, functionName: "MAX_SWAP_FEE" },
    ],
    query: { enabled: poolId !== undefined },
  });
  if (!poolId) return <Empty>No pools are deployed on this chain.</Empty>;
  const pool = pools.find((p) => p.poolId === poolId);
  const current = reads.data?.[0][4];
  const [min, max] = [reads.data?.[1], reads.data?.[2]];
  const fee = percentToWad(text);
  let problem: string | undefined;
  if (text.trim() === "") problem = "Enter the new swap fee.";
  else if (fee === undefined) problem = "Enter a percentage, like 0.25 for 0.25%.";
  else if (min !== undefined && max !== undefined && (fee < min || fee > max)) {
    problem = `The swap fee must be between ${formatWadPercent(min)} and ${formatWadPercent(max)}.`;
  } else if (fee === current) problem = "That is the current fee.";
  const name = pool?.name ?? poolId;
  return (
    <>
      <div className="field">
        <label htmlFor="param-pool">Pool</label>
        <select id="param-pool" value={poolId} onChange={(e) => setPoolId(e.target.value as Hex)}>
          {pools.map((p) => (
            <option key={p.poolId} value={p.poolId}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {reads.error ? <ErrorState error={reads.error} retry={() => void reads.refetch()} /> : null}
      <Current
        label="Current swap fee"
        value={current === undefined ? undefined : formatWadPercent(current)}
      />
      <PercentField
        id="param-swap-fee"
        label="New swap fee (%)"
        value={text}
        onChange={setText}
        problem={text ? problem : undefined}
      />
      {children({
        change:
          problem || fee === undefined ? undefined : { kind: "swapFee", poolId, swapFee: fee },
        title:
          fee === undefined
            ? `Change the ${name} swap fee`
            : `Set the ${name} swap fee${current === undefined ? "" : ` from ${formatWadPercent(current)}`} to ${formatWadPercent(fee)}`,
        problem,
      })}
    </>
  );
}

function SynthFeesFields({ chainId, children }: FieldsProps) {
  const synths = tokensOf(chainId).filter((t) => t.kind === "synth");
  const [synth, setSynth] = useState<Address | undefined>(synths[0]?.address);
  const [mintText, setMintText] = useState("");
  const [burnText, setBurnText] = useState("");
  const factory = {
    chainId,
    address: contractAddress(chainId, "SyntheticAssetFactory"),
    abi: syntheticAssetFactoryAbi,
  } as const;
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      {
        ...factory,
        functionName: "synthConfig",
        args: [synth ?? "0x0000000000000000000000000000000000000000"],
      },
      { ...factory, functionName: "MAX_FEE" },
    ],
    query: { enabled: synth !== undefined },
  });
  if (!synth) return <Empty>No synths are deployed on this chain.</Empty>;
  const symbol = synths.find((s) => s.address === synth)?.symbol ?? synth;
  const current: SynthParams | undefined = reads.data?.[0]
    ? {
        debtCeiling: reads.data[0].debtCeiling,
        mintFee: reads.data[0].mintFee,
        burnFee: reads.data[0].burnFee,
        active: reads.data[0].active,
      }
    : undefined;
  const maxFee = reads.data?.[1];
  const mint = mintText.trim() === "" ? current?.mintFee : percentToWad(mintText);
  const burn = burnText.trim() === "" ? current?.burnFee : percentToWad(burnText);
  const check = (text: string, value: bigint | undefined, what: string) => {
    if (text.trim() === "") return undefined;
    if (value === undefined) return `Enter the ${what} as a percentage, like 0.3 for 0.3%.`;
    if (maxFee !== undefined && value > maxFee)
      return `The ${what} may be at most ${formatWadPercent(maxFee)}.`;
    return undefined;
  };
  const mintProblem = check(mintText, mint, "mint fee");
  const burnProblem = check(burnText, burn, "burn fee");
  let problem = mintProblem ?? burnProblem;
  if (!problem && !current) problem = "Reading the current fees…";
  if (!problem && mint === current?.mintFee && burn === current?.burnFee) {
    problem = "Enter a new mint fee, burn fee or both.";
  }
  const change: ParameterChange | undefined =
    !problem && current && mint !== undefined && burn !== undefined
      ? { kind: "synthFees", synth, current, mintFee: mint, burnFee: burn }
      : undefined;
  return (
    <>
      <div className="field">
        <label htmlFor="param-synth">Synth</label>
        <select
          id="param-synth"
          value={synth}
          onChange={(e) => setSynth(e.target.value as Address)}
        >
          {synths.map((s) => (
            <option key={s.address} value={s.address}>
              {s.symbol}
            </option>
          ))}
        </select>
      </div>
      {reads.error ? <ErrorState error={reads.error} retry={() => void reads.refetch()} /> : null}
      <Current
        label="Current fees"
        value={
          current
            ? `mint ${formatWadPercent(current.mintFee)}, burn ${formatWadPercent(current.burnFee)}`
            : undefined
        }
      />
      <PercentField
        id="param-mint-fee"
        label="New mint fee (%), empty to keep"
        value={mintText}
        onChange={setMintText}
        problem={mintProblem}
      />
      <PercentField
        id="param-burn-fee"
        label="New burn fee (%), empty to keep"
        value={burnText}
        onChange={setBurnText}
        problem={burnProblem}
      />
      {children({
        change,
        title:
          change?.kind === "synthFees"
            ? `Set ${symbol} fees to mint ${formatWadPercent(change.mintFee)} and burn ${formatWadPercent(change.burnFee)}`
            : `Change the ${symbol} mint and burn fees`,
        problem,
      })}
    </>
  );
}

function HeartbeatFields({ chainId, children }: FieldsProps) {
  const assets = tokensOf(chainId).filter((t) => t.kind === "synth" || t.kind === "collateral");
  const [asset, setAsset] = useState<Address | undefined>(assets[0]?.address);
  const [text, setText] = useState("");
  const feed = useReadContract({
    chainId,
    address: contractAddress(chainId, "PriceOracle"),
    abi: priceOracleAbi,
    functionName: "feedOf",
    args: [asset ?? "0x0000000000000000000000000000000000000000"],
    query: { enabled: asset !== undefined },
  });
  if (!asset) return <Empty>No priced assets on this chain.</Empty>;
  const symbol = assets.find((a) => a.address === asset)?.symbol ?? asset;
  const current: FeedConfig | undefined = feed.data
    ? {
        aggregator: feed.data.aggregator,
        heartbeat: feed.data.heartbeat,
        maxDeviation: feed.data.maxDeviation,
        rearmRounds: feed.data.rearmRounds,
      }
    : undefined;
  const heartbeat = parseSeconds(text, 1n, 4_294_967_295n);
  let problem: string | undefined;
  if (text.trim() === "") problem = "Enter the new heartbeat.";
  else if (heartbeat === undefined) problem = "Enter whole seconds, from 1 to 4,294,967,295.";
  else if (!current) problem = "Reading the current feed…";
  else if (Number(heartbeat) === current.heartbeat) problem = "That is the current heartbeat.";
  return (
    <>
      <div className="field">
        <label htmlFor="param-asset">Asset</label>
        <select
          id="param-asset"
          value={asset}
          onChange={(e) => setAsset(e.target.value as Address)}
        >
          {assets.map((a) => (
            <option key={a.address} value={a.address}>
              {a.symbol}
            </option>
          ))}
        </select>
      </div>
      {feed.error ? <ErrorState error={feed.error} retry={() => void feed.refetch()} /> : null}
      <Current
        label="Current heartbeat"
        value={
          current ? `${current.heartbeat} s (${formatDuration(current.heartbeat)})` : undefined
        }
      />
      <SecondsField
        id="param-heartbeat"
        label="New heartbeat (seconds)"
        value={text}
        onChange={setText}
        problem={text ? problem : undefined}
      />
      <p className="hint">
        A price older than its heartbeat counts as stale. Setting the feed again re-arms its circuit
        breaker at the feed's answer at execution time.
      </p>
      {children({
        change:
          problem || heartbeat === undefined || !current
            ? undefined
            : { kind: "heartbeat", asset, current, heartbeat: Number(heartbeat) },
        title:
          heartbeat === undefined
            ? `Change the ${symbol} oracle heartbeat`
            : `Set the ${symbol} oracle heartbeat to ${formatDuration(heartbeat)}`,
        problem,
      })}
    </>
  );
}

function CooldownFields({ chainId, children }: FieldsProps) {
  const token = {
    chainId,
    address: contractAddress(chainId, "FluxionGovernanceToken"),
    abi: fluxionGovernanceTokenAbi,
  } as const;
  const [text, setText] = useState("");
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...token, functionName: "unstakeCooldown" },
      { ...token, functionName: "MAX_UNSTAKE_COOLDOWN" },
    ],
  });
  const current = reads.data?.[0];
  const max = reads.data?.[1];
  const cooldown = parseSeconds(text, 0n, BigInt(max ?? 2_592_000));
  let problem: string | undefined;
  if (text.trim() === "") problem = "Enter the new cooldown.";
  else if (cooldown === undefined) {
    problem = `Enter whole seconds, from 0 to ${max ?? 2_592_000} (${formatDuration(max ?? 2_592_000)}).`;
  } else if (current !== undefined && Number(cooldown) === current)
    problem = "That is the current cooldown.";
  return (
    <>
      {reads.error ? <ErrorState error={reads.error} retry={() => void reads.refetch()} /> : null}
      <Current
        label="Current unstake cooldown"
        value={current === undefined ? undefined : `${current} s (${formatDuration(current)})`}
      />
      <SecondsField
        id="param-cooldown"
        label="New unstake cooldown (seconds)"
        value={text}
        onChange={setText}
        problem={text ? problem : undefined}
      />
      {children({
        change:
          problem || cooldown === undefined
            ? undefined
            : { kind: "unstakeCooldown", cooldown: Number(cooldown) },
        title:
          cooldown === undefined
            ? "Change the FLX unstake cooldown"
            : `Set the FLX unstake cooldown to ${formatDuration(cooldown)}`,
        problem,
      })}
    </>
  );
}

function StakerShareFields({ chainId, children }: FieldsProps) {
  const treasury = {
    chainId,
    address: contractAddress(chainId, "Treasury"),
    abi: treasuryAbi,
  } as const;
  const [text, setText] = useState("");
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...treasury, functionName: "stakerShare" },
      { ...treasury, functionName: "MAX_STAKER_SHARE" },
    ],
  });
  const current = reads.data?.[0];
  const max = reads.data?.[1];
  const share = percentToWad(text);
  let problem: string | undefined;
  if (text.trim() === "") problem = "Enter the new share.";
  else if (share === undefined) problem = "Enter a percentage, like 40 for 40%.";
  else if (max !== undefined && share > max)
    problem = `The share may be at most ${formatWadPercent(max)}.`;
  else if (share === current) problem = "That is the current share.";
  return (
    <>
      {reads.error ? <ErrorState error={reads.error} retry={() => void reads.refetch()} /> : null}
      <Current
        label="Current stakers' share"
        value={current === undefined ? undefined : formatWadPercent(current)}
      />
      <PercentField
        id="param-staker-share"
        label="New stakers' share (%)"
        value={text}
        onChange={setText}
        problem={text ? problem : undefined}
      />
      {children({
        change: problem || share === undefined ? undefined : { kind: "stakerShare", share },
        title:
          share === undefined
            ? "Change the stakers' share of fees"
            : `Set the stakers' share of fees to ${formatWadPercent(share)}`,
        problem,
      })}
    </>
  );
}

function PercentField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  problem: string | undefined;
}) {
  return <InputField {...props} inputMode="decimal" />;
}

function SecondsField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  problem: string | undefined;
}) {
  return <InputField {...props} inputMode="numeric" />;
}

function InputField({
  id,
  label,
  value,
  onChange,
  problem,
  inputMode,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  problem: string | undefined;
  inputMode: "decimal" | "numeric";
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode={inputMode}
        autoComplete="off"
        value={value}
        aria-invalid={!!problem}
        aria-describedby={`${id}-problem`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-problem`} className="error">
        {problem ?? ""}
      </span>
    </div>
  );
}

// ---------------------------------------------------------------- review and submit

function Review({
  chainId,
  draft,
  title,
  setTitle,
  body,
  setBody,
}: {
  chainId: number;
  draft: Draft;
  title: string;
  setTitle: (v: string) => void;
  body: string;
  setBody: (v: string) => void;
}) {
  const { address } = useConnection();
  const config = useConfig();
  const navigate = useNavigate();
  const tx = useTransaction();
  const governor = {
    chainId,
    address: contractAddress(chainId, "FluxionGovernor"),
    abi: fluxionGovernorAbi,
  } as const;
  const timelock = contractAddress(chainId, "FluxionTimelock");
  const built = draft.change ? buildParameterChange(chainId, draft.change) : undefined;
  const decoded = built
    ? decodeAction(chainId, built.targets[0] as string, 0n, built.calldatas[0] as string)
    : undefined;

  const rules = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...governor, functionName: "clock" },
      { ...governor, functionName: "proposalThreshold" },
    ],
    query: { refetchInterval: 5_000 },
  });
  const clock = rules.data?.[0];
  const threshold = rules.data?.[1];
  // Governor.propose checks the proposer's votes one tick before now.
  const votes = useReadContract({
    ...governor,
    functionName: "getVotes",
    args: [
      (address ?? "0x0000000000000000000000000000000000000001") as Address,
      clock === undefined ? 0n : BigInt(clock) - 1n,
    ],
    query: { enabled: !!address && clock !== undefined, refetchInterval: 5_000 },
  });
  const role = useReadContract({
    chainId,
    address: built?.targets[0],
    abi: (built?.abi ?? liquidityPoolManagerAbi) as typeof liquidityPoolManagerAbi,
    functionName: "hasRole",
    args: [built?.role.id ?? "0x", timelock],
    query: { enabled: !!built },
  });
  const simulation = useQuery({
    queryKey: [
      "governance",
      "simulate-as-timelock",
      chainId,
      built?.targets[0],
      built?.calldatas[0],
    ],
    enabled: !!built,
    retry: false,
    queryFn: async () => {
      if (!built) return null;
      try {
        await simulateContract(config, {
          chainId,
          account: timelock,
          address: built.targets[0] as Address,
          abi: built.abi as Abi,
          functionName: built.functionName,
          args: built.args,
        } as never);
        return { ok: true as const };
      } catch (error) {
        return { ok: false as const, error: decodeError(error) };
      }
    },
  });

  const description = buildDescription(title, body);
  const shortVotes = votes.data !== undefined && threshold !== undefined && votes.data < threshold;
  const titleProblem = title.trim() === "" ? "Give the proposal a title." : undefined;
  const canSubmit =
    !!address && !!built && !titleProblem && !shortVotes && votes.data !== undefined && !tx.busy;

  return (
    <>
      <div className="field">
        <label htmlFor="proposal-title-input">Title</label>
        <input
          id="proposal-title-input"
          value={title}
          maxLength={200}
          aria-invalid={!!titleProblem}
          onChange={(e) => setTitle(e.target.value)}
        />
        {titleProblem ? <span className="error">{titleProblem}</span> : null}
      </div>
      <div className="field">
        <label htmlFor="proposal-body">Description (why this change)</label>
        <textarea
          id="proposal-body"
          rows={5}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <section className="gov-review" aria-labelledby="review-heading">
        <h3 id="review-heading">Review</h3>
        {!built || !decoded ? (
          <p className="muted">{draft.problem ?? "Fill in the new value to see the action."}</p>
        ) : (
          <>
            <ActionView action={decoded} />
            <dl className="preview">
              <dt>Called by</dt>
              <dd>
                Timelock <code>{timelock}</code>
              </dd>
              <dt>Timelock holds {built.role.name}</dt>
              <dd data-testid="timelock-role">
                {role.data === undefined ? "…" : role.data ? "yes" : "no: the call would fail"}
              </dd>
              <dt>Simulated as the Timelock</dt>
              <dd data-testid="timelock-simulation">
                {simulation.data === undefined
                  ? "…"
                  : simulation.data === null
                    ? "—"
                    : simulation.data.ok
                      ? "succeeds today"
                      : `fails today: ${simulation.data.error.message}`}
              </dd>
            </dl>
          </>
        )}
      </section>
      {!address ? (
        <p className="muted">Connect a wallet to propose.</p>
      ) : rules.isPending || votes.isPending ? (
        <Loading what="your votes" />
      ) : rules.error ? (
        <ErrorState error={rules.error} retry={() => void rules.refetch()} />
      ) : (
        <p className={shortVotes ? "warn-text" : "hint"} data-testid="proposer-votes">
          Your votes: {formatAmount(votes.data ?? 0n, 18, 2)} FLX; proposing needs{" "}
          {formatAmount(threshold ?? 0n, 18, 2)} FLX.
          {shortVotes ? " Get or be delegated more FLX first." : ""}
        </p>
      )}
      <button
        type="button"
        className="button"
        disabled={!canSubmit}
        onClick={async () => {
          if (!built) return;
          const done = await tx.send(chainId, [
            {
              label: "Submit the proposal",
              address: governor.address,
              abi: fluxionGovernorAbi,
              functionName: "propose",
              args: [built.targets, built.values, built.calldatas, description],
            },
          ]);
          if (done) navigate(`/governance/${hashProposal(built, description)}`);
        }}
      >
        Submit proposal
      </button>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </>
  );
}
