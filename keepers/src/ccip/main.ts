// `npm run keepers:ccip`: the CCIP keeper in one process. Reads KEEPER_CCIP_* (ccip/config.ts), migrates the
// keepers' database, and runs either the relay (relay mode: commits and executes on the LocalCCIPRouters,
// with a nonce-owning signer per chain) or the monitor (monitor mode: watches the gateways on Chainlink's
// routers and alerts), and serves /health, /metrics and /v1/ccip. SIGINT/SIGTERM finish the current pass and
// exit; a kill at any other moment is safe too (lane leases expire, recorded transactions are followed).
import pino from "pino";
import { createPublicClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { NonceSigner } from "../chain/nonceSigner.ts";
import { KeeperConfigError } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { openSql } from "../db/sql.ts";
import { KeeperError } from "../errors.ts";
import { type CcipConfig, readCcipConfig } from "./config.ts";
import type { RelayChain } from "./execution.ts";
import { withTopLevelGasEstimate } from "./gas.ts";
import { createCcipHttp } from "./http.ts";
import { createCcipMetrics } from "./metrics.ts";
import { CcipMonitor } from "./monitor.ts";
import { MonitorStore } from "./monitorStore.ts";
import { CcipRelay } from "./relay.ts";
import { CcipStore } from "./store.ts";
import { lanesBetween } from "./types.ts";

function fail(message: string): never {
  console.error(`keepers:ccip: ${message}`);
  process.exit(1);
}

let config: CcipConfig;
try {
  config = readCcipConfig();
} catch (error) {
  if (error instanceof KeeperConfigError) fail(error.message);
  throw error;
}
const logger = pino({ level: config.logLevel, base: { keeper: config.keeper, service: "ccip" } });
if (!config.serviceKey) logger.warn("KEEPER_SERVICE_KEY unset: /v1/ccip answers 401 to everyone");

const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(sql);
// Reads go out batched (one HTTP request for the reads a step makes at once).
const clients = new Map<number, PublicClient>();
for (const { chainId, rpcUrl } of config.chains) {
  const client = createPublicClient({
    transport: http(rpcUrl, { batch: { wait: 0 } }),
  }) as PublicClient;
  const answered = await client.getChainId().catch(() => undefined);
  if (answered === undefined)
    fail(`no chain answers at ${rpcUrl} (KEEPER_CCIP_CHAINS, chain ${chainId})`);
  if (answered !== chainId)
    fail(`${rpcUrl} serves chain ${answered}, KEEPER_CCIP_CHAINS says ${chainId}`);
  clients.set(chainId, client);
}
const lanes = lanesBetween(config.endpoints);
const store = new CcipStore(sql);
const monitorStore = new MonitorStore(sql);
const signers: NonceSigner[] = [];
let runner: CcipRelay | CcipMonitor | undefined;
const metrics = createCcipMetrics({
  counts: () => (config.mode === "relay" ? store.counts() : monitorStore.counts()),
  undelivered: () =>
    config.mode === "relay" ? store.oldestUndelivered() : monitorStore.oldestUndelivered(),
  head: (chainId) => runner?.head(chainId),
  lanes: lanes.map((lane) => ({ name: lane.name, sourceChainId: lane.source.chainId })),
});

let relay: CcipRelay | undefined;
if (config.mode === "relay") {
  const account = privateKeyToAccount(config.privateKey!);
  const chains = new Map<number, RelayChain>();
  for (const { chainId, rpcUrl } of config.chains) {
    const signer = await NonceSigner.start({
      sql,
      // Estimates that Hardhat's nodes refuse (a receiver out of its gas) are made as real nodes make them.
      client: withTopLevelGasEstimate(
        createPublicClient({ transport: http(rpcUrl) }) as PublicClient,
      ),
      // Transactions waiting to go out leave in one JSON-RPC batch, in nonce order.
      batchClient: createPublicClient({ transport: http(rpcUrl, { batch: true }) }) as PublicClient,
      account,
      chainId,
      logger,
    }).catch((error: unknown) => fail((error as Error).message));
    signers.push(signer);
    chains.set(chainId, { chainId, client: clients.get(chainId)!, signer });
  }
  relay = new CcipRelay({
    lanes,
    chains,
    store,
    metrics,
    logger,
    keeper: config.keeper,
    finalityDepth: config.finalityDepth,
    pollMs: config.pollMs,
    leaseMs: config.leaseMs,
  });
  await relay.preflight().catch((error: unknown) => {
    if (error instanceof KeeperError) fail(error.message);
    throw error;
  });
  runner = relay;
} else {
  runner = new CcipMonitor({
    lanes,
    clients,
    store: monitorStore,
    cursors: store,
    metrics,
    logger,
    finalityDepth: config.finalityDepth,
    alertAfterMs: config.alertAfterMs,
    pollMs: config.pollMs,
  });
}

const server = createCcipHttp({
  mode: config.mode,
  keeper: config.keeper,
  lanes: lanes.map((lane) => lane.name),
  serviceKey: config.serviceKey,
  logger,
  metrics,
  ...(relay
    ? {
        relay: {
          store,
          manuallyExecute: (id, gasLimit) => relay.manuallyExecute(id, gasLimit),
        },
      }
    : { monitor: { store: monitorStore } }),
});
runner.start();
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(config.port, config.host, resolve);
}).catch((error: unknown) =>
  fail(
    `cannot listen on ${config.host}:${config.port} (KEEPER_CCIP_PORT): ${(error as Error).message}`,
  ),
);
const address = server.address();
logger.info(
  {
    http: `http://${config.host}:${typeof address === "object" && address ? address.port : config.port}`,
    mode: config.mode,
    lanes: lanes.map((lane) => lane.name),
    finalityDepth: config.finalityDepth,
    ...(relay ? { signer: signers[0]?.address } : { alertAfterMs: config.alertAfterMs }),
  },
  config.mode === "relay" ? "CCIP relay running" : "CCIP monitor running",
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  server.close();
  await runner?.stop();
  for (const signer of signers) await signer.stop();
  await sql.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
