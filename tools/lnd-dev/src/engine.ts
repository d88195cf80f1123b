// The dev node's Lightning logic: lnd's invoice registry (states, indexes, hold invoices, expiry)
// and router (payments over the simulated channels, CLTV limits, routes, outgoing HTLCs timed out at
// their expiry), with lnd's error texts. No gRPC here: the server in grpcServer.ts marshals these
// records into lnd's messages.
import { createHash, randomBytes } from "node:crypto";
import { pointFromScalar } from "tiny-secp256k1";
import { decodeRequest, encodeRequest } from "./bolt11.ts";
import { grpcStatus, LndError } from "./lndError.ts";
import type { DevNetwork, HtlcOffer, HtlcResolution, NetworkPeer } from "./network.ts";
import { channelIdFor } from "./network.ts";
import type {
  FailureReason,
  NodeState,
  StoredAttempt,
  StoredChannel,
  StoredInvoice,
  StoredPayment,
} from "./state.ts";

/** lnd's defaults and limits (lncfg, invoicesrpc, routing). */
export const lndLimits = {
  defaultInvoiceExpirySec: 86_400,
  maxInvoiceExpirySec: 31_536_000,
  defaultCltvExpiry: 80,
  minCltvDelta: 18,
  maxCltvDelta: 65_535,
  maxMemoBytes: 1024,
  /** Blocks added to the final CLTV by the sender (routing.BlockPadding). */
  blockPadding: 3,
  /** An accepted HTLC this close to expiry is failed back (lncfg.DefaultIncomingBroadcastDelta). */
  incomingBroadcastDelta: 10,
  /** An incoming HTLC must have at least this many blocks left (lncfg.DefaultFinalCltvRejectDelta). */
  finalCltvRejectDelta: 19,
  /** The largest total time lock a payment may carry (htlcswitch.DefaultMaxOutgoingCltvExpiry). */
  maxCltvLimit: 2016,
} as const;

const incorrectDetails = "INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS";

export type InvoiceEventKind = "added" | "settled" | "updated";
export type InvoiceListener = (invoice: StoredInvoice, kind: InvoiceEventKind) => void;
export type PaymentListener = (payment: StoredPayment) => void;

export interface AddInvoiceParameters {
  memo?: string;
  /** Preimage for a regular invoice (random when absent). */
  preimage?: Buffer;
  /** Hash for a hold invoice; the preimage is supplied later with settleInvoice. */
  holdHash?: Buffer;
  value?: string | number;
  valueMsat?: string | number;
  expiry?: string | number;
  cltvExpiry?: string | number;
  descriptionHash?: Buffer;
  fallbackAddr?: string;
  private?: boolean;
}

export interface SendPaymentParameters {
  paymentRequest: string;
  amt?: string | number;
  amtMsat?: string | number;
  feeLimitSat?: string | number;
  feeLimitMsat?: string | number;
  timeoutSeconds?: number;
  /** SendPaymentV2's cltv_limit: the most blocks from now the HTLC may be locked for (0: 2016). */
  cltvLimit?: number;
}

/** QueryRoutes' request, as far as a one-hop network gives it meaning. */
export interface QueryRoutesParameters {
  pubKey: string;
  amt?: string | number;
  amtMsat?: string | number;
  /** The final hop's CLTV delta, used as given (QueryRoutes adds no block padding); 0: 80. */
  finalCltvDelta?: number;
  /** The route's largest total time lock from now (0: 2016). */
  cltvLimit?: number;
  sourcePubKey?: string;
  ignoredNodes?: Buffer[];
  ignoredPairs?: Array<{ from: Buffer; to: Buffer }>;
  outgoingChanIds?: string[];
  lastHopPubkey?: Buffer;
}

/** A one-hop route: the channel to the destination and the HTLC it would carry. */
export interface FoundRoute {
  chanId: string;
  capacityMsat: number;
  destination: string;
  amtMsat: number;
  expiryHeight: number;
}

const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();
const int = (v: string | number | undefined): number =>
  v === undefined || v === "" ? 0 : Number(v);
const isFinal = (p: StoredPayment): boolean => p.status !== "IN_FLIGHT";
const nowNs = (ms: number): string => (BigInt(ms) * 1_000_000n).toString();

/** lnd's SendPaymentV2/QueryRoutes cltv_limit check (routerrpc.ValidateCLTVLimit): 0 means the max. */
function validCltvLimit(value: number | undefined): number {
  const limit = (value ?? 0) >>> 0; // the request's int32/uint32, as lnd's uint32 conversion reads it
  if (limit === 0) return lndLimits.maxCltvLimit;
  if (limit > lndLimits.maxCltvLimit) {
    throw new LndError(`total time lock of ${limit} exceeds max allowed ${lndLimits.maxCltvLimit}`);
  }
  return limit;
}

/** lnd's routing.ValidateCLTVLimit: the limit must leave room for the final delta (and padding). */
function checkCltvRoom(limit: number, finalDelta: number, padding: number): void {
  const delta = finalDelta + padding;
  if (limit <= delta) throw new LndError(`cltv limit ${limit} should be greater than ${delta}`);
}

/** Go's time.Time String() in UTC, as lnd prints "Valid until" dates. */
const goTime = (ms: number): string => {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
};

export interface EngineOptions {
  state: NodeState;
  network: DevNetwork;
  /** Called after every state change, to persist it. */
  save: () => void;
  /**
   * Models a payee running patched software: a held HTLC is kept until its very expiry height
   * instead of being failed back incomingBroadcastDelta (10) blocks before, as lnd does.
   */
  holdUntilExpiry?: boolean;
}

export class DevLightningEngine implements NetworkPeer {
  readonly pubkey: string;
  readonly state: NodeState;
  readonly network: DevNetwork;
  private readonly privateKey: Buffer;
  private readonly save: () => void;
  private readonly holdUntilExpiry: boolean;
  private readonly invoiceListeners = new Set<InvoiceListener>();
  private readonly paymentListeners = new Map<string, Set<PaymentListener>>();
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(options: EngineOptions) {
    this.state = options.state;
    this.network = options.network;
    this.save = options.save;
    this.holdUntilExpiry = options.holdUntilExpiry ?? false;
    this.privateKey = Buffer.from(this.state.privateKey, "hex");
    const point = pointFromScalar(this.privateKey, true);
    if (!point) throw new Error("invalid node private key");
    this.pubkey = Buffer.from(point).toString("hex");
  }

  get blockHeight(): number {
    return this.network.chain.height;
  }

  now(): number {
    return this.network.chain.now();
  }

  // ---- invoices -------------------------------------------------------------------------------

  addInvoice(p: AddInvoiceParameters): StoredInvoice {
    const value = int(p.value);
    const valueMsat = int(p.valueMsat);
    if (value && valueMsat) throw new LndError("sat and msat arguments are mutually exclusive");
    const amountMsat = valueMsat || value * 1000;
    if (amountMsat < 0) throw new LndError("amount cannot be negative");
    if (!Number.isSafeInteger(amountMsat)) {
      throw new LndError(`payment of ${amountMsat} is too large`);
    }
    const memo = p.memo ?? "";
    if (Buffer.byteLength(memo) > lndLimits.maxMemoBytes) {
      throw new LndError(
        `memo too large: ${Buffer.byteLength(memo)} bytes (maxlen=${lndLimits.maxMemoBytes})`,
      );
    }
    const descriptionHash = p.descriptionHash ?? Buffer.alloc(0);
    if (descriptionHash.length !== 0 && descriptionHash.length !== 32) {
      throw new LndError(`description hash is ${descriptionHash.length} bytes, must be 32`);
    }
    let expiry = int(p.expiry);
    if (expiry < 0) throw new LndError("expiry must be positive");
    if (expiry > lndLimits.maxInvoiceExpirySec) {
      throw new LndError(
        `expiry of ${expiry} seconds greater than max invoice expiry of ${lndLimits.maxInvoiceExpirySec} seconds`,
      );
    }
    if (expiry === 0) expiry = lndLimits.defaultInvoiceExpirySec;
    let cltvExpiry = int(p.cltvExpiry);
    if (cltvExpiry > lndLimits.maxCltvDelta) {
      throw new LndError(
        `CLTV delta of ${cltvExpiry} is too large, max accepted is: ${lndLimits.maxCltvDelta}`,
      );
    }
    if (cltvExpiry === 0) cltvExpiry = lndLimits.defaultCltvExpiry;
    if (cltvExpiry < lndLimits.minCltvDelta) {
      throw new LndError(
        `CLTV delta of ${cltvExpiry} must be greater than minimum of ${lndLimits.minCltvDelta}`,
      );
    }

    let preimage = "";
    let hash: string;
    if (p.holdHash) {
      if (p.holdHash.length !== 32) {
        throw new LndError(`invalid hash length of ${p.holdHash.length}, want 32`);
      }
      hash = p.holdHash.toString("hex");
    } else {
      const image = p.preimage && p.preimage.length > 0 ? p.preimage : randomBytes(32);
      if (image.length !== 32)
        throw new LndError(`invalid preimage length of ${image.length}, want 32`);
      preimage = image.toString("hex");
      hash = sha256(image).toString("hex");
    }
    if (this.findInvoice(hash)) throw new LndError("invoice with payment hash already exists");

    const createdMs = Math.floor(this.now() / 1000) * 1000;
    const paymentAddr = randomBytes(32).toString("hex");
    const paymentRequest = encodeRequest({
      privateKey: this.privateKey,
      destination: this.pubkey,
      hash,
      paymentAddr,
      mtokens: String(amountMsat),
      description: memo,
      descriptionHash: descriptionHash.length ? descriptionHash.toString("hex") : undefined,
      createdAt: new Date(createdMs),
      expirySeconds: expiry,
      cltvDelta: cltvExpiry,
    });
    const invoice: StoredInvoice = {
      hash,
      preimage,
      isHold: !!p.holdHash,
      memo,
      valueMsat: amountMsat,
      creationDate: createdMs / 1000,
      settleDate: 0,
      expiry,
      cltvExpiry,
      paymentRequest,
      paymentAddr,
      descriptionHash: descriptionHash.toString("hex"),
      fallbackAddr: p.fallbackAddr ?? "",
      private: !!p.private,
      addIndex: ++this.state.addIndex,
      settleIndex: 0,
      amtPaidMsat: 0,
      state: "OPEN",
      htlcs: [],
    };
    this.state.invoices.push(invoice);
    this.changed();
    this.emitInvoice(invoice, "added");
    this.scheduleExpiry();
    return invoice;
  }

  findInvoice(hash: string): StoredInvoice | undefined {
    return this.state.invoices.find((i) => i.hash === hash);
  }

  lookupInvoice(hash: Buffer): StoredInvoice {
    if (hash.length !== 32) {
      throw new LndError(`payment hash must be exactly 32 bytes, is instead ${hash.length}`);
    }
    const invoice = this.findInvoice(hash.toString("hex"));
    if (!invoice) throw new LndError("unable to locate invoice", grpcStatus.NOT_FOUND);
    return invoice;
  }

  /** lnd's ListInvoices paging: index_offset is exclusive, reversed pages backwards from it. */
  listInvoices(p: {
    pendingOnly: boolean;
    indexOffset: number;
    maxInvoices: number;
    reversed: boolean;
  }): StoredInvoice[] {
    let list = this.state.invoices.filter(
      (i) => !p.pendingOnly || i.state === "OPEN" || i.state === "ACCEPTED",
    );
    const max = p.maxInvoices || 1000;
    if (p.reversed) {
      const offset = p.indexOffset || Number.MAX_SAFE_INTEGER;
      list = list.filter((i) => i.addIndex < offset).slice(-max);
    } else {
      list = list.filter((i) => i.addIndex > p.indexOffset).slice(0, max);
    }
    return list;
  }

  settleInvoice(preimage: Buffer): void {
    if (preimage.length !== 32) {
      throw new LndError(`invalid preimage length of ${preimage.length}, want 32`);
    }
    // A block may have arrived by time since the last timer tick: its expiries come first.
    this.sweepExpired();
    const invoice = this.findInvoice(sha256(preimage).toString("hex"));
    if (!invoice) throw new LndError("unable to locate invoice");
    // lnd treats settling a settled invoice as success (invoicesrpc ignores ErrInvoiceAlreadySettled).
    if (invoice.state === "SETTLED") return;
    if (invoice.state === "CANCELED") throw new LndError("invoice already canceled");
    if (invoice.state === "OPEN") throw new LndError("invoice still open");
    invoice.preimage = preimage.toString("hex");
    this.settleAccepted(invoice);
  }

  cancelInvoice(hash: Buffer): void {
    if (hash.length !== 32) throw new LndError(`invalid hash length of ${hash.length}, want 32`);
    this.sweepExpired();
    const invoice = this.findInvoice(hash.toString("hex"));
    if (!invoice) throw new LndError("unable to locate invoice");
    if (invoice.state === "SETTLED") throw new LndError("invoice already settled");
    if (invoice.state === "CANCELED") return;
    this.cancel(invoice);
  }

  subscribeInvoices(listener: InvoiceListener): () => void {
    this.invoiceListeners.add(listener);
    return () => this.invoiceListeners.delete(listener);
  }

  private settleAccepted(invoice: StoredInvoice): void {
    const nowSec = Math.floor(this.now() / 1000);
    invoice.state = "SETTLED";
    invoice.settleDate = nowSec;
    invoice.settleIndex = ++this.state.settleIndex;
    for (const htlc of invoice.htlcs.filter((h) => h.state === "ACCEPTED")) {
      htlc.state = "SETTLED";
      htlc.resolveTime = nowSec;
      const channel = this.state.channels[htlc.payer];
      if (channel) {
        channel.pendingInMsat -= htlc.amtMsat;
        channel.localMsat += htlc.amtMsat;
      }
      this.network.resolveHtlc(htlc.payer, {
        attemptId: htlc.attemptId,
        hash: invoice.hash,
        settled: true,
        preimage: invoice.preimage,
      });
    }
    this.changed();
    this.emitInvoice(invoice, "settled");
  }

  /**
   * Cancels the invoice and fails its held HTLCs back. An HTLC at or past its expiry is not failed
   * back: its payer has timed it out on chain already (see timeOutAttempts), so nothing is sent.
   */
  private cancel(invoice: StoredInvoice): void {
    const nowSec = Math.floor(this.now() / 1000);
    const height = this.blockHeight;
    invoice.state = "CANCELED";
    invoice.amtPaidMsat = 0;
    for (const htlc of invoice.htlcs.filter((h) => h.state === "ACCEPTED")) {
      htlc.state = "CANCELED";
      htlc.resolveTime = nowSec;
      const channel = this.state.channels[htlc.payer];
      if (channel) {
        channel.pendingInMsat -= htlc.amtMsat;
        channel.remoteMsat += htlc.amtMsat;
      }
      if (htlc.expiryHeight > height) this.failBack(htlc.payer, htlc.attemptId, invoice.hash);
    }
    this.changed();
    this.emitInvoice(invoice, "updated");
  }

  private failBack(payer: string, attemptId: number, hash: string): void {
    this.network.resolveHtlc(payer, {
      attemptId,
      hash,
      settled: false,
      failureCode: incorrectDetails,
      height: this.blockHeight,
    });
  }

  /** An HTLC arrives over a channel: lnd's invoice registry decides to settle, hold or fail it. */
  receiveHtlc(offer: HtlcOffer): void {
    this.sweepExpired();
    const invoice = this.findInvoice(offer.hash);
    const height = this.blockHeight;
    if (!invoice || !this.acceptsHtlc(invoice, offer)) {
      this.failBack(offer.payer, offer.attemptId, offer.hash);
      return;
    }
    const nowSec = Math.floor(this.now() / 1000);
    const channel = this.ensureChannel(offer.payer);
    channel.remoteMsat -= offer.amtMsat;
    channel.pendingInMsat += offer.amtMsat;
    invoice.htlcs.push({
      chanId: offer.chanId,
      htlcIndex: offer.attemptId,
      amtMsat: offer.amtMsat,
      acceptHeight: height,
      acceptTime: nowSec,
      resolveTime: 0,
      expiryHeight: offer.expiryHeight,
      state: "ACCEPTED",
      mppTotalAmtMsat: offer.totalAmtMsat,
      payer: offer.payer,
      attemptId: offer.attemptId,
    });
    invoice.amtPaidMsat = offer.amtMsat;
    if (!invoice.isHold) {
      this.settleAccepted(invoice);
      return;
    }
    invoice.state = "ACCEPTED";
    this.changed();
    this.emitInvoice(invoice, "updated");
    this.sweepExpired();
  }

  /** lnd's checks on an HTLC for an invoice; a failure is reported as incorrect payment details. */
  private acceptsHtlc(invoice: StoredInvoice, offer: HtlcOffer): boolean {
    const height = this.blockHeight;
    return (
      invoice.state === "OPEN" &&
      (invoice.paymentAddr === "" || offer.paymentAddr === invoice.paymentAddr) &&
      offer.totalAmtMsat >= invoice.valueMsat &&
      offer.amtMsat >= offer.totalAmtMsat &&
      offer.expiryHeight >= height + lndLimits.finalCltvRejectDelta &&
      offer.expiryHeight >= height + invoice.cltvExpiry
    );
  }

  // ---- expiry ---------------------------------------------------------------------------------

  onChainUpdate(): void {
    const anchor = this.network.chain.anchor();
    const saved = this.state.chain;
    if (
      this.state.blockHeight !== anchor.height ||
      saved?.height !== anchor.height ||
      saved.timeMs !== anchor.timeMs ||
      saved.offsetMs !== anchor.offsetMs
    ) {
      this.changed();
    }
    this.sweepExpired();
    this.scheduleExpiry();
  }

  /**
   * lnd's invoice expiry watcher (open invoices past their expiry, held HTLCs near theirs) and, for
   * the HTLCs this node sent, the chain's verdict at their expiry height.
   */
  private sweepExpired(): void {
    const nowMs = this.now();
    const height = this.blockHeight;
    for (const invoice of this.state.invoices) {
      if (invoice.state === "OPEN" && (invoice.creationDate + invoice.expiry) * 1000 <= nowMs) {
        this.cancel(invoice);
      } else if (
        invoice.state === "ACCEPTED" &&
        invoice.htlcs.some((h) => h.state === "ACCEPTED" && this.releaseHeight(h) <= height)
      ) {
        this.cancel(invoice);
      }
    }
    this.timeOutAttempts(height);
  }

  /**
   * The height at which a held HTLC is given up: lnd fails it back incomingBroadcastDelta blocks
   * before expiry (so it never has to go on chain); a hostile payee keeps it until the expiry itself,
   * when the payer takes the money back on chain.
   */
  private releaseHeight(htlc: { expiryHeight: number }): number {
    return this.holdUntilExpiry
      ? htlc.expiryHeight
      : htlc.expiryHeight - lndLimits.incomingBroadcastDelta;
  }

  /**
   * An HTLC this node sent that is still unresolved at its expiry height: lnd (outgoing broadcast
   * delta 0) force-closes and reclaims it with its timeout transaction, whatever the payee does
   * later. The switch then hears PERMANENT_CHANNEL_FAILURE from this node itself (failure source
   * 0), which mission control does not treat as final; the payment lifecycle's next check finds
   * timeout_seconds long gone (an HTLC lives >= 21 blocks) and fails the payment with
   * FAILURE_REASON_TIMEOUT. The balance comes back to the channel here (lnd: to the wallet).
   */
  private timeOutAttempts(height: number): void {
    for (const payment of this.state.payments) {
      if (payment.status !== "IN_FLIGHT") continue;
      const expired = payment.htlcs.filter(
        (a) => a.status === "IN_FLIGHT" && a.expiryHeight <= height,
      );
      if (expired.length === 0) continue;
      for (const attempt of expired) {
        attempt.status = "FAILED";
        attempt.resolveTimeNs = nowNs(this.now());
        attempt.failureCode = "PERMANENT_CHANNEL_FAILURE";
        attempt.failureSourceIndex = 0;
        attempt.failureHeight = height;
        const channel = this.state.channels[attempt.destination];
        if (channel) {
          channel.pendingOutMsat -= attempt.amtMsat;
          channel.localMsat += attempt.amtMsat;
        }
      }
      if (payment.htlcs.some((a) => a.status === "IN_FLIGHT")) {
        this.changed();
        this.emitPayment(payment);
      } else {
        this.failPayment(payment, "FAILURE_REASON_TIMEOUT");
      }
    }
  }

  private scheduleExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const next = Math.min(
      ...this.state.invoices
        .filter((i) => i.state === "OPEN")
        .map((i) => (i.creationDate + i.expiry) * 1000),
    );
    if (!Number.isFinite(next)) return;
    const delay = Math.min(Math.max(next - this.now(), 0) + 5, 2_147_483_647);
    this.expiryTimer = setTimeout(() => this.onChainUpdate(), delay);
    this.expiryTimer.unref();
  }

  stop(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  // ---- channels -------------------------------------------------------------------------------

  ensureChannel(peer: string): StoredChannel {
    let channel = this.state.channels[peer];
    if (!channel) {
      const msat = this.network.channelBalanceSat * 1000;
      channel = {
        chanId: channelIdFor(this.pubkey, peer),
        localMsat: msat,
        remoteMsat: msat,
        pendingOutMsat: 0,
        pendingInMsat: 0,
      };
      this.state.channels[peer] = channel;
      this.changed();
    }
    return channel;
  }

  channelBalance(): { local: number; remote: number; pendingOut: number; pendingIn: number } {
    const channels = Object.values(this.state.channels);
    const sum = (f: (c: StoredChannel) => number): number => channels.reduce((a, c) => a + f(c), 0);
    return {
      local: sum((c) => c.localMsat),
      remote: sum((c) => c.remoteMsat),
      pendingOut: sum((c) => c.pendingOutMsat),
      pendingIn: sum((c) => c.pendingInMsat),
    };
  }

  // ---- payments -------------------------------------------------------------------------------

  /**
   * SendPaymentV2: validates like lnd's router backend (errors thrown before the stream starts),
   * records the payment and starts it. `listener` sees every update until a final state.
   */
  sendPayment(p: SendPaymentParameters, listener: PaymentListener): () => void {
    if (!p.timeoutSeconds) throw new LndError("timeout_seconds must be specified");
    const cltvLimit = validCltvLimit(p.cltvLimit);
    if (int(p.feeLimitSat) && int(p.feeLimitMsat)) {
      throw new LndError("sat and msat arguments are mutually exclusive");
    }
    if (int(p.amt) && int(p.amtMsat)) {
      throw new LndError("sat and msat arguments are mutually exclusive");
    }
    if (!p.paymentRequest) {
      throw new LndError(
        "a payment request is required: this dev node does not send keysend payments",
      );
    }
    const request = decodeRequest(p.paymentRequest);
    const amtMsat = int(p.amtMsat) || int(p.amt) * 1000;
    const invoiceMsat = Number(request.mtokens || 0);
    if (!invoiceMsat && !amtMsat) {
      throw new LndError("amount must be specified when paying a zero amount invoice");
    }
    if (invoiceMsat && amtMsat) {
      throw new LndError("amount must not be specified when paying a non-zero amount invoice");
    }
    const expiresMs = Date.parse(request.expires_at);
    if (this.now() > expiresMs)
      throw new LndError(`invoice expired. Valid until ${goTime(expiresMs)}`);
    const finalCltvDelta = request.cltv_delta || lndLimits.defaultCltvExpiry;
    // lnd checks this before recording the payment: the client reports it as no route.
    checkCltvRoom(cltvLimit, finalCltvDelta, lndLimits.blockPadding);

    const existing = this.state.payments.find((x) => x.hash === request.id);
    if (existing?.status === "SUCCEEDED") {
      throw new LndError("invoice is already paid", grpcStatus.ALREADY_EXISTS);
    }
    if (existing?.status === "IN_FLIGHT") {
      throw new LndError("payment is in transition", grpcStatus.ALREADY_EXISTS);
    }
    if (existing) this.state.payments.splice(this.state.payments.indexOf(existing), 1);

    const payment: StoredPayment = {
      hash: request.id,
      preimage: "",
      valueMsat: invoiceMsat || amtMsat,
      feeMsat: 0,
      paymentRequest: p.paymentRequest,
      status: "IN_FLIGHT",
      failureReason: "FAILURE_REASON_NONE",
      creationTimeNs: nowNs(this.now()),
      paymentIndex: ++this.state.paymentIndex,
      htlcs: [],
    };
    this.state.payments.push(payment);
    this.changed();
    const unsubscribe = this.trackPayment(Buffer.from(payment.hash, "hex"), listener);
    setImmediate(() =>
      this.route(payment, request.destination, request.payment ?? "", finalCltvDelta),
    );
    return unsubscribe;
  }

  /** TrackPaymentV2: the current state at once, then each change until a final state. */
  trackPayment(hash: Buffer, listener: PaymentListener): () => void {
    const payment = this.state.payments.find((x) => x.hash === hash.toString("hex"));
    if (!payment) throw new LndError("payment isn't initiated", grpcStatus.NOT_FOUND);
    listener(payment);
    if (isFinal(payment)) return () => {};
    const set = this.paymentListeners.get(payment.hash) ?? new Set();
    set.add(listener);
    this.paymentListeners.set(payment.hash, set);
    return () => set.delete(listener);
  }

  /**
   * lnd's pathfinding from this node, reduced to one hop: "insufficient_balance" when all local
   * balance together cannot carry the amount, "no_path" when the channel to the destination cannot
   * (or there is none, or its peer is away).
   */
  private findHop(
    destination: string,
    amountMsat: number,
  ): { channel: StoredChannel } | { error: "insufficient_balance" | "no_path" } {
    const channel = this.state.channels[destination];
    if (this.channelBalance().local < amountMsat) return { error: "insufficient_balance" };
    if (
      destination === this.pubkey ||
      !channel ||
      !this.network.peer(destination) ||
      channel.localMsat < amountMsat
    ) {
      return { error: "no_path" };
    }
    return { channel };
  }

  /** A channel's capacity: both sides and what is in flight either way. */
  capacityMsat(peer: string): number {
    const c = this.state.channels[peer];
    return c ? c.localMsat + c.remoteMsat + c.pendingInMsat + c.pendingOutMsat : 0;
  }

  /**
   * QueryRoutes, as lnd's router backend checks and answers it: the CLTV limit must exceed the final
   * delta (no padding here: the caller adds its own), then pathfinding from this node. No route is
   * lnd's "unable to find a path to destination", which clients read as an empty answer.
   */
  queryRoutes(p: QueryRoutesParameters): FoundRoute {
    if (p.sourcePubKey && p.sourcePubKey !== this.pubkey) {
      throw new LndError("this dev node finds routes from itself only");
    }
    const amt = int(p.amt);
    const amtMsat = int(p.amtMsat);
    if (amt && amtMsat) throw new LndError("sat and msat arguments are mutually exclusive");
    if (amt < 0 || amtMsat < 0) throw new LndError("amount cannot be negative");
    const amount = amtMsat || amt * 1000;
    const cltvLimit = validCltvLimit(p.cltvLimit);
    const bad = p.pubKey.match(/[^0-9a-fA-F]/)?.[0];
    if (bad) {
      const code = bad.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0");
      throw new LndError(`encoding/hex: invalid byte: U+${code} '${bad}'`);
    }
    if (p.pubKey.length % 2) throw new LndError("encoding/hex: odd length hex string");
    if (p.pubKey.length !== 66) {
      throw new LndError(`invalid vertex length of ${p.pubKey.length / 2}, want 33`);
    }
    const destination = p.pubKey.toLowerCase();
    const finalCltvDelta = p.finalCltvDelta || lndLimits.defaultCltvExpiry;
    checkCltvRoom(cltvLimit, finalCltvDelta, 0);

    const noPath = new LndError("unable to find a path to destination");
    const self = this.pubkey;
    const hex = (b: Buffer): string => b.toString("hex");
    if (p.ignoredNodes?.some((n) => hex(n) === self)) throw noPath;
    if (p.ignoredPairs?.some((x) => hex(x.from) === self && hex(x.to) === destination)) {
      throw noPath;
    }
    if (p.lastHopPubkey?.length && hex(p.lastHopPubkey) !== self) throw noPath;
    const hop = this.findHop(destination, amount);
    if ("error" in hop) {
      if (hop.error === "insufficient_balance") throw new LndError("insufficient local balance");
      throw noPath;
    }
    if (p.outgoingChanIds?.length && !p.outgoingChanIds.includes(hop.channel.chanId)) throw noPath;
    // One hop: the sender's own channel adds no delta, so the route's lock is the final delta alone,
    // which the check above keeps within the limit.
    return {
      chanId: hop.channel.chanId,
      capacityMsat: this.capacityMsat(destination),
      destination,
      amtMsat: amount,
      expiryHeight: this.blockHeight + finalCltvDelta,
    };
  }

  /** Pathfinding over the simulated channels, then one HTLC straight to the destination. */
  private route(
    payment: StoredPayment,
    destination: string,
    paymentAddr: string,
    finalCltvDelta: number,
  ): void {
    const amount = payment.valueMsat;
    const hop = this.findHop(destination, amount);
    if ("error" in hop) {
      this.failPayment(
        payment,
        hop.error === "insufficient_balance"
          ? "FAILURE_REASON_INSUFFICIENT_BALANCE"
          : "FAILURE_REASON_NO_ROUTE",
      );
      return;
    }
    const { channel } = hop;
    const attempt: StoredAttempt = {
      attemptId: ++this.state.attemptIndex,
      status: "IN_FLIGHT",
      attemptTimeNs: nowNs(this.now()),
      resolveTimeNs: "0",
      chanId: channel.chanId,
      amtMsat: amount,
      expiryHeight: this.blockHeight + finalCltvDelta + lndLimits.blockPadding,
      destination,
      paymentAddr,
      totalAmtMsat: amount,
      preimage: "",
      failureCode: "",
      failureHeight: 0,
    };
    channel.localMsat -= amount;
    channel.pendingOutMsat += amount;
    payment.htlcs.push(attempt);
    this.changed();
    this.emitPayment(payment);
    this.network.sendHtlc(destination, {
      payer: this.pubkey,
      attemptId: attempt.attemptId,
      chanId: channel.chanId,
      hash: payment.hash,
      amtMsat: amount,
      expiryHeight: attempt.expiryHeight,
      paymentAddr,
      totalAmtMsat: amount,
    });
  }

  resolveHtlc(resolution: HtlcResolution): void {
    const payment = this.state.payments.find((x) => x.hash === resolution.hash);
    const attempt = payment?.htlcs.find((a) => a.attemptId === resolution.attemptId);
    if (!payment || !attempt || attempt.status !== "IN_FLIGHT") return;
    const channel = this.state.channels[attempt.destination];
    attempt.resolveTimeNs = nowNs(this.now());
    if (channel) channel.pendingOutMsat -= attempt.amtMsat;
    if (resolution.settled) {
      attempt.status = "SUCCEEDED";
      attempt.preimage = resolution.preimage;
      if (channel) channel.remoteMsat += attempt.amtMsat;
      payment.status = "SUCCEEDED";
      payment.preimage = resolution.preimage;
      this.changed();
      this.emitPayment(payment);
      return;
    }
    attempt.status = "FAILED";
    attempt.failureCode = resolution.failureCode;
    attempt.failureSourceIndex = 1;
    attempt.failureHeight = resolution.height;
    if (channel) channel.localMsat += attempt.amtMsat;
    this.failPayment(payment, "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS");
  }

  private failPayment(payment: StoredPayment, reason: FailureReason): void {
    payment.status = "FAILED";
    payment.failureReason = reason;
    this.changed();
    this.emitPayment(payment);
  }

  // ---- events ---------------------------------------------------------------------------------

  private emitInvoice(invoice: StoredInvoice, kind: InvoiceEventKind): void {
    for (const listener of [...this.invoiceListeners]) listener(invoice, kind);
  }

  private emitPayment(payment: StoredPayment): void {
    const listeners = this.paymentListeners.get(payment.hash);
    if (!listeners) return;
    if (isFinal(payment)) this.paymentListeners.delete(payment.hash);
    for (const listener of [...listeners]) listener(payment);
  }

  /** Records the chain's anchor with the state (a restart resumes height and clock), then saves. */
  private changed(): void {
    this.state.chain = this.network.chain.anchor();
    this.state.blockHeight = this.state.chain.height;
    this.save();
  }
}
