// What the destination router says about a message's execution, and recording it: the state
// (`getExecutionState`), the ExecutionStateChanged log that decided it (whoever executed: this relay,
// another relay, anyone's manual execution), and the row, metrics and warn-level report that follow. The
// relay loop (relay.ts) and manual executions (manual.ts) both record through here.

import { crossChainGatewayAbi, localCCIPRouterAbi, mockCCIPReceiverAbi } from "@fluxion/deploy";
import type { Logger } from "pino";
import {
  type Address,
  decodeErrorResult,
  getAbiItem,
  type Hex,
  type Log,
  type PublicClient,
  parseEventLogs,
} from "viem";
import type { ChainTx, NonceSigner } from "../chain/nonceSigner.ts";
import { KeeperError } from "../errors.ts";
import type { CcipMetrics } from "./metrics.ts";
import type { CcipStore, ExecutionResult, MessageRow } from "./store.ts";
import { type CcipLane, ExecutionState } from "./types.ts";

/** A chain the relay sends on: reads, and the nonce-owning signer of its key there. */
export type RelayChain = { chainId: number; client: PublicClient; signer: NonceSigner };

const executionStateChanged = getAbiItem({
  abi: localCCIPRouterAbi,
  name: "ExecutionStateChanged",
});

/** Errors a receiver's revert data may name, for a readable reason in the report. */
const reasonAbi = [...crossChainGatewayAbi, ...mockCCIPReceiverAbi];

/** The receiver's revert data as an error name and arguments when known, else the raw data. */
export function revertReason(returnData: Hex): string {
  if (returnData === "0x") return "reverted without data (or ran out of gas)";
  try {
    const { errorName, args } = decodeErrorResult({ abi: reasonAbi, data: returnData });
    return `${errorName}(${(args ?? []).map(String).join(", ")})`;
  } catch {
    return returnData;
  }
}

export type ExecutionsOptions = {
  store: CcipStore;
  metrics: CcipMetrics;
  logger: Logger;
  chains: ReadonlyMap<number, RelayChain>;
};

export class Executions {
  readonly #o: ExecutionsOptions;

  constructor(options: ExecutionsOptions) {
    this.#o = options;
  }

  chain(chainId: number): RelayChain {
    const chain = this.#o.chains.get(chainId);
    if (!chain) throw new KeeperError("ccip.chain_unknown", `no client for chain ${chainId}`);
    return chain;
  }

  /** The message's execution state on the lane's destination. */
  async state(lane: CcipLane, messageId: Hex): Promise<number> {
    return this.chain(lane.dest.chainId).client.readContract({
      address: lane.dest.router.address,
      abi: localCCIPRouterAbi,
      functionName: "getExecutionState",
      args: [messageId],
    });
  }

  /** The newest ExecutionStateChanged of `messageId` on the lane's destination (undefined: none). */
  async latest(lane: CcipLane, messageId: Hex): Promise<ExecutionResult | undefined> {
    const logs = await this.chain(lane.dest.chainId).client.getLogs({
      address: lane.dest.router.address,
      event: executionStateChanged,
      args: { messageId },
      fromBlock: lane.dest.router.blockNumber,
      toBlock: "latest",
      strict: true,
    });
    const last = logs.at(-1);
    return last ? this.#resultOf(lane, last, undefined) : undefined;
  }

  /** The execution of `messageId` that the mined transaction `hash` made (undefined: it made none). */
  async fromTransaction(
    lane: CcipLane,
    hash: Hex,
    messageId: Hex,
  ): Promise<{ status: "success" | "reverted"; result: ExecutionResult | undefined }> {
    const receipt = await this.chain(lane.dest.chainId).client.getTransactionReceipt({ hash });
    const router = lane.dest.router.address.toLowerCase();
    const log = parseEventLogs({
      abi: [executionStateChanged],
      logs: receipt.logs.filter((l) => l.address.toLowerCase() === router),
      eventName: "ExecutionStateChanged",
    }).find((l) => l.args.messageId.toLowerCase() === messageId.toLowerCase());
    return {
      status: receipt.status,
      result: log ? await this.#resultOf(lane, log, true) : undefined,
    };
  }

  async #resultOf(
    lane: CcipLane,
    log: Log & {
      args: {
        state: number;
        returnData: Hex;
        manual: boolean;
        executor: Address;
        gasLimit: bigint;
        gasUsed: bigint;
      };
    },
    byUs: boolean | undefined,
  ): Promise<ExecutionResult | undefined> {
    const { state } = log.args;
    if (state !== ExecutionState.SUCCESS && state !== ExecutionState.FAILURE) return undefined;
    const txHash = log.transactionHash as Hex;
    return {
      state: state === ExecutionState.SUCCESS ? "success" : "failure",
      txHash,
      blockNumber: log.blockNumber as bigint,
      logIndex: log.logIndex as number,
      returnData: log.args.returnData,
      gasLimit: log.args.gasLimit,
      gasUsed: log.args.gasUsed,
      manual: log.args.manual,
      executor: log.args.executor,
      byUs: byUs ?? (await this.#o.store.isOurTransaction(lane.dest.chainId, txHash)),
    };
  }

  /**
   * Records `result` for the message: the row moves (once, whoever records it first), the metrics count
   * it, and a failure is reported at warn with the receiver's reason. Returns whether the row moved.
   */
  async record(lane: CcipLane, row: MessageRow, result: ExecutionResult): Promise<boolean> {
    const { store, metrics, logger } = this.#o;
    const moved = await store.recordResult(row.messageId, result);
    if (!moved) return false;
    const by = result.manual ? "manual" : result.byUs ? "relay" : "other";
    metrics.executions.labels(lane.name, result.state, by).inc();
    if (moved.first) metrics.delivery.labels(lane.name).observe(moved.latencySeconds);
    const detail = {
      lane: lane.name,
      messageId: row.messageId,
      sequenceNumber: row.message.sequenceNumber.toString(),
      receiver: row.message.receiver,
      by,
      transactionHash: result.txHash,
      gasLimit: result.gasLimit.toString(),
      gasUsed: result.gasUsed.toString(),
    };
    if (result.state === "failure") {
      logger.warn(
        {
          ...detail,
          code: "ccip.execution_failed",
          returnData: result.returnData,
          reason: revertReason(result.returnData),
        },
        "CCIP message execution failed: it can be executed again manually",
      );
    } else {
      logger.info(detail, "CCIP message executed");
    }
    return true;
  }

  /** Records what the destination shows for a message someone else executed. */
  async recordFromChain(lane: CcipLane, row: MessageRow): Promise<boolean> {
    const result = await this.latest(lane, row.messageId);
    return result ? this.record(lane, row, result) : false;
  }

  /**
   * The transaction of `purpose` on the lane's destination, brought up to date (see NonceSigner.follow), or
   * "displaced": it is pending, none of its versions was mined, and its nonce was used by another
   * transaction (the same key signing elsewhere: a relay on another database), so it never will be.
   */
  async follow(lane: CcipLane, purpose: string): Promise<ChainTx | "displaced" | undefined> {
    const { signer, client, chainId } = this.chain(lane.dest.chainId);
    const tx = await signer.follow(purpose);
    if (!tx || tx.status === "mined") return tx;
    const recorded = await this.#o.store.transactionOf(chainId, purpose);
    if (!recorded) return tx;
    const used = await client.getTransactionCount({
      address: recorded.signer,
      blockTag: "latest",
    });
    if (BigInt(used) <= recorded.nonce) return tx;
    // Mined between the two looks?
    const again = await signer.follow(purpose);
    if (again?.status === "mined") return again;
    this.#o.logger.warn(
      {
        lane: lane.name,
        purpose,
        nonce: Number(recorded.nonce),
        signer: recorded.signer,
        code: "ccip.tx_displaced",
      },
      "another transaction took this one's nonce (is the key used by another relay?): it is given up",
    );
    return "displaced";
  }

  /**
   * Follows the manual execution `purpose` of `row`: once its transaction is mined, records what it did
   * (or, if it reverted, what the chain shows) and ends it. "none": no transaction was recorded for it.
   */
  async settleManual(
    lane: CcipLane,
    row: MessageRow,
    purpose: string,
  ): Promise<"pending" | "done" | "none"> {
    const tx = await this.follow(lane, purpose);
    if (!tx) return "none";
    if (tx === "displaced") {
      await this.recordFromChain(lane, row);
      await this.#o.store.endManual(row.messageId, purpose);
      return "done";
    }
    if (tx.status === "pending") return "pending";
    const { status, result } = await this.fromTransaction(lane, tx.hash, row.messageId);
    this.#o.metrics.transactions.labels(lane.name, "manual", status).inc();
    if (result) await this.record(lane, row, result);
    else await this.recordFromChain(lane, row);
    await this.#o.store.endManual(row.messageId, purpose);
    return "done";
  }
}
