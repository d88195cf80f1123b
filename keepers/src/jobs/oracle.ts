// Oracle rounds. The PriceOracle's circuit breaker advances only in `sync` (and in the state-changing
// calls that price through it, whose trips revert with them and so never persist): this job calls
// `sync(asset)` for every asset whose feed has a round the breaker has not seen, so that a trip is
// recorded when it happens and a settled price re-arms the breaker. It looks every block by default
// (one batched read of each feed's latest round: feed proxies emit no event of their own to wait for),
// and each run also looks for stale feeds: a feed older than its heartbeat is reported (metric, and an
// `oracle.stale` event once per stale answer), never papered over. Breaker trips and re-arms are
// announced as events whoever's sync caused them.
import { mockPriceFeedAbi, priceOracleAbi } from "@fluxion/deploy";
import { type Address, decodeEventLog, encodeFunctionData, getAbiItem } from "viem";
import type { Sql } from "../db/sql.ts";
import type { Protocol } from "./protocol.ts";
import { protocolErrors, syncCatchUpGas } from "./protocol.ts";
import type { Schedule } from "./schedule.ts";
import type { ProtocolEvent, Task } from "./store.ts";
import type { Job, JobContext } from "./types.ts";

const breakerEvents = [
  getAbiItem({ abi: priceOracleAbi, name: "CircuitBreakerTripped" }),
  getAbiItem({ abi: priceOracleAbi, name: "CircuitBreakerRearmed" }),
];

type FeedState = {
  asset: Address;
  symbol: string;
  aggregator: Address;
  heartbeat: number;
  roundId: bigint;
  updatedAt: bigint;
  lastSynced: bigint;
  tripped: boolean;
};

async function readFeeds(ctx: JobContext, protocol: Protocol): Promise<FeedState[]> {
  const states = await Promise.all(
    protocol.assets.map(async (asset) => {
      const [feed, breaker] = await Promise.all([
        ctx.client.readContract({
          address: protocol.oracle,
          abi: priceOracleAbi,
          functionName: "feedOf",
          args: [asset.address],
        }),
        ctx.client.readContract({
          address: protocol.oracle,
          abi: priceOracleAbi,
          functionName: "breakerOf",
          args: [asset.address],
        }),
      ]);
      if (/^0x0{40}$/.test(feed.aggregator)) return undefined;
      const [roundId, , , updatedAt] = await ctx.client.readContract({
        address: feed.aggregator,
        abi: mockPriceFeedAbi,
        functionName: "latestRoundData",
      });
      return {
        asset: asset.address,
        symbol: asset.symbol,
        aggregator: feed.aggregator,
        heartbeat: feed.heartbeat,
        roundId,
        updatedAt,
        lastSynced: breaker.lastRoundId,
        tripped: breaker.tripped,
      };
    }),
  );
  return states.filter((s): s is FeedState => s !== undefined);
}

export function oracleJob(protocol: Protocol, options: { schedule: Schedule; sql: Sql }): Job {
  const cursorName = `oracle-breaker:${protocol.chainId}`;
  const job: Job = {
    name: "oracle",
    schedule: options.schedule,

    async run(ctx) {
      const feeds = await readFeeds(ctx, protocol);
      const head = ctx.head() ?? (await ctx.client.getBlockNumber());
      const block = await ctx.client.getBlock({ blockNumber: head });
      const events: ProtocolEvent[] = [];
      let stale = 0;
      for (const f of feeds) {
        const isStale = block.timestamp > f.updatedAt + BigInt(f.heartbeat);
        ctx.metrics.feedStale.labels(f.symbol).set(isStale ? 1 : 0);
        ctx.metrics.feedTripped.labels(f.symbol).set(f.tripped ? 1 : 0);
        if (isStale) {
          stale++;
          events.push({
            type: "oracle.stale",
            account: null,
            data: {
              asset: f.asset,
              symbol: f.symbol,
              updatedAt: f.updatedAt.toString(),
              heartbeat: f.heartbeat,
              chainTime: block.timestamp.toString(),
            },
            dedupe: `${f.asset}:${f.updatedAt}`,
          });
        }
      }
      const planned = await ctx.store.plan(
        "oracle",
        feeds
          .filter((f) => f.roundId > f.lastSynced)
          .map((f) => ({
            subject: f.asset.toLowerCase(),
            payload: { asset: f.asset, symbol: f.symbol, roundId: f.roundId.toString() },
          })),
      );
      const log = await breakerLog(ctx, options.sql, cursorName, protocol, head);
      events.push(...log.events);
      // Announced before the cursor moves past them: a crash in between announces them again, and
      // the outbox drops the repeats (dedupe by asset and round).
      await ctx.store.announce(events);
      await log.commit();
      return {
        feeds: feeds.length,
        planned,
        stale,
        tripped: feeds.filter((f) => f.tripped).length,
      };
    },

    async decide(task: Task, ctx: JobContext) {
      const { asset, roundId } = task.payload as { asset: Address; roundId: string };
      const breaker = await ctx.client.readContract({
        address: protocol.oracle,
        abi: priceOracleAbi,
        functionName: "breakerOf",
        args: [asset],
      });
      if (breaker.lastRoundId >= BigInt(roundId)) {
        return { action: "skip", reason: "round already synced" };
      }
      return {
        action: "send",
        to: protocol.oracle,
        data: encodeFunctionData({ abi: priceOracleAbi, functionName: "sync", args: [asset] }),
        errorAbi: protocolErrors,
        extraGas: syncCatchUpGas,
      };
    },

    async settle(_task, receipt) {
      const events = breakerEventsOf(protocol, receipt.logs, receipt.blockNumber);
      return {
        outcome: {
          tripped: events.some((e) => e.type === "oracle.breaker_tripped"),
          rearmed: events.some((e) => e.type === "oracle.breaker_rearmed"),
        },
        events,
      };
    },
  };
  return job;
}

function breakerEventsOf(
  protocol: Protocol,
  logs: readonly { address: string; data: `0x${string}`; topics: readonly `0x${string}`[] }[],
  blockNumber: bigint | null,
): ProtocolEvent[] {
  const events: ProtocolEvent[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== protocol.oracle.toLowerCase()) continue;
    let decoded: ReturnType<typeof decodeEventLog<typeof breakerEvents>>;
    try {
      decoded = decodeEventLog({
        abi: breakerEvents,
        data: log.data,
        topics: log.topics as [`0x${string}`, ...`0x${string}`[]],
      });
    } catch {
      continue;
    }
    const asset = decoded.args.asset;
    const base = {
      asset,
      symbol: protocol.byAddress.get(asset.toLowerCase())?.symbol ?? null,
      roundId: decoded.args.roundId.toString(),
      price: decoded.args.price.toString(),
      blockNumber: blockNumber?.toString() ?? null,
    };
    events.push(
      decoded.eventName === "CircuitBreakerTripped"
        ? {
            type: "oracle.breaker_tripped",
            account: null,
            data: { ...base, referencePrice: decoded.args.referencePrice.toString() },
            dedupe: `${asset}:${decoded.args.roundId}`,
          }
        : {
            type: "oracle.breaker_rearmed",
            account: null,
            data: base,
            dedupe: `${asset}:${decoded.args.roundId}`,
          },
    );
  }
  return events;
}

/** Breaker events since the cursor (whoever synced), at most 10,000 blocks per request. */
async function breakerLog(
  ctx: JobContext,
  sql: Sql,
  cursorName: string,
  protocol: Protocol,
  head: bigint,
): Promise<{ events: ProtocolEvent[]; commit(): Promise<void> }> {
  const [row] = await sql.query<{ block_number: string }>(
    "select block_number::text from keepers.cursors where name = $1",
    [cursorName],
  );
  let from = row
    ? BigInt(row.block_number) + 1n
    : BigInt(protocol.record.contracts.PriceOracle?.blockNumber ?? 0);
  const events: ProtocolEvent[] = [];
  while (from <= head) {
    const to = head - from >= 10_000n ? from + 9_999n : head;
    const logs = await ctx.client.getLogs({
      address: protocol.oracle,
      events: breakerEvents,
      fromBlock: from,
      toBlock: to,
    });
    for (const log of logs) events.push(...breakerEventsOf(protocol, [log], log.blockNumber));
    from = to + 1n;
  }
  return {
    events,
    commit: async () => {
      await sql.query(
        `insert into keepers.cursors (name, block_number) values ($1, $2)
         on conflict (name) do update set block_number = excluded.block_number, updated_at = now()`,
        [cursorName, head.toString()],
      );
    },
  };
}
