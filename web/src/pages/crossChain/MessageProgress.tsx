// One message followed live: where it is on its way (sent, final, committed, delivered) as steps and
// words announced as they change, what it carries, what happened when, and, for a failed message, why
// in plain words and a Retry: a failed delivery executed again by hand on the destination (optionally
// with a higher gas limit than the message's own), or a message the destination gateway kept retried.
import { crossChainGatewayAbi, localCCIPRouterAbi } from "@fluxion/deploy";
import { useId, useState } from "react";
import type { Hex } from "viem";
import { tokenByAddress } from "../../lib/deployment.ts";
import type { DecodedError } from "../../tx/decodeError.ts";
import type { ContractCall } from "../../tx/lifecycle.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount, shortAddress } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import type { DestinationFacts, SentTransfer } from "./chainReads.ts";
import type { CcipChain } from "./lanes.ts";
import {
  type Names,
  type Status,
  statusWords,
  stepViews,
  type TimelineEntry,
  toneOf,
} from "./messageState.ts";
import { type MessageRef, useChainNow, type useFollowMessage } from "./queries.ts";
import {
  explainDeliveryFailure,
  explainStoredFailure,
  parseGasLimit,
  type RetryPlan,
  retryPlan,
  suggestedGasLimit,
} from "./recovery.ts";

const zero = "0x0000000000000000000000000000000000000000";

export function MessageProgress({
  messageRef,
  follow,
  onClose,
}: {
  messageRef: MessageRef;
  /** useFollowMessage(messageRef), kept by the page (the list shows its status too). */
  follow: ReturnType<typeof useFollowMessage>;
  onClose: () => void;
}) {
  const { source, dest, sent, destination, status } = follow;
  const names: Names = {
    source: source?.name ?? `chain ${messageRef.sourceChainId}`,
    dest: dest?.name ?? `chain ${messageRef.destChainId}`,
  };
  const destNow = useChainNow(messageRef.destChainId);
  const token = sent && source ? tokenByAddress(source.chainId, sent.synth) : undefined;
  const carried =
    sent && token ? `${formatAmount(sent.amount, token.decimals, 6)} ${token.symbol}` : undefined;
  const plan: RetryPlan = status
    ? retryPlan(status, {
        committedAt: destination?.committedAt,
        threshold: destination?.threshold,
        now: destNow,
      })
    : { kind: "none" };
  const tone = status ? toneOf(status) : "info";
  return (
    <section
      className="card cc-progress"
      aria-labelledby="cc-progress-title"
      data-testid="cc-progress"
      data-message-id={messageRef.messageId}
      data-state={status?.state}
    >
      <h2 id="cc-progress-title" tabIndex={-1}>
        {carried ? `${carried} from ${names.source} to ${names.dest}` : `Message to ${names.dest}`}
      </h2>
      {status ? (
        <>
          <Steps status={status} names={names} />
          <p
            className={`cc-status ${tone === "info" ? "" : tone}`}
            role="status"
            aria-live="polite"
            data-testid="cc-status"
            data-state={status.state}
          >
            {statusWords(status, names)}
          </p>
        </>
      ) : null}
      {follow.error && !sent ? (
        <p className="error" role="alert">
          The chains did not answer about this message: {(follow.error as Error).message}
        </p>
      ) : null}
      <dl className="preview" aria-label="Message">
        <dt>Message id</dt>
        <dd>
          <code title={messageRef.messageId}>{shortAddress(messageRef.messageId)}</code>
        </dd>
        {sent ? (
          <>
            <dt>Recipient</dt>
            <dd>
              <code title={sent.to}>{shortAddress(sent.to)}</code> on {names.dest}
            </dd>
            <dt>Fee paid</dt>
            <dd>
              {formatAmount(
                sent.fee,
                sent.feeToken === zero ? 18 : (source?.feeToken.decimals ?? 18),
                6,
              )}{" "}
              {sent.feeToken === zero ? "ETH" : (source?.feeToken.symbol ?? "fee token")}
            </dd>
            <dt>Sent in</dt>
            <dd>
              block {sent.blockNumber.toString()} on {names.source}
              {status?.confirmations !== undefined
                ? ` (${status.confirmations} ${status.confirmations === 1 ? "block" : "blocks"} on top)`
                : ""}
            </dd>
          </>
        ) : null}
      </dl>
      {status?.state === "executed" ? (
        <p className="ok cc-done" data-testid="cc-delivered">
          Delivered: {carried ?? "the synths"} arrived
          {sent ? ` for ${shortAddress(sent.to)}` : ""} on {names.dest}.
        </p>
      ) : null}
      {plan.kind !== "none" && dest && status ? (
        <Retry
          key={`${messageRef.messageId}-${status.failure ?? status.state}`}
          plan={plan}
          status={status}
          messageId={messageRef.messageId}
          dest={dest}
          sent={sent}
          destination={destination}
        />
      ) : null}
      <Timeline timeline={follow.timeline} names={names} />
      <div className="row">
        <button type="button" className="button secondary" onClick={onClose}>
          Stop following
        </button>
      </div>
    </section>
  );
}

function Steps({ status, names }: { status: Status; names: Names }) {
  const steps = stepViews(status, names);
  return (
    <ol className="cc-steps" aria-label="Progress">
      {steps.map((step, index) => (
        <li
          key={step.label}
          className={`cc-step ${step.state}`}
          aria-current={step.state === "current" ? "step" : undefined}
        >
          <span className="cc-step-mark" aria-hidden="true">
            {step.state === "done" ? "✓" : step.state === "failed" ? "✕" : index + 1}
          </span>
          <span>
            {step.label}
            <span className="visually-hidden">
              {step.state === "done"
                ? " (done)"
                : step.state === "current"
                  ? " (in progress)"
                  : step.state === "failed"
                    ? " (failed)"
                    : " (to come)"}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}

function Timeline({ timeline, names }: { timeline: readonly TimelineEntry[]; names: Names }) {
  if (timeline.length === 0) return null;
  return (
    <details className="cc-timeline" open>
      <summary>What happened</summary>
      <ol aria-label="What happened" data-testid="cc-timeline">
        {timeline.map((entry) => (
          <li key={`${entry.state}-${entry.failure ?? ""}`} data-state={entry.state}>
            <time dateTime={new Date(entry.at).toISOString()} className="muted">
              {new Date(entry.at).toLocaleTimeString("en-GB")}
            </time>{" "}
            {statusWords({ state: entry.state, failure: entry.failure }, names)}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Why it failed, in words: the router's last execution or the gateway's stored reason. */
function failureOf(
  status: Status,
  destination: DestinationFacts | undefined,
  dest: CcipChain,
): DecodedError | undefined {
  if (status.state !== "failed" || !destination) return undefined;
  if (status.failure === "stored") {
    return explainStoredFailure(destination.storedReason ?? "0x", dest.name);
  }
  const last = destination.lastExecution;
  if (!last) return undefined;
  return explainDeliveryFailure({
    returnData: last.returnData,
    gasLimit: last.gasLimit,
    gasUsed: last.gasUsed,
    dest: dest.name,
  });
}

function Retry({
  plan,
  status,
  messageId,
  dest,
  sent,
  destination,
}: {
  plan: Exclude<RetryPlan, { kind: "none" }>;
  status: Status;
  messageId: Hex;
  dest: CcipChain;
  sent: SentTransfer | undefined;
  destination: DestinationFacts | undefined;
}) {
  const id = useId();
  const tx = useTransaction();
  const [gas, setGas] = useState("");
  const [touched, setTouched] = useState(false);
  const failure = failureOf(status, destination, dest);
  const own = sent?.message.gasLimit;
  const lastLimit = destination?.lastExecution?.gasLimit ?? own;
  const parsed = own === undefined ? undefined : parseGasLimit(gas, own);
  const gasProblem = parsed && !parsed.ok ? parsed.message : undefined;
  const manual = plan.kind === "manual";
  const hintId = `${id}-gas-hint`;
  const errorId = `${id}-gas-error`;

  const retry = async () => {
    setTouched(true);
    let call: ContractCall;
    if (manual) {
      if (!sent || !parsed?.ok) return;
      const override = parsed.value;
      call = {
        label: `Execute the message again on ${dest.name}${override > 0n ? ` with ${override.toLocaleString("en-US")} gas` : ""}`,
        address: dest.router.address,
        abi: localCCIPRouterAbi,
        functionName: "manuallyExecute",
        args: [sent.message, override],
      };
    } else {
      call = {
        label: `Retry the message on ${dest.name}`,
        address: dest.gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "retryFailedMessage",
        args: [messageId],
      };
    }
    await tx.send(dest.chainId, [call]);
  };

  return (
    <div className="cc-retry" data-testid="cc-retry">
      {failure ? (
        <div className="cc-failure" role="alert" data-error-code={failure.code}>
          <p>{failure.message}</p>
          <p className="tx-code">{failure.code}</p>
        </div>
      ) : plan.kind === "manual" && plan.reason === "relay_late" ? (
        <p className="warn-text" role="status">
          The relay has not delivered it since it was committed on {dest.name}: anyone may now
          execute it there.
        </p>
      ) : null}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void retry();
        }}
      >
        {manual ? (
          <div className="field">
            <label htmlFor={`${id}-gas`}>Gas limit for the retry (optional)</label>
            <input
              id={`${id}-gas`}
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              placeholder={own === undefined ? "" : own.toString()}
              value={gas}
              disabled={tx.busy}
              aria-invalid={touched && gasProblem !== undefined}
              aria-describedby={touched && gasProblem ? `${hintId} ${errorId}` : hintId}
              onChange={(event) => setGas(event.target.value)}
              onBlur={() => setTouched(true)}
            />
            <span className="hint" id={hintId}>
              {own === undefined
                ? `Reading the message from its source chain…`
                : `Empty keeps the message's own ${own.toLocaleString("en-US")}. A delivery that ran out of gas needs more${lastLimit !== undefined ? `, such as ${suggestedGasLimit(lastLimit).toLocaleString("en-US")}` : ""}.`}
            </span>
            {touched && gasProblem ? (
              <span className="hint error" id={errorId}>
                {gasProblem}
              </span>
            ) : null}
          </div>
        ) : (
          <p className="hint">
            The gateway on {dest.name} keeps the synths until crediting them goes through. Anyone
            may retry it; it fails again while the cause remains.
          </p>
        )}
        <div className="row">
          <button
            type="submit"
            className="button"
            disabled={tx.busy || (manual && (!sent || (touched && gasProblem !== undefined)))}
          >
            Retry on {dest.name}
          </button>
        </div>
      </form>
      <TxStatus state={tx.state} onDismiss={tx.reset} />
    </div>
  );
}
