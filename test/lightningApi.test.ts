// The Lightning bridge through the API, end to end: a real Hardhat chain with the protocol deployed, two
// dev Lightning nodes reached through the unmodified `lightning` client, the bridge keeper with its
// internal HTTP and its event publisher, and the API listening on a port. A signed-in user mints (the
// invoice, `invoice.accepted` on /v1/stream, a gasless claim, exact balances) and burns through
// /v1/lightning; compliance refuses (naming the rule) or holds a swap for a reviewer; bad invoices are
// clear 4xx errors; the signed ingress refuses what is not signed by the keeper.
import assert from "node:assert/strict";
import { lightningGatewayAbi, syntheticAssetAbi } from "@fluxion/deploy";
import { createInvoice, getChannelBalance, payViaPaymentRequest } from "lightning";
import { type Address, maxUint256 } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import WebSocket from "ws";
import type { App } from "../api/src/app.ts";
import { probeFeatures } from "../api/src/compliance/testHelpers.ts";
import { signIn } from "../api/src/testing/signIn.ts";
import { webhookHeaders } from "../keepers/src/events/publisher.ts";
import { type BridgeFixture, newPreimage, until } from "../keepers/src/testing/bridgeFixture.ts";
import { devAccount } from "../keepers/src/testing/chain.ts";
import { type LightningStack, startLightningStack } from "./lib/lightningStack.ts";

type StreamMessage = { kind: string; account?: string; data?: Record<string, unknown> };

describe("Lightning bridge through the API", () => {
  const user = devAccount(4);
  const reviewer = devAccount(5);
  let stack: LightningStack;
  let ingressSecret: string;
  let f: BridgeFixture;
  let keeper: LightningStack["keeper"];
  let app: App;
  let apiUrl: string;
  let headers: { authorization: string };
  let token: string;
  let socket: WebSocket;
  const stream: StreamMessage[] = [];
  let sUSD: Address;

  const api = async (method: "GET" | "POST", url: string, payload?: unknown, as = headers) => {
    const response = await app.inject({
      method,
      url,
      headers: as,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const channel = async (lnd: BridgeFixture["userLnd"]) =>
    Number((await getChannelBalance({ lnd })).channel_balance);
  const balanceOf = (who: Address) =>
    f.publicClient.readContract({
      address: sUSD,
      abi: syntheticAssetAbi,
      functionName: "balanceOf",
      args: [who],
    });
  /** The public statuses the stream reported for a swap, in order. */
  const statuses = (hash: string) =>
    stream
      .filter((m) => m.kind === "lightning.swap" && m.data?.paymentHash === hash)
      .map((m) => m.data!.status as string);

  beforeAll(async () => {
    stack = await startLightningStack({ apiEnv: { API_ADMINS: reviewer.address } });
    ({ f, keeper, app, apiUrl, ingressSecret } = stack);
    sUSD = f.synth("sUSD");
    const session = await signIn(app, user);
    headers = session.headers;
    token = session.token;
    socket = new WebSocket(`${apiUrl.replace("http", "ws")}/v1/stream?token=${token}`);
    socket.on("message", (data) => stream.push(JSON.parse(String(data)) as StreamMessage));
    await until("the stream's hello", async () => stream.some((m) => m.kind === "hello"));
  });

  afterAll(async () => {
    socket?.close();
    await stack?.close();
  });

  it("mints: invoice and quote, invoice.accepted on the stream, gasless claim, exact balances", {
    timeout: 120_000,
  }, async () => {
    const secret = newPreimage();
    const sats = 50_000;
    const created = await api("POST", "/v1/lightning/mints", {
      paymentHash: `0x${secret.paymentHash}`,
      synth: sUSD,
      sats,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { swap, quote, compliance } = created.body;
    assert.equal(compliance.decision, "allow");
    assert.equal(swap.status, "invoice.set");
    assert.equal(swap.account, user.address.toLowerCase());
    assert.match(swap.invoice, /^lnbcrt500u1/);
    assert.equal(quote.sats, String(sats));
    assert.ok(BigInt(quote.usdCents) > 0n);
    assert.equal(swap.amount, quote.amount);

    const [userSats, synthBefore] = [await channel(f.userLnd), await balanceOf(user.address)];
    const paid = payViaPaymentRequest({ lnd: f.userLnd, request: swap.invoice });
    await until("transaction.locked on the stream", async () =>
      statuses(secret.paymentHash).includes("transaction.locked"),
    );
    // Another signed-in account cannot hand over (or learn anything about) this swap's preimage.
    const stranger = await signIn(app, devAccount(7));
    const stolen = await api(
      "POST",
      `/v1/lightning/mints/${secret.paymentHash}/preimage`,
      { preimage: secret.preimage },
      stranger.headers,
    );
    assert.equal(stolen.status, 404, JSON.stringify(stolen.body));
    assert.equal(stolen.body.code ?? stolen.body.error?.code, "lightning.swap_not_found");
    const handed = await api("POST", `/v1/lightning/mints/${secret.paymentHash}/preimage`, {
      preimage: secret.preimage,
    });
    assert.equal(handed.status, 200, JSON.stringify(handed.body));
    await paid;
    await until("invoice.settled on the stream", async () =>
      statuses(secret.paymentHash).includes("invoice.settled"),
    );

    // Every state change streamed once, in order, starting with the held HTLC the moment it arrived.
    assert.deepEqual(statuses(secret.paymentHash), [
      "invoice.set",
      "invoice.accepted",
      "transaction.lock_sent",
      "transaction.locked",
      "transaction.claim_sent",
      "transaction.claimed",
      "invoice.settled",
    ]);
    // The recipient gets the quoted value less the mint fee (which goes to the treasury).
    assert.equal(
      await balanceOf(user.address),
      synthBefore + BigInt(quote.amount) - BigInt(quote.fee),
    );
    assert.equal(await channel(f.userLnd), userSats - sats);

    const read = await api("GET", `/v1/lightning/swaps/0x${secret.paymentHash}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.state, "settled");
    assert.equal(read.body.preimage, secret.preimage);
    const list = await api("GET", "/v1/lightning/swaps?limit=10");
    assert.ok(
      list.body.items.some((s: { paymentHash: string }) => s.paymentHash === secret.paymentHash),
    );

    // A retry of the same request returns the swap; another use of the hash is refused.
    const retried = await api("POST", "/v1/lightning/mints", {
      paymentHash: secret.paymentHash,
      synth: sUSD,
      sats,
    });
    assert.equal(retried.status, 200);
    assert.equal(retried.body.swap.state, "settled");
    const reused = await api("POST", "/v1/lightning/mints", {
      paymentHash: secret.paymentHash,
      synth: sUSD,
      sats: sats + 1,
    });
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error.code, "lightning.payment_hash_used");
  });

  it("refuses a mint compliance denies, naming the rule; nothing reaches the keeper", async () => {
    const secret = newPreimage();
    // Far above KYC tier 0's single-action limit of $1,000.
    const denied = await api("POST", "/v1/lightning/mints", {
      paymentHash: secret.paymentHash,
      synth: sUSD,
      sats: 10_000_000,
    });
    assert.equal(denied.status, 403, JSON.stringify(denied.body));
    assert.equal(denied.body.error.code, "compliance.denied");
    assert.match(denied.body.error.message, /kyc\.single_limit/);
    assert.deepEqual(
      denied.body.error.details.rules.map((r: { rule: string }) => r.rule),
      ["kyc.single_limit", "kyc.daily_limit"],
    );
    assert.equal((await api("GET", `/v1/lightning/swaps/${secret.paymentHash}`)).status, 404);
    assert.equal(await keeper.store.get(secret.paymentHash), undefined);
  });

  it("holds a mint for review without an invoice; the reviewer's approval brings the invoice", {
    timeout: 60_000,
  }, async () => {
    const secret = newPreimage();
    // The check a risky session would get: a high (review-band) risk score for this payment hash.
    const check = await api("POST", "/v1/compliance/check", {
      action: "lightning_in",
      amountUsd: "500.00",
      reference: `lightning:${secret.paymentHash}`,
      features: probeFeatures(0.6, 0.92),
    });
    assert.equal(check.body.decision, "review", JSON.stringify(check.body));
    const held = await api("POST", "/v1/lightning/mints", {
      paymentHash: secret.paymentHash,
      synth: sUSD,
      sats: 20_000,
    });
    assert.equal(held.status, 202, JSON.stringify(held.body));
    assert.equal(held.body.swap.state, "review");
    assert.equal(held.body.swap.invoice, null);
    assert.equal(held.body.compliance.outcome, "pending");

    const admin = (await signIn(app, reviewer)).headers;
    const reviewId = check.body.reviewId as string;
    assert.equal((await api("POST", `/v1/reviews/${reviewId}/claim`, {}, admin)).status, 200);
    const approved = await api(
      "POST",
      `/v1/reviews/${reviewId}/approve`,
      { reason: "known customer, verified by phone" },
      admin,
    );
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const open = await until("the invoice after approval", async () => {
      const read = await api("GET", `/v1/lightning/swaps/${secret.paymentHash}`);
      return read.body.state === "invoice_open" && read.body;
    });
    assert.match(open.invoice, /^lnbcrt200u1/);
    await until("invoice.set on the stream", async () =>
      statuses(secret.paymentHash).includes("invoice.set"),
    );
    assert.deepEqual(statuses(secret.paymentHash).slice(0, 2), ["swap.review", "swap.created"]);
  });

  it("burns: quote, register, the user's lock, the invoice paid, exact balances", {
    timeout: 120_000,
  }, async () => {
    const sats = 20_000;
    const invoice = await createInvoice({
      lnd: f.userLnd,
      tokens: sats,
      description: "withdraw",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const quoted = await api("POST", "/v1/lightning/burns/quote", {
      synth: sUSD,
      invoice: invoice.request,
    });
    assert.equal(quoted.status, 200, JSON.stringify(quoted.body));
    assert.equal(quoted.body.paymentHash, invoice.id);
    const registered = await api("POST", "/v1/lightning/burns", {
      synth: sUSD,
      invoice: invoice.request,
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const { lock, swap } = registered.body;
    assert.equal(swap.status, "swap.created");
    assert.equal(lock.paymentHash, `0x${invoice.id}`);

    const wallet = f.wallets[4]!;
    assert.equal(wallet.account.address.toLowerCase(), user.address.toLowerCase());
    const [userSats, synthBefore] = [await channel(f.userLnd), await balanceOf(user.address)];
    await wallet.writeContract({
      address: sUSD,
      abi: syntheticAssetAbi,
      functionName: "approve",
      args: [f.gatewayAddress, maxUint256],
    });
    await wallet.writeContract({
      address: f.gatewayAddress,
      abi: lightningGatewayAbi,
      functionName: "lockBurn",
      args: [
        lock.paymentHash,
        lock.synth,
        BigInt(lock.amount),
        BigInt(lock.sats),
        BigInt(lock.timelock),
      ],
    });
    await until("transaction.claimed on the stream", async () =>
      statuses(invoice.id).includes("transaction.claimed"),
    );
    assert.deepEqual(statuses(invoice.id), [
      "swap.created",
      "transaction.locked",
      "invoice.pending",
      "invoice.paid",
      "transaction.claim_sent",
      "transaction.claimed",
    ]);
    assert.equal(await channel(f.userLnd), userSats + sats);
    assert.equal(await balanceOf(user.address), synthBefore - BigInt(lock.amount));
  });

  it("answers bad invoices and hashes with clear errors, registering nothing", async () => {
    const mainnet =
      "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq8rkx3yf5tcsyz3d73gafnh3cax9rn449d9p5uxz9ezhhypd0elx87sjle52x86fux2ypatgddc6k63n7erqz25le42c4u4ecky03ylcqca784w";
    const cases: [unknown, number, string][] = [
      [{ synth: sUSD, invoice: "lnbcrt1garbage" }, 400, "lightning.invalid_invoice"],
      [{ synth: sUSD, invoice: mainnet }, 400, "lightning.wrong_network"],
      [{ synth: sUSD }, 400, "request.invalid"],
    ];
    for (const [body, status, code] of cases) {
      const response = await api("POST", "/v1/lightning/burns", body);
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.equal(response.body.error.code, code);
    }
    const badHash = await api("POST", "/v1/lightning/mints", {
      paymentHash: "0x1234",
      synth: sUSD,
      sats: 1000,
    });
    assert.equal(badHash.status, 400);
    const other = devAccount(6).address;
    const forSomeoneElse = await api("POST", "/v1/lightning/mints", {
      paymentHash: newPreimage().paymentHash,
      synth: sUSD,
      sats: 1000,
      recipient: other,
    });
    assert.equal(forSomeoneElse.status, 403);
    assert.equal(forSomeoneElse.body.error.code, "lightning.account_forbidden");
  });

  it("takes events only signed by the keeper, fresh, and each once", async () => {
    const body = JSON.stringify({
      type: "lightning.swap",
      timestamp: new Date().toISOString(),
      data: {
        eventId: "999999",
        paymentHash: "ab".repeat(32),
        direction: "mint",
        account: user.address,
        from: null,
        state: "invoice_open",
        detail: null,
        swap: { state: "invoice_open" },
      },
    });
    const post = (headers: Record<string, string>, payload = body) =>
      fetch(`${apiUrl}/v1/webhooks/keeper`, { method: "POST", headers, body: payload }).then(
        async (r) => ({
          status: r.status,
          body: (await r.json()) as { error?: { code: string }; duplicate?: boolean },
        }),
      );
    const now = new Date();
    assert.equal(
      (await post({ "content-type": "application/json" })).body.error?.code,
      "webhook.headers_missing",
    );
    const stranger = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
    assert.equal(
      (await post(webhookHeaders(stranger, "swap-event-999999", body, now))).body.error?.code,
      "webhook.bad_signature",
    );
    assert.equal(
      (
        await post(
          webhookHeaders(
            ingressSecret,
            "swap-event-999999",
            body,
            new Date(now.getTime() - 600_000),
          ),
        )
      ).body.error?.code,
      "webhook.timestamp_too_old",
    );
    const tampered = await post(
      webhookHeaders(ingressSecret, "swap-event-999999", body, now),
      body.replace("999999", "999998"),
    );
    assert.equal(tampered.status, 401);
    const first = await post(webhookHeaders(ingressSecret, "swap-event-999999", body, now));
    assert.equal(first.status, 200);
    assert.equal(first.body.duplicate, false);
    const again = await post(webhookHeaders(ingressSecret, "swap-event-999999", body, now));
    assert.equal(again.body.duplicate, true);
    const junk = JSON.stringify({
      type: "lightning.swap",
      timestamp: now.toISOString(),
      data: { id: "x" },
    });
    const invalid = await post(webhookHeaders(ingressSecret, "swap-event-x", junk, now), junk);
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error?.code, "event.invalid");
  });
});
