// The keeper's internal HTTP interface over a real bridge: auth, validation with stable codes, and the
// swap lifecycle as the API will drive it.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { createInvoice, payViaPaymentRequest } from "lightning";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate } from "../db/migrate.ts";
import { openSql, type Sql } from "../db/sql.ts";
import {
  type BridgeFixture,
  logger,
  newPreimage,
  startBridgeFixture,
  until,
} from "../testing/bridgeFixture.ts";
import { createKeeperHttp } from "./server.ts";

describe("keeper HTTP", () => {
  let f: BridgeFixture;
  let sql: Sql;
  let k: Awaited<ReturnType<BridgeFixture["startKeeper"]>>;
  let server: ReturnType<typeof createKeeperHttp>;
  let base: string;
  const key = "k".repeat(43);
  const alice = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

  beforeAll(async () => {
    f = await startBridgeFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    k = await f.startKeeper(sql, "k1");
    k.keeper.start();
    server = createKeeperHttp({
      service: k.service,
      store: k.store,
      serviceKey: key,
      logger,
      wake: (hash) => k.keeper.wake(hash, { direct: true }),
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await k?.stop();
    await sql?.close();
    await f?.close();
  });

  const call = async (method: string, path: string, body?: unknown, auth = key) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON bodies
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it("refuses callers without the service key", async () => {
    assert.equal((await call("GET", "/health", undefined, "")).status, 200);
    const r = await call("GET", `/swaps/${"ab".repeat(32)}`, undefined, "wrong");
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, "auth.unauthorized");
  });

  it("quotes mints and burns with their USD value, recording nothing", async () => {
    // 100,000 sats at the local BTC/USD of 60,000: $60.00, 0.001 sBTC less the mint fee.
    const mint = await call("GET", `/quotes/mint?synth=${f.synth("sBTC")}&sats=100000`);
    assert.equal(mint.status, 200, JSON.stringify(mint.body));
    assert.equal(mint.body.usdCents, "6000");
    assert.equal(mint.body.amount, "1000000000000000");
    assert.ok(BigInt(mint.body.fee) > 0n);
    const invoice = await createInvoice({ lnd: f.userLnd, tokens: 25_000 });
    const burn = await call("POST", "/quotes/burn", {
      synth: f.synth("sUSD"),
      invoice: invoice.request,
    });
    assert.equal(burn.status, 200, JSON.stringify(burn.body));
    assert.equal(burn.body.paymentHash, invoice.id);
    assert.equal(burn.body.usdCents, "1500");
    // $15 of sUSD plus the burn fee on top, locked until well after the invoice expires.
    assert.equal(BigInt(burn.body.amount) - BigInt(burn.body.fee), 15n * 10n ** 18n);
    assert.ok(burn.body.timelock > burn.body.invoiceExpiresAt);
    assert.equal(await k.store.get(invoice.id), undefined, "a quote records no swap");
    const bad = await call("GET", `/quotes/mint?synth=${f.synth("sBTC")}&sats=0`);
    assert.equal(bad.body.error.code, "request.invalid_sats");
    const junk = await call("POST", "/quotes/burn", { synth: f.synth("sUSD"), invoice: 5 });
    assert.equal(junk.body.error.code, "request.invalid_invoice");
  });

  it("answers bad input with 4xx and a stable code, never a 500", async () => {
    const { paymentHash } = newPreimage();
    const mint = { paymentHash, recipient: alice, synth: f.synth("sBTC"), sats: "5000" };
    const cases: [string, string, unknown, number, string][] = [
      ["POST", "/swaps/mint", "{not json", 400, "request.invalid_json"],
      [
        "POST",
        "/swaps/mint",
        { ...mint, paymentHash: "0x12" },
        400,
        "request.invalid_payment_hash",
      ],
      ["POST", "/swaps/mint", { ...mint, recipient: "bob" }, 400, "request.invalid_address"],
      ["POST", "/swaps/mint", { ...mint, sats: "-1" }, 400, "request.invalid_sats"],
      ["POST", "/swaps/mint", { ...mint, sats: 1.5 }, 400, "request.invalid_sats"],
      [
        "POST",
        "/swaps/mint",
        { ...mint, synth: f.record.collateral.WBTC!.address },
        400,
        "lightning.synth_not_allowed",
      ],
      [
        "POST",
        "/swaps/burn",
        { account: alice, synth: f.synth("sBTC"), invoice: 42 },
        400,
        "request.invalid_invoice",
      ],
      [
        "POST",
        "/swaps/burn",
        { account: alice, synth: f.synth("sBTC"), invoice: "lnbcrt1garbage" },
        400,
        "lightning.invalid_invoice",
      ],
      ["GET", `/swaps/${"cd".repeat(32)}`, undefined, 404, "lightning.swap_not_found"],
      ["GET", "/swaps/xyz", undefined, 400, "request.invalid_payment_hash"],
      ["GET", `/accounts/${alice}/swaps?limit=0`, undefined, 400, "request.invalid_limit"],
      ["DELETE", "/swaps/mint", undefined, 404, "not_found"],
      [
        "POST",
        `/swaps/${paymentHash}/preimage`,
        { preimage: "00".repeat(32) },
        400,
        "lightning.preimage_mismatch",
      ],
    ];
    for (const [method, path, body, status, code] of cases) {
      const r = await call(method, path, body);
      assert.equal(
        r.status,
        status,
        `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`,
      );
      assert.equal(r.body.error?.code, code, `${method} ${path}`);
    }
  });

  it("creates a mint with its invoice, reports it as it settles, and lists an account's swaps", async () => {
    const { preimage, paymentHash } = newPreimage();
    const created = await call("POST", "/swaps/mint", {
      paymentHash,
      recipient: alice,
      synth: f.synth("sBTC"),
      sats: 5_000,
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.state, "invoice_open");
    assert.match(created.body.invoice, /^lnbcrt/);
    assert.equal(created.body.amount, "50000000000000");
    assert.equal(
      (
        await call("POST", "/swaps/mint", {
          paymentHash,
          recipient: alice,
          synth: f.synth("sBTC"),
          sats: 5_000,
        })
      ).status,
      409,
    );
    const paying = payViaPaymentRequest({ lnd: f.userLnd, request: created.body.invoice });
    await until(
      "the lock",
      async () => (await call("GET", `/swaps/${paymentHash}`)).body.state === "locked",
    );
    const stranger = await call("POST", `/swaps/${paymentHash}/preimage`, {
      preimage,
      account: "0x000000000000000000000000000000000000dEaD",
    });
    assert.equal(stranger.status, 404, "another account's swap is as unknown as a missing one");
    assert.equal(stranger.body.error?.code, "lightning.swap_not_found");
    assert.equal((await call("GET", `/swaps/${paymentHash}`)).body.state, "locked");
    const handed = await call("POST", `/swaps/0x${paymentHash}/preimage`, {
      preimage,
      account: alice,
    });
    assert.equal(handed.status, 200);
    assert.equal(handed.body.preimage, null, "the preimage is not echoed before settlement");
    await paying;
    const settled = await until("settlement", async () => {
      const r = await call("GET", `/swaps/${paymentHash}`);
      return r.body.state === "settled" && r.body;
    });
    assert.equal(settled.preimage, preimage);
    const list = await call("GET", `/accounts/${alice}/swaps`);
    assert.ok(list.body.items.some((s: { paymentHash: string }) => s.paymentHash === paymentHash));
  });

  it("registers a burn and returns what to lock", async () => {
    const invoice = await createInvoice({
      lnd: f.userLnd,
      tokens: 3_000,
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const r = await call("POST", "/swaps/burn", {
      account: alice,
      synth: f.synth("sBTC"),
      invoice: invoice.request,
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.state, "awaiting_lock");
    assert.equal(r.body.paymentHash, invoice.id);
    assert.equal(r.body.sats, "3000");
    assert.ok(r.body.timelock > Math.floor(Date.now() / 1000) + 3_600);
  });
});
