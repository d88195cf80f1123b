// Synths: pick a synth and a collateral, see the position the vault holds for that pair (collateral,
// debt, ratio, health, liquidation price) and both oracle prices with their freshness and circuit
// breakers, then deposit, mint, burn, repay or withdraw with a preview computed the vault's way.
// Every check the vault makes is made here first; what the oracle pauses is explained, not hidden.
import { synthVaultAbi } from "@fluxion/deploy";
import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import type { Address } from "viem";
import { useConfig, useConnection } from "wagmi";
import { useAppChainId } from "../../hooks/useAppChain.ts";
import { contractAddress, type TokenInfo } from "../../lib/deployment.ts";
import { approvalCalls } from "../../tx/approvals.ts";
import { type DecodedError, decodeError } from "../../tx/decodeError.ts";
import type { ContractCall, TxState } from "../../tx/lifecycle.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { Empty, QueryView } from "../../ui/States.tsx";
import { ActionForm } from "./ActionForm.tsx";
import {
  type Action,
  type Evaluation,
  evaluate,
  type Inputs,
  type PositionContext,
} from "./actions.ts";
import { joinRefusals, type PairOracle, pairOracle, positionContext } from "./context.ts";
import { MyPositions } from "./MyPositions.tsx";
import { amountText } from "./math.ts";
import { OracleCard } from "./OracleCard.tsx";
import { PositionCard } from "./PositionCard.tsx";
import {
  type Catalog,
  type Market,
  useAccountPosition,
  useCatalog,
  useChainQuote,
  useMarket,
} from "./queries.ts";
import "./synths.css";

export function Component() {
  const chainId = useAppChainId();
  const catalog = useCatalog(chainId);
  return (
    <div className="page synths">
      <h1>Synths</h1>
      <p className="muted">
        Lock collateral in the vault and mint synthetic assets against it; repay to unlock it. Your
        position, the limits and the prices are read from the vault and the price oracle on chain.
      </p>
      <QueryView
        query={catalog}
        what="synths and collateral"
        isEmpty={(data) => data.synths.length === 0 || data.collaterals.length === 0}
        empty="No synths, or no collateral the vault accepts, on this network."
      >
        {(data) => <Pair chainId={chainId} catalog={data} />}
      </QueryView>
    </div>
  );
}

function pick<T extends TokenInfo>(list: T[], symbol: string | null, preferred: string): T {
  return (
    list.find((t) => t.symbol === symbol) ?? list.find((t) => t.symbol === preferred) ?? list[0]!
  );
}

/** Unix seconds, ticking every few seconds (ages of price rounds). */
function useNow(intervalMs = 5_000): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function Pair({ chainId, catalog }: { chainId: number; catalog: Catalog }) {
  const [params, setParams] = useSearchParams();
  const synth = pick(catalog.synths, params.get("synth"), "sUSD");
  const collateral = pick(catalog.collaterals, params.get("collateral"), "WETH");
  const { address } = useConnection();
  const market = useMarket(chainId, synth, collateral);
  const choose = (values: { synth?: string; collateral?: string }) => {
    const next = new URLSearchParams(params);
    for (const [key, symbol] of Object.entries(values)) if (symbol) next.set(key, symbol);
    setParams(next, { replace: true });
  };
  return (
    <>
      <section className="card synths-picker" aria-labelledby="synths-pair">
        <h2 id="synths-pair">Pair</h2>
        <div className="synths-picker-fields">
          <div className="field">
            <label htmlFor="synths-synth">Synth</label>
            <select
              id="synths-synth"
              value={synth.symbol}
              onChange={(event) => choose({ synth: event.target.value })}
            >
              {catalog.synths.map((s) => (
                <option key={s.address} value={s.symbol}>
                  {s.symbol}
                  {s.params.active ? "" : " (minting off)"}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="synths-collateral">Collateral</label>
            <select
              id="synths-collateral"
              value={collateral.symbol}
              onChange={(event) => choose({ collateral: event.target.value })}
            >
              {catalog.collaterals.map((c) => (
                <option key={c.address} value={c.symbol}>
                  {c.symbol}
                </option>
              ))}
            </select>
          </div>
        </div>
      </section>
      <QueryView query={market} what={`the ${synth.symbol} / ${collateral.symbol} market`}>
        {(data) => (
          <MarketView
            key={`${synth.address}-${collateral.address}`}
            chainId={chainId}
            market={data}
            synth={synth}
            collateral={collateral}
            owner={address}
          />
        )}
      </QueryView>
      {address ? (
        <MyPositions
          chainId={chainId}
          owner={address}
          current={{ synth: synth.symbol, collateral: collateral.symbol }}
          onPick={(s, c) => {
            choose({ synth: s, collateral: c });
            document.getElementById("synths-pair")?.scrollIntoView();
          }}
        />
      ) : null}
    </>
  );
}

function MarketView({
  chainId,
  market,
  synth,
  collateral,
  owner,
}: {
  chainId: number;
  market: Market;
  synth: TokenInfo;
  collateral: TokenInfo;
  owner: Address | undefined;
}) {
  const tick = useNow();
  // The time the next block will carry: the clock, plus how far the chain runs ahead of it (a dev
  // chain moved forward with evm_increaseTime keeps that lead; a real chain has none).
  const lead = Math.max(0, market.blockTime - market.readAt);
  const now = Math.max(tick + lead, market.blockTime);
  const oracle = pairOracle(market, now);
  return (
    <>
      <Banners market={market} oracle={oracle} synth={synth} collateral={collateral} />
      <div className="grid">
        {owner ? (
          <AccountView
            chainId={chainId}
            owner={owner}
            market={market}
            synth={synth}
            collateral={collateral}
            oracle={oracle}
          />
        ) : (
          <section className="card" aria-labelledby="synths-connect">
            <h2 id="synths-connect">Your position</h2>
            <Empty>
              Connect a wallet (the button at the top right) to see your {synth.symbol} position
              against {collateral.symbol} and to deposit, mint, repay or withdraw. Prices and the
              vault's rules are shown below without one.
            </Empty>
          </section>
        )}
      </div>
      <OracleCard collateral={market.collateralOracle} synth={market.synthOracle} pair={oracle} />
    </>
  );
}

function Banners({
  market,
  oracle,
  synth,
  collateral,
}: {
  market: Market;
  oracle: PairOracle;
  synth: TokenInfo;
  collateral: TokenInfo;
}) {
  const refusal = joinRefusals(oracle.refusals);
  const pending = [
    oracle.synth.pendingTrip ? synth.symbol : undefined,
    oracle.collateral.pendingTrip ? collateral.symbol : undefined,
  ].filter(Boolean);
  return (
    <>
      {market.paused ? (
        <div className="synths-banner warn" role="alert" data-testid="vault-paused">
          <strong>The vault is paused by its guardian.</strong> Minting and withdrawing are
          unavailable until it is unpaused; depositing collateral and repaying (burning) still work.
        </div>
      ) : null}
      {!market.synthParams.active ? (
        <div className="synths-banner warn" role="status">
          Minting {synth.symbol} is switched off by governance; repaying it still works.
        </div>
      ) : null}
      {refusal ? (
        <div className="synths-banner danger" role="alert" data-testid="oracle-refusal">
          <strong>
            Minting and withdrawing are paused for {synth.symbol} / {collateral.symbol}.
          </strong>{" "}
          {refusal} Until then the vault refuses to mint, and to release collateral from a position
          with debt. Depositing collateral and repaying (burning) still work, and so does
          withdrawing from a position without debt.
        </div>
      ) : null}
      {!refusal && pending.length > 0 ? (
        <div className="synths-banner warn" role="status" data-testid="oracle-pending-trip">
          The latest {pending.join(" and ")} price moved beyond the circuit breaker's limit and has
          not been checked yet: the next mint or withdrawal will likely trip the breaker and be
          refused.
        </div>
      ) : null}
    </>
  );
}

function AccountView({
  chainId,
  owner,
  market,
  synth,
  collateral,
  oracle,
}: {
  chainId: number;
  owner: Address;
  market: Market;
  synth: TokenInfo;
  collateral: TokenInfo;
  oracle: PairOracle;
}) {
  const account = useAccountPosition(chainId, owner, synth, collateral);
  return (
    <QueryView query={account} what="your position">
      {(data) => {
        const ctx = positionContext(market, data, synth, collateral, oracle);
        return (
          <>
            <PositionCard ctx={ctx} account={data} />
            <Actions
              chainId={chainId}
              owner={owner}
              ctx={ctx}
              synth={synth}
              collateral={collateral}
            />
          </>
        );
      }}
    </QueryView>
  );
}

const emptyInputs: Inputs = { primary: "", secondary: "" };

function useDebounced(value: string, ms = 250): string {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

function quoteRequest(
  action: Action,
  ev: Evaluation,
): { action: "mint" | "burn" | "repay"; amount: bigint } | undefined {
  if ((action === "mint" || action === "depositAndMint") && ev.call?.mint !== undefined) {
    return { action: "mint", amount: ev.call.mint };
  }
  if (action === "burn" && ev.call?.burn !== undefined)
    return { action: "burn", amount: ev.call.burn };
  if (action === "repay" && ev.debtReduction !== undefined) {
    return { action: "repay", amount: ev.debtReduction };
  }
  return undefined;
}

function mainCall(
  action: Action,
  call: NonNullable<Evaluation["call"]>,
  ev: Evaluation,
  vault: Address,
  ctx: PositionContext,
  synth: TokenInfo,
  collateral: TokenInfo,
): ContractCall {
  const c = (v: bigint) => `${amountText(v, ctx.collateral.decimals)} ${collateral.symbol}`;
  const s = (v: bigint) => `${amountText(v, ctx.synth.decimals)} ${synth.symbol}`;
  const base = { address: vault, abi: synthVaultAbi };
  const pair = [collateral.address, synth.address] as const;
  switch (action) {
    case "deposit":
      return {
        ...base,
        label: `Deposit ${c(call.deposit!)}`,
        functionName: "deposit",
        args: [...pair, call.deposit],
      };
    case "mint":
      return {
        ...base,
        label: `Mint ${s(call.mint!)}`,
        functionName: "mint",
        args: [...pair, call.mint],
      };
    case "depositAndMint":
      return {
        ...base,
        label: `Deposit ${c(call.deposit!)} and mint ${s(call.mint!)}`,
        functionName: "depositAndMint",
        args: [...pair, call.deposit, call.mint],
      };
    case "burn":
      return {
        ...base,
        label: `Burn ${s(call.burn!)}`,
        functionName: "burn",
        args: [...pair, call.burn],
      };
    case "repay":
      return {
        ...base,
        label: `Repay ${s(ev.debtReduction!)} of debt (burns ${s(call.burn!)})`,
        functionName: "burn",
        args: [...pair, call.burn],
      };
    case "withdraw":
      return {
        ...base,
        label: `Withdraw ${c(call.withdraw!)}`,
        functionName: "withdraw",
        args: [...pair, call.withdraw],
      };
  }
}

function Actions({
  chainId,
  owner,
  ctx,
  synth,
  collateral,
}: {
  chainId: number;
  owner: Address;
  ctx: PositionContext;
  synth: TokenInfo;
  collateral: TokenInfo;
}) {
  const config = useConfig();
  const tx = useTransaction();
  const [action, setAction] = useState<Action>("deposit");
  const [allInputs, setAllInputs] = useState<Record<Action, Inputs>>({
    deposit: emptyInputs,
    mint: emptyInputs,
    depositAndMint: emptyInputs,
    burn: emptyInputs,
    repay: emptyInputs,
    withdraw: emptyInputs,
  });
  const [preparing, setPreparing] = useState(false);
  const [prepareError, setPrepareError] = useState<{ label: string; error: DecodedError }>();
  const inputs = allInputs[action];
  const ev = useMemo(() => evaluate(action, inputs, ctx), [action, inputs, ctx]);
  // Debounced by value (a string), so a re-render with the same input asks nothing new.
  const wanted = quoteRequest(action, ev);
  const key = useDebounced(wanted ? `${wanted.action}:${wanted.amount}` : "");
  const request = useMemo(() => {
    const [kind, amount] = key.split(":");
    return kind && amount
      ? { action: kind as "mint" | "burn" | "repay", amount: BigInt(amount) }
      : undefined;
  }, [key]);
  const quote = useChainQuote(chainId, owner, synth.address, collateral.address, request);

  const state: TxState = prepareError
    ? { stage: "failed", label: prepareError.label, error: prepareError.error }
    : tx.state;

  const submit = async () => {
    const call = ev.call;
    if (!ev.ready || !call || tx.busy || preparing) return;
    const vault = contractAddress(chainId, "SynthVault");
    const main = mainCall(action, call, ev, vault, ctx, synth, collateral);
    setPrepareError(undefined);
    setPreparing(true);
    let calls: ContractCall[] = [];
    try {
      if (call.deposit !== undefined) {
        calls = await approvalCalls(config, chainId, owner, [
          {
            token: collateral.address,
            symbol: collateral.symbol,
            spender: vault,
            amount: call.deposit,
            display: amountText(call.deposit, ctx.collateral.decimals),
          },
        ]);
      }
    } catch (error) {
      setPrepareError({ label: main.label, error: decodeError(error) });
      return;
    } finally {
      setPreparing(false);
    }
    const result = await tx.send(chainId, [...calls, main]);
    // Only a success clears what the user typed; a failure keeps it for another try.
    if (result) setAllInputs((all) => ({ ...all, [action]: emptyInputs }));
  };

  return (
    <ActionForm
      ctx={ctx}
      action={action}
      onAction={(next) => {
        setAction(next);
        setPrepareError(undefined);
        if (!tx.busy && (tx.state.stage === "failed" || tx.state.stage === "indexed")) tx.reset();
      }}
      inputs={inputs}
      onInputs={(next) => setAllInputs((all) => ({ ...all, [action]: next }))}
      evaluation={ev}
      quote={quote.data}
      busy={tx.busy || preparing}
      onSubmit={() => void submit()}
      txState={state}
      onDismiss={() => {
        setPrepareError(undefined);
        tx.reset();
      }}
    />
  );
}
