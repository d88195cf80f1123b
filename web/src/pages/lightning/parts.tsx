// Pieces the mint and burn flows share: the step indicator, the swap's timeline, an API error in words,
// and the invoice to pay (QR code, text, copy, open in a wallet, expiry).
import { QRCodeSVG } from "qrcode.react";
import { type ReactNode, useId, useState } from "react";
import { formatDuration } from "./countdown.ts";
import type { Explained } from "./errors.ts";
import { type Direction, progressOf, stepViews, type TimelineEntry } from "./swapStatus.ts";

export function StepIndicator({ direction, status }: { direction: Direction; status: string }) {
  const steps = stepViews(direction, status);
  return (
    <ol className="ln-steps" aria-label="Progress">
      {steps.map((step, index) => (
        <li
          key={step.label}
          className={`ln-step ${step.state}`}
          aria-current={step.state === "current" ? "step" : undefined}
        >
          <span className="ln-step-mark" aria-hidden="true">
            {step.state === "done" ? "✓" : step.state === "failed" ? "✕" : index + 1}
          </span>
          <span>
            {step.label}
            <span className="ln-sr">
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

/** The status in words, announced as it changes. */
export function StatusLine({ direction, status }: { direction: Direction; status: string }) {
  const p = progressOf(direction, status);
  const tone = p.tone === "info" ? "" : p.tone === "warn" ? "warn-text" : p.tone;
  return (
    <p className={`ln-status ${tone}`} role="status" aria-live="polite" data-status={status}>
      {p.words}
    </p>
  );
}

export function Timeline({
  direction,
  timeline,
}: {
  direction: Direction;
  timeline: readonly TimelineEntry[];
}) {
  if (timeline.length === 0) return null;
  return (
    <details className="ln-timeline" open>
      <summary>What happened</summary>
      <ol aria-label="What happened" data-testid={`${direction}-timeline`}>
        {timeline.map((entry) => (
          <li key={entry.status} data-status={entry.status}>
            <time dateTime={new Date(entry.at).toISOString()} className="muted">
              {new Date(entry.at).toLocaleTimeString("en-GB")}
            </time>{" "}
            {progressOf(direction, entry.status).words}
          </li>
        ))}
      </ol>
    </details>
  );
}

export function ErrorNote({ error }: { error: Explained | undefined }) {
  if (!error) return null;
  return (
    <div className="ln-error" role="alert" data-error-code={error.code}>
      <p>{error.message}</p>
      <p className="tx-code">{error.code}</p>
    </div>
  );
}

export function InvoiceBox({
  invoice,
  expiresAt,
  now,
}: {
  invoice: string;
  expiresAt: number | null;
  now: number;
}) {
  const id = useId();
  const [copied, setCopied] = useState<"copied" | "failed" | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invoice);
      setCopied("copied");
    } catch {
      // No clipboard permission: select the text so the person can copy it themselves.
      (document.getElementById(`${id}-invoice`) as HTMLTextAreaElement | null)?.select();
      setCopied("failed");
    }
  };
  const expired = expiresAt !== null && expiresAt <= now;
  return (
    <div className="ln-invoice">
      <div className="ln-qr">
        <QRCodeSVG
          value={`lightning:${invoice}`.toUpperCase()}
          size={232}
          level="M"
          marginSize={3}
          bgColor="#ffffff"
          fgColor="#000000"
          role="img"
          aria-label="QR code of the Lightning invoice: scan it with your Lightning wallet"
        />
      </div>
      <div className="ln-invoice-text">
        <div className="field">
          <label htmlFor={`${id}-invoice`}>Lightning invoice</label>
          <textarea
            id={`${id}-invoice`}
            readOnly
            rows={5}
            value={invoice}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
        <div className="row">
          <button type="button" className="button" onClick={copy}>
            Copy invoice
          </button>
          <a className="button secondary ln-link-button" href={`lightning:${invoice}`}>
            Open in wallet
          </a>
        </div>
        <p className="hint" role="status" aria-live="polite">
          {copied === "copied"
            ? "Copied to the clipboard."
            : copied === "failed"
              ? "Copying is not allowed here: the invoice is selected, copy it with your keyboard."
              : ""}
        </p>
        {expiresAt !== null ? (
          <p className={expired ? "error" : "hint"}>
            {expired
              ? "This invoice has expired: start a new mint."
              : `Pay within ${formatDuration(expiresAt - now)}.`}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** A table that scrolls sideways on a phone, focusable so a keyboard can scroll it too. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
