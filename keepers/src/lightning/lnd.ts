// The bridge's view of a Lightning node, through the unmodified `lightning` package only (so it runs
// against real LND exactly as against our dev node). Each call maps LND's failures to KeeperErrors with
// stable codes, and the invoice operations are idempotent: re-running a step after a crash is safe.
import type { EventEmitter } from "node:events";
import {
  type AuthenticatedLnd,
  cancelHodlInvoice,
  createHodlInvoice,
  decodePaymentRequest,
  type GetInvoiceResult,
  getInvoice,
  getPayment,
  getRouteToDestination,
  getWalletInfo,
  settleHodlInvoice,
  subscribeToPastPayment,
  subscribeToPayViaRequest,
} from "lightning";
import { blockPadding } from "../bridge/timing.ts";
import { KeeperError } from "../errors.ts";

export type InvoiceStatus = {
  state: "open" | "accepted" | "settled" | "canceled";
  request: string;
  tokens: number;
  expiresAt: Date;
  /** Earliest expiry block height of the held HTLCs (accepted invoices). */
  htlcTimeout: number | undefined;
};

export type DecodedInvoice = {
  id: string;
  network: string;
  destination: string;
  tokens: number;
  /** The exact amount in millisatoshis (an invoice may ask for a fraction of a satoshi). */
  mtokens: bigint;
  expiresAt: Date;
  cltvDelta: number;
  isExpired: boolean;
};

export type PaymentOutcome =
  | { status: "succeeded"; preimage: string; feeSats: number }
  | { status: "failed"; reason: string }
  | { status: "pending" }
  /** The node did not say: the payment may be in flight (ask again before treating it as failed). */
  | { status: "unknown"; reason: string };

type PaymentFailure = {
  is_insufficient_balance?: boolean;
  is_invalid_payment?: boolean;
  is_pathfinding_timeout?: boolean;
  is_route_not_found?: boolean;
};

const reasonOf = (f: PaymentFailure): string =>
  f.is_insufficient_balance
    ? "insufficient_balance"
    : f.is_invalid_payment
      ? "invalid_payment"
      : f.is_pathfinding_timeout
        ? "timeout"
        : f.is_route_not_found
          ? "no_route"
          : "failed";

/** `lightning` rejects with [statusCode, message, details]; anything else is a transport failure. */
function lndError(code: string, action: string, error: unknown, retryable?: boolean): KeeperError {
  if (Array.isArray(error)) {
    const [status, message, details] = error as [number, string, { err?: { details?: string } }?];
    const detail = details?.err?.details;
    return new KeeperError(code, `${action}: ${message}${detail ? ` (${detail})` : ""}`, {
      cause: error,
      retryable: retryable ?? (status >= 500 && !/already|unable to locate/i.test(detail ?? "")),
      details: { status, message, detail },
    });
  }
  return new KeeperError(code, `${action}: ${(error as Error)?.message ?? error}`, {
    cause: error,
    retryable: true,
  });
}

/** Blocks lightning's getRouteToDestination adds to the final CLTV delta (lnd_methods/info/constants). */
const queryBlocksBuffer = 6;

const detailOf = (error: unknown) =>
  Array.isArray(error)
    ? String((error[2] as { err?: { details?: string } })?.err?.details ?? "")
    : "";

export class LightningNode {
  readonly lnd: AuthenticatedLnd;
  readonly #watching = new Set<string>();
  constructor(lnd: AuthenticatedLnd) {
    this.lnd = lnd;
  }

  async info(): Promise<{ pubkey: string; blockHeight: number }> {
    try {
      const info = await getWalletInfo({ lnd: this.lnd });
      return { pubkey: info.public_key, blockHeight: info.current_block_height };
    } catch (error) {
      throw lndError("lightning.unreachable", "getWalletInfo", error, true);
    }
  }

  /** The invoice for `id`, or undefined when the node has none. */
  async invoice(id: string): Promise<InvoiceStatus | undefined> {
    let invoice: GetInvoiceResult;
    try {
      invoice = await getInvoice({ lnd: this.lnd, id });
    } catch (error) {
      if (
        /unable to locate invoice|not found/i.test(
          `${detailOf(error)} ${Array.isArray(error) ? error[1] : ""}`,
        )
      ) {
        return undefined;
      }
      throw lndError("lightning.unreachable", "getInvoice", error, true);
    }
    const timeouts = invoice.payments.filter((p) => p.is_held).map((p) => p.timeout);
    return {
      state: invoice.is_confirmed
        ? "settled"
        : invoice.is_canceled
          ? "canceled"
          : invoice.is_held
            ? "accepted"
            : "open",
      request: invoice.request ?? "",
      tokens: invoice.tokens,
      expiresAt: new Date(invoice.expires_at),
      htlcTimeout: timeouts.length ? Math.min(...timeouts) : undefined,
    };
  }

  /** Creates the hold invoice for `id`, or returns the one a previous attempt created. */
  async ensureHoldInvoice(args: {
    id: string;
    tokens: number;
    description: string;
    expiresAt: Date;
    cltvDelta: number;
  }): Promise<InvoiceStatus> {
    // Create first (one call on the hot path); an existing invoice for the hash is looked up instead.
    try {
      const created = await createHodlInvoice({
        lnd: this.lnd,
        id: args.id,
        tokens: args.tokens,
        description: args.description,
        expires_at: args.expiresAt.toISOString(),
        cltv_delta: args.cltvDelta,
      });
      return {
        state: "open",
        request: created.request,
        tokens: created.tokens,
        expiresAt: new Date(Math.floor(args.expiresAt.getTime() / 1000) * 1000),
        htlcTimeout: undefined,
      };
    } catch (error) {
      if (!/already exists/i.test(detailOf(error))) {
        throw lndError("lightning.invoice_failed", "createHodlInvoice", error);
      }
    }
    const existing = await this.invoice(args.id);
    if (!existing)
      throw new KeeperError("lightning.invoice_failed", `invoice ${args.id} vanished`, {
        retryable: true,
      });
    return existing;
  }

  /** Settles with the preimage; an invoice already settled counts as done. */
  async settle(id: string, preimage: string): Promise<void> {
    const current = await this.invoice(id);
    if (current?.state === "settled") return;
    try {
      await settleHodlInvoice({ lnd: this.lnd, secret: preimage });
    } catch (error) {
      const after = await this.invoice(id).catch(() => undefined);
      if (after?.state === "settled") return;
      throw lndError("lightning.settle_failed", "settleHodlInvoice", error);
    }
  }

  /** Cancels (the payer's HTLC fails back); canceled or never-created invoices count as done. */
  async cancel(id: string): Promise<void> {
    const current = await this.invoice(id);
    if (!current || current.state === "canceled") return;
    if (current.state === "settled") {
      throw new KeeperError(
        "lightning.already_settled",
        `invoice ${id} is settled and cannot be canceled`,
      );
    }
    try {
      await cancelHodlInvoice({ lnd: this.lnd, id });
    } catch (error) {
      const after = await this.invoice(id).catch(() => undefined);
      if (after?.state === "canceled") return;
      throw lndError("lightning.cancel_failed", "cancelHodlInvoice", error);
    }
  }

  async decode(request: string): Promise<DecodedInvoice> {
    try {
      const d = await decodePaymentRequest({ lnd: this.lnd, request });
      const expiresAt = new Date(d.expires_at);
      return {
        id: d.id,
        network: networkOfRequest(request),
        destination: d.destination,
        tokens: d.tokens,
        mtokens: BigInt(d.mtokens ?? d.tokens * 1000),
        expiresAt,
        // BOLT 11: an invoice without a min_final_cltv_expiry field means 18 blocks.
        cltvDelta: d.cltv_delta || 18,
        isExpired: expiresAt.getTime() <= Date.now(),
      };
    } catch (error) {
      throw lndError("lightning.invalid_invoice", "decodePaymentRequest", error, false);
    }
  }

  /**
   * Whether the node finds a route to `destination` for `mtokens` whose HTLC would expire by
   * `maxTimeoutHeight` (QueryRoutes: nothing is sent). A node that cannot answer is a retryable error.
   */
  async hasRoute(args: {
    destination: string;
    mtokens: bigint;
    cltvDelta: number;
    maxTimeoutHeight: number;
    maxFeeSats: number;
  }): Promise<boolean> {
    try {
      const { route } = await getRouteToDestination({
        lnd: this.lnd,
        destination: args.destination,
        mtokens: args.mtokens.toString(),
        cltv_delta: args.cltvDelta,
        // The client pads the final delta by its own 6 blocks for a query where a payment pads by
        // LND's 3: widen the limit by the difference so the probe asks what the payment will need.
        max_timeout_height: args.maxTimeoutHeight + (queryBlocksBuffer - blockPadding),
        max_fee: args.maxFeeSats,
      });
      return route !== undefined;
    } catch (error) {
      if (Array.isArray(error) && /TargetNotFound/i.test(String(error[1]))) return false;
      // LND refuses the query itself (rather than finding no path) when the CLTV limit leaves no room
      // for the final delta, or when no channel could carry the amount: both mean it cannot be paid.
      if (
        /cltv limit \d+ should be greater than|insufficient local balance/i.test(detailOf(error))
      ) {
        return false;
      }
      throw lndError("lightning.unreachable", "getRouteToDestination", error, true);
    }
  }

  /**
   * Starts paying `request` (the caller has made sure the node does not know a payment for its hash:
   * `payment`). Resolves as soon as the payment is in flight or final, never waiting on a payee who holds
   * the HTLC; `onFinal` is called when it succeeds or fails later. Every HTLC expires by
   * `maxTimeoutHeight`.
   */
  async sendPayment(
    args: {
      id: string;
      request: string;
      maxFeeSats: number;
      timeoutMs: number;
      maxTimeoutHeight: number;
    },
    onFinal: (outcome: PaymentOutcome) => void,
  ): Promise<PaymentOutcome> {
    const sub = subscribeToPayViaRequest({
      lnd: this.lnd,
      request: args.request,
      max_fee: args.maxFeeSats,
      max_timeout_height: args.maxTimeoutHeight,
      pathfinding_timeout: args.timeoutMs,
    }) as unknown as EventEmitter;
    return new Promise<PaymentOutcome>((resolve) => {
      let settled = false;
      const report = (outcome: PaymentOutcome) => {
        if (!settled) {
          settled = true;
          resolve(outcome);
        }
        if (outcome.status !== "pending") {
          sub.removeAllListeners();
          sub.on("error", () => {});
          onFinal(outcome);
        }
      };
      sub.on("paying", () => report({ status: "pending" }));
      sub.on("confirmed", (p: { secret: string; fee: number }) =>
        report({ status: "succeeded", preimage: p.secret, feeSats: p.fee }),
      );
      sub.on("failed", (f: PaymentFailure) => report({ status: "failed", reason: reasonOf(f) }));
      sub.on("error", (error: unknown) => {
        // The call itself failed (the node refused it, or the stream broke): ask the node what it knows.
        void this.payment(args.id).then(
          (after) => {
            if (after?.status === "pending") this.watchPayment(args.id, onFinal);
            if (after) return report(after);
            if (Array.isArray(error) && Number(error[0]) < 500) {
              return report({ status: "failed", reason: String(error[1]) });
            }
            if (!settled) {
              settled = true;
              resolve({ status: "unknown", reason: String(error) });
            }
          },
          () => {
            if (!settled) {
              settled = true;
              resolve({ status: "unknown", reason: String(error) });
            }
          },
        );
      });
    });
  }

  /**
   * Calls `onFinal` once the node's payment to `id` succeeds or fails (TrackPaymentV2). One stream per
   * payment however often it is asked for.
   */
  watchPayment(id: string, onFinal: (outcome: PaymentOutcome) => void): void {
    if (this.#watching.has(id)) return;
    this.#watching.add(id);
    const sub = subscribeToPastPayment({ lnd: this.lnd, id }) as unknown as EventEmitter;
    const done = (outcome: PaymentOutcome) => {
      this.#watching.delete(id);
      sub.removeAllListeners();
      sub.on("error", () => {});
      onFinal(outcome);
    };
    sub.on("confirmed", (p: { secret: string; fee: number }) =>
      done({ status: "succeeded", preimage: p.secret, feeSats: p.fee }),
    );
    sub.on("failed", (f: PaymentFailure) => done({ status: "failed", reason: reasonOf(f) }));
    // A broken stream loses only latency: the keeper asks the node again when the swap is next due.
    sub.on("error", () => {
      this.#watching.delete(id);
      sub.removeAllListeners();
      sub.on("error", () => {});
    });
  }

  /** What the node knows of an outgoing payment to `id`, or undefined when it never tried. */
  async payment(id: string): Promise<PaymentOutcome | undefined> {
    try {
      const p = await getPayment({ lnd: this.lnd, id });
      if (p.is_confirmed && p.payment) {
        return { status: "succeeded", preimage: p.payment.secret, feeSats: p.payment.fee };
      }
      if (p.is_failed) return { status: "failed", reason: reasonOf(p.failed ?? {}) };
      return { status: "pending" };
    } catch (error) {
      if (Array.isArray(error) && Number(error[0]) === 404) return undefined;
      throw lndError("lightning.unreachable", "getPayment", error, true);
    }
  }
}

/** The network a BOLT-11 request is for, from its human-readable prefix (BOLT 11). */
export function networkOfRequest(
  request: string,
): "bitcoin" | "testnet" | "signet" | "regtest" | "unknown" {
  const lower = request.toLowerCase();
  if (lower.startsWith("lnbcrt")) return "regtest";
  if (lower.startsWith("lntbs")) return "signet";
  if (lower.startsWith("lntb")) return "testnet";
  if (lower.startsWith("lnbc")) return "bitcoin";
  return "unknown";
}
