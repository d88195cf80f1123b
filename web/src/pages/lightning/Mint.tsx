// Mint: sats in over Lightning, synths out. The browser makes the secret and sends only its hash; the
// keeper's hold invoice is shown as a QR code and text; the stream moves the swap through payment held,
// locked and minted, and once it is locked the secret is handed over so the keeper claims for the user
// (no gas). The secret stays in sessionStorage, so a reload mid-swap picks up where it was.
import { lightningGatewayAbi, syntheticAssetAbi } from "@fluxion/deploy";
import { useEffect, useId, useRef, useState } from "react";
import type { Address } from "viem";
import { useReadContract } from "wagmi";
import { api, call } from "../../api/client.ts";
import { tokenByAddress } from "../../lib/deployment.ts";
import { decodeError } from "../../tx/decodeError.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount, formatUsd } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { formatSats, parseSats, satsToUsd } from "./amounts.ts";
import { type Explained, explainError } from "./errors.ts";
import { ErrorNote, InvoiceBox, StatusLine, StepIndicator, Timeline } from "./parts.tsx";
import {
  type ActiveSwap,
  forgetPreimage,
  loadPreimage,
  newSecret,
  savePreimage,
} from "./preimage.ts";
import { type GatewayInfo, useFollowSwap, useNow } from "./queries.ts";
import { progressOf, statusRank } from "./swapStatus.ts";

type MintProps = {
  account: Address;
  chainId: number;
  gateway: GatewayInfo;
  active: ActiveSwap | undefined;
  setActive: (swap: ActiveSwap | undefined) => void;
};

export function MintPanel(props: MintProps) {
  if (props.active) {
    return (
      <MintProgress
        key={props.active.paymentHash}
        {...props}
        active={props.active}
        onNew={() => props.setActive(undefined)}
      />
    );
  }
  return <MintForm {...props} />;
}

/** Sends the mint request for a secret kept in this browser; the API's answer, or throws. */
async function requestMint(active: ActiveSwap) {
  return call(
    api.POST("/v1/lightning/mints", {
      body: { paymentHash: active.paymentHash, synth: active.synth, sats: Number(active.sats) },
    }),
  );
}

function MintForm({ chainId, gateway, setActive }: MintProps) {
  const id = useId();
  const [satsText, setSatsText] = useState("");
  const [touched, setTouched] = useState(false);
  const [synthChoice, setSynthChoice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Explained>();
  const synth =
    gateway.synths.find((s) => s.address === synthChoice) ??
    gateway.synths.find((s) => s.symbol === "sUSD") ??
    gateway.synths[0];
  const parsed = parseSats(satsText, gateway.mintLimits);
  const quote = useReadContract({
    chainId,
    address: gateway.address,
    abi: lightningGatewayAbi,
    functionName: "quoteMint",
    args: parsed.ok && synth ? [synth.address, parsed.sats] : undefined,
    query: { enabled: parsed.ok && synth !== undefined },
  });
  const showProblem = !parsed.ok && (touched || satsText !== "");

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok || !synth || busy) return;
    setBusy(true);
    setError(undefined);
    const { preimage, paymentHash } = await newSecret();
    // Kept before the request goes out: a reload while it is in flight must not lose the secret.
    savePreimage(sessionStorage, paymentHash, preimage);
    const active = { paymentHash, synth: synth.address, sats: parsed.sats.toString() };
    try {
      await requestMint(active);
      setActive(active);
    } catch (e) {
      const explained = explainError(e);
      // Refused (4xx): nothing was created, the secret is useless. Otherwise it may have arrived.
      const status = (e as { status?: number }).status ?? 0;
      if (status >= 400 && status < 500) forgetPreimage(sessionStorage, paymentHash);
      setError(explained);
    } finally {
      setBusy(false);
    }
  };

  const amount = quote.data?.[0];
  const fee = quote.data?.[1];
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Mint with Lightning</h2>
      <p className="muted">
        Pay a Lightning invoice and receive synths in your wallet. You need no gas: Fluxion's keeper
        claims for you once the payment is locked.
      </p>
      <div className="ln-fields">
        <div className="field">
          <label htmlFor={`${id}-sats`}>Amount (sats)</label>
          <input
            id={`${id}-sats`}
            inputMode="numeric"
            autoComplete="off"
            placeholder="20,000"
            value={satsText}
            onChange={(e) => setSatsText(e.target.value)}
            onBlur={() => setTouched(true)}
            aria-invalid={showProblem}
            aria-describedby={`${id}-sats-hint`}
          />
          <span id={`${id}-sats-hint`} className={showProblem ? "error" : "hint"}>
            {showProblem && !parsed.ok
              ? parsed.reason
              : gateway.mintLimits
                ? `From ${formatSats(gateway.mintLimits.min)} to ${formatSats(gateway.mintLimits.max)}.`
                : "Whole satoshis."}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-synth`}>Receive</label>
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
        </div>
      </div>
      {parsed.ok && synth ? (
        <dl className="preview" aria-label="Quote" aria-live="polite" data-testid="mint-quote">
          <dt>You receive</dt>
          <dd>
            {amount !== undefined && fee !== undefined
              ? `≈ ${formatAmount(amount - fee, synth.decimals)} ${synth.symbol}`
              : quote.error
                ? "—"
                : "…"}
          </dd>
          <dt>Fee</dt>
          <dd>
            {fee !== undefined ? `${formatAmount(fee, synth.decimals, 6)} ${synth.symbol}` : "…"}
          </dd>
          <dt>Value</dt>
          <dd>
            {gateway.btcPrice !== undefined
              ? formatUsd(satsToUsd(parsed.sats, gateway.btcPrice))
              : "…"}
          </dd>
        </dl>
      ) : null}
      {quote.error ? (
        <p className="error" role="alert">
          The gateway cannot quote this right now: {decodeError(quote.error).message}
        </p>
      ) : null}
      <p className="hint">
        The final amount is quoted when the invoice is made; the payment is held, not taken, until
        your synths are locked for you.
      </p>
      <div className="row">
        <button type="submit" className="button" disabled={busy || !synth}>
          {busy ? "Creating the invoice…" : "Create invoice"}
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

type Handover =
  | { stage: "idle" | "sending" | "done" }
  | { stage: "failed"; error: Explained; preimage?: string };

function MintProgress({
  account,
  chainId,
  gateway,
  active,
  onNew,
}: MintProps & { active: ActiveSwap; onNew: () => void }) {
  const { swap, timeline, notFound, error, refetch } = useFollowSwap(active.paymentHash);
  const [handover, setHandover] = useState<Handover>({ stage: "idle" });
  const handing = useRef(false);
  const [resendError, setResendError] = useState<Explained>();
  const [resending, setResending] = useState(false);
  const claim = useTransaction();
  const now = useNow();
  const token = tokenByAddress(chainId, swap?.synth ?? active.synth);
  const symbol = token?.symbol ?? "synth";
  const decimals = token?.decimals ?? 18;
  const status = swap?.status;
  const progress = status ? progressOf("mint", status) : undefined;
  const balance = useReadContract({
    chainId,
    address: (swap?.synth ?? active.synth) as Address,
    abi: syntheticAssetAbi,
    functionName: "balanceOf",
    args: [account],
  });
  const refetchBalance = balance.refetch;

  const handOver = async () => {
    if (handing.current) return;
    handing.current = true;
    setHandover({ stage: "sending" });
    try {
      const preimage = await loadPreimage(sessionStorage, active.paymentHash);
      if (!preimage) {
        setHandover({
          stage: "failed",
          error: {
            code: "lightning.secret_missing",
            message:
              "This browser no longer holds the secret of this mint, so it cannot be claimed from here. Unclaimed, the lock is refunded at its timelock and the payment returns to the payer.",
          },
        });
        return;
      }
      try {
        await call(
          api.POST("/v1/lightning/mints/{paymentHash}/preimage", {
            params: { path: { paymentHash: active.paymentHash } },
            body: { preimage },
          }),
        );
        setHandover({ stage: "done" });
        void refetch();
      } catch (e) {
        setHandover({ stage: "failed", error: explainError(e), preimage });
      }
    } finally {
      handing.current = false;
    }
  };

  // The gasless claim: once the synths are locked, hand the secret to the keeper (no wallet, no gas).
  useEffect(() => {
    if (status === "transaction.locked" && handover.stage === "idle") void handOver();
  });

  useEffect(() => {
    if (progress?.done) void refetchBalance();
  }, [progress?.done, refetchBalance]);

  const resend = async () => {
    setResending(true);
    setResendError(undefined);
    try {
      if (!(await loadPreimage(sessionStorage, active.paymentHash))) {
        setResendError({
          code: "lightning.secret_missing",
          message: "This browser no longer holds the secret of this mint: start a new one.",
        });
        return;
      }
      await requestMint(active);
      await refetch();
    } catch (e) {
      setResendError(explainError(e));
    } finally {
      setResending(false);
    }
  };

  const startNew = () => {
    if (progress?.final) forgetPreimage(sessionStorage, active.paymentHash);
    onNew();
  };

  const claimYourself = async (preimage: string) => {
    const result = await claim.send(chainId, [
      {
        label: `Claim ${symbol}`,
        address: gateway.address,
        abi: lightningGatewayAbi,
        functionName: "claimMint",
        args: [`0x${preimage}`],
      },
    ]);
    if (result) void refetch();
  };

  const lockedOrLater =
    status !== undefined &&
    !progress?.failed &&
    statusRank("mint", status) >= statusRank("mint", "transaction.locked");
  const net = swap ? BigInt(swap.amount) - BigInt(swap.fee) : undefined;
  const heading = `Mint of ${formatSats(active.sats)} for ${symbol}`;

  return (
    <section
      className="ln-progress"
      aria-labelledby="mint-progress-title"
      data-payment-hash={active.paymentHash}
    >
      <h2 id="mint-progress-title">{heading}</h2>
      {notFound ? (
        <div className="ln-error" role="alert">
          <p>
            Fluxion has no record of this mint: the request may not have arrived. Send it again, or
            discard it.
          </p>
          <div className="row">
            <button type="button" className="button" onClick={resend} disabled={resending}>
              Send the request again
            </button>
            <button type="button" className="button secondary" onClick={onNew}>
              Discard
            </button>
          </div>
          <ErrorNote error={resendError} />
        </div>
      ) : !swap ? (
        error ? (
          <ErrorNote error={explainError(error)} />
        ) : (
          <p role="status" className="muted">
            Loading the mint…
          </p>
        )
      ) : (
        <>
          <StepIndicator direction="mint" status={swap.status} />
          <StatusLine direction="mint" status={swap.status} />
          {swap.status === "swap.review" ? (
            <p className="ln-note warn-text">
              Compliance holds this mint for a reviewer. Your invoice appears here as soon as it is
              approved: keep this page open, or come back later.
            </p>
          ) : null}
          {swap.invoice && statusRank("mint", swap.status) <= statusRank("mint", "invoice.set") ? (
            <>
              <dl className="preview" aria-label="Quote">
                <dt>You pay</dt>
                <dd>{formatSats(swap.sats)}</dd>
                <dt>You receive</dt>
                <dd>{net !== undefined ? `${formatAmount(net, decimals)} ${symbol}` : "—"}</dd>
                <dt>Fee</dt>
                <dd>
                  {formatAmount(swap.fee, decimals, 6)} {symbol}
                </dd>
                {gateway.btcPrice !== undefined ? (
                  <>
                    <dt>Value</dt>
                    <dd>{formatUsd(satsToUsd(BigInt(swap.sats), gateway.btcPrice))}</dd>
                  </>
                ) : null}
              </dl>
              <InvoiceBox invoice={swap.invoice} expiresAt={swap.invoiceExpiresAt} now={now} />
            </>
          ) : null}
          {lockedOrLater ? (
            <p className="ln-handover" role="status" data-stage={handover.stage}>
              {handover.stage === "sending"
                ? "Gasless claim: handing your secret to the keeper…"
                : handover.stage === "failed"
                  ? "Gasless claim: the secret could not be handed over."
                  : handover.stage === "done" ||
                      statusRank("mint", swap.status) > statusRank("mint", "transaction.locked")
                    ? "Gasless claim: secret handed over, the keeper claims for you (no gas)."
                    : "Gasless claim: about to hand over your secret…"}
            </p>
          ) : null}
          {handover.stage === "failed" ? (
            <div className="ln-error" role="alert">
              <p>{handover.error.message}</p>
              <p className="tx-code">{handover.error.code}</p>
              <div className="row">
                {swap.status === "transaction.locked" ? (
                  <button
                    type="button"
                    className="button"
                    onClick={() => setHandover({ stage: "idle" })}
                  >
                    Try the handover again
                  </button>
                ) : null}
                {handover.preimage && swap.status === "transaction.locked" ? (
                  <button
                    type="button"
                    className="button secondary"
                    disabled={claim.busy}
                    onClick={() => claimYourself(handover.preimage!)}
                  >
                    Claim with my wallet instead
                  </button>
                ) : null}
              </div>
              <TxStatus state={claim.state} onDismiss={claim.reset} />
            </div>
          ) : null}
          {progress?.done && net !== undefined ? (
            <p className="ln-done ok" data-testid="mint-result">
              Minted {formatAmount(net, decimals)} {symbol} to your wallet
              {balance.data !== undefined
                ? ` (balance now ${formatAmount(balance.data, decimals)} ${symbol})`
                : ""}
              .
            </p>
          ) : null}
          {swap.failure ? (
            <p className="error">
              {swap.failure.message ?? swap.failure.code}{" "}
              <span className="tx-code">({swap.failure.code})</span>
            </p>
          ) : null}
          <Timeline direction="mint" timeline={timeline} />
        </>
      )}
      <div className="row">
        <button type="button" className="button secondary" onClick={startNew}>
          {progress?.final ? "Start a new mint" : "Start another mint"}
        </button>
      </div>
      {progress && !progress.final ? (
        <p className="hint">
          This mint stays in your history below; follow it again from there at any time in this
          browser.
        </p>
      ) : null}
    </section>
  );
}
