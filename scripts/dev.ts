// `npm run dev`: a local Fluxion on embedded defaults. Starts a Hardhat node, deploys the whole
// protocol with Ignition, seeds a living demo, prints what runs where, and on Ctrl-C stops
// everything cleanly. Later parts (indexer, keepers, API, web) join as more units here.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { devLogDir, devSummaryPath } from "./lib/devPaths.ts";
import { createConsoleLogger } from "./lib/logger.ts";
import { portInUse, rpcAnswers } from "./lib/rpc.ts";
import { Supervisor, stopOnSignals, type UnitDefinition } from "./lib/supervisor.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const hardhatPackage = require.resolve("hardhat/package.json");
const hardhatCli = join(dirname(hardhatPackage), require(hardhatPackage).bin.hardhat);

const host = process.env.FLUXION_CHAIN_HOST ?? "127.0.0.1";
const port = Number(process.env.FLUXION_CHAIN_PORT ?? 8545);
const rpcUrl = `http://${host}:${port}`;

if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`FLUXION_CHAIN_PORT must be a TCP port, got "${process.env.FLUXION_CHAIN_PORT}"`);
  process.exit(1);
}
if (await portInUse(port, host)) {
  console.error(
    `Port ${port} on ${host} is already in use (another Hardhat node?). ` +
      "Stop it or pick another port: FLUXION_CHAIN_PORT=8546 npm run dev",
  );
  process.exit(1);
}

// The node logs every RPC call: keep that in .dev/logs/chain.log, off the console.
const logger = createConsoleLogger({ logDir: devLogDir, quietUnits: ["chain"] });
const units: UnitDefinition[] = [
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
    name: "deploy",
    kind: "task",
    command: process.execPath,
    args: [hardhatCli, "run", "deploy/scripts/dev.ts", "--network", "localhost"],
    cwd: root,
    env: { FLUXION_RPC_URL: rpcUrl },
    dependsOn: ["chain"],
  },
];

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
  console.log(`\n${summary}\n  Chain RPC  ${rpcUrl}  (chain id 31337)\n\nPress Ctrl-C to stop.\n`);
}
