// Approvals for exactly what a step spends (never "unlimited"): an approve call is added only when the
// current allowance is short of `amount`.

import { type Address, erc20Abi } from "viem";
import { readContract } from "wagmi/actions";
import type { wagmiConfig } from "../wallet/config.ts";
import type { ContractCall } from "./lifecycle.ts";

export async function approvalCalls(
  config: typeof wagmiConfig,
  chainId: number,
  owner: Address,
  spends: { token: Address; symbol: string; spender: Address; amount: bigint; display: string }[],
): Promise<ContractCall[]> {
  const calls: ContractCall[] = [];
  for (const spend of spends) {
    if (spend.amount === 0n) continue;
    const allowance = await readContract(config, {
      chainId,
      address: spend.token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [owner, spend.spender],
    });
    if (allowance >= spend.amount) continue;
    calls.push({
      label: `Approve ${spend.display} ${spend.symbol}`,
      address: spend.token,
      abi: erc20Abi,
      functionName: "approve",
      args: [spend.spender, spend.amount],
    });
  }
  return calls;
}
