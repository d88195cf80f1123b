// The scheduler that hosts every scheduled keeper job in one process (see types.ts for what a job is).
// One loop: it watches the chain head (per-block jobs, and the contract events that wake jobs), leases
// the jobs that are due and runs them, then takes due tasks, as many at once as `concurrency` allows,
// and moves each one step. Several processes on one database share the work: a due job is leased to one
// of them, tasks are taken with SKIP LOCKED, and every transaction is sent once by purpose.
import type { Logger } from "pino";
import type { Hex, PublicClient, TransactionReceipt } from "viem";
import type { NonceSigner } from "../chain/nonceSigner.ts";
import { isRetryable, KeeperError } from "../errors.ts";
import type { JobMetrics } from "./metrics.ts";
import { backoffMs, nextRun } from "./schedule.ts";
import type { JobStore, Task } from "./store.ts";
import type { Job, JobContext } from "./types.ts";

export type JobRuntimeOptions = {
  jobs: Job[];
  chainId: number;
  client: PublicClient;
  signer: NonceSigner;
  store: JobStore;
  metrics: JobMetrics;
  logger: Logger;
  keeper: string;
  /** How often the head and the tables are looked at when nothing wakes the loop. */
  pollMs?: number;
  /** How long a job run may hold its lease. */
  jobLeaseMs?: number;
  /** Tasks in progress at once in this process. */
  concurrency?: number;
  /** How soon a sent transaction is looked at again. */
  followMs?: number;
  /** Overrides every job's task lease (tests: a dead keeper's tasks come back sooner). */
  taskLeaseMs?: number;
};

export class JobRuntime {
  readonly #o: Required<JobRuntimeOptions>;
  /** Jobs by the name of their row in keepers.jobs (see Job.scope). */
  readonly #byName: Map<string, Job>;
  readonly ctx: JobContext;
  #head: bigint | undefined;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #inflight = new Set<Promise<void>>();
  #lastLogBlock: bigint | undefined;

  constructor(options: JobRuntimeOptions) {
    this.#o = {
      pollMs: 200,
      jobLeaseMs: 60_000,
      concurrency: 16,
      followMs: 250,
      taskLeaseMs: 0,
      ...options,
    };
    this.#byName = new Map(
      options.jobs.map((job) => [
        job.scope === "signer" ? `${job.name}@${options.signer.address}` : job.name,
        job,
      ]),
    );
    this.ctx = {
      chainId: options.chainId,
      client: options.client,
      signer: options.signer,
      store: options.store,
      metrics: options.metrics,
      logger: options.logger,
      keeper: options.keeper,
      head: () => this.#head,
      again: () => {},
    };
  }

  get jobs(): Job[] {
    return [...this.#byName.values()];
  }

  async register(): Promise<void> {
    await this.#o.store.register(
      [...this.#byName].map(([name, job]) => ({
        name,
        chainId: this.#o.chainId,
        trigger: job.schedule.trigger,
        schedule: job.schedule.text,
        enabled: true,
      })),
    );
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#inflight]);
  }

  /** Runs the loop's work now (something changed). */
  poke(): void {
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        await this.pass();
      } catch (error) {
        this.#o.logger.warn({ err: (error as Error).message }, "keeper pass failed; will retry");
      }
      if (!this.#running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#o.pollMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /**
   * One pass: the head (and the events that wake jobs), the due jobs, then due tasks up to the free
   * concurrency. Tests call it directly to step the runtime.
   */
  async pass(): Promise<void> {
    await this.#watchHead();
    const names = [...this.#byName.keys()];
    const due = await this.#o.store.claimDue(names, this.#o.keeper, this.#o.jobLeaseMs, this.#head);
    await Promise.all(due.map((row) => this.#runJob(row.name, row.nextRunAt)));
    await this.#takeTasks();
  }

  /** Waits for the tasks this process is moving (tests: a pass, then its tasks' steps). */
  async settled(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  async #watchHead(): Promise<void> {
    const head = await this.#o.client.getBlockNumber({ cacheTime: 0 });
    const previous = this.#head;
    this.#head = head;
    if (previous === undefined || head <= previous) return;
    // Contract events that wake jobs, over the blocks seen since the last pass (at most 1,000 back).
    const listeners = this.jobs.filter((job) => job.wakeOn && job.wakeOn.address.length > 0);
    if (listeners.length === 0) return;
    const from = this.#lastLogBlock !== undefined ? this.#lastLogBlock + 1n : previous + 1n;
    const fromBlock = head - from > 1_000n ? head - 1_000n : from;
    this.#lastLogBlock = head;
    const addresses = [...new Set(listeners.flatMap((job) => job.wakeOn!.address))];
    const logs = await this.#o.client.getLogs({
      address: addresses,
      events: listeners.flatMap((job) => job.wakeOn!.events),
      fromBlock,
      toBlock: head,
    });
    if (logs.length === 0) return;
    const woken = new Set<string>();
    for (const log of logs) {
      const address = log.address.toLowerCase();
      for (const [name, job] of this.#byName) {
        if (job.wakeOn?.address.some((a) => a.toLowerCase() === address)) woken.add(name);
      }
    }
    await this.#o.store.wake([...woken]);
  }

  async #runJob(name: string, dueAt: Date): Promise<void> {
    const job = this.#byName.get(name)!;
    const { store, metrics, logger, keeper } = this.#o;
    const started = new Date();
    metrics.lag.labels(name).set(Math.max(0, (started.getTime() - dueAt.getTime()) / 1000));
    try {
      let againMs: number | undefined;
      const summary = await job.run({
        ...this.ctx,
        again: (ms) => {
          againMs = Math.min(ms, againMs ?? ms);
        },
      });
      const next = nextRun(job.schedule, new Date(), this.#head);
      const soon = againMs === undefined ? undefined : new Date(Date.now() + againMs);
      await store.finish(name, keeper, {
        outcome: "ok",
        summary,
        nextRunAt: soon && soon < next.at ? soon : next.at,
        nextBlock: next.block,
      });
      metrics.runs.labels(name, "ok").inc();
    } catch (error) {
      const code = error instanceof KeeperError ? error.code : "keepers.unexpected";
      const row = await store.get(name);
      const wait = backoffMs((row?.consecutiveFailures ?? 0) + 1);
      await store.finish(name, keeper, {
        outcome: "failed",
        code,
        message: (error as Error).message,
        nextRunAt: new Date(Date.now() + wait),
      });
      metrics.runs.labels(name, "failed").inc();
      metrics.failures.labels(name, code).inc();
      logger.warn(
        { job: name, code, err: (error as Error).message, retryInMs: wait },
        "job failed",
      );
    }
  }

  async #takeTasks(): Promise<void> {
    const free = this.#o.concurrency - this.#inflight.size;
    if (free <= 0) return;
    const withTasks = this.jobs.filter((job) => job.decide);
    if (withTasks.length === 0) return;
    // Leased for the longest lease any of these jobs asks for; each task releases it when it moves.
    const leaseMs =
      this.#o.taskLeaseMs || Math.max(...withTasks.map((job) => job.taskLeaseMs ?? 30_000));
    const tasks = await this.#o.store.claimTasks(
      withTasks.map((job) => job.name),
      this.#o.keeper,
      leaseMs,
      free,
    );
    for (const task of tasks) {
      const step = this.#step(task).finally(() => {
        this.#inflight.delete(step);
        // A task that moved may have made room for, or planned, more work.
        this.poke();
      });
      this.#inflight.add(step);
    }
  }

  /** Moves one leased task one step; never throws (a failed step is recorded on the task). */
  async #step(task: Task): Promise<void> {
    const job = this.#byName.get(task.job)!;
    const { store, metrics, logger, keeper, signer } = this.#o;
    try {
      if (task.purpose) {
        const tx = await signer.follow(task.purpose);
        if (tx?.status === "pending") {
          await store.move(task, keeper, "sent", {
            runAt: new Date(Date.now() + this.#o.followMs),
          });
          return;
        }
        if (tx?.status === "mined") {
          await this.#settle(job, task, tx.hash);
          return;
        }
        // The purpose was written but the keeper died before the signer recorded the transaction:
        // decide again (the same purpose, so it can still only be sent once).
      }
      const decision = await job.decide!(task, this.ctx);
      if (decision.action === "skip") {
        await store.move(task, keeper, "skipped", {
          outcome: { reason: decision.reason, ...decision.outcome },
        });
        metrics.tasks.labels(job.name, "skipped").inc();
        return;
      }
      if (decision.action === "later") {
        await store.retry(task, keeper, new Date(Date.now() + decision.inMs), {
          code: "keepers.not_yet",
          message: decision.reason,
        });
        return;
      }
      const purpose = decision.purpose ?? `${job.name}:${task.id}`;
      const payload = { ...task.payload, ...decision.payload };
      await store.setPurpose(task, keeper, purpose);
      const sentTask = { ...task, purpose, payload };
      try {
        await signer.send({
          purpose,
          to: decision.to,
          data: decision.data,
          ...(decision.errorAbi ? { errorAbi: decision.errorAbi } : {}),
          ...(decision.extraGas ? { extraGas: decision.extraGas } : {}),
        });
      } catch (error) {
        if (error instanceof KeeperError && error.code === "keepers.tx_would_revert") {
          // Simulated and refused before any nonce was used: nothing went out.
          metrics.refused.labels(job.name).inc();
          await store.move(sentTask, keeper, "skipped", {
            outcome: { reason: "would revert", error: error.message },
            error: { code: error.code, message: error.message },
          });
          metrics.tasks.labels(job.name, "skipped").inc();
          return;
        }
        throw error;
      }
      // On an automining node the receipt is there already: settle at once, still holding the lease.
      const now = await signer.follow(purpose);
      if (now?.status === "mined") {
        await this.#settle(job, sentTask, now.hash);
        return;
      }
      await store.move(sentTask, keeper, "sent", {
        runAt: new Date(Date.now() + this.#o.followMs),
        payload,
      });
    } catch (error) {
      const code = error instanceof KeeperError ? error.code : "keepers.unexpected";
      const message = (error as Error).message;
      metrics.failures.labels(job.name, code).inc();
      if (isRetryable(error) || task.attempts < 5) {
        const wait = backoffMs(task.attempts, 60_000);
        logger.warn(
          { job: job.name, task: task.id, code, err: message, retryInMs: wait },
          "task step failed",
        );
        await store
          .retry(task, keeper, new Date(Date.now() + wait), { code, message })
          .catch(() => {});
      } else {
        logger.error({ job: job.name, task: task.id, code, err: message }, "task failed");
        await store.move(task, keeper, "failed", { error: { code, message } }).catch(() => {});
        metrics.tasks.labels(job.name, "failed").inc();
      }
    }
  }

  /** Finishes a leased task whose transaction was mined: done (with the job's outcome) or failed. */
  async #settle(job: Job, task: Task, hash: Hex): Promise<void> {
    const { store, metrics, keeper, client } = this.#o;
    const receipt: TransactionReceipt = await client.getTransactionReceipt({ hash });
    metrics.gasUsed.labels(job.name).inc(Number(receipt.gasUsed));
    metrics.gasSpent.labels(job.name).inc(Number(receipt.gasUsed * receipt.effectiveGasPrice));
    metrics.sent.labels(job.name, receipt.status).inc();
    if (receipt.status !== "success") {
      await store.move(task, keeper, "failed", {
        outcome: { transactionHash: hash, blockNumber: receipt.blockNumber.toString() },
        error: { code: "keepers.tx_reverted", message: `${task.purpose} reverted in ${hash}` },
      });
      metrics.tasks.labels(job.name, "failed").inc();
      return;
    }
    const settled = job.settle
      ? await job.settle(task, receipt, this.ctx)
      : { outcome: {}, events: [] };
    await store.move(task, keeper, "done", {
      outcome: {
        transactionHash: hash,
        blockNumber: receipt.blockNumber.toString(),
        gasUsed: receipt.gasUsed.toString(),
        ...settled.outcome,
      },
      ...(settled.events ? { events: settled.events } : {}),
    });
    metrics.tasks.labels(job.name, "done").inc();
  }
}
