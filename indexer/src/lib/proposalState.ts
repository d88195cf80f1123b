// Governor.state, recomputed from indexed facts (OpenZeppelin Governor + GovernorCountingSimple +
// GovernorTimelockControl): time decides pending/active, the tally and quorum decide defeated or
// succeeded, lifecycle events decide queued/executed/canceled.
import { encodeAbiParameters, type Hex, keccak256, toHex } from "viem";

export type ProposalState =
  | "pending"
  | "active"
  | "canceled"
  | "defeated"
  | "succeeded"
  | "queued"
  | "executed";

export type ProposalFacts = {
  voteStart: bigint;
  voteEnd: bigint;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  /** Null while the snapshot is in the future (the quorum is not known yet). */
  quorum: bigint | null;
  queued: boolean;
  executed: boolean;
  canceled: boolean;
};

/** The state at chain time `now` (the Governor's clock is the block timestamp). */
export function proposalState(p: ProposalFacts, now: bigint): ProposalState {
  if (p.executed) return "executed";
  if (p.canceled) return "canceled";
  if (p.voteStart >= now) return "pending";
  if (p.voteEnd >= now) return "active";
  const quorumReached = p.quorum !== null && p.quorum <= p.forVotes + p.abstainVotes;
  if (!quorumReached || p.forVotes <= p.againstVotes) return "defeated";
  return p.queued ? "queued" : "succeeded";
}

/** States no later block can change. */
export function isFinalState(state: ProposalState): boolean {
  return state === "executed" || state === "canceled" || state === "defeated";
}

/** The Timelock operation id GovernorTimelockControl schedules a proposal under. */
export function timelockOperationId(
  governor: Hex,
  targets: readonly Hex[],
  values: readonly bigint[],
  calldatas: readonly Hex[],
  description: string,
): Hex {
  const descriptionHash = BigInt(keccak256(toHex(description)));
  // bytes20(governor) ^ descriptionHash: the address fills the 20 high bytes of the salt.
  const salt = toHex((BigInt(governor) << 96n) ^ descriptionHash, { size: 32 });
  return keccak256(
    encodeAbiParameters(
      [
        { type: "address[]" },
        { type: "uint256[]" },
        { type: "bytes[]" },
        { type: "bytes32" },
        { type: "bytes32" },
      ],
      [targets, values, calldatas, `0x${"0".repeat(64)}`, salt],
    ),
  );
}
