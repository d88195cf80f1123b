// `npm run bench:indexer`: the indexer against a fresh local chain carrying at least 50,000 swaps.
// 1. A Hardhat node, Fluxion deployed and the demo seeded, then bursts of swaps: each transaction is a
//    multi-hop swap bouncing USDC <-> sUSD through the stable pool (one Swap event per hop, plus the
//    token transfers), until BENCH_SWAPS swap events exist.
// 2. The ceiling: a plain viem getLogs loop over the whole range, in the same run, on the same node.
// 3. Backfill: `ponder start` from an empty database to "historical sync complete" (/ready), on PGlite
//    and on Postgres (a throwaway database; skipped with a note when no server answers, unless CI=true).
// 4. Live lag: single swaps mined one at a time, from the receipt to the swap being visible in GraphQL.
// Writes bench/results/indexer.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { createPublicClient, type Hex, http, parseUnits } from "viem";
import {
  liquidityPoolManagerAbi,
  mockERC20Abi,
  syntheticAssetAbi,
} from "../deploy/generated/fluxion.ts";
import {
  freshStorage,
  type IndexerProcess,
  postgresAvailable,
  startIndexer,
} from "../indexer/test/support/indexerProcess.ts";
import { deployProtocol, startLocalChain } from "../indexer/test/support/localChain.ts";
import { scenario } from "../indexer/test/support/scenario.ts";

const targetSwaps = Number(process.env.BENCH_SWAPS ?? 50_000);
const hopsPerTx = Number(process.env.BENCH_HOPS ?? 120);
const liveSamples = Number(process.env.BENCH_LIVE_SAMPLES ?? 40);
// Blocks per eth_getLogs call: a burst block holds ~120 logs (~115 KB), viem reads at most 10 MB.
const getLogsChunk = 50n;

const log = (message: string) => console.log(`[bench:indexer] ${message}`);

const chain = await startLocalChain();
const results: Record<string, unknown> = {};
let exitCode = 0;
try {
  const protocol = await deployProtocol(chain.url);
  const { record } = protocol;
  const s = scenario(protocol);
  const { ctx } = s;
  const manager = record.contracts.LiquidityPoolManager!.address;
  const pool = record.pools["sUSD/USDC"]!.poolId;
  const usdc = record.collateral.USDC!.address;
  const susd = record.synths.sUSD!.address;
  const trader = ctx.wallets.dave;
  const traderAddress = ctx.address("dave");

  // Funding: faucet USDC, approvals for both directions.
  const amountIn = parseUnits("100", 6);
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

  // Bursts: USDC -> sUSD -> USDC -> ... (an even number of hops ends in USDC again).
  const route = Array.from({ length: hopsPerTx }, (_, k) => ({
    poolId: pool,
    tokenOut: k % 2 === 0 ? susd : usdc,
  }));
  const firstBurstBlock = (await protocol.publicClient.getBlockNumber()) + 1n;
  const bursts = Math.ceil(targetSwaps / hopsPerTx);
  const burstStart = performance.now();
  for (let i = 0; i < bursts; i++) {
    await ctx.send(
      `burst ${i}`,
      trader.writeContract({
        address: manager,
        abi: liquidityPoolManagerAbi,
        functionName: "swapExactInMultiHop",
        args: [usdc, route, amountIn, 0n, traderAddress, await ctx.deadline()],
        gas: 16_000_000n, // under the per-transaction gas cap (EIP-7825: 2^24)
      }),
    );
  }
  const head = await protocol.publicClient.getBlockNumber();
  const swapEvents = bursts * hopsPerTx;
  log(
    `${swapEvents} swap events in ${bursts} transactions (${Math.round(performance.now() - burstStart)} ms)`,
  );

  // The ceiling: every log of the chain, read with plain eth_getLogs in block chunks.
  const client = createPublicClient({ transport: http(chain.url) });
  const getLogsStart = performance.now();
  let logs = 0;
  let burstLogs = 0;
  for (let from = 0n; from <= head; from += getLogsChunk) {
    const to = from + getLogsChunk - 1n < head ? from + getLogsChunk - 1n : head;
    const chunk = (await client.request({
      method: "eth_getLogs",
      params: [{ fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` }],
    })) as { blockNumber: Hex }[];
    logs += chunk.length;
    burstLogs += chunk.filter((l) => BigInt(l.blockNumber) >= firstBurstBlock).length;
  }
  const getLogsMs = performance.now() - getLogsStart;
  results.getLogsEventsPerSec = Math.round(logs / (getLogsMs / 1000));
  log(`getLogs: ${logs} logs in ${Math.round(getLogsMs)} ms (${burstLogs} from the bursts)`);

  // Backfill on each storage, then live lag on the last one started.
  const storages: ("pglite" | "postgres")[] = ["pglite"];
  if (await postgresAvailable()) storages.push("postgres");
  else log("Postgres is not reachable at TEST_DATABASE_URL: the Postgres backfill is skipped");
  let live: IndexerProcess | undefined;
  const drops: (() => Promise<void>)[] = [];
  for (const kind of storages) {
    const { storage, drop } = await freshStorage(kind);
    drops.push(drop);
    const started = performance.now();
    const indexer = await startIndexer({ rpcUrl: chain.url, storage });
    await indexer.waitReady(600_000);
    await indexer.waitForBlock(head, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const events = await completedEvents(indexer);
    if (process.env.BENCH_LOG_DIR) {
      writeFileSync(`${process.env.BENCH_LOG_DIR}/indexer-${kind}.log`, indexer.output());
    }
    const perSec = Math.round(events / seconds);
    const key = kind === "pglite" ? "backfillEventsPerSecPglite" : "backfillEventsPerSecPostgres";
    results[key] = perSec;
    results[`${key.replace("EventsPerSec", "")}Seconds`] = Number(seconds.toFixed(2));
    log(
      `${kind}: ${events} events to historical sync complete in ${seconds.toFixed(1)} s (${perSec}/s)`,
    );
    if (live) await live.stop();
    live = indexer;
  }
  if (!storages.includes("postgres")) results.backfillEventsPerSecPostgres = null;

  // Live lag: one swap at a time, from its receipt to the pool's swap count moving in GraphQL.
  const query = `{ pool(chainId: 31337, poolId: "${pool}") { swapCount } }`;
  const swapCount = async () =>
    (await live!.graphql<{ pool: { swapCount: number } }>(query)).pool.swapCount;
  const lags: number[] = [];
  for (let i = 0; i < liveSamples; i++) {
    const before = await swapCount();
    await s.swap(
      "dave",
      "sUSD/USDC",
      i % 2 === 0 ? "USDC" : "sUSD",
      i % 2 === 0 ? "sUSD" : "USDC",
      "10",
    );
    const mined = performance.now();
    while ((await swapCount()) === before) {
      if (performance.now() - mined > 30_000) throw new Error("a live swap never showed up");
      await new Promise((r) => setTimeout(r, 2));
    }
    lags.push(performance.now() - mined);
  }
  lags.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number(lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]!.toFixed(1));
  results.liveLagP50Ms = pct(0.5);
  results.liveLagP99Ms = pct(0.99);
  results.liveStorage = storages.at(-1);
  log(
    `live lag over ${liveSamples} swaps: p50 ${results.liveLagP50Ms} ms, p99 ${results.liveLagP99Ms} ms`,
  );
  await live?.stop();
  for (const drop of drops) await drop();

  Object.assign(results, {
    swapEvents,
    totalLogs: logs,
    hopsPerTransaction: hopsPerTx,
    backfillVsGetLogs:
      typeof results.backfillEventsPerSecPostgres === "number"
        ? Number(
            (
              results.backfillEventsPerSecPostgres / (results.getLogsEventsPerSec as number)
            ).toFixed(3),
          )
        : null,
    aims: { backfillPostgresVsGetLogs: 0.5, liveLagP50Ms: 100 },
    machine: {
      cpus: availableParallelism(),
      model: cpus()[0]?.model,
      loadavg1m: Number(loadavg()[0]!.toFixed(2)),
      node: process.version,
    },
    date: new Date().toISOString(),
  });
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/indexer.json", `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote bench/results/indexer.json\n${JSON.stringify(results, null, 2)}`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await chain.stop();
}
process.exit(exitCode);

/** Events the indexer has processed, from its Prometheus metrics. */
async function completedEvents(indexer: IndexerProcess): Promise<number> {
  const text = await (await fetch(`${indexer.url}/metrics`)).text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("ponder_indexing_completed_events{"))
      total += Number(line.split(" ").at(-1));
  }
  if (total === 0) throw new Error(`no ponder_indexing_completed_events in /metrics`);
  return total;
}
