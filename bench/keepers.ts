// `npm run bench:keepers`: the liquidation wave of a 30% crash, through the real parts as `npm run dev`
// runs them: a `hardhat node` mining a block every BENCH_BLOCK_MS (default 1000, as a fast chain does),
// the protocol deployed on it, the indexer (Ponder, PGlite), and the scheduled keepers' process
// (`keepers/src/jobs/main.ts`: liquidations from the indexer, oracle rounds, its inventory) on PGlite.
// BENCH_POSITIONS (default 200) WETH/sUSD positions from 152% to 201%; ETH drops 30% in one round, which
// trips the breaker; three settled rounds re-arm it; from then on every position under 120% is
// liquidatable, and the clock runs: blocks and milliseconds from the re-arm to each liquidation.
// The floor, measured in the same run: one of those positions liquidated by a plain viem client the
// moment the bench sees the re-arm (floorBlocks, floorMs), the least any keeper could do.
// cpuMsPer1000Positions: the keeper process's CPU per liquidation-job run per 1,000 positions watched,
// over BENCH_IDLE_BLOCKS blocks with nothing to liquidate. Writes bench/results/keepers.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { mockERC20Abi, priceOracleAbi, synthVaultAbi } from "@fluxion/deploy";
import {
  type Address,
  createWalletClient,
  http,
  maxUint256,
  parseEther,
  parseUnits,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { devKey, killAllKeepers, startKeeperProcess, until } from "../test/lib/bridgeStack.ts";
import { startMarketScenario } from "../test/lib/marketScenario.ts";
import { cpuWindow } from "./lib/cpu.ts";

const positionsCount = Number(process.env.BENCH_POSITIONS ?? 200);
const blockMs = Number(process.env.BENCH_BLOCK_MS ?? 1000);
const idleBlocks = Number(process.env.BENCH_IDLE_BLOCKS ?? 10);
/** Tasks the keeper moves at once (KEEPER_JOBS_CONCURRENCY; unset: the keeper's default). */
const concurrency = process.env.BENCH_CONCURRENCY;

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const s = await startMarketScenario();
const workDir = mkdtempSync(join(tmpdir(), "fluxion-bench-keepers-"));
try {
  const ratios = Array.from({ length: positionsCount }, (_, i) => 1.52 + (i % 50) * 0.01);
  const positions = await s.openPositions(ratios);
  // The floor's liquidator: Hardhat account #10 with sUSD of its own (a USDC-backed position).
  const floorKey = devKey(10);
  const chainDef = { ...hardhat, rpcUrls: { default: { http: [s.chain.url] } } };
  const floorWallet = createWalletClient({
    account: privateKeyToAccount(floorKey.privateKey),
    chain: chainDef,
    transport: http(s.chain.url),
  });
  const usdc = s.record.collateral.USDC!.address as Address;
  const deployer = s.wallets[0]!;
  await s.rpc("hardhat_setBalance", [floorKey.address, toHex(parseEther("10"))]);
  await s.publicClient.waitForTransactionReceipt({
    hash: await deployer.writeContract({
      address: usdc,
      abi: mockERC20Abi,
      functionName: "mint",
      args: [floorKey.address, parseUnits("100000", 6)],
    }),
  });
  await s.publicClient.waitForTransactionReceipt({
    hash: await floorWallet.writeContract({
      address: usdc,
      abi: mockERC20Abi,
      functionName: "approve",
      args: [s.vault, maxUint256],
    }),
  });
  await s.publicClient.waitForTransactionReceipt({
    hash: await floorWallet.writeContract({
      address: s.vault,
      abi: synthVaultAbi,
      functionName: "depositAndMint",
      args: [usdc, s.sUsd, parseUnits("100000", 6), parseUnits("30000", 18)],
    }),
  });

  const keeper = await startKeeperProcess(
    "bench",
    8,
    s.keeperEnv({
      KEEPER_JOBS: "liquidations,oracle,inventory",
      KEEPER_INVENTORY_USD: "2000000",
      KEEPER_LOG_LEVEL: "warn",
      // The default poll (what `npm run keepers` does), not the tests' faster one.
      KEEPER_JOBS_POLL_MS: "200",
      ...(concurrency ? { KEEPER_JOBS_CONCURRENCY: concurrency } : {}),
      DATABASE_URL: "",
      KEEPER_JOBS_DATA_DIR: join(workDir, "keeper"),
    }),
    { program: "jobs" },
  );
  await keeper.waitHealthy();
  type JobView = { name: string; runs: number; lastSummary: Record<string, unknown> | null };
  const jobs = async () =>
    ((await keeper.request("GET", "/jobs")).body as { jobs: JobView[] }).jobs;
  await until(
    "the keeper's inventory",
    async () => (await jobs()).some((j) => j.name.startsWith("inventory@") && j.runs > 0),
    { timeoutMs: 120_000 },
  );

  // From here on the chain makes a block every blockMs, whatever is sent.
  await s.rpc("evm_setAutomine", [false]);
  await s.rpc("evm_setIntervalMining", [blockMs]);

  // CPU of the keeper while it watches every position, block after block, with nothing to do.
  const liquidationRuns = async () => (await jobs()).find((j) => j.name === "liquidations")!;
  await until(
    "the positions watched",
    async () => {
      const job = await liquidationRuns();
      return Number(job.lastSummary?.watched ?? 0) >= positionsCount;
    },
    { timeoutMs: 60_000 },
  );
  const runsBefore = (await liquidationRuns()).runs;
  const idle = cpuWindow({ keeper: keeper.pid }, availableParallelism());
  await new Promise((r) => setTimeout(r, idleBlocks * blockMs));
  const idleJob = await liquidationRuns();
  const runs = idleJob.runs - runsBefore;
  const watched = Number(idleJob.lastSummary?.watched ?? 0);
  const idleCpu = idle.stop(Math.max(1, runs));
  const cpuPerRunMs = idleCpu.processes.keeper?.cpuMsPerUnit ?? null;
  const healthCpuMs = Number(idleJob.lastSummary?.cpuMicros ?? 0) / 1000;

  // The crash, and the rounds that settle it (each in its own block).
  const price = await s.ethPrice();
  const crashBlock = await s.setEthPrice(price * 0.7);
  await until(
    "the trip recorded",
    () =>
      s.publicClient.readContract({
        address: s.record.contracts.PriceOracle!.address as Address,
        abi: priceOracleAbi,
        functionName: "isTripped",
        args: [s.weth],
      }),
    { timeoutMs: 30_000 },
  );
  for (const move of [1.001, 0.999, 1.0005]) await s.setEthPrice(price * 0.7 * move);
  const due = positions.filter((p) => p.ratio * 0.7 * 0.9995 < 1.2);
  const [floorTarget, ...keeperDue] = due;
  // The re-arm: seen by polling its event; the floor's liquidation goes out at once.
  const wave = cpuWindow({ keeper: keeper.pid }, availableParallelism());
  const rearmBlock = await until("the re-arm", () => s.rearmedAt(crashBlock), {
    timeoutMs: 60_000,
    intervalMs: 10,
  });
  const rearmSeenAt = performance.now();
  const [, debt] = await s.publicClient.readContract({
    address: s.vault,
    abi: synthVaultAbi,
    functionName: "position",
    args: [floorTarget!.owner, s.weth, s.sUsd],
  });
  const floorHash = await floorWallet.writeContract({
    address: s.vault,
    abi: synthVaultAbi,
    functionName: "liquidate",
    args: [floorTarget!.owner, s.weth, s.sUsd, debt],
  });
  const floorReceipt = await s.publicClient.waitForTransactionReceipt({
    hash: floorHash,
    pollingInterval: 10,
  });
  const floorMs = performance.now() - rearmSeenAt;
  const floorBlocks = Number(floorReceipt.blockNumber - rearmBlock);

  // Each keeper liquidation: seen by polling the vault's events every 20 ms.
  const seenAt = new Map<string, { ms: number; block: bigint }>();
  const deadline = performance.now() + 180_000;
  while (seenAt.size < keeperDue.length && performance.now() < deadline) {
    for (const [owner, list] of await s.liquidations(crashBlock)) {
      if (!seenAt.has(owner))
        seenAt.set(owner, { ms: performance.now() - rearmSeenAt, block: list[0]!.block });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const waveCpu = wave.stop(Math.max(1, seenAt.size));
  const done = await s.liquidations(crashBlock);
  const keeperAddress = devKey(8).address.toLowerCase();
  const byKeeper = keeperDue.filter((p) =>
    done.get(p.owner.toLowerCase())?.some((l) => l.liquidator.toLowerCase() === keeperAddress),
  );
  const missed = keeperDue.length - byKeeper.length;
  const duplicates = [...done.values()].filter((list) => list.length > 1).length;
  const blocks = byKeeper.map((p) => Number(seenAt.get(p.owner.toLowerCase())!.block - rearmBlock));
  const ms = byKeeper.map((p) => seenAt.get(p.owner.toLowerCase())!.ms);
  const spanMs = Math.max(...ms);
  await s.rpc("evm_setIntervalMining", [0]);
  await s.rpc("evm_setAutomine", [true]);
  const reverted = await s.revertedFrom(devKey(8).address, crashBlock);

  const results = {
    benchmark: "keepers",
    at: new Date().toISOString(),
    setup: {
      positions: positionsCount,
      liquidatable: keeperDue.length,
      blockMs,
      keeperDatabase: "pglite",
      concurrency: Number(concurrency ?? 16),
      positionSource: "indexer",
      crash: "ETH -30% in one round (trips the 10% breaker), then 3 settled rounds re-arm it",
    },
    liquidationBlocksP50: percentile(blocks, 50),
    liquidationBlocksP99: percentile(blocks, 99),
    liquidationMsP50: percentile(ms, 50) === null ? null : Math.round(percentile(ms, 50)!),
    liquidationMsP99: percentile(ms, 99) === null ? null : Math.round(percentile(ms, 99)!),
    liquidationsPerSec: Number(((byKeeper.length * 1000) / spanMs).toFixed(2)),
    missed,
    duplicates,
    revertedSent: reverted.length,
    cpuMsPer1000Positions:
      cpuPerRunMs === null || watched === 0
        ? null
        : Number(((cpuPerRunMs * 1000) / watched).toFixed(2)),
    healthCpuMsPer1000Positions: Number(((healthCpuMs * 1000) / Math.max(1, watched)).toFixed(3)),
    floor: {
      floorBlocks,
      floorMs: Math.round(floorMs),
      ratioBlocksP50:
        percentile(blocks, 50) === null ? null : percentile(blocks, 50)! / Math.max(1, floorBlocks),
      ratioMsP50:
        percentile(ms, 50) === null ? null : Number((percentile(ms, 50)! / floorMs).toFixed(2)),
    },
    keeperCpu: { idle: idleCpu, wave: waveCpu, idleRuns: runs, watched },
    machine: {
      cores: availableParallelism(),
      cpu: cpus()[0]?.model ?? "unknown",
      loadavg1m: Number(loadavg()[0]!.toFixed(2)),
    },
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/keepers.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `[bench:keepers] wrote bench/results/keepers.json\n${JSON.stringify(results, null, 2)}`,
  );
  if (missed > 0 || duplicates > 0 || reverted.length > 0) {
    console.error("[bench:keepers] missed, duplicated or reverted liquidations: see above");
    process.exitCode = 1;
  }
} finally {
  await killAllKeepers();
  await s.close();
  rmSync(workDir, { recursive: true, force: true });
}
