// The action form: six tabs (deposit, mint, deposit & mint, burn, repay, withdraw), the amount inputs
// with their largest accepted value, the preview of the position after signing (ratio, liquidation
// price, fees) and the submit button, disabled with the reason attached (aria-describedby) whenever
// the vault would refuse. Presentational: the page supplies the evaluation and sends the transaction.
import { type KeyboardEvent, useId, useRef } from "react";
import type { TxState } from "../../tx/lifecycle.ts";
import { formatAmount, formatRatio, formatUsd } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import {
  type Action,
  actionList,
  type Evaluation,
  healthOf,
  type Inputs,
  type PositionContext,
  type PositionView,
} from "./actions.ts";
import { amountText } from "./math.ts";
import type { ChainQuote } from "./queries.ts";

export type ActionFormProps = {
  ctx: PositionContext;
  action: Action;
  onAction: (action: Action) => void;
  inputs: Inputs;
  onInputs: (inputs: Inputs) => void;
  evaluation: Evaluation;
  /** The vault's own quote for the current input, when it has answered. */
  quote?: ChainQuote;
  busy: boolean;
  onSubmit: () => void;
  txState: TxState;
  onDismiss: () => void;
};

const submitLabel = (action: Action, ctx: PositionContext): string =>
  ({
    deposit: `Deposit ${ctx.collateral.symbol}`,
    mint: `Mint ${ctx.synth.symbol}`,
    depositAndMint: `Deposit ${ctx.collateral.symbol} and mint ${ctx.synth.symbol}`,
    burn: `Burn ${ctx.synth.symbol}`,
    repay: `Repay ${ctx.synth.symbol} debt`,
    withdraw: `Withdraw ${ctx.collateral.symbol}`,
  })[action];

const pct = (rate: bigint) => formatRatio(rate, 2);

function explanation(action: Action, ctx: PositionContext): string {
  const { synth, collateral } = ctx;
  switch (action) {
    case "deposit":
      return `Adds ${collateral.symbol} to this position (an exact-amount approval first if needed). Deposits work even while minting is paused.`;
    case "mint":
      return `Mints ${synth.symbol} to your wallet against the collateral. Your debt grows by the amount plus a ${pct(ctx.mintFee)} mint fee (paid to the treasury). The position must stay at or above the ${formatRatio(ctx.issuanceRatio)} issuance ratio.`;
    case "depositAndMint":
      return `Deposits ${collateral.symbol} and mints ${synth.symbol} in one transaction (after an exact-amount approval if needed).`;
    case "burn":
      return `Burn and Repay are the same vault call (burn): it burns ${synth.symbol} from your wallet (no approval needed), pays ${pct(ctx.burnFee)} of it to the treasury as a fee, and reduces your debt by the rest. Here you choose how much ${synth.symbol} to burn.`;
    case "repay":
      return `Burn and Repay are the same vault call (burn). Here you choose how much debt to clear; the burn needed is that amount plus the ${pct(ctx.burnFee)} burn fee, taken from your wallet.`;
    case "withdraw":
      return ctx.position.debt === 0n
        ? `Sends ${collateral.symbol} from this position back to your wallet.`
        : `Sends ${collateral.symbol} back to your wallet. With debt outstanding the position must stay at or above the ${formatRatio(ctx.issuanceRatio)} issuance ratio.`;
  }
}

/** What each input is, in the asset it is typed in. */
function fieldsOf(action: Action, ctx: PositionContext) {
  const { collateral, synth } = ctx;
  switch (action) {
    case "deposit":
      return [
        {
          key: "primary" as const,
          label: `Amount to deposit (${collateral.symbol})`,
          asset: collateral,
          balanceLabel: "Wallet",
        },
      ];
    case "mint":
      return [
        {
          key: "primary" as const,
          label: `Amount to mint (${synth.symbol})`,
          asset: synth,
          balanceLabel: "Mintable",
        },
      ];
    case "depositAndMint":
      return [
        {
          key: "primary" as const,
          label: `Amount to deposit (${collateral.symbol})`,
          asset: collateral,
          balanceLabel: "Wallet",
        },
        {
          key: "secondary" as const,
          label: `Amount to mint (${synth.symbol})`,
          asset: synth,
          balanceLabel: "Mintable",
        },
      ];
    case "burn":
      return [
        {
          key: "primary" as const,
          label: `Amount to burn (${synth.symbol})`,
          asset: synth,
          balanceLabel: "Most",
        },
      ];
    case "repay":
      return [
        {
          key: "primary" as const,
          label: `Debt to repay (${synth.symbol})`,
          asset: synth,
          balanceLabel: "Most",
        },
      ];
    case "withdraw":
      return [
        {
          key: "primary" as const,
          label: `Amount to withdraw (${collateral.symbol})`,
          asset: collateral,
          balanceLabel: "Withdrawable",
        },
      ];
  }
}

export function ActionForm(props: ActionFormProps) {
  const { ctx, action, inputs, evaluation: ev, quote, busy, txState } = props;
  const id = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const reasonId = `${id}-reason`;
  const panelId = `${id}-panel`;
  const tabId = (a: Action) => `${id}-tab-${a}`;

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = actionList.findIndex((a) => a.id === action);
    const last = actionList.length - 1;
    const next =
      event.key === "ArrowRight"
        ? index === last
          ? 0
          : index + 1
        : event.key === "ArrowLeft"
          ? index === 0
            ? last
            : index - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    const target = actionList[next]!;
    props.onAction(target.id);
    tabs.current[next]?.focus();
  };

  // The vault's quote replaces the local figures once it answers for exactly this input (they agree:
  // the local math is the vault's; the quote proves it).
  const fee =
    quote?.action === "mint" && ev.call?.mint === quote.amount
      ? quote.fee
      : quote?.action === "burn" && ev.call?.burn === quote.amount
        ? quote.fee
        : ev.fee;
  const burnAmount =
    quote?.action === "repay" && ev.debtReduction === quote.debtReduction
      ? quote.burnAmount
      : ev.call?.burn;
  const debtReduction =
    quote?.action === "burn" && ev.call?.burn === quote.amount
      ? quote.debtReduction
      : ev.debtReduction;

  return (
    <section className="card synths-actions" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Manage the position</h2>
      <div className="tabs" role="tablist" aria-label="Action">
        {actionList.map((a, index) => (
          <button
            key={a.id}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={tabId(a.id)}
            aria-selected={a.id === action}
            aria-controls={panelId}
            tabIndex={a.id === action ? 0 : -1}
            onClick={() => props.onAction(a.id)}
            onKeyDown={onTabKey}
          >
            {a.label}
          </button>
        ))}
      </div>
      <div id={panelId} role="tabpanel" aria-labelledby={tabId(action)}>
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (ev.ready && !busy) props.onSubmit();
          }}
        >
          <p className="hint">{explanation(action, ctx)}</p>
          {fieldsOf(action, ctx).map((f) => {
            const inputId = `${id}-${f.key}`;
            const hintId = `${inputId}-hint`;
            const invalid = ev.field === f.key;
            const max = ev.max[f.key];
            const value = inputs[f.key] ?? "";
            return (
              <div className="field" key={`${action}-${f.key}`}>
                <label htmlFor={inputId}>{f.label}</label>
                <div className="synths-input">
                  <input
                    id={inputId}
                    name={f.key}
                    inputMode="decimal"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="0.0"
                    value={value}
                    aria-invalid={invalid}
                    aria-describedby={invalid ? `${hintId} ${reasonId}` : hintId}
                    onChange={(event) => props.onInputs({ ...inputs, [f.key]: event.target.value })}
                  />
                  {max !== undefined && max > 0n ? (
                    <button
                      type="button"
                      className="button secondary"
                      aria-label={`Max: ${formatAmount(max, f.asset.decimals, 6)} ${f.asset.symbol}`}
                      onClick={() =>
                        props.onInputs({ ...inputs, [f.key]: amountText(max, f.asset.decimals) })
                      }
                    >
                      Max
                    </button>
                  ) : null}
                </div>
                <span className="hint" id={hintId}>
                  {hintFor(action, f.key, ctx, max)}
                </span>
              </div>
            );
          })}

          <Preview
            action={action}
            ctx={ctx}
            ev={ev}
            fee={fee}
            burnAmount={burnAmount}
            debtReduction={debtReduction}
          />

          <div className="row">
            <button
              type="submit"
              className="button"
              disabled={!ev.ready || busy}
              aria-describedby={ev.reason ? reasonId : undefined}
            >
              {submitLabel(action, ctx)}
            </button>
          </div>
          <p
            id={reasonId}
            className={ev.reason && ev.field ? "hint error" : "hint"}
            aria-live="polite"
            data-testid="action-reason"
          >
            {ev.reason ?? ""}
          </p>
        </form>
      </div>
      <TxStatus state={txState} onDismiss={props.onDismiss} />
    </section>
  );
}

function hintFor(
  action: Action,
  key: "primary" | "secondary",
  ctx: PositionContext,
  max: bigint | undefined,
): string {
  const c = (v: bigint) =>
    `${formatAmount(v, ctx.collateral.decimals, 6)} ${ctx.collateral.symbol}`;
  const s = (v: bigint) => `${formatAmount(v, ctx.synth.decimals, 6)} ${ctx.synth.symbol}`;
  const most = (fmt: (v: bigint) => string) => (max === undefined ? "—" : fmt(max));
  switch (action) {
    case "deposit":
      return `In your wallet: ${c(ctx.balances.collateral)}.`;
    case "depositAndMint":
      return key === "primary"
        ? `In your wallet: ${c(ctx.balances.collateral)}.`
        : `Most you can mint with this deposit: ${most(s)}.`;
    case "mint":
      return `Most you can mint now: ${most(s)}.`;
    case "burn":
      return `In your wallet: ${s(ctx.balances.synth)}. Debt: ${s(ctx.position.debt)}. Most you can burn: ${most(s)}.`;
    case "repay":
      return `Debt: ${s(ctx.position.debt)}. In your wallet: ${s(ctx.balances.synth)}. Most you can repay: ${most(s)}.`;
    case "withdraw":
      return `In the position: ${c(ctx.position.collateral)}. Most you can withdraw: ${most(c)}.`;
  }
}

function Preview({
  action,
  ctx,
  ev,
  fee,
  burnAmount,
  debtReduction,
}: {
  action: Action;
  ctx: PositionContext;
  ev: Evaluation;
  fee?: bigint;
  burnAmount?: bigint;
  debtReduction?: bigint;
}) {
  const after = ev.after;
  if (!after) return null;
  const before = ev.before;
  const c = (v: bigint) =>
    `${formatAmount(v, ctx.collateral.decimals, 6)} ${ctx.collateral.symbol}`;
  const s = (v: bigint) => `${formatAmount(v, ctx.synth.decimals, 6)} ${ctx.synth.symbol}`;
  const health = healthOf(after, ctx);
  return (
    <div className="synths-preview" data-testid="preview">
      <h3>Before you sign</h3>
      <dl className="preview">
        {action === "burn" || action === "repay" ? (
          <>
            <dt>You burn</dt>
            <dd data-testid="preview-burn">{burnAmount === undefined ? "—" : s(burnAmount)}</dd>
          </>
        ) : null}
        {fee !== undefined ? (
          <>
            <dt>{action === "burn" || action === "repay" ? "Burn fee" : "Mint fee"}</dt>
            <dd data-testid="preview-fee">
              {s(fee)} ({pct(action === "burn" || action === "repay" ? ctx.burnFee : ctx.mintFee)})
            </dd>
          </>
        ) : null}
        {debtReduction !== undefined ? (
          <>
            <dt>Debt reduction</dt>
            <dd data-testid="preview-debt-reduction">{s(debtReduction)}</dd>
          </>
        ) : null}
        <dt>Collateral</dt>
        <dd data-testid="preview-collateral">
          <Change before={c(before.collateral)} after={c(after.collateral)} />
        </dd>
        <dt>Debt</dt>
        <dd data-testid="preview-debt">
          <Change before={s(before.debt)} after={s(after.debt)} />
        </dd>
        <dt>Collateral ratio</dt>
        <dd data-testid="preview-ratio">
          <Change before={ratioText(before)} after={ratioText(after)} />
        </dd>
        <dt>Liquidation price</dt>
        <dd data-testid="preview-liquidation">
          <Change before={liquidationText(before, ctx)} after={liquidationText(after, ctx)} />
        </dd>
        <dt>Health after</dt>
        <dd>
          <HealthBadge health={health} />
        </dd>
      </dl>
    </div>
  );
}

function Change({ before, after }: { before: string; after: string }) {
  if (before === after) return <span data-part="after">{after}</span>;
  return (
    <>
      <span className="muted" data-part="before">
        {before}
      </span>
      <span aria-hidden="true"> → </span>
      <span className="synths-sr-only"> becomes </span>
      <span data-part="after">{after}</span>
    </>
  );
}

export function ratioText(v: PositionView): string {
  if (v.debt === 0n) return "no debt";
  if (v.ratio === undefined) return "unpriced";
  return formatRatio(v.ratio);
}

export function liquidationText(v: PositionView, ctx: PositionContext): string {
  if (v.debt === 0n) return "none";
  if (v.liquidationPrice === undefined) return v.collateral === 0n ? "no collateral" : "unpriced";
  return `${ctx.collateral.symbol} below ${formatUsd(v.liquidationPrice)}`;
}

const healthWords = {
  no_debt: ["no debt", "ok"],
  healthy: ["healthy", "ok"],
  below_issuance: ["below issuance ratio", "warn"],
  liquidatable: ["liquidatable", "danger"],
  unpriced: ["unpriced", "warn"],
} as const;

export function HealthBadge({ health }: { health: keyof typeof healthWords }) {
  const [words, tone] = healthWords[health];
  return (
    <span className={`badge ${tone}`} data-health={health}>
      {words}
    </span>
  );
}
