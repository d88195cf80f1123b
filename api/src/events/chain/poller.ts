// The chain feed: on-chain events from the indexer's feed onto the event log, each once, in chain
// order, by a cursor that survives restarts, with every event a reorg takes away retracted by a
// later chain.retracted (never silently dropped).
//
// Each poll, per chain the indexer serves (one process at a time: the chain's lease):
// 1. Nothing happens while the indexer is not ready: a restarting indexer reverts its unfinalized
//    rows and re-indexes them, and an incomplete feed must not read as a reorg.
// 2. The compared range runs from `reorgDepth` blocks below the cursor to the indexer's head, in
//    pages, block by block (a block's rows are compared once all of them have been read). Ponder
//    moves its head only once the blocks up to it are indexed (a reverted reorg leaves it where it
//    was until the new branch's first block is in), so a block at or below the head whose rows are
//    gone was reorged away: nothing above the head is judged.
// 3. In each stretch of blocks: every event logged there that the feed no longer has (same
//    position and block hash) is retracted; every feed row not standing in the log is appended
//    (a row back after its retraction gets a new generation, so a new id); then the cursor moves.
//    Appends come first and are idempotent by id; the record (api.chain_feed and the cursor)
//    follows in one transaction, so a crash in between re-reads and re-appends nothing new.
// 4. The range starts at block 0 instead when the indexer's history no longer agrees with ours
//    further back: its head is more than `reorgDepth` below our cursor (it was rebuilt, e.g. a
//    restarted development chain) or the last event standing below the range (the anchor) is not
//    in its feed any more. Everything is compared again; what is gone is retracted with reason
//    "rewrite".
//
// Chains are independent feeds. Block numbers and log indexes of two chains are unrelated, so one
// (block, logIndex) order or one cursor over both would skip or reorder events: each chain the
// indexer serves (its `_meta.status`) has its own cursor (api.event_consumers `chain:<chainId>`),
// lease, pages (the feed filtered by chain id), reorg window and anchor (api.chain_feed by chain
// id), and errors (reported once a minute per chain). A chain that fails holds only itself. A row
// may become several events (a CCIP transfer's copy for its recipient, events.ts): they stand,
// are retracted and come back together, as one position.

import type { Clock } from "../../lib/clock.ts";
import type { EventLog, NewEvent } from "../log.ts";
import { ccipFeedRow, ccipMessageIds, ccipType } from "./ccip.ts";
import { eventsOf, type LoggedChainEvent, type RetractionReason, retractionOf } from "./events.ts";
import type { FeedStore, StoredChainEvent } from "./feedStore.ts";
import type { ChainFeedSource, FeedRow } from "./indexerSource.ts";

export type ChainFeedOptions = {
  source: ChainFeedSource;
  store: FeedStore;
  log: EventLog;
  clock: Clock;
  /** Blocks below the cursor compared again every poll (at least the indexer's finality depth). */
  reorgDepth?: number;
  /** Rows per feed page. */
  pageSize?: number;
  pollMs?: number;
  onError(error: unknown, context: string): void;
  /** Called after each stretch of blocks is settled (metrics, tests). */
  onSettled?(settled: Settled): void;
};

export type Settled = {
  chainId: number;
  fromBlock: bigint;
  toBlock: bigint;
  appended: number;
  retracted: number;
  reason: RetractionReason;
};

export type ChainFeed = {
  /** One poll of every chain; resolves when it is done (a poll already running is joined). */
  poll(): Promise<void>;
  start(): void;
  /** Stops polling, waits for the poll in flight, gives the leases up. */
  stop(): Promise<void>;
};

const positionKey = (block: bigint, logIndex: number, hash: string) =>
  `${block}:${logIndex}:${hash}`;

export function createChainFeed(options: ChainFeedOptions): ChainFeed {
  const { source, store, log, clock } = options;
  const reorgDepth = BigInt(options.reorgDepth ?? 64);
  const pageSize = options.pageSize ?? 500;
  const held = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let closing = false;
  // The last error of each context (the feed as a whole, each chain), so that two chains failing
  // in turn do not make each other's repeats new.
  const lastErrors = new Map<string, { message: string; at: number }>();

  /** Logs an error once a minute while it repeats (an indexer that is down fails every poll). */
  function report(error: unknown, context: string) {
    const message = `${context}: ${error instanceof Error ? error.message : String(error)}`;
    const at = clock.now().getTime();
    const last = lastErrors.get(context);
    if (last?.message === message && at - last.at < 60_000) return;
    lastErrors.set(context, { message, at });
    options.onError(error, context);
  }

  /**
   * Rows as the catalogue has their types: CCIP rows filled in from the indexer's merged messages
   * (ccip.ts). Only rows about to be logged are read for.
   */
  async function normalised(rows: FeedRow[]): Promise<FeedRow[]> {
    const ids = ccipMessageIds(rows);
    if (ids.length === 0) return rows;
    const messages = await source.ccipMessages(ids);
    return rows.map((row) =>
      row.type === ccipType
        ? ccipFeedRow(row, messages.get(String(row.payload.messageId).toLowerCase()))
        : row,
    );
  }

  /** Compares blocks [from, to] (all their feed rows are in `rows`), logs the difference, records it. */
  async function settle(
    chainId: number,
    from: bigint,
    to: bigint,
    rows: FeedRow[],
    reason: RetractionReason,
    cursor: bigint,
  ): Promise<void> {
    const logged = await store.loggedIn(chainId, from, to);
    // A position may stand as several events (a row's copies for each account it concerns).
    const standing = new Map<string, StoredChainEvent[]>();
    // The generation a row back at a position after retractions gets: one past the last retracted.
    const nextGeneration = new Map<string, number>();
    for (const event of logged) {
      const key = positionKey(event.blockNumber, event.logIndex, event.blockHash);
      if (event.retracted) {
        nextGeneration.set(key, Math.max(nextGeneration.get(key) ?? 0, event.generation + 1));
      } else {
        standing.set(key, [...(standing.get(key) ?? []), event]);
      }
    }
    const inFeed = new Set(
      rows.map((row) => positionKey(row.blockNumber, row.logIndex, row.blockHash)),
    );
    const gone = [...standing.entries()]
      .filter(([key]) => !inFeed.has(key))
      .flatMap(([, events]) => events);
    const fresh = (
      await normalised(
        rows.filter(
          (row) => !standing.has(positionKey(row.blockNumber, row.logIndex, row.blockHash)),
        ),
      )
    ).map((row) => {
      const generation =
        nextGeneration.get(positionKey(row.blockNumber, row.logIndex, row.blockHash)) ?? 0;
      return { row, generation, events: eventsOf(row, generation) };
    });
    const at = clock.now();
    const events: NewEvent[] = [
      ...gone.map((event) => retractionOf(event, reason, at)),
      ...fresh.flatMap(({ events }) => events),
    ];
    // Nothing to log and the cursor stays: no write (the usual poll of a quiet chain).
    if (events.length === 0 && (reason === "rewrite" ? to === cursor : to <= cursor)) return;
    if (events.length > 0) await log.append(events);
    const appended: LoggedChainEvent[] = fresh.flatMap(({ row, generation, events }) =>
      events.map((event) => ({
        eventId: event.id,
        chainId,
        blockNumber: row.blockNumber,
        logIndex: row.logIndex,
        blockHash: row.blockHash,
        generation,
        type: row.type,
        account: event.account,
      })),
    );
    await store.record(chainId, {
      appended,
      retracted: gone.map((event) => event.eventId),
      cursor: reason === "rewrite" ? to : to > cursor ? to : cursor,
    });
    options.onSettled?.({
      chainId,
      fromBlock: from,
      toBlock: to,
      appended: appended.length,
      retracted: gone.length,
      reason,
    });
  }

  /** Where this poll's comparison starts, and whether the indexer's history was rewritten. */
  async function startOf(
    chainId: number,
    head: bigint,
    cursor: bigint | null,
  ): Promise<{ from: bigint; reason: RetractionReason }> {
    if (cursor === null) return { from: 0n, reason: "reorg" };
    // Ponder's head steps back after a reorg (to the new branch's first block), never further.
    if (head + reorgDepth < cursor) return { from: 0n, reason: "rewrite" };
    const windowStart = cursor >= reorgDepth ? cursor - reorgDepth + 1n : 0n;
    const anchor = await store.anchorBelow(chainId, windowStart);
    // Nothing logged below the window: reading from block 0 costs an empty page, and catches a
    // chain that was replaced while this process was away.
    if (!anchor) return { from: 0n, reason: "reorg" };
    const hash = await source.hashAt(chainId, anchor.blockNumber, anchor.logIndex);
    if (hash !== anchor.blockHash) return { from: 0n, reason: "rewrite" };
    return { from: windowStart, reason: "reorg" };
  }

  async function pollChain(chainId: number, head: bigint): Promise<void> {
    if (!(await store.hold(chainId))) {
      held.delete(chainId);
      return;
    }
    held.add(chainId);
    let cursor = await store.cursor(chainId);
    const { from, reason } = await startOf(chainId, head, cursor);
    cursor ??= 0n;
    let next = from; // the first block not yet settled
    let carried: FeedRow[] = []; // rows of a block that may go on in the next page
    let after: string | null = null;
    for (;;) {
      if (closing) return;
      const page = await source.page({
        chainId,
        fromBlock: from,
        toBlock: head,
        after,
        limit: pageSize,
      });
      const rows = [...carried, ...page.rows];
      let to: bigint;
      let complete: FeedRow[];
      if (page.next === null || page.rows.length === 0) {
        to = head;
        complete = rows;
        carried = [];
      } else {
        const last = rows.at(-1)!.blockNumber;
        to = last - 1n;
        complete = rows.filter((row) => row.blockNumber < last);
        carried = rows.filter((row) => row.blockNumber === last);
      }
      if (to >= next) {
        // Renewed before every write: a process that lost its lease stops here.
        if (!(await store.hold(chainId))) {
          held.delete(chainId);
          return;
        }
        await settle(chainId, next, to, complete, reason, cursor);
        if (reason === "rewrite" || to > cursor) cursor = to;
        next = to + 1n;
      }
      if (page.next === null || page.rows.length === 0) return;
      after = page.next;
    }
  }

  async function cycle(): Promise<void> {
    do {
      again = false;
      try {
        if (!(await source.ready())) continue;
        const heads = await source.heads();
        for (const [chainId, head] of heads) {
          try {
            await pollChain(chainId, head);
          } catch (error) {
            report(error, `chain feed ${chainId}`);
          }
        }
      } catch (error) {
        report(error, "chain feed");
      }
    } while (again && !closing);
  }

  function poll(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = cycle().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    poll,
    start() {
      closing = false;
      timer = setInterval(() => void poll(), options.pollMs ?? 500);
      timer.unref();
      void poll();
    },
    async stop() {
      closing = true;
      clearInterval(timer);
      await running;
      for (const chainId of held) {
        await store.release(chainId).catch((error: unknown) => report(error, "chain feed release"));
      }
      held.clear();
    },
  };
}
