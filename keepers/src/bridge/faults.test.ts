// Fault injection: a keeper dies right after each side effect of the mint flow (the invoice created,
// the lock sent, the claim sent, the invoice settled, the refund sent) before it could record it; another
// keeper on the same database and key carries on. Exactly one lock and one mint (or one refund) happen
// on-chain, the payer pays exactly once (or gets the sats back), and nothing is stranded.
import assert from "node:assert/strict";
import { lightningGatewayAbi, syntheticAssetAbi, synthVaultAbi } from "@fluxion/deploy";
import { createInvoice, getChannelBalance, payViaPaymentRequest } from "lightning";
import { type Address, parseAbiItem } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate } from "../db/migrate.ts";
import { openSql, type Sql } from "../db/sql.ts";
import {
  type BridgeFixture,
  newPreimage,
  startBridgeFixture,
  until,
} from "../testing/bridgeFixture.ts";

const events = {
  MintLocked: parseAbiItem(
    "event MintLocked(bytes32 indexed paymentHash, address indexed recipient, address indexed synth, uint64 sats, uint256 amount, uint256 fee, uint64 timelock)",
  ),
  MintClaimed: parseAbiItem(
    "event MintClaimed(bytes32 indexed paymentHash, bytes32 preimage, address indexed recipient, uint256 amount, uint256 fee)",
  ),
  MintRefunded: parseAbiItem(
    "event MintRefunded(bytes32 indexed paymentHash, address indexed recipient, uint256 amount)",
  ),
};

type Keeper = Awaited<ReturnType<BridgeFixture["startKeeper"]>>;

/**
 * A running keeper that dies right after `method` has done its work: its loop stops at once (no further
 * passes, as a killed process) and `dead()` turns true.
 */
async function startDoomedKeeper(f: BridgeFixture, sql: Sql, method: string) {
  let dead = false;
  const keeper: Keeper = await f.startKeeper(
    sql,
    `a-${method}`,
    7,
    { leaseMs: 1_000 },
    {
      fault: {
        method,
        crash: () => {
          dead = true;
          void keeper.keeper.stop();
        },
      },
    },
  );
  keeper.keeper.start();
  return { keeper, dead: () => dead };
}

const channel = async (lnd: BridgeFixture["userLnd"]) =>
  Number((await getChannelBalance({ lnd })).channel_balance);

describe("mint survives a keeper killed after each side effect", () => {
  let f: BridgeFixture;
  let sql: Sql;
  const bob = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" as Address;
  beforeAll(async () => {
    f = await startBridgeFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
  });
  afterAll(async () => {
    await sql?.close();
    await f?.close();
  });

  const count = async (event: (typeof events)[keyof typeof events], paymentHash: string) =>
    (
      await f.publicClient.getLogs({
        address: f.gatewayAddress,
        event,
        args: { paymentHash: `0x${paymentHash}` } as never,
        fromBlock: 0n,
      })
    ).length;

  const cases: { method: string; claim: "user" | "gasless" | "never" }[] = [
    { method: "ensureHoldInvoice", claim: "user" },
    { method: "lockMint", claim: "user" },
    { method: "claimMint", claim: "gasless" },
    { method: "settle", claim: "user" },
    { method: "refundMint", claim: "never" },
    { method: "cancel", claim: "never" },
  ];
  for (const { method, claim } of cases) {
    it(`after ${method}`, async () => {
      const sUSD = f.synth("sUSD");
      const { preimage, paymentHash } = newPreimage();
      const sats = 10_000n;
      const [userSats, bobBefore] = [
        await channel(f.userLnd),
        await f.publicClient.readContract({
          address: sUSD,
          abi: syntheticAssetAbi,
          functionName: "balanceOf",
          args: [bob],
        }),
      ];
      const { keeper: a, dead } = await startDoomedKeeper(f, sql, method);
      let b: Awaited<ReturnType<BridgeFixture["startKeeper"]>> | undefined;
      try {
        if (method === "ensureHoldInvoice") {
          // The service itself dies after creating the invoice, before recording the swap: the client retries.
          await assert.rejects(
            a.service.createMint({ paymentHash, recipient: bob, synth: sUSD, sats }),
          );
        }
        const swap = await a.service.createMint({ paymentHash, recipient: bob, synth: sUSD, sats });
        const paying = payViaPaymentRequest({ lnd: f.userLnd, request: swap.invoice! }).then(
          (paid) => ({ paid: paid.secret }),
          (error: unknown) => ({ failed: error }),
        );
        const restart = async () => {
          await a.stop();
          b = await f.startKeeper(sql, `b-${method}`, 7, { leaseMs: 1_000 });
          b.keeper.start();
        };
        // Drive the flow; the moment A dies, B (same key, same database) takes over.
        const watchdog = (async () => {
          await until(
            `the crash after ${method}`,
            async () => dead() || (await a.store.get(paymentHash))?.state === "settled",
            30_000,
          );
          if (dead()) await restart();
        })();
        if (claim === "never") {
          const locked = await until("the lock", async () => {
            const s = await (b ?? a).store.get(paymentHash);
            return s && ["locked", "refund_sent", "refunded"].includes(s.state) && s;
          });
          // Past the lock's timelock (the keeper chooses it: its minimum plus inclusion slack).
          await f.increaseTime(Number(locked.timelock!) - Number(await a.gateway.now()) + 1);
        } else {
          await until("the lock", async () => {
            const s = await (b ?? a).store.get(paymentHash);
            return s && ["locked", "claim_sent", "claimed", "settled"].includes(s.state);
          });
          if (claim === "user") {
            await f.wallets[0]!.writeContract({
              address: f.gatewayAddress,
              abi: lightningGatewayAbi,
              functionName: "claimMint",
              args: [`0x${preimage}`],
            });
          } else {
            await (b ?? a).service.handPreimage(paymentHash, preimage);
          }
        }
        await watchdog;
        const final = claim === "never" ? "refunded" : "settled";
        await until(
          `${final} after a crash at ${method}`,
          async () => (await (b ?? a).store.get(paymentHash))?.state === final,
          30_000,
        );
        const outcome = await paying;

        assert.equal(await count(events.MintLocked, paymentHash), 1, "locked exactly once");
        const bobAfter = await f.publicClient.readContract({
          address: sUSD,
          abi: syntheticAssetAbi,
          functionName: "balanceOf",
          args: [bob],
        });
        if (claim === "never") {
          assert.equal(await count(events.MintRefunded, paymentHash), 1, "refunded exactly once");
          assert.equal(await count(events.MintClaimed, paymentHash), 0);
          assert.ok("failed" in outcome, "the payment failed back");
          assert.equal(await channel(f.userLnd), userSats, "the payer's sats came back");
          assert.equal(bobAfter, bobBefore);
        } else {
          assert.equal(await count(events.MintClaimed, paymentHash), 1, "minted exactly once");
          assert.deepEqual(
            outcome,
            { paid: preimage },
            "the payer paid once and holds the preimage",
          );
          assert.equal(await channel(f.userLnd), userSats - Number(sats));
          assert.equal(bobAfter, bobBefore + swap.amount - swap.fee);
        }
      } finally {
        await a.stop().catch(() => {});
        await b?.stop().catch(() => {});
      }
    });
  }
});

describe("burn survives a keeper killed after each side effect", () => {
  let f: BridgeFixture;
  let sql: Sql;
  let user: BridgeFixture["wallets"][number];
  let sBTC: Address;
  beforeAll(async () => {
    f = await startBridgeFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    user = f.wallets[4]!;
    sBTC = f.synth("sBTC");
    const wbtc = f.record.collateral.WBTC!.address as Address;
    const vault = f.record.contracts.SynthVault!.address as Address;
    const write = (
      address: Address,
      abi: readonly unknown[],
      functionName: string,
      args: unknown[],
    ) =>
      user.writeContract({
        address,
        abi: abi as never,
        functionName: functionName as never,
        args: args as never,
      });
    await write(wbtc, syntheticAssetAbi, "approve", [vault, 2n ** 255n]);
    await write(wbtc, [parseAbiItem("function mint(address to, uint256 amount)")], "mint", [
      user.account.address,
      10n ** 8n,
    ]);
    await write(vault, synthVaultAbi, "deposit", [wbtc, sBTC, 10n ** 8n]);
    await write(vault, synthVaultAbi, "mint", [wbtc, sBTC, 10n ** 17n]);
    await write(sBTC, syntheticAssetAbi, "approve", [f.gatewayAddress, 2n ** 255n]);
  });
  afterAll(async () => {
    await sql?.close();
    await f?.close();
  });

  for (const method of ["sendPayment", "claimBurn"]) {
    it(`after ${method}: the invoice is paid once and the synths burned once`, async () => {
      const sats = 30_000;
      const invoice = await createInvoice({
        lnd: f.userLnd,
        tokens: sats,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const [userSats, serviceSats] = [await channel(f.userLnd), await channel(f.serviceLnd)];
      const { keeper: a, dead } = await startDoomedKeeper(f, sql, method);
      let b: Awaited<ReturnType<BridgeFixture["startKeeper"]>> | undefined;
      try {
        const swap = await a.service.registerBurn({
          account: user.account.address,
          synth: sBTC,
          invoice: invoice.request,
        });
        await user.writeContract({
          address: f.gatewayAddress,
          abi: lightningGatewayAbi,
          functionName: "lockBurn",
          args: [`0x${invoice.id}`, sBTC, swap.amount, BigInt(sats), swap.timelock!],
        });
        await until(`the crash after ${method}`, async () => dead(), 30_000);
        await a.stop();
        b = await f.startKeeper(sql, `b-${method}`, 7, { leaseMs: 1_000 });
        b.keeper.start();
        await until(
          "the claim",
          async () => (await b!.store.get(invoice.id))?.state === "claimed",
          30_000,
        );
        const claims = await f.publicClient.getLogs({
          address: f.gatewayAddress,
          event: parseAbiItem(
            "event BurnClaimed(bytes32 indexed paymentHash, bytes32 preimage, address indexed locker, uint256 amount, uint256 fee)",
          ),
          args: { paymentHash: `0x${invoice.id}` } as never,
          fromBlock: 0n,
        });
        assert.equal(claims.length, 1, "burned exactly once");
        assert.equal(
          await channel(f.userLnd),
          userSats + sats,
          "the invoice was paid exactly once",
        );
        assert.equal(await channel(f.serviceLnd), serviceSats - sats);
        const held = await f.publicClient.readContract({
          address: sBTC,
          abi: syntheticAssetAbi,
          functionName: "balanceOf",
          args: [f.gatewayAddress],
        });
        assert.equal(held, 0n, "nothing stranded in the gateway");
      } finally {
        await a.stop().catch(() => {});
        await b?.stop().catch(() => {});
      }
    });
  }
});
