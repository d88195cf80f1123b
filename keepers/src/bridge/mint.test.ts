// Lightning -> chain end to end: the real `lightning` client against two dev nodes, the gateway on an
// in-process chain, the keeper on PGlite. Exact balances on both sides.
import assert from "node:assert/strict";
import { lightningGatewayAbi, syntheticAssetAbi } from "@fluxion/deploy";
import { getChannelBalance, getInvoice, payViaPaymentRequest } from "lightning";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate } from "../db/migrate.ts";
import { openSql, type Sql } from "../db/sql.ts";
import {
  type BridgeFixture,
  newPreimage,
  startBridgeFixture,
  until,
} from "../testing/bridgeFixture.ts";

describe("mint swap (Lightning -> chain)", () => {
  let f: BridgeFixture;
  let sql: Sql;
  let k: Awaited<ReturnType<BridgeFixture["startKeeper"]>>;
  const alice = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as Address;

  beforeAll(async () => {
    f = await startBridgeFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    k = await f.startKeeper(sql, "k1");
    k.keeper.start();
  });
  afterAll(async () => {
    await k?.stop();
    await sql?.close();
    await f?.close();
  });

  const balanceOf = (token: Address, who: Address) =>
    f.publicClient.readContract({
      address: token,
      abi: syntheticAssetAbi,
      functionName: "balanceOf",
      args: [who],
    });
  const channel = async (lnd: BridgeFixture["userLnd"]) =>
    Number((await getChannelBalance({ lnd })).channel_balance);

  it("pays an invoice, locks, claims with the user's preimage, settles: exact on both sides", async () => {
    const sBTC = f.synth("sBTC");
    const treasury = f.record.contracts.Treasury!.address as Address;
    const { preimage, paymentHash } = newPreimage();
    const sats = 50_000n;
    const [userBefore, serviceBefore, aliceBefore, treasuryBefore] = [
      await channel(f.userLnd),
      await channel(f.serviceLnd),
      await balanceOf(sBTC, alice),
      await balanceOf(sBTC, treasury),
    ];

    const swap = await k.service.createMint({ paymentHash, recipient: alice, synth: sBTC, sats });
    assert.equal(swap.state, "invoice_open");
    assert.match(swap.invoice!, /^lnbcrt500u1/);
    // sBTC is priced at BTC: 50,000 sats = 0.0005 sBTC, 0.2% of it the fee.
    assert.equal(swap.amount, 500_000_000_000_000n);
    assert.equal(swap.fee, 1_000_000_000_000n);

    const paying = payViaPaymentRequest({ lnd: f.userLnd, request: swap.invoice! });
    const locked = await until("the lock", async () => {
      const s = await k.store.get(paymentHash);
      return s?.state === "locked" && s;
    });
    const onChain = await f.publicClient.readContract({
      address: f.gatewayAddress,
      abi: lightningGatewayAbi,
      functionName: "swapOf",
      args: [`0x${paymentHash}`],
    });
    assert.equal(onChain.status, 1, "locked on-chain");
    assert.equal(onChain.amount, swap.amount);
    assert.equal(BigInt(onChain.timelock), locked.timelock);
    assert.equal((await getInvoice({ lnd: f.serviceLnd, id: paymentHash })).is_held, true);

    // The user claims on-chain with the preimage (any account may send it).
    const [anyone] = f.wallets;
    await anyone!.writeContract({
      address: f.gatewayAddress,
      abi: lightningGatewayAbi,
      functionName: "claimMint",
      args: [`0x${preimage}`],
    });
    const paid = await paying;
    assert.equal(paid.secret, preimage, "the payer learns the preimage: the invoice was settled");
    const settled = await until("settlement", async () => {
      const s = await k.store.get(paymentHash);
      return s?.state === "settled" && s;
    });
    assert.equal(settled.preimage, preimage);

    assert.equal(await balanceOf(sBTC, alice), aliceBefore + swap.amount - swap.fee);
    assert.equal(await balanceOf(sBTC, treasury), treasuryBefore + swap.fee);
    assert.equal(await channel(f.userLnd), userBefore - Number(sats));
    assert.equal(await channel(f.serviceLnd), serviceBefore + Number(sats));
    assert.deepEqual(
      (await k.store.history(paymentHash)).map((e) => e.to_state),
      ["invoice_open", "invoice_accepted", "lock_sent", "locked", "claimed", "settled"],
    );
  });

  it("claims for the user when handed the preimage (gasless)", async () => {
    const sUSD = f.synth("sUSD");
    const { preimage, paymentHash } = newPreimage();
    const before = await balanceOf(sUSD, alice);
    const swap = await k.service.createMint({
      paymentHash,
      recipient: alice,
      synth: sUSD,
      sats: 10_000n,
    });
    // 10,000 sats at BTC/USD 60,000 = $6.
    assert.equal(swap.amount, 6_000_000_000_000_000_000n);
    const paying = payViaPaymentRequest({ lnd: f.userLnd, request: swap.invoice! });
    await until("the lock", async () => (await k.store.get(paymentHash))?.state === "locked");
    await k.service.handPreimage(paymentHash, preimage);
    await paying;
    await until("settlement", async () => (await k.store.get(paymentHash))?.state === "settled");
    assert.equal(await balanceOf(sUSD, alice), before + swap.amount - swap.fee);
  });

  it("refunds on-chain and cancels the invoice when the user never claims; the payer gets the sats back", async () => {
    const { paymentHash } = newPreimage();
    const userBefore = await channel(f.userLnd);
    const swap = await k.service.createMint({
      paymentHash,
      recipient: alice,
      synth: f.synth("sBTC"),
      sats: 20_000n,
    });
    const paying = payViaPaymentRequest({ lnd: f.userLnd, request: swap.invoice! }).then(
      () => "paid",
      (error: unknown) => `failed: ${JSON.stringify(error)}`,
    );
    const locked = await until("the lock", async () => {
      const s = await k.store.get(paymentHash);
      return s?.state === "locked" && s;
    });
    await f.increaseTime(Number(locked.timelock!) - Number(await k.gateway.now()) + 1);
    const refunded = await until("the refund", async () => {
      const s = await k.store.get(paymentHash);
      return s?.state === "refunded" && s;
    });
    assert.equal(refunded.failureCode, "lightning.not_claimed");
    assert.match(await paying, /^failed/);
    assert.equal(await channel(f.userLnd), userBefore, "the payer's sats came back");
    const onChain = await f.publicClient.readContract({
      address: f.gatewayAddress,
      abi: lightningGatewayAbi,
      functionName: "swapOf",
      args: [`0x${paymentHash}`],
    });
    assert.equal(onChain.status, 3, "refunded on-chain");
  });

  it("locks the moment the HTLC is held when watching invoices, without waiting for a poll", async () => {
    await k.stop(); // one keeper per key: the polling keeper steps aside for this test
    const quiet = await f.startKeeper(sql, "k-watch", 7, { pollMs: 600_000 }, { watch: true });
    try {
      await quiet.start();
      const { paymentHash } = newPreimage();
      const swap = await quiet.service.createMint({
        paymentHash,
        recipient: alice,
        synth: f.synth("sBTC"),
        sats: 3_000n,
      });
      assert.equal(quiet.watcher?.size, 1, "the new invoice is watched");
      // The keeper has looked once and put the swap to sleep for ten minutes before the user pays.
      await until("the first look", async () => {
        const s = await quiet.store.get(paymentHash);
        return s && s.nextRunAt.getTime() > Date.now() + 60_000;
      });
      void payViaPaymentRequest({ lnd: f.userLnd, request: swap.invoice! }).catch(() => {});
      const started = Date.now();
      await until(
        "the lock",
        async () => (await quiet.store.get(paymentHash))?.state === "locked",
        10_000,
      );
      assert.ok(
        Date.now() - started < 10_000,
        "woken by the invoice stream, not by a ten-minute poll",
      );
    } finally {
      await quiet.stop();
      k = await f.startKeeper(sql, "k1");
      k.keeper.start();
    }
  });

  it("creates a swap at the quote just given for its hash, and quotes afresh for another amount", async () => {
    const sBTC = f.synth("sBTC");
    const { paymentHash } = newPreimage();
    const quote = await k.service.quoteMint(sBTC, 7_000n, paymentHash);
    await f.increaseTime(120); // chain time moves on: a fresh quote would carry a later quotedAt
    const swap = await k.service.createMint({
      paymentHash,
      recipient: alice,
      synth: sBTC,
      sats: 7_000n,
    });
    assert.equal(swap.quotedAt, quote.quotedAt, "the price the user was shown");
    assert.equal(swap.amount, quote.amount);
    assert.ok(
      Number(swap.invoiceExpiresAt) <= Date.now() / 1000 + 600,
      "the invoice expires counted from the quote",
    );

    const other = newPreimage().paymentHash;
    const shown = await k.service.quoteMint(sBTC, 7_000n, other);
    await f.increaseTime(120);
    const changed = await k.service.createMint({
      paymentHash: other,
      recipient: alice,
      synth: sBTC,
      sats: 8_000n,
    });
    assert.ok(changed.quotedAt! > shown.quotedAt, "another amount is quoted afresh");
  });

  it("refuses a payment hash used before, everywhere", async () => {
    const { paymentHash } = newPreimage();
    await k.service.createMint({
      paymentHash,
      recipient: alice,
      synth: f.synth("sBTC"),
      sats: 5_000n,
    });
    await assert.rejects(
      k.service.createMint({ paymentHash, recipient: alice, synth: f.synth("sBTC"), sats: 5_000n }),
      (error: { code?: string }) => error.code === "lightning.payment_hash_used",
    );
  });
});
