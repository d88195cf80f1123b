// The enabled jobs of a configuration, built against one deployment (main.ts, the tests, the benchmark).
import type { PublicClient } from "viem";
import type { Sql } from "../db/sql.ts";
import type { JobName, JobsConfig } from "./config.ts";
import { feesJob } from "./fees.ts";
import { liquidationJob } from "./liquidations/job.ts";
import { ChainPositions, IndexerPositions, type PositionSource } from "./liquidations/positions.ts";
import { inventoryJob } from "./market/inventory.ts";
import { marketPricesJob } from "./market/prices.ts";
import { marketTraderJob } from "./market/trader.ts";
import { oracleJob } from "./oracle.ts";
import { type Protocol, protocolOf } from "./protocol.ts";
import { refundsJob } from "./refunds.ts";
import type { Job } from "./types.ts";

export type BuildOptions = Pick<
  JobsConfig,
  | "jobs"
  | "record"
  | "indexerUrl"
  | "nativeAsset"
  | "liquidation"
  | "fees"
  | "refundGraceSeconds"
  | "market"
  | "inventoryUsd"
>;

export function positionSource(
  options: Pick<JobsConfig, "indexerUrl">,
  protocol: Protocol,
  client: PublicClient,
): PositionSource {
  return options.indexerUrl
    ? new IndexerPositions(options.indexerUrl, protocol.chainId)
    : new ChainPositions(
        client,
        protocol.vault,
        BigInt(protocol.record.contracts.SynthVault?.blockNumber ?? 0),
      );
}

export function buildJobs(options: BuildOptions, deps: { client: PublicClient; sql: Sql }): Job[] {
  const protocol = protocolOf(options.record);
  const build: Record<JobName, (schedule: NonNullable<JobsConfig["jobs"][JobName]>) => Job> = {
    liquidations: (schedule) =>
      liquidationJob(protocol, {
        schedule,
        source: positionSource(options, protocol, deps.client),
        nativeAsset: options.nativeAsset,
        ...options.liquidation,
      }),
    oracle: (schedule) => oracleJob(protocol, { schedule, sql: deps.sql }),
    fees: (schedule) =>
      feesJob(protocol, {
        schedule,
        nativeAsset: options.nativeAsset,
        plannedGas: 150_000n,
        ...options.fees,
      }),
    refunds: (schedule) =>
      refundsJob(protocol, { schedule, graceSeconds: options.refundGraceSeconds }),
    inventory: (schedule) =>
      inventoryJob(protocol, { schedule, targetUsd: options.inventoryUsd, collateral: "USDC" }),
    "market-prices": (schedule) =>
      marketPricesJob(protocol, {
        schedule,
        volatility: options.market.volatility,
        maxStep: 0.03,
        fixed: ["USD/USD"],
        stable: ["USDC/USD"],
        ...(options.market.series ? { series: options.market.series } : {}),
      }),
    "market-trader": (schedule) => marketTraderJob(protocol, { schedule }),
  };
  return (
    Object.entries(options.jobs) as [JobName, NonNullable<JobsConfig["jobs"][JobName]>][]
  ).map(([name, schedule]) => build[name](schedule));
}
