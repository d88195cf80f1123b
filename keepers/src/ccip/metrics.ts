// Prometheus metrics of the CCIP keeper, served on /metrics (http.ts): messages by lane and state, how long
// a message took from its send to its execution, the last block seen per chain, how far the relay lags
// behind its sources, executions, drops, failures by error code, and (monitor mode) alerts.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export type CcipMetrics = ReturnType<typeof createCcipMetrics>;

export type CcipMetricSources = {
  /** Message counts by lane and state (relay: ccip_messages; monitor: ccip_monitored). */
  counts?: () => Promise<{ lane: string; state: string; n: number }[]>;
  /** Per lane, the oldest message not yet delivered: its age and its source block. */
  undelivered?: () => Promise<{ lane: string; seconds: number; block: bigint | null }[]>;
  /** The last block this keeper saw of `chainId` (the relay's own view). */
  head?: (chainId: number) => bigint | undefined;
  /** Lanes and their source chains (for the lag in blocks). */
  lanes?: { name: string; sourceChainId: number }[];
};

export function createCcipMetrics(sources: CcipMetricSources = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "keeper_process_" });
  new Gauge({
    name: "keeper_ccip_messages",
    help: "CCIP messages in the keeper's database, by lane and state",
    labelNames: ["lane", "state"] as const,
    registers: [registry],
    async collect() {
      if (!sources.counts) return;
      this.reset();
      for (const { lane, state, n } of await sources.counts()) this.labels(lane, state).set(n);
    },
  });
  const delivery = new Histogram({
    name: "keeper_ccip_delivery_seconds",
    help: "From the relay storing a send to recording its first execution (wall clock), by lane",
    labelNames: ["lane"] as const,
    buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 1800, 3600],
    registers: [registry],
  });
  const lastBlock = new Gauge({
    name: "keeper_ccip_last_block",
    help: "The last block number this keeper saw, by chain id",
    labelNames: ["chain"] as const,
    registers: [registry],
  });
  /** The oldest undelivered message per lane, read once per scrape (within 250 ms) for both lag gauges. */
  let oldest:
    | { at: number; rows: Promise<Map<string, { seconds: number; block: bigint | null }>> }
    | undefined;
  const readOldest = () => {
    if (!oldest || Date.now() - oldest.at > 250) {
      const rows = (sources.undelivered?.() ?? Promise.resolve([])).then(
        (list) => new Map(list.map((o) => [o.lane, o])),
      );
      oldest = { at: Date.now(), rows };
    }
    return oldest.rows;
  };
  new Gauge({
    name: "keeper_ccip_lag_seconds",
    help: "Age of the oldest message not yet delivered, by lane (0: none)",
    labelNames: ["lane"] as const,
    registers: [registry],
    async collect() {
      if (!sources.undelivered) return;
      const byLane = await readOldest();
      for (const lane of sources.lanes ?? []) {
        this.labels(lane.name).set(byLane.get(lane.name)?.seconds ?? 0);
      }
    },
  });
  new Gauge({
    name: "keeper_ccip_lag_blocks",
    help: "Source blocks between the head and the oldest message not yet delivered, by lane (0: none)",
    labelNames: ["lane"] as const,
    registers: [registry],
    async collect() {
      if (!sources.undelivered) return;
      const byLane = await readOldest();
      for (const lane of sources.lanes ?? []) {
        const block = byLane.get(lane.name)?.block;
        const head = sources.head?.(lane.sourceChainId);
        const behind = block != null && head !== undefined ? head - block : 0n;
        this.labels(lane.name).set(Number(behind > 0n ? behind : 0n));
      }
    },
  });
  const executions = new Counter({
    name: "keeper_ccip_executions_total",
    help: "Executions recorded, by lane, resulting state (success | failure) and by whom (relay | other | manual)",
    labelNames: ["lane", "state", "by"] as const,
    registers: [registry],
  });
  const dropped = new Counter({
    name: "keeper_ccip_dropped_total",
    help: "Messages a source reorg removed before their finality depth (never delivered), by lane",
    labelNames: ["lane"] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: "keeper_ccip_failures_total",
    help: "Relay steps that failed (retried later), by lane and error code",
    labelNames: ["lane", "code"] as const,
    registers: [registry],
  });
  const transactions = new Counter({
    name: "keeper_ccip_transactions_total",
    help: "The relay's transactions mined, by lane, kind (commit | execute | manual) and receipt status",
    labelNames: ["lane", "kind", "status"] as const,
    registers: [registry],
  });
  const alerts = new Counter({
    name: "keeper_ccip_alerts_total",
    help: "Monitor alerts raised, by lane and reason (overdue | failed)",
    labelNames: ["lane", "reason"] as const,
    registers: [registry],
  });
  return {
    registry,
    delivery,
    lastBlock,
    executions,
    dropped,
    failures,
    transactions,
    alerts,
  };
}
