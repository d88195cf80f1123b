// `npm run keepers:bridge`: one bridge keeper process. Reads KEEPER_* (config.ts) and LND_* (or the dev
// service node's files), migrates its database, takes its signing key, runs the keeper loop and serves
// the internal HTTP interface the API calls. SIGINT/SIGTERM finish the current pass and exit; a kill at
// any other moment is safe too (leases expire, recorded transactions are re-broadcast).
import { randomBytes } from "node:crypto";
import { fluxionDeployments } from "@fluxion/deploy";
import { lndAuthFromEnv, lndAuthFromFiles } from "@fluxion/lnd-dev/lndConfig";
import { authenticatedLndGrpc } from "lightning";
import pino from "pino";
import { type Address, createPublicClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createBridgeRuntime } from "./bridge/runtime.ts";
import { Gateway } from "./chain/gateway.ts";
import { NonceSigner } from "./chain/nonceSigner.ts";
import { KeeperConfigError, readKeeperConfig } from "./config.ts";
import { migrate } from "./db/migrate.ts";
import { openSql } from "./db/sql.ts";
import { EventPublisher } from "./events/publisher.ts";
import { createKeeperHttp } from "./http/server.ts";
import { LightningNode } from "./lightning/lnd.ts";
import { SwapStore } from "./swaps/store.ts";

let config: ReturnType<typeof readKeeperConfig>;
try {
  config = readKeeperConfig();
} catch (error) {
  console.error(error instanceof KeeperConfigError ? `keeper: ${error.message}` : error);
  process.exit(1);
}
const logger = pino({ level: config.logLevel, base: { keeper: config.settings.keeper } });
const port = Number(process.env.KEEPER_PORT ?? 8790);
const host = process.env.KEEPER_HOST ?? "127.0.0.1";
const serviceKey = process.env.KEEPER_SERVICE_KEY ?? randomBytes(32).toString("base64url");
if (!process.env.KEEPER_SERVICE_KEY)
  logger.warn("KEEPER_SERVICE_KEY unset: a random key was made, only this process knows it");

const deployment = (
  fluxionDeployments as Record<string, { contracts: Record<string, { address: string }> }>
)[String(config.chainId)];
const gatewayAddress = (config.gateway ?? deployment?.contracts.LightningGateway?.address) as
  | Address
  | undefined;
if (!gatewayAddress) {
  console.error(
    `keeper: no LightningGateway deployed on chain ${config.chainId}; set KEEPER_GATEWAY`,
  );
  process.exit(1);
}

const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(sql);
const client = createPublicClient({ transport: http(config.rpcUrl) }) as PublicClient;
const signer = await NonceSigner.start({
  sql,
  client,
  // Transactions waiting to go out leave in one JSON-RPC batch, in nonce order.
  batchClient: createPublicClient({
    transport: http(config.rpcUrl, { batch: true }),
  }) as PublicClient,
  account: privateKeyToAccount(config.privateKey),
  chainId: config.chainId,
  logger,
});
const lndAuth = lndAuthFromEnv() ?? lndAuthFromFiles(config.lnDir);
const { lnd } = authenticatedLndGrpc(lndAuth);
const ln = new LightningNode(lnd);
const info = await ln.info();
const store = new SwapStore(sql);
const gateway = new Gateway(gatewayAddress, client, signer);
// Swap events to the API's signed ingress, which streams them to each swap's account.
const publisher = config.events
  ? new EventPublisher({
      sql,
      url: config.events.url,
      secret: config.events.secret,
      owner: config.settings.keeper,
      logger,
    })
  : undefined;
// The keeper, the service the HTTP interface calls, and the streams that wake swaps (hold invoices,
// payments, the gateway's logs); every state change sends its event to the API at once.
const bridge = createBridgeRuntime({
  store,
  ln,
  lnd,
  gateway,
  client,
  settings: config.settings,
  network: config.lnNetwork,
  logger,
  onChange: () => publisher?.poke(),
});
const server = createKeeperHttp({
  service: bridge.service,
  store,
  serviceKey,
  logger,
  wake: (hash) => bridge.keeper.wake(hash, { direct: true }),
});
await bridge.start();
publisher?.start();
await new Promise<void>((resolve) => server.listen(port, host, resolve));
logger.info(
  {
    http: `http://${host}:${port}`,
    gateway: gatewayAddress,
    signer: signer.address,
    lightning: info.pubkey,
    events: config.events?.url ?? "not sent (KEEPER_EVENTS_URL unset)",
  },
  "bridge keeper running",
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  server.close();
  await bridge.stop();
  await publisher?.stop();
  await signer.stop();
  await sql.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
