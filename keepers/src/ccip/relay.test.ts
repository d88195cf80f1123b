// The relay between two in-process chains: delivery both ways with the whole message stored, finality depth
// and source reorgs (a message reorged out before its depth is never delivered; one re-included elsewhere
// is delivered from its new position), messages another relay already executed, and the metrics.
import assert from "node:assert/strict";
import { localCCIPRouterAbi } from "@fluxion/deploy";
import type { Hex } from "viem";
import { afterAll, afterEach, beforeAll, it } from "vitest";
import { describeBackends, openTestSql } from "../testing/backends.ts";
import {
  type CcipFixture,
  resetCcipTables,
  startCcipFixture,
  type TestRelay,
  until,
} from "../testing/ccipFixture.ts";
import { ExecutionState, lanesBetween } from "./types.ts";

describeBackends("CCIP relay", (backend) => {
  let f: CcipFixture;
  /** Databases reused by every case (emptied after each): a relay per database. */
  let dbs: Awaited<ReturnType<typeof openTestSql>>[] = [];
  let relays: TestRelay[] = [];

  beforeAll(async () => {
    f = await startCcipFixture();
    dbs = [await openTestSql(backend), await openTestSql(backend), await openTestSql(backend)];
  });
  afterEach(async () => {
    for (const relay of relays) await relay.stop();
    relays = [];
    for (const db of dbs) await resetCcipTables(db.sql);
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await f?.close();
  });

  /** A relay on the next unused database. */
  async function relayOn(options: Parameters<CcipFixture["startRelay"]>[1] = {}) {
    const relay = await f.startRelay(dbs[relays.length]!.sql, options);
    relays.push(relay);
    return { relay };
  }

  /** Passes until `done` holds (each pass may move a message one step). */
  async function passUntil(relay: TestRelay, what: string, done: () => Promise<boolean>) {
    await until(what, async () => {
      await relay.pass();
      return done();
    });
  }

  it("delivers both ways once, storing the whole message and its source position", async () => {
    const { relay } = await relayOn();
    const there = await f.send(31337, { data: "0x01020304" });
    const back = await f.send(31338, { data: "0xcafe", gasLimit: 150_000n });
    await passUntil(relay, "both executed", async () => {
      const [a, b] = await Promise.all([
        relay.store.get(there.messageId),
        relay.store.get(back.messageId),
      ]);
      return a?.state === "success" && b?.state === "success";
    });
    for (const [sent, dest] of [
      [there, 31338],
      [back, 31337],
    ] as const) {
      const row = (await relay.store.get(sent.messageId))!;
      assert.deepEqual(
        {
          ...row.message,
          sender: row.message.sender.toLowerCase(),
          receiver: row.message.receiver.toLowerCase(),
        },
        {
          ...sent.message,
          messageId: sent.messageId.toLowerCase(),
          sender: sent.message.sender.toLowerCase(),
          receiver: sent.message.receiver.toLowerCase(),
          feeToken: sent.message.feeToken.toLowerCase(),
        },
      );
      assert.equal(row.blockNumber, sent.blockNumber);
      assert.equal(row.blockHash, sent.blockHash.toLowerCase());
      assert.equal(row.result?.byUs, true);
      assert.equal(row.result?.manual, false);
      assert.ok(row.sourceBlockTime, "the source block's time is kept");
      assert.equal(await f.stateOf(dest, sent.messageId), ExecutionState.SUCCESS);
      assert.equal((await f.executions(dest, sent.messageId)).length, 1);
      assert.equal(await f.commits(dest, sent.messageId), 1);
    }
    assert.equal((await relay.store.get(back.messageId))?.result?.gasLimit, 150_000n);
    // Nothing more to do: further passes send nothing.
    const sent = await relay.store.sql.query("select count(*)::int as n from keepers.chain_txs");
    await relay.pass();
    await relay.pass();
    assert.deepEqual(
      await relay.store.sql.query("select count(*)::int as n from keepers.chain_txs"),
      sent,
    );
    const metrics = await relay.metrics.registry.metrics();
    assert.match(metrics, /keeper_ccip_messages\{lane="31337->31338",state="success"\} 1/);
    assert.match(metrics, /keeper_ccip_messages\{lane="31338->31337",state="success"\} 1/);
    assert.match(metrics, /keeper_ccip_delivery_seconds_count\{lane="31337->31338"\} 1/);
    assert.match(
      metrics,
      /keeper_ccip_executions_total\{lane="31337->31338",state="success",by="relay"\} 1/,
    );
    assert.match(metrics, /keeper_ccip_last_block\{chain="31338"\} \d+/);
    assert.match(metrics, /keeper_ccip_lag_blocks\{lane="31337->31338"\} 0/);
  });

  it("commits a lane's finalized messages in one batch", async () => {
    const { relay } = await relayOn();
    const sent: { messageId: Hex }[] = [];
    for (let i = 0; i < 5; i++) sent.push(await f.send(31337, { data: `0x0${i}` }));
    await passUntil(relay, "all executed", async () => {
      const rows = await Promise.all(sent.map((s) => relay.store.get(s.messageId)));
      return rows.every((r) => r?.state === "success");
    });
    const batches = await relay.store.sql.query<{ n: number }>(
      "select cardinality(message_ids) as n from keepers.ccip_commits where state = 'done'",
    );
    assert.deepEqual(
      batches.map((b) => b.n),
      [5],
    );
  });

  it("waits for the finality depth; a message reorged out before it is dropped and never delivered", async () => {
    const { relay } = await relayOn({ finalityDepth: 2 });
    const a = f.chain(31337);
    const snapshot = (await a.rpc("evm_snapshot")) as string;
    const gone = await f.send(31337, { data: "0xdead01" });
    await relay.pass();
    assert.equal((await relay.store.get(gone.messageId))?.state, "pending", "seen, not yet final");
    await a.mine(1);
    await relay.pass();
    assert.equal(
      (await relay.store.get(gone.messageId))?.state,
      "pending",
      "one block deep of two",
    );
    await a.rpc("evm_revert", [snapshot]);
    const kept = await f.send(31337, { data: "0xbeef02" });
    await a.mine(3);
    await passUntil(
      relay,
      "the later message executed",
      async () => (await relay.store.get(kept.messageId))?.state === "success",
    );
    for (let i = 0; i < 3; i++) await relay.pass();
    assert.equal((await relay.store.get(gone.messageId))?.state, "dropped");
    assert.equal(await f.stateOf(31338, gone.messageId), ExecutionState.UNTOUCHED);
    const b = f.chain(31338);
    assert.equal(
      await b.publicClient.readContract({
        address: b.router,
        abi: localCCIPRouterAbi,
        functionName: "committedAt",
        args: [gone.messageId],
      }),
      0n,
      "never committed",
    );
    assert.match(
      await relay.metrics.registry.metrics(),
      /keeper_ccip_dropped_total\{lane="31337->31338"\} 1/,
    );
  });

  it("delivers a message a reorg re-included in another block, from its new position, once", async () => {
    const { relay } = await relayOn({ finalityDepth: 2 });
    const a = f.chain(31337);
    const snapshot = (await a.rpc("evm_snapshot")) as string;
    const first = await f.send(31337, { data: "0xabcdef" });
    await relay.pass();
    assert.equal((await relay.store.get(first.messageId))?.blockNumber, first.blockNumber);
    await a.rpc("evm_revert", [snapshot]);
    await a.mine(1);
    // The same sender, data and sequence number: the same message id, one block later.
    const again = await f.send(31337, { data: "0xabcdef" });
    assert.equal(again.messageId, first.messageId);
    assert.notEqual(again.blockHash, first.blockHash);
    await a.mine(2);
    await passUntil(
      relay,
      "executed",
      async () => (await relay.store.get(first.messageId))?.state === "success",
    );
    const row = (await relay.store.get(first.messageId))!;
    assert.equal(row.blockNumber, again.blockNumber);
    assert.equal(row.blockHash, again.blockHash.toLowerCase());
    assert.equal((await f.executions(31338, first.messageId)).length, 1);
  });

  it("reads a source that went back below its cursor again (a message in the new branch is delivered)", async () => {
    const { relay } = await relayOn({ finalityDepth: 0 });
    const a = f.chain(31337);
    const snapshot = (await a.rpc("evm_snapshot")) as string;
    await a.mine(3);
    await relay.pass();
    await a.rpc("evm_revert", [snapshot]);
    // One block on the shorter chain, below the height the relay had read up to.
    const sent = await f.send(31337, { data: "0x0b0b" });
    await passUntil(
      relay,
      "executed",
      async () => (await relay.store.get(sent.messageId))?.state === "success",
    );
    assert.equal((await f.executions(31338, sent.messageId)).length, 1);
  });

  it("records a message another relay executed (on its own database) without sending anything", async () => {
    const { relay: other } = await relayOn({ name: "other", keyIndex: 14 });
    const { relay: late } = await relayOn({ name: "late", keyIndex: 13 });
    const sent = await f.send(31337, { data: "0x5a" });
    await passUntil(
      other,
      "executed by the other",
      async () => (await other.store.get(sent.messageId))?.state === "success",
    );
    await passUntil(
      late,
      "recorded by the late relay",
      async () => (await late.store.get(sent.messageId))?.state === "success",
    );
    const row = (await late.store.get(sent.messageId))!;
    assert.equal(row.result?.byUs, false);
    assert.equal(row.result?.executor.toLowerCase(), other.signers[1]!.address);
    assert.deepEqual(
      await late.store.sql.query("select purpose from keepers.chain_txs"),
      [],
      "the late relay sent nothing",
    );
    assert.match(
      await late.metrics.registry.metrics(),
      /keeper_ccip_executions_total\{lane="31337->31338",state="success",by="other"\} 1/,
    );
  });

  it("refuses to run against a router it may not relay on", async () => {
    const { relay } = await relayOn({ keyIndex: 15 });
    await assert.rejects(relay.relay.preflight(), /lacks RELAYER_ROLE/);
    const { relay: ok } = await relayOn({ keyIndex: 12 });
    await ok.relay.preflight();
    const lanes = lanesBetween(await f.endpoints(true)).map((l) => ({
      ...l,
      dest: { ...l.dest, selector: 1n },
    }));
    const wrong = await relayOn({ lanes });
    await assert.rejects(wrong.relay.relay.preflight(), /selector/);
  });
});
