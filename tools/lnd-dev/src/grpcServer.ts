// lnd's gRPC surface for a dev node: lnd's own protos (shipped in the `lightning` package) loaded with
// the client's options, macaroon auth on every call, and the engine's records marshalled into lnd's
// messages (bytes as Buffers, 64-bit integers as strings, enums by name).
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { decodeRequest } from "./bolt11.ts";
import type { DevLightningEngine, FoundRoute } from "./engine.ts";
import { LndError } from "./lndError.ts";
import { macaroonError } from "./macaroon.ts";
import type { StoredAttempt, StoredInvoice, StoredPayment } from "./state.ts";

/** The version string this dev node reports, in lnd's format. */
export const lndVersion = "0.19.1-beta commit=v0.19.1-beta";

const require = createRequire(import.meta.url);

/** lnd's protos as shipped by the `lightning` client package. */
export const protosDir = join(dirname(require.resolve("lightning/package.json")), "grpc", "protos");

// biome-ignore lint/suspicious/noExplicitAny: request messages are dynamic proto-loader objects
type Msg = Record<string, any>;
type Unary = (call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) => void;
type Stream = (call: grpc.ServerWritableStream<Msg, Msg>) => void;

const featureNames: Record<number, string> = {
  8: "tlv-onion",
  14: "payment-addr",
  17: "multi-path-payments",
};
const invoiceFeatures = {
  8: { name: featureNames[8], is_required: true, is_known: true },
  14: { name: featureNames[14], is_required: true, is_known: true },
  17: { name: featureNames[17], is_required: false, is_known: true },
};
const nodeFeatures = {
  0: { name: "data-loss-protect", is_required: true, is_known: true },
  5: { name: "upfront-shutdown-script", is_required: false, is_known: true },
  7: { name: "gossip-queries", is_required: false, is_known: true },
  ...invoiceFeatures,
  12: { name: "static-remote-key", is_required: true, is_known: true },
  23: { name: "anchors-zero-fee-htlc-tx", is_required: false, is_known: true },
};

const sat = (msat: number): string => String(Math.floor(msat / 1000));
const amount = (msat: number) => ({ sat: sat(msat), msat: String(msat) });
const zeroPreimage = "0".repeat(64);

export function invoiceMessage(invoice: StoredInvoice): Msg {
  return {
    memo: invoice.memo,
    r_preimage: Buffer.from(invoice.preimage, "hex"),
    r_hash: Buffer.from(invoice.hash, "hex"),
    value: sat(invoice.valueMsat),
    value_msat: String(invoice.valueMsat),
    settled: invoice.state === "SETTLED",
    creation_date: String(invoice.creationDate),
    settle_date: String(invoice.settleDate),
    payment_request: invoice.paymentRequest,
    description_hash: Buffer.from(invoice.descriptionHash, "hex"),
    expiry: String(invoice.expiry),
    fallback_addr: invoice.fallbackAddr,
    cltv_expiry: String(invoice.cltvExpiry),
    route_hints: [],
    private: invoice.private,
    add_index: String(invoice.addIndex),
    settle_index: String(invoice.settleIndex),
    amt_paid: sat(invoice.amtPaidMsat),
    amt_paid_sat: sat(invoice.amtPaidMsat),
    amt_paid_msat: String(invoice.amtPaidMsat),
    state: invoice.state,
    htlcs: invoice.htlcs.map((h) => ({
      chan_id: h.chanId,
      htlc_index: String(h.htlcIndex),
      amt_msat: String(h.amtMsat),
      accept_height: h.acceptHeight,
      accept_time: String(h.acceptTime),
      resolve_time: String(h.resolveTime),
      expiry_height: h.expiryHeight,
      state: h.state,
      custom_records: {},
      mpp_total_amt_msat: String(h.mppTotalAmtMsat),
    })),
    features: invoiceFeatures,
    is_keysend: false,
    payment_addr: Buffer.from(invoice.paymentAddr, "hex"),
    is_amp: false,
    amp_invoice_state: {},
  };
}

/** lnd's Route for a one-hop route (no fees: the sender's own channel charges none). */
function routeMessage(r: FoundRoute, mpp?: { paymentAddr: string; totalAmtMsat: number }): Msg {
  return {
    total_time_lock: r.expiryHeight,
    total_fees: "0",
    total_amt: sat(r.amtMsat),
    hops: [
      {
        chan_id: r.chanId,
        // lnd reports the amount sent as the capacity of a channel it cannot look up.
        chan_capacity: sat(r.capacityMsat || r.amtMsat),
        amt_to_forward: sat(r.amtMsat),
        fee: "0",
        expiry: r.expiryHeight,
        amt_to_forward_msat: String(r.amtMsat),
        fee_msat: "0",
        pub_key: r.destination,
        tlv_payload: true,
        mpp_record: mpp?.paymentAddr
          ? {
              payment_addr: Buffer.from(mpp.paymentAddr, "hex"),
              total_amt_msat: String(mpp.totalAmtMsat),
            }
          : null,
        custom_records: {},
      },
    ],
    total_fees_msat: "0",
    total_amt_msat: String(r.amtMsat),
  };
}

/** The capacity of this node's channel with a peer, in msat (0 when unknown). */
type CapacityOf = (peer: string) => number;

function attemptMessage(a: StoredAttempt, capacityOf: CapacityOf): Msg {
  return {
    attempt_id: String(a.attemptId),
    status: a.status,
    route: routeMessage({ ...a, capacityMsat: capacityOf(a.destination) }, a),
    attempt_time_ns: a.attemptTimeNs,
    resolve_time_ns: a.resolveTimeNs,
    failure: a.failureCode
      ? {
          code: a.failureCode,
          failure_source_index: a.failureSourceIndex ?? 1,
          height: a.failureHeight,
        }
      : null,
    preimage: Buffer.from(a.preimage, "hex"),
  };
}

export function paymentMessage(p: StoredPayment, capacityOf: CapacityOf = () => 0): Msg {
  return {
    payment_hash: p.hash,
    value: sat(p.valueMsat),
    creation_date: String(BigInt(p.creationTimeNs) / 1_000_000_000n),
    fee: "0",
    payment_preimage: p.preimage || zeroPreimage,
    value_sat: sat(p.valueMsat),
    value_msat: String(p.valueMsat),
    payment_request: p.paymentRequest,
    status: p.status,
    fee_sat: sat(p.feeMsat),
    fee_msat: String(p.feeMsat),
    creation_time_ns: p.creationTimeNs,
    htlcs: p.htlcs.map((a) => attemptMessage(a, capacityOf)),
    payment_index: String(p.paymentIndex),
    failure_reason: p.failureReason,
  };
}

function payReqMessage(request: string): Msg {
  const r = decodeRequest(request);
  const created = Date.parse(r.created_at);
  const msat = r.mtokens ?? "0";
  return {
    destination: r.destination,
    payment_hash: r.id,
    // lnd: MilliSatoshi.ToSatoshis() rounds down; num_msat is exact.
    num_satoshis: (BigInt(msat) / 1000n).toString(),
    timestamp: String(created / 1000),
    expiry: String((Date.parse(r.expires_at) - created) / 1000),
    description: r.description ?? "",
    description_hash: r.description_hash ?? "",
    fallback_addr: r.chain_addresses?.[0] ?? "",
    cltv_expiry: String(r.cltv_delta),
    route_hints: [],
    payment_addr: Buffer.from(r.payment ?? "", "hex"),
    num_msat: msat,
    features: Object.fromEntries(
      r.features.map((f) => [
        f.bit,
        { name: featureNames[f.bit] ?? f.type, is_required: f.is_required, is_known: true },
      ]),
    ),
    blinded_paths: [],
  };
}

const asStatus = (err: unknown): Partial<grpc.StatusObject> => {
  if (err instanceof LndError) return { code: err.code, details: err.details };
  return { code: grpc.status.UNKNOWN, details: (err as Error).message ?? String(err) };
};

export interface DevGrpcServerOptions {
  engine: DevLightningEngine;
  macaroonRootKey: Buffer;
  alias: string;
  uris: () => string[];
}

/** Builds the grpc-js server with lnrpc.Lightning, invoicesrpc.Invoices, routerrpc.Router, verrpc.Versioner. */
export function createDevGrpcServer(options: DevGrpcServerOptions): grpc.Server {
  const { engine, macaroonRootKey } = options;
  const definition = loadSync(
    ["lightning.proto", "invoices.proto", "router.proto", "verrpc.proto"].map((f) =>
      join(protosDir, f),
    ),
    {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
      includeDirs: [protosDir],
    },
  );
  // biome-ignore lint/suspicious/noExplicitAny: the loaded package tree is untyped
  const pkg = grpc.loadPackageDefinition(definition) as any;

  const authError = (metadata: grpc.Metadata): Partial<grpc.StatusObject> | undefined => {
    const details = macaroonError(metadata.get("macaroon"), macaroonRootKey);
    return details ? { code: grpc.status.UNKNOWN, details } : undefined;
  };

  const unary =
    (fn: (req: Msg) => Msg): Unary =>
    (call, callback) => {
      const denied = authError(call.metadata);
      if (denied) return callback(denied);
      try {
        callback(null, fn(call.request));
      } catch (err) {
        callback(asStatus(err));
      }
    };

  /** A server stream: `fn` starts it and returns its teardown; errors before data end the call. */
  const stream =
    (fn: (req: Msg, write: (m: Msg) => void, end: () => void) => () => void): Stream =>
    (call) => {
      const denied = authError(call.metadata);
      if (denied) {
        call.emit("error", denied);
        return;
      }
      let stop: (() => void) | undefined;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        stop?.();
        call.end();
      };
      call.on("cancelled", () => {
        ended = true;
        stop?.();
      });
      try {
        stop = fn(
          call.request,
          (m) => {
            if (!ended) call.write(m);
          },
          end,
        );
        if (ended) stop();
      } catch (err) {
        ended = true;
        call.emit("error", asStatus(err));
      }
    };

  const server = new grpc.Server({
    "grpc.max_receive_message_length": 200 * 1024 * 1024,
  });

  server.addService(pkg.lnrpc.Lightning.service, {
    getInfo: unary(() => ({
      version: lndVersion,
      commit_hash: lndVersion.split("commit=")[1],
      identity_pubkey: engine.pubkey,
      alias: options.alias,
      color: "#3399ff",
      num_pending_channels: 0,
      num_active_channels: Object.keys(engine.state.channels).filter((pk) =>
        engine.network.peer(pk),
      ).length,
      num_inactive_channels: Object.keys(engine.state.channels).filter(
        (pk) => !engine.network.peer(pk),
      ).length,
      num_peers: engine.network.pubkeys().filter((pk) => pk !== engine.pubkey).length,
      block_height: engine.blockHeight,
      block_hash: createHash("sha256").update(`regtest block ${engine.blockHeight}`).digest("hex"),
      best_header_timestamp: String(Math.floor(engine.now() / 1000)),
      synced_to_chain: true,
      synced_to_graph: true,
      testnet: false,
      chains: [{ chain: "bitcoin", network: "regtest" }],
      uris: options.uris(),
      features: nodeFeatures,
      require_htlc_interceptor: false,
      store_final_htlc_resolutions: false,
      wallet_synced: true,
    })),
    addInvoice: unary((req) => {
      const invoice = engine.addInvoice({
        memo: req.memo,
        preimage: req.r_preimage,
        value: req.value,
        valueMsat: req.value_msat,
        expiry: req.expiry,
        cltvExpiry: req.cltv_expiry,
        descriptionHash: req.description_hash,
        fallbackAddr: req.fallback_addr,
        private: req.private,
      });
      return {
        r_hash: Buffer.from(invoice.hash, "hex"),
        payment_request: invoice.paymentRequest,
        add_index: String(invoice.addIndex),
        payment_addr: Buffer.from(invoice.paymentAddr, "hex"),
      };
    }),
    lookupInvoice: unary((req) => {
      const hash = req.r_hash?.length ? req.r_hash : Buffer.from(req.r_hash_str ?? "", "hex");
      return invoiceMessage(engine.lookupInvoice(hash));
    }),
    listInvoices: unary((req) => {
      const invoices = engine.listInvoices({
        pendingOnly: !!req.pending_only,
        indexOffset: Number(req.index_offset ?? 0),
        maxInvoices: Number(req.num_max_invoices ?? 0),
        reversed: !!req.reversed,
      });
      return {
        invoices: invoices.map(invoiceMessage),
        first_index_offset: String(invoices[0]?.addIndex ?? 0),
        last_index_offset: String(invoices.at(-1)?.addIndex ?? 0),
      };
    }),
    subscribeInvoices: stream((req, write) => {
      const addIndex = Number(req.add_index ?? 0);
      const settleIndex = Number(req.settle_index ?? 0);
      // Backlog first (lnd: added after add_index, then settled after settle_index), then live
      // adds and settles only: lnd never sends ACCEPTED or CANCELED on this stream.
      if (addIndex > 0) {
        for (const i of engine.state.invoices.filter((x) => x.addIndex > addIndex)) {
          write(invoiceMessage(i));
        }
      }
      if (settleIndex > 0) {
        const settled = engine.state.invoices
          .filter((x) => x.settleIndex > settleIndex)
          .sort((a, b) => a.settleIndex - b.settleIndex);
        for (const i of settled) write(invoiceMessage(i));
      }
      return engine.subscribeInvoices((invoice, kind) => {
        if (kind === "added" || kind === "settled") write(invoiceMessage(invoice));
      });
    }),
    decodePayReq: unary((req) => payReqMessage(String(req.pay_req ?? ""))),
    queryRoutes: unary((req) => {
      const route = engine.queryRoutes({
        pubKey: String(req.pub_key ?? ""),
        amt: req.amt,
        amtMsat: req.amt_msat,
        finalCltvDelta: req.final_cltv_delta,
        cltvLimit: req.cltv_limit,
        sourcePubKey: req.source_pub_key,
        ignoredNodes: req.ignored_nodes,
        ignoredPairs: req.ignored_pairs,
        outgoingChanIds: req.outgoing_chan_ids,
        lastHopPubkey: req.last_hop_pubkey,
      });
      // A direct channel of our own: lnd's probability for it is 1.
      return { routes: [routeMessage(route)], success_prob: 1 };
    }),
    channelBalance: unary(() => {
      const b = engine.channelBalance();
      return {
        balance: sat(b.local),
        pending_open_balance: "0",
        local_balance: amount(b.local),
        remote_balance: amount(b.remote),
        unsettled_local_balance: amount(b.pendingOut),
        unsettled_remote_balance: amount(b.pendingIn),
        pending_open_local_balance: amount(0),
        pending_open_remote_balance: amount(0),
      };
    }),
  });

  server.addService(pkg.invoicesrpc.Invoices.service, {
    addHoldInvoice: unary((req) => {
      const invoice = engine.addInvoice({
        memo: req.memo,
        holdHash: req.hash ?? Buffer.alloc(0),
        value: req.value,
        valueMsat: req.value_msat,
        expiry: req.expiry,
        cltvExpiry: req.cltv_expiry,
        descriptionHash: req.description_hash,
        fallbackAddr: req.fallback_addr,
        private: req.private,
      });
      return {
        payment_request: invoice.paymentRequest,
        add_index: String(invoice.addIndex),
        payment_addr: Buffer.from(invoice.paymentAddr, "hex"),
      };
    }),
    settleInvoice: unary((req) => {
      engine.settleInvoice(req.preimage ?? Buffer.alloc(0));
      return {};
    }),
    cancelInvoice: unary((req) => {
      engine.cancelInvoice(req.payment_hash ?? Buffer.alloc(0));
      return {};
    }),
    lookupInvoiceV2: unary((req) => {
      if (req.invoice_ref !== "payment_hash") {
        throw new LndError("this dev node looks invoices up by payment_hash only");
      }
      return invoiceMessage(engine.lookupInvoice(req.payment_hash));
    }),
    subscribeSingleInvoice: stream((req, write, end) => {
      const hash: Buffer = req.r_hash ?? Buffer.alloc(0);
      if (hash.length !== 32) throw new LndError(`invalid hash length of ${hash.length}, want 32`);
      const hex = hash.toString("hex");
      const isFinal = (i: StoredInvoice) => i.state === "SETTLED" || i.state === "CANCELED";
      // Current state first, then every change; lnd closes the stream after a final state.
      const current = engine.findInvoice(hex);
      if (current) {
        write(invoiceMessage(current));
        if (isFinal(current)) {
          end();
          return () => {};
        }
      }
      return engine.subscribeInvoices((invoice) => {
        if (invoice.hash !== hex) return;
        write(invoiceMessage(invoice));
        if (isFinal(invoice)) end();
      });
    }),
  });

  const capacityOf = (peer: string) => engine.capacityMsat(peer);
  const paymentStream =
    (noInflight: boolean, write: (m: Msg) => void, end: () => void) => (payment: StoredPayment) => {
      const final = payment.status !== "IN_FLIGHT";
      if (!final && noInflight) return;
      write(paymentMessage(payment, capacityOf));
      if (final) end();
    };

  server.addService(pkg.routerrpc.Router.service, {
    sendPaymentV2: stream((req, write, end) =>
      engine.sendPayment(
        {
          paymentRequest: req.payment_request,
          amt: req.amt,
          amtMsat: req.amt_msat,
          feeLimitSat: req.fee_limit_sat,
          feeLimitMsat: req.fee_limit_msat,
          timeoutSeconds: req.timeout_seconds,
          cltvLimit: req.cltv_limit,
        },
        paymentStream(!!req.no_inflight_updates, write, end),
      ),
    ),
    trackPaymentV2: stream((req, write, end) =>
      engine.trackPayment(
        req.payment_hash ?? Buffer.alloc(0),
        paymentStream(!!req.no_inflight_updates, write, end),
      ),
    ),
  });

  server.addService(pkg.verrpc.Versioner.service, {
    getVersion: unary(() => {
      const [major, minor, patch] = lndVersion.split("-")[0]?.split(".").map(Number) ?? [];
      return {
        commit: lndVersion.split("commit=")[1],
        commit_hash: "",
        version: lndVersion.split(" ")[0],
        app_major: major,
        app_minor: minor,
        app_patch: patch,
        app_pre_release: "beta",
        build_tags: [
          "autopilotrpc",
          "signrpc",
          "walletrpc",
          "chainrpc",
          "invoicesrpc",
          "routerrpc",
        ],
        go_version: "go1.23.6",
      };
    }),
  });

  return server;
}
