// The cast of the local demo: Hardhat's well-known dev accounts with names, and a small helper
// that sends a transaction and fails loudly (with the call named) if it reverts. The keeper (account 7)
// holds KEEPER_ROLE on the Lightning gateway (deploy/networks/local.json `lightning.keepers`).
import type { Account, Address, Chain, Hash, PublicClient, Transport, WalletClient } from "viem";
import type { DeploymentRecord } from "../deploymentRecord.ts";

export type Wallet = WalletClient<Transport, Chain, Account>;

export const actorNames = [
  "deployer",
  "guardian",
  "attestor",
  "alice",
  "bob",
  "carol",
  "dave",
  "keeper",
] as const;
export type ActorName = (typeof actorNames)[number];

export type SeedContext = {
  publicClient: PublicClient;
  wallets: Record<ActorName, Wallet>;
  record: DeploymentRecord;
  /** Sends, waits for the receipt and throws naming `what` if the transaction reverted. */
  send(what: string, tx: Promise<Hash>): Promise<void>;
  /** Moves chain time forward and mines one block. */
  advance(seconds: number): Promise<void>;
  address(name: ActorName): Address;
  /** A swap/join deadline one hour after the chain's current time. */
  deadline(): Promise<bigint>;
};

export function createSeedContext(
  publicClient: PublicClient,
  walletClients: readonly Wallet[],
  record: DeploymentRecord,
): SeedContext {
  if (walletClients.length < actorNames.length) {
    throw new Error(
      `seed: needs ${actorNames.length} unlocked accounts, the node has ${walletClients.length}`,
    );
  }
  const wallets = Object.fromEntries(
    actorNames.map((name, i) => [name, walletClients[i]!]),
  ) as Record<ActorName, Wallet>;
  return {
    publicClient,
    wallets,
    record,
    address: (name) => wallets[name].account.address,
    deadline: async () => (await publicClient.getBlock()).timestamp + 3600n,
    async send(what, tx) {
      let hash: Hash;
      try {
        hash = await tx;
      } catch (error) {
        throw new Error(`seed: ${what} failed: ${(error as Error).message}`);
      }
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`seed: ${what} reverted (tx ${hash})`);
    },
    async advance(seconds) {
      await publicClient.request({
        method: "evm_increaseTime" as never,
        params: [seconds] as never,
      });
      await publicClient.request({ method: "evm_mine" as never, params: [] as never });
    },
  };
}

export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed: ${what} is not in the deployment`);
  return value;
}
