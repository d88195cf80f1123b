// What the CCIP keeper works on: lanes (a source chain's router and gateway -> a destination chain's), the
// LocalMessage the routers log and execute, and the message states the relay and the monitor keep.
import type { Address, Hex } from "viem";

/** A contract and the block it was created in (logs are read from there on). */
export type Deployed = { address: Address; blockNumber: bigint };

/** One chain's end of CCIP: its selector, its router and (for monitor mode) Fluxion's gateway. */
export type CcipEndpoint = {
  chainId: number;
  /** The chain's CCIP selector (uint64). */
  selector: bigint;
  router: Deployed;
  /** Fluxion's CrossChainGateway on the chain (monitor mode follows its events). */
  gateway?: Deployed;
};

/** Messages from `source` to `dest`. Lanes are configured both ways (two lanes per pair of chains). */
export type CcipLane = { name: string; source: CcipEndpoint; dest: CcipEndpoint };

export const laneName = (sourceChainId: number, destChainId: number) =>
  `${sourceChainId}->${destChainId}`;

/** Every ordered pair of endpoints: the lanes between `endpoints`, both ways. */
export function lanesBetween(endpoints: CcipEndpoint[]): CcipLane[] {
  return endpoints.flatMap((source) =>
    endpoints
      .filter((dest) => dest.chainId !== source.chainId)
      .map((dest) => ({ name: laneName(source.chainId, dest.chainId), source, dest })),
  );
}

/** `ILocalCCIPRouter.LocalMessage`, as viem decodes and encodes it. */
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

/** `ILocalCCIPRouter.ExecutionState`. */
export const ExecutionState = { UNTOUCHED: 0, IN_PROGRESS: 1, SUCCESS: 2, FAILURE: 3 } as const;
export const executionStateNames = ["untouched", "in_progress", "success", "failure"] as const;

export const messageStates = [
  "pending",
  "dropped",
  "finalized",
  "committed",
  "success",
  "failure",
] as const;
export type MessageState = (typeof messageStates)[number];

export const monitoredStates = ["sent", "delivered", "failed"] as const;
export type MonitoredState = (typeof monitoredStates)[number];

/** A message id as the database keys it: 0x and 64 lowercase hex digits. */
export const MESSAGE_ID = /^0x[0-9a-fA-F]{64}$/;
