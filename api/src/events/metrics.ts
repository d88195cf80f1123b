// The event bus's Prometheus metrics, on the app's registry (/metrics): events appended by type
// (rate() gives events per minute), webhooks received by source and outcome, reaction latency
// (event recorded → reaction done), the retry queue and dead letters (read from the database at
// scrape time, so every API process reports the same truth), and open WebSocket streams.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export type EventMetrics = {
  appended: Counter<"type">;
  webhooks: Counter<"source" | "outcome">;
  reactionLatency: Histogram<"reactor">;
  reactions: Counter<"reactor" | "outcome">;
  streams: Gauge;
  deliveries: Counter<"endpoint" | "outcome">;
};

export function createEventMetrics(
  registry: Registry,
  queue: () => Promise<{ retrying: number; dead: number; pending: number }>,
): EventMetrics {
  // One query per scrape, whichever of the three gauges is collected first.
  let latest: { at: number; counts: ReturnType<typeof queue> } | undefined;
  const counts = () => {
    if (!latest || Date.now() - latest.at > 250) latest = { at: Date.now(), counts: queue() };
    return latest.counts;
  };
  new Gauge({
    name: "fluxion_reactions_retrying",
    help: "Reactions waiting for a retry after a failure",
    registers: [registry],
    async collect() {
      this.set((await counts()).retrying);
    },
  });
  new Gauge({
    name: "fluxion_reactions_dead",
    help: "Reactions that failed every retry (dead letters)",
    registers: [registry],
    async collect() {
      this.set((await counts()).dead);
    },
  });
  new Gauge({
    name: "fluxion_reactions_pending",
    help: "Reactions due or running",
    registers: [registry],
    async collect() {
      this.set((await counts()).pending);
    },
  });
  return {
    appended: new Counter({
      name: "fluxion_events_total",
      help: "Events appended to the log, by type",
      labelNames: ["type"] as const,
      registers: [registry],
    }),
    webhooks: new Counter({
      name: "fluxion_webhooks_received_total",
      help: "Signed webhooks received, by source and outcome (accepted, duplicate)",
      labelNames: ["source", "outcome"] as const,
      registers: [registry],
    }),
    reactionLatency: new Histogram({
      name: "fluxion_reaction_latency_seconds",
      help: "Time from an event's recording to its reaction's completion",
      labelNames: ["reactor"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    }),
    reactions: new Counter({
      name: "fluxion_reactions_total",
      help: "Reaction attempts by reactor and outcome (done, retry, dead, wait)",
      labelNames: ["reactor", "outcome"] as const,
      registers: [registry],
    }),
    streams: new Gauge({
      name: "fluxion_stream_connections",
      help: "Open WebSocket stream connections in this process",
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "fluxion_webhook_deliveries_total",
      help: "Outgoing webhook delivery attempts by endpoint and outcome",
      labelNames: ["endpoint", "outcome"] as const,
      registers: [registry],
    }),
  };
}
