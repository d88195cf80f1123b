// The scheduled keepers as a real process (`npm run keepers`) on a real `hardhat node`, with positions
// read from the real indexer: bad configuration stops it at start-up naming the variable; 200 positions
// and a 30% crash end with every position the crash put under its ratio liquidated exactly once and no
// reverted transaction, the breaker respected throughout; two processes on one Postgres split a wave
// without sending anything twice; a process SIGKILLed in the middle of a wave leaves nothing undone
// after its restart.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { priceOracleAbi } from "@fluxion/deploy";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
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
  });
});

describe("liquidations by the keeper process", () => {
  let s: MarketScenario;
  const dataDir = mkdtempSync(join(tmpdir(), "fluxion-keepers-e2e-"));
  beforeAll(async () => {
    s = await startMarketScenario();
  }, 300_000);
  afterAll(async () => {
    await killAllKeepers();
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
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      database = await createTestDatabase("fluxion_keepers_jobs");
    });
    afterAll(async () => database?.drop());

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

    const start = (name: string, key: number) =>
      startKeeperProcess(
        name,
        key,
        s.keeperEnv({
          KEEPER_JOBS: "liquidations,oracle,inventory",
          KEEPER_INVENTORY_USD: "300000",
          KEEPER_JOBS_CONCURRENCY: "4",
          DATABASE_URL: database.url,
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
      const sql = await openSql({ databaseUrl: database.url, dataDir: "memory://" });
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
});
