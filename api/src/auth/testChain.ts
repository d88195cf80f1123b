// Test fixture: a fresh in-process Hardhat chain whose public client the app verifies
// contract-wallet signatures with, plus a deployer for MockERC1271Wallet (`npx hardhat build`
// compiles it; the root `npm test` builds first).
import { network } from "hardhat";
import type { ChainReader } from "./chainReader.ts";

export type TestChain = {
  publicClient: ChainReader;
  /** Deploys a MockERC1271Wallet owned by `owner`; returns its address. */
  deployWallet(owner: `0x${string}`): Promise<`0x${string}`>;
  close(): Promise<void>;
};

export async function startTestChain(): Promise<TestChain> {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  return {
    publicClient,
    async deployWallet(owner) {
      const wallet = await connection.viem.deployContract("MockERC1271Wallet", [owner]);
      return wallet.address;
    },
    close: () => connection.close(),
  };
}
