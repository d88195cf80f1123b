// `npm run bench:events`: the event bus on Postgres, each figure next to its floor from the same run.
//   1. pgInsertCeilingPerSec: the raw database. 50 concurrent single-row INSERTs (each its own
//      transaction, so each durable on its own) into api.event_log itself (same indexes, same
//      append-only trigger), through a pool of 10 connections like the API's. Also the batched
//      ceiling (100 rows per INSERT) for context.
//   2. webhooksPerSec: signed PAYMENT_RECEIVED webhooks (Standard Webhooks, every one a new
//      webhook-id, signed up front so the load generator stays cheap) into a real API process on the
//      same database, autocannon with 50 connections. Each 2xx follows its event's commit; the log's
//      row count is checked against the 2xx count afterwards.
//   3. webhookToReactionP50Ms/P99Ms: on a `hardhat node` with the protocol deployed, a payment posted
//      → its MINT_CONFIRMED on a /v1/stream client (compliance, the FiatMinter transaction and its
//      receipt in between). Floor: the same mint sent straight to the FiatMinter with viem.
//   4. chainToStreamP50Ms/P99Ms: with the indexer following the chain and the API's chain feed
//      following the indexer, a transaction sent → its chain.* event on the stream. Floor: the same
//      kind of transaction's receipt (the node's own confirmation).
// Writes bench/results/events.json with the machine's load. BENCH_DURATION (s per round, default 10).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fiatMinterAbi, mockERC20Abi, synthVaultAbi } from "@fluxion/deploy";
import autocannon from "autocannon";
import pg from "pg";
import { type Address, createWalletClient, http, keccak256, parseEther, stringToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import WebSocket from "ws";
import { openDatabase } from "../api/src/db/client.ts";
import { migrateDatabase } from "../api/src/db/migrate.ts";
import { newSecret, signHeaders } from "../api/src/events/standardWebhooks.ts";
import { freshStorage, startIndexer } from "../indexer/test/support/indexerProcess.ts";
import { deployProtocol, repoRoot, startLocalChain } from "../indexer/test/support/localChain.ts";
import { createTestDatabase } from "../scripts/lib/testPostgres.ts";
import { cpuWindow } from "./lib/cpu.ts";

const durationSec = Number(process.env.BENCH_DURATION ?? 10);
const connections = 50;
const samples = Number(process.env.BENCH_SAMPLES ?? 60);
const minterKey = "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897"; // dev #10
const serviceKey = "b".repeat(40);
const secret = newSecret();
const dir = mkdtempSync(join(tmpdir(), "fluxion-bench-events-"));
const cleanups: (() => Promise<unknown>)[] = [];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startApi(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["api/src/server.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      API_HOST: "127.0.0.1",
      API_PORT: String(port),
      API_LOG_LEVEL: "warn",
      API_SERVICE_KEYS: `bench=${serviceKey}`,
      API_WEBHOOK_SOURCES_FILE: join(dir, "sources.json"),
      ...env,
    },
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null) throw new Error(`bench: the API exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error("bench: the API is not ready after 60 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, child };
}

/** A stream client of `account` (API key); resolves each awaited event kind as it arrives. */
async function streamOf(apiUrl: string, account: Address) {
  const ws = new WebSocket(`${apiUrl.replace("http", "ws")}/v1/stream?account=${account}`, {
    headers: { "x-api-key": serviceKey },
  });
  const waiting = new Map<string, (at: number) => void>();
  ws.on("message", (data) => {
    const at = performance.now();
    const frame = JSON.parse(String(data)) as { kind: string; data?: Record<string, unknown> };
    for (const [key, resolve] of waiting) {
      if (key === `${frame.kind}:${String(frame.data?.reference ?? frame.data?.txHash ?? "")}`) {
        waiting.delete(key);
        resolve(at);
      }
    }
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  cleanups.push(async () => ws.close());
  return {
    close: () => ws.close(),
    next: (kind: string, match: string) =>
      new Promise<number>((resolve, reject) => {
        waiting.set(`${kind}:${match}`, resolve);
        setTimeout(
          () => reject(new Error(`bench: no ${kind} ${match} within 30 s`)),
          30_000,
        ).unref();
      }),
  };
}

async function main() {
  const database = await createTestDatabase("fluxion_bench_events");
  cleanups.push(() => database.drop());
  const handle = await openDatabase({ databaseUrl: database.url, dataDir: "memory://" });
  await migrateDatabase(handle);
  await handle.close();
  writeFileSync(
    join(dir, "sources.json"),
    JSON.stringify({
      sources: [
        {
          name: "bench",
          secrets: [secret],
          eventTypes: ["PAYMENT_RECEIVED"],
          rateLimit: 1_000_000,
        },
      ],
    }),
  );

  // 1. The raw database.
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  let n = 0; // across runs: every row a new id
  async function insertRate(rowsPerStatement: number, seconds: number): Promise<number> {
    let written = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          const values: string[] = [];
          const params: unknown[] = [];
          for (let r = 0; r < rowsPerStatement; r++) {
            const i = n++;
            params.push(
              `floor:${rowsPerStatement}:${i}`,
              JSON.stringify({
                account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                amount: "10.00",
                currency: "USD",
                reference: `f${i}`,
              }),
            );
            values.push(
              `($${params.length - 1}, 'PAYMENT_RECEIVED', 1, 'floor', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', $${params.length}::jsonb, now(), now(), null)`,
            );
          }
          await pool.query(
            `insert into api.event_log (id, type, version, source, account, payload, occurred_at, recorded_at, webhook_id) values ${values.join(", ")}`,
            params,
          );
          written += rowsPerStatement;
        }
      }),
    );
    return written / ((performance.now() - started) / 1000);
  }
  await insertRate(1, 2); // warm-up
  const pgInsertCeilingPerSec = await insertRate(1, durationSec);
  const pgBatchInsertPerSec = await insertRate(100, Math.max(3, durationSec / 2));
  await pool.end();
  console.log(
    `raw Postgres: ${Math.round(pgInsertCeilingPerSec)} single-row inserts/s, ${Math.round(pgBatchInsertPerSec)} rows/s batched`,
  );

  // 2. Signed webhooks into the log.
  const ingest = await startApi({ DATABASE_URL: database.url, API_REACTIONS: "false" });
  const total = 8000 * (durationSec * 2 + 3); // above any rate this machine reaches
  const signedAt = new Date();
  const requests = Array.from({ length: total }, (_, i) => {
    const body = JSON.stringify({
      type: "PAYMENT_RECEIVED",
      timestamp: signedAt.toISOString(),
      data: {
        account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        amount: "10.00",
        currency: "USD",
        reference: `b${i}`,
      },
    });
    return {
      body,
      headers: {
        "content-type": "application/json",
        ...signHeaders([secret], `msg_bench_${i}`, signedAt, body),
      },
    };
  });
  let next = 0;
  async function blast(seconds: number) {
    const result = await autocannon({
      url: `${ingest.url}/v1/webhooks/bench`,
      connections,
      duration: seconds,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const r = requests[next++ % requests.length]!;
            return { ...request, body: r.body, headers: r.headers };
          },
        },
      ],
    });
    return result;
  }
  await blast(3); // warm-up
  const before = await countLog(database.url);
  const cpu = cpuWindow({ api: ingest.child.pid!, loadGenerator: "self" }, availableParallelism());
  const runs = [await blast(durationSec), await blast(durationSec)];
  const accepted = runs.reduce((sum, r) => sum + r["2xx"], 0);
  const failed = runs.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
  const seconds = runs.reduce((sum, r) => sum + r.duration, 0);
  const logged = (await countLog(database.url)) - before;
  if (next > requests.length)
    throw new Error("bench: ran out of pre-signed webhooks; raise `total`");
  // Every 2xx was durable first; a request still in flight when a round ended may be logged without
  // its answer being counted (at most one per connection per round).
  if (logged < accepted || logged > accepted + connections * runs.length) {
    throw new Error(`bench: ${accepted} webhooks answered 2xx, ${logged} logged`);
  }
  const webhooksPerSec = accepted / seconds;
  const split = cpu.stop(accepted);
  const busyOf = (name: string) => split.processes[name]?.busyCores ?? 0;
  const cpuSplit = {
    machineBusyCores: split.machineBusyCores,
    apiBusyCores: busyOf("api"),
    loadGeneratorBusyCores: busyOf("loadGenerator"),
    // Postgres and everything else on the machine.
    otherBusyCores:
      split.machineBusyCores === null
        ? null
        : round(split.machineBusyCores - busyOf("api") - busyOf("loadGenerator"), 2),
    apiCpuMsPerWebhook: split.processes.api?.cpuMsPerUnit ?? null,
  };
  console.log(`cpu: ${JSON.stringify(cpuSplit)}`);
  const webhookLatency = {
    p50Ms: Math.max(...runs.map((r) => r.latency.p50)),
    p99Ms: Math.max(...runs.map((r) => r.latency.p99)),
  };
  console.log(
    `webhooks: ${Math.round(webhooksPerSec)}/s (${failed} failed), p50 ${webhookLatency.p50Ms} ms p99 ${webhookLatency.p99Ms} ms`,
  );

  if (process.env.BENCH_ONLY === "ingest") {
    console.log(
      JSON.stringify({
        webhooksPerSec,
        pgInsertCeilingPerSec,
        pgBatchInsertPerSec,
        webhookLatency,
      }),
    );
    return;
  }

  // 3 and 4: a chain, the protocol, the indexer, and an API that mints and follows the chain.
  const chain = await startLocalChain();
  cleanups.push(() => chain.stop());
  const protocol = await deployProtocol(chain.url, { seed: false });
  writeFileSync(join(dir, "deployment.json"), JSON.stringify(protocol.record));
  const storage = await freshStorage("pglite");
  const indexer = await startIndexer({ rpcUrl: chain.url, storage: storage.storage });
  cleanups.push(async () => {
    await indexer.stop();
    await storage.drop();
  });
  await indexer.waitReady();
  // A database of its own: the payments of phase 2 must not be minted.
  const chainDatabase = await createTestDatabase("fluxion_bench_events");
  cleanups.push(() => chainDatabase.drop());
  const reacting = await startApi({
    DATABASE_URL: chainDatabase.url,
    API_RPC_URL: chain.url,
    API_FIAT_MINTER_PRIVATE_KEY: minterKey,
    API_DEPLOYMENT_FILE: join(dir, "deployment.json"),
    API_INDEXER_URL: indexer.url,
    API_CHAIN_POLL_MS: "50",
  });
  // A new payer each time: compliance's velocity rule (20 actions an hour) would hold one payer's
  // 21st payment for review.
  const reactionMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const payer = privateKeyToAccount(keccak256(stringToHex(`bench payer ${i}`))).address;
    const stream = await streamOf(reacting.url, payer);
    const reference = `latency-${i}`;
    const at = new Date();
    const body = JSON.stringify({
      type: "PAYMENT_RECEIVED",
      timestamp: at.toISOString(),
      data: { account: payer, amount: "1.00", currency: "USD", reference },
    });
    const confirmed = stream.next("MINT_CONFIRMED", reference);
    const t0 = performance.now();
    const response = await fetch(`${reacting.url}/v1/webhooks/bench`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signHeaders([secret], `msg_latency_${i}`, at, body),
      },
      body,
    });
    if (!response.ok) {
      throw new Error(`bench: webhook answered ${response.status}: ${await response.text()}`);
    }
    reactionMs.push((await confirmed) - t0);
    stream.close();
  }
  const payer = privateKeyToAccount(keccak256(stringToHex("bench floor payer"))).address;
  // Floor: the same mint, sent straight to the FiatMinter by the same key.
  const minter = createWalletClient({
    account: privateKeyToAccount(minterKey),
    chain: { ...hardhat, rpcUrls: { default: { http: [chain.url] } } },
    transport: http(chain.url),
  });
  const fiatMinter = protocol.record.contracts.FiatMinter!.address as Address;
  const sUsd = protocol.record.synths.sUSD!.address as Address;
  const mintFloorMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const hash = await minter.writeContract({
      address: fiatMinter,
      abi: fiatMinterAbi,
      functionName: "mint",
      args: [keccak256(stringToHex(`floor:${i}`)), sUsd, payer, parseEther("1")],
    });
    await protocol.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 10 });
    mintFloorMs.push(performance.now() - t0);
  }
  console.log(
    `webhook → MINT_CONFIRMED: p50 ${round(percentile(reactionMs, 50))} ms; plain mint p50 ${round(percentile(mintFloorMs, 50))} ms`,
  );

  // 4. Chain → stream: a deposit of collateral into the vault is the account's chain.position event.
  const depositor = protocol.wallets[3]!;
  const owner = depositor.account.address;
  const chainStream = await streamOf(reacting.url, owner);
  const weth = protocol.record.collateral.WETH!.address as Address;
  const vault = protocol.record.contracts.SynthVault!.address as Address;
  await protocol.publicClient.waitForTransactionReceipt({
    hash: await depositor.writeContract({
      address: weth,
      abi: mockERC20Abi,
      functionName: "mint",
      args: [owner, parseEther("1000")],
    }),
  });
  await protocol.publicClient.waitForTransactionReceipt({
    hash: await depositor.writeContract({
      address: weth,
      abi: mockERC20Abi,
      functionName: "approve",
      args: [vault, parseEther("1000")],
    }),
  });
  const chainMs: number[] = [];
  const receiptMs: number[] = [];
  // Warm-up (not measured): the indexer and the feed catch up with the mints above first.
  for (let i = -3; i < samples; i++) {
    const t0 = performance.now();
    const hash = await depositor.writeContract({
      address: vault,
      abi: synthVaultAbi,
      functionName: "deposit",
      args: [weth, sUsd, parseEther("1")],
    });
    const seen = chainStream.next("chain.position", hash);
    await protocol.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 10 });
    const receipt = performance.now() - t0;
    const arrived = (await seen) - t0;
    if (i < 0) continue;
    receiptMs.push(receipt);
    chainMs.push(arrived);
  }
  console.log(
    `chain → stream: p50 ${round(percentile(chainMs, 50))} ms; receipt p50 ${round(percentile(receiptMs, 50))} ms`,
  );

  const results = {
    benchmark: "events",
    at: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      cpu: cpus()[0]?.model ?? "unknown",
      loadavg1m: round(loadavg()[0]!, 2),
    },
    setup: { database: "postgres", connections, durationSec, rounds: 2, samples },
    webhooksPerSec: Math.round(webhooksPerSec),
    pgInsertCeilingPerSec: Math.round(pgInsertCeilingPerSec),
    webhooksVsPgInsertCeiling: round(webhooksPerSec / pgInsertCeilingPerSec, 2),
    pgBatchInsertRowsPerSec: Math.round(pgBatchInsertPerSec),
    webhookCpu: cpuSplit,
    webhookHttpP50Ms: webhookLatency.p50Ms,
    webhookHttpP99Ms: webhookLatency.p99Ms,
    webhookToReactionP50Ms: round(percentile(reactionMs, 50)),
    webhookToReactionP99Ms: round(percentile(reactionMs, 99)),
    plainMintP50Ms: round(percentile(mintFloorMs, 50)),
    reactionVsPlainMintP50: round(percentile(reactionMs, 50) / percentile(mintFloorMs, 50), 2),
    chainToStreamP50Ms: round(percentile(chainMs, 50)),
    chainToStreamP99Ms: round(percentile(chainMs, 99)),
    receiptP50Ms: round(percentile(receiptMs, 50)),
    chainToStreamVsReceiptP50: round(percentile(chainMs, 50) / percentile(receiptMs, 50), 2),
  };
  mkdirSync(join(repoRoot, "bench/results"), { recursive: true });
  writeFileSync(
    join(repoRoot, "bench/results/events.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  console.log(JSON.stringify(results, null, 2));
}

async function countLog(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query("select count(*) as n from api.event_log")).rows[0].n);
  } finally {
    await client.end();
  }
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
