// What a scheduled job is to the runtime (runtime.ts). A job's `run` looks at the world once (it is due:
// its interval passed, its cron fired, a block came, or an event it listens to woke it) and plans tasks,
// one per thing to do. Any keeper then takes a task and `decide`s it against the chain as it is now:
// nothing to do (skip), not yet (later), or a transaction to send. The runtime records the transaction's
// purpose on the task before the nonce-owning signer sends it (which simulates it first: a call that
// would revert is never sent), follows it until mined, and `settle`s the task from its receipt. A keeper
// killed at any point leaves a task that another keeper (or the same, restarted) takes up where it was.
import type { Logger } from "pino";
import type { Abi, AbiEvent, Address, Hex, PublicClient, TransactionReceipt } from "viem";
import type { NonceSigner } from "../chain/nonceSigner.ts";
import type { JobMetrics } from "./metrics.ts";
import type { Schedule } from "./schedule.ts";
import type { JobStore, ProtocolEvent, Task } from "./store.ts";

export type JobContext = {
  chainId: number;
  /** Reads; its transport batches concurrent calls into one JSON-RPC request. */
  client: PublicClient;
  signer: NonceSigner;
  store: JobStore;
  metrics: JobMetrics;
  logger: Logger;
  /** This keeper's name (lease owner). */
  keeper: string;
  /** The newest block this keeper has seen. */
  head(): bigint | undefined;
  /**
   * Within a job's run: be due again within `ms` whatever the schedule says (what the run looked at was
   * not up to date yet, e.g. the indexer behind the chain).
   */
  again(ms: number): void;
};

export type Decision =
  | { action: "skip"; reason: string; outcome?: Record<string, unknown> }
  | { action: "later"; inMs: number; reason: string }
  | {
      action: "send";
      to: Address;
      data: Hex;
      errorAbi?: Abi;
      /** Gas over the estimate for work that can grow before inclusion (see SendRequest.extraGas). */
      extraGas?: bigint;
      /** Unique per chain, forever; default `<job>:<task id>`. */
      purpose?: string;
      /** Merged into the task's payload (what the receipt will be checked against). */
      payload?: Record<string, unknown>;
    };

export type Settlement = {
  outcome: Record<string, unknown>;
  events?: ProtocolEvent[];
};

export type Job = {
  name: string;
  schedule: Schedule;
  /** Contract events that make the job due at once, whatever its schedule says. */
  wakeOn?: { address: Address[]; events: AbiEvent[] };
  /** Looks once, plans tasks (`ctx.store.plan`); returns a summary kept with the job's state. */
  run(ctx: JobContext): Promise<Record<string, unknown>>;
  /** Decides one task against the chain as it is now. Jobs without tasks leave it out. */
  decide?(task: Task, ctx: JobContext): Promise<Decision>;
  /** The outcome of a task whose transaction was mined successfully. */
  settle?(task: Task, receipt: TransactionReceipt, ctx: JobContext): Promise<Settlement>;
  /** How long a keeper holds a task it took (default 30 s). */
  taskLeaseMs?: number;
  /**
   * `signer`: every keeper runs its own instance (its state is the keeper's own, e.g. its inventory),
   * recorded as `<name>@<signer address>`; default `global`: one run per due time across all keepers.
   */
  scope?: "global" | "signer";
};
