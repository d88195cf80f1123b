// What the two chains say about one message, read straight from them (no indexer in between, so a
// followed message moves as soon as its block is mined): the transfer as the source logged it (the
// gateway's SynthSent and the router's CCIPMessageSent, the LocalMessage a manual execution needs),
// and on the destination the router's commit and execution state, its last execution's outcome, and
// whether the gateway stored the message as failed (with its reason).
import { crossChainGatewayAbi, localCCIPRouterAbi } from "@fluxion/deploy";
import { type Address, getAbiItem, type Hex, parseEventLogs } from "viem";
import { getPublicClient } from "wagmi/actions";
import type { wagmiConfig } from "../../wallet/config.ts";
import type { CcipChain } from "./lanes.ts";
import type { ChainFacts } from "./messageState.ts";

type Config = typeof wagmiConfig;

/** ILocalCCIPRouter.LocalMessage: what `manuallyExecute` takes, exactly as sent. */
export type LocalMessage = {
  messageId: Hex;
  sourceChainSelector: bigint;
  destChainSelector: bigint;
  sequenceNumber: bigint;
  sender: Address;
  receiver: Address;
  data: Hex;
  gasLimit: bigint;
  feeToken: Address;
  feeTokenAmount: bigint;
};

/** A synth transfer as its source chain logged it. */
export type SentTransfer = {
  messageId: Hex;
  from: Address;
  to: Address;
  synth: Address;
  amount: bigint;
  feeToken: Address;
  fee: bigint;
  blockNumber: bigint;
  transactionHash: Hex;
  message: LocalMessage;
};

const synthSent = getAbiItem({ abi: crossChainGatewayAbi, name: "SynthSent" });
const messageFailed = getAbiItem({ abi: crossChainGatewayAbi, name: "MessageFailed" });
const messageSent = getAbiItem({ abi: localCCIPRouterAbi, name: "CCIPMessageSent" });
const executionChanged = getAbiItem({ abi: localCCIPRouterAbi, name: "ExecutionStateChanged" });

function client(config: Config, chainId: number) {
  const found = getPublicClient(config, { chainId });
  if (!found) throw new Error(`The app has no connection to chain ${chainId}`);
  return found;
}

/** The transfer from the source chain's logs; undefined until its block is there. */
export async function readSent(
  config: Config,
  source: CcipChain,
  messageId: Hex,
): Promise<SentTransfer | undefined> {
  const chain = client(config, source.chainId);
  const [sent, routed] = await Promise.all([
    chain.getLogs({
      address: source.gateway.address,
      event: synthSent,
      args: { messageId },
      fromBlock: BigInt(source.gateway.blockNumber),
      toBlock: "latest",
    }),
    chain.getLogs({
      address: source.router.address,
      event: messageSent,
      args: { messageId },
      fromBlock: BigInt(source.router.blockNumber),
      toBlock: "latest",
    }),
  ]);
  const transfer = sent.at(-1);
  const message = routed.at(-1)?.args.message;
  if (!transfer || !message || transfer.blockNumber === null || !transfer.transactionHash) {
    return undefined;
  }
  const a = transfer.args;
  if (!a.from || !a.to || !a.synth || a.amount === undefined || !a.feeToken) return undefined;
  return {
    messageId,
    from: a.from,
    to: a.to,
    synth: a.synth,
    amount: a.amount,
    feeToken: a.feeToken,
    fee: a.fee ?? message.feeTokenAmount,
    blockNumber: transfer.blockNumber,
    transactionHash: transfer.transactionHash,
    message: { ...message },
  };
}

/** The message id a sendSynth transaction's receipt logged (its gateway's SynthSent). */
export async function messageIdOfSend(
  config: Config,
  source: CcipChain,
  hash: Hex,
): Promise<Hex | undefined> {
  const receipt = await client(config, source.chainId).waitForTransactionReceipt({
    hash,
    pollingInterval: 100,
  });
  const gateway = source.gateway.address.toLowerCase();
  const [sent] = parseEventLogs({
    abi: crossChainGatewayAbi,
    eventName: "SynthSent",
    logs: receipt.logs.filter((log) => log.address.toLowerCase() === gateway),
  });
  return sent?.args.messageId;
}

/** The last execution's outcome on the destination router. */
export type Execution = {
  state: number;
  returnData: Hex;
  manual: boolean;
  gasLimit: bigint;
  gasUsed: bigint;
  transactionHash: Hex | null;
};

export type DestinationFacts = {
  committedAt: bigint;
  executionState: number;
  storedFailure: boolean;
  /** The latest completed execution (after any attempt). */
  lastExecution?: Execution;
  /** The gateway's MessageFailed reason, while it keeps the message. */
  storedReason?: Hex;
  /** Seconds after a commit from which anyone may execute an untouched message. */
  threshold: number;
};

export async function readDestination(
  config: Config,
  dest: CcipChain,
  messageId: Hex,
): Promise<DestinationFacts> {
  const chain = client(config, dest.chainId);
  const router = { address: dest.router.address, abi: localCCIPRouterAbi } as const;
  const [committedAt, executionState, storedFailure, threshold] = await Promise.all([
    chain.readContract({ ...router, functionName: "committedAt", args: [messageId] }),
    chain.readContract({ ...router, functionName: "getExecutionState", args: [messageId] }),
    chain.readContract({
      address: dest.gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "isFailed",
      args: [messageId],
    }),
    chain.readContract({ ...router, functionName: "permissionlessExecutionThreshold" }),
  ]);
  const facts: DestinationFacts = {
    committedAt,
    executionState,
    storedFailure,
    threshold: Number(threshold),
  };
  if (executionState >= 2) {
    const executions = await chain.getLogs({
      address: dest.router.address,
      event: executionChanged,
      args: { messageId },
      fromBlock: BigInt(dest.router.blockNumber),
      toBlock: "latest",
    });
    const last = executions.at(-1);
    if (last) {
      facts.lastExecution = {
        state: last.args.state ?? executionState,
        returnData: last.args.returnData ?? "0x",
        manual: last.args.manual ?? false,
        gasLimit: last.args.gasLimit ?? 0n,
        gasUsed: last.args.gasUsed ?? 0n,
        transactionHash: last.transactionHash,
      };
    }
  }
  if (storedFailure) {
    const failures = await chain.getLogs({
      address: dest.gateway.address,
      event: messageFailed,
      args: { messageId },
      fromBlock: BigInt(dest.gateway.blockNumber),
      toBlock: "latest",
    });
    facts.storedReason = failures.at(-1)?.args.reason;
  }
  return facts;
}

/** The chain facts the state is derived from. */
export function factsOf(
  sent: SentTransfer | undefined,
  sourceHead: bigint | undefined,
  destination: DestinationFacts | undefined,
): ChainFacts {
  return {
    sourceBlock: sent?.blockNumber,
    sourceHead,
    committedAt: destination?.committedAt,
    executionState: destination?.executionState,
    storedFailure: destination?.storedFailure,
  };
}
