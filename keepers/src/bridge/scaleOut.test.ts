// Two keepers (each its own key, both granted KEEPER_ROLE) on one Postgres, 50 concurrent mint swaps:
// the work is split between them and every swap completes exactly once (one lock, one mint, one
// settlement), with every payer paid out once.
import assert from "node:assert/strict";
import { payViaPaymentRequest } from "lightning";
import { type Address, parseAbiItem } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { onPostgres } from "../../../scripts/lib/testPostgres.ts";
import { openTestSql } from "../testing/backends.ts";
import {
  type BridgeFixture,
  newPreimage,
  startBridgeFixture,
  until,
} from "../testing/bridgeFixture.ts";
import { devAccount } from "../testing/chain.ts";

describe(...onPostgres("two keepers on one Postgres"), () => {
  let f: BridgeFixture;
  let db: Awaited<ReturnType<typeof openTestSql>>;
  beforeAll(async () => {
    f = await startBridgeFixture();
    db = await openTestSql("postgres");
    await f.grantKeeper(devAccount(8).address);
  });
  afterAll(async () => {
    await db?.close();
    await f?.close();
  });

  it("split 50 concurrent mint swaps, each completed exactly once", {
    timeout: 180_000,
  }, async () => {
    const { openSql } = await import("../db/sql.ts");
    const second = await openSql({ databaseUrl: db.url!, dataDir: "memory://" });
    const k1 = await f.startKeeper(db.sql, "k1", 7);
    const k2 = await f.startKeeper(second, "k2", 8);
    try {
      k1.keeper.start();
      k2.keeper.start();
      const recipient = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" as Address;
      const swaps = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const secret = newPreimage();
          const service = i % 2 === 0 ? k1.service : k2.service;
          const swap = await service.createMint({
            paymentHash: secret.paymentHash,
            recipient,
            synth: f.synth("sUSD"),
            sats: 1_000n + BigInt(i),
          });
          return { ...secret, swap };
        }),
      );
      const payments = swaps.map((s) =>
        payViaPaymentRequest({ lnd: f.userLnd, request: s.swap.invoice! }),
      );
      // Gasless claims as soon as each lock is in.
      await Promise.all(
        swaps.map(async (s) => {
          await until(
            "a lock",
            async () => (await k1.store.get(s.paymentHash))?.state === "locked",
            120_000,
          );
          await k2.service.handPreimage(s.paymentHash, s.preimage);
        }),
      );
      const paid = await Promise.all(payments);
      assert.deepEqual(
        paid.map((p) => p.secret),
        swaps.map((s) => s.preimage),
        "every payer holds its preimage: every invoice settled",
      );
      await until(
        "every settlement",
        async () => {
          for (const s of swaps)
            if ((await k1.store.get(s.paymentHash))?.state !== "settled") return false;
          return true;
        },
        60_000,
      );

      const logs = async (signature: string) =>
        (
          await f.publicClient.getLogs({
            address: f.gatewayAddress,
            event: parseAbiItem(signature) as never,
            fromBlock: 0n,
          })
        ).map((l) => (l as unknown as { topics: string[] }).topics[1]!.slice(2));
      const locks = await logs(
        "event MintLocked(bytes32 indexed paymentHash, address indexed recipient, address indexed synth, uint64 sats, uint256 amount, uint256 fee, uint64 timelock)",
      );
      const claims = await logs(
        "event MintClaimed(bytes32 indexed paymentHash, bytes32 preimage, address indexed recipient, uint256 amount, uint256 fee)",
      );
      for (const s of swaps) {
        assert.equal(
          locks.filter((h) => h === s.paymentHash).length,
          1,
          `${s.paymentHash} locked once`,
        );
        assert.equal(
          claims.filter((h) => h === s.paymentHash).length,
          1,
          `${s.paymentHash} minted once`,
        );
      }
      const authors = await db.sql.query<{ keeper: string; n: string }>(
        "select keeper, count(*)::text as n from keepers.swap_events where keeper in ('k1', 'k2') group by keeper",
      );
      assert.equal(authors.length, 2, `both keepers did work: ${JSON.stringify(authors)}`);
    } finally {
      await k1.stop();
      await k2.stop();
      await second.close();
    }
  });
});
