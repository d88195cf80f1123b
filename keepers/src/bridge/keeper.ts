// The bridge keeper: drives each swap through its steps as soon as something it waits on happens. A
// swap is driven by one task at a time: leased (row lock), stepped, and stepped again at once while the
// step says the next one is due now (accepted HTLC -> lock -> locked -> claim -> settle without waiting
// for a pass). Events (an invoice held, a payment resolved, a gateway log, a preimage handed over) wake a
// swap; a poll leases whatever is due into free slots, so nothing depends on an event arriving. Swaps
// never wait on each other: a payment held by its payee occupies no slot.
// Any number of keepers may run on one Postgres: the leases (../swaps/store.ts) keep them off each
// other's swaps, and each step is idempotent, so killing one at any instant loses nothing.
import type { Logger } from "pino";
import { isRetryable, KeeperError } from "../errors.ts";
import { isFinal } from "../swaps/states.ts";
import type { Swap } from "../swaps/store.ts";
import { stepBurn } from "./burn.ts";
import { stepMint } from "./mint.ts";
import type { StepContext } from "./step.ts";

export type BridgeKeeperOptions = StepContext & {
  logger: Logger;
  /** Swaps driven at once by this keeper. */
  concurrency?: number;
  /** Pause between polls for due swaps when nothing was due (default: the settings' pollMs). */
  idleMs?: number;
  /** Most steps one swap takes in a row before giving its slot to others. */
  maxChain?: number;
};

type Active = { again: boolean };

/** How many finished swaps a keeper remembers (to ignore late events about them). */
const finishedKept = 10_000;

export class BridgeKeeper {
  readonly #o: Required<Omit<BridgeKeeperOptions, "onChange" | "wake">> &
    Pick<BridgeKeeperOptions, "onChange">;
  readonly #ctx: StepContext;
  readonly #active = new Map<string, Active>();
  /** Swaps a wake is leasing right now (and whether another wake came meanwhile). */
  readonly #waking = new Map<string, Active>();
  readonly #tasks = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wakeLoop: (() => void) | undefined;
  /**
   * Swaps this keeper drove to a final state lately (bounded, oldest forgotten first): an event about
   * one (its invoice settled, its claim logged) needs no look at the database.
   */
  readonly #finished = new Set<string>();
  /** A poll filled every free slot, or a swap was given back due now: more may be due. */
  #mayHaveMore = false;

  constructor(options: BridgeKeeperOptions) {
    // (`??`, not a spread of defaults: an option passed as undefined must not erase its default.)
    this.#o = {
      ...options,
      concurrency: options.concurrency ?? 64,
      idleMs: options.idleMs ?? options.settings.pollMs,
      maxChain: options.maxChain ?? 32,
    };
    this.#ctx = { ...options, wake: (hash) => this.wake(hash) };
  }

  /** Swaps this keeper is driving right now. */
  get active(): number {
    return this.#active.size;
  }

  /** Leases due swaps into the free slots and starts driving them; returns how many it leased. */
  async runOnce(): Promise<number> {
    const { store, settings } = this.#o;
    const free = this.#o.concurrency - this.#active.size;
    this.#mayHaveMore = free <= 0;
    if (free <= 0) return 0;
    const leased = await store.lease(
      settings.keeper,
      free,
      settings.leaseMs,
      undefined,
      settings.takeoverMs,
    );
    if (leased.length === free) this.#mayHaveMore = true;
    for (const swap of leased) this.#start(swap);
    return leased.length;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        let leased = 0;
        try {
          leased = await this.runOnce();
        } catch (error) {
          this.#o.logger.error({ err: error }, "bridge poll failed");
        }
        if (leased === 0 && this.#running) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.#o.idleMs);
            this.#wakeLoop = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.#wakeLoop = undefined;
        }
      }
    })();
  }

  /** Polls for due swaps now (a swap was created, or a slot freed). */
  poke(): void {
    this.#wakeLoop?.();
  }

  /**
   * Looks at one swap again at once: the driving task takes another step when it is running here, else
   * the swap is leased and driven (or made due for whichever keeper holds it). `reopened`: a swap
   * that was final has been given a step again (a burn locked after it expired). `direct`: asked of
   * this keeper (a preimage or a burn handed to it over HTTP), so it takes the swap even when another
   * keeper created it; an event's wake leaves another keeper's swap to it for the takeover grace.
   */
  wake(paymentHash: string, { reopened = false, direct = false } = {}): void {
    if (reopened) this.#finished.delete(paymentHash);
    else if (this.#finished.has(paymentHash)) return;
    const active = this.#active.get(paymentHash);
    if (active) {
      active.again = true;
      return;
    }
    if (!this.#running) return;
    // Two events at once (a log and an invoice update): one lease attempt, the second wake rides on it.
    const waking = this.#waking.get(paymentHash);
    if (waking) {
      waking.again = true;
      return;
    }
    const mine: Active = { again: false };
    this.#waking.set(paymentHash, mine);
    const { store, settings } = this.#o;
    void store
      .lease(
        settings.keeper,
        1,
        settings.leaseMs,
        paymentHash,
        direct ? undefined : settings.takeoverMs,
      )
      .then(async ([swap]) => {
        this.#waking.delete(paymentHash);
        if (!swap) return store.wake(paymentHash);
        this.#start(swap);
        const active = this.#active.get(paymentHash);
        if (active && mine.again) active.again = true;
      })
      .catch((error: unknown) => {
        this.#waking.delete(paymentHash);
        this.#o.logger.warn({ paymentHash, err: String(error) }, "wake failed");
      });
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wakeLoop?.();
    await this.#loop;
    await Promise.all([...this.#tasks]);
  }

  #start(swap: Swap): void {
    if (this.#active.has(swap.paymentHash)) {
      // Leased twice by this keeper (a poll and a wake raced): the running task takes it from here.
      this.#active.get(swap.paymentHash)!.again = true;
      void this.#o.store.release(swap, this.#o.settings.keeper, new Date()).catch(() => {});
      return;
    }
    const active: Active = { again: false };
    this.#active.set(swap.paymentHash, active);
    const task = this.#drive(swap, active).finally(() => {
      this.#active.delete(swap.paymentHash);
      this.#tasks.delete(task);
      // Woken after its last look: look again (the wake would otherwise be lost between the two).
      if (active.again) this.wake(swap.paymentHash);
      // A slot is free: poll at once if swaps may be waiting for one (else the next poll finds them).
      if (this.#mayHaveMore) this.poke();
    });
    this.#tasks.add(task);
  }

  /** Steps one leased swap for as long as its next step is due now (or something woke it meanwhile). */
  async #drive(first: Swap, active: Active): Promise<void> {
    const { store, settings } = this.#o;
    let swap: Swap | undefined = first;
    for (let steps = 0; swap; steps++) {
      if (!this.#running || steps >= this.#o.maxChain) {
        // Leased still (the last move kept it): give it back, due now, for a later pass.
        await store.release(swap, settings.keeper, new Date()).catch(() => {});
        this.#mayHaveMore = true;
        return;
      }
      active.again = false;
      const next = await this.#step(swap);
      if (next && next.leaseOwner === settings.keeper && !isFinal(next.direction, next.state)) {
        swap = next;
        continue;
      }
      swap = undefined;
      if (next && isFinal(next.direction, next.state)) {
        // Done: whatever woke it meanwhile (its own claim's log, its invoice settling) needs nothing.
        this.#remember(next.paymentHash);
        active.again = false;
        return;
      }
      if (active.again && this.#running) {
        [swap] = await store.lease(settings.keeper, 1, settings.leaseMs, first.paymentHash);
      }
    }
  }

  #remember(paymentHash: string): void {
    this.#finished.add(paymentHash);
    if (this.#finished.size > finishedKept) {
      this.#finished.delete(this.#finished.values().next().value!);
    }
  }

  /** One step; returns the swap after it (still leased when its next step is due now). */
  async #step(swap: Swap): Promise<Swap | undefined> {
    const { store, settings, logger } = this.#o;
    try {
      const next =
        swap.direction === "mint"
          ? await stepMint(this.#ctx, swap)
          : await stepBurn(this.#ctx, swap);
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
      return next;
    } catch (error) {
      const code = error instanceof KeeperError ? error.code : "keepers.unexpected";
      const message = (error as Error)?.message ?? String(error);
      if (code === "keepers.lease_lost") return undefined; // another keeper moved it: nothing of ours
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
      return undefined;
    }
  }
}
