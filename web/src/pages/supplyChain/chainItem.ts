// An item as the tracker holds it now (read from the chain, so every button matches what the
// contract will accept), and the roles that gate checkpoints and flag clearing.
import { type Address, keccak256, stringToHex } from "viem";
import type { ItemStatus } from "./status.ts";

export const attestorRole = keccak256(stringToHex("ATTESTOR_ROLE"));
export const inspectorRole = keccak256(stringToHex("INSPECTOR_ROLE"));

export type ChainItem = {
  status: ItemStatus | undefined;
  flagged: boolean;
  custodian: Address;
  pending: Address | undefined;
  checkpointCount: bigint;
  lastCheckpointAt: bigint;
  paused: boolean;
  isAttestor: boolean;
  isInspector: boolean;
};
