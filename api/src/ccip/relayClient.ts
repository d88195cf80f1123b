// The CCIP relay keeper's HTTP (keepers/src/ccip/http.ts, KEEPER_CCIP_URL) with the service key: manual
// execution of a failed message, paid by the relay. Its client errors pass through with their status
// and code (ccip.gas_limit_below_message, ccip.invalid_gas_limit, ccip.manual_in_progress,
// ccip.execution_would_revert, ccip.monitor_mode, ...); a relay that is not configured is 503
// ccip.relay_not_configured, one that is down, slow, failing or refusing our key 503
// ccip.relay_unavailable, and one that answers something else 503 ccip.relay_invalid.
import { Type } from "typebox";
import { Compile } from "typebox/compile";
import { unavailable } from "../errors.ts";
import { createKeeperClient } from "../lightning/keeperClient.ts";

/** What the API reads of the relay's answer (keepers/src/ccip/http.ts `messageJson`). */
const RelayAnswer = Compile(
  Type.Object({
    pending: Type.Boolean(),
    message: Type.Object({
      messageId: Type.String(),
      state: Type.String(),
      execution: Type.Union([
        Type.Null(),
        Type.Object({
          transactionHash: Type.String(),
          blockNumber: Type.String(),
          reason: Type.Union([Type.String(), Type.Null()]),
          gasLimit: Type.String(),
          gasUsed: Type.String(),
          manual: Type.Boolean(),
        }),
      ]),
    }),
  }),
);

/** A manual execution as the API answers it. */
export type RelayExecution = {
  messageId: string;
  /** The transaction is sent but not yet mined: watch the message (or /v1/stream). */
  pending: boolean;
  /** The relay's state of the message: success and failure are the destination's. */
  relayState: string;
  execution: {
    txHash: string;
    blockNumber: string;
    gasLimit: string;
    gasUsed: string;
    manual: boolean;
    /** Why the receiver reverted (failure), as the relay decodes it. */
    reason: string | null;
  } | null;
};

export type RelayClient = {
  execute(messageId: string, gasLimit: bigint | undefined): Promise<RelayExecution>;
};

export function createRelayClient(
  relay: { url: string; serviceKey: string } | undefined,
  options: { timeoutMs?: number } = {},
): RelayClient {
  // A manual execution waits for its transaction to be mined.
  const client = createKeeperClient(relay, {
    timeoutMs: options.timeoutMs ?? 60_000,
    errors: {
      notConfigured: {
        code: "ccip.relay_not_configured",
        message:
          "Manual execution goes through the CCIP relay, and none is configured (KEEPER_CCIP_URL)",
      },
      unavailable: { code: "ccip.relay_unavailable", what: "The CCIP relay" },
    },
  });
  return {
    async execute(messageId, gasLimit) {
      const answer = await client.request<unknown>(
        "POST",
        `/v1/ccip/messages/${messageId}/execute`,
        gasLimit === undefined ? {} : { gasLimit: gasLimit.toString() },
      );
      if (!RelayAnswer.Check(answer)) {
        throw unavailable(
          "ccip.relay_invalid",
          "The CCIP relay's answer is not what this API reads",
        );
      }
      const { execution } = answer.message;
      return {
        messageId: answer.message.messageId,
        pending: answer.pending,
        relayState: answer.message.state,
        execution:
          execution === null
            ? null
            : {
                txHash: execution.transactionHash,
                blockNumber: execution.blockNumber,
                gasLimit: execution.gasLimit,
                gasUsed: execution.gasUsed,
                manual: execution.manual,
                reason: execution.reason,
              },
      };
    },
  };
}
