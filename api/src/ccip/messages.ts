// Cross-chain messages as the API shows them: the indexer's merged message (indexerMessages.ts)
// reshaped into one stable shape (addresses checksummed, times ISO), who may see which (a signed-in
// account its own, as sender or recipient; admins and services any; someone else's message is as
// unknown as one that does not exist: 404 ccip.message_not_found), and manual execution of a failed
// message through the relay, checked first against what the chains allow.
import { getAddress, isAddress } from "viem";
import type { Principal } from "../auth/types.ts";
import { ApiError, badRequest, conflict, forbidden, notFound } from "../errors.ts";
import type { CcipReads } from "./chainReads.ts";
import type { CcipDirectory } from "./directory.ts";
import type { IndexerExecution, IndexerMessage, IndexerMessages } from "./indexerMessages.ts";
import type { RelayClient, RelayExecution } from "./relayClient.ts";

type Step = { blockNumber: string; txHash: string; at: string } | null;

export type MessageView = {
  messageId: string;
  state: IndexerMessage["state"];
  kind: string | null;
  sequenceNumber: string | null;
  source: { chainId: number | null; chainSelector: string | null; synth: string | null };
  destination: { chainId: number | null; chainSelector: string | null; synth: string | null };
  from: string | null;
  to: string | null;
  assetId: string | null;
  amount: string | null;
  fee: { token: string | null; native: boolean; amount: string } | null;
  gasLimit: string | null;
  execution: {
    state: string | null;
    attempts: number;
    manual: boolean;
    lastGasUsed: string | null;
    lastReturnData: string | null;
  };
  storedFailure: boolean;
  failureReason: string | null;
  recoveredTo: string | null;
  /** What can be done about a failed message: a manual execution (the relay) or a gateway retry. */
  remedy: "manual_execution" | "gateway_retry" | null;
  steps: {
    sent: Step;
    committed: Step;
    executed: Step;
    failed: Step;
    manuallyExecuted: Step;
    storedFailed: Step;
    retried: Step;
    recovered: Step;
    received: Step;
  };
  firstSeenAt: string;
};

export type ExecutionView = {
  chainId: number;
  state: string;
  manual: boolean;
  executor: string;
  gasLimit: string;
  gasUsed: string;
  returnData: string;
  blockNumber: string;
  txHash: string;
  at: string;
};

const checksum = (value: string | null): string | null =>
  value !== null && isAddress(value, { strict: false }) ? getAddress(value) : null;

const iso = (unixSeconds: string) => new Date(Number(unixSeconds) * 1000).toISOString();

const zero = "0x0000000000000000000000000000000000000000";

function step(stage: IndexerMessage["events"]["sent"]): Step {
  if (stage?.blockNumber === undefined || !stage.txHash || stage.timestamp === undefined) {
    return null;
  }
  return { blockNumber: stage.blockNumber, txHash: stage.txHash, at: iso(stage.timestamp) };
}

export function messageView(m: IndexerMessage): MessageView {
  const storedFailure = m.gateway.storedFailed && !m.gateway.received && !m.gateway.recovered;
  const routerFailed = m.state === "failed" && m.execution.state === "failure" && !storedFailure;
  return {
    messageId: m.messageId.toLowerCase(),
    state: m.state,
    kind: m.kind,
    sequenceNumber: m.sequenceNumber,
    source: {
      chainId: m.source.chainId,
      chainSelector: m.source.chainSelector,
      synth: checksum(m.source.synth),
    },
    destination: {
      chainId: m.destination.chainId,
      chainSelector: m.destination.chainSelector,
      synth: checksum(m.destination.synth),
    },
    from: checksum(m.from),
    to: checksum(m.to),
    assetId: m.assetId,
    amount: m.amount,
    fee:
      m.fee === null
        ? null
        : {
            token: checksum(m.fee.token),
            native: m.fee.token === null || m.fee.token.toLowerCase() === zero,
            amount: m.fee.amount,
          },
    gasLimit: m.gasLimit,
    execution: {
      state: m.execution.state,
      attempts: m.execution.attempts,
      manual: m.execution.manual,
      lastGasUsed: m.execution.lastGasUsed,
      lastReturnData: m.execution.lastReturnData,
    },
    storedFailure,
    failureReason: m.gateway.failureReason,
    recoveredTo: checksum(m.gateway.recoveredTo),
    remedy: routerFailed ? "manual_execution" : storedFailure ? "gateway_retry" : null,
    steps: {
      sent: step(m.events.sent),
      committed: step(m.events.committed),
      executed: step(m.events.executed),
      failed: step(m.events.failed),
      manuallyExecuted: step(m.events.manuallyExecuted),
      storedFailed: step(m.events.storedFailed),
      retried: step(m.events.retried),
      recovered: step(m.events.recovered),
      received: step(m.events.received),
    },
    firstSeenAt: iso(m.firstSeenTimestamp),
  };
}

function executionView(e: IndexerExecution): ExecutionView {
  return {
    chainId: e.chainId,
    state: e.state,
    manual: e.manual,
    executor: checksum(e.executor) ?? e.executor,
    gasLimit: e.gasLimit,
    gasUsed: e.gasUsed,
    returnData: e.returnData,
    blockNumber: e.blockNumber,
    txHash: e.txHash,
    at: iso(e.timestamp),
  };
}

/** Admins and services see every message; signed-in accounts their own. */
export const seesAll = (principal: Principal) =>
  principal.roles.includes("admin") || principal.roles.includes("service");

/** The caller sent or receives the message. */
function isParty(principal: Principal, m: IndexerMessage): boolean {
  if (principal.kind !== "session") return false;
  const me = principal.address.toLowerCase();
  return m.from?.toLowerCase() === me || m.to?.toLowerCase() === me;
}

const messageNotFound = () => notFound("ccip.message_not_found", "No such cross-chain message");

export type CcipMessages = ReturnType<typeof createCcipMessages>;

export function createCcipMessages(deps: {
  indexer: IndexerMessages;
  relay: RelayClient;
  directory: CcipDirectory;
  reads: CcipReads;
}) {
  const { indexer, relay, directory, reads } = deps;

  /** The message, if the caller may see it; else 404 whether it exists or not. */
  async function readable(principal: Principal, messageId: string) {
    const message = await indexer.get(messageId);
    if (message === null || !(seesAll(principal) || isParty(principal, message))) {
      throw messageNotFound();
    }
    return message;
  }

  /** The largest gas limit the message's lane takes (the source router's `maxGasLimit`). */
  async function laneMaxGasLimit(message: IndexerMessage): Promise<number | null> {
    const source =
      message.source.chainId === null ? undefined : directory.byChainId(message.source.chainId);
    const dest =
      message.destination.chainId === null
        ? undefined
        : directory.byChainId(message.destination.chainId);
    // Chainlink's routers have no getLane, and a chain without a deployment record is not ours.
    if (!source?.local || !dest) return null;
    return (await reads.routerLane(source, dest)).maxGasLimit;
  }

  return {
    async list(
      principal: Principal,
      query: { account?: string; state?: IndexerMessage["state"]; limit: number },
    ): Promise<MessageView[]> {
      let account = query.account;
      if (!seesAll(principal)) {
        if (principal.kind !== "session") {
          throw forbidden("auth.forbidden", "Requires a session, or role admin or service");
        }
        if (account !== undefined && account.toLowerCase() !== principal.address.toLowerCase()) {
          throw forbidden("ccip.account_forbidden", "You may only list your own messages");
        }
        account = principal.address;
      }
      const messages = await indexer.list({ ...query, account });
      return messages.map(messageView);
    },

    async get(
      principal: Principal,
      messageId: string,
    ): Promise<MessageView & { executions: ExecutionView[] }> {
      const message = await readable(principal, messageId);
      return { ...messageView(message), executions: message.executions.map(executionView) };
    },

    /**
     * Asks the relay to execute a failed message again (its own gas, at `gasLimit` or the message's).
     * Only its sender, its recipient, admins and services; only a message the router failed; only a
     * gas limit between the message's own and its lane's ceiling.
     */
    async execute(
      principal: Principal,
      messageId: string,
      gasLimit: bigint | undefined,
    ): Promise<RelayExecution> {
      const message = await readable(principal, messageId);
      const view = messageView(message);
      if (view.remedy !== "manual_execution") {
        if (view.remedy === "gateway_retry") {
          throw conflict(
            "ccip.stored_failure",
            "The message was delivered and the gateway stored its failure: retry it with the destination gateway's retryFailedMessage (anyone may)",
            { details: { state: view.state } },
          );
        }
        throw conflict("ccip.message_not_failed", `The message is ${view.state}, not failed`, {
          details: { state: view.state },
        });
      }
      if (gasLimit !== undefined) {
        if (message.gasLimit !== null && gasLimit < BigInt(message.gasLimit)) {
          throw badRequest(
            "ccip.gas_limit_below_message",
            `gasLimit must be at least the message's own ${message.gasLimit} (or left out)`,
            { details: { minimum: message.gasLimit } },
          );
        }
        const ceiling = await laneMaxGasLimit(message);
        if (ceiling !== null && gasLimit > BigInt(ceiling)) {
          throw badRequest(
            "ccip.gas_limit_above_lane",
            `gasLimit must be at most the lane's ${ceiling}`,
            { details: { maximum: String(ceiling) } },
          );
        }
      }
      try {
        return await relay.execute(view.messageId, gasLimit);
      } catch (error) {
        // The relay says the same as the indexer would, later: one code, one status.
        if (error instanceof ApiError && error.code === "ccip.message_not_failed") {
          throw conflict("ccip.message_not_failed", error.message);
        }
        throw error;
      }
    },
  };
}
