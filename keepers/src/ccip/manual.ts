// Manual execution of a failed message (`manuallyExecute(message, gasLimitOverride)` on its destination),
// asked for through the HTTP interface: a receiver that reverted was fixed, or the message needs more gas
// than it asked for. The request is checked against the row and the chain first (stable error codes), sent
// through the destination's nonce-owning signer under `ccip:manual:<id>:<n>`, and waited for; a request
// whose keeper dies is finished by the relay loop, which follows the purpose recorded on the message.

import { localCCIPRouterAbi } from "@fluxion/deploy";
import type { Logger } from "pino";
import { encodeFunctionData, type Hex } from "viem";
import { KeeperError } from "../errors.ts";
import type { Executions } from "./execution.ts";
import type { CcipStore, MessageRow } from "./store.ts";
import { type CcipLane, ExecutionState, executionStateNames } from "./types.ts";

/** The message after a manual execution, or `pending` when its transaction was not mined in time. */
export type ManualOutcome = { row: MessageRow; pending: boolean };

export type ManualExecutionsOptions = {
  store: CcipStore;
  logger: Logger;
  executions: Executions;
  /** How long a request waits for its transaction to be mined. */
  waitMs: number;
};

export class ManualExecutions {
  readonly #o: ManualExecutionsOptions;
  /** Purposes whose request is waiting in this process (the relay loop leaves them to it). */
  readonly #inFlight = new Set<string>();

  constructor(options: ManualExecutionsOptions) {
    this.#o = options;
  }

  inFlight(purpose: string): boolean {
    return this.#inFlight.has(purpose);
  }

  /**
   * Executes the failed message `messageId` again with `gasLimitOverride` (0: its own gas limit; else at
   * least that). Throws KeeperErrors with stable codes for what the caller can fix.
   */
  async execute(
    lanes: CcipLane[],
    messageId: Hex,
    gasLimitOverride: bigint,
  ): Promise<ManualOutcome> {
    const { store, executions, logger } = this.#o;
    const row = await store.get(messageId);
    if (!row) throw new KeeperError("ccip.message_not_found", `no CCIP message ${messageId}`);
    const lane = lanes.find((l) => l.name === row.lane);
    if (!lane) {
      throw new KeeperError(
        "ccip.lane_not_served",
        `this keeper does not serve the lane ${row.lane}`,
      );
    }
    if (row.state !== "failure") {
      throw new KeeperError(
        "ccip.message_not_failed",
        `only a failed message can be executed manually; ${messageId} is ${row.state}`,
      );
    }
    if (gasLimitOverride !== 0n && gasLimitOverride < row.message.gasLimit) {
      throw new KeeperError(
        "ccip.gas_limit_below_message",
        `gasLimit must be at least the message's own ${row.message.gasLimit} (or left out)`,
      );
    }
    const state = await executions.state(lane, row.messageId);
    if (state !== ExecutionState.FAILURE) {
      // Someone executed it since: the row catches up with the chain.
      await executions.recordFromChain(lane, row);
      throw new KeeperError(
        "ccip.message_not_failed",
        `${messageId} is ${executionStateNames[state] ?? state} on chain ${lane.dest.chainId}`,
      );
    }
    const purpose = await store.startManual(row);
    if (!purpose) {
      throw new KeeperError(
        "ccip.manual_in_progress",
        `a manual execution of ${messageId} is already in flight`,
      );
    }
    this.#inFlight.add(purpose);
    try {
      const { signer } = executions.chain(lane.dest.chainId);
      try {
        await signer.send({
          purpose,
          to: lane.dest.router.address,
          data: encodeFunctionData({
            abi: localCCIPRouterAbi,
            functionName: "manuallyExecute",
            args: [row.message, gasLimitOverride],
          }),
          errorAbi: localCCIPRouterAbi,
        });
      } catch (error) {
        await store.endManual(row.messageId, purpose);
        if (error instanceof KeeperError && error.code === "keepers.tx_would_revert") {
          const name = error.details?.errorName;
          if (name === "InvalidManualExecutionGasLimit") {
            throw new KeeperError("ccip.gas_limit_below_message", error.message, { cause: error });
          }
          if (name === "InvalidExecutionState") {
            await executions.recordFromChain(lane, row);
            throw new KeeperError("ccip.message_not_failed", error.message, { cause: error });
          }
          throw new KeeperError("ccip.execution_would_revert", error.message, {
            cause: error,
            details: error.details,
          });
        }
        throw error;
      }
      logger.info(
        { lane: lane.name, messageId, gasLimit: gasLimitOverride.toString(), purpose },
        "manual execution of a failed CCIP message sent",
      );
      try {
        await signer.waitMined(purpose, this.#o.waitMs, 50);
      } catch (error) {
        if (error instanceof KeeperError && error.code === "keepers.tx_timeout") {
          return { row: (await store.get(messageId))!, pending: true };
        }
        throw error;
      }
      await executions.settleManual(lane, row, purpose);
      return { row: (await store.get(messageId))!, pending: false };
    } finally {
      this.#inFlight.delete(purpose);
    }
  }
}
