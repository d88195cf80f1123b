// Test fixture: the whole protocol deployed with the local config on a fresh in-process chain.
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { PublicClient } from "viem";
import { loadNetworkConfig, type NetworkConfig } from "../config.ts";
import { connectLanes, deployFluxion } from "../deployFluxion.ts";
import type { DeploymentRecord } from "../deploymentRecord.ts";
import type { Wallet } from "../seed/actors.ts";

export type Deployed = {
  connection: NetworkConnection;
  config: NetworkConfig;
  record: DeploymentRecord;
  publicClient: PublicClient;
  wallets: Wallet[];
};

export async function deployLocal(): Promise<Deployed> {
  const connection = await network.create();
  const config = loadNetworkConfig("localhost");
  const record = await deployFluxion(connection, config);
  return {
    connection,
    config,
    record,
    publicClient: (await connection.viem.getPublicClient()) as unknown as PublicClient,
    wallets: (await connection.viem.getWalletClients()) as unknown as Wallet[],
  };
}

/**
 * Two chains (ids 31337 and 31338, in-process) with the whole protocol deployed on each and their CCIP
 * gateways connected to each other, as `npm run dev` runs them. Nothing delivers messages: start a relay.
 */
export async function deployLocalChains(): Promise<[Deployed, Deployed]> {
  const config = loadNetworkConfig("localhost");
  const chains = await Promise.all(
    [network.create(), network.create({ network: "node2" })].map(async (pending) => {
      const connection = await pending;
      const record = await deployFluxion(connection, config, { peers: "later" });
      return {
        connection,
        config,
        record,
        publicClient: (await connection.viem.getPublicClient()) as unknown as PublicClient,
        wallets: (await connection.viem.getWalletClients()) as unknown as Wallet[],
      };
    }),
  );
  const [a, b] = chains as [Deployed, Deployed];
  await connectLanes(a.connection, config, a.record, [b.record]);
  await connectLanes(b.connection, config, b.record, [a.record]);
  return [a, b];
}
