// The scheduled keepers as a real process (`npm run keepers`) on a real `hardhat node`, with positions
// read from the real indexer: bad configuration stops it at start-up naming the variable; 200 positions
// and a 30% crash end with every position the crash put under its ratio liquidated exactly once and no
// reverted transaction, the breaker respected throughout; two processes on one Postgres split a wave
// without sending anything twice; a process SIGKILLed in the middle of a wave leaves nothing undone
// after its restart.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  lightningGatewayAbi,
  liquidityPoolManagerAbi,
  mockERC20Abi,
  mockPriceFeedAbi,
  priceOracleAbi,
  syntheticAssetAbi,
  treasuryAbi,
} from "@fluxion/deploy";
import { type Address, getAbiItem, type Hex, maxUint256, parseEther, parseUnits } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type App, buildApp } from "../api/src/app.ts";
import { loadConfig } from "../api/src/config.ts";
import { openSql } from "../keepers/src/db/sql.ts";
import { createTestDatabase, onPostgres } from "../scripts/lib/testPostgres.ts";
import {
  devKey,
  type KeeperProcess,
  keeperLogs,
  killAllKeepers,
  root,
  startKeeperProcess,
  until,
} from "./lib/bridgeStack.ts";
import { type MarketScenario, startMarketScenario } from "./lib/marketScenario.ts";

/** Starts `keepers/src/jobs/main.ts` and fails naming `variable` (no chain needed: it stops first). */
function startRefused(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["keepers/src/jobs/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe("scheduled keepers' start-up", () => {
  it("refuses bad configuration at start-up, naming the variable", () => {
    for (const [env, variable] of [
      [{ KEEPER_JOBS: "liquidations,teleport" }, "KEEPER_JOBS"],
      [{ KEEPER_FEES_SCHEDULE: "cron 99 * * * *" }, "KEEPER_FEES_SCHEDULE"],
      [{ KEEPER_CHAIN_ID: "10" }, "KEEPER_JOBS_PRIVATE_KEY"],
    ] as const) {
      const { status, stderr } = startRefused(env);
      assert.equal(status, 1, stderr);
      assert.match(stderr, new RegExp(`keepers: ${variable}: `));
    }
    // And without a chain to keep, it says so rather than failing with a stack trace.
    const dir = mkdtempSync(join(tmpdir(), "fluxion-keepers-nochain-"));
    try {
      const { status, stderr } = startRefused({
        KEEPER_RPC_URL: "http://127.0.0.1:9",
        KEEPER_JOBS_DATA_DIR: dir,
      });
      assert.equal(status, 1, stderr);
      assert.match(
        stderr,
        /keepers: no chain answers at http:\/\/127\.0\.0\.1:9 \(KEEPER_RPC_URL\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("liquidations by the keeper process", () => {
  let s: MarketScenario;
  const dataDir = mkdtempSync(join(tmpdir(), "fluxion-keepers-e2e-"));
  let dropDatabase = async () => {};
  beforeAll(async () => {
    s = await startMarketScenario();
  }, 300_000);
  afterAll(async () => {
    await killAllKeepers();
    await dropDatabase();
    await s?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("liquidates every position a 30% crash puts under water once, after the breaker re-arms", async () => {
    // 200 positions from 152% to 201%; after a 30% crash those under 171.4% fall below 120%.
    const ratios = Array.from({ length: 200 }, (_, i) => 1.52 + (i % 50) * 0.01);
    const positions = await s.openPositions(ratios);
    const keeper = await startKeeperProcess(
      "crash",
      8,
      s.keeperEnv({
        KEEPER_JOBS: "liquidations,oracle,inventory",
        KEEPER_INVENTORY_USD: "1000000",
        DATABASE_URL: "",
        KEEPER_JOBS_DATA_DIR: join(dataDir, "crash"),
      }),
      { program: "jobs" },
    );
    try {
      await keeper.waitHealthy();
      const keeperAddress = devKey(8).address;
      // Its inventory is minted before anything is liquidatable.
      await until(
        "the keeper's inventory",
        async () => {
          const jobs = (await keeper.request("GET", "/jobs")).body as {
            jobs: { name: string; runs: number }[];
          };
          return jobs.jobs.some((j) => j.name.startsWith("inventory@") && j.runs > 0);
        },
        { timeoutMs: 60_000 },
      );
      const price = await s.ethPrice();
      const crashBlock = await s.setEthPrice(price * 0.7);
      // While the breaker is tripped, nothing is liquidated (the keeper's sync records the trip).
      await until("the trip recorded", () =>
        s.publicClient.readContract({
          address: s.record.contracts.PriceOracle!.address as Address,
          abi: priceOracleAbi,
          functionName: "isTripped",
          args: [s.weth],
        }),
      );
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal((await s.liquidations(crashBlock)).size, 0, "no liquidation on a tripped feed");
      // The price settles: three rounds within the bound re-arm the breaker.
      for (const move of [1.001, 0.999, 1.0005]) {
        await s.setEthPrice(price * 0.7 * move);
        await new Promise((r) => setTimeout(r, 300));
      }
      const due = positions.filter((p) => p.ratio * 0.7 * 0.9995 < 1.2);
      await until(
        "every position under its ratio liquidated",
        async () => {
          const done = await s.liquidations(crashBlock);
          return due.every((p) => done.has(p.owner.toLowerCase()));
        },
        { timeoutMs: 180_000, intervalMs: 500, detail: () => keeperLogs([keeper], 30) },
      );
      const rearm = await s.rearmedAt(crashBlock);
      assert.ok(rearm !== undefined);
      const done = await s.liquidations(crashBlock);
      for (const p of positions) {
        const times = done.get(p.owner.toLowerCase())?.length ?? 0;
        assert.equal(times, due.includes(p) ? 1 : 0, `${p.owner} at ${p.ratio}`);
      }
      for (const [, [first]] of done) assert.ok(first!.block >= rearm, "none before the re-arm");
      assert.deepEqual(await s.revertedFrom(keeperAddress, crashBlock), [], "no revert sent");
    } finally {
      await keeper.kill("SIGTERM");
    }
  }, 600_000);

  describe(...onPostgres("on one Postgres"), () => {
    // Created by the first test that needs it (hooks here would repeat the outer ones' names), dropped
    // with the outer suite.
    // One promise, so that two keepers started at once share one database.
    let database: ReturnType<typeof createTestDatabase> | undefined;
    const databaseUrl = async () => {
      database ??= createTestDatabase("fluxion_keepers_jobs");
      const created = await database;
      dropDatabase = () => created.drop();
      return created.url;
    };

    /** 40 positions at 152% that three 9% drops (each within the breaker's bound) put under 120%. */
    async function wave() {
      const positions = await s.openPositions(Array.from({ length: 40 }, () => 1.52));
      const from = await s.setEthPrice((await s.ethPrice()) * 0.91);
      for (let i = 0; i < 2; i++) {
        await new Promise((r) => setTimeout(r, 200));
        await s.setEthPrice((await s.ethPrice()) * 0.91);
      }
      return { positions, from };
    }

    const start = async (name: string, key: number) =>
      startKeeperProcess(
        name,
        key,
        s.keeperEnv({
          KEEPER_JOBS: "liquidations,oracle,inventory",
          KEEPER_INVENTORY_USD: "300000",
          KEEPER_JOBS_CONCURRENCY: "4",
          DATABASE_URL: await databaseUrl(),
        }),
        { program: "jobs" },
      );

    async function assertOnceEach(
      positions: { owner: Address }[],
      from: bigint,
      keepers: KeeperProcess[],
    ) {
      await until(
        "the wave liquidated",
        async () => {
          const done = await s.liquidations(from);
          return positions.every((p) => done.has(p.owner.toLowerCase()));
        },
        { timeoutMs: 120_000, intervalMs: 500, detail: () => keeperLogs(keepers, 30) },
      );
      const done = await s.liquidations(from);
      for (const p of positions) assert.equal(done.get(p.owner.toLowerCase())?.length, 1);
      const sql = await openSql({ databaseUrl: await databaseUrl(), dataDir: "memory://" });
      try {
        const repeated = await sql.query(
          "select purpose from keepers.chain_txs group by chain_id, purpose having count(*) > 1",
        );
        assert.deepEqual(repeated, [], "no purpose sent twice");
        const reverted = await sql.query(
          "select purpose from keepers.chain_txs where receipt_status = 'reverted'",
        );
        assert.deepEqual(reverted, [], "no reverted transaction");
      } finally {
        await sql.close();
      }
      return done;
    }

    it("two keeper processes split a wave, each position liquidated once", async () => {
      const [a, b] = await Promise.all([start("a", 8), start("b", 9)]);
      try {
        await Promise.all([a.waitHealthy(), b.waitHealthy()]);
        await until(
          "both inventories",
          async () => {
            const jobs = (await a.request("GET", "/jobs")).body as {
              jobs: { name: string; runs: number }[];
            };
            return (
              jobs.jobs.filter((j) => j.name.startsWith("inventory@") && j.runs > 0).length === 2
            );
          },
          { timeoutMs: 60_000 },
        );
        const { positions, from } = await wave();
        const done = await assertOnceEach(positions, from, [a, b]);
        const liquidators = new Set([...done.values()].map(([l]) => l!.liquidator.toLowerCase()));
        assert.deepEqual(
          liquidators,
          new Set([devKey(8).address.toLowerCase(), devKey(9).address.toLowerCase()]),
          "both keepers took part",
        );
      } finally {
        await Promise.all([a.kill("SIGTERM"), b.kill("SIGTERM")]);
      }
    }, 600_000);

    it("a keeper SIGKILLed in the middle of a wave finishes it after a restart, nothing twice", async () => {
      const first = await start("killed", 8);
      await first.waitHealthy();
      const { positions, from } = await wave();
      await until("the wave under way", async () => (await s.liquidations(from)).size > 0, {
        timeoutMs: 60_000,
        intervalMs: 20,
        detail: () => keeperLogs([first], 30),
      });
      await first.kill("SIGKILL");
      const again = await start("restarted", 8);
      try {
        await again.waitHealthy();
        await assertOnceEach(positions, from, [first, again]);
      } finally {
        await again.kill("SIGTERM");
      }
    }, 600_000);
  });

  it("distributes fees, refunds an expired lock, moves the market and tells the API", async () => {
    const secret = `whsec_${randomBytes(32).toString("base64")}`;
    const app: App = await buildApp({
      config: loadConfig({
        API_LOG_LEVEL: "silent",
        API_DATA_DIR: "memory://",
        API_INGRESS_SECRETS: `keepers=${secret}`,
      }),
      logger: false,
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { publicClient, record } = s;
    const gateway = record.contracts.LightningGateway!.address as Address;
    const treasury = record.contracts.Treasury!.address as Address;
    const manager = record.contracts.LiquidityPoolManager!.address as Address;
    // A burn locked by someone (no bridge ever hears of it), its timelock about to pass; and the
    // liquidity of the sUSD/USDC pool (this chain was not seeded), from the same account.
    const [locker] = await s.openPositions([2, 2, 2]).then((opened) => opened.slice(2));
    const lockerWallet = s.walletOf(locker!.owner);
    const usdc = record.collateral.USDC!.address as Address;
    const pool = record.pools["sUSD/USDC"]!;
    await publicClient.waitForTransactionReceipt({
      hash: await s.wallets[0]!.writeContract({
        address: usdc,
        abi: mockERC20Abi,
        functionName: "mint",
        args: [locker!.owner, parseUnits("300", 6)],
      }),
    });
    for (const token of [s.sUsd, usdc]) {
      await publicClient.waitForTransactionReceipt({
        hash: await lockerWallet.writeContract({
          address: token,
          abi: mockERC20Abi,
          functionName: "approve",
          args: [manager, maxUint256],
        }),
      });
    }
    const initialized = await publicClient.waitForTransactionReceipt({
      hash: await lockerWallet.writeContract({
        address: manager,
        abi: liquidityPoolManagerAbi,
        functionName: "initialize",
        args: [
          pool.poolId,
          [parseEther("300"), parseUnits("300", 6)],
          locker!.owner,
          (await publicClient.getBlock()).timestamp + 3_600n,
        ],
      }),
    });
    assert.equal(initialized.status, "success");
    const paymentHash = `0x${randomBytes(32).toString("hex")}` as Hex;
    const now = (await publicClient.getBlock()).timestamp;
    await publicClient.waitForTransactionReceipt({
      hash: await lockerWallet.writeContract({
        address: s.sUsd,
        abi: syntheticAssetAbi,
        functionName: "approve",
        args: [gateway, parseEther("100")],
      }),
    });
    await publicClient.waitForTransactionReceipt({
      hash: await lockerWallet.writeContract({
        address: gateway,
        abi: lightningGatewayAbi,
        functionName: "lockBurn",
        args: [paymentHash, s.sUsd, parseEther("100"), 10_000n, now + 3_700n],
      }),
    });
    const feeds = Object.fromEntries(
      await Promise.all(
        Object.entries(record.feeds).map(async ([pair, feed]) => [
          pair,
          (
            await publicClient.readContract({
              address: feed.address as Address,
              abi: mockPriceFeedAbi,
              functionName: "latestRoundData",
            })
          )[0],
        ]),
      ),
    ) as Record<string, bigint>;
    const from = await publicClient.getBlockNumber();
    const keeper = await startKeeperProcess(
      "jobs",
      9,
      s.keeperEnv({
        KEEPER_JOBS: "oracle,fees,refunds,inventory,market-prices,market-trader",
        KEEPER_FEES_SCHEDULE: "every 1s",
        KEEPER_FEES_MIN_USD: "0",
        KEEPER_FEES_GAS_MULTIPLE: "1",
        KEEPER_REFUNDS_SCHEDULE: "every 1s",
        KEEPER_REFUNDS_GRACE: "0",
        KEEPER_MARKET_PRICES_SCHEDULE: "every 1s",
        KEEPER_MARKET_TRADER_SCHEDULE: "every 1s",
        KEEPER_JOBS_EVENTS_URL: `${apiUrl}/v1/webhooks/keepers`,
        KEEPER_EVENTS_SECRET: secret,
        KEEPER_NAME: "jobs",
        DATABASE_URL: "",
        KEEPER_JOBS_DATA_DIR: join(dataDir, "jobs"),
      }),
      { program: "jobs" },
    );
    try {
      await keeper.waitHealthy();
      const keeperAddress = devKey(9).address;
      // The lock's timelock passes: the keeper refunds it, the locker has the synths back.
      await s.rpc("evm_increaseTime", [3_800]);
      await s.rpc("evm_mine");
      const refunded = getAbiItem({ abi: lightningGatewayAbi, name: "BurnRefunded" });
      await until(
        "the expired lock refunded",
        async () =>
          (
            await publicClient.getLogs({
              address: gateway,
              event: refunded,
              args: { paymentHash },
              fromBlock: from,
            })
          ).length === 1,
        { timeoutMs: 60_000, intervalMs: 200, detail: () => keeperLogs([keeper], 30) },
      );
      // Fees distributed, every feed moved in its turn (sUSD's stays at one dollar), the trader swapped.
      const distributed = getAbiItem({ abi: treasuryAbi, name: "FeesDistributed" });
      const swapped = getAbiItem({ abi: liquidityPoolManagerAbi, name: "Swap" });
      const rounds = async () =>
        Object.fromEntries(
          await Promise.all(
            Object.entries(record.feeds).map(async ([pair, feed]) => [
              pair,
              (
                await publicClient.readContract({
                  address: feed.address as Address,
                  abi: mockPriceFeedAbi,
                  functionName: "latestRoundData",
                })
              )[0],
            ]),
          ),
        ) as Record<string, bigint>;
      await until(
        "fees distributed, every feed moved and a swap made",
        async () => {
          const fees = await publicClient.getLogs({
            address: treasury,
            event: distributed,
            fromBlock: from,
          });
          const swaps = await publicClient.getLogs({
            address: manager,
            event: swapped,
            fromBlock: from,
          });
          const now = await rounds();
          const moved = Object.keys(now).every(
            (pair) => pair === "USD/USD" || now[pair]! > feeds[pair]!,
          );
          return (
            moved &&
            fees.length > 0 &&
            swaps.some((l) => l.args.sender?.toLowerCase() === keeperAddress.toLowerCase())
          );
        },
        { timeoutMs: 90_000, intervalMs: 250, detail: () => keeperLogs([keeper], 30) },
      );
      assert.equal((await rounds())["USD/USD"], feeds["USD/USD"], "sUSD's feed stays put");
      assert.deepEqual(await s.revertedFrom(keeperAddress, from), [], "no revert sent");
      // Every event went through the signed webhooks into the log (the distribution and the refund at least).
      await until(
        "the events at the API",
        async () => {
          const rows = await app.eventLog.read({ after: 0n, limit: 1000 });
          const types = new Set(
            rows.filter((row) => row.source === "keepers").map((row) => row.type),
          );
          return (
            types.has("protocol.fees.distributed") && types.has("protocol.lightning.lock_refunded")
          );
        },
        { timeoutMs: 30_000, detail: () => keeperLogs([keeper], 30) },
      );
    } finally {
      await keeper.kill("SIGTERM");
      await app.close();
    }
  }, 300_000);
});
