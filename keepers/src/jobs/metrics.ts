// Prometheus metrics of the scheduled keepers, served on /metrics (jobs/http.ts): job runs and failures,
// how late each run started, gas spent, tasks, positions watched, liquidations, feeds and the signer.
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

export type JobMetrics = ReturnType<typeof createJobMetrics>;

export function createJobMetrics(options: { pendingTransactions?: () => Promise<number> } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "keeper_process_" });
  const runs = new Counter({
    name: "keeper_job_runs_total",
    help: "Job runs by outcome (ok | failed)",
    labelNames: ["job", "outcome"] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: "keeper_job_failures_total",
    help: "Job runs and task steps that failed, by job and error code",
    labelNames: ["job", "code"] as const,
    registers: [registry],
  });
  const lag = new Gauge({
    name: "keeper_job_lag_seconds",
    help: "How late the job's last run started after it was due",
    labelNames: ["job"] as const,
    registers: [registry],
  });
  const tasks = new Counter({
    name: "keeper_job_tasks_total",
    help: "Tasks finished by this keeper, by job and final state (done | skipped | failed)",
    labelNames: ["job", "state"] as const,
    registers: [registry],
  });
  const gasUsed = new Counter({
    name: "keeper_gas_used_total",
    help: "Gas used by this keeper's mined transactions, by job",
    labelNames: ["job"] as const,
    registers: [registry],
  });
  const gasSpent = new Counter({
    name: "keeper_gas_spent_wei_total",
    help: "Wei paid for this keeper's mined transactions (gas used x effective gas price), by job",
    labelNames: ["job"] as const,
    registers: [registry],
  });
  const sent = new Counter({
    name: "keeper_transactions_total",
    help: "Transactions mined for tasks, by job and receipt status (success | reverted)",
    labelNames: ["job", "status"] as const,
    registers: [registry],
  });
  const refused = new Counter({
    name: "keeper_transactions_refused_total",
    help: "Transactions not sent because their simulation reverted, by job",
    labelNames: ["job"] as const,
    registers: [registry],
  });
  const positionsWatched = new Gauge({
    name: "keeper_positions_watched",
    help: "Vault positions with debt the liquidation job watches",
    registers: [registry],
  });
  const positionsLiquidatable = new Gauge({
    name: "keeper_positions_liquidatable",
    help: "Watched positions below their liquidation ratio at the oracle's current prices",
    registers: [registry],
  });
  const positionsUnprofitable = new Gauge({
    name: "keeper_positions_unprofitable",
    help: "Liquidatable positions whose bonus does not pay for the gas (left to the backstop rule)",
    registers: [registry],
  });
  const liquidations = new Counter({
    name: "keeper_liquidations_total",
    help: "Liquidations this keeper made, by kind (full | partial | bad_debt)",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  const feedStale = new Gauge({
    name: "keeper_oracle_feed_stale",
    help: "1 while an asset's feed answer is older than its heartbeat",
    labelNames: ["asset"] as const,
    registers: [registry],
  });
  const feedTripped = new Gauge({
    name: "keeper_oracle_breaker_tripped",
    help: "1 while an asset's circuit breaker is tripped",
    labelNames: ["asset"] as const,
    registers: [registry],
  });
  const openTasks = new Gauge({
    name: "keeper_job_open_tasks",
    help: "Tasks due or sent (all keepers), by job",
    labelNames: ["job"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "keeper_signer_queue_depth",
    help: "This keeper's signed transactions not yet mined",
    registers: [registry],
    async collect() {
      if (options.pendingTransactions) this.set(await options.pendingTransactions());
    },
  });
  return {
    registry,
    runs,
    failures,
    lag,
    tasks,
    gasUsed,
    gasSpent,
    sent,
    refused,
    positionsWatched,
    positionsLiquidatable,
    positionsUnprofitable,
    liquidations,
    feedStale,
    feedTripped,
    openTasks,
  };
}
