// The chain feed against a scripted indexer feed, on both databases: every row logged once in chain
// order across pages and blocks; a reorg's events retracted once, then the new blocks' events
// logged; a head that steps back after a reorg is no rewrite; nothing judged while the indexer is
// not ready; an event back after its retraction logged
// again under a new id; a restart resumes from the cursor; a chain replaced from far back compared
// again from block 0; one process at a time; an event the catalogue refuses holds the feed there.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { migrateDatabase } from "../../db/migrate.ts";
import { createManualClock, type ManualClock } from "../../lib/clock.ts";
import { type Backend, describeBackends, openTestDatabase } from "../../testing/backends.ts";
import { createEventLog, type EventLog, type LoggedEvent } from "../log.ts";
import type { CcipFeedMessage } from "./ccip.ts";
import { createFeedStore } from "./feedStore.ts";
import type { ChainFeedSource, FeedRow } from "./indexerSource.ts";
import { type ChainFeed, createChainFeed } from "./poller.ts";

const owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const asset = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const hashOf = (block: number, fork = "a") =>
  `0x${fork.repeat(4)}${block.toString(16).padStart(60, "0")}` as `0x${string}`;

/** A feed row at (block, logIndex) on `fork`: a liquidation of `owner`, or a breaker trip for all. */
function row(
  block: number,
  logIndex: number,
  fork = "a",
  kind: "account" | "broadcast" = "account",
  chainId = 31337,
): FeedRow {
  const base = {
    chainId,
    blockNumber: BigInt(block),
    blockHash: hashOf(block, fork),
    logIndex,
    txHash: hashOf(block * 100 + logIndex, "f"),
    timestamp: BigInt(1_800_000_000 + block),
  };
  return kind === "account"
    ? {
        ...base,
        type: "chain.liquidation",
        account: owner,
        payload: {
          collateral: asset,
          synth: asset,
          liquidator: asset,
          repaid: `${block}${logIndex}`,
          collateralSeized: "1",
          debtAfter: "0",
          collateralAfter: "0",
        },
      }
    : {
        ...base,
        type: "chain.oracle.breaker",
        account: null,
        payload: {
          kind: "tripped",
          asset,
          roundId: String(block),
          price: "1",
          referencePrice: "2",
        },
      };
}

/** An indexer feed the test edits: rows, heads (chain 31337's is `head`), readiness. */
class ScriptedIndexer implements ChainFeedSource {
  rows: FeedRow[] = [];
  head = 0n;
  /** The heads of the other chains it serves. */
  otherHeads = new Map<number, bigint>();
  isReady = true;
  pages = 0;
  async ready() {
    return this.isReady;
  }
  async heads() {
    return new Map([[31337, this.head], ...this.otherHeads]);
  }
  async page({
    chainId,
    fromBlock,
    toBlock,
    after,
    limit,
  }: Parameters<ChainFeedSource["page"]>[0]) {
    this.pages++;
    const sorted = this.rows
      .filter(
        (r) => r.chainId === chainId && r.blockNumber >= fromBlock && r.blockNumber <= toBlock,
      )
      .sort((x, y) =>
        x.blockNumber === y.blockNumber
          ? x.logIndex - y.logIndex
          : x.blockNumber < y.blockNumber
            ? -1
            : 1,
      );
    const start =
      after === null ? 0 : sorted.findIndex((r) => `${r.blockNumber}:${r.logIndex}` === after) + 1;
    const rows = sorted.slice(start, start + limit);
    const more = start + limit < sorted.length;
    return { rows, next: more ? `${rows.at(-1)!.blockNumber}:${rows.at(-1)!.logIndex}` : null };
  }
  async hashAt(chainId: number, blockNumber: bigint, logIndex: number) {
    return (
      this.rows.find(
        (r) => r.chainId === chainId && r.blockNumber === blockNumber && r.logIndex === logIndex,
      )?.blockHash ?? null
    );
  }
  /** The indexer's merged CCIP messages, by lowercase id. */
  messages = new Map<string, CcipFeedMessage>();
  async ccipMessages(ids: readonly string[]) {
    return new Map(
      ids.flatMap((id) => (this.messages.has(id) ? [[id, this.messages.get(id)!]] : [])),
    );
  }
  /** Rows for blocks [from, to] of `chainId`, `perBlock` each, on `fork`. */
  fill(from: number, to: number, perBlock = 1, fork = "a", chainId = 31337) {
    for (let b = from; b <= to; b++) {
      for (let i = 0; i < perBlock; i++)
        this.rows.push(row(b, i, fork, i % 2 === 0 ? "account" : "broadcast", chainId));
    }
    if (BigInt(to) > this.headOf(chainId)) this.setHead(chainId, BigInt(to));
  }
  headOf(chainId: number): bigint {
    return chainId === 31337 ? this.head : (this.otherHeads.get(chainId) ?? 0n);
  }
  setHead(chainId: number, head: bigint) {
    if (chainId === 31337) this.head = head;
    else this.otherHeads.set(chainId, head);
  }
  /** Drops every row of `chainId`'s blocks >= `block` (their blocks were reorged away). */
  cut(block: number, chainId = 31337) {
    this.rows = this.rows.filter((r) => r.chainId !== chainId || r.blockNumber < BigInt(block));
  }
}

describeBackends("chain feed", (backend: Backend) => {
  let database: DatabaseHandle;
  let clock: ManualClock;
  let log: EventLog;
  let indexer: ScriptedIndexer;
  let errors: string[];
  const feeds: ChainFeed[] = [];

  function feed(name = "p1", options: { reorgDepth?: number; pageSize?: number } = {}): ChainFeed {
    const f = createChainFeed({
      source: indexer,
      store: createFeedStore({ db: database.db, clock, owner: name, leaseMs: 30_000 }),
      log,
      clock,
      reorgDepth: options.reorgDepth ?? 4,
      pageSize: options.pageSize ?? 3,
      onError: (error, context) => errors.push(`${context}: ${(error as Error).message}`),
    });
    feeds.push(f);
    return f;
  }

  async function logged(): Promise<LoggedEvent[]> {
    return (await log.read({ after: 0n, limit: 100_000 })).filter(
      (e) => e.source === "chain:31337",
    );
  }
  const ids = (events: LoggedEvent[]) => events.map((e) => e.id);
  const idOf = (r: FeedRow, generation = 0) =>
    `chain:31337:${r.blockNumber}:${r.logIndex}:${r.blockHash}${generation ? `:${generation}` : ""}`;

  beforeEach(async () => {
    database = await openTestDatabase(backend);
    await migrateDatabase(database);
    clock = createManualClock();
    log = createEventLog(database.db, clock);
    indexer = new ScriptedIndexer();
    errors = [];
  });

  afterEach(async () => {
    for (const f of feeds.splice(0)) await f.stop();
    await database.close();
  });

  it("logs every feed row once, in chain order, across pages and blocks", async () => {
    indexer.fill(1, 3, 1);
    indexer.fill(4, 4, 5); // one block over several pages
    indexer.fill(5, 9, 2);
    const f = feed();
    await f.poll();
    const expected = [...indexer.rows].sort((x, y) =>
      x.blockNumber === y.blockNumber
        ? x.logIndex - y.logIndex
        : Number(x.blockNumber - y.blockNumber),
    );
    assert.deepEqual(
      ids(await logged()),
      expected.map((r) => idOf(r)),
    );
    await f.poll();
    assert.equal((await logged()).length, expected.length, "nothing twice");
    indexer.fill(10, 11, 1);
    await f.poll();
    assert.deepEqual(
      ids(await logged()).slice(-2),
      indexer.rows.slice(-2).map((r) => idOf(r)),
    );
    const [first] = await logged();
    assert.equal(first!.type, "chain.liquidation");
    assert.equal(first!.account, owner);
    assert.deepEqual(first!.payload, {
      ...indexer.rows[0]!.payload,
      account: owner,
      chainId: 31337,
      blockNumber: "1",
      blockHash: hashOf(1),
      logIndex: 0,
      txHash: hashOf(100, "f"),
    });
    assert.equal(first!.occurredAt.getTime(), 1_800_000_001_000);
    const broadcast = (await logged()).find((e) => e.type === "chain.oracle.breaker")!;
    assert.equal(broadcast.account, null);
    assert.deepEqual(errors, []);
  });

  it("retracts each event a reorg took away once, then logs the new blocks' events", async () => {
    indexer.fill(1, 6, 2);
    const f = feed();
    await f.poll();
    const before = await logged();
    const reorged = indexer.rows.filter((r) => r.blockNumber >= 5n);
    // The indexer reverts blocks 5 and 6 (its head stays) and indexes the new fork's 5 to 7.
    indexer.cut(5);
    await f.poll();
    const retractions = (await logged()).slice(before.length);
    assert.deepEqual(
      ids(retractions),
      reorged.map((r) => `${idOf(r)}:retracted`),
      "each reorged event retracted, in chain order",
    );
    const retraction = retractions[0]!;
    assert.equal(retraction.type, "chain.retracted");
    assert.equal(retraction.account, owner, "to the retracted event's account");
    assert.deepEqual(retraction.payload, {
      account: owner,
      eventId: idOf(reorged[0]!),
      eventType: "chain.liquidation",
      chainId: 31337,
      blockNumber: "5",
      blockHash: hashOf(5),
      logIndex: 0,
      reason: "reorg",
    });
    assert.equal(retractions[1]!.account, null, "a broadcast's retraction goes to everyone");
    indexer.fill(5, 7, 1, "b");
    await f.poll();
    const after = (await logged()).slice(before.length + retractions.length);
    assert.deepEqual(
      ids(after),
      indexer.rows.filter((r) => r.blockNumber >= 5n).map((r) => idOf(r)),
    );
    await f.poll();
    assert.equal((await logged()).length, before.length + retractions.length + after.length);
    assert.deepEqual(errors, []);
  });

  it("takes a head that steps back after a reorg for a reorg, judging blocks as it comes back", async () => {
    indexer.fill(1, 10, 1);
    const f = feed();
    await f.poll();
    const count = (await logged()).length;
    // Ponder reverted 8 to 10 and has indexed the new branch's block 8: its head is 8 now.
    indexer.cut(8);
    indexer.fill(8, 8, 1, "b");
    indexer.head = 8n;
    indexer.pages = 0;
    await f.poll();
    const first = (await logged()).slice(count);
    assert.deepEqual(ids(first), [`${idOf(row(8, 0))}:retracted`, idOf(row(8, 0, "b"))]);
    assert.equal(first[0]!.payload.reason, "reorg");
    assert.ok(indexer.pages <= 3, `the window, not the whole feed (${indexer.pages} pages)`);
    // Blocks 9 and 10 are judged once the indexer is past them again.
    indexer.fill(9, 11, 1, "b");
    await f.poll();
    const second = (await logged()).slice(count + first.length);
    assert.deepEqual(ids(second), [
      `${idOf(row(9, 0))}:retracted`,
      `${idOf(row(10, 0))}:retracted`,
      idOf(row(9, 0, "b")),
      idOf(row(10, 0, "b")),
      idOf(row(11, 0, "b")),
    ]);
    assert.deepEqual(errors, []);
  });

  it("judges nothing while the indexer is not ready, nor above its head", async () => {
    indexer.fill(1, 4, 1);
    const f = feed();
    await f.poll();
    const count = (await logged()).length;
    // A restarting indexer has reverted its unfinalized rows and is re-indexing them.
    indexer.isReady = false;
    indexer.cut(3);
    await f.poll();
    assert.equal((await logged()).length, count, "not ready: nothing retracted");
    indexer.fill(3, 4, 1);
    indexer.isReady = true;
    await f.poll();
    assert.equal((await logged()).length, count, "the same rows came back: nothing to do");
    assert.deepEqual(errors, []);
  });

  it("logs an event back after its retraction under a new id (a reorg undone)", async () => {
    indexer.fill(1, 3, 1);
    const f = feed();
    await f.poll();
    const original = indexer.rows.find((r) => r.blockNumber === 3n)!;
    indexer.cut(3);
    indexer.fill(3, 3, 1, "b");
    await f.poll();
    indexer.cut(3);
    indexer.rows.push(original); // the first fork wins after all
    await f.poll();
    const tail = ids(await logged()).slice(3);
    const forkB = row(3, 0, "b");
    assert.deepEqual(tail, [
      `${idOf(original)}:retracted`,
      idOf(forkB),
      `${idOf(forkB)}:retracted`,
      idOf(original, 1),
    ]);
    assert.deepEqual(errors, []);
  });

  it("resumes from its cursor after a restart, without duplicates", async () => {
    indexer.fill(1, 20, 1);
    const first = feed("p1");
    await first.poll();
    await first.stop(); // gives its lease up
    const count = (await logged()).length;
    indexer.fill(21, 22, 1);
    const second = feed("p2");
    indexer.pages = 0;
    await second.poll();
    assert.deepEqual(
      ids((await logged()).slice(count)),
      indexer.rows.slice(-2).map((r) => idOf(r)),
    );
    assert.equal((await logged()).length, count + 2);
    assert.ok(
      indexer.pages <= 3,
      `read from its cursor, not from block 0 (${indexer.pages} pages)`,
    );
    assert.deepEqual(errors, []);
  });

  it("compares again from block 0 a chain replaced from far back (a restarted dev chain)", async () => {
    indexer.fill(1, 20, 1);
    const f = feed();
    await f.poll();
    const old = [...indexer.rows];
    const count = (await logged()).length;
    // A new chain under the same id, its indexer rebuilt: it is only at block 3.
    indexer.rows = [];
    indexer.head = 0n;
    indexer.fill(1, 3, 1, "c");
    await f.poll();
    const now = (await logged()).slice(count);
    assert.deepEqual(ids(now), [
      ...old.slice(0, 3).map((r) => `${idOf(r)}:retracted`),
      ...indexer.rows.map((r) => idOf(r)),
    ]);
    assert.equal(now[0]!.payload.reason, "rewrite");
    // As the new chain grows, the old chain's later events are retracted block by block.
    indexer.fill(4, 25, 1, "c");
    await f.poll();
    const all = await logged();
    for (const r of old) assert.equal(all.filter((e) => e.id === `${idOf(r)}:retracted`).length, 1);
    for (const r of indexer.rows) assert.equal(all.filter((e) => e.id === idOf(r)).length, 1);
    assert.deepEqual(errors, []);
  });

  it("notices a chain replaced below its window by the last event it kept there (the anchor)", async () => {
    indexer.fill(1, 20, 1);
    const f = feed();
    await f.poll();
    const count = (await logged()).length;
    // Replaced while this process was away, and already past the old head.
    indexer.rows = [];
    indexer.fill(1, 30, 1, "d");
    await f.poll();
    const now = (await logged()).slice(count);
    assert.equal(now.filter((e) => e.type === "chain.retracted").length, 20);
    assert.equal(now.filter((e) => e.type !== "chain.retracted").length, 30);
    assert.ok(now.every((e) => e.type !== "chain.retracted" || e.payload.reason === "rewrite"));
    assert.deepEqual(errors, []);
  });

  it("lets one process at a time poll a chain (its lease), and each event is logged once", async () => {
    indexer.fill(1, 30, 2);
    const a = feed("a");
    const b = feed("b");
    await Promise.all([a.poll(), b.poll(), a.poll(), b.poll()]);
    await Promise.all([a.poll(), b.poll()]);
    const all = await logged();
    assert.equal(all.length, 60);
    assert.equal(new Set(ids(all)).size, 60);
    await a.stop();
    indexer.fill(31, 31, 1);
    await b.poll();
    assert.equal((await logged()).length, 61, "b takes over once a gives the lease up");
    assert.deepEqual(errors, []);
  });

  it("holds the feed at an event the catalogue refuses, skipping nothing", async () => {
    indexer.fill(1, 2, 1);
    const bad = { ...row(3, 0), type: "chain.teleport" };
    indexer.rows.push(bad);
    indexer.fill(4, 4, 1);
    const f = feed();
    await f.poll();
    assert.equal((await logged()).length, 2, "the blocks before it");
    assert.match(errors.join("\n"), /Unknown event type "chain.teleport"/);
    await f.poll();
    assert.equal(errors.length, 1, "a repeated error is reported once a minute");
    bad.type = "chain.liquidation";
    await f.poll();
    assert.deepEqual(
      ids(await logged()),
      [...indexer.rows].sort((x, y) => Number(x.blockNumber - y.blockNumber)).map((r) => idOf(r)),
    );
  });

  describe("two chains", () => {
    const other = 31338;
    const sender = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    const recipient = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
    const idOn = (r: FeedRow, generation = 0) =>
      `chain:${r.chainId}:${r.blockNumber}:${r.logIndex}:${r.blockHash}${generation ? `:${generation}` : ""}`;
    const inOrder = (rows: FeedRow[]) =>
      [...rows].sort((x, y) =>
        x.blockNumber === y.blockNumber
          ? x.logIndex - y.logIndex
          : Number(x.blockNumber - y.blockNumber),
      );
    const rowsOn = (chainId: number) => indexer.rows.filter((r) => r.chainId === chainId);
    async function loggedOn(chainId: number): Promise<LoggedEvent[]> {
      return (await log.read({ after: 0n, limit: 100_000 })).filter(
        (e) => e.source === `chain:${chainId}`,
      );
    }
    const cursorOf = (chainId: number) =>
      createFeedStore({ db: database.db, clock, owner: "reader", leaseMs: 30_000 }).cursor(chainId);

    const messageId = hashOf(7, "c");
    const lane = {
      sourceChainId: 31337,
      sourceChainSelector: "661990842721087453",
      destChainId: other,
      destChainSelector: "14916949317605581645",
    };
    /** A CCIP feed row as the indexer writes it (indexer/src/handlers/ccip.ts). */
    function ccipRow(
      block: number,
      chainId: number,
      kind: string,
      account: string | null,
      fields: Record<string, unknown>,
      fork = "e",
      logIndex = 0,
    ): FeedRow {
      return {
        chainId,
        blockNumber: BigInt(block),
        blockHash: hashOf(block, fork),
        logIndex,
        txHash: hashOf(block * 100, "f"),
        timestamp: BigInt(1_800_000_000 + block),
        type: "chain.ccip.message",
        account,
        payload: { kind, messageId, ...lane, ...fields },
      };
    }
    /** The sender's SynthSent on the source chain: it names the parties. */
    const sentRow = (block: number, to = recipient) =>
      ccipRow(block, 31337, "sent", sender, {
        messageKind: "transfer",
        from: sender,
        to,
        synth: asset,
        assetId: "sUSD",
        amount: "100000000000000000000",
        feeToken: "0x0000000000000000000000000000000000000000",
        fee: "1000",
      });
    /** The router's ExecutionStateChanged on the destination: no parties, no account. */
    const executedRow = (block: number, state = "success", fork = "e", logIndex = 0) =>
      ccipRow(
        block,
        other,
        state === "success" ? "executed" : "failed",
        null,
        {
          state,
          sequenceNumber: "1",
          manual: false,
          executor: asset,
          gasLimit: "200000",
          gasUsed: "50000",
          returnData: "0x",
        },
        fork,
        logIndex,
      );
    function merged(fields: Partial<CcipFeedMessage> = {}): CcipFeedMessage {
      return {
        messageId,
        kind: "transfer",
        sourceChainId: 31337,
        destChainId: other,
        userFrom: sender.toLowerCase(),
        userTo: recipient.toLowerCase(),
        assetId: "sUSD",
        amount: "100000000000000000000",
        storedFailedTxHash: null,
        manualTxHash: null,
        ...fields,
      };
    }

    it("follows each chain by its own cursor: the same positions on two chains, each chain in its order", async () => {
      // Block numbers and log indexes overlap: one (block, logIndex) order over both would interleave
      // them, and one cursor would skip the chain that is behind.
      indexer.fill(1, 5, 2);
      indexer.fill(1, 8, 1, "b", other);
      const f = feed();
      await f.poll();
      assert.deepEqual(
        ids(await loggedOn(31337)),
        inOrder(rowsOn(31337)).map((r) => idOn(r)),
      );
      assert.deepEqual(
        ids(await loggedOn(other)),
        inOrder(rowsOn(other)).map((r) => idOn(r)),
      );
      assert.equal(await cursorOf(31337), 5n);
      assert.equal(await cursorOf(other), 8n);
      const chain2 = (await loggedOn(other))[0]!;
      assert.equal(chain2.payload.chainId, other);
      // Only the second chain moves: the first's cursor and events stay as they were.
      indexer.fill(9, 10, 1, "b", other);
      await f.poll();
      assert.equal((await loggedOn(31337)).length, 10);
      assert.deepEqual(
        ids((await loggedOn(other)).slice(8)),
        inOrder(rowsOn(other))
          .slice(8)
          .map((r) => idOn(r)),
      );
      assert.equal(await cursorOf(31337), 5n);
      assert.equal(await cursorOf(other), 10n);
      // A chain that is behind is not skipped when the other runs ahead.
      indexer.fill(6, 40, 1);
      indexer.fill(11, 11, 1, "b", other);
      await f.poll();
      assert.equal(await cursorOf(31337), 40n);
      assert.equal(await cursorOf(other), 11n);
      assert.equal((await loggedOn(other)).length, 11);
      assert.deepEqual(errors, []);
    });

    it("retracts a reorg's events on its own chain only", async () => {
      indexer.fill(1, 6, 1);
      indexer.fill(1, 6, 1, "b", other);
      const f = feed();
      await f.poll();
      const first = (await loggedOn(31337)).length;
      const before = (await loggedOn(other)).length;
      const reorged = rowsOn(other).filter((r) => r.blockNumber >= 5n);
      // The second chain reorgs at block 5 (the same block numbers as the first chain's).
      indexer.cut(5, other);
      indexer.fill(5, 7, 1, "d", other);
      await f.poll();
      const after = (await loggedOn(other)).slice(before);
      assert.deepEqual(ids(after), [
        ...reorged.map((r) => `${idOn(r)}:retracted`),
        ...inOrder(rowsOn(other))
          .filter((r) => r.blockNumber >= 5n)
          .map((r) => idOn(r)),
      ]);
      assert.ok(
        after.filter((e) => e.type === "chain.retracted").every((e) => e.payload.chainId === other),
      );
      assert.equal((await loggedOn(31337)).length, first, "the first chain is untouched");
      assert.deepEqual(errors, []);
    });

    it("compares a restarted chain again from block 0 without touching the other", async () => {
      indexer.fill(1, 20, 1);
      indexer.fill(1, 20, 1, "b", other);
      const f = feed();
      await f.poll();
      const old = rowsOn(other);
      // The second development chain restarts from block 0 under the same id; the first goes on.
      indexer.rows = rowsOn(31337);
      indexer.otherHeads.set(other, 0n);
      indexer.fill(1, 2, 1, "d", other);
      indexer.fill(21, 22, 1);
      await f.poll();
      const chain2 = await loggedOn(other);
      const retracted = chain2.filter((e) => e.type === "chain.retracted");
      assert.deepEqual(
        ids(retracted),
        old.slice(0, 2).map((r) => `${idOn(r)}:retracted`),
      );
      assert.ok(retracted.every((e) => e.payload.reason === "rewrite"));
      assert.equal((await loggedOn(31337)).filter((e) => e.type === "chain.retracted").length, 0);
      assert.equal((await loggedOn(31337)).length, 22);
      assert.equal(await cursorOf(other), 2n);
      assert.deepEqual(errors, []);
    });

    it("holds only the chain that fails, and reports each chain's repeated error once a minute", async () => {
      indexer.fill(1, 2, 1);
      indexer.rows.push({ ...row(3, 0), type: "chain.teleport" });
      indexer.fill(4, 4, 1);
      indexer.fill(1, 3, 1, "b", other);
      indexer.rows.push({ ...row(4, 0, "b", "account", other), type: "chain.warp" });
      indexer.fill(5, 5, 1, "b", other);
      const f = feed();
      await f.poll();
      // Each up to its first page's last complete block (a stretch is logged whole or not at all).
      assert.equal((await loggedOn(31337)).length, 2, "the first chain up to its bad row");
      assert.equal((await loggedOn(other)).length, 2, "the second chain up to its bad row");
      assert.equal(errors.length, 2);
      // Both fail every poll, in turn: each chain's repeat is still reported once a minute.
      await f.poll();
      await f.poll();
      assert.equal(errors.length, 2);
      clock.advance(61_000);
      await f.poll();
      assert.equal(errors.length, 4);
      assert.match(errors.join("\n"), /chain feed 31337: .*chain\.teleport/);
      assert.match(errors.join("\n"), /chain feed 31338: .*chain\.warp/);
      // The second chain's row is fixed (a newer API): it goes on while the first still waits.
      indexer.rows.find((r) => r.chainId === other && r.type === "chain.warp")!.type =
        "chain.liquidation";
      await f.poll();
      assert.equal((await loggedOn(other)).length, 5);
      assert.equal((await loggedOn(31337)).length, 2);
    });

    it("logs a CCIP transfer's steps for its sender and its recipient; a reorg retracts both copies", async () => {
      indexer.fill(1, 2, 1);
      indexer.rows.push(sentRow(3));
      indexer.head = 3n;
      indexer.messages.set(messageId, merged());
      indexer.rows.push(executedRow(5));
      indexer.otherHeads.set(other, 5n);
      const f = feed();
      await f.poll();
      const source = (await loggedOn(31337)).filter((e) => e.type === "chain.ccip.message");
      const sent = sentRow(3);
      assert.deepEqual(ids(source), [idOn(sent), `${idOn(sent)}:to`]);
      assert.deepEqual(
        source.map((e) => [e.account, e.payload.account]),
        [
          [sender, sender],
          [recipient, recipient],
        ],
      );
      const {
        chainId: _c,
        blockNumber: _b,
        blockHash: _h,
        logIndex: _l,
        txHash: _t,
        ...fields
      } = source[0]!.payload;
      assert.deepEqual(fields, {
        account: sender,
        messageId,
        kind: "sent",
        messageKind: "transfer",
        sourceChainId: 31337,
        destChainId: other,
        state: "sent",
        from: sender,
        to: recipient,
        assetId: "sUSD",
        amount: "100000000000000000000",
        manual: false,
        storedFailure: false,
      });
      // The router's execution names no one: its parties come from the indexer's merged message.
      const dest = (await loggedOn(other)).filter((e) => e.type === "chain.ccip.message");
      assert.deepEqual(
        dest.map((e) => [e.account, e.payload.kind, e.payload.state, e.payload.from, e.payload.to]),
        [
          [sender, "executed", "executed", sender, recipient],
          [recipient, "executed", "executed", sender, recipient],
        ],
      );
      // The destination's block is reorged away: both copies are retracted, each to its account.
      const executed = executedRow(5);
      indexer.cut(5, other);
      await f.poll();
      const retractions = (await loggedOn(other)).filter((e) => e.type === "chain.retracted");
      assert.deepEqual(
        retractions.map((e) => [e.id, e.account]),
        [
          [`${idOn(executed)}:retracted`, sender],
          [`${idOn(executed)}:to:retracted`, recipient],
        ],
      );
      // The same block comes back (the reorg undone): both copies again, as generation 1.
      indexer.rows.push(executed);
      await f.poll();
      const back = (await loggedOn(other)).slice(-2);
      assert.deepEqual(ids(back), [idOn(executed, 1), `${idOn(executed, 1)}:to`]);
      assert.deepEqual(errors, []);
    });

    it("fills CCIP steps in: a transfer to oneself, a stored failure, a manual execution, unknown parties, liquidity", async () => {
      // A transfer to oneself on the other chain is one event.
      indexer.rows.push(sentRow(1, sender));
      indexer.head = 1n;
      // The gateway stores the payload's failure, then the router records SUCCESS, in one transaction.
      const stored = ccipRow(2, other, "stored_failed", recipient, {
        reason: "0x",
        messageKind: "transfer",
        from: sender,
        to: recipient,
        assetId: "sUSD",
        amount: "100000000000000000000",
      });
      const routerOk = { ...executedRow(2, "success", "e", 1), txHash: stored.txHash };
      // A later manual execution of another failed message, by the relay.
      const otherId = hashOf(8, "c");
      const manual = ccipRow(3, other, "executed", null, { state: "success", manual: true });
      manual.payload.messageId = otherId;
      // A commit of a message whose send this indexer never saw: its parties are unknown.
      const unknownId = hashOf(9, "c");
      const commit = ccipRow(4, other, "committed", null, { committer: asset });
      commit.payload.messageId = unknownId;
      // Governance's liquidity move: everyone's.
      const liquidityId = hashOf(10, "c");
      const liquidity = ccipRow(5, other, "received", null, {
        messageKind: "liquidity",
        recipient: owner,
        lpMinted: "5",
      });
      liquidity.payload.messageId = liquidityId;
      indexer.rows.push(stored, routerOk, manual, commit, liquidity);
      indexer.otherHeads.set(other, 5n);
      indexer.messages.set(messageId, merged({ storedFailedTxHash: stored.txHash }));
      indexer.messages.set(otherId, merged({ messageId: otherId, manualTxHash: manual.txHash }));
      indexer.messages.set(
        liquidityId,
        merged({ messageId: liquidityId, kind: "liquidity", userFrom: null, userTo: owner }),
      );
      const f = feed("p1", { pageSize: 10 });
      await f.poll();
      assert.deepEqual(
        (await loggedOn(31337)).map((e) => [e.account, e.payload.to]),
        [[sender, sender]],
      );
      const dest = (await loggedOn(other)).map((e) => ({
        id: e.payload.messageId,
        account: e.account,
        kind: e.payload.kind,
        state: e.payload.state,
        storedFailure: e.payload.storedFailure,
        manual: e.payload.manual,
        from: e.payload.from,
        to: e.payload.to,
      }));
      const expected = (
        id: string,
        account: string | null,
        kind: string,
        state: string,
        more: Record<string, unknown> = {},
      ) => ({
        id,
        account,
        kind,
        state,
        storedFailure: false,
        manual: false,
        from: sender,
        to: recipient,
        ...more,
      });
      assert.deepEqual(dest, [
        expected(messageId, sender, "stored_failed", "failed", { storedFailure: true }),
        expected(messageId, recipient, "stored_failed", "failed", { storedFailure: true }),
        expected(messageId, sender, "executed", "failed", { storedFailure: true }),
        expected(messageId, recipient, "executed", "failed", { storedFailure: true }),
        expected(otherId, sender, "executed", "executed", { manual: true }),
        expected(otherId, recipient, "executed", "executed", { manual: true }),
        expected(unknownId, null, "committed", "committed", { from: null, to: null }),
        expected(liquidityId, null, "received", "executed", { from: null, to: owner }),
      ]);
      assert.deepEqual(errors, []);
    });
  });
});
