// One line per transaction stage, announced to screen readers: simulating, waiting for the wallet,
// pending (with the hash), confirmed, indexed; or the failure in plain words.
import type { TxState } from "../tx/lifecycle.ts";
import { shortAddress } from "./format.ts";

const words: Record<TxState["stage"], string> = {
  idle: "",
  simulating: "Checking the transaction…",
  signing: "Confirm in your wallet…",
  pending: "Pending on chain…",
  confirmed: "Confirmed. Waiting for the indexer…",
  indexed: "Done: confirmed and indexed.",
  failed: "Failed",
};

export function TxStatus({ state, onDismiss }: { state: TxState; onDismiss?: () => void }) {
  if (state.stage === "idle") return null;
  const steps = state.steps && state.steps > 1 ? ` (step ${state.step} of ${state.steps})` : "";
  return (
    <div
      className={`tx-status tx-${state.stage}`}
      role={state.stage === "failed" ? "alert" : "status"}
      aria-live="polite"
      data-stage={state.stage}
    >
      <div>
        <strong>{state.label}</strong>
        {steps}: {state.stage === "failed" ? state.error?.message : words[state.stage]}
      </div>
      {state.stage === "failed" && state.error ? (
        <div className="tx-code" data-error-code={state.error.code}>
          {state.error.code}
        </div>
      ) : null}
      {state.hash ? (
        <div className="tx-hash">
          Transaction <code title={state.hash}>{shortAddress(state.hash)}</code>
          {state.blockNumber !== undefined ? ` in block ${state.blockNumber}` : ""}
        </div>
      ) : null}
      {onDismiss && (state.stage === "failed" || state.stage === "indexed") ? (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
