// The indexer's cross-chain tables against both chains' own logs and views: every message the routers
// sent has one ccip_message row whose every column is what the logs of its two chains say (re-derived
// here from the logs, not from the indexer's merge), and whose state is what the destination's views
// say (the gateway's stored failures, the router's execution state, commits); every execution attempt
// is a ccip_execution row; lanes and rate limits are the contracts' current configuration; every
// synth balance and supply on both chains is the token's; and the feed's chain.ccip.message rows are
// exactly the ones the logs call for, with the account each concerns.
import assert from "node:assert/strict";
import {
  type Address,
  decodeAbiParameters,
  getAddress,
  type Hex,
  hexToString,
  type PublicClient,
} from "viem";
import {
  crossChainGatewayAbi,
  localCCIPRouterAbi,
  syntheticAssetAbi,
} from "../../../deploy/generated/fluxion.ts";
import { minBig } from "../../src/lib/fixedPoint.ts";
import type { IndexerProcess } from "./indexerProcess.ts";
import type { ChainUnderTest } from "./twoChains.ts";

type Row = Record<string, unknown>;
type Args = Record<string, unknown>;
type AnyLog = {
  eventName: string;
  args: Args;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
  blockHash: Hex;
};

export const MESSAGE_FIELDS = [
  "messageId",
  "sourceChainId",
  "sourceChainSelector",
  "destChainId",
  "destChainSelector",
  "sequenceNumber",
  "sender",
  "receiver",
  "kind",
  "userFrom",
  "userTo",
  "assetId",
  "sourceSynth",
  "destSynth",
  "amount",
  "feeToken",
  "fee",
  "gasLimit",
  "data",
  "state",
  "firstSeenTimestamp",
  "sent",
  "sentBlock",
  "sentTimestamp",
  "sentTxHash",
  "committed",
  "committedBlock",
  "committedTimestamp",
  "committedTxHash",
  "committer",
  "executed",
  "executedBlock",
  "executedTimestamp",
  "executedTxHash",
  "failed",
  "failedBlock",
  "failedTimestamp",
  "failedTxHash",
  "manuallyExecuted",
  "manualBlock",
  "manualTimestamp",
  "manualTxHash",
  "executionState",
  "attempts",
  "lastReturnData",
  "lastGasUsed",
  "lastExecutor",
  "storedFailed",
  "storedFailedBlock",
  "storedFailedTimestamp",
  "storedFailedTxHash",
  "failureReason",
  "retried",
  "retriedBlock",
  "retriedTimestamp",
  "retriedTxHash",
  "retriedBy",
  "recovered",
  "recoveredBlock",
  "recoveredTimestamp",
  "recoveredTxHash",
  "recoveredTo",
  "received",
  "receivedBlock",
  "receivedTimestamp",
  "receivedTxHash",
] as const;

const STATES = ["untouched", "in_progress", "success", "failure"];
const lower = (v: unknown) => (v as string).toLowerCase();
const dec = (v: unknown) => (v as bigint | number).toString();
const assetText = (v: unknown) => hexToString(v as Hex, { size: 32 }).replace(/\0+$/, "");

export async function indexedMessages(indexer: IndexerProcess): Promise<Row[]> {
  const data = await indexer.graphql<{ ccipMessages: { items: Row[]; totalCount: number } }>(
    `{ ccipMessages(limit: 1000, orderBy: "firstSeenTimestamp") { totalCount items { ${MESSAGE_FIELDS.join(" ")} } } }`,
  );
  assert.ok(data.ccipMessages.totalCount < 1000, "one page holds every message");
  return data.ccipMessages.items;
}

/** Reads both chains' CCIP logs once, with block times. */
export async function chainLogs(chains: ChainUnderTest[]) {
  const times = new Map<string, bigint>();
  const perChain = new Map<number, { router: AnyLog[]; gateway: AnyLog[] }>();
  for (const c of chains) {
    const client = c.publicClient as PublicClient;
    const ccip = c.record.ccip!;
    const router = (await client.getContractEvents({
      address: ccip.router.address,
      abi: localCCIPRouterAbi,
      fromBlock: 0n,
    })) as unknown as AnyLog[];
    const gateway = (await client.getContractEvents({
      address: ccip.gateway.address,
      abi: crossChainGatewayAbi,
      fromBlock: 0n,
    })) as unknown as AnyLog[];
    const order = (x: AnyLog, y: AnyLog) =>
      x.blockNumber === y.blockNumber
        ? x.logIndex - y.logIndex
        : x.blockNumber < y.blockNumber
          ? -1
          : 1;
    router.sort(order);
    gateway.sort(order);
    for (const log of [...router, ...gateway]) {
      const key = `${c.chainId}:${log.blockNumber}`;
      if (!times.has(key)) {
        times.set(key, (await client.getBlock({ blockNumber: log.blockNumber })).timestamp);
      }
    }
    perChain.set(c.chainId, { router, gateway });
  }
  return {
    of: (chainId: number) => perChain.get(chainId)!,
    time: (chainId: number, log: AnyLog) => times.get(`${chainId}:${log.blockNumber}`)!,
  };
}

type Logs = Awaited<ReturnType<typeof chainLogs>>;

/** The row each message's logs call for (as GraphQL serialises it: bigints as strings). */
function expectedRows(chains: ChainUnderTest[], logs: Logs): Map<string, Row> {
  const bySelector = new Map(chains.map((c) => [BigInt(c.record.ccip!.chainSelector), c]));
  const rows = new Map<string, Row>();
  for (const source of chains) {
    const { router, gateway } = logs.of(source.chainId);
    for (const log of router.filter((l) => l.eventName === "CCIPMessageSent")) {
      const m = log.args.message as Args;
      const id = m.messageId as Hex;
      const dest = bySelector.get(m.destChainSelector as bigint)!;
      const t = logs.time(source.chainId, log);
      const row: Row = Object.fromEntries(MESSAGE_FIELDS.map((f) => [f, null]));
      Object.assign(row, {
        messageId: id,
        sourceChainId: source.chainId,
        sourceChainSelector: dec(m.sourceChainSelector),
        destChainId: dest.chainId,
        destChainSelector: dec(m.destChainSelector),
        sequenceNumber: dec(m.sequenceNumber),
        sender: lower(m.sender),
        receiver: lower(m.receiver),
        kind: "other",
        feeToken: lower(m.feeToken),
        fee: dec(m.feeTokenAmount),
        gasLimit: dec(m.gasLimit),
        data: m.data,
        sent: true,
        sentBlock: dec(log.blockNumber),
        sentTimestamp: dec(t),
        sentTxHash: log.transactionHash,
        committed: false,
        executed: false,
        failed: false,
        manuallyExecuted: false,
        attempts: 0,
        storedFailed: false,
        retried: false,
        recovered: false,
        received: false,
      });
      const times = [t];
      const sent = gateway.find((l) => l.eventName === "SynthSent" && l.args.messageId === id);
      if (sent) {
        Object.assign(row, {
          kind: "transfer",
          userFrom: lower(sent.args.from),
          userTo: lower(sent.args.to),
          assetId: assetText(sent.args.assetId),
          sourceSynth: lower(sent.args.synth),
          amount: dec(sent.args.amount),
        });
      }
      // The destination's side.
      const there = logs.of(dest.chainId);
      const at = (prefix: string, l: AnyLog) => {
        const time = logs.time(dest.chainId, l);
        times.push(time);
        row[`${prefix}Block`] = dec(l.blockNumber);
        row[`${prefix}Timestamp`] = dec(time);
        row[`${prefix}TxHash`] = l.transactionHash;
      };
      const mine = (l: AnyLog) => l.args.messageId === id;
      for (const l of there.router.filter(mine)) {
        if (l.eventName === "MessageCommitted") {
          row.committed = true;
          row.committer = lower(l.args.committer);
          at("committed", l);
        }
        if (l.eventName === "ExecutionStateChanged") {
          const state = STATES[l.args.state as number]!;
          row.attempts = (row.attempts as number) + 1;
          row.executionState = state;
          row.lastReturnData = l.args.returnData;
          row.lastGasUsed = dec(l.args.gasUsed);
          row.lastExecutor = lower(l.args.executor);
          if (state === "success") {
            row.executed = true;
            at("executed", l);
          }
          if (state === "failure") {
            row.failed = true;
            at("failed", l);
          }
          if (l.args.manual) {
            row.manuallyExecuted = true;
            at("manual", l);
          }
        }
      }
      for (const l of there.gateway.filter(mine)) {
        if (l.eventName === "SynthReceived") {
          row.received = true;
          row.destSynth = lower(l.args.synth);
          at("received", l);
        }
        if (l.eventName === "MessageFailed") {
          row.storedFailed = true;
          row.failureReason = l.args.reason;
          at("storedFailed", l);
        }
        if (l.eventName === "MessageRetried") {
          row.retried = true;
          row.retriedBy = lower(l.args.by);
          at("retried", l);
        }
        if (l.eventName === "MessageRecovered") {
          row.recovered = true;
          row.recoveredTo = lower(l.args.to);
          at("recovered", l);
        }
      }
      row.firstSeenTimestamp = dec(times.reduce(minBig));
      rows.set(id, row);
    }
  }
  return rows;
}

/** What the destination's views say of a message: failed while stored or after a failed run. */
async function stateFromViews(dest: ChainUnderTest, messageId: Hex): Promise<string> {
  const client = dest.publicClient as PublicClient;
  const ccip = dest.record.ccip!;
  const stored = await client.readContract({
    address: ccip.gateway.address,
    abi: crossChainGatewayAbi,
    functionName: "isFailed",
    args: [messageId],
  });
  if (stored) return "failed";
  const state = await client.readContract({
    address: ccip.router.address,
    abi: localCCIPRouterAbi,
    functionName: "getExecutionState",
    args: [messageId],
  });
  if (state === 2) return "executed";
  if (state === 3) return "failed";
  const committedAt = await client.readContract({
    address: ccip.router.address,
    abi: localCCIPRouterAbi,
    functionName: "committedAt",
    args: [messageId],
  });
  return committedAt > 0n ? "committed" : "sent";
}

export async function assertCcipMatchesChains(
  indexer: IndexerProcess,
  chains: ChainUnderTest[],
): Promise<void> {
  const byId = new Map(chains.map((c) => [c.chainId, c]));
  const logs = await chainLogs(chains);
  const expected = expectedRows(chains, logs);

  // ---------------------------------------------------------------- messages
  const rows = await indexedMessages(indexer);
  assert.deepEqual(
    rows.map((r) => r.messageId).sort(),
    [...expected.keys()].sort(),
    "one row per message the routers sent, and no other",
  );
  for (const row of rows) {
    const want = expected.get(row.messageId as string)!;
    const dest = byId.get(want.destChainId as number)!;
    want.state = await stateFromViews(dest, row.messageId as Hex);
    assert.deepEqual(row, want, `ccip_message ${row.messageId}`);
  }

  // ---------------------------------------------------------------- executions
  const executions = await indexer.graphql<{ ccipExecutions: { items: Row[] } }>(
    `{ ccipExecutions(limit: 1000) { items { chainId messageId sourceChainSelector sequenceNumber state
       returnData manual executor gasLimit gasUsed blockNumber logIndex timestamp transactionHash } } }`,
  );
  const wantExecutions = chains.flatMap((c) =>
    logs
      .of(c.chainId)
      .router.filter((l) => l.eventName === "ExecutionStateChanged")
      .map((l) => ({
        chainId: c.chainId,
        messageId: l.args.messageId,
        sourceChainSelector: dec(l.args.sourceChainSelector),
        sequenceNumber: dec(l.args.sequenceNumber),
        state: STATES[l.args.state as number],
        returnData: l.args.returnData,
        manual: l.args.manual,
        executor: lower(l.args.executor),
        gasLimit: dec(l.args.gasLimit),
        gasUsed: dec(l.args.gasUsed),
        blockNumber: dec(l.blockNumber),
        logIndex: l.logIndex,
        timestamp: dec(logs.time(c.chainId, l)),
        transactionHash: l.transactionHash,
      })),
  );
  const key = (r: Row) => `${r.chainId}:${r.blockNumber}:${r.logIndex}`;
  const sortBy = (list: Row[]) => [...list].sort((x, y) => key(x).localeCompare(key(y)));
  assert.deepEqual(
    sortBy(executions.ccipExecutions.items),
    sortBy(wantExecutions),
    "one ccip_execution row per ExecutionStateChanged",
  );

  // ---------------------------------------------------------------- lanes and rate limits
  const lanes = await indexer.graphql<{ ccipLanes: { items: Row[] } }>(
    `{ ccipLanes(limit: 100) { items { chainId remoteChainSelector remoteChainId enabled peer
       transferGasLimit liquidityGasLimit liquidityAllowed routerEnabled baseFee gasPrice feePerByte
       maxGasLimit maxDataBytes sourceEnabled } } }`,
  );
  for (const c of chains) {
    const client = c.publicClient as PublicClient;
    const ccip = c.record.ccip!;
    const mine = lanes.ccipLanes.items.filter((l) => l.chainId === c.chainId);
    assert.deepEqual(
      mine.map((l) => l.remoteChainSelector),
      ccip.peers.map((p) => p.chainSelector),
      `chain ${c.chainId}: one lane per peer`,
    );
    for (const peer of ccip.peers) {
      const selector = BigInt(peer.chainSelector);
      const gatewayLane = await client.readContract({
        address: ccip.gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "lane",
        args: [selector],
      });
      const routerLane = await client.readContract({
        address: ccip.router.address,
        abi: localCCIPRouterAbi,
        functionName: "getLane",
        args: [selector],
      });
      const sourceEnabled = await client.readContract({
        address: ccip.router.address,
        abi: localCCIPRouterAbi,
        functionName: "isSourceChainEnabled",
        args: [selector],
      });
      assert.deepEqual(
        mine.find((l) => l.remoteChainSelector === peer.chainSelector),
        {
          chainId: c.chainId,
          remoteChainSelector: peer.chainSelector,
          remoteChainId: peer.chainId,
          enabled: gatewayLane.enabled,
          peer: lower(gatewayLane.peer),
          transferGasLimit: dec(gatewayLane.transferGasLimit),
          liquidityGasLimit: dec(gatewayLane.liquidityGasLimit),
          liquidityAllowed: gatewayLane.liquidityAllowed,
          routerEnabled: routerLane.enabled,
          baseFee: dec(routerLane.baseFee),
          gasPrice: dec(routerLane.gasPrice),
          feePerByte: dec(routerLane.feePerByte),
          maxGasLimit: dec(routerLane.maxGasLimit),
          maxDataBytes: dec(routerLane.maxDataBytes),
          sourceEnabled,
        },
        `chain ${c.chainId}: lane to ${peer.chainId}`,
      );
    }
  }
  const limits = await indexer.graphql<{ ccipRateLimits: { items: Row[] } }>(
    `{ ccipRateLimits(limit: 100) { items { chainId remoteChainSelector remoteChainId synth
       outboundEnabled outboundCapacity outboundRate inboundEnabled inboundCapacity inboundRate } } }`,
  );
  assert.ok(limits.ccipRateLimits.items.length >= 2 * 4, "every configured bucket is indexed");
  for (const l of limits.ccipRateLimits.items) {
    const c = byId.get(l.chainId as number)!;
    const [outbound, inbound] = await (c.publicClient as PublicClient).readContract({
      address: c.record.ccip!.gateway.address,
      abi: crossChainGatewayAbi,
      functionName: "rateLimits",
      args: [BigInt(l.remoteChainSelector as string), l.synth as Address],
    });
    assert.deepEqual(
      l,
      {
        chainId: c.chainId,
        remoteChainSelector: l.remoteChainSelector,
        remoteChainId: chains.find((x) => x.record.ccip!.chainSelector === l.remoteChainSelector)!
          .chainId,
        synth: l.synth,
        outboundEnabled: outbound.isEnabled,
        outboundCapacity: dec(outbound.capacity),
        outboundRate: dec(outbound.rate),
        inboundEnabled: inbound.isEnabled,
        inboundCapacity: dec(inbound.capacity),
        inboundRate: dec(inbound.rate),
      },
      `rate limits on ${c.chainId} for ${l.synth} from ${l.remoteChainSelector}`,
    );
  }

  // ---------------------------------------------------------------- synth balances and supply
  const synths = await indexer.graphql<{ synths: { items: Row[] } }>(
    "{ synths(limit: 100) { items { chainId address totalSupply } } }",
  );
  assert.equal(synths.synths.items.length, chains.length * 4, "four synths on each chain");
  const balances = await indexer.graphql<{ balances: { items: Row[]; totalCount: number } }>(
    "{ balances(limit: 1000) { totalCount items { chainId token account amount } } }",
  );
  assert.ok(balances.balances.totalCount < 1000, "one page holds every balance");
  for (const s of synths.synths.items) {
    const c = byId.get(s.chainId as number)!;
    const read = (functionName: "totalSupply" | "balanceOf", args: readonly unknown[]) =>
      (c.publicClient as PublicClient).readContract({
        address: s.address as Address,
        abi: syntheticAssetAbi,
        functionName,
        args: args as never,
      }) as Promise<bigint>;
    assert.equal(
      BigInt(s.totalSupply as string),
      await read("totalSupply", []),
      `supply of ${s.address} on ${c.chainId}`,
    );
    for (const b of balances.balances.items.filter(
      (x) => x.chainId === c.chainId && x.token === s.address,
    )) {
      assert.equal(
        BigInt(b.amount as string),
        await read("balanceOf", [b.account]),
        `${b.account}'s ${s.address} on ${c.chainId}`,
      );
    }
  }

  // ---------------------------------------------------------------- the feed
  for (const c of chains) {
    const got = await ccipFeed(indexer, c.chainId);
    const want = await expectedCcipFeed(c, chains, logs);
    assert.deepEqual(got, want, `chain ${c.chainId}: chain.ccip.message rows`);
  }
}

/** The feed's chain.ccip.message rows of a chain, in (block, log index) order. */
export async function ccipFeed(indexer: IndexerProcess, chainId: number): Promise<Row[]> {
  const data = await indexer.graphql<{ chainEvents: { items: Row[] } }>(
    `{ chainEvents(where: { chainId: ${chainId}, type: "chain.ccip.message" }, orderBy: "blockNumber",
       orderDirection: "asc", limit: 1000) {
       items { id chainId blockNumber blockHash logIndex txHash timestamp type account payload } } }`,
  );
  return data.chainEvents.items;
}

/** The chain.ccip.message rows a chain's CCIP logs call for. */
async function expectedCcipFeed(
  c: ChainUnderTest,
  chains: ChainUnderTest[],
  logs: Logs,
): Promise<Row[]> {
  const chainIdOf = (selector: unknown) =>
    chains.find((x) => BigInt(x.record.ccip!.chainSelector) === selector)?.chainId;
  const own = BigInt(c.record.ccip!.chainSelector);
  const { router, gateway } = logs.of(c.chainId);
  const failedSource = new Map(
    gateway
      .filter((l) => l.eventName === "MessageFailed")
      .map((l) => [l.args.messageId as Hex, l.args.sourceChainSelector as bigint]),
  );
  const all = [...router, ...gateway].sort((x, y) =>
    x.blockNumber === y.blockNumber
      ? x.logIndex - y.logIndex
      : x.blockNumber < y.blockNumber
        ? -1
        : 1,
  );
  const rows: Row[] = [];
  for (const l of all) {
    const a = l.args;
    const ids = (side: "source" | "destination", remote: bigint | undefined) => {
      const source = side === "source" ? own : remote;
      const dest = side === "source" ? remote : own;
      return {
        messageId: a.messageId,
        ...(chainIdOf(source) === undefined ? {} : { sourceChainId: chainIdOf(source) }),
        ...(source === undefined ? {} : { sourceChainSelector: dec(source) }),
        ...(chainIdOf(dest) === undefined ? {} : { destChainId: chainIdOf(dest) }),
        ...(dest === undefined ? {} : { destChainSelector: dec(dest) }),
      };
    };
    let account: string | null = null;
    let payload: Row | undefined;
    switch (l.eventName) {
      case "SynthSent":
        account = getAddress(a.from as string);
        payload = {
          kind: "sent",
          ...ids("source", a.destChainSelector as bigint),
          messageKind: "transfer",
          from: getAddress(a.from as string),
          to: getAddress(a.to as string),
          synth: getAddress(a.synth as string),
          assetId: assetText(a.assetId),
          amount: dec(a.amount),
          feeToken: getAddress(a.feeToken as string),
          fee: dec(a.fee),
        };
        break;
      case "MessageCommitted":
        payload = {
          kind: "committed",
          ...ids("destination", a.sourceChainSelector as bigint),
          committer: getAddress(a.committer as string),
        };
        break;
      case "ExecutionStateChanged": {
        const state = STATES[a.state as number]!;
        payload = {
          kind: state === "success" ? "executed" : "failed",
          ...ids("destination", a.sourceChainSelector as bigint),
          state,
          sequenceNumber: dec(a.sequenceNumber),
          manual: a.manual,
          executor: getAddress(a.executor as string),
          gasLimit: dec(a.gasLimit),
          gasUsed: dec(a.gasUsed),
          returnData: a.returnData,
        };
        break;
      }
      case "SynthReceived":
        account = getAddress(a.to as string);
        payload = {
          kind: "received",
          ...ids("destination", a.sourceChainSelector as bigint),
          messageKind: "transfer",
          from: getAddress(a.from as string),
          to: getAddress(a.to as string),
          synth: getAddress(a.synth as string),
          assetId: assetText(a.assetId),
          amount: dec(a.amount),
        };
        break;
      case "MessageFailed": {
        const stored = await (c.publicClient as PublicClient).readContract({
          address: c.record.ccip!.gateway.address,
          abi: crossChainGatewayAbi,
          functionName: "getFailedMessage",
          args: [a.messageId as Hex],
          blockNumber: l.blockNumber,
        });
        const [, t] = decodeAbiParameters(
          [
            { type: "uint256" },
            {
              type: "tuple",
              components: [
                { name: "assetId", type: "bytes32" },
                { name: "from", type: "address" },
                { name: "to", type: "address" },
                { name: "amount", type: "uint256" },
              ],
            },
          ],
          stored.data,
        );
        account = getAddress(t.to);
        payload = {
          kind: "stored_failed",
          ...ids("destination", a.sourceChainSelector as bigint),
          reason: a.reason,
          messageKind: "transfer",
          from: getAddress(t.from),
          to: getAddress(t.to),
          assetId: assetText(t.assetId),
          amount: dec(t.amount),
        };
        break;
      }
      case "MessageRetried":
        payload = {
          kind: "retried",
          ...ids("destination", failedSource.get(a.messageId as Hex)),
          by: getAddress(a.by as string),
        };
        break;
      case "MessageRecovered":
        account = getAddress(a.to as string);
        payload = {
          kind: "recovered",
          ...ids("destination", failedSource.get(a.messageId as Hex)),
          to: getAddress(a.to as string),
        };
        break;
    }
    if (!payload) continue;
    rows.push({
      id: `${c.chainId}:${l.blockNumber}:${l.logIndex}`,
      chainId: c.chainId,
      blockNumber: dec(l.blockNumber),
      blockHash: l.blockHash,
      logIndex: l.logIndex,
      txHash: l.transactionHash,
      timestamp: dec(logs.time(c.chainId, l)),
      type: "chain.ccip.message",
      account,
      payload,
    });
  }
  return rows;
}
