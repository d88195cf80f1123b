// Expired swaps: the backstop for Lightning gateway locks whose timelock passed without a claim. The
// bridge keeper refunds its own swaps as part of each swap's life (keepers/src/bridge); this job refunds
// every expired lock on the gateway, whoever made it and whether or not the bridge is alive, after a
// grace (KEEPER_REFUNDS_GRACE) that leaves the bridge the first go. Refunds are open to anyone and send
// the synths back to the locker (burn) or release the reservation (mint). On a database shared with the
// bridge both use the same purpose (`refundBurn:<hash>`), so the signer sends one refund whoever asks;
// otherwise the second is simulated, reverts, and is never sent.
import { lightningGatewayAbi } from "@fluxion/deploy";
import { type AbiEvent, type Address, encodeFunctionData, getAbiItem, type Hex } from "viem";
import { KeeperError } from "../errors.ts";
import { type Protocol, protocolErrors } from "./protocol.ts";
import type { Schedule } from "./schedule.ts";
import type { Task } from "./store.ts";
import type { Job, JobContext } from "./types.ts";

const lockEvents = (
  [
    "MintLocked",
    "BurnLocked",
    "MintClaimed",
    "BurnClaimed",
    "MintRefunded",
    "BurnRefunded",
  ] as const
).map((name) => getAbiItem({ abi: lightningGatewayAbi, name }) as AbiEvent);

const LOCKED = 1;

export function refundsJob(
  protocol: Protocol,
  settings: { schedule: Schedule; graceSeconds: number },
): Job {
  const gateway = protocol.gateway;
  if (!gateway) {
    throw new KeeperError(
      "config.invalid",
      `no LightningGateway deployed on chain ${protocol.chainId}`,
    );
  }
  /** Open locks by payment hash (lowercase 0x hex). */
  const open = new Map<
    string,
    { direction: "mint" | "burn"; timelock: bigint; account: Address }
  >();
  let nextBlock = BigInt(protocol.record.contracts.LightningGateway?.blockNumber ?? 0);

  async function follow(ctx: JobContext, head: bigint) {
    while (nextBlock <= head) {
      const to = head - nextBlock >= 10_000n ? nextBlock + 9_999n : head;
      const logs = await ctx.client.getLogs({
        address: gateway,
        events: lockEvents,
        fromBlock: nextBlock,
        toBlock: to,
      });
      for (const log of logs as unknown as { eventName: string; args: Record<string, unknown> }[]) {
        const args = log.args as {
          paymentHash: Hex;
          timelock?: bigint;
          recipient?: Address;
          locker?: Address;
        };
        const hash = args.paymentHash.toLowerCase();
        if (log.eventName === "MintLocked" || log.eventName === "BurnLocked") {
          open.set(hash, {
            direction: log.eventName === "MintLocked" ? "mint" : "burn",
            timelock: args.timelock!,
            account: (args.recipient ?? args.locker)!,
          });
        } else {
          open.delete(hash);
        }
      }
      nextBlock = to + 1n;
    }
  }

  return {
    name: "refunds",
    schedule: settings.schedule,

    async run(ctx) {
      const head = ctx.head() ?? (await ctx.client.getBlockNumber());
      await follow(ctx, head);
      const now = (await ctx.client.getBlock({ blockNumber: head })).timestamp;
      const expired = [...open].filter(
        ([, lock]) => lock.timelock + BigInt(settings.graceSeconds) <= now,
      );
      const planned = await ctx.store.plan(
        "refunds",
        expired.map(([hash, lock]) => ({
          subject: hash,
          payload: { paymentHash: hash, direction: lock.direction, account: lock.account },
        })),
      );
      return { open: open.size, expired: expired.length, planned };
    },

    async decide(task: Task, ctx: JobContext) {
      const { paymentHash, direction } = task.payload as {
        paymentHash: Hex;
        direction: "mint" | "burn";
      };
      const swap = await ctx.client.readContract({
        address: gateway,
        abi: lightningGatewayAbi,
        functionName: "swapOf",
        args: [paymentHash],
      });
      if (swap.status !== LOCKED) return { action: "skip", reason: "no longer locked" };
      const functionName = direction === "mint" ? "refundMint" : "refundBurn";
      return {
        action: "send",
        to: gateway,
        data: encodeFunctionData({ abi: lightningGatewayAbi, functionName, args: [paymentHash] }),
        errorAbi: protocolErrors,
        // The bridge's own purpose for this refund: one refund, whichever keeper asks first.
        purpose: `${functionName}:${paymentHash.slice(2)}`,
      };
    },

    async settle(task, receipt) {
      const { paymentHash, direction, account } = task.payload as {
        paymentHash: Hex;
        direction: string;
        account: Address;
      };
      const data = {
        paymentHash,
        direction,
        transactionHash: receipt.transactionHash,
        blockNumber: receipt.blockNumber.toString(),
        refundedBy: receipt.from,
      };
      return {
        outcome: data,
        events: [
          { type: "lightning.lock_refunded", account, data, dedupe: receipt.transactionHash },
        ],
      };
    },
  };
}
