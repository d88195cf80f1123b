// The deploy step of `npm run dev` (run by scripts/dev.ts against the fresh local node): deploys,
// records and regenerates the module, seeds the demo, and writes the summary the supervisor prints.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { artifacts, network } from "hardhat";
import type { PublicClient } from "viem";
import { devDir, devSummaryPath } from "../../scripts/lib/devPaths.ts";
import { loadNetworkConfig } from "../src/config.ts";
import { deployFluxion } from "../src/deployFluxion.ts";
import { formatSummary } from "../src/devSummary.ts";
import { publishDeployment } from "../src/publish.ts";
import type { Wallet } from "../src/seed/actors.ts";
import { seedDemo } from "../src/seed/seedDemo.ts";

const connection = await network.create();
const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
const chainId = await publicClient.getChainId();
// A new dev node is a new chain: forget Ignition's journal of the previous one.
rmSync(new URL(`../ignition/deployments/chain-${chainId}`, import.meta.url), {
  recursive: true,
  force: true,
});

const started = Date.now();
const config = loadNetworkConfig(connection.networkName);
const record = await deployFluxion(connection, config);
await publishDeployment(record, artifacts);
console.log(
  `deployed ${Object.keys(record.contracts).length} contracts in ${Date.now() - started} ms`,
);

const wallets = (await connection.viem.getWalletClients()) as unknown as Wallet[];
const seeded = await seedDemo(publicClient, wallets, record);
console.log(`seeded the demo in ${Date.now() - started} ms`);
// The node started in the past so this fast mining never pushed it ahead; `npm run dev` brings it to
// real time once every service has started (deploy/scripts/clock.ts), after the keepers' first runs.

mkdirSync(devDir, { recursive: true });
writeFileSync(devSummaryPath, await formatSummary(record, wallets, seeded));
