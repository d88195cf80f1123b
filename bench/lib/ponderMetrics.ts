// Where a `ponder start` spends its time, from its Prometheus /metrics (Ponder 0.17 names; every
// duration there is in milliseconds, every figure here in seconds): RPC requests by method, indexing
// functions by event, the historical extract and transform steps, database methods, plus the timings
// taken around the process (spawn to HTTP server, to /ready, to the last block indexed).
import { type PromSample, parsePrometheus, sumBy, total } from "./prometheus.ts";

export type Timed = { count: number; seconds: number };

export type PonderBreakdown = {
  storage: string;
  /** Spawn to the HTTP server answering: Node, Ponder's build (config, schema, handlers), RPC and
   * database diagnostics, the database migration. */
  startupSeconds: number;
  /** Spawn to /ready answering 200 (historical sync complete on every chain). */
  readySeconds: number;
  /** Spawn to every block of every chain indexed (what events/s is computed over). */
  totalSeconds: number;
  /** Events indexed (`ponder_indexing_completed_events`; Ponder 0.17 labels it by event only). */
  events: number;
  /** RPC requests Ponder's sync made, by method over all chains (`ponder_rpc_request_duration`):
   * seconds is the sum of request durations, which overlap (up to hundreds in flight). */
  rpc: Record<string, Timed>;
  /** Failed RPC requests by method (`ponder_rpc_request_error_total`). */
  rpcErrors: Record<string, number>;
  /** Indexing functions by event (`ponder_indexing_function_duration`). */
  indexing: Record<string, Timed>;
  /** Historical phases (`ponder_historical_extract_duration` / `_transform_duration`, by step). */
  extract: Record<string, number>;
  transform: Record<string, number>;
  /** Database methods (`ponder_database_method_duration`, by method). */
  database: Record<string, Timed>;
  /** RPC requests made by handlers through `context.client` (`ponder_indexing_rpc_requests_total`,
   * method:type). */
  handlerRpc: Record<string, number>;
};

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/** Rows kept per section, the costliest first; the rest are summed into one "(N others)" row. */
const keep = 15;

function timed(samples: PromSample[], histogram: string, label: string): Record<string, Timed> {
  const counts = sumBy(samples, `${histogram}_count`, [label]);
  const sums = sumBy(samples, `${histogram}_sum`, [label]);
  const rows = [...counts]
    .filter(([, count]) => count > 0)
    .map(([key, count]): [string, Timed] => [key, { count, seconds: (sums.get(key) ?? 0) / 1000 }])
    .sort((x, y) => y[1].seconds - x[1].seconds);
  const rest = rows.splice(keep);
  if (rest.length > 0) {
    rows.push([
      `(${rest.length} others)`,
      {
        count: rest.reduce((n, [, t]) => n + t.count, 0),
        seconds: rest.reduce((n, [, t]) => n + t.seconds, 0),
      },
    ]);
  }
  return Object.fromEntries(
    rows.map(([key, t]) => [key, { count: t.count, seconds: round(t.seconds) }]),
  );
}

function seconds(samples: PromSample[], gauge: string, label: string): Record<string, number> {
  return Object.fromEntries(
    [...sumBy(samples, gauge, [label])]
      .sort((x, y) => y[1] - x[1])
      .map(([key, ms]) => [key, round(ms / 1000)]),
  );
}

function counts(samples: PromSample[], counter: string, labels: string[]): Record<string, number> {
  return Object.fromEntries(
    [...sumBy(samples, counter, labels)].filter(([, n]) => n > 0).sort((x, y) => y[1] - x[1]),
  );
}

/** The breakdown of one run from its /metrics text and the timings (ms since spawn) taken around it. */
export function ponderBreakdown(
  metricsText: string,
  timings: { storage: string; listeningMs: number; readyMs: number; totalMs: number },
): PonderBreakdown {
  const samples = parsePrometheus(metricsText);
  return {
    storage: timings.storage,
    startupSeconds: round(timings.listeningMs / 1000, 2),
    readySeconds: round(timings.readyMs / 1000, 2),
    totalSeconds: round(timings.totalMs / 1000, 2),
    events: total(samples, "ponder_indexing_completed_events"),
    rpc: timed(samples, "ponder_rpc_request_duration", "method"),
    rpcErrors: counts(samples, "ponder_rpc_request_error_total", ["method"]),
    indexing: timed(samples, "ponder_indexing_function_duration", "event"),
    extract: seconds(samples, "ponder_historical_extract_duration", "step"),
    transform: seconds(samples, "ponder_historical_transform_duration", "step"),
    database: timed(samples, "ponder_database_method_duration", "method"),
    handlerRpc: counts(samples, "ponder_indexing_rpc_requests_total", ["method", "type"]),
  };
}

/** A readable table of a breakdown (`limit` rows per section). */
export function formatBreakdown(title: string, b: PonderBreakdown, limit = 16): string {
  const lines = [
    `${title} (${b.storage}): startup ${b.startupSeconds} s, ready ${b.readySeconds} s, ` +
      `all blocks ${b.totalSeconds} s; ${b.events} events`,
  ];
  const table = (heading: string, rows: [string, string, string][]) => {
    if (rows.length === 0) return;
    lines.push(`  ${heading.padEnd(52)}${"count".padStart(10)}${"seconds".padStart(12)}`);
    for (const [name, count, secs] of rows.slice(0, limit)) {
      lines.push(`    ${name.slice(0, 50).padEnd(50)}${count.padStart(10)}${secs.padStart(12)}`);
    }
    if (rows.length > limit) lines.push(`    ... ${rows.length - limit} more`);
  };
  const ofTimed = (r: Record<string, Timed>): [string, string, string][] =>
    Object.entries(r).map(([k, v]) => [k, String(v.count), v.seconds.toFixed(3)]);
  const ofSeconds = (r: Record<string, number>): [string, string, string][] =>
    Object.entries(r).map(([k, v]) => [k, "", v.toFixed(3)]);
  const ofCounts = (r: Record<string, number>): [string, string, string][] =>
    Object.entries(r).map(([k, v]) => [k, String(v), ""]);
  table("RPC by method (durations overlap)", ofTimed(b.rpc));
  table("RPC errors by method", ofCounts(b.rpcErrors));
  table("indexing functions by event", ofTimed(b.indexing));
  table("historical extract steps", ofSeconds(b.extract));
  table("historical transform steps", ofSeconds(b.transform));
  table("database methods", ofTimed(b.database));
  table("handler RPC (context.client) method:type", ofCounts(b.handlerRpc));
  return lines.join("\n");
}
