// An in-process Hardhat chain (EDR) for keeper tests, with viem clients and Hardhat's well-known
// development keys (never use them on a real network).
import { network } from "hardhat";
import type { LocalAccount, PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";

const hardhatMnemonic = "test test test test test test test test test test test junk";

/** Hardhat development account `index` as a local (key-holding) viem account. */
export function devAccount(index: number): LocalAccount {
  return mnemonicToAccount(hardhatMnemonic, { addressIndex: index }) as unknown as LocalAccount;
}

export async function startTestChain() {
  const connection = await network.create();
  const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
  const rpc = (method: string, params: unknown[] = []) =>
    connection.provider.request({ method, params }) as Promise<unknown>;
  return { connection, publicClient, rpc, close: () => connection.close() };
}
