// What each CCIP event says about its message, as a patch for ccip_message (merged by
// ccipMessage.ts). Pure: the handlers (src/handlers/ccip.ts) pass the decoded event, and the unit tests
// replay the same patches in every order the two chains can interleave.
import type { DeploymentRecord } from "@fluxion/deploy";
import type { Address, Hex } from "viem";
import type { CcipMessageFields, CcipPatch, CcipSide } from "./ccipMessage.ts";
import {
  assetIdText,
  decodeEvmAddress,
  decodeGatewayPayload,
  type GatewayPayload,
} from "./ccipPayload.ts";

/** Where an event is: its chain, block and transaction. */
export type EventAt = {
  chainId: number;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hex;
};

/** The CCIP chains the deployments know: selectors both ways, and Fluxion's gateways. */
export type CcipChains = {
  chainIdOf(selector: bigint): number | null;
  selectorOf(chainId: number): bigint | null;
  isGateway(address: Address): boolean;
};

const lower = <T extends string>(value: T) => value.toLowerCase() as T;

export function ccipChainsOf(deployments: readonly DeploymentRecord[]): CcipChains {
  const chainIds = new Map<bigint, number>();
  const selectors = new Map<number, bigint>();
  const gateways = new Set<string>();
  for (const d of deployments) {
    if (!d.ccip) continue;
    chainIds.set(BigInt(d.ccip.chainSelector), d.chainId);
    selectors.set(d.chainId, BigInt(d.ccip.chainSelector));
    gateways.add(lower(d.ccip.gateway.address));
    for (const peer of d.ccip.peers) chainIds.set(BigInt(peer.chainSelector), peer.chainId);
  }
  return {
    chainIdOf: (selector) => chainIds.get(selector) ?? null,
    selectorOf: (chainId) => selectors.get(chainId) ?? null,
    isGateway: (address) => gateways.has(lower(address)),
  };
}

/** ILocalCCIPRouter.ExecutionState, by its uint8. */
export const EXECUTION_STATES = ["untouched", "in_progress", "success", "failure"] as const;
export type ExecutionStateName = (typeof EXECUTION_STATES)[number];

export function executionStateName(state: number): ExecutionStateName {
  return EXECUTION_STATES[state] ?? "untouched";
}

/** The chain ids and selectors of a message, from one of its events on chain `m.chainId`. */
export function laneFields(
  chains: CcipChains,
  m: EventAt,
  side: CcipSide,
  remoteSelector: bigint | null,
) {
  const local = { chainId: m.chainId, selector: chains.selectorOf(m.chainId) };
  const remote = {
    chainId: remoteSelector === null ? null : chains.chainIdOf(remoteSelector),
    selector: remoteSelector,
  };
  const [source, dest] = side === "source" ? [local, remote] : [remote, local];
  return {
    sourceChainId: source.chainId,
    sourceChainSelector: source.selector,
    destChainId: dest.chainId,
    destChainSelector: dest.selector,
  };
}

/** The fields a gateway payload shows (both sides decode the same bytes). */
export function payloadFields(payload: GatewayPayload | undefined): Partial<CcipMessageFields> {
  if (!payload) return {};
  if (payload.kind === "transfer") {
    return {
      kind: "transfer",
      userFrom: payload.from,
      userTo: payload.to,
      assetId: payload.assetId,
      amount: payload.amount,
    };
  }
  return {
    kind: "liquidity",
    userTo: payload.recipient,
    destPoolId: payload.poolId,
    liquidityAssetIds: payload.assetIds,
    liquidityAmounts: payload.amounts,
  };
}

/** The position columns of a stage (`sent`, `committed`, ...) at this event. */
function at<P extends string>(prefix: P, m: EventAt) {
  return {
    [`${prefix}Block`]: m.blockNumber,
    [`${prefix}Timestamp`]: m.timestamp,
    [`${prefix}TxHash`]: m.transactionHash,
  } as Record<`${P}Block` | `${P}Timestamp`, bigint> & Record<`${P}TxHash`, Hex>;
}

/** ILocalCCIPRouter.LocalMessage, as CCIPMessageSent carries it. */
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

// ---------------------------------------------------------------- the source chain

/** The local router's CCIPMessageSent: the whole message, exactly as `manuallyExecute` takes it. */
export function messageSentPatch(chains: CcipChains, m: EventAt, message: LocalMessage): CcipPatch {
  // Only a Fluxion gateway's data is known to be its payload; anything else is another application's.
  const payload = chains.isGateway(message.sender) ? decodeGatewayPayload(message.data) : undefined;
  return {
    side: "source",
    timestamp: m.timestamp,
    fields: {
      ...laneFields(chains, m, "source", message.destChainSelector),
      // The message names its own source selector: it wins over the deployment's.
      sourceChainSelector: message.sourceChainSelector,
      sequenceNumber: message.sequenceNumber,
      sender: lower(message.sender),
      receiver: lower(message.receiver),
      data: message.data,
      gasLimit: message.gasLimit,
      feeToken: lower(message.feeToken),
      fee: message.feeTokenAmount,
      ...payloadFields(payload),
      kind: payload?.kind ?? "other",
      sent: true,
      ...at("sent", m),
    },
  };
}

export type SynthSentArgs = {
  messageId: Hex;
  destChainSelector: bigint;
  from: Address;
  to: Address;
  synth: Address;
  assetId: Hex;
  amount: bigint;
  feeToken: Address;
  fee: bigint;
};

export function synthSentPatch(
  chains: CcipChains,
  m: EventAt,
  gateway: Address,
  a: SynthSentArgs,
): CcipPatch {
  return {
    side: "source",
    timestamp: m.timestamp,
    fields: {
      ...laneFields(chains, m, "source", a.destChainSelector),
      sender: lower(gateway),
      kind: "transfer",
      userFrom: lower(a.from),
      userTo: lower(a.to),
      assetId: assetIdText(a.assetId),
      sourceSynth: lower(a.synth),
      amount: a.amount,
      feeToken: lower(a.feeToken),
      fee: a.fee,
      sent: true,
      ...at("sent", m),
    },
    // The router's record of the fee (what `manuallyExecute` hashes) wins where the router logs one.
    fillOnly: ["feeToken", "fee", "sourceChainSelector"],
  };
}

export type LiquiditySentArgs = {
  messageId: Hex;
  destChainSelector: bigint;
  sourcePoolId: Hex;
  destPoolId: Hex;
  lpAmount: bigint;
  assetIds: readonly Hex[];
  amounts: readonly bigint[];
};

export function liquiditySentPatch(
  chains: CcipChains,
  m: EventAt,
  gateway: Address,
  a: LiquiditySentArgs,
): CcipPatch {
  return {
    side: "source",
    timestamp: m.timestamp,
    fields: {
      ...laneFields(chains, m, "source", a.destChainSelector),
      sender: lower(gateway),
      kind: "liquidity",
      sourcePoolId: lower(a.sourcePoolId),
      destPoolId: lower(a.destPoolId),
      lpAmount: a.lpAmount,
      liquidityAssetIds: a.assetIds.map(assetIdText),
      liquidityAmounts: [...a.amounts],
      sent: true,
      ...at("sent", m),
    },
    fillOnly: ["sourceChainSelector"],
  };
}

// ---------------------------------------------------------------- the destination chain

export function committedPatch(
  chains: CcipChains,
  m: EventAt,
  a: { sourceChainSelector: bigint; committer: Address },
): CcipPatch {
  return {
    side: "destination",
    timestamp: m.timestamp,
    fields: {
      ...laneFields(chains, m, "destination", a.sourceChainSelector),
      committed: true,
      ...at("committed", m),
      committer: lower(a.committer),
    },
  };
}

export type ExecutionArgs = {
  sourceChainSelector: bigint;
  sequenceNumber: bigint;
  state: number;
  returnData: Hex;
  manual: boolean;
  executor: Address;
  gasUsed: bigint;
};

export function executionPatch(chains: CcipChains, m: EventAt, a: ExecutionArgs): CcipPatch {
  const state = executionStateName(a.state);
  return {
    side: "destination",
    timestamp: m.timestamp,
    fields: {
      ...laneFields(chains, m, "destination", a.sourceChainSelector),
      sequenceNumber: a.sequenceNumber,
      executionState: state,
      lastReturnData: a.returnData,
      lastGasUsed: a.gasUsed,
      lastExecutor: lower(a.executor),
      ...(state === "success" ? { executed: true, ...at("executed", m) } : {}),
      ...(state === "failure" ? { failed: true, ...at("failed", m) } : {}),
      ...(a.manual ? { manuallyExecuted: true, ...at("manual", m) } : {}),
    },
    attempts: 1,
  };
}

export type SynthReceivedArgs = {
  sourceChainSelector: bigint;
  to: Address;
  from: Address;
  synth: Address;
  assetId: Hex;
  amount: bigint;
};

export function synthReceivedPatch(
  chains: CcipChains,
  m: EventAt,
  gateway: Address,
  a: SynthReceivedArgs,
): CcipPatch {
  return {
    side: "destination",
    timestamp: m.timestamp,
    fields: {
      ...laneFields(chains, m, "destination", a.sourceChainSelector),
      receiver: lower(gateway),
      kind: "transfer",
      userFrom: lower(a.from),
      userTo: lower(a.to),
      assetId: assetIdText(a.assetId),
      destSynth: lower(a.synth),
      amount: a.amount,
      received: true,
      ...at("received", m),
    },
  };
}

export function liquidityReceivedPatch(
  chains: CcipChains,
  m: EventAt,
  gateway: Address,
  a: { sourceChainSelector: bigint; poolId: Hex; recipient: Address; lpMinted: bigint },
): CcipPatch {
  return {
    side: "destination",
    timestamp: m.timestamp,
    fields: {
      ...laneFields(chains, m, "destination", a.sourceChainSelector),
      receiver: lower(gateway),
      kind: "liquidity",
      userTo: lower(a.recipient),
      destPoolId: lower(a.poolId),
      lpMinted: a.lpMinted,
      received: true,
      ...at("received", m),
    },
  };
}

/** Client.Any2EVMMessage as the gateway stores a failed message (`getFailedMessage`). */
export type StoredMessage = { messageId: Hex; sender: Hex; data: Hex };

/**
 * The gateway's MessageFailed, with its stored copy of the message read at the same block (undefined
 * when it is not there any more, e.g. retried later in the same block).
 */
/** The sending contract and, when that is a Fluxion gateway, the payload of a stored message. */
export function storedPayload(chains: CcipChains, stored: StoredMessage | undefined) {
  const sender = stored ? decodeEvmAddress(stored.sender) : undefined;
  const payload =
    stored && sender && chains.isGateway(sender) ? decodeGatewayPayload(stored.data) : undefined;
  return { sender, payload };
}

export function storedFailedPatch(
  chains: CcipChains,
  m: EventAt,
  gateway: Address,
  a: { sourceChainSelector: bigint; reason: Hex },
  stored: StoredMessage | undefined,
): CcipPatch {
  const { sender, payload } = storedPayload(chains, stored);
  return {
    side: "destination",
    timestamp: m.timestamp,
    fields: {
      ...laneFields(chains, m, "destination", a.sourceChainSelector),
      receiver: lower(gateway),
      ...(stored ? { sender: sender ?? null, data: stored.data } : {}),
      ...payloadFields(payload),
      storedFailed: true,
      ...at("storedFailed", m),
      failureReason: a.reason,
    },
  };
}

export function retriedPatch(m: EventAt, a: { by: Address }): CcipPatch {
  return {
    side: "destination",
    timestamp: m.timestamp,
    fields: { retried: true, ...at("retried", m), retriedBy: lower(a.by) },
  };
}

export function recoveredPatch(m: EventAt, a: { to: Address }): CcipPatch {
  return {
    side: "destination",
    timestamp: m.timestamp,
    fields: { recovered: true, ...at("recovered", m), recoveredTo: lower(a.to) },
  };
}
