import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { KeeperConfigError } from "../config.ts";
import { readJobsConfig } from "./config.ts";

/** The variable a bad configuration names. */
function refused(env: Record<string, string>): string {
  try {
    readJobsConfig(env);
  } catch (error) {
    assert.ok(error instanceof KeeperConfigError, String(error));
    return error.variable;
  }
  assert.fail("accepted");
}

describe("scheduled keepers' configuration", () => {
  it("runs every job on the local chain by default, with their default schedules", () => {
    const config = readJobsConfig({});
    assert.deepEqual(Object.keys(config.jobs).sort(), [
      "fees",
      "inventory",
      "liquidations",
      "market-prices",
      "market-trader",
      "oracle",
      "refunds",
    ]);
    assert.equal(config.jobs.liquidations?.trigger, "block");
    assert.equal(config.port, 8792);
    assert.equal(config.record.chainId, 31337);
  });

  it("takes the jobs and schedules it is given", () => {
    const config = readJobsConfig({
      KEEPER_JOBS: "fees, oracle",
      KEEPER_FEES_SCHEDULE: "cron 0 * * * *",
    });
    assert.deepEqual(Object.keys(config.jobs).sort(), ["fees", "oracle"]);
    assert.equal(config.jobs.fees?.trigger, "cron");
  });

  it("fails at start-up naming the variable", () => {
    assert.equal(refused({ KEEPER_JOBS: "liquidations,teleport" }), "KEEPER_JOBS");
    assert.equal(
      refused({ KEEPER_LIQUIDATIONS_SCHEDULE: "cron 99 * * * *" }),
      "KEEPER_LIQUIDATIONS_SCHEDULE",
    );
    assert.equal(refused({ KEEPER_FEES_SCHEDULE: "whenever" }), "KEEPER_FEES_SCHEDULE");
    // Off the local chain the key is required, and the dev market is refused.
    assert.equal(
      refused({ KEEPER_CHAIN_ID: "31337", KEEPER_JOBS_PRIVATE_KEY: "0x1234" }),
      "KEEPER_JOBS_PRIVATE_KEY",
    );
    assert.equal(refused({ KEEPER_CHAIN_ID: "1", KEEPER_JOBS: "fees" }), "KEEPER_JOBS_PRIVATE_KEY");
    const key = `0x${"11".repeat(32)}`;
    assert.equal(
      refused({ KEEPER_CHAIN_ID: "1", KEEPER_JOBS: "market-prices", KEEPER_JOBS_PRIVATE_KEY: key }),
      "KEEPER_JOBS",
    );
    assert.equal(
      refused({ KEEPER_CHAIN_ID: "1", KEEPER_JOBS_PRIVATE_KEY: key }),
      "KEEPER_CHAIN_ID",
    );
    assert.equal(refused({ KEEPER_INDEXER_URL: "ftp://x" }), "KEEPER_INDEXER_URL");
    assert.equal(
      refused({ KEEPER_LIQUIDATION_BACKSTOP_USD: "-1" }),
      "KEEPER_LIQUIDATION_BACKSTOP_USD",
    );
    assert.equal(
      refused({ KEEPER_JOBS_EVENTS_URL: "http://127.0.0.1:1/x" }),
      "KEEPER_EVENTS_SECRET",
    );
    assert.equal(refused({ KEEPER_MARKET_SERIES: "/nonexistent.json" }), "KEEPER_MARKET_SERIES");
    assert.equal(
      refused({ KEEPER_DEPLOYMENT_FILE: "/nonexistent.json" }),
      "KEEPER_DEPLOYMENT_FILE",
    );
    assert.equal(refused({ KEEPER_JOBS_PORT: "70000" }), "KEEPER_JOBS_PORT");
  });
});
