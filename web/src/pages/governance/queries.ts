// Governance data: proposals and votes from the indexer (states follow `Governor.state`, refreshed by
// the indexer every block), the chain clock they are judged against, and the account's staking and
// delegation history. Everything refreshes on an interval and after every transaction.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { gql } from "../../indexer/client.ts";
import { type ClockMode, extrapolateNow } from "./clock.ts";

export const liveInterval = 3_000;

export type ProposalRow = {
  proposalId: string;
  proposer: string;
  description: string;
  state: string;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  quorum: string | null;
  voteStart: string;
  voteEnd: string;
  eta: string | null;
  createdTimestamp: string;
  targets: string[];
};

export type VoteRow = {
  voter: string;
  support: number;
  weight: string;
  reason: string;
  timestamp: string;
  transactionHash: string;
};

export type ProposalDetailRow = ProposalRow & {
  values: string[];
  calldatas: string[];
  signatures: string[];
  createdBlock: string;
  timelockId: string | null;
  votes: { items: VoteRow[] };
};

const proposalFields =
  "proposalId proposer description state forVotes againstVotes abstainVotes quorum voteStart voteEnd eta createdTimestamp targets";

export function useProposals(chainId: number) {
  return useQuery({
    queryKey: ["governance", "proposals", chainId],
    refetchInterval: liveInterval,
    queryFn: async () => {
      const data = await gql<{ proposals: { items: ProposalRow[] } }>(
        `query Proposals($chainId: Int!) {
          proposals(where: { chainId: $chainId }, orderBy: "createdTimestamp", orderDirection: "desc", limit: 100) {
            items { ${proposalFields} }
          }
        }`,
        { chainId },
      );
      return data.proposals.items;
    },
  });
}

export function useProposal(chainId: number, proposalId: string) {
  return useQuery({
    queryKey: ["governance", "proposal", chainId, proposalId],
    refetchInterval: liveInterval,
    queryFn: async () => {
      const data = await gql<{ proposal: ProposalDetailRow | null }>(
        `query Proposal($chainId: Float!, $proposalId: BigInt!) {
          proposal(chainId: $chainId, proposalId: $proposalId) {
            ${proposalFields} values calldatas signatures createdBlock timelockId
            votes(orderBy: "timestamp", orderDirection: "desc", limit: 500) {
              items { voter support weight reason timestamp transactionHash }
            }
          }
        }`,
        { chainId, proposalId },
      );
      return data.proposal;
    },
  });
}

export type StakingEventRow = {
  id: string;
  kind: string;
  amount: string;
  stakedAfter: string;
  coolingAfter: string;
  cooldownEnd: string;
  timestamp: string;
  transactionHash: string;
};

export type DelegationRow = {
  id: string;
  fromDelegate: string;
  toDelegate: string;
  timestamp: string;
  transactionHash: string;
};

export function useGovernanceHistory(chainId: number, account: string | undefined) {
  const lower = account?.toLowerCase();
  return useQuery({
    queryKey: ["governance", "history", chainId, lower],
    enabled: lower !== undefined,
    refetchInterval: liveInterval,
    queryFn: async () => {
      return gql<{
        stakingEvents: { items: StakingEventRow[] };
        delegations: { items: DelegationRow[] };
      }>(
        `query History($chainId: Int!, $account: String!) {
          stakingEvents(where: { chainId: $chainId, account: $account }, orderBy: "timestamp", orderDirection: "desc", limit: 10) {
            items { id kind amount stakedAfter coolingAfter cooldownEnd timestamp transactionHash }
          }
          delegations(where: { chainId: $chainId, delegator: $account }, orderBy: "timestamp", orderDirection: "desc", limit: 5) {
            items { id fromDelegate toDelegate timestamp transactionHash }
          }
        }`,
        { chainId, account: lower },
      );
    },
  });
}

/** The indexer's latest block on `chainId` (the time proposal states are judged at). */
export function useChainClock(chainId: number) {
  return useQuery({
    queryKey: ["governance", "clock", chainId],
    refetchInterval: liveInterval,
    queryFn: async () => {
      const data = await gql<{ chainClock: { blockNumber: string; timestamp: string } | null }>(
        `query Clock($chainId: Int!) { chainClock(chainId: $chainId) { blockNumber timestamp } }`,
        { chainId },
      );
      return data.chainClock;
    },
  });
}

/**
 * "Now" on the chain, ticking every second: the indexer's latest block time, extrapolated with the
 * wall clock since that block was first seen (or the block number, for a block-number clock).
 * Also returns the chain time in seconds, for the Timelock and the unstake cooldown.
 */
export function useChainNow(
  chainId: number,
  mode: ClockMode | undefined,
): { now: bigint | undefined; seconds: bigint | undefined; block: bigint | undefined } {
  const clock = useChainClock(chainId);
  const seen = useRef<{ timestamp: string; at: number } | undefined>(undefined);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const row = clock.data;
  if (!row) return { now: undefined, seconds: undefined, block: undefined };
  if (seen.current?.timestamp !== row.timestamp)
    seen.current = { timestamp: row.timestamp, at: tick };
  const seconds = extrapolateNow(BigInt(row.timestamp), seen.current.at, tick, "timestamp");
  const block = BigInt(row.blockNumber);
  if (!mode) return { now: undefined, seconds, block };
  return { now: mode === "timestamp" ? seconds : block, seconds, block };
}
