// Burn: synths in, a Lightning invoice paid. Paste an invoice, get the quote (synths to lock, fee,
// timelock), register the burn with the API, then lock exactly what it says on the gateway from the
// wallet (an exact approval first when needed). The keeper pays the invoice and claims the lock; if it
// cannot pay, the synths are refundable once the timelock passes.
import { lightningGatewayAbi, syntheticAssetAbi } from "@fluxion/deploy";
import { useId, useState } from "react";
import type { Address, Hex } from "viem";
import { useConfig, useReadContract } from "wagmi";
import { api, call } from "../../api/client.ts";
import { tokenByAddress } from "../../lib/deployment.ts";
import { approvalCalls } from "../../tx/approvals.ts";
import { decodeError } from "../../tx/decodeError.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount, formatUsd } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { centsToUsd, formatSats } from "./amounts.ts";
import { formatDuration, formatTime } from "./countdown.ts";
import { type Explained, explainError } from "./errors.ts";
import { burnInvoiceProblem, checkInvoice, networkForChain } from "./invoice.ts";
import { ErrorNote, StatusLine, StepIndicator, Timeline } from "./parts.tsx";
import { type ActiveSwap, normalizeHash } from "./preimage.ts";
import { type BurnQuote, type GatewayInfo, useChainNow, useFollowSwap } from "./queries.ts";
import { progressOf } from "./swapStatus.ts";

type BurnProps = {
  account: Address;
  chainId: number;
  gateway: GatewayInfo;
  active: ActiveSwap | undefined;
  setActive: (swap: ActiveSwap | undefined) => void;
};

/** What LightningGateway.lockBurn takes, as the API gives it (the register answer or the swap). */
type LockArgs = {
  paymentHash: string;
  synth: string;
  amount: string;
  sats: string;
  timelock: number | null;
};

export function BurnPanel(props: BurnProps) {
  const { account, chainId, gateway, setActive } = props;
  const config = useConfig();
  const tx = useTransaction();
  const [lockError, setLockError] = useState<Explained>();

  /** Locks exactly what the API registered, after an exact approval if the allowance is short. */
  const lock = async (args: LockArgs) => {
    setLockError(undefined);
    const hash = normalizeHash(args.paymentHash);
    if (!hash || args.timelock === null) {
      setLockError({
        code: "lightning.lock_unknown",
        message: "The API gave no lock for this burn.",
      });
      return;
    }
    const token = tokenByAddress(chainId, args.synth);
    const symbol = token?.symbol ?? "synth";
    const decimals = token?.decimals ?? 18;
    const amount = BigInt(args.amount);
    try {
      const approvals = await approvalCalls(config, chainId, account, [
        {
          token: args.synth as Address,
          symbol,
          spender: gateway.address,
          amount,
          display: formatAmount(amount, decimals, 6),
        },
      ]);
      await tx.send(chainId, [
        ...approvals,
        {
          label: `Lock ${formatAmount(amount, decimals, 6)} ${symbol} for the invoice`,
          address: gateway.address,
          abi: lightningGatewayAbi,
          functionName: "lockBurn",
          args: [
            `0x${hash}` as Hex,
            args.synth as Address,
            amount,
            BigInt(args.sats),
            BigInt(args.timelock),
          ],
        },
      ]);
    } catch (e) {
      const decoded = decodeError(e);
      setLockError({ code: decoded.code, message: decoded.message });
    }
  };

  if (props.active) {
    return (
      <BurnProgress
        key={props.active.paymentHash}
        {...props}
        active={props.active}
        tx={tx}
        lockError={lockError}
        onLock={lock}
        onNew={() => {
          tx.reset();
          setActive(undefined);
        }}
      />
    );
  }
  return (
    <BurnForm
      {...props}
      tx={tx}
      onRegistered={(registered) => {
        setActive({
          paymentHash: normalizeHash(registered.paymentHash) ?? registered.paymentHash,
          synth: registered.synth,
          sats: registered.sats,
        });
        void lock(registered);
      }}
    />
  );
}

type Tx = ReturnType<typeof useTransaction>;

function BurnForm({
  account,
  chainId,
  gateway,
  tx,
  onRegistered,
}: BurnProps & { tx: Tx; onRegistered: (lock: LockArgs) => void }) {
  const id = useId();
  const [invoiceText, setInvoiceText] = useState("");
  const [touched, setTouched] = useState(false);
  const [synthChoice, setSynthChoice] = useState<string>();
  const [quote, setQuote] = useState<{ key: string; quote: BurnQuote }>();
  const [busy, setBusy] = useState<"quote" | "register">();
  const [error, setError] = useState<Explained>();
  const [held, setHeld] = useState(false);
  const now = useChainNow(chainId);
  const synth =
    gateway.synths.find((s) => s.address === synthChoice) ??
    gateway.synths.find((s) => s.symbol === "sUSD") ??
    gateway.synths[0];
  const check = checkInvoice(invoiceText, networkForChain(chainId));
  const problem = burnInvoiceProblem(check);
  const showProblem = problem !== undefined && (touched || invoiceText.trim() !== "");
  const key = `${synth?.address}:${check.ok ? check.invoice : ""}`;
  const current = quote?.key === key ? quote.quote : undefined;
  const balance = useReadContract({
    chainId,
    address: synth?.address,
    abi: syntheticAssetAbi,
    functionName: "balanceOf",
    args: [account],
    // Mints, refunds and other tabs change it: keep it current while the form is open.
    query: { enabled: synth !== undefined, refetchInterval: 5_000 },
  });
  const short =
    current !== undefined && balance.data !== undefined && balance.data < BigInt(current.amount);

  const getQuote = async (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!check.ok || problem || !synth || busy) return;
    setBusy("quote");
    setError(undefined);
    setHeld(false);
    try {
      const answer = await call(
        api.POST("/v1/lightning/burns/quote", {
          body: { synth: synth.address, invoice: check.invoice },
        }),
      );
      setQuote({ key, quote: answer });
      void balance.refetch();
    } catch (e) {
      setError(explainError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const register = async () => {
    if (!check.ok || !synth || !current || busy) return;
    setBusy("register");
    setError(undefined);
    setHeld(false);
    try {
      const answer = await call(
        api.POST("/v1/lightning/burns", { body: { synth: synth.address, invoice: check.invoice } }),
      );
      if (!answer.lock || !answer.swap) {
        setHeld(true);
        return;
      }
      onRegistered(answer.lock);
    } catch (e) {
      setError(explainError(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <form className="form" onSubmit={getQuote} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Pay a Lightning invoice with synths</h2>
      <p className="muted">
        Paste an invoice from your Lightning wallet. You lock synths on the gateway; Fluxion's
        keeper pays the invoice and only then takes them. Unpaid, they come back to you after the
        timelock.
      </p>
      <div className="field">
        <label htmlFor={`${id}-invoice`}>Lightning invoice to pay</label>
        <textarea
          id={`${id}-invoice`}
          rows={4}
          spellCheck={false}
          autoComplete="off"
          placeholder="lnbc…"
          value={invoiceText}
          onChange={(e) => setInvoiceText(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={showProblem}
          aria-describedby={`${id}-invoice-hint`}
        />
        <span id={`${id}-invoice-hint`} className={showProblem ? "error" : "hint"}>
          {showProblem
            ? problem
            : check.ok && check.sats !== undefined
              ? `An invoice for ${formatSats(check.sats)}.`
              : "BOLT-11, starting with lnbc (or lnbcrt on a development chain)."}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-synth`}>Pay with</label>
        <select
          id={`${id}-synth`}
          value={synth?.address ?? ""}
          onChange={(e) => setSynthChoice(e.target.value)}
        >
          {gateway.synths.map((s) => (
            <option key={s.address} value={s.address}>
              {s.symbol}
            </option>
          ))}
        </select>
        {synth && balance.data !== undefined ? (
          <span className="hint">
            You hold {formatAmount(balance.data, synth.decimals)} {synth.symbol}.
          </span>
        ) : null}
      </div>
      <div className="row">
        <button type="submit" className="button secondary" disabled={busy !== undefined}>
          {busy === "quote" ? "Quoting…" : "Get quote"}
        </button>
      </div>
      {current && synth ? (
        <>
          <dl className="preview" aria-label="Burn quote" data-testid="burn-quote">
            <dt>Invoice amount</dt>
            <dd>{formatSats(current.sats)}</dd>
            <dt>You lock</dt>
            <dd>
              {formatAmount(current.amount, synth.decimals, 6)} {synth.symbol}
            </dd>
            <dt>Fee (included)</dt>
            <dd>
              {formatAmount(current.fee, synth.decimals, 6)} {synth.symbol}
            </dd>
            <dt>Value</dt>
            <dd>{formatUsd(centsToUsd(current.usdCents))}</dd>
            {current.timelock !== undefined ? (
              <>
                <dt>Refundable if unpaid</dt>
                <dd>
                  from {formatTime(current.timelock)} (in {formatDuration(current.timelock - now)})
                </dd>
              </>
            ) : null}
            {current.invoiceExpiresAt !== undefined ? (
              <>
                <dt>Invoice expires</dt>
                <dd>{formatTime(current.invoiceExpiresAt)}</dd>
              </>
            ) : null}
          </dl>
          {short ? (
            <p className="error" role="alert">
              You hold {formatAmount(balance.data ?? 0n, synth.decimals)} {synth.symbol}; this needs{" "}
              {formatAmount(current.amount, synth.decimals, 6)}.
            </p>
          ) : null}
          <div className="row">
            <button
              type="button"
              className="button"
              onClick={register}
              disabled={busy !== undefined || tx.busy || short}
            >
              {busy === "register"
                ? "Registering…"
                : `Lock ${formatAmount(current.amount, synth.decimals, 4)} ${synth.symbol} and pay`}
            </button>
          </div>
        </>
      ) : null}
      {held ? (
        <div className="ln-note warn-text" role="status">
          <p>
            Compliance holds this burn for a reviewer: nothing was locked. Ask again once it is
            approved.
          </p>
          <button type="button" className="button secondary" onClick={register}>
            Ask again
          </button>
        </div>
      ) : null}
      <ErrorNote error={error} />
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </form>
  );
}

function BurnProgress({
  chainId,
  active,
  tx,
  lockError,
  onLock,
  onNew,
}: BurnProps & {
  active: ActiveSwap;
  tx: Tx;
  lockError: Explained | undefined;
  onLock: (lock: LockArgs) => Promise<void>;
  onNew: () => void;
}) {
  const { swap, timeline, notFound, error } = useFollowSwap(active.paymentHash);
  const now = useChainNow(chainId);
  const token = tokenByAddress(chainId, swap?.synth ?? active.synth);
  const symbol = token?.symbol ?? "synth";
  const decimals = token?.decimals ?? 18;
  const progress = swap ? progressOf("burn", swap.status) : undefined;
  return (
    <section
      className="ln-progress"
      aria-labelledby="burn-progress-title"
      data-payment-hash={active.paymentHash}
    >
      <h2 id="burn-progress-title">Paying an invoice of {formatSats(active.sats)}</h2>
      {notFound ? (
        <p className="error" role="alert">
          Fluxion has no record of this burn.
        </p>
      ) : !swap ? (
        error ? (
          <ErrorNote error={explainError(error)} />
        ) : (
          <p role="status" className="muted">
            Loading the burn…
          </p>
        )
      ) : (
        <>
          <StepIndicator direction="burn" status={swap.status} />
          <StatusLine direction="burn" status={swap.status} />
          <dl className="preview" aria-label="Lock">
            <dt>Locked for it</dt>
            <dd>
              {formatAmount(swap.amount, decimals, 6)} {symbol}
            </dd>
            <dt>Fee (included)</dt>
            <dd>
              {formatAmount(swap.fee, decimals, 6)} {symbol}
            </dd>
            {swap.timelock !== null ? (
              <>
                <dt>Refundable if unpaid</dt>
                <dd>
                  from {formatTime(swap.timelock)}
                  {swap.timelock > now ? ` (in ${formatDuration(swap.timelock - now)})` : ""}
                </dd>
              </>
            ) : null}
          </dl>
          {swap.status === "swap.created" ? (
            <div className="row">
              <button
                type="button"
                className="button"
                disabled={tx.busy}
                onClick={() => void onLock(swap)}
              >
                Lock {formatAmount(swap.amount, decimals, 4)} {symbol} in my wallet
              </button>
            </div>
          ) : null}
          <ErrorNote error={lockError} />
          <TxStatus state={tx.state} onDismiss={tx.reset} />
          {progress?.done ? (
            <p className="ln-done ok" data-testid="burn-result">
              Paid: your invoice for {formatSats(swap.sats)} was paid with{" "}
              {formatAmount(swap.amount, decimals, 6)} {symbol}.
            </p>
          ) : null}
          {swap.failure ? (
            <p className="error">
              {swap.failure.message ?? swap.failure.code}{" "}
              <span className="tx-code">({swap.failure.code})</span>
            </p>
          ) : null}
          {progress?.failed && swap.refundableAt !== null ? (
            <p className="hint">Your synths can be refunded below once the timelock passes.</p>
          ) : null}
          <Timeline direction="burn" timeline={timeline} />
        </>
      )}
      <div className="row">
        <button type="button" className="button secondary" onClick={onNew} disabled={tx.busy}>
          {progress?.final || progress?.done ? "Pay another invoice" : "Start another burn"}
        </button>
      </div>
    </section>
  );
}
