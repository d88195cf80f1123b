// Chain -> Lightning end to end: the user registers an invoice of their own node, locks the quoted
// synths, the keeper pays the invoice and claims (burns) with the preimage. Exact on both sides.
import assert from "node:assert/strict";
import { join } from "node:path";
import { lightningGatewayAbi, syntheticAssetAbi, synthVaultAbi } from "@fluxion/deploy";
import { startDevNode } from "@fluxion/lnd-dev";
import { authenticatedLndGrpc, createInvoice, getChannelBalance, getInvoice } from "lightning";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate } from "../db/migrate.ts";
import { openSql, type Sql } from "../db/sql.ts";
import { type BridgeFixture, startBridgeFixture, until } from "../testing/bridgeFixture.ts";

describe("burn swap (chain -> Lightning)", () => {
  let f: BridgeFixture;
  let sql: Sql;
  let k: Awaited<ReturnType<BridgeFixture["startKeeper"]>>;
  let user: BridgeFixture["wallets"][number];
  let sBTC: Address;

  beforeAll(async () => {
    f = await startBridgeFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    k = await f.startKeeper(sql, "k1");
    k.keeper.start();
    // The user gets sBTC the ordinary way (and the gateway takes from it): deposit WBTC, mint sBTC.
    user = f.wallets[3]!;
    sBTC = f.synth("sBTC");
    const wbtc = f.record.collateral.WBTC!.address as Address;
    const vault = f.record.contracts.SynthVault!.address as Address;
    await user.writeContract({
      address: wbtc,
      abi: syntheticAssetAbi,
      functionName: "approve",
      args: [vault, 2n ** 255n],
    });
    await user.writeContract({
      address: wbtc,
      abi: [
        {
          type: "function",
          name: "mint",
          stateMutability: "nonpayable",
          inputs: [
            { name: "to", type: "address" },
            { name: "amount", type: "uint256" },
          ],
          outputs: [],
        },
      ],
      functionName: "mint",
      args: [user.account.address, parseUnits("1", 8)],
    });
    await user.writeContract({
      address: vault,
      abi: synthVaultAbi,
      functionName: "deposit",
      args: [wbtc, sBTC, parseUnits("1", 8)],
    });
    await user.writeContract({
      address: vault,
      abi: synthVaultAbi,
      functionName: "mint",
      args: [wbtc, sBTC, parseUnits("0.1", 18)],
    });
    await user.writeContract({
      address: sBTC,
      abi: syntheticAssetAbi,
      functionName: "approve",
      args: [f.gatewayAddress, 2n ** 255n],
    });
  });
  afterAll(async () => {
    await k?.stop();
    await sql?.close();
    await f?.close();
  });

  const channel = async (lnd: BridgeFixture["userLnd"]) =>
    Number((await getChannelBalance({ lnd })).channel_balance);
  const balanceOf = (who: Address) =>
    f.publicClient.readContract({
      address: sBTC,
      abi: syntheticAssetAbi,
      functionName: "balanceOf",
      args: [who],
    });

  it("pays the user's invoice and burns the locked synths: exact on both sides", async () => {
    const sats = 40_000;
    const invoice = await createInvoice({
      lnd: f.userLnd,
      tokens: sats,
      description: "withdraw",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const treasury = f.record.contracts.Treasury!.address as Address;
    const [userSats, serviceSats, userSynth, treasurySynth] = [
      await channel(f.userLnd),
      await channel(f.serviceLnd),
      await balanceOf(user.account.address),
      await balanceOf(treasury),
    ];
    const swap = await k.service.registerBurn({
      account: user.account.address,
      synth: sBTC,
      invoice: invoice.request,
    });
    assert.equal(swap.state, "awaiting_lock");
    assert.equal(swap.paymentHash, invoice.id);
    // 40,000 sats = 0.0004 sBTC, plus the 0.2% fee on top.
    assert.equal(swap.amount - swap.fee, 400_000_000_000_000n);

    await user.writeContract({
      address: f.gatewayAddress,
      abi: lightningGatewayAbi,
      functionName: "lockBurn",
      args: [`0x${invoice.id}`, sBTC, swap.amount, BigInt(sats), swap.timelock!],
    });
    const claimed = await until("the claim", async () => {
      const s = await k.store.get(invoice.id);
      return s?.state === "claimed" && s;
    });
    assert.equal((await getInvoice({ lnd: f.userLnd, id: invoice.id })).is_confirmed, true);
    assert.equal(claimed.preimage, invoice.secret);
    assert.equal(await channel(f.userLnd), userSats + sats);
    assert.equal(await channel(f.serviceLnd), serviceSats - sats);
    assert.equal(await balanceOf(user.account.address), userSynth - swap.amount);
    assert.equal(await balanceOf(treasury), treasurySynth + swap.fee);
    assert.equal(await balanceOf(f.gatewayAddress), 0n, "nothing left in the gateway");
  });

  it("refuses wrong-network, expired, amountless, sub-satoshi, over-long CLTV and malformed invoices before anything is locked", async () => {
    const cases: [string, string, string?][] = [
      [
        "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq8rkx3yf5tcsyz3d73gafnh3cax9rn449d9p5uxz9ezhhypd0elx87sjle52x86fux2ypatgddc6k63n7erqz25le42c4u4ecky03ylcqca784w",
        "lightning.wrong_network",
      ],
      ["lnbcrt1notaninvoice", "lightning.invalid_invoice"],
    ];
    const amountless = await createInvoice({ lnd: f.userLnd, description: "any amount" });
    cases.push([amountless.request, "lightning.amount_required", amountless.id]);
    const soon = await createInvoice({
      lnd: f.userLnd,
      tokens: 1_000,
      expires_at: new Date(Date.now() + 30_000).toISOString(),
    });
    cases.push([soon.request, "lightning.invoice_expired", soon.id]);
    // 1,500 msat is not a whole satoshi: paying it would not match the synths burned.
    const fraction = await createInvoice({ lnd: f.userLnd, mtokens: "1500000500" });
    cases.push([fraction.request, "lightning.amount_not_whole_sats", fraction.id]);
    const subSat = await createInvoice({ lnd: f.userLnd, mtokens: "1500" });
    cases.push([subSat.request, "lightning.amount_not_whole_sats", subSat.id]);
    // An HTLC to this payee could be held for 2,000 blocks: no timelock the gateway allows covers it.
    const longCltv = await createInvoice({ lnd: f.userLnd, tokens: 1_000, cltv_delta: 2_000 });
    cases.push([longCltv.request, "lightning.invoice_cltv_too_long", longCltv.id]);
    // A payee nobody can reach (its node left the network): refused before anything is locked.
    const carol = await startDevNode({ dir: join(f.lnDir, "carol"), network: f.ln.network });
    const carolInvoice = await createInvoice({
      lnd: authenticatedLndGrpc(carol).lnd,
      tokens: 1_000,
    });
    await carol.close();
    cases.push([carolInvoice.request, "lightning.no_route", carolInvoice.id]);
    // The bridge's own invoice: no route to self.
    const own = await createInvoice({ lnd: f.serviceLnd, tokens: 2_000, description: "to self" });
    cases.push([own.request, "lightning.no_route", own.id]);
    for (const [request, code, id] of cases) {
      await assert.rejects(
        k.service.registerBurn({ account: user.account.address, synth: sBTC, invoice: request }),
        (error: { code?: string }) => error.code === code,
        `${code} for ${request.slice(0, 24)}`,
      );
      if (id) assert.equal(await k.store.get(id), undefined, "nothing recorded");
    }
  });

  it("sizes the timelock to the invoice's final CLTV delta, and accepts one that fits", async () => {
    const short = await createInvoice({ lnd: f.userLnd, tokens: 1_000, cltv_delta: 18 });
    const long = await createInvoice({ lnd: f.userLnd, tokens: 1_000, cltv_delta: 144 });
    const [a, b] = await Promise.all([
      k.service.quoteBurn({ synth: sBTC, invoice: short.request }),
      k.service.quoteBurn({ synth: sBTC, invoice: long.request }),
    ]);
    const now = await k.gateway.nextTimestamp();
    // (18 + 3 + 1 + 6 blocks) and (144 + 3 + 1 + 6) at 900 s, after the 1 h lock window, plus 30 min.
    assert.ok(a.timelock - now >= BigInt(3_600 + 28 * 900 + 1_800 - 5));
    assert.ok(b.timelock - now >= BigInt(3_600 + 154 * 900 + 1_800 - 5));
    assert.equal(b.cltvDelta, 144);
  });

  it("a payee gone after registration: not paid, the reason and refund time recorded, refunded by the keeper", async () => {
    const carol = await startDevNode({ dir: join(f.lnDir, "carol2"), network: f.ln.network });
    const invoice = await createInvoice({
      lnd: authenticatedLndGrpc(carol).lnd,
      tokens: 2_000,
      description: "to a node that goes away",
    });
    const swap = await k.service.registerBurn({
      account: user.account.address,
      synth: sBTC,
      invoice: invoice.request,
    });
    await carol.close();
    const before = await balanceOf(user.account.address);
    await user.writeContract({
      address: f.gatewayAddress,
      abi: lightningGatewayAbi,
      functionName: "lockBurn",
      args: [`0x${invoice.id}`, sBTC, swap.amount, 2_000n, swap.timelock!],
    });
    const failed = await until("the payment failure", async () => {
      const s = await k.store.get(invoice.id);
      return s?.state === "pay_failed" && s;
    });
    assert.equal(failed.failureCode, "lightning.payment_failed");
    assert.match(failed.failureMessage!, /no_route/);
    assert.match(failed.failureMessage!, /refunded after \d{4}-\d\d-\d\dT/);
    assert.match(failed.failureMessage!, new RegExp(`npm run swap -- refund ${invoice.id}`));
    assert.equal(await balanceOf(user.account.address), before - swap.amount, "locked meanwhile");
    // The timelock passes (both clocks): the keeper refunds the locker by itself.
    await f.increaseTime(Number(swap.timelock!) - Number(await k.gateway.now()) + 1);
    f.ln.advanceTime((Number(swap.timelock!) - Math.floor(Date.now() / 1000)) * 1000);
    await until("the keeper's refund", async () => {
      const s = await k.store.get(invoice.id);
      return s?.state === "refunded";
    });
    assert.equal(await balanceOf(user.account.address), before, "the locker got it all back");
    assert.equal(await balanceOf(f.gatewayAddress), 0n, "nothing left in the gateway");
    const refund = await k.signer.find(`refundBurn:${invoice.id}`);
    assert.ok(refund, "the keeper sent the refund");
    const receipt = await f.publicClient.getTransactionReceipt({ hash: refund.hash });
    assert.equal(receipt.status, "success");
  });
});
