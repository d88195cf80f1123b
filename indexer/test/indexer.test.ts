// The indexer end to end on a real Hardhat node: deploy, seed and run real protocol activity, then
// index it with `ponder start` on PGlite and on Postgres and compare every value with the chain's
// views; both stores must hold identical tables. Then: bad input on the custom routes, live
// latency, an evm_snapshot/evm_revert reorg, and a stop/restart on Postgres that resumes from its
// checkpoint. Postgres runs are skipped only without a server and never under CI=true.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseUnits } from "viem";
import { liquidityPoolManagerAbi } from "../../deploy/generated/fluxion.ts";
import { assertMatchesChain } from "./support/chainTruth.ts";
import { dumpTables } from "./support/dump.ts";
import {
  freshStorage,
  type IndexerProcess,
  postgresAvailable,
  startIndexer,
} from "./support/indexerProcess.ts";
import {
  deployProtocol,
  type LocalChain,
  type Protocol,
  startLocalChain,
} from "./support/localChain.ts";
import { runScenario, scenario } from "./support/scenario.ts";

const hasPostgres = await postgresAvailable();

describe("indexer end to end", { timeout: 900_000 }, () => {
  let chain: LocalChain;
  let protocol: Protocol;
  const indexers: { name: string; ix: IndexerProcess; drop(): Promise<void> }[] = [];
  let pglite: IndexerProcess;
  let postgres: IndexerProcess | undefined;
  let postgresStorage: Awaited<ReturnType<typeof freshStorage>> | undefined;

  async function head(): Promise<bigint> {
    return protocol.publicClient.getBlockNumber();
  }

  async function caughtUp(): Promise<void> {
    const n = await head();
    await Promise.all(indexers.map(({ ix }) => ix.waitForBlock(n)));
  }

  before(async () => {
    chain = await startLocalChain();
    protocol = await deployProtocol(chain.url);
    await runScenario(protocol);
    const lite = await freshStorage("pglite");
    pglite = await startIndexer({ rpcUrl: chain.url, storage: lite.storage });
    indexers.push({ name: "pglite", ix: pglite, drop: lite.drop });
    if (hasPostgres) {
      postgresStorage = await freshStorage("postgres");
      postgres = await startIndexer({ rpcUrl: chain.url, storage: postgresStorage.storage });
      indexers.push({ name: "postgres", ix: postgres, drop: postgresStorage.drop });
    }
    await Promise.all(indexers.map(({ ix }) => ix.waitReady()));
    await caughtUp();
  });

  after(async () => {
    for (const { ix, drop } of indexers) {
      await ix.stop();
      await drop();
    }
    await protocol?.connection.close?.();
    await chain?.stop();
  });

  it("indexes every value exactly as the chain reports it (PGlite)", async () => {
    await assertMatchesChain(pglite, protocol);
  });

  it("indexes every value exactly as the chain reports it (Postgres)", {
    skip: !hasPostgres,
  }, async () => {
    await assertMatchesChain(postgres!, protocol);
  });

  it("holds identical tables on PGlite and Postgres", { skip: !hasPostgres }, async () => {
    assert.deepEqual(await dumpTables(pglite), await dumpTables(postgres!));
  });

  it("records the liquidation, the breaker trip and re-arm, and the executed proposal", async () => {
    const data = await pglite.graphql<{
      liquidations: { items: { owner: string; repaid: string }[] };
      breakerEvents: { items: { kind: string }[] };
      proposals: { items: { state: string; queued: boolean; executed: boolean }[] };
      items: { items: { itemId: string; flagged: boolean; status: string }[] };
    }>(`{
      liquidations { items { owner repaid } }
      breakerEvents(where: { kind: "tripped" }) { items { kind } }
      proposals { items { state queued executed } }
      items(orderBy: "itemId") { items { itemId flagged status } }
    }`);
    const carol = protocol.wallets[5]!.account.address.toLowerCase();
    assert.deepEqual(data.liquidations.items, [
      { owner: carol, repaid: parseUnits("1", 18).toString() },
    ]);
    assert.equal(data.breakerEvents.items.length, 2, "BTC's jump trips WBTC and sBTC");
    assert.deepEqual(data.proposals.items, [{ state: "executed", queued: true, executed: true }]);
    assert.deepEqual(
      data.items.items.map((i) => [i.itemId, i.status, i.flagged]),
      [
        ["1", "in_transit", false],
        ["2", "stored", false],
        ["3", "stored", false],
      ],
    );
  });

  it("answers bad input on the custom routes with a 400 and a stable code", async () => {
    const poolId = protocol.record.pools["sXAU/sUSD"]!.poolId;
    const unknownPool = `0x${"ab".repeat(32)}`;
    const cases: [string, number, string][] = [
      ["/portfolio/0x1234", 400, "request.invalid_address"],
      ["/portfolio/not-an-address", 400, "request.invalid_address"],
      [`/portfolio/${"0x".padEnd(42, "g")}`, 400, "request.invalid_address"],
      [
        `/portfolio/${protocol.wallets[3]!.account.address}?chainId=abc`,
        400,
        "request.invalid_chain_id",
      ],
      [
        `/portfolio/${protocol.wallets[3]!.account.address}?chainId=999999`,
        404,
        "request.unknown_chain",
      ],
      [`/portfolio/0x${"a".repeat(5_000)}`, 400, "request.invalid_address"],
      [`/pools/${poolId}/candles?interval=${"1".repeat(5_000)}`, 400, "candles.invalid_interval"],
      ["/pools/0x1234/candles?interval=1m", 400, "candles.invalid_pool_id"],
      [`/pools/${unknownPool}/candles?interval=1m`, 400, "candles.unknown_pool"],
      [`/pools/${poolId}/candles`, 400, "candles.invalid_interval"],
      [`/pools/${poolId}/candles?interval=5m`, 400, "candles.invalid_interval"],
      [`/pools/${poolId}/candles?interval=1m&from=200&to=100`, 400, "candles.invalid_range"],
      [`/pools/${poolId}/candles?interval=1m&from=-5`, 400, "candles.invalid_time"],
      [`/pools/${poolId}/candles?interval=1m&to=1e9`, 400, "candles.invalid_time"],
      [`/pools/${poolId}/candles?interval=1h&limit=0`, 400, "candles.invalid_limit"],
      [
        `/pools/${poolId}/candles?interval=1h&base=0x${"11".repeat(20)}`,
        400,
        "candles.invalid_token",
      ],
    ];
    for (const [path, status, code] of cases) {
      const response = await pglite.get(path);
      assert.equal(response.status, status, `${path}: ${JSON.stringify(response.body)}`);
      const body = response.body as { error?: { code: string; message: string } };
      assert.equal(body.error?.code, code, `${path}: ${JSON.stringify(response.body)}`);
      assert.ok(body.error!.message.length > 0, `${path} explains itself`);
      assert.ok(
        body.error!.message.length < 320,
        `${path.slice(0, 60)}...: repeats at most 200 characters of its input, got ${body.error!.message.length}`,
      );
    }
    const ok = await pglite.get(`/pools/${poolId}/candles?interval=1h&from=0&to=99999999999`);
    assert.equal(ok.status, 200);
  });

  it("shows a mined swap in GraphQL within a fraction of a second", async () => {
    const s = scenario(protocol);
    const poolId = protocol.record.pools["sXAU/sUSD"]!.poolId;
    const query = `{ pool(chainId: 31337, poolId: "${poolId}") { swapCount } }`;
    for (const { name, ix } of indexers) {
      const lags: number[] = [];
      for (let i = 0; i < 7; i++) {
        const before = (await ix.graphql<{ pool: { swapCount: number } }>(query)).pool.swapCount;
        await s.swap("alice", "sXAU/sUSD", "sUSD", "sXAU", "10");
        const mined = performance.now();
        while (
          (await ix.graphql<{ pool: { swapCount: number } }>(query)).pool.swapCount === before
        ) {
          assert.ok(performance.now() - mined < 10_000, `${name}: the swap shows up`);
          await new Promise((r) => setTimeout(r, 5));
        }
        lags.push(performance.now() - mined);
      }
      lags.sort((a, b) => a - b);
      console.log(`# live lag (${name}, ms): ${lags.map((l) => l.toFixed(0)).join(", ")}`);
      // The target is ~100 ms at p50; a loaded CI machine gets slack.
      assert.ok(lags[3]! < 1_000, `${name}: median live lag ${lags[3]} ms`);
    }
    await caughtUp();
  });

  it("follows an evm_snapshot/evm_revert reorg to the new chain's state", async () => {
    const s = scenario(protocol);
    const client = protocol.publicClient;
    const request = (method: string, params: unknown[] = []) =>
      client.request({ method: method as never, params: params as never });
    const poolId = protocol.record.pools["sUSD/USDC"]!.poolId;
    const snapshot = (await request("evm_snapshot")) as string;
    // The abandoned branch: two swaps one way, indexed.
    await s.swap("dave", "sUSD/USDC", "USDC", "sUSD", "700");
    await s.swap("dave", "sUSD/USDC", "USDC", "sUSD", "300");
    await caughtUp();
    const abandoned = await head();
    assert.equal(await request("evm_revert", [snapshot]), true);
    // The new branch: a different swap, and enough blocks to overtake the old head.
    await s.swap("dave", "sUSD/USDC", "sUSD", "USDC", "1234");
    while ((await head()) <= abandoned + 1n) await request("evm_mine");
    await caughtUp();
    for (const { name, ix } of indexers) {
      const { swaps } = await ix.graphql<{
        swaps: { items: { amountIn: string; transactionHash: string }[] };
      }>(
        `{ swaps(where: { poolId: "${poolId}", blockNumber_gt: "${abandoned - 3n}" }) { items { amountIn transactionHash } } }`,
      );
      assert.deepEqual(
        swaps.items.map((x) => x.amountIn),
        [parseUnits("1234", 18).toString()],
        `${name}: only the new branch's swap remains`,
      );
      const [, balances] = await client.readContract({
        address: protocol.record.contracts.LiquidityPoolManager!.address,
        abi: liquidityPoolManagerAbi,
        functionName: "getPoolState",
        args: [poolId],
      });
      const { pool } = await ix.graphql<{ pool: { balances: string[] } }>(
        `{ pool(chainId: 31337, poolId: "${poolId}") { balances } }`,
      );
      assert.deepEqual(
        pool.balances.map(BigInt),
        [...balances],
        `${name}: balances follow the new chain`,
      );
      await assertMatchesChain(ix, protocol);
    }
  });

  it("resumes on Postgres from its checkpoint after a restart, with identical data", {
    skip: !hasPostgres,
  }, async () => {
    const index = indexers.findIndex((x) => x.name === "postgres");
    const first = indexers[index]!;
    assert.equal(await first.ix.stop(), 0, "Ctrl-C stops the indexer cleanly");
    // Activity while the indexer is down.
    const s = scenario(protocol);
    await s.swap("alice", "sXAU/sUSD", "sUSD", "sXAU", "321");
    await s.price("XAU/USD", "2415");
    const restarted = await startIndexer({ rpcUrl: chain.url, storage: postgresStorage!.storage });
    indexers[index] = { name: "postgres", ix: restarted, drop: first.drop };
    await restarted.waitReady();
    await caughtUp();
    const log = restarted.output();
    assert.match(
      log,
      /Detected crash recovery/,
      "the restart reuses the schema and its checkpoint",
    );
    assert.doesNotMatch(
      log,
      /Indexed block range.*block_range=\[1,/,
      "no re-indexing from the start",
    );
    await assertMatchesChain(restarted, protocol);
    assert.deepEqual(await dumpTables(restarted), await dumpTables(pglite));
  });
});
