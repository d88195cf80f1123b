// Fee distribution. Fees reach the Treasury as plain transfers (vault mint and burn fees, pool fees, the
// gateway's); `Treasury.distribute(token)` accounts them and sends the stakers' share to the staking
// contract. This job looks at every token's pending fees on its schedule and distributes a token once
// what is pending is worth the gas several times over (KEEPER_FEES_GAS_MULTIPLE) and at least
// KEEPER_FEES_MIN_USD; tokens without a price (no feed) are distributed once anything is pending.
import {
  liquidityPoolManagerAbi,
  priceOracleAbi,
  synthVaultAbi,
  treasuryAbi,
} from "@fluxion/deploy";
import { type AbiEvent, type Address, decodeEventLog, encodeFunctionData, getAbiItem } from "viem";
import { maxBig } from "./liquidations/health.ts";
import { type Asset, gasCostUsd, type Protocol, protocolErrors } from "./protocol.ts";
import type { Schedule } from "./schedule.ts";
import type { Task } from "./store.ts";
import type { Job, JobContext } from "./types.ts";

export type FeeSettings = {
  schedule: Schedule;
  minUsd: bigint;
  gasMultiple: bigint;
  nativeAsset: string;
  /** Gas a distribution is assumed to cost (a transfer to the staking contract and its accounting). */
  plannedGas: bigint;
};

async function priceOf(ctx: JobContext, protocol: Protocol, asset: Address) {
  return ctx.client
    .readContract({
      address: protocol.oracle,
      abi: priceOracleAbi,
      functionName: "price",
      args: [asset],
    })
    .catch(() => undefined);
}

export function feesJob(protocol: Protocol, settings: FeeSettings): Job {
  const native = protocol.assets.find((a) => a.symbol === settings.nativeAsset);
  const pendingOf = (ctx: JobContext, token: Address) =>
    ctx.client.readContract({
      address: protocol.treasury,
      abi: treasuryAbi,
      functionName: "pendingFees",
      args: [token],
    });

  return {
    name: "fees",
    schedule: settings.schedule,
    // Fees arrive with mints, burns and swaps: each makes the job look again (on-event trigger).
    wakeOn: {
      address: [protocol.vault, ...(protocol.poolManager ? [protocol.poolManager] : [])],
      events: [
        getAbiItem({ abi: synthVaultAbi, name: "Minted" }),
        getAbiItem({ abi: synthVaultAbi, name: "Burned" }),
        getAbiItem({ abi: liquidityPoolManagerAbi, name: "Swap" }),
      ] as AbiEvent[],
    },

    async run(ctx) {
      const [gasPrice, nativePrice] = await Promise.all([
        ctx.client.getGasPrice(),
        native ? priceOf(ctx, protocol, native.address) : Promise.resolve(undefined),
      ]);
      const gasUsd = gasCostUsd(settings.plannedGas, gasPrice, nativePrice ?? 0n);
      const threshold = maxBig(gasUsd * settings.gasMultiple, settings.minUsd);
      const looked = await Promise.all(
        protocol.assets.map(async (asset: Asset) => {
          const [pending, price] = await Promise.all([
            pendingOf(ctx, asset.address),
            priceOf(ctx, protocol, asset.address),
          ]);
          const valueUsd =
            price === undefined ? undefined : (pending * price) / 10n ** BigInt(asset.decimals);
          return { asset, pending, valueUsd };
        }),
      );
      const worth = looked.filter(
        (l) => l.pending > 0n && (l.valueUsd === undefined || l.valueUsd >= threshold),
      );
      const planned = await ctx.store.plan(
        "fees",
        worth.map((l) => ({
          subject: l.asset.address.toLowerCase(),
          payload: {
            token: l.asset.address,
            symbol: l.asset.symbol,
            pending: l.pending.toString(),
          },
        })),
      );
      return {
        tokens: looked.length,
        pending: looked.filter((l) => l.pending > 0n).length,
        planned,
        thresholdUsd: threshold.toString(),
      };
    },

    async decide(task: Task, ctx: JobContext) {
      const { token } = task.payload as { token: Address };
      if ((await pendingOf(ctx, token)) === 0n) {
        return { action: "skip", reason: "nothing pending (distributed meanwhile)" };
      }
      return {
        action: "send",
        to: protocol.treasury,
        data: encodeFunctionData({ abi: treasuryAbi, functionName: "distribute", args: [token] }),
        errorAbi: protocolErrors,
      };
    },

    async settle(task, receipt) {
      const { token, symbol } = task.payload as { token: Address; symbol: string };
      for (const log of receipt.logs) {
        if (log.address.toLowerCase() !== protocol.treasury.toLowerCase()) continue;
        try {
          const decoded = decodeEventLog({ abi: treasuryAbi, data: log.data, topics: log.topics });
          if (decoded.eventName !== "FeesDistributed") continue;
          const data = {
            token,
            symbol,
            fees: decoded.args.fees.toString(),
            toStakers: decoded.args.toStakers.toString(),
            kept: decoded.args.kept.toString(),
            transactionHash: receipt.transactionHash,
            blockNumber: receipt.blockNumber.toString(),
          };
          return {
            outcome: data,
            events: [
              { type: "fees.distributed", account: null, data, dedupe: receipt.transactionHash },
            ],
          };
        } catch {
          // Another event of the Treasury.
        }
      }
      // Mined, but nothing was pending any more by then (someone distributed first).
      return { outcome: { fees: "0" } };
    },
  };
}
