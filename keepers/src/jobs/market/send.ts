// Inline transactions of the dev-market jobs (a job's run sends them itself rather than planning tasks:
// each run's work is new, so a run cut short is simply followed by the next one).
import { randomUUID } from "node:crypto";
import { type Address, encodeFunctionData, erc20Abi, type Hex, maxUint256 } from "viem";
import { KeeperError } from "../../errors.ts";
import { protocolErrors } from "../protocol.ts";
import type { JobContext } from "../types.ts";

/** A run's purposes: `<job>:<run id>:<step>`, unique forever. */
export function runPurposes(job: string): (step: string) => string {
  const run = randomUUID();
  return (step) => `${job}:${run}:${step}`;
}

/** Sends and waits until mined; a reverted receipt throws. */
export async function sendAndWait(
  ctx: JobContext,
  purpose: string,
  to: Address,
  data: Hex,
): Promise<void> {
  await ctx.signer.send({ purpose, to, data, errorAbi: protocolErrors });
  const tx = await ctx.signer.waitMined(purpose, 60_000, 50);
  if (tx.receiptStatus !== "success") {
    throw new KeeperError("keepers.tx_reverted", `${purpose} reverted in ${tx.hash}`);
  }
}

/** Gives `spender` an unlimited allowance of `token` once (the purpose makes it once per chain). */
export async function approveOnce(
  ctx: JobContext,
  token: Address,
  spender: Address,
): Promise<void> {
  const allowance = await ctx.client.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [ctx.signer.address, spender],
  });
  if (allowance > maxUint256 / 2n) return;
  const purpose = `approve:${ctx.signer.address}:${token}:${spender}`.toLowerCase();
  await sendAndWait(
    ctx,
    purpose,
    token,
    encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, maxUint256] }),
  );
}
