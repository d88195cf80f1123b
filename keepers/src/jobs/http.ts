// The scheduled keepers' HTTP interface: /health, /metrics (Prometheus text, for the scraper on the
// private network) and, with the service key as a bearer token, /jobs (every job's state, which the
// API shows to admins) and /jobs/<name>/tasks (a job's latest tasks). Errors are `{ error: { code, message } }`.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { JobMetrics } from "./metrics.ts";
import type { JobRow, JobStore, TaskState } from "./store.ts";

const taskStates: readonly TaskState[] = ["due", "sent", "done", "skipped", "failed"];

export function jobJson(row: JobRow, openTasks: number) {
  return {
    name: row.name,
    chainId: row.chainId,
    trigger: row.trigger,
    schedule: row.schedule,
    enabled: row.enabled,
    nextRunAt: row.nextRunAt.toISOString(),
    nextBlock: row.nextBlock?.toString() ?? null,
    runs: row.runs,
    failures: row.failures,
    consecutiveFailures: row.consecutiveFailures,
    lastStartedAt: row.lastStartedAt?.toISOString() ?? null,
    lastFinishedAt: row.lastFinishedAt?.toISOString() ?? null,
    lastOutcome: row.lastOutcome,
    lastError: row.lastErrorCode
      ? { code: row.lastErrorCode, message: row.lastErrorMessage }
      : null,
    lastSummary: row.lastSummary,
    lease:
      row.leaseOwner && row.leaseUntil && row.leaseUntil > new Date()
        ? { owner: row.leaseOwner, until: row.leaseUntil.toISOString() }
        : null,
    openTasks,
  };
}

export function createJobsHttp(options: {
  store: JobStore;
  metrics: JobMetrics;
  serviceKey: string | undefined;
  logger: Logger;
  keeper: string;
  /** Names of the jobs this process runs. */
  jobs: string[];
}): Server {
  const { store, metrics, serviceKey, logger } = options;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) =>
    send(res, status, { error: { code, message } });
  const authorized = (req: IncomingMessage) => {
    if (!serviceKey) return false;
    const given = Buffer.from(req.headers.authorization?.replace(/^Bearer /, "") ?? "");
    const expected = Buffer.from(serviceKey);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://keeper");
      if (req.method !== "GET") return fail(res, 405, "request.method_not_allowed", "GET only");
      if (url.pathname === "/health") {
        return send(res, 200, { ok: true, keeper: options.keeper, jobs: options.jobs });
      }
      if (url.pathname === "/metrics") {
        for (const [job, n] of Object.entries(await store.openTasks())) {
          metrics.openTasks.labels(job).set(n);
        }
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        return res.end(await metrics.registry.metrics());
      }
      if (!url.pathname.startsWith("/jobs"))
        return fail(res, 404, "request.not_found", "no such route");
      if (!authorized(req)) {
        return fail(res, 401, "auth.service_key_required", "a valid service key is required");
      }
      if (url.pathname === "/jobs") {
        const [rows, open] = await Promise.all([store.list(), store.openTasks()]);
        return send(res, 200, { jobs: rows.map((row) => jobJson(row, open[row.name] ?? 0)) });
      }
      const match = /^\/jobs\/([a-z-]{1,40})\/tasks$/.exec(url.pathname);
      if (!match) return fail(res, 404, "request.not_found", "no such route");
      const job = await store.get(match[1]!);
      if (!job) return fail(res, 404, "keepers.job_not_found", `no job "${match[1]}"`);
      const state = url.searchParams.get("state");
      if (state !== null && !taskStates.includes(state as TaskState)) {
        return fail(
          res,
          400,
          "request.invalid_state",
          `state must be one of ${taskStates.join(", ")}`,
        );
      }
      const limitRaw = url.searchParams.get("limit") ?? "50";
      const limit = Number(limitRaw);
      if (!/^\d{1,4}$/.test(limitRaw) || limit < 1 || limit > 500) {
        return fail(res, 400, "request.invalid_limit", "limit must be an integer in [1, 500]");
      }
      const tasks = await store.tasks({
        job: job.name,
        ...(state ? { states: [state as TaskState] } : {}),
        limit,
      });
      return send(res, 200, {
        tasks: tasks.map((t) => ({
          id: t.id,
          subject: t.subject,
          state: t.state,
          payload: t.payload,
          purpose: t.purpose,
          attempts: t.attempts,
          outcome: t.outcome,
          errorCode: t.errorCode,
          keeper: t.keeper,
          createdAt: t.createdAt.toISOString(),
        })),
      });
    } catch (error) {
      logger.error({ err: error }, "keeper http failed");
      if (!res.headersSent) fail(res, 503, "keepers.unavailable", "the keeper could not answer");
    }
  });
}
