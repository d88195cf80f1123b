// The liquidation job against the deployed protocol on an in-process chain, with the oracle job beside it
// as in production: a 30% crash trips the breaker and nothing is liquidated until it re-arms; then every
// position below its ratio is liquidated exactly once, the healthy ones are left alone, underwater ones
// are closed with their shortfall written off (no dust), and nothing that would revert is ever sent.
// Two keepers on one database split the positions without racing for any.
import assert from "node:assert/strict";
import { priceOracleAbi, synthVaultAbi } from "@fluxion/deploy";
import { type Address, getAbiItem } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate } from "../../db/migrate.ts";
import { openSql, type Sql } from "../../db/sql.ts";
import { type JobsFixture, startJobsFixture, type TestKeeper } from "../../testing/jobsFixture.ts";

const liquidated = getAbiItem({ abi: synthVaultAbi, name: "Liquidated" });
const badDebt = getAbiItem({ abi: synthVaultAbi, name: "BadDebtWrittenOff" });

/** sUSD to mint against `deposit` WETH at $3000 for a collateral ratio of `ratio` (fee included). */
const mintFor = (deposit: number, ratio: number) => ((deposit * 3000) / (ratio * 1.003)).toFixed(6);

describe("liquidations after a crash", () => {
  let f: JobsFixture;
  let sql: Sql;
  let k1: TestKeeper;
  let k2: TestKeeper;
  const healthy: Address[] = [];
  const below: Address[] = [];
  const underwater: Address[] = [];
  let dust: Address;

  beforeAll(async () => {
    f = await startJobsFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    const jobs = { inventory: "every 1h", oracle: "every block", liquidations: "every block" };
    const env = { KEEPER_INVENTORY_USD: "400000" };
    k1 = await f.startKeeper(sql, "k1", jobs, { keyIndex: 8, env });
    k2 = await f.startKeeper(sql, "k2", jobs, { keyIndex: 9, env });
    for (let i = 0; i < 6; i++) {
      const deposit = 1 + i * 0.25;
      healthy.push(
        await f.openPosition({
          collateral: "WETH",
          synth: "sUSD",
          deposit: String(deposit),
          mint: mintFor(deposit, 2.5),
        }),
      );
      below.push(
        await f.openPosition({
          collateral: "WETH",
          synth: "sUSD",
          deposit: String(deposit),
          mint: mintFor(deposit, 1.6),
        }),
      );
    }
    for (let i = 0; i < 3; i++) {
      underwater.push(
        await f.openPosition({
          collateral: "WETH",
          synth: "sUSD",
          deposit: "2",
          mint: mintFor(2, 1.52),
        }),
      );
    }
    // Worth about $1.50 of debt: the bonus (15 cents) does not pay for the gas.
    dust = await f.openPosition({
      collateral: "WETH",
      synth: "sUSD",
      deposit: "0.001",
      mint: mintFor(0.001, 1.6),
    });
    // Both keepers fund their inventory, the oracle job learns the feeds, nothing is liquidatable yet.
    await Promise.all([k1.pass(), k2.pass()]);
  }, 120_000);

  afterAll(async () => {
    await k1?.stop();
    await k2?.stop();
    await sql?.close();
    await f?.close();
  });

  const liquidationsOf = async (owner: Address) =>
    (
      await f.publicClient.getLogs({
        address: f.protocol.vault,
        event: liquidated,
        args: { owner },
        fromBlock: 0n,
      })
    ).length;

  /** A block (as a chain with regular blocks makes), then a pass of each keeper at once. */
  const both = async () => {
    await f.mine();
    await Promise.all([k1.pass(), k2.pass()]);
  };

  it("liquidates nothing while the crash holds the breaker tripped", async () => {
    await f.setPrice("ETH/USD", 2100);
    for (let i = 0; i < 4; i++) await both();
    console.log(
      "DEBUG",
      JSON.stringify(
        (await k1.store.list()).map((j) => [j.name, j.runs, j.lastSummary, j.lastErrorMessage]),
      ),
      JSON.stringify(
        await sql.query(
          "select job, subject, state, outcome, error_message from keepers.job_tasks",
        ),
      ),
    );
    const weth = f.token("WETH");
    const tripped = await f.publicClient.readContract({
      address: f.protocol.oracle,
      abi: priceOracleAbi,
      functionName: "isTripped",
      args: [weth],
    });
    assert.equal(tripped, true, "the oracle job persisted the trip with sync");
    for (const owner of [...below, ...underwater]) assert.equal(await liquidationsOf(owner), 0);
    const trips = await sql.query(
      "select data from keepers.job_events where type = 'oracle.breaker_tripped'",
    );
    assert.ok(trips.length >= 1, "the trip is announced");
  });

  it("liquidates every position below its ratio once the price settles, each once", async () => {
    // Three rounds within the bound of each other re-arm the breaker (rearmRounds = 3).
    for (const price of [2102, 2098, 2101]) {
      await f.setPrice("ETH/USD", price);
      await both();
    }
    for (let i = 0; i < 10; i++) {
      await both();
      const left = await Promise.all([...below, ...underwater, dust].map(liquidationsOf));
      if (left.every((n) => n >= 1)) break;
    }
    for (const owner of [...below, ...underwater, dust]) {
      assert.equal(await liquidationsOf(owner), 1, `${owner} liquidated exactly once`);
      const [, debt] = await f.publicClient.readContract({
        address: f.protocol.vault,
        abi: synthVaultAbi,
        functionName: "position",
        args: [owner, f.token("WETH"), f.token("sUSD")],
      });
      assert.equal(debt, 0n, "the whole debt is repaid or written off: no dust left");
    }
    for (const owner of healthy) assert.equal(await liquidationsOf(owner), 0, "healthy left alone");
    const writtenOff = await f.publicClient.getLogs({
      address: f.protocol.vault,
      event: badDebt,
      fromBlock: 0n,
    });
    assert.deepEqual(
      new Set(writtenOff.map((l) => l.args.owner)),
      new Set(underwater),
      "underwater positions are closed with their shortfall written off",
    );
    // A few more passes change nothing: no second liquidation, no reverted transaction ever.
    for (let i = 0; i < 3; i++) await both();
    for (const owner of [...below, ...underwater, dust])
      assert.equal(await liquidationsOf(owner), 1);
    const [reverted] = await sql.query<{ n: string }>(
      "select count(*)::text as n from keepers.chain_txs where receipt_status = 'reverted'",
    );
    assert.equal(reverted?.n, "0");
    const keepers = await sql.query<{ keeper: string }>(
      "select distinct keeper from keepers.job_tasks where job = 'liquidations' and state = 'done'",
    );
    assert.ok(keepers.length >= 1);
    const announced = await sql.query<{ account: string }>(
      "select account from keepers.job_events where type = 'liquidation'",
    );
    assert.equal(announced.length, below.length + underwater.length + 1);
  }, 120_000);
});

describe("positions too small to pay for their gas", () => {
  let f: JobsFixture;
  let sql: Sql;
  beforeAll(async () => {
    f = await startJobsFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
    await f?.close();
  });

  it("leaves them to the backstop budget, and counts them", async () => {
    const jobs = { inventory: "every 1h", liquidations: "every block" };
    const strict = await f.startKeeper(sql, "strict", jobs, {
      env: { KEEPER_LIQUIDATION_BACKSTOP_USD: "0", KEEPER_INVENTORY_USD: "100000" },
    });
    await strict.pass();
    const dust = await f.openPosition({
      collateral: "WETH",
      synth: "sUSD",
      deposit: "0.0005",
      mint: mintFor(0.0005, 1.52),
    });
    const whole = await f.openPosition({
      collateral: "WETH",
      synth: "sUSD",
      deposit: "2",
      mint: mintFor(2, 1.52),
    });
    // Three 9% drops, each within the breaker's bound: both fall under 120%.
    for (const price of [2730, 2484.3, 2260.71]) await f.setPrice("ETH/USD", price);
    for (let i = 0; i < 4; i++) {
      await f.mine();
      await strict.pass();
    }
    const count = async (owner: Address) =>
      (
        await f.publicClient.getLogs({
          address: f.protocol.vault,
          event: liquidated,
          args: { owner },
          fromBlock: 0n,
        })
      ).length;
    assert.equal(await count(whole), 1, "a position worth it is liquidated");
    assert.equal(
      await count(dust),
      0,
      "one whose bonus does not pay the gas is not, without a backstop",
    );
    const [skipped] = await sql.query<{ outcome: { reason: string } }>(
      "select outcome from keepers.job_tasks where subject like $1 and state = 'skipped'",
      [`${dust.toLowerCase()}%`],
    );
    assert.equal(skipped?.outcome.reason, "the bonus does not pay for the gas");
    assert.match(await strict.metrics.registry.metrics(), /keeper_positions_unprofitable 1/);
    await strict.stop();
    // A keeper the protocol runs with a backstop budget pays the gas to clear it.
    const backstop = await f.startKeeper(
      sql,
      "backstop",
      { liquidations: "every block" },
      {
        env: { KEEPER_LIQUIDATION_BACKSTOP_USD: "25" },
      },
    );
    await f.mine();
    await backstop.pass();
    assert.equal(await count(dust), 1);
    await backstop.stop();
  }, 60_000);
});
