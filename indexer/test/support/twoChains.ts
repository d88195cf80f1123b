// Test support: the two local chains of `npm run dev` (31337 and 31338, each a real `hardhat node`),
// Fluxion deployed to both and their CCIP gateways connected the way deploy/scripts/dev.ts does it
// (every chain first, then each chain's lanes to the other), the demo seeded on each. Fresh nodes get
// the same addresses and blocks as the generated module's records, which the indexer reads.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { PublicClient } from "viem";
import { loadNetworkConfig } from "../../../deploy/src/config.ts";
import { connectLanes, deployFluxion } from "../../../deploy/src/deployFluxion.ts";
import type { DeploymentRecord } from "../../../deploy/src/deploymentRecord.ts";
import type { Wallet } from "../../../deploy/src/seed/actors.ts";
import { seedDemo } from "../../../deploy/src/seed/seedDemo.ts";
import { type LocalChain, type Protocol, repoRoot, startLocalChain } from "./localChain.ts";

export type ChainUnderTest = Protocol & { chain: LocalChain; chainId: number };

/**
 * Starts both nodes, deploys, connects and seeds them; `stop()` closes everything it started.
 * `onStarted` gets that `stop` as soon as the nodes run, before the deploy and the seed (a minute or
 * so), for a caller that must be able to shut them down while it waits (on Ctrl-C).
 */
export async function startTwoChains(
  options: { onStarted?: (stop: () => Promise<void>) => void } = {},
): Promise<{
  a: ChainUnderTest;
  b: ChainUnderTest;
  stop(): Promise<void>;
}> {
  const nodes = await Promise.all([startLocalChain(), startLocalChain({ network: "node2" })]);
  const connections: NetworkConnection[] = [];
  const stop = async () => {
    for (const connection of connections) await connection.close?.();
    await Promise.all(nodes.map((node) => node.stop()));
  };
  options.onStarted?.(stop);
  try {
    const config = loadNetworkConfig("localhost");
    // A private Ignition journal per chain, so concurrent runs never share one; removed once deployed.
    const deploymentIds = [0, 1].map((i) => `indexer-ccip-${process.pid}-${Date.now()}-${i}`);
    let deployed: { connection: NetworkConnection; record: DeploymentRecord }[];
    try {
      deployed = await Promise.all(
        (["localhost", "localhost2"] as const).map(async (name, i) => {
          const connection = await network.create({
            network: name,
            override: { url: nodes[i]!.url },
          });
          connections.push(connection);
          const deploymentId = deploymentIds[i]!;
          const record = await deployFluxion(connection, config, { peers: "later", deploymentId });
          return { connection, record };
        }),
      );
      const [a, b] = deployed as [(typeof deployed)[0], (typeof deployed)[0]];
      await Promise.all([
        connectLanes(a.connection, config, a.record, [b.record], {
          deploymentId: deploymentIds[0],
        }),
        connectLanes(b.connection, config, b.record, [a.record], {
          deploymentId: deploymentIds[1],
        }),
      ]);
    } finally {
      for (const id of deploymentIds) {
        rmSync(join(repoRoot, "deploy/ignition/deployments", id), { recursive: true, force: true });
      }
    }
    const chains = await Promise.all(
      deployed.map(async ({ connection, record }, i): Promise<ChainUnderTest> => {
        const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
        const wallets = (await connection.viem.getWalletClients()) as unknown as Wallet[];
        const { proposalId } = await seedDemo(publicClient, wallets, record);
        return {
          connection,
          record,
          publicClient,
          wallets,
          proposalId,
          chain: nodes[i]!,
          chainId: record.chainId,
        };
      }),
    );
    return { a: chains[0]!, b: chains[1]!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
