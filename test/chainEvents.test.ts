// On-chain events from a real `hardhat node` through the real Ponder indexer's feed onto the API's
// event log (api/src/events/chain/): the seeded demo (backfilled) and the indexer suite's scenario
// (indexed live) reach the log once each, in chain order, with the fields the chain's logs give; a
// position change that an evm_snapshot/evm_revert reorg takes away is retracted by a later
// chain.retracted, once, and the new branch's events are logged; an API restarted on its database
// resumes from its cursor: what happened while it was down is logged, nothing twice.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { type Address, getAddress, parseUnits } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type App, buildApp } from "../api/src/app.ts";
import { loadConfig } from "../api/src/config.ts";
import type { LoggedEvent } from "../api/src/events/log.ts";
import { synthVaultAbi } from "../deploy/generated/fluxion.ts";
import { expectedFeed, type FeedRow } from "../indexer/test/support/feedTruth.ts";
import {
  freshStorage,
  type IndexerProcess,
  startIndexer,
} from "../indexer/test/support/indexerProcess.ts";
import {
  deployProtocol,
  type LocalChain,
  type Protocol,
  startLocalChain,
} from "../indexer/test/support/localChain.ts";
import { runScenario, scenario } from "../indexer/test/support/scenario.ts";
import { until } from "./lib/bridgeStack.ts";

const idOf = (r: FeedRow) => `chain:31337:${r.blockNumber}:${r.logIndex}:${r.blockHash}`;

describe("on-chain events: chain -> indexer feed -> API event log", () => {
  let chain: LocalChain;
  let protocol: Protocol;
  let indexer: IndexerProcess;
  let dropIndexer: () => Promise<void> = async () => {};
  const dataDir = mkdtempSync(join(tmpdir(), "fluxion-chain-events-"));
  let api: App | undefined;

  async function startApi(): Promise<App> {
    const app = await buildApp({
      config: loadConfig({
        API_LOG_LEVEL: "silent",
        API_DATA_DIR: dataDir,
        API_INDEXER_URL: indexer.url,
        API_CHAIN_POLL_MS: "50",
      }),
      logger: false,
    });
    await app.ready(); // starts the chain feed
    return app;
  }

  /** The chain's events on the log, in log order. */
  async function chainEvents(app: App): Promise<LoggedEvent[]> {
    return (await app.eventLog.read({ after: 0n, limit: 100_000 })).filter(
      (e) => e.source === "chain:31337",
    );
  }

  /** The events not retracted since. */
  function standing(events: LoggedEvent[]): LoggedEvent[] {
    const retracted = new Set(
      events.filter((e) => e.type === "chain.retracted").map((e) => e.payload.eventId),
    );
    return events.filter((e) => e.type !== "chain.retracted" && !retracted.has(e.id));
  }

  /** Waits until the log stands exactly as the chain's logs say, then checks it field by field. */
  async function assertLogMatchesChain(app: App): Promise<LoggedEvent[]> {
    const want = await expectedFeed(protocol);
    const wantIds = want.map(idOf);
    await until(
      "the log to stand as the chain's logs say",
      async () => {
        const ids = standing(await chainEvents(app)).map((e) => e.id);
        return ids.length === wantIds.length && ids.every((id, i) => id === wantIds[i]);
      },
      {
        timeoutMs: 60_000,
        detail: async () => {
          const ids = standing(await chainEvents(app)).map((e) => e.id);
          return `${ids.length} standing, ${wantIds.length} on chain; missing ${wantIds.filter((id) => !ids.includes(id)).slice(0, 3)}; extra ${ids.filter((id) => !wantIds.includes(id)).slice(0, 3)}`;
        },
      },
    );
    const events = await chainEvents(app);
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, "no event twice");
    const now = standing(events);
    for (const [i, r] of want.entries()) {
      const e = now[i]!;
      assert.equal(e.type, r.type, e.id);
      assert.equal(e.account, r.account, `${e.id}: account`);
      assert.equal(e.occurredAt.getTime(), Number(r.timestamp) * 1000, `${e.id}: block time`);
      assert.deepEqual(
        e.payload,
        {
          ...r.payload,
          ...(r.account === null ? {} : { account: r.account }),
          chainId: 31337,
          blockNumber: r.blockNumber,
          blockHash: r.blockHash,
          logIndex: r.logIndex,
          txHash: r.txHash,
        },
        `${e.id}: payload`,
      );
    }
    return events;
  }

  const head = () => protocol.publicClient.getBlockNumber();
  const rpc = (method: string, params: unknown[] = []) =>
    protocol.publicClient.request({ method: method as never, params: params as never });

  /** Vault calls by a seeded account (its collateral is approved to the vault). */
  async function vault(
    who: "alice" | "bob",
    functionName: "deposit" | "mint" | "burn",
    collateral: string,
    synth: string,
    amount: string,
  ) {
    const { ctx } = scenario(protocol);
    const { record } = protocol;
    await ctx.send(
      `${who} ${functionName} ${amount}`,
      ctx.wallets[who].writeContract({
        address: record.contracts.SynthVault!.address as Address,
        abi: synthVaultAbi,
        functionName,
        args: [
          record.collateral[collateral]!.address as Address,
          record.synths[synth]!.address as Address,
          // Deposits count in the collateral's units, mints and burns in the synth's (18).
          parseUnits(
            amount,
            functionName === "deposit" ? record.collateral[collateral]!.decimals : 18,
          ),
        ],
      }),
    );
  }

  beforeAll(async () => {
    chain = await startLocalChain();
    protocol = await deployProtocol(chain.url); // with the seeded demo: backfilled by the indexer
    const storage = await freshStorage("pglite");
    dropIndexer = storage.drop;
    indexer = await startIndexer({ rpcUrl: chain.url, storage: storage.storage });
    await indexer.waitReady(300_000);
    api = await startApi();
  }, 600_000);

  afterAll(async () => {
    await api?.close();
    await indexer?.stop();
    await dropIndexer();
    await protocol?.connection.close?.();
    await chain?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("logs every event the chain's logs call for once, in chain order: backfilled and live", async () => {
    await assertLogMatchesChain(api!);
    // Live: liquidation, breaker trips and re-arms, a proposal queued and executed, custody,
    // Lightning swaps locked, claimed and refunded, while the API polls.
    await runScenario(protocol);
    const events = await assertLogMatchesChain(api!);
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      "chain.position",
      "chain.liquidation",
      "chain.oracle.breaker",
      "chain.supplychain.flagged",
      "chain.proposal",
      "chain.lightning.swap",
    ]) {
      assert.ok(types.has(type), `${type} is on the log`);
    }
    assert.equal(types.has("chain.retracted"), false, "no reorg, no retraction");
  });

  it("retracts a position change a reorg took away by a later chain.retracted, and logs the new branch", async () => {
    const alice = getAddress(protocol.wallets[3]!.account.address);
    const snapshot = (await rpc("evm_snapshot")) as string;
    const forkPoint = await head();
    // The abandoned branch: alice adds collateral and mints, both logged.
    await vault("alice", "deposit", "WETH", "sUSD", "1");
    await vault("alice", "mint", "WETH", "sUSD", "100");
    const abandoned = (await expectedFeed(protocol)).filter(
      (r) => BigInt(r.blockNumber) > forkPoint,
    );
    assert.deepEqual(
      abandoned.map((r) => `${r.type}:${(r.payload as { kind: string }).kind}`),
      ["chain.position:deposit", "chain.position:mint"],
    );
    await until("the abandoned branch's events logged", async () => {
      const ids = new Set((await chainEvents(api!)).map((e) => e.id));
      return abandoned.every((r) => ids.has(idOf(r)));
    });
    const abandonedHead = await head();
    assert.equal(await rpc("evm_revert", [snapshot]), true);
    // The new branch: a different change, and enough blocks to overtake the abandoned head.
    await vault("alice", "deposit", "WETH", "sUSD", "3");
    while ((await head()) <= abandonedHead + 1n) await rpc("evm_mine");

    const events = await assertLogMatchesChain(api!);
    const cursorOf = new Map(events.map((e) => [e.id, e.cursor]));
    for (const r of abandoned) {
      const retractions = events.filter((e) => e.id === `${idOf(r)}:retracted`);
      assert.equal(retractions.length, 1, `${idOf(r)} is retracted once`);
      const retraction = retractions[0]!;
      assert.ok(retraction.cursor > cursorOf.get(idOf(r))!, "by a later event");
      assert.equal(retraction.type, "chain.retracted");
      assert.equal(retraction.account, alice, "to the account the event was for");
      assert.deepEqual(retraction.payload, {
        account: alice,
        eventId: idOf(r),
        eventType: "chain.position",
        chainId: 31337,
        blockNumber: r.blockNumber,
        blockHash: r.blockHash,
        logIndex: r.logIndex,
        reason: "reorg",
      });
    }
    // The new branch's deposit stands, logged after the retractions of the block it replaced.
    const [replacement] = (await expectedFeed(protocol)).filter(
      (r) => BigInt(r.blockNumber) > forkPoint,
    );
    assert.equal(
      (replacement!.payload as { amount: string }).amount,
      parseUnits("3", 18).toString(),
    );
    assert.ok(
      cursorOf.get(idOf(replacement!))! > cursorOf.get(`${idOf(abandoned[0]!)}:retracted`)!,
    );
    assert.equal(
      events.filter((e) => e.type === "chain.retracted").length,
      abandoned.length,
      "nothing else retracted",
    );
  });

  it("resumes from its cursor after a restart: what happened meanwhile is logged, nothing twice", async () => {
    const before = await chainEvents(api!);
    const consumer = async (app: App) => {
      const result = await app.db.execute(
        sql`select cursor from api.event_consumers where name = 'chain:31337'`,
      );
      const rows = (result as unknown as { rows?: { cursor: string }[] }).rows ?? [];
      return BigInt(rows[0]?.cursor ?? -1);
    };
    const cursorBefore = await consumer(api!);
    assert.ok(cursorBefore > 0n, "the cursor is stored");
    await api!.close();
    api = undefined;
    // While the API is down.
    await vault("alice", "burn", "WETH", "sUSD", "50");
    await vault("bob", "deposit", "WBTC", "sBTC", "0.5");
    api = await startApi();
    const events = await assertLogMatchesChain(api);
    assert.deepEqual(
      events.slice(0, before.length).map((e) => e.id),
      before.map((e) => e.id),
      "the log before the restart is unchanged",
    );
    assert.deepEqual(
      events.slice(before.length).map((e) => (e.payload as { kind: string }).kind),
      ["burn", "deposit"],
      "only what happened while it was down is new",
    );
    assert.ok((await consumer(api)) >= (await head()) - 1n, "the cursor moved on");
  });
});
