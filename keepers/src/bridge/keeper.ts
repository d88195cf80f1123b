// The bridge keeper's loop: lease due swaps, run one step of each, give back what failed with a backoff.
// Any number of these may run on one Postgres; the leases (../swaps/store.ts) keep them off each other's
// swaps, and each step is idempotent, so killing one at any instant loses nothing: its leases expire and
// another keeper (or itself, restarted) carries on from the recorded state.
import type { Logger } from "pino";
import { isRetryable, KeeperError } from "../errors.ts";
import type { Swap } from "../swaps/store.ts";
import { stepBurn } from "./burn.ts";
import { stepMint } from "./mint.ts";
import type { StepContext } from "./step.ts";

export type BridgeKeeperOptions = StepContext & {
  logger: Logger;
  /** Swaps leased per pass, and run concurrently. */
  batch?: number;
  /** Pause between passes when nothing was due. */
  idleMs?: number;
};

export class BridgeKeeper {
  readonly #o: Required<Omit<BridgeKeeperOptions, "onChange">> &
    Pick<BridgeKeeperOptions, "onChange">;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: BridgeKeeperOptions) {
    this.#o = { batch: 25, idleMs: 100, ...options };
  }

  /** One pass: returns how many swaps it worked on. */
  async runOnce(): Promise<number> {
    const { store, settings, batch, logger } = this.#o;
    const leased = await store.lease(settings.keeper, batch, settings.leaseMs);
    await Promise.all(leased.map((swap) => this.#step(swap, logger)));
    return leased.length;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        let worked = 0;
        try {
          worked = await this.runOnce();
        } catch (error) {
          this.#o.logger.error({ err: error }, "bridge pass failed");
        }
        if (worked === 0 && this.#running) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.#o.idleMs);
            this.#wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.#wake = undefined;
        }
      }
    })();
  }

  /** Runs the next pass now (a swap was created or woken). */
  poke(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  async #step(swap: Swap, logger: Logger): Promise<void> {
    const { store, settings } = this.#o;
    try {
      const next =
        swap.direction === "mint" ? await stepMint(this.#o, swap) : await stepBurn(this.#o, swap);
      if (next && next.state !== swap.state) {
        logger.info(
          {
            paymentHash: swap.paymentHash,
            from: swap.state,
            to: next.state,
            failure: next.failureCode ?? undefined,
            why: next.failureMessage ?? undefined,
          },
          "swap moved",
        );
      }
    } catch (error) {
      const code = error instanceof KeeperError ? error.code : "keepers.unexpected";
      const message = (error as Error)?.message ?? String(error);
      if (code === "keepers.lease_lost") return; // another keeper moved it: nothing of ours to give back
      // Retry with exponential backoff (capped at 30 s); non-retryable errors are retried slowly and
      // loudly, because giving up on a swap that holds value would strand it.
      const base = isRetryable(error) ? 250 : 5_000;
      const delay = Math.min(base * 2 ** Math.min(swap.attempts, 7), 30_000);
      (isRetryable(error) ? logger.warn : logger.error).call(
        logger,
        { paymentHash: swap.paymentHash, state: swap.state, code, err: message, retryInMs: delay },
        "swap step failed",
      );
      await store
        .release(swap, settings.keeper, new Date(Date.now() + delay), { code, message })
        .catch(() => {});
    }
  }
}
