// The connected account's side of governance: voting power and delegate (delegate to yourself or to
// an address), FLX staking in place (stake, request an unstake and watch its cooldown), and the
// protocol fees earned as a staker (claim per token or all at once).
import { fluxionGovernanceTokenAbi } from "@fluxion/deploy";
import { useState } from "react";
import type { Address } from "viem";
import { useReadContracts } from "wagmi";
import { contractAddress, tokenByAddress } from "../../lib/deployment.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount, parseAmount, relativeTime, shortAddress } from "../../ui/format.ts";
import { Empty, ErrorState, Loading } from "../../ui/States.tsx";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { parseAddressInput, sameAddress } from "./address.ts";
import { countdown, formatDuration, formatUtc } from "./clock.ts";
import { Stat } from "./parts.tsx";
import { liveInterval, useGovernanceHistory } from "./queries.ts";

const flx = (v: bigint | string) => formatAmount(v, 18, 4);

export function AccountPanel({
  chainId,
  account,
  nowSeconds,
}: {
  chainId: number;
  account: Address;
  nowSeconds: bigint | undefined;
}) {
  const token = contractAddress(chainId, "FluxionGovernanceToken");
  const base = { chainId, address: token, abi: fluxionGovernanceTokenAbi } as const;
  const reads = useReadContracts({
    allowFailure: false,
    contracts: [
      { ...base, functionName: "balanceOf", args: [account] },
      { ...base, functionName: "getVotes", args: [account] },
      { ...base, functionName: "delegates", args: [account] },
      { ...base, functionName: "stakedOf", args: [account] },
      { ...base, functionName: "coolingOf", args: [account] },
      { ...base, functionName: "cooldownEndOf", args: [account] },
      { ...base, functionName: "unlockedBalanceOf", args: [account] },
      { ...base, functionName: "unstakeCooldown" },
      { ...base, functionName: "rewardTokens" },
    ],
    query: { refetchInterval: liveInterval },
  });
  if (reads.isPending) return <Loading what="your votes and stake" />;
  if (reads.error) return <ErrorState error={reads.error} retry={() => void reads.refetch()} />;
  const [balance, votes, delegate, staked, cooling, cooldownEnd, unlocked, cooldown, rewardTokens] =
    reads.data;
  return (
    <div className="grid">
      <section className="card" aria-labelledby="gov-votes">
        <h2 id="gov-votes">Your votes</h2>
        <div className="stats">
          <Stat label="Voting power" value={`${flx(votes)} FLX`} testId="voting-power" />
          <Stat label="FLX balance" value={flx(balance)} testId="flx-balance" />
          <Stat
            label="Delegate"
            value={sameAddress(delegate, account) ? "Yourself" : shortAddress(delegate)}
            testId="current-delegate"
          />
        </div>
        {!sameAddress(delegate, account) ? (
          <p className="hint">
            Your votes go to <code>{delegate}</code>.
          </p>
        ) : null}
        <DelegateForm chainId={chainId} account={account} token={token} />
      </section>
      <section className="card" aria-labelledby="gov-stake">
        <h2 id="gov-stake">Staking</h2>
        <div className="stats">
          <Stat label="Staked" value={`${flx(staked)} FLX`} testId="staked" />
          <Stat label="Free to stake" value={`${flx(unlocked)} FLX`} testId="unlocked" />
          <Stat
            label="Cooling down"
            value={cooling === 0n ? "—" : `${flx(cooling)} FLX`}
            testId="cooling"
          />
        </div>
        {cooling > 0n ? (
          <p className="hint" role="status" data-testid="cooldown-end">
            {flx(cooling)} FLX unlock{" "}
            {nowSeconds !== undefined
              ? countdown(BigInt(cooldownEnd), nowSeconds, "timestamp")
              : relativeTime(Number(cooldownEnd))}{" "}
            ({formatUtc(cooldownEnd)}), by themselves: no further transaction is needed.
          </p>
        ) : null}
        <p className="hint">
          Staked FLX stays in your wallet and keeps its votes, but cannot be moved. It earns a share
          of protocol fees. No approval is needed.
        </p>
        <h3 className="gov-subhead">Stake</h3>
        <StakeForm chainId={chainId} token={token} unlocked={unlocked} />
        <h3 className="gov-subhead">Unstake</h3>
        <UnstakeForm
          chainId={chainId}
          token={token}
          staked={staked}
          cooling={cooling}
          cooldown={BigInt(cooldown)}
        />
      </section>
      <Rewards
        chainId={chainId}
        account={account}
        token={token}
        rewardTokens={rewardTokens as readonly Address[]}
      />
      <History chainId={chainId} account={account} nowSeconds={nowSeconds} />
    </div>
  );
}

function DelegateForm({
  chainId,
  account,
  token,
}: {
  chainId: number;
  account: Address;
  token: Address;
}) {
  const tx = useTransaction();
  const [text, setText] = useState("");
  const [touched, setTouched] = useState(false);
  const parsed = parseAddressInput(text);
  const delegateTo = async (to: Address) => {
    await tx.send(chainId, [
      {
        label: sameAddress(to, account)
          ? "Delegate to yourself"
          : `Delegate to ${shortAddress(to)}`,
        address: token,
        abi: fluxionGovernanceTokenAbi,
        functionName: "delegate",
        args: [to],
      },
    ]);
  };
  return (
    <div className="form">
      <button
        type="button"
        className="button secondary"
        disabled={tx.busy}
        onClick={() => void delegateTo(account)}
      >
        Delegate to myself
      </button>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (parsed.address) void delegateTo(parsed.address);
        }}
      >
        <div className="field">
          <label htmlFor="gov-delegate">Delegate to an address</label>
          <input
            id="gov-delegate"
            value={text}
            placeholder="0x…"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={touched && !!parsed.error}
            aria-describedby="gov-delegate-error"
            onChange={(e) => setText(e.target.value)}
            onBlur={() => setTouched(text !== "")}
          />
          <span
            id="gov-delegate-error"
            className="error"
            role={touched && parsed.error ? "alert" : undefined}
          >
            {touched && parsed.error ? parsed.error : ""}
          </span>
        </div>
        <button type="submit" className="button" disabled={tx.busy}>
          Delegate
        </button>
      </form>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}

function StakeForm({
  chainId,
  token,
  unlocked,
}: {
  chainId: number;
  token: Address;
  unlocked: bigint;
}) {
  const tx = useTransaction();
  const [text, setText] = useState("");
  const amount = parseAmount(text, 18);
  const error =
    text === ""
      ? undefined
      : amount === undefined
        ? "Enter an amount of FLX (at most 18 decimals)."
        : amount === 0n
          ? "Enter more than zero."
          : amount > unlocked
            ? `You have ${flx(unlocked)} FLX free to stake.`
            : undefined;
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (amount === undefined || error) return;
        const done = await tx.send(chainId, [
          {
            label: `Stake ${flx(amount)} FLX`,
            address: token,
            abi: fluxionGovernanceTokenAbi,
            functionName: "stake",
            args: [amount],
          },
        ]);
        if (done) setText("");
      }}
    >
      <div className="field">
        <label htmlFor="gov-stake-amount">Amount to stake (FLX)</label>
        <div className="row">
          <input
            id="gov-stake-amount"
            inputMode="decimal"
            autoComplete="off"
            value={text}
            aria-invalid={!!error}
            aria-describedby="gov-stake-error"
            onChange={(e) => setText(e.target.value)}
          />
          <button
            type="button"
            className="button secondary"
            onClick={() => setText(formatAmount(unlocked, 18, 18).replace(/,/g, ""))}
          >
            Max
          </button>
        </div>
        <span id="gov-stake-error" className="error">
          {error ?? ""}
        </span>
      </div>
      <button
        type="submit"
        className="button"
        disabled={tx.busy || amount === undefined || !!error}
      >
        Stake
      </button>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </form>
  );
}

function UnstakeForm({
  chainId,
  token,
  staked,
  cooling,
  cooldown,
}: {
  chainId: number;
  token: Address;
  staked: bigint;
  cooling: bigint;
  cooldown: bigint;
}) {
  const tx = useTransaction();
  const [text, setText] = useState("");
  const amount = parseAmount(text, 18);
  const error =
    text === ""
      ? undefined
      : amount === undefined
        ? "Enter an amount of FLX (at most 18 decimals)."
        : amount === 0n
          ? "Enter more than zero."
          : amount > staked
            ? `You have ${flx(staked)} FLX staked.`
            : undefined;
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (amount === undefined || error) return;
        const done = await tx.send(chainId, [
          {
            label: `Request to unstake ${flx(amount)} FLX`,
            address: token,
            abi: fluxionGovernanceTokenAbi,
            functionName: "requestUnstake",
            args: [amount],
          },
        ]);
        if (done) setText("");
      }}
    >
      <div className="field">
        <label htmlFor="gov-unstake-amount">Amount to unstake (FLX)</label>
        <input
          id="gov-unstake-amount"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          aria-invalid={!!error}
          aria-describedby="gov-unstake-error gov-unstake-hint"
          onChange={(e) => setText(e.target.value)}
        />
        <span id="gov-unstake-error" className="error">
          {error ?? ""}
        </span>
        <span id="gov-unstake-hint" className="hint">
          Unstaked FLX stops earning at once and unlocks after a cooldown of{" "}
          {formatDuration(cooldown)}.
          {cooling > 0n
            ? ` ${flx(cooling)} FLX are still cooling down: a new request restarts the cooldown for all of it.`
            : ""}
        </span>
      </div>
      <button
        type="submit"
        className="button secondary"
        disabled={tx.busy || amount === undefined || !!error}
      >
        Request unstake
      </button>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </form>
  );
}

function Rewards({
  chainId,
  account,
  token,
  rewardTokens,
}: {
  chainId: number;
  account: Address;
  token: Address;
  rewardTokens: readonly Address[];
}) {
  const tx = useTransaction();
  const earned = useReadContracts({
    allowFailure: false,
    contracts: rewardTokens.map(
      (reward) =>
        ({
          chainId,
          address: token,
          abi: fluxionGovernanceTokenAbi,
          functionName: "earned",
          args: [account, reward],
        }) as const,
    ),
    query: { refetchInterval: liveInterval },
  });
  const rows = rewardTokens.map((reward, i) => {
    const info = tokenByAddress(chainId, reward);
    return {
      token: reward,
      symbol: info?.symbol ?? shortAddress(reward),
      decimals: info?.decimals ?? 18,
      earned: (earned.data?.[i] as bigint | undefined) ?? 0n,
    };
  });
  const claimable = rows.filter((r) => r.earned > 0n);
  return (
    <section className="card" aria-labelledby="gov-rewards">
      <h2 id="gov-rewards">Fee rewards</h2>
      {rewardTokens.length === 0 ? (
        <Empty>No reward tokens are registered yet.</Empty>
      ) : earned.isPending ? (
        <Loading what="your rewards" />
      ) : earned.error ? (
        <ErrorState error={earned.error} retry={() => void earned.refetch()} />
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col" className="num">
                    Earned
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Claim</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.token} data-testid={`reward-${r.symbol}`}>
                    <td>{r.symbol}</td>
                    <td className="num">{formatAmount(r.earned, r.decimals, 6)}</td>
                    <td>
                      {r.earned === 0n ? (
                        <span className="muted">—</span>
                      ) : (
                        <button
                          type="button"
                          className="link"
                          disabled={tx.busy}
                          onClick={() =>
                            void tx.send(chainId, [
                              {
                                label: `Claim ${formatAmount(r.earned, r.decimals, 6)} ${r.symbol}`,
                                address: token,
                                abi: fluxionGovernanceTokenAbi,
                                functionName: "claimReward",
                                args: [r.token, account],
                              },
                            ])
                          }
                        >
                          Claim {r.symbol}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button
            type="button"
            className="button"
            disabled={tx.busy || claimable.length === 0}
            onClick={() =>
              void tx.send(chainId, [
                {
                  label: "Claim every reward",
                  address: token,
                  abi: fluxionGovernanceTokenAbi,
                  functionName: "claimRewards",
                  args: [account],
                },
              ])
            }
          >
            Claim all rewards
          </button>
          {claimable.length === 0 ? (
            <p className="hint">Nothing to claim yet: rewards accrue while you stake.</p>
          ) : null}
        </>
      )}
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </section>
  );
}

function History({
  chainId,
  account,
  nowSeconds,
}: {
  chainId: number;
  account: Address;
  nowSeconds: bigint | undefined;
}) {
  const history = useGovernanceHistory(chainId, account);
  const rows = [
    ...(history.data?.stakingEvents.items ?? []).map((e) => ({
      id: e.id,
      at: Number(e.timestamp),
      text:
        e.kind === "stake"
          ? `Staked ${flx(e.amount)} FLX`
          : `Requested to unstake ${flx(e.amount)} FLX (unlocks ${formatUtc(Number(e.cooldownEnd))})`,
    })),
    ...(history.data?.delegations.items ?? []).map((d) => ({
      id: d.id,
      at: Number(d.timestamp),
      text: sameAddress(d.toDelegate, account)
        ? "Delegated to yourself"
        : `Delegated to ${shortAddress(d.toDelegate)}`,
    })),
  ].sort((a, b) => b.at - a.at);
  return (
    <section className="card" aria-labelledby="gov-history">
      <h2 id="gov-history">Your governance activity</h2>
      {history.isPending ? (
        <Loading what="your activity" />
      ) : history.error ? (
        <ErrorState error={history.error} retry={() => void history.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>No staking or delegation yet.</Empty>
      ) : (
        <ul className="gov-list" data-testid="governance-history">
          {rows.map((r) => (
            <li key={r.id} className="row">
              <span>{r.text}</span>
              <span className="muted">
                {relativeTime(r.at, nowSeconds === undefined ? undefined : Number(nowSeconds))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
