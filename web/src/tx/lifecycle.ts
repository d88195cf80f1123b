// Every transaction the app sends goes through the same steps, whatever the page:
//   simulate (a call that would revert never reaches the wallet) → signing (the wallet asks)
//   → pending (a hash) → confirmed (a receipt) → indexed (the indexer has the block, so every view
//   agrees). A failure at any step is decoded into plain words; the caller keeps what the user typed.

import type { Abi, Address, Hash } from "viem";
import {
  getConnection,
  simulateContract,
  switchChain,
  waitForTransactionReceipt,
  writeContract,
} from "wagmi/actions";
import { waitIndexed } from "../indexer/client.ts";
import type { wagmiConfig } from "../wallet/config.ts";
import { type DecodedError, decodeError } from "./decodeError.ts";

export type TxStage =
  | "idle"
  | "simulating"
  | "signing"
  | "pending"
  | "confirmed"
  | "indexed"
  | "failed";

export type TxState = {
  stage: TxStage;
  /** What the step does, in words ("Approve 100 USDC", "Mint 50 sUSD"). */
  label?: string;
  hash?: Hash;
  blockNumber?: bigint;
  error?: DecodedError;
  /** 1-based step number and count, for flows of several transactions (approve, then act). */
  step?: number;
  steps?: number;
};

export type ContractCall = {
  label: string;
  address: Address;
  abi: Abi | readonly unknown[];
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
};

export class TxFailed extends Error {
  constructor(readonly decoded: DecodedError) {
    super(decoded.message);
    this.name = "TxFailed";
  }
}

/**
 * Runs calls one after another on `chainId` (switching the wallet's network first if the user agrees),
 * reporting each stage. Resolves with the last receipt's block once the indexer has it; throws
 * TxFailed (already reported as "failed") on the first failure.
 */
export async function runCalls(
  config: typeof wagmiConfig,
  chainId: number,
  calls: ContractCall[],
  report: (state: TxState) => void,
  options: { waitForIndexer?: boolean } = {},
): Promise<{ hashes: Hash[]; blockNumber: bigint }> {
  const hashes: Hash[] = [];
  let blockNumber = 0n;
  let current: TxState = { stage: "idle" };
  const set = (state: TxState) => {
    current = state;
    report(state);
  };
  try {
    const connection = getConnection(config);
    if (!connection.address)
      throw new TxFailed({ code: "wallet.disconnected", message: "Connect a wallet first." });
    if (connection.chainId !== chainId) await switchChain(config, { chainId });
    for (const [index, call] of calls.entries()) {
      const step = { label: call.label, step: index + 1, steps: calls.length };
      set({ stage: "simulating", ...step });
      const { request } = await simulateContract(config, {
        chainId,
        account: connection.address,
        address: call.address,
        abi: call.abi as Abi,
        functionName: call.functionName,
        args: call.args,
        value: call.value,
      } as never);
      set({ stage: "signing", ...step });
      const hash = await writeContract(config, request as never);
      hashes.push(hash);
      set({ stage: "pending", hash, ...step });
      const receipt = await waitForTransactionReceipt(config, {
        chainId,
        hash,
        pollingInterval: 100,
      });
      if (receipt.status !== "success") {
        throw new TxFailed({
          code: "tx.reverted",
          message: "The transaction was mined but reverted.",
        });
      }
      blockNumber = receipt.blockNumber;
      set({ stage: "confirmed", hash, blockNumber, ...step });
    }
    if (options.waitForIndexer !== false) {
      await waitIndexed(chainId, blockNumber);
      set({ ...current, stage: "indexed" });
    }
    return { hashes, blockNumber };
  } catch (error) {
    const decoded = error instanceof TxFailed ? error.decoded : decodeError(error);
    set({ ...current, stage: "failed", error: decoded });
    throw error instanceof TxFailed ? error : new TxFailed(decoded);
  }
}
