// The oracle job: every new round is synced (a trip persists, settled rounds re-arm), a feed older than
// its heartbeat is reported (metric and one event per stale answer), never papered over, and a trip is
// announced whoever's sync recorded it.
import assert from "node:assert/strict";
import { priceOracleAbi } from "@fluxion/deploy";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate } from "../db/migrate.ts";
import { openSql, type Sql } from "../db/sql.ts";
import { type JobsFixture, startJobsFixture, type TestKeeper } from "../testing/jobsFixture.ts";

describe("oracle rounds", () => {
  let f: JobsFixture;
  let sql: Sql;
  let keeper: TestKeeper;
  beforeAll(async () => {
    f = await startJobsFixture();
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    keeper = await f.startKeeper(sql, "k", { oracle: "every block" });
    await keeper.pass();
  }, 120_000);
  afterAll(async () => {
    await keeper?.stop();
    await sql?.close();
    await f?.close();
  });

  const step = async () => {
    await f.mine();
    await keeper.pass();
  };
  const breaker = (asset: Address) =>
    f.publicClient.readContract({
      address: f.protocol.oracle,
      abi: priceOracleAbi,
      functionName: "breakerOf",
      args: [asset],
    });
  const events = (type: string) =>
    sql.query<{ data: Record<string, string> }>(
      "select data from keepers.job_events where type = $1 order by id",
      [type],
    );

  it("syncs every new round: a trip persists, settled rounds re-arm, both announced", async () => {
    const wbtc = f.token("WBTC");
    await f.setPrice("BTC/USD", 45_000); // -25%: out of the 10% bound
    await step();
    assert.equal((await breaker(wbtc)).tripped, true);
    for (const price of [45_100, 44_900, 45_050]) {
      await f.setPrice("BTC/USD", price);
      await step();
    }
    assert.equal((await breaker(wbtc)).tripped, false, "three settled rounds re-armed it");
    const tripped = await events("oracle.breaker_tripped");
    const rearmed = await events("oracle.breaker_rearmed");
    assert.deepEqual(
      tripped.map((e) => e.data.symbol).sort(),
      ["WBTC", "sBTC"],
      "one trip per asset on the feed",
    );
    assert.deepEqual(rearmed.map((e) => e.data.symbol).sort(), ["WBTC", "sBTC"]);
  });

  it("announces a trip recorded by someone else's sync", async () => {
    await f.setPrice("XAU/USD", 1_500);
    // Anyone may sync: here the deployer does, before the keeper looks.
    const deployer = f.wallets[0]!;
    await f.publicClient.waitForTransactionReceipt({
      hash: await deployer.writeContract({
        address: f.protocol.oracle,
        abi: priceOracleAbi,
        functionName: "sync",
        args: [f.token("sXAU")],
      }),
    });
    await step();
    const tripped = await events("oracle.breaker_tripped");
    assert.ok(tripped.some((e) => e.data.symbol === "sXAU"));
  });

  it("reports a stale feed once per stale answer, and does not sync it away", async () => {
    await f.rpc("evm_increaseTime", [86_401]);
    await step();
    await step();
    const stale = await events("oracle.stale");
    const symbols = stale.map((e) => e.data.symbol);
    assert.ok(symbols.includes("WETH") && symbols.includes("sUSD"), symbols.join(","));
    assert.equal(new Set(symbols).size, symbols.length, "once per asset and answer");
    assert.match(
      await keeper.metrics.registry.metrics(),
      /keeper_oracle_feed_stale\{asset="WETH"\} 1/,
    );
    // A new answer is fresh again.
    await f.setPrice("ETH/USD", 3_000);
    await step();
    assert.match(
      await keeper.metrics.registry.metrics(),
      /keeper_oracle_feed_stale\{asset="WETH"\} 0/,
    );
  });
});
