// `npm run bench:indexer`: the indexer against two fresh local chains, the first carrying at least
// 50,000 swaps.
// 1. The two chains of `npm run dev` (31337 and 31338, real Hardhat nodes), Fluxion deployed to both,
//    their CCIP lanes connected and the demo seeded (indexer/test/support/twoChains.ts), both set to
//    automine (a block per transaction). Then bursts of swaps on each: each transaction is a multi-hop
//    swap bouncing USDC <-> sUSD through the stable pool (one Swap event per hop, plus the token
//    transfers), until BENCH_SWAPS swap events exist on 31337 and BENCH_SWAPS_B on 31338.
// 2. The ceiling: a plain viem getLogs loop over the whole range of both chains, in the same run, on the
//    same nodes (getLogsEventsPerSec = every log of both chains / the time).
// 3. Backfill: `ponder start` from an empty database to every block of both chains indexed (spawn ->
//    /ready -> /status at the heads), on PGlite and on Postgres (a throwaway database; skipped with a
//    note when no server answers, unless CI=true). With each one, Ponder's own floor: the minimal app
//    in bench/indexer-floor (LiquidityPoolManager's Swap on both chains, one insert per event), measured the
//    same way. Each run: events/s from its /metrics, the peak RSS of the ponder process (VmHWM) at the
//    head, and where the time went (startup, RPC by method, indexing functions by event, ...).
// 4. Live lag on the last indexer started (ours, Postgres when there is one): single swaps alternating
//    between the chains, from the receipt to the pool's swap count moving in GraphQL (polled every
//    5 ms: a query costs the indexer's event loop ~1 ms, so a faster poll would slow what it measures),
//    overall and per chain; then rounds where both chains get a swap at the same instant, each
//    chain's lag measured on its own (multichain ordering: neither chain waits for the other). The
//    alternating samples also run on our PGlite indexer before it stops (`liveLagPglite`): PGlite is
//    what `npm run dev` indexes on.
// Writes bench/results/indexer.json.
//
// Knobs (environment):
//   BENCH_SWAPS          swap events on 31337 (default 50,000; rounded up to whole transactions)
//   BENCH_SWAPS_B        swap events on 31338 (default 5,000)
//   BENCH_HOPS           hops (Swap events) per burst transaction (default 120)
//   BENCH_LIVE_SAMPLES   live swaps per chain (default 40)
//   BENCH_LIVE_SIMULTANEOUS  rounds of one swap on each chain at once (default 10)
//   BENCH_WS             1 (default): the indexers get the nodes' websocket URLs (Hardhat serves
//                        WebSocket on the HTTP port) and new heads are pushed; 0: polling only
//   BENCH_LOG_DIR        a directory to write each indexer's output to (indexer-<storage>.log,
//                        floor-<storage>.log)
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { createPublicClient, type Hex, http, parseUnits } from "viem";
import {
  liquidityPoolManagerAbi,
  mockERC20Abi,
  syntheticAssetAbi,
} from "../deploy/generated/fluxion.ts";
import {
  freshStorage,
  type IndexedChain,
  type IndexerProcess,
  postgresAvailable,
  startIndexer,
} from "../indexer/test/support/indexerProcess.ts";
import { repoRoot } from "../indexer/test/support/localChain.ts";
import { type Scenario, scenario } from "../indexer/test/support/scenario.ts";
import { type ChainUnderTest, startTwoChains } from "../indexer/test/support/twoChains.ts";
import { formatBreakdown, type PonderBreakdown, ponderBreakdown } from "./lib/ponderMetrics.ts";
import { commandLine, peakRssMb } from "./lib/proc.ts";
import { parsePrometheus, sumBy, total } from "./lib/prometheus.ts";

const targetSwaps = Number(process.env.BENCH_SWAPS ?? 50_000);
const targetSwapsB = Number(process.env.BENCH_SWAPS_B ?? 5_000);
const hopsPerTx = Number(process.env.BENCH_HOPS ?? 120);
const liveSamples = Number(process.env.BENCH_LIVE_SAMPLES ?? 40);
const simultaneousRounds = Number(process.env.BENCH_LIVE_SIMULTANEOUS ?? 10);
const wantWs = (process.env.BENCH_WS ?? "1") !== "0";
const logDir = process.env.BENCH_LOG_DIR;
// Blocks per eth_getLogs call: a burst block holds ~120 logs (~115 KB), viem reads at most 10 MB.
const getLogsChunk = 50n;
const floorRoot = join(repoRoot, "bench/indexer-floor");
const backfillTimeoutMs = 900_000;

const log = (message: string) => console.log(`[bench:indexer] ${message}`);
const loadAtStart = loadavg()[0]!;

// Everything started here, stopped on the way out (also on Ctrl-C).
const running = new Set<IndexerProcess>();
const drops: (() => Promise<void>)[] = [];
let stopChains: (() => Promise<void>) | undefined;
let cleaned: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    for (const indexer of running) await indexer.stop().catch(() => {});
    running.clear();
    for (const drop of drops) await drop().catch(() => {});
    await stopChains?.().catch(() => {});
  })();
  return cleaned;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything started`);
    void cleanup().then(() => process.exit(130));
  });
}

const results: Record<string, unknown> = {};
let exitCode = 0;
try {
  const two = await startTwoChains({
    onStarted: (stop) => {
      stopChains = stop;
    },
  });
  const chains = [two.a, two.b];
  const [a, b] = chains as [ChainUnderTest, ChainUnderTest];
  log(`chains ${a.chainId} (${a.chain.url}) and ${b.chainId} (${b.chain.url}) deployed and seeded`);

  // Automine: a block per transaction, whatever the deploy or the seed left set.
  for (const c of chains) {
    const rpc = (method: string, params: unknown[] = []) =>
      c.publicClient.request({ method: method as never, params: params as never });
    const before = await rpc("hardhat_getAutomine");
    await rpc("evm_setIntervalMining", [0]);
    await rpc("evm_setAutomine", [true]);
    if ((await rpc("hardhat_getAutomine")) !== true) {
      throw new Error(`chain ${c.chainId}: automine could not be turned on`);
    }
    log(`chain ${c.chainId}: automine was ${before}; now on, interval mining off`);
  }

  const swapsWanted: Record<number, number> = {
    [a.chainId]: targetSwaps,
    [b.chainId]: targetSwapsB,
  };
  const scenarios = new Map<number, Scenario>(chains.map((c) => [c.chainId, scenario(c)]));
  const poolOf = (c: ChainUnderTest) => c.record.pools["sUSD/USDC"]!.poolId;

  // Funding and bursts on both chains at once: USDC -> sUSD -> USDC -> ... (an even number of hops
  // ends in USDC again).
  const burstStart = performance.now();
  const bursts = await Promise.all(
    chains.map(async (c) => {
      const { ctx } = scenarios.get(c.chainId)!;
      const manager = c.record.contracts.LiquidityPoolManager!.address;
      const usdc = c.record.collateral.USDC!.address;
      const susd = c.record.synths.sUSD!.address;
      const trader = ctx.wallets.dave;
      const traderAddress = ctx.address("dave");
      await ctx.send(
        "faucet USDC",
        trader.writeContract({
          address: usdc,
          abi: mockERC20Abi,
          functionName: "mint",
          args: [traderAddress, parseUnits("1000000", 6)],
        }),
      );
      for (const token of [usdc, susd]) {
        await ctx.send(
          "approve the pool manager",
          trader.writeContract({
            address: token,
            abi: syntheticAssetAbi,
            functionName: "approve",
            args: [manager, 2n ** 256n - 1n],
          }),
        );
      }
      const route = Array.from({ length: hopsPerTx }, (_, k) => ({
        poolId: poolOf(c),
        tokenOut: k % 2 === 0 ? susd : usdc,
      }));
      const firstBlock = (await c.publicClient.getBlockNumber()) + 1n;
      const transactions = Math.ceil(swapsWanted[c.chainId]! / hopsPerTx);
      for (let i = 0; i < transactions; i++) {
        await ctx.send(
          `burst ${i} on ${c.chainId}`,
          trader.writeContract({
            address: manager,
            abi: liquidityPoolManagerAbi,
            functionName: "swapExactInMultiHop",
            args: [usdc, route, parseUnits("100", 6), 0n, traderAddress, await ctx.deadline()],
            gas: 16_000_000n, // under the per-transaction gas cap (EIP-7825: 2^24)
          }),
        );
      }
      const head = await c.publicClient.getBlockNumber();
      return {
        chainId: c.chainId,
        firstBlock,
        head,
        transactions,
        swaps: transactions * hopsPerTx,
      };
    }),
  );
  const swapEvents = bursts.reduce((n, x) => n + x.swaps, 0);
  for (const x of bursts) {
    log(
      `chain ${x.chainId}: ${x.swaps} swap events in ${x.transactions} transactions, head ${x.head}`,
    );
  }
  log(`bursts took ${Math.round(performance.now() - burstStart)} ms`);

  // The ceiling: every log of both chains, read with plain eth_getLogs in block chunks.
  const getLogsStart = performance.now();
  const logsByChain: Record<string, number> = {};
  for (const c of chains) {
    const client = createPublicClient({ transport: http(c.chain.url) });
    const { head, firstBlock } = bursts.find((x) => x.chainId === c.chainId)!;
    let logs = 0;
    let burstLogs = 0;
    for (let from = 0n; from <= head; from += getLogsChunk) {
      const to = from + getLogsChunk - 1n < head ? from + getLogsChunk - 1n : head;
      const chunk = (await client.request({
        method: "eth_getLogs",
        params: [{ fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` }],
      })) as { blockNumber: Hex }[];
      logs += chunk.length;
      burstLogs += chunk.filter((l) => BigInt(l.blockNumber) >= firstBlock).length;
    }
    logsByChain[c.chainId] = logs;
    log(`getLogs on ${c.chainId}: ${logs} logs (${burstLogs} from the bursts)`);
  }
  const getLogsMs = performance.now() - getLogsStart;
  const totalLogs = Object.values(logsByChain).reduce((n, x) => n + x, 0);
  results.getLogsEventsPerSec = Math.round(totalLogs / (getLogsMs / 1000));
  log(`getLogs: ${totalLogs} logs in ${Math.round(getLogsMs)} ms`);

  // Websocket: Hardhat 3's node serves it on the HTTP port; checked rather than assumed.
  let liveTransport: "ws" | "poll" = "poll";
  if (wantWs) {
    const answers = await Promise.all(chains.map((c) => wsAnswers(c.chain.wsUrl)));
    if (answers.every(Boolean)) liveTransport = "ws";
    else log("a node does not answer on its websocket URL: the indexers poll");
  }
  const indexed: IndexedChain[] = chains.map((c) => ({
    chainId: c.chainId,
    rpcUrl: c.chain.url,
    wsUrl: liveTransport === "ws" ? c.chain.wsUrl : undefined,
  }));

  /**
   * With a websocket Ponder learns of new blocks only from pushed heads, and /ready answers once the
   * historical sync reaches the finalized block (30 behind the head on local chains): the last blocks,
   * left to the realtime sync, wait for the next head, which an idle automining node never sends. A
   * live chain has one every second or so (`npm run dev` mines one a second): so does the bench, from
   * /ready until the heads are indexed (the first at once). Returns how many blocks each chain got.
   */
  function blockClock(chainIds: number[]): { stop(): Promise<number> } {
    let mined = 0;
    let on = true;
    const loop = (async () => {
      while (on) {
        await Promise.all(
          chains
            .filter((c) => chainIds.includes(c.chainId))
            .map((c) =>
              c.publicClient.request({ method: "evm_mine" as never, params: [] as never }),
            ),
        );
        mined++;
        for (let t = 0; t < 50 && on; t++) await new Promise((r) => setTimeout(r, 20));
      }
    })();
    return {
      async stop() {
        on = false;
        await loop;
        return mined;
      },
    };
  }

  type Run = {
    indexer: IndexerProcess;
    events: number;
    seconds: number;
    peakRssMb: number | null;
    breakdown: PonderBreakdown;
  };
  /** One backfill: spawn -> HTTP up -> /ready -> every block of its chains indexed. */
  async function backfill(app: "ours" | "floor", kind: "pglite" | "postgres"): Promise<Run> {
    const { storage, drop } = await freshStorage(kind);
    drops.push(drop);
    // Every block at its start, the live samples of an earlier run's included: a backfill is done when
    // all of them are indexed, and the live samples that follow find nothing left to catch up.
    const targets = new Map<number, bigint>();
    for (const c of chains) targets.set(c.chainId, await c.publicClient.getBlockNumber());
    // Both apps index both chains: the floor differs from ours only in what it does per event.
    const appChains = indexed;
    const indexer = await startIndexer(
      app === "ours"
        ? { chains: appChains, storage }
        : { chains: appChains, storage, root: floorRoot },
    );
    running.add(indexer);
    const name = app === "ours" ? `indexer-${kind}` : `floor-${kind}`;
    logNames.set(indexer, name);
    try {
      const pid = indexer.child.pid!;
      // The pid is ponder's own node process (spawned directly, no shell or npm in between).
      const cmd = commandLine(pid);
      if (!cmd?.includes("ponder.js")) throw new Error(`pid ${pid} is not ponder: ${cmd}`);
      await indexer.waitListening(backfillTimeoutMs);
      const listeningMs = performance.now() - indexer.spawnedAt;
      await indexer.waitReady(backfillTimeoutMs);
      const readyMs = performance.now() - indexer.spawnedAt;
      const ticking =
        liveTransport === "ws" ? blockClock(appChains.map((c) => c.chainId)) : undefined;
      try {
        for (const c of appChains) {
          await indexer.waitForBlock(targets.get(c.chainId)!, backfillTimeoutMs, c.chainId);
        }
      } finally {
        const mined = await ticking?.stop();
        if (mined) log(`${name}: ${mined} empty block(s) mined per chain after /ready`);
      }
      const totalMs = performance.now() - indexer.spawnedAt;
      const peak = peakRssMb(pid);
      const breakdown = ponderBreakdown(await indexer.metrics(), {
        storage: kind,
        listeningMs,
        readyMs,
        totalMs,
      });
      if (breakdown.events === 0)
        throw new Error("no ponder_indexing_completed_events in /metrics");
      const seconds = totalMs / 1000;
      log(
        `${name}: ${breakdown.events} events to every block indexed in ${seconds.toFixed(1)} s ` +
          `(${Math.round(breakdown.events / seconds)}/s), peak RSS ${peak} MB`,
      );
      return { indexer, events: breakdown.events, seconds, peakRssMb: peak, breakdown };
    } finally {
      if (logDir) writeFileSync(join(logDir, `${name}.log`), indexer.output());
    }
  }
  const logNames = new Map<IndexerProcess, string>();
  const stop = async (indexer: IndexerProcess) => {
    await indexer.stop();
    running.delete(indexer);
    const name = logNames.get(indexer);
    if (logDir && name) writeFileSync(join(logDir, `${name}.log`), indexer.output());
  };

  // Live lag: one swap at a time, from its receipt to the pool's swap count moving in GraphQL.
  const swapCount = async (indexer: IndexerProcess, c: ChainUnderTest) =>
    (
      await indexer.graphql<{ pool: { swapCount: number } }>(
        `{ pool(chainId: ${c.chainId}, poolId: "${poolOf(c)}") { swapCount } }`,
      )
    ).pool.swapCount;
  const sample = async (indexer: IndexerProcess, c: ChainUnderTest, i: number): Promise<number> => {
    const before = await swapCount(indexer, c);
    await scenarios
      .get(c.chainId)!
      .swap(
        "dave",
        "sUSD/USDC",
        i % 2 === 0 ? "USDC" : "sUSD",
        i % 2 === 0 ? "sUSD" : "USDC",
        "10",
      );
    const mined = performance.now();
    while ((await swapCount(indexer, c)) === before) {
      if (performance.now() - mined > 30_000) {
        throw new Error(`a live swap on ${c.chainId} never showed up`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - mined;
  };
  /** `liveSamples` swaps per chain, alternating chains: every lag (ms) by chain. */
  const liveLags = async (indexer: IndexerProcess): Promise<Map<number, number[]>> => {
    const lags = new Map<number, number[]>(chains.map((c) => [c.chainId, []]));
    for (let i = 0; i < liveSamples; i++) {
      for (const c of chains) lags.get(c.chainId)!.push(await sample(indexer, c, i));
    }
    return lags;
  };
  const lagSummary = (lags: Map<number, number[]>) => {
    const every = [...lags.values()].flat();
    return {
      p50Ms: percentile(every, 0.5),
      p99Ms: percentile(every, 0.99),
      // Every sample, in the order taken: an outlier's place in the run is part of what it means.
      samplesMs: Object.fromEntries(
        [...lags].map(([id, l]) => [String(id), l.map((x) => Math.round(x * 10) / 10)]),
      ),
      byChain: Object.fromEntries(
        [...lags].map(([id, l]) => [
          String(id),
          { p50Ms: percentile(l, 0.5), p99Ms: percentile(l, 0.99) },
        ]),
      ),
    };
  };

  // Each storage: the floor, then ours (stopped before the next run, but for the last one: live lag).
  const storages: ("pglite" | "postgres")[] = ["pglite"];
  if (await postgresAvailable()) storages.push("postgres");
  else log("Postgres is not reachable at TEST_DATABASE_URL: the Postgres backfills are skipped");
  const breakdowns: Record<string, PonderBreakdown> = {};
  let live: IndexerProcess | undefined;
  for (const kind of storages) {
    const pg = kind === "postgres";
    if (live) await stop(live);
    const floor = await backfill("floor", kind);
    await stop(floor.indexer);
    const ours = await backfill("ours", kind);
    live = ours.indexer;
    Object.assign(results, {
      [pg ? "backfillEventsPerSecPostgres" : "backfillEventsPerSecPglite"]: Math.round(
        ours.events / ours.seconds,
      ),
      [pg ? "backfillPostgresSeconds" : "backfillPgliteSeconds"]: Number(ours.seconds.toFixed(2)),
      [pg ? "backfillPeakRssMb" : "backfillPeakRssMbPglite"]: ours.peakRssMb,
      [pg ? "ponderFloorEventsPerSec" : "ponderFloorEventsPerSecPglite"]: Math.round(
        floor.events / floor.seconds,
      ),
      [pg ? "ponderFloorSeconds" : "ponderFloorPgliteSeconds"]: Number(floor.seconds.toFixed(2)),
      [pg ? "ponderFloorPeakRssMb" : "ponderFloorPeakRssMbPglite"]: floor.peakRssMb,
    });
    breakdowns[`ours-${kind}`] = ours.breakdown;
    breakdowns[`floor-${kind}`] = floor.breakdown;
    log(formatBreakdown("ours", ours.breakdown));
    log(formatBreakdown("floor", floor.breakdown));
    if (!pg) {
      // `npm run dev` indexes on PGlite: its live lag, the same way as below.
      results.liveLagPglite = lagSummary(await liveLags(ours.indexer));
      log(`live lag on PGlite (${liveTransport}): ${JSON.stringify(results.liveLagPglite)}`);
    }
  }
  if (!storages.includes("postgres")) {
    Object.assign(results, {
      backfillEventsPerSecPostgres: null,
      backfillPeakRssMb: null,
      ponderFloorEventsPerSec: null,
      ponderFloorPeakRssMb: null,
    });
  }

  const metricsBeforeLive = parsePrometheus(await live!.metrics());
  const lagsByChain = await liveLags(live!);
  const all = [...lagsByChain.values()].flat();
  results.liveLagP50Ms = percentile(all, 0.5);
  results.liveLagP99Ms = percentile(all, 0.99);
  results.liveStorage = storages.at(-1);
  results.liveTransport = liveTransport;
  results.liveLagSamplesMs = lagSummary(lagsByChain).samplesMs;
  results.liveLagByChain = Object.fromEntries(
    [...lagsByChain].map(([id, lags]) => [
      String(id),
      { p50Ms: percentile(lags, 0.5), p99Ms: percentile(lags, 0.99) },
    ]),
  );
  log(
    `live lag over ${all.length} swaps (${liveSamples} per chain, ${liveTransport}): ` +
      `p50 ${results.liveLagP50Ms} ms, p99 ${results.liveLagP99Ms} ms; by chain ${JSON.stringify(results.liveLagByChain)}`,
  );

  // What one live block costs the indexer, from its metrics over the alternating samples: the
  // statements of its database transaction (Ponder commits every table's reorg log per block) and
  // their time, the RPC reads, and the indexing functions.
  {
    const after = parsePrometheus(await live!.metrics());
    const delta = (name: string, labels: string[], key: string) =>
      (sumBy(after, name, labels).get(key) ?? 0) -
      (sumBy(metricsBeforeLive, name, labels).get(key) ?? 0);
    const blocks = delta("ponder_database_method_duration_count", ["method"], "update_checkpoints");
    const per = (x: number) => (blocks > 0 ? Number((x / blocks).toFixed(2)) : null);
    const handlerMs =
      total(after, "ponder_indexing_function_duration_sum") -
      total(metricsBeforeLive, "ponder_indexing_function_duration_sum");
    const rpcMs =
      total(after, "ponder_rpc_request_duration_sum") -
      total(metricsBeforeLive, "ponder_rpc_request_duration_sum");
    const rpcCount =
      total(after, "ponder_rpc_request_duration_count") -
      total(metricsBeforeLive, "ponder_rpc_request_duration_count");
    results.liveBlockBreakdown = {
      blocks,
      commitBlockStatementsPerBlock: per(
        delta("ponder_database_method_duration_count", ["method"], "commit_block"),
      ),
      commitBlockMsPerBlock: per(
        delta("ponder_database_method_duration_sum", ["method"], "commit_block"),
      ),
      indexingFunctionsMsPerBlock: per(handlerMs),
      rpcRequestsPerBlock: per(rpcCount),
      rpcMsPerBlock: per(rpcMs),
    };
    log(`one live block: ${JSON.stringify(results.liveBlockBreakdown)}`);
  }

  // Both chains at the same instant: each chain's own lag, and how far apart the two were.
  const together = new Map<number, number[]>(chains.map((c) => [c.chainId, []]));
  const gaps: number[] = [];
  for (let i = 0; i < simultaneousRounds; i++) {
    const lags = await Promise.all(chains.map((c) => sample(live!, c, liveSamples + i)));
    chains.forEach((c, k) => {
      together.get(c.chainId)!.push(lags[k]!);
    });
    gaps.push(Math.abs(lags[0]! - lags[1]!));
  }
  results.liveLagSimultaneous = {
    rounds: simultaneousRounds,
    ...Object.fromEntries(
      [...together].map(([id, lags]) => [
        String(id),
        { p50Ms: percentile(lags, 0.5), p99Ms: percentile(lags, 0.99) },
      ]),
    ),
    gapP50Ms: percentile(gaps, 0.5),
  };
  log(`simultaneous swaps: ${JSON.stringify(results.liveLagSimultaneous)}`);
  await stop(live!);
  await cleanup();

  const ratio = (x: unknown, y: unknown) =>
    typeof x === "number" && typeof y === "number" && y > 0 ? Number((x / y).toFixed(3)) : null;
  Object.assign(results, {
    swapEvents,
    swapEventsByChain: Object.fromEntries(bursts.map((x) => [String(x.chainId), x.swaps])),
    totalLogs,
    totalLogsByChain: logsByChain,
    hopsPerTransaction: hopsPerTx,
    backfillVsGetLogs: ratio(results.backfillEventsPerSecPostgres, results.getLogsEventsPerSec),
    backfillVsPonderFloor: ratio(
      results.backfillEventsPerSecPostgres,
      results.ponderFloorEventsPerSec,
    ),
    ponderFloorVsGetLogs: ratio(results.ponderFloorEventsPerSec, results.getLogsEventsPerSec),
    breakdown: {
      backfill: breakdowns["ours-postgres"] ?? null,
      ponderFloor: breakdowns["floor-postgres"] ?? null,
    },
    breakdownPglite: {
      backfill: breakdowns["ours-pglite"] ?? null,
      ponderFloor: breakdowns["floor-pglite"] ?? null,
    },
    aims: { backfillPostgresVsGetLogs: 0.5, liveLagP50Ms: 50, liveLagP99Ms: 150 },
    machine: {
      cpus: availableParallelism(),
      model: cpus()[0]?.model,
      loadavg1m: Number(loadavg()[0]!.toFixed(2)),
      loadavg1mAtStart: Number(loadAtStart.toFixed(2)),
      node: process.version,
    },
    date: new Date().toISOString(),
  });
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/indexer.json", `${JSON.stringify(results, null, 2)}\n`);
  const { breakdown: _b, breakdownPglite: _p, ...headline } = results;
  log(`wrote bench/results/indexer.json\n${JSON.stringify(headline, null, 2)}`);
} catch (error) {
  console.error(error);
  // What util.inspect's depth hides: every cause down the chain.
  for (let e = (error as Error).cause; e instanceof Error; e = e.cause) {
    console.error(`  caused by ${e.name}: ${e.message} ${(e as { code?: string }).code ?? ""}`);
  }
  for (const indexer of running) {
    if (logDir) writeFileSync(join(logDir, `failed-${indexer.port}.log`), indexer.output());
  }
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);

/** The p-th quantile of some milliseconds (nearest rank, as before), to 0.1 ms. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1));
}

/** Whether a node answers JSON-RPC over WebSocket at `url` (within 3 s). */
async function wsAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // Never opened.
      }
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 3_000);
    try {
      socket = new WebSocket(url);
    } catch {
      done(false);
      return;
    }
    socket.onerror = () => done(false);
    socket.onopen = () =>
      socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }));
    socket.onmessage = (message) => done(String(message.data).includes('"result"'));
  });
}
