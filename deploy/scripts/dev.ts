// The deploy step of `npm run dev` (run by scripts/dev.ts against the fresh local nodes): deploys the whole
// protocol on both local chains (31337 on FLUXION_RPC_URL, 31338 on FLUXION_RPC_URL_2) at once, connects
// their CCIP gateways, records them and regenerates the module, seeds the demo on each, and writes the
// summary the supervisor prints.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { artifacts, network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { PublicClient } from "viem";
import { devDir, devSummaryPath } from "../../scripts/lib/devPaths.ts";
import { loadNetworkConfig } from "../src/config.ts";
import { connectLanes, deployFluxion } from "../src/deployFluxion.ts";
import { formatSummary } from "../src/devSummary.ts";
import { publishDeployment } from "../src/publish.ts";
import type { Wallet } from "../src/seed/actors.ts";
import { seedDemo } from "../src/seed/seedDemo.ts";

const started = Date.now();
const config = loadNetworkConfig("localhost");

async function open(name: string) {
  const connection: NetworkConnection = await network.create({ network: name });
  const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
  const chainId = await publicClient.getChainId();
  // A new dev node is a new chain: forget Ignition's journal of the previous one.
  rmSync(new URL(`../ignition/deployments/chain-${chainId}`, import.meta.url), {
    recursive: true,
    force: true,
  });
  const record = await deployFluxion(connection, config, { peers: "later" });
  return { connection, publicClient, record };
}

const [a, b] = await Promise.all([open("localhost"), open("localhost2")]);
await Promise.all([
  connectLanes(a.connection, config, a.record, [b.record]),
  connectLanes(b.connection, config, b.record, [a.record]),
]);
for (const chain of [a, b]) await publishDeployment(chain.record, artifacts);
console.log(
  `deployed ${Object.keys(a.record.contracts).length} contracts on chains ${a.record.chainId} and ${b.record.chainId} in ${Date.now() - started} ms`,
);

const [seededA] = await Promise.all(
  [a, b].map(async (chain) => {
    const wallets = (await chain.connection.viem.getWalletClients()) as unknown as Wallet[];
    return { wallets, seeded: await seedDemo(chain.publicClient, wallets, chain.record) };
  }),
);
console.log(`seeded the demo on both chains in ${Date.now() - started} ms`);
// The nodes started in the past so this fast mining never pushed them ahead; `npm run dev` brings them to
// real time once every service has started (deploy/scripts/clock.ts), after the keepers' first runs.

mkdirSync(devDir, { recursive: true });
writeFileSync(devSummaryPath, await formatSummary(a.record, seededA!.wallets, seededA!.seeded));
