// Wakes a swap the moment its hold invoice changes (the HTLC held, the invoice canceled or settled),
// instead of waiting for the next poll. One subscribeToInvoice stream per watched invoice: LND's
// all-invoices stream never reports ACCEPTED or CANCELED, so hold invoices must be watched one by one.
// Losing a stream loses nothing but latency: the keeper still polls every swap.
import type { EventEmitter } from "node:events";
import { type AuthenticatedLnd, subscribeToInvoice } from "lightning";
import type { Logger } from "pino";

export type InvoiceWatcherOptions = {
  lnd: AuthenticatedLnd;
  logger: Logger;
  /** Called with the payment hash when the invoice changed. */
  onChange: (paymentHash: string) => void | Promise<void>;
};

export class InvoiceWatcher {
  readonly #o: InvoiceWatcherOptions;
  readonly #streams = new Map<string, EventEmitter>();

  constructor(options: InvoiceWatcherOptions) {
    this.#o = options;
  }

  get size(): number {
    return this.#streams.size;
  }

  watch(paymentHash: string): void {
    if (this.#streams.has(paymentHash)) return;
    const stream = subscribeToInvoice({
      id: paymentHash,
      lnd: this.#o.lnd,
    }) as unknown as EventEmitter;
    this.#streams.set(paymentHash, stream);
    let last = "";
    stream.on(
      "invoice_updated",
      (invoice: { is_held?: boolean; is_canceled?: boolean; is_confirmed?: boolean }) => {
        const state = invoice.is_confirmed
          ? "settled"
          : invoice.is_canceled
            ? "canceled"
            : invoice.is_held
              ? "held"
              : "open";
        if (state === last) return;
        last = state;
        if (state !== "open") void Promise.resolve(this.#o.onChange(paymentHash)).catch(() => {});
        if (state === "settled" || state === "canceled") this.unwatch(paymentHash);
      },
    );
    stream.on("error", (error: unknown) => {
      this.#o.logger.debug({ paymentHash, err: String(error) }, "invoice stream ended");
      this.unwatch(paymentHash);
    });
  }

  unwatch(paymentHash: string): void {
    const stream = this.#streams.get(paymentHash);
    if (!stream) return;
    this.#streams.delete(paymentHash);
    stream.removeAllListeners();
    stream.on("error", () => {}); // late errors from a closed stream must not throw
  }

  close(): void {
    for (const hash of [...this.#streams.keys()]) this.unwatch(hash);
  }
}
