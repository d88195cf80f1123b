// Two dev nodes driven only through the unmodified `lightning` client, as an app would drive lnd.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePaymentRequest } from "invoices";
import lightning from "lightning";
import { pointFromScalar } from "tiny-secp256k1";
import { afterAll, beforeAll, describe, test } from "vitest";
import { encodeRequest } from "./bolt11.ts";
import type { DevNetworkHandle } from "./index.ts";
import { startDevNetwork } from "./index.ts";

const {
  authenticatedLndGrpc,
  cancelHodlInvoice,
  createHodlInvoice,
  createInvoice,
  decodePaymentRequest,
  getChannelBalance,
  getInvoice,
  getPayment,
  getWalletInfo,
  pay,
  settleHodlInvoice,
  subscribeToInvoice,
  subscribeToInvoices,
  subscribeToPayViaRequest,
} = lightning;

type Lnd = lightning.AuthenticatedLnd;
/** The fields of lightning's invoice objects these tests read. */
interface Invoice {
  id: string;
  index: number;
  is_confirmed: boolean;
  is_held?: boolean;
  is_canceled?: boolean;
  received: number;
  payments: Array<{ is_held?: boolean; timeout: number }>;
}

let dir: string;
let net: DevNetworkHandle<"user" | "service">;
let user: Lnd;
let service: Lnd;

/** lightning's errors are [code, message, {err}]; lnd's own text is err.details. */
const details = (err: unknown): string | undefined =>
  (err as [number, string, { err?: { details?: string } }])[2]?.err?.details;

const rejectsWith = async (promise: Promise<unknown>, text: string): Promise<void> => {
  await assert.rejects(promise, (err) => {
    assert.equal(details(err), text, JSON.stringify(err));
    return true;
  });
};

const newSecret = () => {
  const secret = randomBytes(32);
  return { secret: secret.toString("hex"), id: createHash("sha256").update(secret).digest("hex") };
};

/** Resolves with the first update for which `until` holds. */
function waitFor<T>(
  emitter: NodeJS.EventEmitter,
  event: string,
  until: (x: T) => boolean,
): Promise<T> {
  return new Promise((resolve, reject) => {
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

/**
 * subscribeToInvoices that is sure to see every invoice added from now on: it replays from a marker
 * invoice's index, so nothing slips by while the stream is being set up.
 */
async function subscribeToNewInvoices(lnd: Lnd) {
  const marker = await createInvoice({ lnd, tokens: 1 });
  const { index } = (await getInvoice({ lnd, id: marker.id })) as unknown as Invoice;
  return subscribeToInvoices({ lnd, added_after: index });
}

const balances = async () => {
  const [u, s] = await Promise.all([
    getChannelBalance({ lnd: user }),
    getChannelBalance({ lnd: service }),
  ]);
  return { user: u, service: s };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lnd-dev-test-"));
  net = await startDevNetwork({ nodes: ["user", "service"], dir });
  user = authenticatedLndGrpc(net.nodes.user).lnd;
  service = authenticatedLndGrpc(net.nodes.service).lnd;
});

/** grpc-js channels keep the process alive: close every service client of an lnd object. */
const closeLnd = (lnd: Lnd): void => {
  for (const client of Object.values(lnd)) (client as { close(): void }).close();
};

afterAll(async () => {
  // Let streams that just finished deliver their end before the clients go away.
  await new Promise((resolve) => setTimeout(resolve, 50));
  closeLnd(user);
  closeLnd(service);
  await net.close();
  await rm(dir, { recursive: true, force: true });
});

describe("connection", () => {
  test("getWalletInfo reports the node key, regtest chain, height and an lnd version", async () => {
    const info = await getWalletInfo({ lnd: user });
    assert.equal(info.public_key, net.nodes.user.pubkey);
    assert.equal(info.alias, "user");
    assert.equal(info.current_block_height, net.network.chain.height);
    assert.equal(info.is_synced_to_chain, true);
    assert.equal(info.peers_count, 1);
    assert.match(info.version, /^\d+\.\d+\.\d+-beta commit=v/);
    // regtest's genesis hash, as the client maps chains { bitcoin, regtest }
    assert.deepEqual(info.chains, [
      "06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f",
    ]);
  });

  test("a macaroon from another node is rejected as lnd does", async () => {
    const { socket, cert } = net.nodes.user;
    const { lnd } = authenticatedLndGrpc({ socket, cert, macaroon: net.nodes.service.macaroon });
    await rejectsWith(
      getWalletInfo({ lnd }),
      "verification failed: signature mismatch after caveat verification",
    );
    closeLnd(lnd);
  });

  test("a client without a macaroon is rejected", async () => {
    const { lnd } = authenticatedLndGrpc({
      socket: net.nodes.user.socket,
      cert: net.nodes.user.cert,
    });
    await rejectsWith(getWalletInfo({ lnd }), "expected 1 macaroon, got 0");
    closeLnd(lnd);
  });

  test("a client trusting another certificate cannot connect", async () => {
    const { socket, macaroon } = net.nodes.user;
    const { lnd } = authenticatedLndGrpc({ socket, macaroon, cert: net.nodes.service.cert });
    await assert.rejects(getWalletInfo({ lnd }), (err) => {
      assert.match(String(details(err)), /self-signed certificate|unable to verify/);
      return true;
    });
    closeLnd(lnd);
  });
});

describe("invoices", () => {
  test("createInvoice gives a signed regtest BOLT 11 that the invoices package verifies", async () => {
    const invoice = await createInvoice({ lnd: service, tokens: 1234, description: "coffee" });
    const parsed = parsePaymentRequest({ request: invoice.request });
    assert.equal(parsed.network, "regtest");
    assert.equal(parsed.destination, net.nodes.service.pubkey);
    assert.equal(parsed.tokens, 1234);
    assert.equal(parsed.description, "coffee");
    assert.equal(parsed.id, invoice.id);
    assert.equal(parsed.payment, invoice.payment);
    assert.equal(parsed.cltv_delta, 80);
    assert.match(invoice.request, /^lnbcrt12340n1/);
    const decoded = await decodePaymentRequest({ lnd: user, request: invoice.request });
    assert.equal(decoded.destination, net.nodes.service.pubkey);
    assert.equal(decoded.id, invoice.id);
    assert.equal(decoded.mtokens, "1234000");
    assert.equal(decoded.cltv_delta, 80);
    assert.equal(decoded.expires_at, parsed.expires_at);
  });

  test("a 1,500 msat invoice: num_satoshis floors, num_msat is exact, and it pays exactly", async () => {
    const invoice = await createInvoice({ lnd: service, mtokens: "1500" });
    assert.match(invoice.request, /^lnbcrt15n1/);
    const decoded = await decodePaymentRequest({ lnd: user, request: invoice.request });
    assert.equal(decoded.tokens, 1);
    assert.equal(decoded.mtokens, "1500");
    assert.equal(decoded.safe_tokens, 2);

    const before = await balances();
    const paid = await pay({ lnd: user, request: invoice.request });
    assert.equal(paid.mtokens, "1500");
    assert.equal(paid.tokens, 1);
    assert.equal(paid.safe_tokens, 2);
    const received = await getInvoice({ lnd: service, id: invoice.id });
    assert.equal(received.is_confirmed, true);
    assert.equal(received.received_mtokens, "1500");
    assert.equal(received.received, 1);
    const now = await balances();
    const msat = (b: { channel_balance_mtokens?: string }) =>
      BigInt(b.channel_balance_mtokens ?? 0);
    assert.equal(msat(now.user), msat(before.user) - 1500n);
    assert.equal(msat(now.service), msat(before.service) + 1500n);
  });

  test("getInvoice of an unknown hash: 'unable to locate invoice'", async () => {
    await rejectsWith(getInvoice({ lnd: service, id: newSecret().id }), "unable to locate invoice");
  });

  test("decodePaymentRequest of malformed or foreign requests fails", async () => {
    const invoice = await createInvoice({ lnd: service, tokens: 1 });
    const broken = `${invoice.request.slice(0, -1)}${invoice.request.endsWith("q") ? "p" : "q"}`;
    await assert.rejects(decodePaymentRequest({ lnd: user, request: broken }), (err) => {
      assert.match(String(details(err)), /^checksum failed\. Expected/);
      return true;
    });
    await rejectsWith(
      decodePaymentRequest({ lnd: user, request: "nonsense" }),
      "invalid index of 1",
    );
    const mainnet =
      "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh";
    await rejectsWith(
      decodePaymentRequest({ lnd: user, request: mainnet }),
      "invoice not for current active network 'regtest'",
    );
  });

  test("a settled regular invoice: OPEN then SETTLED on both streams, balances move", async () => {
    const before = await balances();
    const all = await subscribeToNewInvoices(service);
    const seen: Invoice[] = [];
    all.on("invoice_updated", (i: Invoice) => seen.push(i));
    const invoice = await createInvoice({ lnd: service, tokens: 2000 });
    const allSettled = waitFor<Invoice>(
      all,
      "invoice_updated",
      (i) => i.id === invoice.id && i.is_confirmed,
    );
    const single = subscribeToInvoice({ lnd: service, id: invoice.id });
    const confirmed = waitFor<Invoice>(single, "invoice_updated", (i) => i.is_confirmed);
    const paid = await pay({ lnd: user, request: invoice.request });
    assert.equal(paid.secret, invoice.secret);
    assert.equal(paid.tokens, 2000);
    assert.equal(paid.fee, 0);
    const settled = await confirmed;
    assert.equal(settled.received, 2000);
    assert.equal((await getInvoice({ lnd: service, id: invoice.id })).is_confirmed, true);
    await allSettled;
    const mine = seen.filter((i) => i.id === invoice.id);
    assert.deepEqual(
      mine.map((i) => i.is_confirmed),
      [false, true],
    );
    all.removeAllListeners();
    const now = await balances();
    assert.equal(now.user.channel_balance, before.user.channel_balance - 2000);
    assert.equal(now.service.channel_balance, before.service.channel_balance + 2000);
    assert.equal(now.service.inbound, (before.service.inbound ?? 0) - 2000);
  });

  test("paying the same request twice: 'invoice is already paid'", async () => {
    const invoice = await createInvoice({ lnd: service, tokens: 10 });
    await pay({ lnd: user, request: invoice.request });
    await assert.rejects(pay({ lnd: user, request: invoice.request }), (err) => {
      assert.equal(details(err), "invoice is already paid");
      assert.equal((err as [number, string, { err: { code: number } }])[2].err.code, 6);
      return true;
    });
    const payment = await getPayment({ lnd: user, id: invoice.id });
    assert.equal(payment.is_confirmed, true);
    assert.equal(payment.payment?.secret, invoice.secret);
  });

  test("subscribeToInvoices replays invoices added after an index", async () => {
    const first = await createInvoice({ lnd: service, tokens: 1 });
    const { index } = (await getInvoice({ lnd: service, id: first.id })) as unknown as Invoice;
    const second = await createInvoice({ lnd: service, tokens: 2 });
    const sub = subscribeToInvoices({ lnd: service, added_after: index });
    const replayed = await waitFor<Invoice>(sub, "invoice_updated", () => true);
    sub.removeAllListeners();
    assert.equal(replayed.id, second.id);
  });
});

describe("hold invoices", () => {
  test("OPEN -> ACCEPTED -> SETTLED with exact balances on both nodes", async () => {
    const { id, secret } = newSecret();
    const start = await balances();
    const all = await subscribeToNewInvoices(service);
    const allSeen: Invoice[] = [];
    all.on("invoice_updated", (i: Invoice) => allSeen.push(i));
    const invoice = await createHodlInvoice({ lnd: service, id, tokens: 50_000 });
    const single = subscribeToInvoice({ lnd: service, id });
    const states: string[] = [];
    const opened = waitFor<Invoice>(single, "invoice_updated", () => true);
    single.on("invoice_updated", (i: Invoice) =>
      states.push(
        i.is_confirmed ? "SETTLED" : i.is_held ? "ACCEPTED" : i.is_canceled ? "CANCELED" : "OPEN",
      ),
    );
    const ended = new Promise((resolve) => single.once("end", resolve));
    await opened;
    const allSettled = waitFor<Invoice>(
      all,
      "invoice_updated",
      (i) => i.id === id && i.is_confirmed,
    );
    const payment = subscribeToPayViaRequest({ lnd: user, request: invoice.request });
    const confirmed = waitFor<{ secret: string }>(payment, "confirmed", () => true);
    await waitFor<Invoice>(single, "invoice_updated", (i) => !!i.is_held);

    const held = await balances();
    assert.equal(held.user.channel_balance, start.user.channel_balance - 50_000);
    assert.equal(held.user.unsettled_balance, 50_000);
    assert.equal(held.service.channel_balance, start.service.channel_balance);
    const accepted = await getInvoice({ lnd: service, id });
    assert.equal(accepted.is_held, true);
    assert.equal(accepted.payments[0]?.is_held, true);
    assert.equal(accepted.payments[0]?.timeout, net.network.chain.height + 80 + 3);
    assert.equal((await getPayment({ lnd: user, id })).is_pending, true);

    await settleHodlInvoice({ lnd: service, secret });
    assert.equal((await confirmed).secret, secret);
    await ended;
    assert.deepEqual(states, ["OPEN", "ACCEPTED", "SETTLED"]);

    const done = await balances();
    assert.equal(done.user.channel_balance, start.user.channel_balance - 50_000);
    assert.equal(done.user.unsettled_balance, 0);
    assert.equal(done.user.inbound, (start.user.inbound ?? 0) + 50_000);
    assert.equal(done.service.channel_balance, start.service.channel_balance + 50_000);
    assert.equal(done.service.inbound, (start.service.inbound ?? 0) - 50_000);

    await allSettled;
    all.removeAllListeners();
    // lnd's all-invoices stream reports adds and settles only, never the ACCEPTED step.
    assert.deepEqual(
      allSeen.filter((i) => i.id === id).map((i) => [i.is_confirmed, !!i.is_held]),
      [
        [false, false],
        [true, false],
      ],
    );
  });

  test("canceling a held invoice fails the payment and returns the balance", async () => {
    const { id } = newSecret();
    const start = await balances();
    const invoice = await createHodlInvoice({ lnd: service, id, tokens: 7_000 });
    const single = subscribeToInvoice({ lnd: service, id });
    const held = waitFor<Invoice>(single, "invoice_updated", (i) => !!i.is_held);
    const canceled = waitFor<Invoice>(single, "invoice_updated", (i) => !!i.is_canceled);
    const payment = subscribeToPayViaRequest({ lnd: user, request: invoice.request });
    const failed = waitFor<{ is_invalid_payment: boolean }>(payment, "failed", () => true);
    await held;
    assert.equal((await balances()).user.channel_balance, start.user.channel_balance - 7_000);
    await cancelHodlInvoice({ lnd: service, id });
    assert.equal((await failed).is_invalid_payment, true);
    await canceled;
    assert.equal((await getInvoice({ lnd: service, id })).is_canceled, true);
    const end = await balances();
    assert.equal(end.user.channel_balance, start.user.channel_balance);
    assert.equal(end.user.unsettled_balance, 0);
    assert.equal(end.service.channel_balance, start.service.channel_balance);
    const payment2 = await getPayment({ lnd: user, id });
    assert.equal(payment2.is_failed, true);
  });

  test("a duplicate hash is rejected with lnd's message", async () => {
    const { id } = newSecret();
    await createHodlInvoice({ lnd: service, id, tokens: 1 });
    await assert.rejects(createHodlInvoice({ lnd: service, id, tokens: 1 }), (err) => {
      assert.equal(details(err), "invoice with payment hash already exists");
      return true;
    });
    const regular = await createInvoice({ lnd: service, tokens: 1 });
    await assert.rejects(
      createInvoice({ lnd: service, tokens: 1, secret: regular.secret }),
      (err) => {
        assert.deepEqual(err, [409, "InvoiceWithGivenHashAlreadyExists"]);
        return true;
      },
    );
  });

  test("settle errors: wrong preimage, still open, already canceled; settled cannot be canceled", async () => {
    const { id, secret } = newSecret();
    await createHodlInvoice({ lnd: service, id, tokens: 100 });
    await assert.rejects(settleHodlInvoice({ lnd: service, secret: newSecret().secret }), (err) => {
      assert.deepEqual(err, [404, "SecretDoesNotMatchAnyExistingHodlInvoice"]);
      return true;
    });
    await assert.rejects(settleHodlInvoice({ lnd: service, secret }), (err) => {
      assert.deepEqual(err, [402, "CannotSettleHtlcBeforeHtlcReceived"]);
      return true;
    });
    await cancelHodlInvoice({ lnd: service, id });
    await rejectsWith(settleHodlInvoice({ lnd: service, secret }), "invoice already canceled");

    const paid = await createInvoice({ lnd: service, tokens: 5 });
    await pay({ lnd: user, request: paid.request });
    await rejectsWith(cancelHodlInvoice({ lnd: service, id: paid.id }), "invoice already settled");
    await rejectsWith(
      cancelHodlInvoice({ lnd: service, id: newSecret().id }),
      "unable to locate invoice",
    );
  });

  test("a held HTLC near its CLTV expiry is failed back and the invoice canceled", async () => {
    const { id } = newSecret();
    const start = await balances();
    const invoice = await createHodlInvoice({ lnd: service, id, tokens: 300, cltv_delta: 40 });
    const single = subscribeToInvoice({ lnd: service, id });
    const payment = subscribeToPayViaRequest({ lnd: user, request: invoice.request });
    const failed = waitFor<{ is_invalid_payment: boolean }>(payment, "failed", () => true);
    const held = await waitFor<Invoice>(single, "invoice_updated", (i) => !!i.is_held);
    const expiry = held.payments[0]?.timeout ?? 0;
    assert.equal(expiry, net.network.chain.height + 40 + 3);
    net.mineBlocks(expiry - net.network.chain.height - 11);
    assert.equal((await getInvoice({ lnd: service, id })).is_held, true);
    net.mineBlocks(1);
    assert.equal((await failed).is_invalid_payment, true);
    assert.equal((await getInvoice({ lnd: service, id })).is_canceled, true);
    assert.equal((await balances()).user.channel_balance, start.user.channel_balance);
  });
});

describe("payment failures", () => {
  test("an expired invoice cannot be paid and is canceled", async () => {
    const invoice = await createInvoice({ lnd: service, tokens: 10 });
    const single = subscribeToInvoice({ lnd: service, id: invoice.id });
    const canceled = waitFor<Invoice>(single, "invoice_updated", (i) => !!i.is_canceled);
    net.advanceTime(3 * 3600 * 1000 + 1000);
    await canceled;
    await assert.rejects(pay({ lnd: user, request: invoice.request }), (err) => {
      assert.match(String(details(err)), /^invoice expired\. Valid until \d{4}-\d\d-\d\d /);
      return true;
    });
    assert.equal((await getInvoice({ lnd: service, id: invoice.id })).is_canceled, true);
  });

  test("more than the local balance: insufficient balance, as lnd's pathfinding reports", async () => {
    const { channel_balance } = await getChannelBalance({ lnd: user });
    const invoice = await createInvoice({ lnd: service, tokens: channel_balance + 1 });
    await assert.rejects(pay({ lnd: user, request: invoice.request }), (err) => {
      assert.equal((err as [number, string])[1], "InsufficientBalanceToAttemptPayment");
      return true;
    });
    const { is_failed, failed } = await getPayment({ lnd: user, id: invoice.id });
    assert.equal(is_failed, true);
    assert.equal(failed?.is_insufficient_balance, true);
  });

  test("an unknown destination: no route", async () => {
    // A well-formed request signed by a node that is not in the network.
    const key = randomBytes(32);
    const request = encodeRequest({
      privateKey: key,
      destination: Buffer.from(pointFromScalar(key) ?? []).toString("hex"),
      hash: newSecret().id,
      paymentAddr: randomBytes(32).toString("hex"),
      mtokens: "10000",
      createdAt: new Date(net.network.chain.now()),
      expirySeconds: 3600,
      cltvDelta: 80,
    });
    await assert.rejects(pay({ lnd: user, request }), (err) => {
      assert.equal((err as [number, string])[1], "PaymentPathfindingFailedToFindPossibleRoute");
      return true;
    });
  });
});
