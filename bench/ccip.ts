// `npm run bench:ccip`: cross-chain synth transfers through the real parts, each in its own process as
// `npm run dev` runs them: two `hardhat node`s (31337 and 31338) with the protocol deployed and connected, and
// the CCIP relay (`keepers/src/ccip/main.ts`) on Postgres when one answers (a throwaway database), else PGlite.
//   sendToExecuted (depth 0): one transfer at a time, from sendSynth submitted on 31337 to the destination
//     router reporting SUCCESS on 31338 (getExecutionState polled every 5 ms). BENCH_LATENCY_SAMPLES (50).
//   sendToExecuted (depth 2): the same with the relay waiting for two blocks on top of the send, the source
//     node mining a block every BENCH_BLOCK_MS (1000, like `npm run dev`) besides on each transaction.
//     BENCH_DEPTH2_SAMPLES (15).
//   messagesPerSec: BENCH_MESSAGES (200) transfers sent at once by 20 users on 31337, from the first send
//     to the last SUCCESS on 31338 (depth 0).
//   floor: in the same run, the two plain transactions a delivery needs at the least, one after the other:
//     an sUSD transfer sent and confirmed on 31337, then one sent and confirmed on 31338 (receipts polled
//     every 5 ms). Writes bench/results/ccip.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { syntheticAssetAbi } from "@fluxion/deploy";
import { type Hex, parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { postgresProblem } from "../scripts/lib/testPostgres.ts";
import { until } from "../test/lib/bridgeStack.ts";
import {
  type CcipChain,
  createRelayDatabase,
  type RelayProcess,
  startChains,
  startRelay,
} from "../test/lib/ccipStack.ts";
import { cpuWindow } from "./lib/cpu.ts";

const latencySamples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 50);
const depth2Samples = Number(process.env.BENCH_DEPTH2_SAMPLES ?? 15);
const messages = Number(process.env.BENCH_MESSAGES ?? 200);
const blockMs = Number(process.env.BENCH_BLOCK_MS ?? 1000);
const senders = 20;
const pollMs = 50;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
};

const [a, b] = await startChains();
const database = await createRelayDatabase();
let relay: RelayProcess | undefined;
const sUsd = (n: string) => parseUnits(n, 18);
let exitCode = 0;

async function executed(dest: CcipChain, id: Hex): Promise<void> {
  for (;;) {
    const state = await dest.stateOf(id);
    if (state === 2) return;
    if (state === 3) throw new Error(`message ${id} failed on the destination`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sends one transfer 31337 → 31338 and waits for SUCCESS: milliseconds from the send. */
async function oneTransfer(key: Hex): Promise<number> {
  const account = privateKeyToAccount(key);
  const started = performance.now();
  const { messageId } = await a.send(key, b, account.address, sUsd("1"));
  await executed(b, messageId);
  return performance.now() - started;
}

/** The floor: a plain sUSD transfer confirmed on each chain, one after the other. */
async function floorOnce(keyA: Hex, keyB: Hex): Promise<number> {
  const started = performance.now();
  for (const [chain, key] of [
    [a, keyA],
    [b, keyB],
  ] as const) {
    const wallet = chain.wallet(key);
    const hash = await wallet.writeContract({
      address: chain.sUSD,
      abi: syntheticAssetAbi,
      functionName: "transfer",
      args: [privateKeyToAccount(generatePrivateKey()).address, 1n],
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({
      hash,
      pollingInterval: 5,
    });
    if (receipt.status !== "success") throw new Error(`floor transaction ${hash} reverted`);
  }
  return performance.now() - started;
}

try {
  const keys = Array.from({ length: senders }, () => generatePrivateKey());
  for (const key of keys) await a.fund(privateKeyToAccount(key).address, sUsd("100000"));
  const floorKeyB = generatePrivateKey();
  await b.fund(privateKeyToAccount(floorKeyB).address, sUsd("100"));

  const chains = [
    { chainId: a.chainId, url: a.url },
    { chainId: b.chainId, url: b.url },
  ];
  const relayEnv = { KEEPER_CCIP_POLL_MS: String(pollMs), KEEPER_LOG_LEVEL: "warn" };
  relay = await startRelay("bench-depth0", chains, database, {
    ...relayEnv,
    KEEPER_CCIP_FINALITY_DEPTH: "0",
  });
  const detail = () => relay?.log().slice(-4000) ?? "";

  // Warm-up: a few deliveries (and floors) unmeasured.
  for (let i = 0; i < 3; i++) {
    await oneTransfer(keys[0]!);
    await floorOnce(keys[1]!, floorKeyB);
  }

  // Latency at depth 0, alternating with the floor so both see the same machine.
  const depth0: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < latencySamples; i++) {
    depth0.push(await oneTransfer(keys[0]!));
    floor.push(await floorOnce(keys[1]!, floorKeyB));
  }

  // Throughput: every sender sends its share at once; the relay delivers them all.
  const cpu = cpuWindow(
    { chainA: a.pid, chainB: b.pid, relay: relay.pid, bench: "self" },
    availableParallelism(),
  );
  const burstStarted = performance.now();
  const ids = (
    await Promise.all(
      keys.map(async (key) => {
        const sent: Hex[] = [];
        for (let i = 0; i < messages / senders; i++)
          sent.push((await a.send(key, b, privateKeyToAccount(key).address, sUsd("1"))).messageId);
        return sent;
      }),
    )
  ).flat();
  const sentSeconds = (performance.now() - burstStarted) / 1000;
  await until(
    "every burst message executed",
    async () => {
      for (const id of ids) if ((await b.stateOf(id)) !== 2) return false;
      return true;
    },
    { timeoutMs: 600_000, intervalMs: 50, detail },
  );
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  const cpuReport = cpu.stop(ids.length);
  const executions = await b.executions();
  for (const id of ids) {
    if (executions.get(id)?.length !== 1)
      throw new Error(`message ${id} executed ${executions.get(id)?.length} times`);
  }
  await relay.kill("SIGTERM");

  // Depth 2: blocks keep coming on the source, as on a live chain.
  relay = await startRelay("bench-depth2", chains, database, {
    ...relayEnv,
    KEEPER_CCIP_FINALITY_DEPTH: "2",
  });
  await a.rpc("evm_setIntervalMining", [blockMs]);
  await oneTransfer(keys[0]!);
  const depth2: number[] = [];
  for (let i = 0; i < depth2Samples; i++) depth2.push(await oneTransfer(keys[0]!));
  await a.rpc("evm_setIntervalMining", [0]);

  const results = {
    messagesPerSec: Number((ids.length / burstSeconds).toFixed(1)),
    sendToExecutedP50MsDepth0: percentile(depth0, 50),
    sendToExecutedP99MsDepth0: percentile(depth0, 99),
    sendToExecutedP50MsDepth2: percentile(depth2, 50),
    sendToExecutedP99MsDepth2: percentile(depth2, 99),
    floorP50Ms: percentile(floor, 50),
    floorP99Ms: percentile(floor, 99),
    ratioP50Depth0ToFloor: Number((percentile(depth0, 50) / percentile(floor, 50)).toFixed(2)),
    burst: {
      messages: ids.length,
      senders,
      sendSeconds: Number(sentSeconds.toFixed(2)),
      seconds: Number(burstSeconds.toFixed(2)),
      cpu: cpuReport,
    },
    setup: {
      latencySamples,
      depth2Samples,
      blockMsDepth2: blockMs,
      relayPollMs: pollMs,
      relayDatabase: postgresProblem ? "pglite" : "postgres",
      cpu: `${cpus()[0]?.model ?? "unknown"} x ${availableParallelism()}`,
      loadavg1m: Number(loadavg()[0]!.toFixed(2)),
    },
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/ccip.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log(`[bench:ccip] wrote bench/results/ccip.json\n${JSON.stringify(results, null, 2)}`);
} catch (error) {
  console.error(
    `[bench:ccip] failed: ${(error as Error).stack}\n--- relay\n${relay?.log().slice(-4000)}`,
  );
  exitCode = 1;
} finally {
  await relay?.kill();
  await database.close().catch(() => {});
  await a.close();
}
process.exit(exitCode);
