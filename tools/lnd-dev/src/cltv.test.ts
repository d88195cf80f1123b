// HTLC time locks as lnd enforces them, through the unmodified lightning client: SendPaymentV2's
// cltv_limit (max_timeout_height), payees that hold an HTLC until its expiry, and the sender timing
// an unresolved HTLC out at the expiry height, with the chain moved by mining and by time.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lightning from "lightning";
import { afterAll, beforeAll, describe, test } from "vitest";
import type { DevNetworkHandle } from "./index.ts";
import { startDevNetwork, startDevNode } from "./index.ts";

const {
  authenticatedLndGrpc,
  createHodlInvoice,
  getChannelBalance,
  getInvoice,
  getPayment,
  getWalletInfo,
  pay,
  settleHodlInvoice,
  subscribeToInvoice,
  subscribeToPayViaRequest,
} = lightning;

type Lnd = lightning.AuthenticatedLnd;
type Name = "service" | "user" | "carol";
interface Invoice {
  is_held?: boolean;
  is_canceled?: boolean;
  is_confirmed: boolean;
  payments: Array<{ is_held?: boolean; is_canceled?: boolean; timeout: number }>;
}
interface Failed {
  is_invalid_payment: boolean;
  is_pathfinding_timeout: boolean;
  is_route_not_found: boolean;
}
/** A Payment message as routerrpc's TrackPaymentV2 streams it (the client's raw gRPC object). */
interface RawPayment {
  status: string;
  failure_reason: string;
  htlcs: Array<{ failure: { code: string; failure_source_index: number; height: number } }>;
}

const block = 600_000;
let dir: string;
/** service pays (the keeper's node); user holds HTLCs until expiry (hostile); carol is lnd-honest. */
let net: DevNetworkHandle<Name>;
let lnd: Record<Name, Lnd>;

const connect = () => {
  lnd = {
    service: authenticatedLndGrpc(net.nodes.service).lnd,
    user: authenticatedLndGrpc(net.nodes.user).lnd,
    carol: authenticatedLndGrpc(net.nodes.carol).lnd,
  };
};
const disconnect = () => {
  for (const client of Object.values(lnd).flatMap((x) => Object.values(x))) {
    (client as { close(): void }).close();
  }
};
const startNetwork = () =>
  startDevNetwork({
    nodes: ["service", "user", "carol"],
    dir,
    holdUntilExpiry: ["user"],
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lnd-dev-cltv-"));
  net = await startNetwork();
  connect();
});

afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  disconnect();
  await net.close();
  await rm(dir, { recursive: true, force: true });
});

const details = (err: unknown): string | undefined =>
  (err as [number, string, { err?: { details?: string } }])[2]?.err?.details;

const newSecret = () => {
  const secret = randomBytes(32);
  return { secret: secret.toString("hex"), id: createHash("sha256").update(secret).digest("hex") };
};

function waitFor<T>(emitter: NodeJS.EventEmitter, event: string, until = (_: T) => true) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), 5000);
    emitter.on(event, (x: T) => {
      if (!until(x)) return;
      clearTimeout(timer);
      resolve(x);
    });
    emitter.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

const height = async () => (await getWalletInfo({ lnd: lnd.service })).current_block_height;

const balances = async () => {
  const [service, user, carol] = await Promise.all([
    getChannelBalance({ lnd: lnd.service }),
    getChannelBalance({ lnd: lnd.user }),
    getChannelBalance({ lnd: lnd.carol }),
  ]);
  return { service, user, carol };
};

/** The service pays a hold invoice of `payee`; resolves once the payee holds the HTLC. */
async function heldPayment(payee: Name, tokens: number, maxTimeoutHeight?: number) {
  const { id, secret } = newSecret();
  const invoice = await createHodlInvoice({ lnd: lnd[payee], id, tokens, cltv_delta: 40 });
  const single = subscribeToInvoice({ lnd: lnd[payee], id });
  const payment = subscribeToPayViaRequest({
    lnd: lnd.service,
    request: invoice.request,
    max_timeout_height: maxTimeoutHeight,
  });
  const confirmed = waitFor<{ secret: string; timeout: number }>(payment, "confirmed");
  const failed = waitFor<Failed>(payment, "failed");
  confirmed.catch(() => {});
  failed.catch(() => {});
  const held = await waitFor<Invoice>(single, "invoice_updated", (i) => !!i.is_held);
  const expiry = held.payments[0]?.timeout ?? 0;
  return { id, secret, request: invoice.request, single, confirmed, failed, expiry };
}

/** TrackPaymentV2 through the client's own gRPC object: the attempt's failure as lnd reports it. */
function rawPayment(id: string): Promise<RawPayment> {
  return new Promise((resolve, reject) => {
    const stream = lnd.service.router.trackPaymentV2({ payment_hash: Buffer.from(id, "hex") });
    stream.on("data", (p: RawPayment) => {
      stream.cancel();
      resolve(p);
    });
    stream.on("error", (err: { details?: string }) => {
      if (!String(err.details).includes("Cancelled")) reject(err);
    });
  });
}

describe("cltv_limit (max_timeout_height)", () => {
  test("too low: no route, nothing recorded and nothing moves", async () => {
    const { id } = newSecret();
    const invoice = await createHodlInvoice({ lnd: lnd.user, id, tokens: 1000, cltv_delta: 40 });
    const before = await balances();
    const h = await height();

    // The client passes it (delta == cltv + 3); lnd refuses: the limit must exceed cltv + padding.
    await assert.rejects(
      pay({ lnd: lnd.service, request: invoice.request, max_timeout_height: h + 43 }),
      (err) => {
        assert.deepEqual(err, [503, "PaymentPathfindingFailedToFindPossibleRoute"]);
        return true;
      },
    );
    const sub = subscribeToPayViaRequest({
      lnd: lnd.service,
      request: invoice.request,
      max_timeout_height: h + 43,
    });
    assert.equal((await waitFor<Failed>(sub, "failed")).is_route_not_found, true);
    // What lnd answers SendPaymentV2 with, as lnd words it.
    const raw = lnd.service.router.sendPaymentV2({
      payment_request: invoice.request,
      timeout_seconds: 10,
      cltv_limit: 43,
    });
    const error = await new Promise<{ details: string }>((resolve) => raw.on("error", resolve));
    assert.equal(error.details, "cltv limit 43 should be greater than 43");

    // Lower still, the client refuses before asking.
    await assert.rejects(
      pay({ lnd: lnd.service, request: invoice.request, max_timeout_height: h + 42 }),
      (err) => (err as [number, string])[1] === "MaxTimeoutTooNearCurrentHeightToMakePayment",
    );

    await assert.rejects(getPayment({ lnd: lnd.service, id }), (err) => {
      assert.equal((err as [number])[0], 404);
      return true;
    });
    const invoiceNow = (await getInvoice({ lnd: lnd.user, id })) as unknown as Invoice;
    assert.equal(!!invoiceNow.is_held, false);
    assert.equal(invoiceNow.payments.length, 0);
    assert.deepEqual(await balances(), before);
  });

  test("within the limit: the HTLC's timeout stays under max_timeout_height and it pays", async () => {
    const h = await height();
    const held = await heldPayment("user", 1000, h + 44);
    assert.equal(held.expiry, h + 43);
    await settleHodlInvoice({ lnd: lnd.user, secret: held.secret });
    const paid = await held.confirmed;
    assert.equal(paid.secret, held.secret);
    assert.equal(paid.timeout, h + 43);
  });

  test("above lnd's 2016-block maximum: refused as lnd does", async () => {
    const { id } = newSecret();
    const invoice = await createHodlInvoice({ lnd: lnd.user, id, tokens: 1 });
    await assert.rejects(
      pay({
        lnd: lnd.service,
        request: invoice.request,
        max_timeout_height: (await height()) + 2017,
      }),
      (err) => {
        assert.equal((err as [number, string])[1], "UnexpectedPaymentError");
        assert.equal(details(err), "total time lock of 2017 exceeds max allowed 2016");
        return true;
      },
    );
  });
});

describe("a payee holding the HTLC until its expiry", () => {
  test("settled one block before expiry (blocks mined): the sender gets the preimage", async () => {
    const start = await balances();
    const held = await heldPayment("user", 20_000);
    const h = await height();
    assert.equal(held.expiry, h + 43);
    // Past lnd's own give-up point (expiry - 10): this payee keeps holding.
    net.mineBlocks(held.expiry - 1 - h);
    assert.equal(await height(), held.expiry - 1);
    const invoice = (await getInvoice({ lnd: lnd.user, id: held.id })) as unknown as Invoice;
    assert.equal(invoice.is_held, true);
    assert.equal((await getPayment({ lnd: lnd.service, id: held.id })).is_pending, true);

    await settleHodlInvoice({ lnd: lnd.user, secret: held.secret });
    assert.equal((await held.confirmed).secret, held.secret);
    const end = await balances();
    assert.equal(end.service.channel_balance, start.service.channel_balance - 20_000);
    assert.equal(end.user.channel_balance, start.user.channel_balance + 20_000);
    assert.equal(end.service.unsettled_balance, 0);
  });

  test("held until the expiry (time passing): the sender times it out, the late settle pays nothing", async () => {
    const start = await balances();
    const held = await heldPayment("user", 30_000);
    const h = await height();
    // The chain's clock runs on: one block short of the expiry, the HTLC is still held.
    net.advanceTime((held.expiry - 1 - h) * block);
    assert.equal(await height(), held.expiry - 1);
    assert.equal((await getPayment({ lnd: lnd.service, id: held.id })).is_pending, true);
    assert.equal((await balances()).service.unsettled_balance, 30_000);

    // Ten more minutes: the expiry height. The sender reclaims the HTLC (lnd goes on chain).
    net.advanceTime(block);
    const failed = await held.failed;
    assert.equal(failed.is_pathfinding_timeout, true);
    const raw = await rawPayment(held.id);
    assert.equal(raw.status, "FAILED");
    assert.equal(raw.failure_reason, "FAILURE_REASON_TIMEOUT");
    const failure = raw.htlcs[0]?.failure;
    assert.equal(failure?.code, "PERMANENT_CHANNEL_FAILURE");
    assert.equal(failure?.failure_source_index, 0, "failed by the sender itself");
    assert.equal(failure?.height, held.expiry);
    const restored = await balances();
    assert.deepEqual(restored, start);

    // The payee's settle now finds its HTLC gone: no preimage reaches the sender, nothing moves.
    await assert.rejects(settleHodlInvoice({ lnd: lnd.user, secret: held.secret }), (err) => {
      assert.equal(details(err), "invoice already canceled");
      return true;
    });
    const invoice = (await getInvoice({ lnd: lnd.user, id: held.id })) as unknown as Invoice;
    assert.equal(invoice.is_canceled, true);
    assert.equal(invoice.is_confirmed, false);
    assert.equal(invoice.payments[0]?.is_canceled, true);
    const payment = await getPayment({ lnd: lnd.service, id: held.id });
    assert.equal(payment.is_failed, true);
    assert.equal(payment.payment, undefined);
    assert.deepEqual(await balances(), start);
  });

  test("lnd's own payees (the default) still fail the HTLC back at expiry - 10", async () => {
    const start = await balances();
    const held = await heldPayment("carol", 5_000);
    const h = await height();
    net.mineBlocks(held.expiry - 11 - h);
    assert.equal(((await getInvoice({ lnd: lnd.carol, id: held.id })) as Invoice).is_held, true);
    net.mineBlocks(1);
    assert.equal((await held.failed).is_invalid_payment, true);
    const raw = await rawPayment(held.id);
    assert.equal(raw.failure_reason, "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS");
    assert.equal(raw.htlcs[0]?.failure.code, "INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS");
    assert.equal(raw.htlcs[0]?.failure.height, held.expiry - 10);
    assert.equal(
      ((await getInvoice({ lnd: lnd.carol, id: held.id })) as Invoice).is_canceled,
      true,
    );
    assert.deepEqual(await balances(), start);
  });
});

describe("across restarts", () => {
  test("a settle made before expiry while the sender was down still pays it", async () => {
    const held = await heldPayment("user", 4_000);
    const h = await height();
    await net.nodes.service.close();
    await settleHodlInvoice({ lnd: lnd.user, secret: held.secret });
    // The sender comes back after the expiry: the payee claimed in time (lnd: on chain).
    net.mineBlocks(held.expiry + 2 - h);
    net.nodes.service = await startDevNode({
      dir: join(dir, "service"),
      network: net.network,
    });
    for (const client of Object.values(lnd.service)) (client as { close(): void }).close();
    lnd.service = authenticatedLndGrpc(net.nodes.service).lnd;
    const payment = await getPayment({ lnd: lnd.service, id: held.id });
    assert.equal(payment.is_confirmed, true);
    assert.equal(payment.payment?.secret, held.secret);
  });

  test("a held HTLC survives a restart; a sender down at the expiry times it out when back", async () => {
    const start = await balances();
    const held = await heldPayment("user", 6_000);
    disconnect();
    await net.close();
    net = await startNetwork();
    connect();
    assert.equal(((await getInvoice({ lnd: lnd.user, id: held.id })) as Invoice).is_held, true);
    assert.equal((await getPayment({ lnd: lnd.service, id: held.id })).is_pending, true);

    // Down while the chain passes the expiry (a restart at a later height).
    disconnect();
    await net.close();
    net = await startDevNetwork({
      nodes: ["service", "user", "carol"],
      dir,
      holdUntilExpiry: ["user"],
      blockHeight: held.expiry + 5,
    });
    connect();
    assert.equal(await height(), held.expiry + 5);
    const payment = await getPayment({ lnd: lnd.service, id: held.id });
    assert.equal(payment.is_failed, true);
    assert.equal(payment.failed?.is_pathfinding_timeout, true);
    assert.equal(((await getInvoice({ lnd: lnd.user, id: held.id })) as Invoice).is_canceled, true);
    await assert.rejects(settleHodlInvoice({ lnd: lnd.user, secret: held.secret }));
    assert.deepEqual(await balances(), start);
  });
});
