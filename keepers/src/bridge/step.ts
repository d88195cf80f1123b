// What every step of both swap machines works with: its context, and the two ways a step ends — a
// transition (`move`, announced to `onChange`) or giving the swap back to run again later (`wait`).
import type { Gateway } from "../chain/gateway.ts";
import type { LightningNode } from "../lightning/lnd.ts";
import { isFinal } from "../swaps/states.ts";
import type { Swap, SwapStore } from "../swaps/store.ts";
import type { BridgeSettings } from "./settings.ts";

export type StepContext = {
  store: SwapStore;
  ln: LightningNode;
  gateway: Gateway;
  settings: BridgeSettings;
  /** Called after every state change (stream events, invoice watching). */
  onChange?: (swap: Swap) => void | Promise<void>;
  /** Asks for the swap to be looked at again at once (a payment or invoice it waits on changed). */
  wake?: (paymentHash: string) => void;
};

export const later = (ms: number) => new Date(Date.now() + ms);

export function stepTools(ctx: StepContext, swap: Swap) {
  const { store, settings } = ctx;
  return {
    /**
     * Moves the swap to `to`. When its next step is due now (no `runAt`, or one not in the future) and it
     * is not final, the lease is kept so the keeper takes that step at once.
     */
    async move(
      to: Swap["state"],
      change: Omit<Parameters<SwapStore["transition"]>[2], "to" | "keepLeaseMs"> = {},
    ) {
      const dueNow = (change.runAt?.getTime() ?? 0) <= Date.now();
      const next = await store.transition(swap, settings.keeper, {
        to,
        ...change,
        keepLeaseMs: dueNow && !isFinal(swap.direction, to) ? settings.leaseMs : undefined,
      });
      await ctx.onChange?.(next);
      return next;
    },
    async wait(runAt = later(settings.pollMs)): Promise<undefined> {
      await store.release(swap, settings.keeper, runAt);
      return undefined;
    },
  };
}
