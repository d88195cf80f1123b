// Liquidations. Each run (every block) brings the watched positions up to date (indexer or chain events,
// positions.ts), prices them at the oracle's current prices exactly as the vault does, and plans a task
// for every position below its liquidation ratio whose feeds are usable: never on a tripped breaker or a
// stale or invalid price (the vault would refuse, and a breaker that tripped is the protocol saying
// "do not trust this price yet"). A task is confirmed against the chain (`positionOf`) before anything
// is sent, then the whole debt is repaid from the keeper's own synths, or as much as it holds.
//
// Dust and gas, the lessons of Aave v3.3 and Liquity:
// - No dust is left behind: the vault has no close factor, so the keeper repays the whole debt in one
//   transaction; a position whose collateral does not cover debt plus bonus is closed at once and its
//   shortfall written off by the vault as bad debt (rather than leaving a sliver nobody will clear). A
//   partial liquidation happens only when the keeper's inventory is short, and the rest is planned again.
// - Gas: a liquidation is sent when the bonus it earns pays for its gas plus KEEPER_LIQUIDATION_MIN_PROFIT_USD.
//   A position too small for that is counted (keeper_positions_unprofitable) and liquidated anyway while
//   the loss stays within KEEPER_LIQUIDATION_BACKSTOP_USD: a protocol-run keeper may pay a little gas to
//   keep bad debt out of the system, which a profit-seeking liquidator never would.
import { priceOracleAbi, syntheticAssetAbi, synthVaultAbi } from "@fluxion/deploy";
import {
  type AbiEvent,
  type Address,
  decodeEventLog,
  encodeFunctionData,
  getAbiItem,
  type TransactionReceipt,
} from "viem";
import {
  gasCostUsd,
  type Protocol,
  protocolErrors,
  readPrices,
  syncCatchUpGas,
} from "../protocol.ts";
import type { Schedule } from "../schedule.ts";
import type { Task } from "../store.ts";
import type { Decision, Job, JobContext, Settlement } from "../types.ts";
import { type CollateralConfig, liquidationOutcome, minBig, ratio } from "./health.ts";
import { type PositionSource, positionKey } from "./positions.ts";

export type LiquidationSettings = {
  schedule: Schedule;
  source: PositionSource;
  /** Symbol of the asset whose price is the native coin's (gas): WETH. */
  nativeAsset: string;
  minProfitUsd: bigint;
  backstopUsd: bigint;
  /** Gas a liquidation is assumed to cost when planning (the task measures it before sending). */
  plannedGas: bigint;
};

type PositionPayload = {
  owner: Address;
  collateral: Address;
  synth: Address;
  plannedAtBlock: string;
};

export function liquidationJob(protocol: Protocol, settings: LiquidationSettings): Job {
  const configs = new Map<string, CollateralConfig>();
  const native = protocol.assets.find((a) => a.symbol === settings.nativeAsset);

  async function collateralConfig(ctx: JobContext, token: Address): Promise<CollateralConfig> {
    const known = configs.get(token.toLowerCase());
    if (known) return known;
    const [params, decimals] = await Promise.all([
      ctx.client.readContract({
        address: protocol.vault,
        abi: synthVaultAbi,
        functionName: "collateralParams",
        args: [token],
      }),
      ctx.client.readContract({
        address: protocol.vault,
        abi: synthVaultAbi,
        functionName: "collateralDecimals",
        args: [token],
      }),
    ]);
    const config = {
      liquidationRatio: params.liquidationRatio,
      liquidationBonus: params.liquidationBonus,
      decimals,
    };
    configs.set(token.toLowerCase(), config);
    return config;
  }

  async function gasPriceUsd(ctx: JobContext, prices: Map<string, { price: bigint | undefined }>) {
    const gasPrice = await ctx.client.getGasPrice();
    const nativePrice = native ? prices.get(native.address.toLowerCase())?.price : undefined;
    return { gasPrice, nativePrice: nativePrice ?? 0n };
  }

  return {
    name: "liquidations",
    schedule: settings.schedule,
    // On an interval schedule, a breaker re-arming is a reason to look at once.
    wakeOn: {
      address: [protocol.oracle],
      events: [getAbiItem({ abi: priceOracleAbi, name: "CircuitBreakerRearmed" }) as AbiEvent],
    },
    taskLeaseMs: 30_000,

    async run(ctx) {
      const head = ctx.head();
      // What the indexer had indexed before it was asked: a source behind the chain is asked again soon.
      const synced = await settings.source.syncedBlock();
      const positions = await settings.source.refresh();
      if (head !== undefined && (synced === undefined || synced < head)) ctx.again(250);
      // Collateral parameters are governance's to change: read them afresh every run.
      configs.clear();
      const assets = new Set<Address>();
      for (const p of positions.values()) {
        assets.add(p.collateral);
        assets.add(p.synth);
      }
      if (native) assets.add(native.address);
      const prices = await readPrices(ctx.client, protocol, [...assets], head);
      const { gasPrice, nativePrice } = await gasPriceUsd(ctx, prices);
      const plannedGasUsd = gasCostUsd(settings.plannedGas, gasPrice, nativePrice);
      const started = process.cpuUsage();
      let liquidatable = 0;
      let blocked = 0;
      let unprofitable = 0;
      const plan: { subject: string; payload: PositionPayload }[] = [];
      for (const p of positions.values()) {
        const c = prices.get(p.collateral.toLowerCase());
        const s = prices.get(p.synth.toLowerCase());
        const config =
          configs.get(p.collateral.toLowerCase()) ?? (await collateralConfig(ctx, p.collateral));
        if (!c?.price || !s?.price) {
          blocked++;
          continue;
        }
        const r = ratio(p.collateralAmount, p.debt, c.price, s.price, config.decimals);
        if (r === undefined || r >= config.liquidationRatio) continue;
        liquidatable++;
        if (c.tripped || s.tripped) {
          blocked++;
          continue;
        }
        const out = liquidationOutcome({
          collateralAmount: p.collateralAmount,
          debt: p.debt,
          repay: p.debt,
          collateralPrice: c.price,
          synthPrice: s.price,
          config,
        });
        if (out.seizedUsd - out.repaidUsd < plannedGasUsd + settings.minProfitUsd) unprofitable++;
        plan.push({
          subject: positionKey(p),
          payload: {
            owner: p.owner,
            collateral: p.collateral,
            synth: p.synth,
            plannedAtBlock: String(head ?? 0n),
          },
        });
      }
      const cpu = process.cpuUsage(started);
      const planned = await ctx.store.plan("liquidations", plan);
      ctx.metrics.positionsWatched.set(positions.size);
      ctx.metrics.positionsLiquidatable.set(liquidatable);
      ctx.metrics.positionsUnprofitable.set(unprofitable);
      return {
        source: settings.source.kind,
        block: String(head ?? ""),
        watched: positions.size,
        liquidatable,
        blocked,
        unprofitable,
        planned,
        cpuMicros: cpu.user + cpu.system,
      };
    },

    async decide(task: Task, ctx: JobContext): Promise<Decision> {
      const { owner, collateral, synth } = task.payload as PositionPayload;
      const me = ctx.signer.address;
      const [onChain, prices, balance, config] = await Promise.all([
        ctx.client.readContract({
          address: protocol.vault,
          abi: synthVaultAbi,
          functionName: "positionOf",
          args: [owner, collateral, synth],
        }),
        readPrices(ctx.client, protocol, [collateral, synth, ...(native ? [native.address] : [])]),
        ctx.client.readContract({
          address: synth,
          abi: syntheticAssetAbi,
          functionName: "balanceOf",
          args: [me],
        }),
        collateralConfig(ctx, collateral),
      ]);
      const [collateralAmount, debt, , , , liquidatable] = onChain;
      if (debt === 0n) return { action: "skip", reason: "no debt" };
      if (!liquidatable) return { action: "skip", reason: "healthy at current prices" };
      const c = prices.get(collateral.toLowerCase());
      const s = prices.get(synth.toLowerCase());
      if (c?.tripped || s?.tripped) return { action: "skip", reason: "circuit breaker tripped" };
      if (!c?.price || !s?.price) return { action: "skip", reason: "price stale or invalid" };
      if (balance === 0n) {
        return { action: "later", inMs: 2_000, reason: "no synths to repay with (inventory)" };
      }
      const repay = minBig(balance, debt);
      const data = encodeFunctionData({
        abi: synthVaultAbi,
        functionName: "liquidate",
        args: [owner, collateral, synth, repay],
      });
      // What it would earn against what it would cost, with the gas measured now.
      const out = liquidationOutcome({
        collateralAmount,
        debt,
        repay,
        collateralPrice: c.price,
        synthPrice: s.price,
        config,
      });
      const { gasPrice, nativePrice } = await gasPriceUsd(ctx, prices);
      const gas = await ctx.client
        .estimateGas({ account: me, to: protocol.vault, data })
        .catch(() => settings.plannedGas);
      const cost = gasCostUsd(gas, gasPrice, nativePrice);
      const profit = out.seizedUsd - out.repaidUsd - cost;
      if (profit < settings.minProfitUsd && -profit > settings.backstopUsd) {
        return {
          action: "skip",
          reason: "the bonus does not pay for the gas",
          outcome: { profitUsd: profit.toString(), gasCostUsd: cost.toString() },
        };
      }
      return {
        action: "send",
        to: protocol.vault,
        data,
        errorAbi: protocolErrors,
        // It prices through two oracle syncs (collateral and synth), each may meet new rounds.
        extraGas: 2n * syncCatchUpGas,
        payload: {
          repay: repay.toString(),
          debtBefore: debt.toString(),
          expectedSeized: out.seized.toString(),
          expectedProfitUsd: profit.toString(),
        },
      };
    },

    async settle(task: Task, receipt: TransactionReceipt, ctx: JobContext): Promise<Settlement> {
      const { owner, collateral, synth } = task.payload as PositionPayload;
      const events: Settlement["events"] = [];
      const outcome: Record<string, unknown> = {};
      for (const log of receipt.logs) {
        if (log.address.toLowerCase() !== protocol.vault.toLowerCase()) continue;
        try {
          const decoded = decodeEventLog({
            abi: synthVaultAbi,
            data: log.data,
            topics: log.topics,
          });
          if (decoded.eventName === "Liquidated") {
            const a = decoded.args;
            Object.assign(outcome, {
              repaid: a.repaid.toString(),
              collateralSeized: a.collateralSeized.toString(),
              debtAfter: a.debtAfter.toString(),
              collateralAfter: a.collateralAfter.toString(),
            });
          } else if (decoded.eventName === "BadDebtWrittenOff") {
            outcome.badDebt = decoded.args.amount.toString();
          }
        } catch {
          // Not one of the vault's events we read.
        }
      }
      const kind = outcome.badDebt ? "bad_debt" : outcome.debtAfter === "0" ? "full" : "partial";
      ctx.metrics.liquidations.labels(kind).inc();
      events.push({
        type: "liquidation",
        account: owner,
        data: {
          owner,
          collateral,
          synth,
          collateralSymbol: protocol.byAddress.get(collateral.toLowerCase())?.symbol ?? null,
          synthSymbol: protocol.byAddress.get(synth.toLowerCase())?.symbol ?? null,
          liquidator: receipt.from,
          transactionHash: receipt.transactionHash,
          blockNumber: receipt.blockNumber.toString(),
          kind,
          ...outcome,
        },
        dedupe: receipt.transactionHash,
      });
      return { outcome: { kind, ...outcome }, events };
    },
  };
}
