// RiskScorer with micro-batching: every score()/scoreBatch() made in the same event-loop turn is
// queued and scored in one model run (at most maxRows rows per run; more are split), then the
// results are handed back to each caller. A failed run rejects only the callers it carried.
import { bandOf } from "./bands.ts";
import type { ModelOutput, RiskModel } from "./model.ts";
import { selectReasons } from "./reasons.ts";
import type { RiskFeatures, RiskResult, RiskScorer } from "./types.ts";

/**
 * When the queue is flushed. "macrotask" (setImmediate) waits for the rest of the turn's I/O
 * callbacks, so requests arriving on different connections together share one run; "microtask"
 * flushes as soon as the current callback's promises settle (batches only within one callback).
 */
export type FlushMode = "macrotask" | "microtask";

export type ScorerOptions = {
  /** Upper bound on rows per model run (default 1024). */
  maxRows?: number;
  flush?: FlushMode;
  /** Called after every model run (metrics, tests): rows in the run, wall time in seconds. */
  onRun?: (rows: number, seconds: number, error: unknown) => void;
};

type Job = {
  rows: readonly RiskFeatures[];
  results: RiskResult[];
  /** Runs still to finish for this job (a big job spans several). */
  pending: number;
  failed: boolean;
  resolve: (results: RiskResult[]) => void;
  reject: (error: unknown) => void;
};

/** A slice of a job's rows carried by one run. */
type Part = { job: Job; from: number; count: number };

export const defaultMaxRows = 1024;

export class FeatureValueError extends TypeError {
  override name = "FeatureValueError";
}

export function createScorer(model: RiskModel, options: ScorerOptions = {}): RiskScorer {
  const maxRows = options.maxRows ?? defaultMaxRows;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError("maxRows must be >= 1");
  const flushMode = options.flush ?? "macrotask";
  const onRun = options.onRun;
  const { names, version } = model;
  const width = names.length;
  let queue: Job[] = [];
  let scheduled = false;
  let closed = false;
  const inFlight = new Set<Promise<void>>();

  /** Throws unless every feature is a finite number (the routes validate ranges beforehand). */
  function check(row: RiskFeatures) {
    for (let index = 0; index < width; index++) {
      const name = names[index] as string;
      const value = row[name];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new FeatureValueError(`risk feature "${name}" must be a finite number`);
      }
    }
  }

  function toResult(features: RiskFeatures, output: ModelOutput, row: number): RiskResult {
    const score = output.score[row] as number;
    return {
      score,
      band: bandOf(score),
      model: version,
      reasons: selectReasons(names, features, output.contributions, row * width),
    };
  }

  async function runParts(parts: Part[], rows: number): Promise<void> {
    const input = new Float32Array(rows * width);
    let offset = 0;
    for (const { job, from, count } of parts) {
      for (let row = from; row < from + count; row++) {
        const features = job.rows[row] as RiskFeatures;
        for (let index = 0; index < width; index++) {
          input[offset++] = features[names[index] as string] as number;
        }
      }
    }
    const started = performance.now();
    let output: ModelOutput;
    try {
      output = await model.run(input, rows);
    } catch (error) {
      onRun?.(rows, (performance.now() - started) / 1000, error);
      for (const { job } of parts) {
        if (job.failed) continue;
        job.failed = true;
        job.reject(error);
      }
      return;
    }
    onRun?.(rows, (performance.now() - started) / 1000, null);
    let row = 0;
    for (const { job, from, count } of parts) {
      for (let index = from; index < from + count; index++) {
        job.results[index] = toResult(job.rows[index] as RiskFeatures, output, row++);
      }
      job.pending--;
      if (job.pending === 0 && !job.failed) job.resolve(job.results);
    }
  }

  function flush() {
    scheduled = false;
    const jobs = queue;
    queue = [];
    let parts: Part[] = [];
    let rows = 0;
    const dispatch = () => {
      const run = runParts(parts, rows);
      inFlight.add(run);
      run.finally(() => inFlight.delete(run));
      parts = [];
      rows = 0;
    };
    for (const job of jobs) {
      let from = 0;
      while (from < job.rows.length) {
        const count = Math.min(job.rows.length - from, maxRows - rows);
        parts.push({ job, from, count });
        job.pending++;
        from += count;
        rows += count;
        if (rows === maxRows) dispatch();
      }
    }
    if (rows > 0) dispatch();
  }

  function enqueue(rows: readonly RiskFeatures[]): Promise<RiskResult[]> {
    if (closed) return Promise.reject(new Error("risk scorer is closed"));
    try {
      for (const row of rows) check(row);
    } catch (error) {
      return Promise.reject(error);
    }
    if (rows.length === 0) return Promise.resolve([]);
    return new Promise<RiskResult[]>((resolve, reject) => {
      queue.push({
        rows,
        results: new Array(rows.length),
        pending: 0,
        failed: false,
        resolve,
        reject,
      });
      if (scheduled) return;
      scheduled = true;
      if (flushMode === "microtask") queueMicrotask(flush);
      else setImmediate(flush);
    });
  }

  return {
    version,
    features: model.features,
    async score(features) {
      const [result] = await enqueue([features]);
      return result as RiskResult;
    },
    scoreBatch: (rows) => enqueue(rows),
    async close() {
      if (closed) return;
      closed = true;
      // Whatever is already queued still gets its answer.
      if (scheduled) flush();
      await Promise.allSettled([...inFlight]);
      await model.release();
    },
  };
}
