// Test fixture: the whole protocol deployed with the local config on a fresh in-process chain.
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { PublicClient } from "viem";
import { loadNetworkConfig, type NetworkConfig } from "../config.ts";
import { deployFluxion } from "../deployFluxion.ts";
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
