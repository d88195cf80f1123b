// The bridge's view of a Lightning node, through the unmodified `lightning` package only (so it runs
// against real LND exactly as against our dev node). Each call maps LND's failures to KeeperErrors with
// stable codes, and the invoice operations are idempotent: re-running a step after a crash is safe.
import {
  type AuthenticatedLnd,
  cancelHodlInvoice,
  createHodlInvoice,
  decodePaymentRequest,
  type GetInvoiceResult,
  getInvoice,
  getPayment,
  getWalletInfo,
  payViaPaymentRequest,
  settleHodlInvoice,
} from "lightning";
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
  expiresAt: Date;
  cltvDelta: number;
  isExpired: boolean;
};

export type PaymentOutcome =
  | { status: "succeeded"; preimage: string; feeSats: number }
  | { status: "failed"; reason: string }
  | { status: "pending" };

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

const detailOf = (error: unknown) =>
  Array.isArray(error)
    ? String((error[2] as { err?: { details?: string } })?.err?.details ?? "")
    : "";

export class LightningNode {
  readonly lnd: AuthenticatedLnd;
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
    const existing = await this.invoice(args.id);
    if (existing) return existing;
    try {
      await createHodlInvoice({
        lnd: this.lnd,
        id: args.id,
        tokens: args.tokens,
        description: args.description,
        expires_at: args.expiresAt.toISOString(),
        cltv_delta: args.cltvDelta,
      });
    } catch (error) {
      if (!/already exists/i.test(detailOf(error))) {
        throw lndError("lightning.invoice_failed", "createHodlInvoice", error);
      }
    }
    const created = await this.invoice(args.id);
    if (!created)
      throw new KeeperError("lightning.invoice_failed", `invoice ${args.id} vanished`, {
        retryable: true,
      });
    return created;
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
        expiresAt,
        cltvDelta: d.cltv_delta ?? 0,
        isExpired: expiresAt.getTime() <= Date.now(),
      };
    } catch (error) {
      throw lndError("lightning.invalid_invoice", "decodePaymentRequest", error, false);
    }
  }

  /** Pays `request` once: a payment already made or in flight for its hash is reported, not repeated. */
  async pay(args: {
    id: string;
    request: string;
    maxFeeSats: number;
    timeoutMs: number;
  }): Promise<PaymentOutcome> {
    const known = await this.payment(args.id);
    if (known) return known;
    try {
      const paid = await payViaPaymentRequest({
        lnd: this.lnd,
        request: args.request,
        max_fee: args.maxFeeSats,
        pathfinding_timeout: args.timeoutMs,
      });
      return { status: "succeeded", preimage: paid.secret, feeSats: paid.fee };
    } catch (error) {
      const after = await this.payment(args.id).catch(() => undefined);
      if (after && after.status !== "failed") return after;
      if (Array.isArray(error) && Number(error[0]) < 500) {
        return { status: "failed", reason: String(error[1]) };
      }
      if (after) return after;
      throw lndError("lightning.pay_failed", "payViaPaymentRequest", error, true);
    }
  }

  /** What the node knows of an outgoing payment to `id`, or undefined when it never tried. */
  async payment(id: string): Promise<PaymentOutcome | undefined> {
    try {
      const p = await getPayment({ lnd: this.lnd, id });
      if (p.is_confirmed && p.payment) {
        return { status: "succeeded", preimage: p.payment.secret, feeSats: p.payment.fee };
      }
      if (p.is_failed) {
        const f = p.failed;
        const reason = f?.is_insufficient_balance
          ? "insufficient_balance"
          : f?.is_invalid_payment
            ? "invalid_payment"
            : f?.is_pathfinding_timeout
              ? "pathfinding_timeout"
              : f?.is_route_not_found
                ? "no_route"
                : "failed";
        return { status: "failed", reason };
      }
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
