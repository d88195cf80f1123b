// The event bus's feed (chain_event) against the chain's own logs: every log of a kind the bus
// carries has exactly one row, at its position (block number, block hash, log index, transaction),
// with the bus's type, the account it concerns and its fields; the after-values of positions, the
// custodian of a flagged item and the swap a claim or refund resolves are replayed from the logs
// before it. Read back the way the API reads it (by chain, ordered by block, in small pages), so the
// order across page and block boundaries is checked too.
import assert from "node:assert/strict";
import { type Address, getAddress, type Hex, type Log, type PublicClient } from "viem";
import {
  fluxionGovernorAbi,
  fluxionTimelockAbi,
  lightningGatewayAbi,
  priceOracleAbi,
  supplyChainTrackerAbi,
  synthVaultAbi,
} from "../../../deploy/generated/fluxion.ts";
import { timelockOperationId } from "../../src/lib/proposalState.ts";
import type { IndexerProcess } from "./indexerProcess.ts";
import type { Protocol } from "./localChain.ts";

export type FeedRow = {
  id: string;
  chainId: number;
  blockNumber: string;
  blockHash: string;
  logIndex: number;
  txHash: string;
  timestamp: string;
  type: string;
  account: string | null;
  payload: Record<string, unknown>;
};

type Args = Record<string, unknown>;
type AnyLog = Log<bigint, number, false> & { eventName: string; args: Args };

const FIELDS = "id chainId blockNumber blockHash logIndex txHash timestamp type account payload";

/** Every feed row of chain 31337, as the API pages through them. */
export async function readFeed(indexer: IndexerProcess, pageSize = 7): Promise<FeedRow[]> {
  const rows: FeedRow[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      chainEvents: { items: FeedRow[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    } = await indexer.graphql(
      `query ($after: String) { chainEvents(where: { chainId: 31337 }, orderBy: "blockNumber",
         orderDirection: "asc", limit: ${pageSize}, after: $after) {
         items { ${FIELDS} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    rows.push(...data.chainEvents.items);
    if (!data.chainEvents.pageInfo.hasNextPage) return rows;
    after = data.chainEvents.pageInfo.endCursor;
  }
}

const dec = (value: unknown) => (value as bigint | number).toString();
const cs = (value: unknown) => getAddress(value as string);

/** The rows the chain's logs call for, in (block, log index) order. */
export async function expectedFeed(protocol: Protocol): Promise<FeedRow[]> {
  const client: PublicClient = protocol.publicClient;
  const c = (name: string) => protocol.record.contracts[name]!.address as Address;
  const sources = [
    [c("SynthVault"), synthVaultAbi],
    [c("PriceOracle"), priceOracleAbi],
    [c("SupplyChainTracker"), supplyChainTrackerAbi],
    [c("FluxionGovernor"), fluxionGovernorAbi],
    [c("FluxionTimelock"), fluxionTimelockAbi],
    [c("LightningGateway"), lightningGatewayAbi],
  ] as const;
  const logs: AnyLog[] = [];
  for (const [address, abi] of sources) {
    logs.push(
      ...((await client.getContractEvents({ address, abi, fromBlock: 0n })) as unknown as AnyLog[]),
    );
  }
  logs.sort((a, b) =>
    a.blockNumber === b.blockNumber
      ? a.logIndex - b.logIndex
      : a.blockNumber < b.blockNumber
        ? -1
        : 1,
  );

  const positions = new Map<string, { collateral: bigint; debt: bigint }>();
  const custodians = new Map<bigint, string>();
  const proposals = new Map<bigint, { timelockId: Hex; canceled: boolean }>();
  const swaps = new Map<string, Record<string, unknown>>();
  const times = new Map<bigint, bigint>();
  const rows: FeedRow[] = [];

  for (const log of logs) {
    const a = log.args;
    let row: { type: string; account: string | null; payload: Args } | undefined;
    const position = (kind: string, amount: unknown, fee?: unknown) => {
      const key = `${a.owner}:${a.collateral}:${a.synth}`;
      const p = positions.get(key) ?? { collateral: 0n, debt: 0n };
      if (a.collateralAfter !== undefined) p.collateral = a.collateralAfter as bigint;
      if (a.debtAfter !== undefined) p.debt = a.debtAfter as bigint;
      if (kind === "bad_debt") p.debt = 0n;
      positions.set(key, p);
      if (kind === "liquidation") return undefined;
      return {
        type: "chain.position",
        account: cs(a.owner),
        payload: {
          kind,
          collateral: cs(a.collateral),
          synth: cs(a.synth),
          amount: dec(amount),
          ...(fee === undefined ? {} : { fee: dec(fee) }),
          collateralAfter: p.collateral.toString(),
          debtAfter: p.debt.toString(),
          opened: kind === "deposit" && p.collateral === amount && p.debt === 0n,
          closed: kind !== "deposit" && kind !== "mint" && p.collateral === 0n && p.debt === 0n,
        },
      };
    };
    const swap = (status: string, preimage?: unknown) => {
      const s = swaps.get(a.paymentHash as string)!;
      s.status = status;
      if (preimage !== undefined) s.preimage = preimage;
      return { type: "chain.lightning.swap", account: s.account as string, payload: { ...s } };
    };
    const locked = (direction: string, account: unknown) => {
      const s: Args = {
        direction,
        status: "locked",
        paymentHash: a.paymentHash,
        synth: cs(a.synth),
        sats: dec(a.sats),
        amount: dec(a.amount),
        fee: dec(a.fee),
        timelock: dec(a.timelock),
      };
      swaps.set(a.paymentHash as string, { ...s, account: cs(account) });
      return { type: "chain.lightning.swap", account: cs(account), payload: s };
    };
    switch (log.eventName) {
      case "Deposited":
        row = position("deposit", a.amount);
        break;
      case "Withdrawn":
        row = position("withdraw", a.amount);
        break;
      case "Minted":
        row = position("mint", a.amount, a.fee);
        break;
      case "Burned":
        row = position("burn", a.amount, a.fee);
        break;
      case "BadDebtWrittenOff":
        row = position("bad_debt", a.amount);
        break;
      case "Liquidated":
        position("liquidation", a.repaid);
        row = {
          type: "chain.liquidation",
          account: cs(a.owner),
          payload: {
            collateral: cs(a.collateral),
            synth: cs(a.synth),
            liquidator: cs(a.liquidator),
            repaid: dec(a.repaid),
            collateralSeized: dec(a.collateralSeized),
            debtAfter: dec(a.debtAfter),
            collateralAfter: dec(a.collateralAfter),
          },
        };
        break;
      case "CircuitBreakerTripped":
      case "CircuitBreakerRearmed":
        row = {
          type: "chain.oracle.breaker",
          account: null,
          payload: {
            kind: log.eventName === "CircuitBreakerTripped" ? "tripped" : "rearmed",
            asset: cs(a.asset),
            roundId: dec(a.roundId),
            ...(a.referencePrice === undefined ? {} : { referencePrice: dec(a.referencePrice) }),
            price: dec(a.price),
          },
        };
        break;
      case "ItemRegistered":
        custodians.set(a.itemId as bigint, cs(a.creator));
        break;
      case "CustodyTransferred":
        custodians.set(a.itemId as bigint, cs(a.to));
        break;
      case "ItemFlagged":
        row = {
          type: "chain.supplychain.flagged",
          account: custodians.get(a.itemId as bigint)!,
          payload: {
            itemId: dec(a.itemId),
            sequence: dec(a.sequence),
            sensor: a.sensor,
            value: dec(a.value),
            min: dec(a.min),
            max: dec(a.max),
          },
        };
        break;
      case "ProposalCreated":
        proposals.set(a.proposalId as bigint, {
          timelockId: timelockOperationId(
            c("FluxionGovernor"),
            a.targets as Hex[],
            a.values as bigint[],
            a.calldatas as Hex[],
            a.description as string,
          ),
          canceled: false,
        });
        row = {
          type: "chain.proposal",
          account: null,
          payload: {
            kind: "created",
            proposalId: dec(a.proposalId),
            proposer: cs(a.proposer),
            description: a.description,
            voteStart: dec(a.voteStart),
            voteEnd: dec(a.voteEnd),
          },
        };
        break;
      case "ProposalQueued":
        row = {
          type: "chain.proposal",
          account: null,
          payload: { kind: "queued", proposalId: dec(a.proposalId), eta: dec(a.etaSeconds) },
        };
        break;
      case "ProposalExecuted":
        row = {
          type: "chain.proposal",
          account: null,
          payload: { kind: "executed", proposalId: dec(a.proposalId) },
        };
        break;
      case "ProposalCanceled": {
        const p = proposals.get(a.proposalId as bigint);
        if (p) p.canceled = true;
        row = {
          type: "chain.proposal",
          account: null,
          payload: { kind: "canceled", proposalId: dec(a.proposalId) },
        };
        break;
      }
      case "Cancelled": {
        // A guardian's cancel in the Timelock: a proposal's cancel unless the Governor said so first.
        const found = [...proposals].find(([, p]) => p.timelockId === a.id);
        if (found && !found[1].canceled) {
          found[1].canceled = true;
          row = {
            type: "chain.proposal",
            account: null,
            payload: { kind: "canceled", proposalId: dec(found[0]) },
          };
        }
        break;
      }
      case "MintLocked":
        row = locked("mint", a.recipient);
        break;
      case "BurnLocked":
        row = locked("burn", a.locker);
        break;
      case "MintClaimed":
      case "BurnClaimed":
        row = swap("claimed", a.preimage);
        break;
      case "MintRefunded":
      case "BurnRefunded":
        row = swap("refunded");
        break;
    }
    if (!row) continue;
    if (!times.has(log.blockNumber)) {
      times.set(
        log.blockNumber,
        (await client.getBlock({ blockNumber: log.blockNumber })).timestamp,
      );
    }
    const { account: _account, ...payload } = row.payload as Args & { account?: unknown };
    rows.push({
      id: `31337:${log.blockNumber}:${log.logIndex}`,
      chainId: 31337,
      blockNumber: log.blockNumber.toString(),
      blockHash: log.blockHash,
      logIndex: log.logIndex,
      txHash: log.transactionHash,
      timestamp: times.get(log.blockNumber)!.toString(),
      type: row.type,
      account: row.account,
      payload,
    });
  }
  return rows;
}

/** The feed holds exactly the rows the chain's logs call for, in order. */
export async function assertFeedMatchesChain(
  indexer: IndexerProcess,
  protocol: Protocol,
): Promise<void> {
  const [got, want] = await Promise.all([readFeed(indexer), expectedFeed(protocol)]);
  assert.deepEqual(
    got.map((r) => r.id),
    want.map((r) => r.id),
    "one feed row per carried log, in (block, log index) order",
  );
  for (const [i, row] of got.entries()) assert.deepEqual(row, want[i], `feed row ${row.id}`);
  const types = new Set(want.map((r) => r.type));
  for (const type of [
    "chain.position",
    "chain.liquidation",
    "chain.oracle.breaker",
    "chain.supplychain.flagged",
    "chain.proposal",
    "chain.lightning.swap",
  ]) {
    assert.ok(types.has(type), `the scenario produces ${type}`);
  }
}
