// Test support for the indexer's limits: raw GraphQL posts (status, body, time taken, whatever
// the answer), hostile query builders, and a /health prober that runs while something else does.
import assert from "node:assert/strict";
import type { IndexerProcess } from "./indexerProcess.ts";

export type ErrorBody = { error?: { code: string; message: string } };

export type Posted = { status: number; body: unknown; text: string; ms: number };

/** POSTs to /graphql and reports whatever comes back (never throws on GraphQL errors). */
export async function postGraphql(
  indexer: IndexerProcess,
  body: string | Record<string, unknown>,
  options: { contentType?: string; timeoutMs?: number } = {},
): Promise<Posted> {
  const started = performance.now();
  const response = await fetch(`${indexer.url}/graphql`, {
    method: "POST",
    headers: { "content-type": options.contentType ?? "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON.
  }
  return { status: response.status, body: parsed, text, ms: performance.now() - started };
}

/** `{ swaps { items { pool { swaps { items { pool { ... } } } } } } }`, `levels` lists deep. */
export function nestedSwaps(levels: number, limit = 1000): string {
  let inner = "id amountIn";
  for (let i = 1; i < levels; i++) {
    inner = `id amountIn pool { poolId swaps(limit: ${limit}) { items { ${inner} } } }`;
  }
  return `{ swaps(limit: ${limit}) { items { ${inner} } } }`;
}

/**
 * Probes /health every `everyMs` until `until` settles; every probe must answer 200 within
 * `withinMs` (a probe that takes longer fails the test). Returns the latencies.
 */
export async function healthWhile(
  indexer: IndexerProcess,
  until: Promise<unknown>,
  { everyMs = 50, withinMs = 2_000 } = {},
): Promise<number[]> {
  let settled = false;
  until.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const latencies: number[] = [];
  do {
    const started = performance.now();
    const response = await fetch(`${indexer.url}/health`, {
      signal: AbortSignal.timeout(withinMs),
    });
    await response.body?.cancel();
    assert.equal(response.status, 200, "/health answers");
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, everyMs));
  } while (!settled);
  return latencies;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;
}
