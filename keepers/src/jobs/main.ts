// `npm run keepers`: the scheduled keepers in one process. Reads KEEPER_* (jobs/config.ts), migrates the
// keepers' database, takes its signing key, registers every enabled job, runs the scheduler and serves
// /health, /metrics and /jobs. SIGINT/SIGTERM finish the current step and exit; a kill at any other
// moment is safe too (leases expire, recorded transactions are found again by purpose).
import pino from "pino";
import { createPublicClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { NonceSigner } from "../chain/nonceSigner.ts";
import { KeeperConfigError } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { openSql } from "../db/sql.ts";
import { KeeperError } from "../errors.ts";
import { EventPublisher, protocolOutbox } from "../events/publisher.ts";
import { buildJobs } from "./build.ts";
import { readJobsConfig } from "./config.ts";
import { createJobsHttp } from "./http.ts";
import { createJobMetrics } from "./metrics.ts";
import { JobRuntime } from "./runtime.ts";
import { JobStore } from "./store.ts";

let config: ReturnType<typeof readJobsConfig>;
try {
  config = readJobsConfig();
} catch (error) {
  const known = error instanceof KeeperConfigError || error instanceof KeeperError;
  console.error(known ? `keepers: ${(error as Error).message}` : error);
  process.exit(1);
}
const logger = pino({ level: config.logLevel, base: { keeper: config.keeper } });
if (!config.serviceKey) logger.warn("KEEPER_SERVICE_KEY unset: /jobs answers 401 to everyone");

const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(sql);
// Reads go out batched (one HTTP request for the reads a step makes at once).
const client = createPublicClient({
  transport: http(config.rpcUrl, { batch: { wait: 0 } }),
}) as PublicClient;
const chainId = await client.getChainId().catch(() => {
  console.error(
    `keepers: no chain answers at ${config.rpcUrl} (KEEPER_RPC_URL): start one with npm run dev`,
  );
  process.exit(1);
});
if (chainId !== config.chainId) {
  console.error(
    `keepers: KEEPER_RPC_URL serves chain ${chainId}, KEEPER_CHAIN_ID is ${config.chainId}`,
  );
  process.exit(1);
}
const signer = await NonceSigner.start({
  sql,
  client: createPublicClient({ transport: http(config.rpcUrl) }) as PublicClient,
  batchClient: client,
  account: privateKeyToAccount(config.privateKey),
  chainId: config.chainId,
  logger,
}).catch((error: unknown) => {
  console.error(`keepers: ${(error as Error).message}`);
  process.exit(1);
});
const metrics = createJobMetrics({
  pendingTransactions: async () => {
    const [row] = await sql.query<{ n: string }>(
      "select count(*)::text as n from keepers.chain_txs where chain_id = $1 and signer = $2 and status = 'pending'",
      [config.chainId, signer.address],
    );
    return Number(row?.n ?? 0);
  },
});
const store = new JobStore(sql);
const jobs = buildJobs(config, { client, sql });
const runtime = new JobRuntime({
  jobs,
  chainId: config.chainId,
  client,
  signer,
  store,
  metrics,
  logger,
  keeper: config.keeper,
  pollMs: config.pollMs,
  concurrency: config.concurrency,
});
await runtime.register();
const publisher = config.events
  ? new EventPublisher({
      sql,
      url: config.events.url,
      secret: config.events.secret,
      owner: config.keeper,
      logger,
      outbox: protocolOutbox,
    })
  : undefined;
const server = createJobsHttp({
  store,
  metrics,
  serviceKey: config.serviceKey,
  logger,
  keeper: config.keeper,
  jobs: jobs.map((job) => job.name),
});
runtime.start();
publisher?.start();
await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
logger.info(
  {
    http: `http://${config.host}:${config.port}`,
    signer: signer.address,
    jobs: Object.fromEntries(jobs.map((job) => [job.name, job.schedule.text])),
    positions: config.indexerUrl ? `indexer ${config.indexerUrl}` : "chain events",
    events: config.events?.url ?? "not sent (KEEPER_JOBS_EVENTS_URL unset)",
  },
  "scheduled keepers running",
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  server.close();
  await runtime.stop();
  await publisher?.stop();
  await signer.stop();
  await sql.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
