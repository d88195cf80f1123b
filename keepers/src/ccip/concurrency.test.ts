// Several relays at once: two on one database (each with its own key; the lane leases give each lane to
// one of them, and the other takes over when the holder dies), and two on separate databases (nothing
// shared: the routers are the only guard). Every message is committed once and executed exactly once.
import assert from "node:assert/strict";
import type { Hex } from "viem";
import { afterAll, beforeAll, beforeEach, it } from "vitest";
import { describeBackends, openTestSql } from "../testing/backends.ts";
import {
  type CcipFixture,
  doom,
  resetCcipTables,
  startCcipFixture,
  until,
} from "../testing/ccipFixture.ts";
import type { CcipStore } from "./store.ts";
import { lanesBetween } from "./types.ts";

describeBackends("CCIP relays side by side", (backend) => {
  let f: CcipFixture;
  /** Two databases reused by every case (emptied before each). */
  let dbA: Awaited<ReturnType<typeof openTestSql>>;
  let dbB: Awaited<ReturnType<typeof openTestSql>>;

  beforeAll(async () => {
    f = await startCcipFixture();
    [dbA, dbB] = [await openTestSql(backend), await openTestSql(backend)];
  });
  beforeEach(async () => {
    await resetCcipTables(dbA.sql);
    await resetCcipTables(dbB.sql);
  });
  afterAll(async () => {
    await dbA?.close();
    await dbB?.close();
    await f?.close();
  });

  /** Sends `n` messages each way; returns them with their destination chain. */
  async function burst(n: number): Promise<{ id: Hex; dest: number }[]> {
    const sent: { id: Hex; dest: number }[] = [];
    for (let i = 0; i < n; i++) {
      sent.push({
        id: (await f.send(31337, { data: `0x${i.toString(16).padStart(4, "0")}` })).messageId,
        dest: 31338,
      });
      sent.push({
        id: (await f.send(31338, { data: `0x${i.toString(16).padStart(4, "0")}` })).messageId,
        dest: 31337,
      });
    }
    return sent;
  }

  async function allSucceeded(stores: CcipStore[], sent: { id: Hex }[]) {
    for (const store of stores) {
      const rows = await Promise.all(sent.map((s) => store.get(s.id)));
      if (!rows.every((r) => r?.state === "success")) return false;
    }
    return true;
  }

  async function onceEach(sent: { id: Hex; dest: number }[]) {
    for (const { id, dest } of sent) {
      assert.equal((await f.executions(dest, id)).length, 1, `${id} executed once`);
      assert.equal(await f.commits(dest, id), 1, `${id} committed once`);
    }
  }

  it("two relays on one database: each message once, and the survivor takes over a dead one's lanes", async () => {
    const db = dbA;
    const lanes = lanesBetween(await f.endpoints(true));
    // The first relay dies after its first execute went out; the second waits for its leases to lapse.
    const death = doom("send", (args) =>
      (args[0] as { purpose: string }).purpose.startsWith("ccip:execute:"),
    );
    const one = await f.startRelay(db.sql, {
      name: "one",
      keyIndex: 12,
      lanes,
      leaseMs: 600,
      wrap: death.wrap,
    });
    const two = await f.startRelay(db.sql, { name: "two", keyIndex: 13, lanes, leaseMs: 600 });
    try {
      one.relay.start();
      two.relay.start();
      const sent = await burst(8);
      await until("every message executed", () => allSucceeded([two.store], sent), 60_000);
      assert.ok(death.isDead(), "the first relay died mid-way");
      await onceEach(sent);
      const executes = await db.sql.query<{ signer: string }>(
        "select signer from keepers.chain_txs where purpose like 'ccip:execute:%'",
      );
      assert.equal(executes.length, sent.length, "one execute transaction per message");
      const signers = new Set(executes.map((e) => e.signer));
      assert.ok(signers.has(two.signers[0]!.address), "the survivor executed");
    } finally {
      await one.stop();
      await two.stop();
    }
  });

  it("two relays on two databases: each message once, both databases record it", async () => {
    const lanes = lanesBetween(await f.endpoints(true));
    const a = await f.startRelay(dbA.sql, { name: "a", keyIndex: 12, lanes });
    const b = await f.startRelay(dbB.sql, { name: "b", keyIndex: 14, lanes });
    try {
      a.relay.start();
      b.relay.start();
      const sent = await burst(8);
      await until(
        "both databases show every message executed",
        () => allSucceeded([a.store, b.store], sent),
        60_000,
      );
      await onceEach(sent);
      // Each message was executed by one of them; the other recorded what the chain showed.
      for (const { id } of sent) {
        const [ra, rb] = [(await a.store.get(id))!, (await b.store.get(id))!];
        assert.equal(ra.result?.txHash, rb.result?.txHash);
        assert.notEqual(ra.result?.byUs, rb.result?.byUs, `${id}: executed by exactly one of them`);
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("two relays on two databases sharing one key: each message once, neither stuck on a taken nonce", async () => {
    const lanes = lanesBetween(await f.endpoints(true));
    // A misconfiguration (each relay should have its own key): both sign with #12 and take each other's
    // nonces; a transaction whose nonce the other used is given up, and the chain says what happened.
    const a = await f.startRelay(dbA.sql, { name: "a", keyIndex: 12, lanes });
    const b = await f.startRelay(dbB.sql, { name: "b", keyIndex: 12, lanes });
    try {
      a.relay.start();
      b.relay.start();
      const sent = await burst(6);
      await until(
        "both databases show every message executed",
        () => allSucceeded([a.store, b.store], sent),
        90_000,
      );
      await onceEach(sent);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
