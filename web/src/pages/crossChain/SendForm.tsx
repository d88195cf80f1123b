// The transfer form: synth, amount, from and to which chain, recipient (oneself when empty), and the fee
// in the source chain's coin or its fee token (LINK), quoted live by the gateway with the lane's limits
// beside it. Sending switches the wallet to the source chain when needed, approves exactly the fee when
// it is paid in LINK, then burns the synth here; the message id it logs is followed at once.
import { crossChainGatewayAbi } from "@fluxion/deploy";
import { useEffect, useId, useRef, useState } from "react";
import { type Address, formatUnits } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import { type TokenInfo, tokensOf } from "../../lib/deployment.ts";
import { approvalCalls } from "../../tx/approvals.ts";
import { type DecodedError, decodeError } from "../../tx/decodeError.ts";
import type { ContractCall, TxState } from "../../tx/lifecycle.ts";
import { useTransaction } from "../../tx/useTransaction.ts";
import { formatAmount } from "../../ui/format.ts";
import { TxStatus } from "../../ui/TxStatus.tsx";
import { messageIdOfSend } from "./chainReads.ts";
import {
  type CcipChain,
  ccipChain,
  ccipChains,
  destinationsOf,
  type FeeChoice,
  feeTokenArg,
} from "./lanes.ts";
import { type MessageRef, synthOn, useChainNow, useLane } from "./queries.ts";
import { headroom } from "./rateLimit.ts";
import { checkSend } from "./sendCheck.ts";

function synthsOf(chainId: number): TokenInfo[] {
  return tokensOf(chainId).filter((t) => t.kind === "synth");
}

export function SendForm({
  account,
  sourceChainId,
  onSource,
  onSent,
}: {
  account: Address;
  sourceChainId: number;
  onSource: (chainId: number) => void;
  onSent: (ref: MessageRef) => void;
}) {
  const source = ccipChain(sourceChainId) ?? ccipChains[0]!;
  const destinations = destinationsOf(source.chainId);
  const [destChoice, setDestChoice] = useState<number>();
  const dest = destinations.find((c) => c.chainId === destChoice) ?? destinations[0];
  if (!dest) {
    return (
      <section className="card" aria-labelledby="cc-send-title">
        <h2 id="cc-send-title">Send a synth to another chain</h2>
        <p className="muted">{source.name} has no open lane to another chain Fluxion runs on.</p>
      </section>
    );
  }
  return (
    <Form
      account={account}
      source={source}
      dest={dest}
      destinations={destinations}
      onSource={onSource}
      onDest={setDestChoice}
      onSent={onSent}
    />
  );
}

function Form({
  account,
  source,
  dest,
  destinations,
  onSource,
  onDest,
  onSent,
}: {
  account: Address;
  source: CcipChain;
  dest: CcipChain;
  destinations: CcipChain[];
  onSource: (chainId: number) => void;
  onDest: (chainId: number) => void;
  onSent: (ref: MessageRef) => void;
}) {
  const id = useId();
  const config = useConfig();
  const tx = useTransaction();
  const synths = synthsOf(source.chainId);
  const [symbol, setSymbol] = useState("sUSD");
  const synth = synths.find((s) => s.symbol === symbol) ?? synths[0]!;
  const [amount, setAmount] = useState("");
  const [recipient, setRecipient] = useState("");
  const [choice, setChoice] = useState<FeeChoice>("native");
  const [touched, setTouched] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const [prepareError, setPrepareError] = useState<{ label: string; error: DecodedError }>();
  const now = useChainNow(source.chainId);

  const feeSymbol = choice === "native" ? "ETH" : source.feeToken.symbol;
  const feeDecimals = choice === "native" ? 18 : source.feeToken.decimals;
  // The recipient as typed when it is an address: the quote and the send take it.
  const draft = checkSend(
    { amount, recipient },
    { account, synth, sourceName: source.name, destName: dest.name, now, feeSymbol, feeDecimals },
  );
  const lane = useLane({
    source,
    dest,
    synth,
    account,
    to: draft.to,
    amount: draft.amount,
    choice,
  });
  const destSynth = synthOn(dest.chainId, synth.symbol);
  const check = checkSend(
    { amount, recipient },
    {
      account,
      synth,
      destSynth,
      sourceName: source.name,
      destName: dest.name,
      synthBalance: lane.synthBalance,
      fee: lane.fee,
      feeSymbol,
      feeDecimals,
      feeBalance: choice === "native" ? lane.nativeBalance : lane.feeTokenBalance,
      outbound: lane.outbound,
      inbound: lane.inbound,
      now,
    },
  );
  const showProblem =
    check.problem !== undefined && (touched || amount !== "" || check.problem.field === "limit");
  const available = headroom(lane.outbound, now);

  // The send's message id, from its receipt, as soon as it is confirmed (the indexer may follow later).
  const sending = useRef<{ hash?: string; source: CcipChain; dest: CcipChain } | undefined>(
    undefined,
  );
  useEffect(() => {
    const state = tx.state;
    const flow = sending.current;
    if (!flow || !state.hash || state.step !== state.steps) return;
    if (state.stage !== "confirmed" && state.stage !== "indexed") return;
    if (flow.hash === state.hash) return;
    flow.hash = state.hash;
    void messageIdOfSend(config, flow.source, state.hash)
      .then((messageId) => {
        if (messageId) {
          onSent({
            messageId,
            sourceChainId: flow.source.chainId,
            destChainId: flow.dest.chainId,
          });
        }
      })
      .catch(() => undefined);
  }, [tx.state, config, onSent]);

  const submit = async () => {
    setTouched(true);
    if (!check.ready || check.amount === undefined || tx.busy || preparing) return;
    const amountWords = `${formatAmount(check.amount, synth.decimals, 6)} ${synth.symbol}`;
    const label = `Send ${amountWords} to ${dest.name}`;
    const feeToken = feeTokenArg(source, choice);
    setPrepareError(undefined);
    setPreparing(true);
    let calls: ContractCall[];
    try {
      // A fresh quote: the fee is what the router charges when the transaction runs.
      const fee = await readContract(config, {
        chainId: source.chainId,
        address: source.gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "quoteTransfer",
        args: [dest.selector, synth.address, check.to, check.amount, feeToken],
        account,
      });
      const approvals =
        choice === "token"
          ? await approvalCalls(config, source.chainId, account, [
              {
                token: source.feeToken.address,
                symbol: source.feeToken.symbol,
                spender: source.gateway.address,
                amount: fee,
                display: formatAmount(fee, source.feeToken.decimals, 6),
              },
            ])
          : [];
      calls = [
        ...approvals,
        {
          label,
          address: source.gateway.address,
          abi: crossChainGatewayAbi,
          functionName: "sendSynth",
          args: [dest.selector, synth.address, check.to, check.amount, feeToken],
          value: choice === "native" ? fee : undefined,
        },
      ];
    } catch (error) {
      setPrepareError({ label, error: decodeError(error) });
      return;
    } finally {
      setPreparing(false);
    }
    sending.current = { source, dest };
    const result = await tx.send(source.chainId, calls);
    if (result) {
      setAmount("");
      setTouched(false);
    }
  };

  const state: TxState = prepareError
    ? { stage: "failed", label: prepareError.label, error: prepareError.error }
    : tx.state;
  const busy = tx.busy || preparing;
  const reasonId = `${id}-reason`;
  const amountHint = `${id}-amount-hint`;
  const recipientHint = `${id}-recipient-hint`;
  const invalid = (field: string) => showProblem && check.problem?.field === field;

  return (
    <section className="card cc-send" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Send a synth to another chain</h2>
      <p className="hint">
        The synth is burnt here and the same amount minted to the recipient there, once the message
        is final on {source.name} and delivered by Chainlink CCIP.
      </p>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="cc-fields">
          <div className="field">
            <label htmlFor={`${id}-source`}>From</label>
            <select
              id={`${id}-source`}
              value={source.chainId}
              disabled={busy}
              onChange={(event) => onSource(Number(event.target.value))}
            >
              {ccipChains.map((c) => (
                <option key={c.chainId} value={c.chainId}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-dest`}>To</label>
            <select
              id={`${id}-dest`}
              value={dest.chainId}
              disabled={busy}
              onChange={(event) => onDest(Number(event.target.value))}
            >
              {destinations.map((c) => (
                <option key={c.chainId} value={c.chainId}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-synth`}>Synth</label>
            <select
              id={`${id}-synth`}
              value={synth.symbol}
              disabled={busy}
              onChange={(event) => setSymbol(event.target.value)}
            >
              {synths.map((s) => (
                <option key={s.address} value={s.symbol}>
                  {s.symbol}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-amount`}>Amount ({synth.symbol})</label>
          <div className="cc-input">
            <input
              id={`${id}-amount`}
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              placeholder="0.0"
              value={amount}
              aria-invalid={invalid("amount")}
              aria-describedby={invalid("amount") ? `${amountHint} ${reasonId}` : amountHint}
              onChange={(event) => setAmount(event.target.value)}
              onBlur={() => setTouched(true)}
            />
            {lane.synthBalance !== undefined && lane.synthBalance > 0n ? (
              <button
                type="button"
                className="button secondary"
                aria-label={`Max: ${formatAmount(lane.synthBalance, synth.decimals, 6)} ${synth.symbol}`}
                onClick={() => setAmount(formatUnits(lane.synthBalance ?? 0n, synth.decimals))}
              >
                Max
              </button>
            ) : null}
          </div>
          <span className="hint" id={amountHint} data-testid="cc-balance">
            {lane.synthBalance === undefined
              ? `Reading your ${synth.symbol} on ${source.name}…`
              : `You hold ${formatAmount(lane.synthBalance, synth.decimals, 6)} ${synth.symbol} on ${source.name}.`}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-recipient`}>Recipient on {dest.name}</label>
          <input
            id={`${id}-recipient`}
            autoComplete="off"
            spellCheck={false}
            placeholder={account}
            value={recipient}
            aria-invalid={invalid("recipient")}
            aria-describedby={invalid("recipient") ? `${recipientHint} ${reasonId}` : recipientHint}
            onChange={(event) => setRecipient(event.target.value)}
          />
          <span className="hint" id={recipientHint}>
            Leave it empty to receive it yourself (the same address on {dest.name}).
          </span>
        </div>
        <fieldset className="cc-fee-choice">
          <legend>Pay the fee in</legend>
          <label>
            <input
              type="radio"
              name={`${id}-fee`}
              value="native"
              checked={choice === "native"}
              disabled={busy}
              onChange={() => setChoice("native")}
            />{" "}
            ETH
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-fee`}
              value="token"
              checked={choice === "token"}
              disabled={busy}
              onChange={() => setChoice("token")}
            />{" "}
            {source.feeToken.symbol}
          </label>
        </fieldset>
        <dl className="preview" aria-label="Transfer" data-testid="cc-preview">
          <dt>Fee</dt>
          <dd data-testid="cc-fee" aria-live="polite">
            {lane.fee !== undefined
              ? `${formatAmount(lane.fee, feeDecimals, 6)} ${feeSymbol}`
              : lane.quote.error
                ? `Unavailable: ${decodeError(lane.quote.error).message}`
                : "Quoting…"}
          </dd>
          {choice === "token" ? (
            <>
              <dt>Your {source.feeToken.symbol}</dt>
              <dd>
                {lane.feeTokenBalance === undefined
                  ? "…"
                  : formatAmount(lane.feeTokenBalance, source.feeToken.decimals, 6)}
              </dd>
            </>
          ) : null}
          {lane.transferGasLimit !== undefined ? (
            <>
              <dt>Gas on {dest.name}</dt>
              <dd>{lane.transferGasLimit.toLocaleString("en-US")} (paid with the fee)</dd>
            </>
          ) : null}
          <dt>Lane limit now</dt>
          <dd data-testid="cc-headroom">
            {lane.outbound === undefined
              ? "…"
              : available === undefined
                ? "No limit"
                : `${formatAmount(available.available, synth.decimals)} ${synth.symbol} of ${formatAmount(available.capacity, synth.decimals)}, refilling ${formatAmount(available.ratePerSecond, synth.decimals, 6)} per second`}
          </dd>
        </dl>
        {check.warning ? (
          <p className="warn-text" role="status">
            {check.warning}
          </p>
        ) : null}
        <div className="row">
          <button
            type="submit"
            className="button"
            disabled={busy || (showProblem && !check.ready)}
            aria-describedby={showProblem ? reasonId : undefined}
          >
            {preparing
              ? "Preparing…"
              : `Send${check.amount ? ` ${formatAmount(check.amount, synth.decimals, 6)}` : ""} ${synth.symbol} to ${dest.name}`}
          </button>
        </div>
        <p
          id={reasonId}
          className={showProblem && check.problem?.field !== "fee" ? "hint error" : "hint"}
          aria-live="polite"
          data-testid="cc-reason"
          data-error-code={showProblem ? check.problem?.code : undefined}
        >
          {showProblem ? check.problem?.message : ""}
        </p>
      </form>
      <TxStatus
        state={state}
        onDismiss={() => {
          setPrepareError(undefined);
          tx.reset();
        }}
      />
    </section>
  );
}
