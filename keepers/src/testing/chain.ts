// An in-process Hardhat chain (EDR) for keeper tests, with viem clients and Hardhat's well-known
// development keys (never use them on a real network).
import { lightningGatewayAbi } from "@fluxion/deploy";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { Address, LocalAccount, PublicClient } from "viem";
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

/**
 * Grants KEEPER_ROLE on the gateway to `account` the way governance would: as the Timelock, impersonated
 * on a Hardhat chain (in-process or a `hardhat node`).
 */
export async function grantKeeperRole(
  chain: {
    connection: NetworkConnection;
    publicClient: PublicClient;
    rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  },
  contracts: { gateway: Address; timelock: Address },
  account: Address,
): Promise<void> {
  const { connection, publicClient, rpc } = chain;
  const { gateway, timelock } = contracts;
  await rpc("hardhat_impersonateAccount", [timelock]);
  await rpc("hardhat_setBalance", [timelock, "0x56BC75E2D63100000"]);
  const role = await publicClient.readContract({
    address: gateway,
    abi: lightningGatewayAbi,
    functionName: "KEEPER_ROLE",
  });
  const wallet = await connection.viem.getWalletClient(timelock);
  const hash = await wallet.writeContract({
    address: gateway,
    abi: lightningGatewayAbi,
    functionName: "grantRole",
    args: [role, account],
    account: timelock,
    chain: undefined,
  });
  await publicClient.waitForTransactionReceipt({ hash });
  await rpc("hardhat_stopImpersonatingAccount", [timelock]);
}
