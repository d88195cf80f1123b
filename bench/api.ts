// `npm run bench:api`: HTTP throughput and latency of the risk routes on the real server (child
// process, in-memory database, service API key), autocannon with 50 connections: /v1/risk/noop
// (the route without the model: the ceiling), /v1/risk/noop/deferred (same, answered one loop
// turn later like /score), /v1/risk/score (one varied, realistic row per request) and
// /v1/risk/score/batch (100 rows per request). Writes bench/results/api.json.
// `--flush-compare` also measures /score with API_RISK_FLUSH=microtask.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, cpus, loadavg } from "node:os";
import autocannon from "autocannon";
import { repoRoot } from "../api/src/config.ts";
import { loadFeatureFile } from "../api/src/risk/featureSpec.ts";
import { sampleFeatures } from "../api/src/risk/sampleFeatures.ts";

const connections = 50;
const durationSec = Number(process.env.BENCH_DURATION ?? 10);
const rounds = 2;
const warmupSec = 3;
const batchRows = 100;
const targets = { scoreVsNoop: 0.8, scoreP99Ms: 10 } as const;

const key = randomBytes(32).toString("base64url"); // 43 characters
const { features, version } = await loadFeatureFile(`${repoRoot}ml/features.json`);
// Bodies are serialized up front so the load generator (on the same cores) stays cheap.
const rows = sampleFeatures(features, 2000, { seed: 42 });
const singleBodies = rows.map((row) => JSON.stringify({ features: row }));
const batchBodies = Array.from({ length: 40 }, (_, index) =>
  JSON.stringify({
    items: rows
      .slice((index * batchRows) % rows.length, ((index * batchRows) % rows.length) + batchRows)
      .map((row, at) => ({ id: `row-${index}-${at}`, features: row })),
  }),
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

type Server = { child: ChildProcess; base: string; stop(): Promise<void> };

async function startServer(extraEnv: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["api/src/server.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      API_HOST: "127.0.0.1",
      API_PORT: String(port),
      API_DATA_DIR: "memory://",
      API_LOG_LEVEL: "warn",
      API_BENCH_ROUTES: "true",
      API_SERVICE_KEYS: `bench=${key}`,
      API_RATE_LIMIT_ACCOUNT: "10000000",
      API_RATE_LIMIT_IP: "10000000",
      ...extraEnv,
    },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server = {
    child,
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
  live.add(server);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench: server exited with ${child.exitCode}`);
    const ready = await fetch(`${server.base}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return server;
    if (Date.now() > deadline) throw new Error("bench: server not ready after 60 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const live = new Set<Server>();
async function stopAll() {
  await Promise.all([...live].map((server) => server.stop()));
  live.clear();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => stopAll().finally(() => process.exit(130)));
}

/** One route's totals over its rounds: rates from summed counts, the worst round's p99. */
type Phase = { reqPerSec: number; p50Ms: number; p99Ms: number; requests: number; seconds: number };

async function load(base: string, path: string, bodies: string[], seconds: number): Promise<Phase> {
  let next = 0;
  const result = await autocannon({
    url: `${base}${path}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `bench: ${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    reqPerSec: result["2xx"] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result["2xx"],
    seconds: result.duration,
  };
}

function combine(rounds: Phase[]): Phase {
  const requests = rounds.reduce((sum, phase) => sum + phase.requests, 0);
  const seconds = rounds.reduce((sum, phase) => sum + phase.seconds, 0);
  return {
    reqPerSec: requests / seconds,
    p50Ms: Math.max(...rounds.map((phase) => phase.p50Ms)),
    p99Ms: Math.max(...rounds.map((phase) => phase.p99Ms)),
    requests,
    seconds,
  };
}

/** Model runs and rows scored so far, from the server's /metrics. */
async function modelCounters(base: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return { runs: read("risk_model_batch_rows_count"), rows: read("risk_model_batch_rows_sum") };
}

type Route = { name: "noop" | "deferred" | "score" | "batch"; path: string; bodies: string[] };
const routes: Route[] = [
  { name: "noop", path: "/v1/risk/noop", bodies: singleBodies },
  { name: "deferred", path: "/v1/risk/noop/deferred", bodies: singleBodies },
  { name: "score", path: "/v1/risk/score", bodies: singleBodies },
  { name: "batch", path: "/v1/risk/score/batch", bodies: batchBodies },
];

/**
 * Runs the routes interleaved, `rounds` times each (durationSec split between them), so a
 * slow patch of the shared machine hits every route alike; also rows per model run on /score.
 */
async function measure(server: Server, only: Route["name"][]) {
  const phases = new Map<Route["name"], Phase[]>();
  let runs = 0;
  let rows = 0;
  for (let pass = 0; pass < rounds; pass++) {
    for (const route of routes.filter((candidate) => only.includes(candidate.name))) {
      const before = await modelCounters(server.base);
      const phase = await load(server.base, route.path, route.bodies, durationSec / rounds);
      if (route.name === "score") {
        const after = await modelCounters(server.base);
        runs += after.runs - before.runs;
        rows += after.rows - before.rows;
      }
      phases.set(route.name, [...(phases.get(route.name) ?? []), phase]);
    }
  }
  const result = (name: Route["name"]) => combine(phases.get(name) ?? []);
  return { result, rowsPerRun: rows / Math.max(1, runs) };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

// Client and server share the machine's cores: anything else running skews the numbers.
const loadBefore = loadavg()[0] ?? 0;
if (loadBefore > 1)
  console.warn(`bench: load average ${loadBefore.toFixed(2)}: results will be low`);

try {
  const server = await startServer();
  console.log(`bench: server up at ${server.base}; warming up (${warmupSec} s per route)`);
  for (const route of routes) await load(server.base, route.path, route.bodies, warmupSec);
  console.log(
    `bench: measuring, ${durationSec} s per route in ${rounds} interleaved rounds, ` +
      `${connections} connections`,
  );
  const measured = await measure(server, ["noop", "deferred", "score", "batch"]);
  await server.stop();
  const noop = measured.result("noop");
  const deferred = measured.result("deferred");
  const score = { ...measured.result("score"), rowsPerRun: measured.rowsPerRun };
  const batch = measured.result("batch");

  let flushCompare: Record<string, unknown> | undefined;
  if (process.argv.includes("--flush-compare")) {
    const micro = await startServer({ API_RISK_FLUSH: "microtask" });
    await load(micro.base, "/v1/risk/score", singleBodies, warmupSec);
    const other = await measure(micro, ["score"]);
    await micro.stop();
    const summary = (phase: Phase, rowsPerRun: number) => ({
      reqPerSec: round(phase.reqPerSec),
      p99Ms: phase.p99Ms,
      rowsPerRun: round(rowsPerRun),
    });
    flushCompare = {
      macrotask: summary(score, score.rowsPerRun),
      microtask: summary(other.result("score"), other.rowsPerRun),
    };
  }

  const results = {
    scoreReqPerSec: round(score.reqPerSec),
    scoreP50Ms: score.p50Ms,
    scoreP99Ms: score.p99Ms,
    scoreRowsPerModelRun: round(score.rowsPerRun),
    noopReqPerSec: round(noop.reqPerSec),
    noopP99Ms: noop.p99Ms,
    batchReqPerSec: round(batch.reqPerSec),
    batchRowsPerSec: round(batch.reqPerSec * batchRows),
    batchP99Ms: batch.p99Ms,
    batchRowsPerRequest: batchRows,
    scoreVsNoop: round(score.reqPerSec / noop.reqPerSec, 3),
    noopDeferredReqPerSec: round(deferred.reqPerSec),
    noopDeferredP99Ms: deferred.p99Ms,
    scoreVsNoopDeferred: round(score.reqPerSec / deferred.reqPerSec, 3),
    targets,
    meetsTargets:
      score.reqPerSec / noop.reqPerSec >= targets.scoreVsNoop && score.p99Ms < targets.scoreP99Ms,
    ...(flushCompare ? { flushCompare } : {}),
    connections,
    durationSec,
    rounds,
    model: version,
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? "unknown",
    loadAvg1mBefore: round(loadBefore, 2),
    loadAvg1mAfter: round(loadavg()[0] ?? 0, 2),
    at: new Date().toISOString(),
  };
  mkdirSync(`${repoRoot}bench/results`, { recursive: true });
  writeFileSync(`${repoRoot}bench/results/api.json`, `${JSON.stringify(results, null, 2)}\n`);
  const row = (phase: Phase, rowsPerRequest: number) => ({
    "req/s": round(phase.reqPerSec),
    "p50 ms": phase.p50Ms,
    "p99 ms": phase.p99Ms,
    "rows/s": round(phase.reqPerSec * rowsPerRequest),
  });
  console.table({
    "/v1/risk/noop": row(noop, 1),
    "/v1/risk/noop/deferred": row(deferred, 1),
    "/v1/risk/score": row(score, 1),
    "/v1/risk/score/batch": row(batch, batchRows),
  });
  console.log(
    `score/noop ${results.scoreVsNoop} (target >= ${targets.scoreVsNoop}), ` +
      `score/deferred noop ${results.scoreVsNoopDeferred}, score p99 ${score.p99Ms} ms ` +
      `(target < ${targets.scoreP99Ms}), ${results.scoreRowsPerModelRun} rows per model run` +
      `${flushCompare ? `\nflush: ${JSON.stringify(flushCompare)}` : ""}\nwrote bench/results/api.json`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await stopAll();
}
