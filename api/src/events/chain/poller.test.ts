// The chain feed against a scripted indexer feed, on both databases: every row logged once in chain
// order across pages and blocks; a reorg's events retracted once, then the new blocks' events
// logged; a head that steps back after a reorg is no rewrite; nothing judged while the indexer is
// not ready; an event back after its retraction logged
// again under a new id; a restart resumes from the cursor; a chain replaced from far back compared
// again from block 0; one process at a time; an event the catalogue refuses holds the feed there.
import assert from "node:assert/strict";
import { afterEach, beforeEach, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { migrateDatabase } from "../../db/migrate.ts";
import { createManualClock, type ManualClock } from "../../lib/clock.ts";
import { type Backend, describeBackends, openTestDatabase } from "../../testing/backends.ts";
import { createEventLog, type EventLog, type LoggedEvent } from "../log.ts";
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
): FeedRow {
  const base = {
    chainId: 31337,
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

/** An indexer feed the test edits: rows, head, readiness. */
class ScriptedIndexer implements ChainFeedSource {
  rows: FeedRow[] = [];
  head = 0n;
  isReady = true;
  pages = 0;
  async ready() {
    return this.isReady;
  }
  async heads() {
    return new Map([[31337, this.head]]);
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
  /** Rows for blocks [from, to], `perBlock` each, on `fork`. */
  fill(from: number, to: number, perBlock = 1, fork = "a") {
    for (let b = from; b <= to; b++) {
      for (let i = 0; i < perBlock; i++)
        this.rows.push(row(b, i, fork, i % 2 === 0 ? "account" : "broadcast"));
    }
    if (BigInt(to) > this.head) this.head = BigInt(to);
  }
  /** Drops every row of blocks >= `block` (their blocks were reorged away). */
  cut(block: number) {
    this.rows = this.rows.filter((r) => r.blockNumber < BigInt(block));
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
});
