// The scheduled keepers' configuration (`npm run keepers`), read once from the environment and validated:
// a bad variable stops the process naming it (KeeperConfigError, code config.invalid). Every job can be
// switched on or off (KEEPER_JOBS) and scheduled (KEEPER_<JOB>_SCHEDULE); docs/keepers.md lists them all.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { DeploymentRecord } from "@fluxion/deploy";
import { fluxionDeployments } from "@fluxion/deploy";
import { type Hex, parseUnits } from "viem";
import {
  decimal,
  type Env,
  httpUrl,
  integer,
  KeeperConfigError,
  path,
  privateKeyOf,
  readCommon,
  readEvents,
  value,
} from "../config.ts";
import { readSeries } from "./market/prices.ts";
import { parseSchedule, type Schedule, ScheduleError } from "./schedule.ts";

/** Hardhat's development account #8: the scheduled keepers' signer on the local chain. Never elsewhere. */
export const devJobsKey: Hex = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";

export const jobNames = [
  "liquidations",
  "oracle",
  "fees",
  "refunds",
  "inventory",
  "market-prices",
  "market-trader",
] as const;
export type JobName = (typeof jobNames)[number];

/** Jobs that move mock feeds or mint faucet tokens: local chains only. */
export const localOnlyJobs: readonly JobName[] = ["inventory", "market-prices", "market-trader"];

const defaultSchedules: Record<JobName, string> = {
  liquidations: "every block",
  oracle: "every block",
  fees: "every 60s",
  refunds: "every 30s",
  inventory: "every 30s",
  "market-prices": "every 5s",
  "market-trader": "every 30s",
};

export type JobsConfig = {
  rpcUrl: string;
  chainId: number;
  record: DeploymentRecord;
  privateKey: Hex;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  keeper: string;
  host: string;
  port: number;
  serviceKey: string | undefined;
  events: { url: string; secret: string } | undefined;
  indexerUrl: string | undefined;
  pollMs: number;
  concurrency: number;
  jobs: Partial<Record<JobName, Schedule>>;
  nativeAsset: string;
  liquidation: { minProfitUsd: bigint; backstopUsd: bigint; plannedGas: bigint };
  fees: { minUsd: bigint; gasMultiple: bigint };
  refundGraceSeconds: number;
  market: { volatility: number; series: Record<string, number[]> | undefined };
  inventoryUsd: bigint;
};

const envName = (job: JobName) => `KEEPER_${job.toUpperCase().replace(/-/g, "_")}_SCHEDULE`;

/** USD amount (decimal) as 18-decimal fixed point. */
function usd(env: Env, name: string, fallback: string): bigint {
  const raw = value(env, name) ?? fallback;
  if (!/^\d+(\.\d{1,18})?$/.test(raw)) {
    throw new KeeperConfigError(name, `must be a non-negative USD amount, got "${raw}"`);
  }
  return parseUnits(raw, 18);
}

function deploymentOf(env: Env, chainId: number): DeploymentRecord {
  const file = value(env, "KEEPER_DEPLOYMENT_FILE");
  if (file !== undefined) {
    let record: DeploymentRecord;
    try {
      record = JSON.parse(readFileSync(path(file), "utf8")) as DeploymentRecord;
    } catch (error) {
      throw new KeeperConfigError("KEEPER_DEPLOYMENT_FILE", (error as Error).message);
    }
    if (record.chainId !== chainId) {
      throw new KeeperConfigError(
        "KEEPER_DEPLOYMENT_FILE",
        `is for chain ${record.chainId}, KEEPER_CHAIN_ID is ${chainId}`,
      );
    }
    return record;
  }
  const record = (fluxionDeployments as Record<string, DeploymentRecord>)[String(chainId)];
  if (!record) {
    throw new KeeperConfigError(
      "KEEPER_CHAIN_ID",
      `Fluxion is not deployed on chain ${chainId}: set KEEPER_DEPLOYMENT_FILE`,
    );
  }
  return record;
}

export function readJobsConfig(env: Env = process.env): JobsConfig {
  const { rpcUrl, chainId, databaseUrl, logLevel } = readCommon(env);
  const local = chainId === 31337;
  const privateKey = privateKeyOf(env, "KEEPER_JOBS_PRIVATE_KEY", chainId, devJobsKey);
  const defaults = jobNames.filter((job) => local || !localOnlyJobs.includes(job));
  const listed = value(env, "KEEPER_JOBS");
  const enabled = (listed === undefined ? defaults : listed.split(",").map((j) => j.trim())).filter(
    (j) => j !== "",
  );
  for (const job of enabled) {
    if (!jobNames.includes(job as JobName)) {
      throw new KeeperConfigError(
        "KEEPER_JOBS",
        `unknown job "${job}": the jobs are ${jobNames.join(", ")}`,
      );
    }
    if (!local && localOnlyJobs.includes(job as JobName)) {
      throw new KeeperConfigError("KEEPER_JOBS", `"${job}" runs on the local chain (31337) only`);
    }
  }
  const jobs: Partial<Record<JobName, Schedule>> = {};
  for (const job of enabled as JobName[]) {
    const variable = envName(job);
    try {
      jobs[job] = parseSchedule(value(env, variable) ?? defaultSchedules[job]);
    } catch (error) {
      if (error instanceof ScheduleError) throw new KeeperConfigError(variable, error.message);
      throw error;
    }
  }
  const seriesFile = value(env, "KEEPER_MARKET_SERIES");
  let series: Record<string, number[]> | undefined;
  if (seriesFile !== undefined) {
    try {
      series = readSeries(path(seriesFile));
    } catch (error) {
      throw new KeeperConfigError("KEEPER_MARKET_SERIES", (error as Error).message);
    }
  }
  const serviceKey = value(env, "KEEPER_SERVICE_KEY");
  if (serviceKey !== undefined && serviceKey.length < 32) {
    throw new KeeperConfigError("KEEPER_SERVICE_KEY", "must be at least 32 characters");
  }
  return {
    rpcUrl,
    chainId,
    record: deploymentOf(env, chainId),
    privateKey,
    databaseUrl,
    dataDir: path(value(env, "KEEPER_JOBS_DATA_DIR") ?? ".dev/keepers/jobs"),
    logLevel,
    keeper: value(env, "KEEPER_NAME") ?? `${hostname()}-${process.pid}`,
    host: value(env, "KEEPER_HOST") ?? "127.0.0.1",
    port: integer(env, "KEEPER_JOBS_PORT", 8792, 0, 65_535),
    serviceKey,
    events: readEvents(env, "KEEPER_JOBS_EVENTS_URL"),
    indexerUrl: httpUrl("KEEPER_INDEXER_URL", value(env, "KEEPER_INDEXER_URL")),
    pollMs: integer(env, "KEEPER_JOBS_POLL_MS", 200, 10, 60_000),
    concurrency: integer(env, "KEEPER_JOBS_CONCURRENCY", 16, 1, 256),
    jobs,
    nativeAsset: value(env, "KEEPER_NATIVE_ASSET") ?? "WETH",
    liquidation: {
      minProfitUsd: usd(env, "KEEPER_LIQUIDATION_MIN_PROFIT_USD", "0"),
      backstopUsd: usd(env, "KEEPER_LIQUIDATION_BACKSTOP_USD", local ? "25" : "0"),
      plannedGas: BigInt(integer(env, "KEEPER_LIQUIDATION_GAS", 250_000, 21_000, 10_000_000)),
    },
    fees: {
      minUsd: usd(env, "KEEPER_FEES_MIN_USD", local ? "1" : "10"),
      gasMultiple: BigInt(integer(env, "KEEPER_FEES_GAS_MULTIPLE", 5, 1, 1_000)),
    },
    refundGraceSeconds: integer(env, "KEEPER_REFUNDS_GRACE", 60, 0, 86_400),
    market: { volatility: decimal(env, "KEEPER_MARKET_VOLATILITY", 0.004, 0, 0.02), series },
    inventoryUsd: usd(env, "KEEPER_INVENTORY_USD", "500000"),
  };
}
