// Governance: Governor settings, proposals (state refreshed on every block while it can change),
// votes, FLX balances, delegations and voting power, staking, and staker rewards mirrored from the
// token's reward accumulator.

import { type Context, ponder } from "ponder:registry";
import {
  delegation,
  governance,
  governanceAccount,
  governanceSupply,
  proposal,
  rewardEvent,
  rewardToken,
  stakerReward,
  stakingEvent,
  vote,
} from "ponder:schema";
import { and, desc, eq, lte } from "ponder";
import type { Address } from "viem";
import { WAD } from "../lib/fixedPoint.ts";
import { isFinalState, proposalState, timelockOperationId } from "../lib/proposalState.ts";
import { applyTransfer, type Db, ensureToken, eventId, lc, meta } from "./common.ts";
import { checksum, dec, feedEvent } from "./feed.ts";

type GovernanceRow = typeof governance.$inferSelect;

const defaults: Omit<GovernanceRow, "chainId"> = {
  quorumNumerator: 0n,
  votingDelay: 0n,
  votingPeriod: 0n,
  proposalThreshold: 0n,
  lateQuorumExtension: 0n,
  totalStaked: 0n,
  rewardTokens: [],
  openProposalIds: [],
};

async function getGovernance(db: Db, chainId: number): Promise<GovernanceRow> {
  return (await db.find(governance, { chainId })) ?? { chainId, ...defaults };
}

async function setGovernance(
  db: Db,
  chainId: number,
  change: Partial<Omit<GovernanceRow, "chainId">>,
): Promise<void> {
  await db
    .insert(governance)
    .values({ chainId, ...defaults, ...change })
    .onConflictDoUpdate(change);
}

// ---------------------------------------------------------------- Governor settings

ponder.on("FluxionGovernor:QuorumNumeratorUpdated", async ({ event, context }) => {
  await setGovernance(context.db, context.chain.id, {
    quorumNumerator: event.args.newQuorumNumerator,
  });
});
ponder.on("FluxionGovernor:VotingDelaySet", async ({ event, context }) => {
  await setGovernance(context.db, context.chain.id, { votingDelay: event.args.newVotingDelay });
});
ponder.on("FluxionGovernor:VotingPeriodSet", async ({ event, context }) => {
  await setGovernance(context.db, context.chain.id, { votingPeriod: event.args.newVotingPeriod });
});
ponder.on("FluxionGovernor:ProposalThresholdSet", async ({ event, context }) => {
  await setGovernance(context.db, context.chain.id, {
    proposalThreshold: event.args.newProposalThreshold,
  });
});
ponder.on("FluxionGovernor:LateQuorumVoteExtensionSet", async ({ event, context }) => {
  await setGovernance(context.db, context.chain.id, {
    lateQuorumExtension: event.args.newVoteExtension,
  });
});

// ---------------------------------------------------------------- proposals

/** FLX supply at `timestamp` (the last checkpoint at or before it), as `getPastTotalSupply`. */
async function supplyAt(db: Db, chainId: number, timestamp: bigint): Promise<bigint> {
  const [row] = await db.sql
    .select({ totalSupply: governanceSupply.totalSupply })
    .from(governanceSupply)
    .where(and(eq(governanceSupply.chainId, chainId), lte(governanceSupply.timestamp, timestamp)))
    .orderBy(desc(governanceSupply.timestamp))
    .limit(1);
  return row?.totalSupply ?? 0n;
}

/** Recomputes a proposal's state at chain time `now`; drops it from the open list once final. */
async function refreshProposal(db: Db, chainId: number, proposalId: bigint, now: bigint) {
  const row = await db.find(proposal, { chainId, proposalId });
  if (!row) return;
  let quorum = row.quorum;
  if (quorum === null && row.voteStart < now) {
    const g = await getGovernance(db, chainId);
    // GovernorVotesQuorumFraction: supply at the snapshot x numerator / 100.
    quorum = ((await supplyAt(db, chainId, row.voteStart)) * g.quorumNumerator) / 100n;
  }
  const state = proposalState({ ...row, quorum }, now);
  if (state !== row.state || quorum !== row.quorum) {
    await db.update(proposal, { chainId, proposalId }).set({ state, quorum });
  }
  if (isFinalState(state)) {
    const g = await getGovernance(db, chainId);
    await setGovernance(db, chainId, {
      openProposalIds: g.openProposalIds.filter((id) => id !== proposalId),
    });
  }
}

ponder.on("FluxionGovernor:ProposalCreated", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const a = event.args;
  const facts = {
    voteStart: a.voteStart,
    voteEnd: a.voteEnd,
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    quorum: null,
    queued: false,
    executed: false,
    canceled: false,
  };
  await context.db.insert(proposal).values({
    chainId: m.chainId,
    proposalId: a.proposalId,
    proposer: lc(a.proposer),
    targets: a.targets.map(lc),
    values: [...a.values],
    signatures: [...a.signatures],
    calldatas: [...a.calldatas],
    description: a.description,
    ...facts,
    state: proposalState(facts, m.timestamp),
    eta: null,
    timelockId: null,
    createdBlock: m.blockNumber,
    createdTimestamp: m.timestamp,
  });
  const g = await getGovernance(context.db, m.chainId);
  await setGovernance(context.db, m.chainId, {
    openProposalIds: [...g.openProposalIds, a.proposalId],
  });
  await feedEvent(context.db, m, "chain.proposal", null, {
    kind: "created",
    proposalId: dec(a.proposalId),
    proposer: checksum(a.proposer),
    description: a.description,
    voteStart: dec(a.voteStart),
    voteEnd: dec(a.voteEnd),
  });
});

async function recordVote(
  context: Context,
  m: ReturnType<typeof meta>,
  args: { voter: Address; proposalId: bigint; support: number; weight: bigint; reason: string },
) {
  const { db } = context;
  const key = { chainId: m.chainId, proposalId: args.proposalId };
  await db.insert(vote).values({
    ...key,
    voter: lc(args.voter),
    support: args.support,
    weight: args.weight,
    reason: args.reason,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
  await db.update(proposal, key).set((row) => ({
    againstVotes: row.againstVotes + (args.support === 0 ? args.weight : 0n),
    forVotes: row.forVotes + (args.support === 1 ? args.weight : 0n),
    abstainVotes: row.abstainVotes + (args.support === 2 ? args.weight : 0n),
  }));
  await refreshProposal(db, m.chainId, args.proposalId, m.timestamp);
}

ponder.on("FluxionGovernor:VoteCast", async ({ event, context }) => {
  await recordVote(context, meta(context.chain.id, event), event.args);
});
ponder.on("FluxionGovernor:VoteCastWithParams", async ({ event, context }) => {
  await recordVote(context, meta(context.chain.id, event), event.args);
});

ponder.on("FluxionGovernor:ProposalExtended", async ({ event, context }) => {
  const key = { chainId: context.chain.id, proposalId: event.args.proposalId };
  await context.db.update(proposal, key).set({ voteEnd: BigInt(event.args.extendedDeadline) });
  await refreshProposal(context.db, key.chainId, key.proposalId, event.block.timestamp);
});

ponder.on("FluxionGovernor:ProposalQueued", async ({ event, context }) => {
  const key = { chainId: context.chain.id, proposalId: event.args.proposalId };
  await feedEvent(context.db, meta(key.chainId, event), "chain.proposal", null, {
    kind: "queued",
    proposalId: dec(key.proposalId),
    eta: dec(event.args.etaSeconds),
  });
  const row = await context.db.find(proposal, key);
  if (!row) return;
  const timelockId = timelockOperationId(
    event.log.address,
    row.targets as Address[],
    row.values,
    row.calldatas as `0x${string}`[],
    row.description,
  );
  await context.db
    .update(proposal, key)
    .set({ queued: true, eta: event.args.etaSeconds, timelockId });
  await refreshProposal(context.db, key.chainId, key.proposalId, event.block.timestamp);
});

ponder.on("FluxionGovernor:ProposalExecuted", async ({ event, context }) => {
  const key = { chainId: context.chain.id, proposalId: event.args.proposalId };
  await feedEvent(context.db, meta(key.chainId, event), "chain.proposal", null, {
    kind: "executed",
    proposalId: dec(key.proposalId),
  });
  await context.db.update(proposal, key).set({ executed: true });
  await refreshProposal(context.db, key.chainId, key.proposalId, event.block.timestamp);
});

ponder.on("FluxionGovernor:ProposalCanceled", async ({ event, context }) => {
  const key = { chainId: context.chain.id, proposalId: event.args.proposalId };
  await feedEvent(context.db, meta(key.chainId, event), "chain.proposal", null, {
    kind: "canceled",
    proposalId: dec(key.proposalId),
  });
  await context.db.update(proposal, key).set({ canceled: true });
  await refreshProposal(context.db, key.chainId, key.proposalId, event.block.timestamp);
});

// The guardian may cancel a queued proposal in the Timelock directly: the Governor then reports it
// canceled without an event of its own. (A cancel through the Governor logs ProposalCanceled first,
// then this: the bus hears of it once.)
ponder.on("FluxionTimelock:Cancelled", async ({ event, context }) => {
  const chainId = context.chain.id;
  const rows = await context.db.sql
    .select({ proposalId: proposal.proposalId, canceled: proposal.canceled })
    .from(proposal)
    .where(and(eq(proposal.chainId, chainId), eq(proposal.timelockId, event.args.id)));
  // A Timelock operation id hashes the proposal's whole content: at most one proposal has it.
  const first = rows[0];
  if (first && !first.canceled) {
    await feedEvent(context.db, meta(chainId, event), "chain.proposal", null, {
      kind: "canceled",
      proposalId: dec(first.proposalId),
    });
  }
  for (const { proposalId } of rows) {
    await context.db.update(proposal, { chainId, proposalId }).set({ canceled: true });
    await refreshProposal(context.db, chainId, proposalId, event.block.timestamp);
  }
});

/** Refreshes every proposal whose state can still change with time. */
export async function refreshOpenProposals(db: Db, chainId: number, now: bigint): Promise<void> {
  const g = await db.find(governance, { chainId });
  if (!g || g.openProposalIds.length === 0) return;
  for (const proposalId of g.openProposalIds) await refreshProposal(db, chainId, proposalId, now);
}

// ---------------------------------------------------------------- FLX: balances, votes, stake

async function ensureHolder(db: Db, chainId: number, address: Address) {
  const existing = await db.find(governanceAccount, { chainId, address });
  if (existing) return existing;
  const row = {
    chainId,
    address,
    delegate: address, // FLX: an account that never delegated votes with its own balance
    votingPower: 0n,
    staked: 0n,
    cooling: 0n,
    cooldownEnd: 0n,
  };
  await db.insert(governanceAccount).values(row);
  return row;
}

ponder.on("FluxionGovernanceToken:Transfer", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const address = lc(event.log.address);
  await ensureToken(db, context.client, m.chainId, address, "governance", { decimals: 18 });
  const change = await applyTransfer(
    db,
    m,
    address,
    event.args.from,
    event.args.to,
    event.args.value,
  );
  if (change !== 0n) {
    const t = await ensureToken(db, context.client, m.chainId, address, "governance");
    await db
      .insert(governanceSupply)
      .values({ chainId: m.chainId, timestamp: m.timestamp, totalSupply: t.totalSupply })
      .onConflictDoUpdate({ totalSupply: t.totalSupply });
  }
});

ponder.on("FluxionGovernanceToken:DelegateChanged", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const delegator = lc(event.args.delegator);
  await ensureHolder(context.db, m.chainId, delegator);
  await context.db
    .update(governanceAccount, { chainId: m.chainId, address: delegator })
    .set({ delegate: lc(event.args.toDelegate) });
  await context.db.insert(delegation).values({
    id: eventId(m),
    chainId: m.chainId,
    delegator,
    fromDelegate: lc(event.args.fromDelegate),
    toDelegate: lc(event.args.toDelegate),
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
});

ponder.on("FluxionGovernanceToken:DelegateVotesChanged", async ({ event, context }) => {
  const chainId = context.chain.id;
  const address = lc(event.args.delegate);
  await ensureHolder(context.db, chainId, address);
  await context.db
    .update(governanceAccount, { chainId, address })
    .set({ votingPower: event.args.newVotes });
});

/** StakingRewards._settle: books what `staked` earned since the account's last settlement. */
async function settleRewards(db: Db, chainId: number, account: Address, staked: bigint) {
  const g = await getGovernance(db, chainId);
  for (const tokenAddress of g.rewardTokens as Address[]) {
    const rt = await db.find(rewardToken, { chainId, token: tokenAddress });
    if (!rt) continue;
    const key = { chainId, account, token: tokenAddress };
    const book = (await db.find(stakerReward, key)) ?? {
      ...key,
      paidPerStake: 0n,
      accrued: 0n,
      claimed: 0n,
    };
    if (book.paidPerStake === rt.rewardPerStake) continue;
    const accrued =
      book.accrued +
      (staked === 0n ? 0n : (staked * (rt.rewardPerStake - book.paidPerStake)) / WAD);
    await db
      .insert(stakerReward)
      .values({ ...book, accrued, paidPerStake: rt.rewardPerStake })
      .onConflictDoUpdate({ accrued, paidPerStake: rt.rewardPerStake });
  }
}

ponder.on("FluxionGovernanceToken:Staked", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const address = lc(event.args.account);
  const holder = await ensureHolder(db, m.chainId, address);
  await settleRewards(db, m.chainId, address, holder.staked);
  await db
    .update(governanceAccount, { chainId: m.chainId, address })
    .set({ staked: event.args.stakedAfter });
  const g = await getGovernance(db, m.chainId);
  await setGovernance(db, m.chainId, { totalStaked: g.totalStaked + event.args.amount });
  await db.insert(stakingEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    account: address,
    kind: "stake",
    amount: event.args.amount,
    stakedAfter: event.args.stakedAfter,
    coolingAfter: holder.cooldownEnd > m.timestamp ? holder.cooling : 0n,
    cooldownEnd: holder.cooldownEnd,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
});

ponder.on("FluxionGovernanceToken:UnstakeRequested", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const address = lc(event.args.account);
  const holder = await ensureHolder(db, m.chainId, address);
  await settleRewards(db, m.chainId, address, holder.staked);
  const stakedAfter = holder.staked - event.args.amount;
  const cooldownEnd = BigInt(event.args.cooldownEnd);
  await db
    .update(governanceAccount, { chainId: m.chainId, address })
    .set({ staked: stakedAfter, cooling: event.args.coolingAfter, cooldownEnd });
  const g = await getGovernance(db, m.chainId);
  await setGovernance(db, m.chainId, { totalStaked: g.totalStaked - event.args.amount });
  await db.insert(stakingEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    account: address,
    kind: "unstake_request",
    amount: event.args.amount,
    stakedAfter,
    coolingAfter: event.args.coolingAfter,
    cooldownEnd,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
});

ponder.on("FluxionGovernanceToken:RewardTokenAdded", async ({ event, context }) => {
  const chainId = context.chain.id;
  const tokenAddress = lc(event.args.token);
  await context.db
    .insert(rewardToken)
    .values({
      chainId,
      token: tokenAddress,
      rewardPerStake: 0n,
      totalDistributed: 0n,
      totalClaimed: 0n,
    })
    .onConflictDoNothing();
  const g = await getGovernance(context.db, chainId);
  await setGovernance(context.db, chainId, { rewardTokens: [...g.rewardTokens, tokenAddress] });
});

ponder.on("FluxionGovernanceToken:RewardsDistributed", async ({ event, context }) => {
  const m = meta(context.chain.id, event);
  const tokenAddress = lc(event.args.token);
  await context.db.update(rewardToken, { chainId: m.chainId, token: tokenAddress }).set((row) => ({
    rewardPerStake: event.args.rewardPerStake,
    totalDistributed: row.totalDistributed + event.args.amount,
  }));
  await context.db.insert(rewardEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    kind: "distributed",
    token: tokenAddress,
    account: lc(event.args.distributor),
    to: null,
    amount: event.args.amount,
    rewardPerStake: event.args.rewardPerStake,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
});

ponder.on("FluxionGovernanceToken:RewardsClaimed", async ({ event, context }) => {
  const { db } = context;
  const m = meta(context.chain.id, event);
  const address = lc(event.args.account);
  const tokenAddress = lc(event.args.token);
  const holder = await ensureHolder(db, m.chainId, address);
  // A claim settles every reward token first (idempotent at an unchanged accumulator), then pays one.
  await settleRewards(db, m.chainId, address, holder.staked);
  const key = { chainId: m.chainId, account: address, token: tokenAddress };
  await db.update(stakerReward, key).set((row) => ({
    accrued: row.accrued - event.args.amount,
    claimed: row.claimed + event.args.amount,
  }));
  await db
    .update(rewardToken, { chainId: m.chainId, token: tokenAddress })
    .set((row) => ({ totalClaimed: row.totalClaimed + event.args.amount }));
  await db.insert(rewardEvent).values({
    id: eventId(m),
    chainId: m.chainId,
    kind: "claimed",
    token: tokenAddress,
    account: address,
    to: lc(event.args.to),
    amount: event.args.amount,
    rewardPerStake: null,
    blockNumber: m.blockNumber,
    timestamp: m.timestamp,
    transactionHash: m.transactionHash,
  });
});
