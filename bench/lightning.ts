// `npm run bench:lightning`: mint swaps (Lightning -> chain) through the real stack, each part in its own
// process as `npm run dev` runs them: a `hardhat node` with the protocol deployed, the two dev Lightning
// nodes (`ln:node`), the bridge keeper (`keepers/src/main.ts`) and the API (`api/src/server.ts`), both on
// Postgres when one answers (throwaway databases), else on embedded PGlite. Users arrive at a steady BENCH_RATE per second (default 25) and act
// as the web app would: each asks the API for a mint (authentication, the compliance check, the keeper's
// quote and hold invoice: apiCreateMint), follows its stream, pays from the user's node with the
// unmodified `lightning` client, and hands over the preimage through the API (a gasless claim) the moment
// the stream says the mint is locked.
// accept -> mint runs from the service node reporting the HTLC held (its invoice stream) to the keeper's
// `transaction.claimed` (the synths minted) as streamed; acceptToStream is how long `invoice.accepted`
// takes to reach the user's WebSocket; swapsPerSec is settlements per second from the first to the last.
// The floor, measured in the same run: the same two transactions (lockMint, then claimMint, each sent and
// confirmed) by a plain viem client at the same rate (chainFloor). Writes bench/results/lightning.json.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { lightningGatewayAbi } from "@fluxion/deploy";
import { lndAuthFromFiles } from "@fluxion/lnd-dev/lndConfig";
import { authenticatedLndGrpc, payViaPaymentRequest, subscribeToInvoice } from "lightning";
import { createPublicClient, createWalletClient, http, nonceManager } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import WebSocket from "ws";
import { newPreimage } from "../keepers/src/testing/bridgeFixture.ts";
import { freePort, httpOk, tcpOpen } from "../scripts/lib/rpc.ts";
import { createTestDatabase, postgresProblem } from "../scripts/lib/testPostgres.ts";
import {
  devKey,
  killAllKeepers,
  root,
  startChainNode,
  startKeeperProcess,
  until,
} from "../test/lib/bridgeStack.ts";
import { cpuWindow } from "./lib/cpu.ts";

const n = Number(process.env.BENCH_SWAPS ?? 200);
/** Swaps made before the measured ones (at 10/s), so that no process is measured while it warms up. */
const warmUpSwaps = 20;
/** The keeper's database: "postgres" (a throwaway database on TEST_DATABASE_URL's server) or "pglite". */
const database = process.env.BENCH_DATABASE ?? (postgresProblem ? "pglite" : "postgres");
if (database !== "postgres" && database !== "pglite") {
  throw new Error(`BENCH_DATABASE must be postgres or pglite, got "${database}"`);
}
/** Payments start at this steady rate (swaps per second): the aim is about sustained load. */
const rate = Number(process.env.BENCH_RATE ?? 25);
/** acceptToMintP50Ms's aim is max(500 ms, 2 x the chain floor measured in the same run). */
const aims = { swapsPerSec: rate - 1, apiCreateMintP50Ms: 150 };

const children: ChildProcess[] = [];
/** Each child's recent output, printed when the run fails. */
const logs: { name: string; output: () => string }[] = [];
/** A child in its own process group (killed as a group at the end), its output kept for errors. */
function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  children.push(child);
  logs.push({ name: args.join(" "), output: () => output });
  return { child, output: () => output };
}

const temp = mkdtempSync(join(tmpdir(), "fluxion-bench-ln-"));
const chain = await startChainNode();

/**
 * The chain's part of a mint, by a plain viem wallet (its own nonce manager, receipts polled every
 * 5 ms) from a second keeper-role account at `perSec`: per swap, a lockMint sent and confirmed, then a
 * claimMint sent and confirmed. Returns each pair's time.
 */
async function chainFloor(count: number, perSec: number): Promise<number[]> {
  const key = devKey(9);
  await chain.grantKeeper(key.address);
  const account = privateKeyToAccount(key.privateKey, { nonceManager });
  const localChain = { ...hardhat, rpcUrls: { default: { http: [chain.url] } } };
  const wallet = createWalletClient({ account, chain: localChain, transport: http(chain.url) });
  const client = createPublicClient({ chain: localChain, transport: http(chain.url) });
  const sUSD = chain.synth("sUSD");
  const recipient = privateKeyToAccount(generatePrivateKey()).address;
  // Sends go out one at a time (an automining node refuses a nonce that jumps ahead); confirmations
  // are waited for concurrently.
  let sending: Promise<unknown> = Promise.resolve();
  const send = <T>(fn: () => Promise<T>): Promise<T> => {
    const sent = sending.then(fn);
    sending = sent.catch(() => {});
    return sent;
  };
  const confirmed = async (hash: `0x${string}`) => {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 5 });
    if (receipt.status !== "success") throw new Error(`floor transaction ${hash} reverted`);
  };
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / perSec));
      const secret = newPreimage();
      const sats = BigInt(1_000 + i);
      const [[amount], next] = await Promise.all([
        client.readContract({
          address: chain.gateway,
          abi: lightningGatewayAbi,
          functionName: "quoteMint",
          args: [sUSD, sats],
        }),
        client.getBlock({ blockTag: "pending" }),
      ]);
      const quotedAt = next.timestamp - 1n;
      const started = performance.now();
      await confirmed(
        await send(() =>
          wallet.writeContract({
            address: chain.gateway,
            abi: lightningGatewayAbi,
            functionName: "lockMint",
            args: [
              `0x${secret.paymentHash}`,
              recipient,
              sUSD,
              sats,
              amount,
              quotedAt,
              next.timestamp + 4_200n,
            ],
          }),
        ),
      );
      await confirmed(
        await send(() =>
          wallet.writeContract({
            address: chain.gateway,
            abi: lightningGatewayAbi,
            functionName: "claimMint",
            args: [`0x${secret.preimage}`],
          }),
        ),
      );
      return performance.now() - started;
    }),
  );
}
const postgres = database === "postgres" ? await createTestDatabase("fluxion_bench_keeper") : null;
// The API on Postgres too when the keeper is (as deployed); otherwise its embedded PGlite.
const apiPostgres = database === "postgres" ? await createTestDatabase("fluxion_bench_api") : null;
let exitCode = 0;
try {
  // The two dev Lightning nodes, in their own process.
  const lnDir = join(temp, "lnd");
  const ln = start(["tools/lnd-dev/src/serve.ts"], { LN_NETWORK_DIR: lnDir });
  const socket = (node: string) => join(lnDir, node, "socket");
  await until(
    "the dev Lightning nodes",
    async () =>
      existsSync(socket("user")) &&
      existsSync(socket("service")) &&
      (await tcpOpen(lndAuthFromFiles(join(lnDir, "user")).socket)) &&
      (await tcpOpen(lndAuthFromFiles(join(lnDir, "service")).socket)),
    { timeoutMs: 60_000, detail: ln.output },
  );
  const userLnd = authenticatedLndGrpc(lndAuthFromFiles(join(lnDir, "user"))).lnd;
  const serviceLnd = authenticatedLndGrpc(lndAuthFromFiles(join(lnDir, "service"))).lnd;

  const keeperKey = randomBytes(32).toString("hex");
  const ingressSecret = randomBytes(32).toString("hex");
  const benchKey = randomBytes(32).toString("hex");
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const keeper = await startKeeperProcess("bench", 7, {
    KEEPER_RPC_URL: chain.url,
    KEEPER_GATEWAY: chain.gateway,
    KEEPER_LN_DIR: join(lnDir, "service"),
    KEEPER_DATA_DIR: join(temp, "keeper"),
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    KEEPER_SERVICE_KEY: keeperKey,
    KEEPER_EVENTS_URL: `${apiUrl}/v1/ingress/keeper`,
    KEEPER_EVENTS_SECRET: ingressSecret,
    // The keeper as users run it: its default poll (events drive the swaps, the poll is a safety net).
    KEEPER_LEASE_MS: "30000",
    KEEPER_LOG_LEVEL: "warn",
  });
  await keeper.waitHealthy();
  logs.push({ name: "keeper", output: () => keeper.log() });
  const api = start(["api/src/server.ts"], {
    API_HOST: "127.0.0.1",
    API_PORT: String(apiPort),
    ...(apiPostgres ? { DATABASE_URL: apiPostgres.url } : { API_DATA_DIR: "memory://" }),
    API_LOG_LEVEL: "warn",
    API_RPC_URL: chain.url,
    API_SERVICE_KEYS: `bench=${benchKey}`,
    API_RATE_LIMIT_IP: "1000000",
    API_RATE_LIMIT_ACCOUNT: "1000000",
    KEEPER_URL: keeper.url,
    KEEPER_SERVICE_KEY: keeperKey,
    API_INGRESS_SECRETS: `keeper=${ingressSecret}`,
  });
  await until("the API", () => httpOk(`${apiUrl}/ready`), {
    timeoutMs: 60_000,
    detail: api.output,
  });

  const service = { "x-api-key": benchKey, "content-type": "application/json" };

  // The floor, in the same run: the chain's part of a mint (a lock-shaped and a claim-shaped
  // transaction, each sent and confirmed) by a plain viem client at the same rate, from another
  // keeper-role account. Nothing of the bridge is involved.
  const floorMs = await chainFloor(n, rate);

  type Swap = ReturnType<typeof newPreimage> & {
    account: string;
    invoice: string;
    createMs: number;
    heldAt: number;
    streamedAt: number;
    /** Keeper time of each state the stream reported. */
    states: Map<string, number>;
  };
  const swaps: Swap[] = [];
  const failures: string[] = [];
  const sockets: WebSocket[] = [];
  const subs: { removeAllListeners(): void }[] = [];

  /**
   * One user, as the web app would: ask the API for a mint (auth, compliance, the keeper's quote and
   * hold invoice), follow the stream (the gasless claim once locked), pay from the user's node.
   */
  async function user(i: number, into: Swap[]): Promise<{ secret: string }> {
    const secret = newPreimage();
    // One account per swap, as many users would (one account's velocity limit is 20 actions an hour).
    const account = privateKeyToAccount(generatePrivateKey()).address;
    const asked = performance.now();
    const response = await fetch(`${apiUrl}/v1/lightning/mints`, {
      method: "POST",
      headers: service,
      body: JSON.stringify({
        paymentHash: secret.paymentHash,
        synth: chain.synth("sUSD"),
        sats: 1_000 + i,
        recipient: account,
      }),
    });
    const body = (await response.json()) as { swap: { invoice: string } };
    if (response.status !== 201)
      throw new Error(`mint ${response.status}: ${JSON.stringify(body)}`);
    const s: Swap = {
      ...secret,
      account,
      invoice: body.swap.invoice,
      createMs: performance.now() - asked,
      heldAt: 0,
      streamedAt: 0,
      states: new Map(),
    };
    into.push(s);
    sockets.push(
      await new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${apiUrl.replace("http", "ws")}/v1/stream?account=${account}`, {
          headers: { "x-api-key": benchKey },
        });
        ws.on("message", (data) => {
          const event = JSON.parse(String(data)) as {
            kind: string;
            at: string;
            data?: { status: string; state: string };
          };
          if (event.kind === "hello") resolve(ws);
          if (event.kind !== "lightning.swap" || !event.data) return;
          s.states.set(event.data.state, new Date(event.at).getTime());
          if (event.data.status === "invoice.accepted" && !s.streamedAt) s.streamedAt = Date.now();
          if (event.data.status === "transaction.locked") {
            void fetch(`${apiUrl}/v1/lightning/mints/${s.paymentHash}/preimage`, {
              method: "POST",
              headers: service,
              body: JSON.stringify({ preimage: s.preimage }),
            }).then(
              async (r) => {
                if (!r.ok) failures.push(`preimage ${r.status}: ${await r.text()}`);
              },
              (error: unknown) => failures.push(`preimage: ${String(error)}`),
            );
          }
        });
        ws.on("error", reject);
      }),
    );
    // The service node's view of the HTLC: the moment it reports the invoice held.
    const sub = subscribeToInvoice({ id: s.paymentHash, lnd: serviceLnd });
    sub.on("invoice_updated", (invoice: { is_held?: boolean }) => {
      if (invoice.is_held && !s.heldAt) s.heldAt = Date.now();
    });
    sub.on("error", () => {});
    subs.push(sub);
    const paid = await payViaPaymentRequest({ lnd: userLnd, request: s.invoice }).catch(
      (error: unknown) => {
        throw new Error(`paying ${s.paymentHash} failed: ${JSON.stringify(error)}`);
      },
    );
    if (paid.secret !== s.preimage) throw new Error("a payer did not receive its preimage");
    return { secret: paid.secret };
  }

  // A warm-up, not measured: fresh processes compile their hot paths during the first swaps.
  const warmUp: Swap[] = [];
  await Promise.all(
    Array.from({ length: warmUpSwaps }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / 10));
      return user(100_000 + i, warmUp);
    }),
  );
  await until("the warm-up's settlements", async () =>
    warmUp.every((s) => s.states.has("settled")),
  );
  // Users arrive at a steady BENCH_RATE per second. CPU time is accounted from now to the last
  // settlement: the machine's and each process's (what is left of the machine's is Postgres and the rest).
  const processes = {
    chain: chain.pid,
    lightningNodes: ln.child.pid!,
    keeper: keeper.pid,
    api: api.child.pid!,
    benchUsers: "self" as const,
  };
  // The stack at rest first (warm, nothing in flight): what it costs before any swap.
  const resting = cpuWindow(processes, availableParallelism());
  await new Promise((r) => setTimeout(r, 3_000));
  const atRest = resting.stop(1);
  const cpu = cpuWindow(processes, availableParallelism());
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / rate));
      return user(i, swaps);
    }),
  );
  await until(
    "every settlement on the stream",
    async () => {
      if (failures.length) throw new Error(`a user failed: ${failures.join("; ")}`);
      return swaps.every((s) => s.states.has("settled"));
    },
    {
      timeoutMs: 300_000,
      intervalMs: 20,
      detail: () => keeper.log().slice(-3000),
    },
  );
  const cpuUsed = cpu.stop(n);
  for (const sub of subs) sub.removeAllListeners();
  for (const ws of sockets) ws.close();
  await keeper.kill("SIGTERM"); // a clean stop (NODE_OPTIONS=--cpu-prof then writes its profile)
  if (swaps.some((s) => !s.heldAt || !s.streamedAt || !s.states.has("claimed"))) {
    throw new Error("a swap has no accept, stream or claim time");
  }
  // Throughput: completions per second from the first settlement to the last (steady state; the
  // latency of the first swap is acceptToMint's to report).
  const settled = swaps.map((s) => s.states.get("settled")!).sort((a, b) => a - b);
  const seconds = (settled.at(-1)! - settled[0]!) / 1000;

  const pct = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
  };
  const lags = swaps.map((s) => s.states.get("claimed")! - s.heldAt);
  const streamLags = swaps.map((s) => s.streamedAt - s.heldAt);
  // Where the time goes: from the HTLC held to each state the swap entered on the way to `claimed`.
  const steps = ["invoice_accepted", "lock_sent", "locked", "claim_sent", "claimed"];
  const results = {
    swaps: n,
    offeredRatePerSec: rate,
    swapsPerSec: Number(((n - 1) / seconds).toFixed(1)),
    acceptToMintP50Ms: pct(lags, 0.5),
    acceptToMintP99Ms: pct(lags, 0.99),
    acceptToStreamP50Ms: pct(streamLags, 0.5),
    acceptToStreamP99Ms: pct(streamLags, 0.99),
    apiCreateMintP50Ms: pct(
      swaps.map((s) => s.createMs),
      0.5,
    ),
    apiCreateMintP99Ms: pct(
      swaps.map((s) => s.createMs),
      0.99,
    ),
    chainFloorP50Ms: pct(floorMs, 0.5),
    chainFloorP99Ms: pct(floorMs, 0.99),
    heldToStateP50Ms: Object.fromEntries(
      steps.map((step) => [
        step,
        pct(
          swaps.map((s) => s.states.get(step)! - s.heldAt),
          0.5,
        ),
      ]),
    ),
    seconds: Number(seconds.toFixed(2)),
    // While the users arrived and until the last settlement: whether the machine was the limit, and
    // each process's CPU milliseconds per swap.
    cpu: cpuUsed,
    cpuAtRestBusyCores: {
      machine: atRest.machineBusyCores,
      ...Object.fromEntries(
        Object.entries(atRest.processes).map(([name, used]) => [name, used?.busyCores ?? null]),
      ),
    },
    stack: `processes: hardhat node, dev lnd nodes, keeper and API (${database})`,
    keeperDatabase: database,
    aims: {
      acceptToMintP50Ms: Math.max(500, 2 * pct(floorMs, 0.5)),
      swapsPerSec: aims.swapsPerSec,
      apiCreateMintP50Ms: aims.apiCreateMintP50Ms,
    },
    machine: {
      cpus: availableParallelism(),
      model: cpus()[0]?.model,
      loadavg1m: Number(loadavg()[0]!.toFixed(2)),
      node: process.version,
    },
    date: new Date().toISOString(),
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/lightning.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `[bench:lightning] wrote bench/results/lightning.json\n${JSON.stringify(results, null, 2)}`,
  );
} catch (error) {
  console.error(error);
  for (const { name, output } of logs) console.error(`--- ${name} ---\n${output().slice(-4000)}`);
  exitCode = 1;
} finally {
  await killAllKeepers();
  // A clean stop first (NODE_OPTIONS=--cpu-prof writes each process's profile then), then the group.
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(resolve, 5_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
  for (const child of children) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Gone.
    }
  }
  await chain.close();
  await postgres?.drop();
  await apiPostgres?.drop();
  rmSync(temp, { recursive: true, force: true });
}
process.exit(exitCode);
