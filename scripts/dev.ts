// `npm run dev`: a local Fluxion on embedded defaults. Starts two Hardhat nodes (chains 31337 and 31338),
// deploys the whole protocol on both with Ignition and connects their CCIP gateways, seeds a living demo,
// prints what runs where, and on Ctrl-C stops everything cleanly: chains, contracts, API, indexer, dev
// Lightning nodes, bridge keeper, CCIP relay, scheduled keepers (liquidations, oracle rounds, fees, refunds
// and the dev market) and web app.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lndAuthFromEnv } from "@fluxion/lnd-dev";
import { devDir, devLogDir, devSummaryPath } from "./lib/devPaths.ts";
import { createConsoleLogger } from "./lib/logger.ts";
import {
  chainAtRealTime,
  httpOk,
  indexerCaughtUp,
  portInUse,
  rpcAnswers,
  tcpOpen,
} from "./lib/rpc.ts";
import { Supervisor, stopOnSignals, type UnitDefinition } from "./lib/supervisor.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const hardhatPackage = require.resolve("hardhat/package.json");
const hardhatCli = join(dirname(hardhatPackage), require(hardhatPackage).bin.hardhat);
// ponder's exports hide package.json: its CLI sits next to the ESM entry (dist/esm/index.js).
const ponderCli = join(dirname(fileURLToPath(import.meta.resolve("ponder"))), "bin/ponder.js");
const viteCli = join(dirname(require.resolve("vite/package.json")), "bin/vite.js");

const host = process.env.FLUXION_CHAIN_HOST ?? "127.0.0.1";
const port = Number(process.env.FLUXION_CHAIN_PORT ?? 8545);
const rpcUrl = `http://${host}:${port}`;
// The second chain (31338): the other end of every cross-chain transfer.
const port2 = Number(process.env.FLUXION_CHAIN_PORT_2 ?? 8546);
const rpcUrl2 = `http://${host}:${port2}`;
const apiPort = Number(process.env.API_PORT ?? 8787);
const apiUrl = `http://${host}:${apiPort}`;
const indexerPort = Number(process.env.INDEXER_PORT ?? 42069);
const indexerUrl = `http://${host}:${indexerPort}`;
const webPort = Number(process.env.WEB_PORT ?? 5173);
const webUrl = `http://${host}:${webPort}`;
const apiDataDir = process.env.API_DATA_DIR ?? `${devDir}api/pglite`;
const webDist = `${devDir}web`;
// Every `npm run dev` starts a new chain (block 0 again), so the indexer starts from empty tables.
const indexerData = `${devDir}indexer/pglite`;
// Two development Lightning nodes (the user's wallet and the bridge's node) unless LND_* names a real one.
const realLnd = (() => {
  try {
    return lndAuthFromEnv();
  } catch (error) {
    console.error(`Bad Lightning configuration: ${(error as Error).message}`);
    process.exit(1);
  }
})();
const lnDir = `${devDir}lnd`;
const lnSocket = (node: string) => {
  const file = `${lnDir}/${node}/socket`;
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
};
// Hardhat's first well-known dev account (the deployer) administers the local API unless told otherwise.
const devAdmin = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
// Hardhat's well-known development account #10: the FiatMinter's MINTER_ROLE on the local chain
// (deploy/networks/local.json `fiat.minters`), which the API's paid-mint reactor signs with.
const devFiatMinterKey = "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897";
// Hardhat's well-known development account #12: RELAYER_ROLE on both local CCIP routers
// (deploy/networks/local.json `ccip.local.relayers`), which the CCIP relay signs with.
const devRelayKey = "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1";

for (const [taken, what, hint] of [
  [port, "another Hardhat node?", "FLUXION_CHAIN_PORT=8547"],
  [port2, "another Hardhat node?", "FLUXION_CHAIN_PORT_2=8548"],
  [apiPort, "another API?", "API_PORT=8788"],
  [indexerPort, "another indexer?", "INDEXER_PORT=42070"],
  [Number(process.env.KEEPER_PORT ?? 8790), "another keeper?", "KEEPER_PORT=8791"],
  [Number(process.env.KEEPER_JOBS_PORT ?? 8792), "other keepers?", "KEEPER_JOBS_PORT=8793"],
  [Number(process.env.KEEPER_CCIP_PORT ?? 8794), "another CCIP relay?", "KEEPER_CCIP_PORT=8795"],
  [webPort, "another web app?", "WEB_PORT=5174"],
] as const) {
  if (!Number.isInteger(taken) || taken <= 0 || taken > 65_535) {
    console.error(`${hint.split("=")[0]} must be a TCP port, got "${taken}"`);
    process.exit(1);
  }
  if (await portInUse(taken, host)) {
    console.error(
      `Port ${taken} on ${host} is already in use (${what}). ` +
        `Stop it or pick another port: ${hint} npm run dev`,
    );
    process.exit(1);
  }
}

const keeperPort = Number(process.env.KEEPER_PORT ?? 8790);
const keeperUrl = `http://${host}:${keeperPort}`;
const jobsPort = Number(process.env.KEEPER_JOBS_PORT ?? 8792);
const jobsUrl = `http://${host}:${jobsPort}`;
const relayPort = Number(process.env.KEEPER_CCIP_PORT ?? 8794);
const relayUrl = `http://${host}:${relayPort}`;
const keeperServiceKey = process.env.KEEPER_SERVICE_KEY ?? randomBytes(32).toString("base64url");
const ingressSecret =
  process.env.KEEPER_EVENTS_SECRET ?? `whsec_${randomBytes(32).toString("base64")}`;

// Services log every RPC call, block and request: that goes to .dev/logs/, and the console shows the
// phases (compile, deploy and seed, each service's readiness, with elapsed time), warnings and errors.
const logger = createConsoleLogger({
  logDir: devLogDir,
  quietUnits: ["indexer", "api", "lightning", "keeper", "keepers", "web-build", "web"],
  silentUnits: ["chain", "chain2"],
});
const units: UnitDefinition[] = [
  {
    // The contracts, compiled while the node starts (cached: a second start compiles nothing).
    name: "compile",
    kind: "task",
    command: process.execPath,
    args: [hardhatCli, "build"],
    cwd: root,
  },
  {
    name: "chain",
    kind: "service",
    command: process.execPath,
    args: [hardhatCli, "node", "--hostname", host, "--port", String(port)],
    cwd: root,
    ready: () => rpcAnswers(rpcUrl),
    readyTimeoutMs: 60_000,
  },
  {
    name: "chain2",
    kind: "service",
    command: process.execPath,
    args: [hardhatCli, "node", "--network", "node2", "--hostname", host, "--port", String(port2)],
    cwd: root,
    ready: () => rpcAnswers(rpcUrl2),
    readyTimeoutMs: 60_000,
  },
  {
    name: "deploy",
    kind: "task",
    command: process.execPath,
    args: [hardhatCli, "run", "deploy/scripts/dev.ts"],
    cwd: root,
    env: { FLUXION_RPC_URL: rpcUrl, FLUXION_RPC_URL_2: rpcUrl2 },
    dependsOn: ["chain", "chain2", "compile"],
  },
  {
    name: "api",
    kind: "service",
    command: process.execPath,
    args: ["api/src/server.ts"],
    cwd: root,
    env: {
      API_HOST: host,
      API_PORT: String(apiPort),
      API_RPC_URL: rpcUrl,
      API_ADMINS: process.env.API_ADMINS ?? devAdmin,
      API_DATA_DIR: apiDataDir,
      // Sign-in messages name the page's host: the web app below (unless told otherwise).
      API_SIWE_DOMAIN: process.env.API_SIWE_DOMAIN ?? `${host}:${webPort}`,
      KEEPER_URL: keeperUrl,
      KEEPER_JOBS_URL: jobsUrl,
      KEEPER_SERVICE_KEY: keeperServiceKey,
      API_INGRESS_SECRETS: `keeper=${ingressSecret}`,
      API_FIAT_MINTER_PRIVATE_KEY: process.env.API_FIAT_MINTER_PRIVATE_KEY ?? devFiatMinterKey,
      // Webhook endpoints on this machine (npm run webhooks -- listen) are fine in dev.
      API_WEBHOOK_ALLOW_PRIVATE: "true",
      // The chain feed: on-chain events from the indexer onto the event log (docs/events.md).
      API_INDEXER_URL: indexerUrl,
      // Both chains: sign-in on either, cross-chain quotes and lanes, manual executions by the relay.
      API_CHAIN_IDS: "31337,31338",
      API_RPC_URL_31338: rpcUrl2,
      KEEPER_CCIP_URL: relayUrl,
    },
    dependsOn: ["chain"],
    ready: () => httpOk(`${apiUrl}/ready`),
    readyTimeoutMs: 60_000,
  },
  {
    name: "indexer",
    kind: "service",
    command: process.execPath,
    args: [ponderCli, "start", "--hostname", host, "--port", String(indexerPort)],
    // Ponder reads ponder.config.ts from, and writes generated/schema.graphql to, its working directory.
    cwd: `${root}indexer`,
    env: {
      INDEXER_RPC_URL_31337: rpcUrl,
      INDEXER_RPC_URL_31338: rpcUrl2,
      INDEXER_CHAIN_IDS: "31337,31338",
      INDEXER_PGLITE_DIR: indexerData,
      DATABASE_URL: "",
      DATABASE_SCHEMA: "fluxion",
    },
    dependsOn: ["deploy"],
    // Ready once the deploy and the seeded demo are indexed on both chains, up to each head.
    ready: async () =>
      (
        await Promise.all([
          indexerCaughtUp(indexerUrl, rpcUrl, "chain31337"),
          indexerCaughtUp(indexerUrl, rpcUrl2, "chain31338"),
        ])
      ).every(Boolean),
    readyTimeoutMs: 120_000,
  },
];
if (!realLnd) {
  units.push({
    name: "lightning",
    kind: "service",
    command: process.execPath,
    args: ["tools/lnd-dev/src/serve.ts"],
    cwd: root,
    env: { LN_NETWORK_DIR: lnDir },
    // Ready once both nodes wrote their socket file (removed below, so never a stale one) and listen.
    ready: async () => {
      const sockets = ["user", "service"].map(lnSocket);
      if (sockets.some((s) => s === undefined)) return false;
      return (await Promise.all(sockets.map((s) => tcpOpen(s!)))).every(Boolean);
    },
    readyTimeoutMs: 30_000,
  });
}

// The bridge keeper: after the deploy (the gateway) and the Lightning nodes; its swaps belong to this
// chain, so its database starts empty like the indexer's. The API calls it with the service key, and it
// pushes swap events to the API's ingress signed with the ingress secret.
units.push({
  name: "keeper",
  kind: "service",
  command: process.execPath,
  args: ["keepers/src/main.ts"],
  cwd: root,
  env: {
    KEEPER_RPC_URL: rpcUrl,
    KEEPER_HOST: host,
    KEEPER_PORT: String(keeperPort),
    KEEPER_SERVICE_KEY: keeperServiceKey,
    KEEPER_NAME: "dev-keeper",
    KEEPER_DATA_DIR: `${devDir}keepers/pglite`,
    KEEPER_LN_DIR: `${lnDir}/service`,
    KEEPER_EVENTS_URL: `${apiUrl}/v1/webhooks/keeper`,
    KEEPER_EVENTS_SECRET: ingressSecret,
    DATABASE_URL: "",
  },
  dependsOn: realLnd ? ["deploy"] : ["deploy", "lightning"],
  ready: () => httpOk(`${keeperUrl}/health`),
  readyTimeoutMs: 60_000,
});

// The scheduled keepers (their own key, Hardhat account #8, and database): liquidations of the positions
// the indexer knows, oracle rounds, fee distribution, expired swap refunds, the liquidator's inventory
// and the dev market (prices on a random walk, a trader in the pools). Events go to the API's ingress.
units.push({
  name: "keepers",
  kind: "service",
  command: process.execPath,
  args: ["keepers/src/jobs/main.ts"],
  cwd: root,
  env: {
    KEEPER_RPC_URL: rpcUrl,
    KEEPER_HOST: host,
    KEEPER_JOBS_PORT: String(jobsPort),
    KEEPER_SERVICE_KEY: keeperServiceKey,
    KEEPER_NAME: "dev-keepers",
    KEEPER_JOBS_DATA_DIR: `${devDir}keepers/jobs`,
    KEEPER_INDEXER_URL: indexerUrl,
    KEEPER_JOBS_EVENTS_URL: `${apiUrl}/v1/webhooks/keeper`,
    KEEPER_EVENTS_SECRET: ingressSecret,
    DATABASE_URL: "",
  },
  dependsOn: ["indexer"],
  ready: () => httpOk(`${jobsUrl}/health`),
  readyTimeoutMs: 60_000,
});

// The web app: its production build (as deployed), served with the proxies to the API, the indexer and
// the chain (web/vite.config.ts), so the bundle runs unchanged against this stack.
units.push(
  {
    name: "web-build",
    kind: "task",
    command: process.execPath,
    // Into the dev directory, so stacks with their own FLUXION_DEV_DIR never share a build.
    args: [
      viteCli,
      "build",
      "--logLevel",
      "warn",
      "--outDir",
      webDist,
      "--emptyOutDir",
      "--bypass-lock",
    ],
    cwd: `${root}web`,
  },
  {
    name: "web",
    kind: "service",
    command: process.execPath,
    args: [
      viteCli,
      "preview",
      "--host",
      host,
      "--port",
      String(webPort),
      "--strictPort",
      "--outDir",
      webDist,
      // Another stack's web app (the browser tests', a second checkout) is no reason to refuse.
      "--bypass-lock",
    ],
    cwd: `${root}web`,
    env: {
      WEB_API_URL: apiUrl,
      WEB_INDEXER_URL: indexerUrl,
      FLUXION_RPC_URL: rpcUrl,
      WEB_RPC_URL_31338: rpcUrl2,
    },
    dependsOn: ["web-build"],
    ready: () => httpOk(webUrl),
    readyTimeoutMs: 60_000,
  },
);

// The CCIP relay (Hardhat account #12, RELAYER_ROLE on both local routers): plays Chainlink's oracle network
// between the two chains, delivering each message once it is final (one block deep here).
units.push({
  name: "relay",
  kind: "service",
  command: process.execPath,
  args: ["keepers/src/ccip/main.ts"],
  cwd: root,
  env: {
    KEEPER_CCIP_CHAINS: `31337=${rpcUrl},31338=${rpcUrl2}`,
    KEEPER_CCIP_PRIVATE_KEY: process.env.KEEPER_CCIP_PRIVATE_KEY ?? devRelayKey,
    KEEPER_CCIP_FINALITY_DEPTH: process.env.KEEPER_CCIP_FINALITY_DEPTH ?? "1",
    KEEPER_HOST: host,
    KEEPER_CCIP_PORT: String(relayPort),
    KEEPER_SERVICE_KEY: keeperServiceKey,
    KEEPER_NAME: "dev-relay",
    KEEPER_CCIP_DATA_DIR: `${devDir}keepers/ccip`,
    DATABASE_URL: "",
  },
  dependsOn: ["deploy"],
  ready: () => httpOk(`${relayUrl}/health`),
  readyTimeoutMs: 60_000,
});

// Last, once everything runs (the keepers' first runs mined in the nodes' past): the chains' clocks to now,
// then a block every FLUXION_BLOCK_INTERVAL_MS on each (0: a one-off task, blocks only on transactions).
const blockInterval = process.env.FLUXION_BLOCK_INTERVAL_MS ?? "1000";
for (const [name, url] of [
  ["clock", rpcUrl],
  ["clock2", rpcUrl2],
] as const) {
  units.push({
    name,
    kind: blockInterval === "0" ? "task" : "service",
    command: process.execPath,
    args: ["deploy/scripts/clock.ts"],
    cwd: root,
    env: { FLUXION_RPC_URL: url, FLUXION_BLOCK_INTERVAL_MS: blockInterval },
    dependsOn: ["keepers", "keeper", "relay", "web"],
    ready: () => chainAtRealTime(url),
    readyTimeoutMs: 30_000,
  });
}

rmSync(`${devDir}indexer`, { recursive: true, force: true });
rmSync(`${devDir}keepers`, { recursive: true, force: true });
for (const node of ["user", "service"]) rmSync(`${lnDir}/${node}/socket`, { force: true });
const supervisor = new Supervisor(units, { logger });
stopOnSignals(supervisor);
try {
  await supervisor.start();
} catch {
  process.exit(1);
}
printSummary();
const failure = await supervisor.done;
process.exit(failure ? 1 : 0);

function printSummary(): void {
  const summary = readFileSync(devSummaryPath, "utf8");
  console.log(
    `\n${summary}\n  Web app    ${webUrl}  (open it: connect the dev burner wallet or your own, then sign in)\n` +
      `  Chain RPC  ${rpcUrl}  (chain id 31337), ${rpcUrl2}  (chain id 31338)\n` +
      `  API        ${apiUrl}  (docs ${apiUrl}/docs, data ${apiDataDir})\n` +
      `  GraphQL    ${indexerUrl}/graphql  (indexer; data .dev/indexer/pglite)\n` +
      (realLnd
        ? `  Lightning  ${process.env.LND_SOCKET}  (LND_SOCKET: a real lnd, no dev nodes)\n`
        : `  Lightning  user ${lnSocket("user")}, service ${lnSocket("service")}  (dev lnd nodes; tls.cert and admin.macaroon in .dev/lnd/<node>/)\n` +
          "             pay or invoice as the user: npm run ln -- invoice 1000 | npm run ln -- pay <bolt11>\n") +
      "  Swaps      npm run swap -- mint 50000   (then pay the printed invoice: npm run ln -- pay <bolt11>)\n" +
      `  Keeper     ${keeperUrl}  (Lightning bridge; internal, service key KEEPER_SERVICE_KEY; data .dev/keepers/pglite)\n` +
      `  Relay      ${relayUrl}  (CCIP between the chains; data .dev/keepers/ccip)\n` +
      "  Bridge     npm run ccip -- send 100 sUSD --to 31338   (then npm run ccip -- status <messageId>)\n" +
      `  Keepers    ${jobsUrl}/metrics  (liquidations, oracle rounds, fees, refunds, dev market; data .dev/keepers/jobs)\n` +
      "  Market     npm run market -- crash ETH 30   (a liquidation wave: watch it with npm run market -- show)\n" +
      "\nPress Ctrl-C to stop.\n",
  );
}
