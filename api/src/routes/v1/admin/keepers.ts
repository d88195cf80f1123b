// /v1/admin/keepers: the scheduled keepers' state for admins, read from the keepers' own HTTP
// (KEEPER_JOBS_URL; keepers/src/jobs/http.ts) with the shared KEEPER_SERVICE_KEY: every job's schedule,
// last outcome, lease and open tasks, and a job's latest tasks. The keeper's answer is returned as it
// is; its 400 and 404 pass through with their codes. Unconfigured: 503 keepers.not_configured; a keeper
// that is down, slow (5 s) or failing: 503 keepers.unavailable.
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { createKeeperClient } from "../../../lightning/keeperClient.ts";
import { errorRef, nullable, security } from "../compliance/schemas.ts";

const timeoutMs = 5_000;

const DateTime = Type.String({ format: "date-time" });

const Job = Type.Object({
  name: Type.String(),
  chainId: Type.Integer(),
  trigger: Type.String({ description: "interval | cron | block" }),
  schedule: Type.String({ description: 'As configured, e.g. "every 30s", "every block"' }),
  enabled: Type.Boolean(),
  nextRunAt: DateTime,
  nextBlock: nullable(
    Type.String({ description: "Block number (decimal) a per-block job waits for" }),
  ),
  runs: Type.Integer(),
  failures: Type.Integer(),
  consecutiveFailures: Type.Integer(),
  lastStartedAt: nullable(DateTime),
  lastFinishedAt: nullable(DateTime),
  lastOutcome: Type.Union([Type.Literal("ok"), Type.Literal("failed"), Type.Null()]),
  lastError: nullable(Type.Object({ code: Type.String(), message: nullable(Type.String()) })),
  lastSummary: nullable(Type.Record(Type.String(), Type.Unknown())),
  lease: nullable(
    Type.Object({
      owner: Type.String({ description: "The keeper running the job now" }),
      until: DateTime,
    }),
  ),
  openTasks: Type.Integer({ description: "Tasks due or sent" }),
});

const TaskState = Type.Union([
  Type.Literal("due"),
  Type.Literal("sent"),
  Type.Literal("done"),
  Type.Literal("skipped"),
  Type.Literal("failed"),
]);

const Task = Type.Object({
  id: Type.String(),
  subject: Type.String({ description: "What the task is about (a position, an asset, a swap)" }),
  state: TaskState,
  payload: Type.Record(Type.String(), Type.Unknown()),
  purpose: nullable(Type.String({ description: "Its transaction's purpose, once it sends one" })),
  attempts: Type.Integer(),
  outcome: Type.Unknown(),
  errorCode: nullable(Type.String()),
  keeper: nullable(Type.String()),
  createdAt: DateTime,
});

const JobsResponse = Type.Object({ jobs: Type.Array(Job) });
const TasksResponse = Type.Object({ tasks: Type.Array(Task) });

const TaskParams = Type.Object({ name: Type.String({ pattern: "^[a-z-]{1,40}$" }) });
// Passed on as given: the keeper answers 400 request.invalid_state / request.invalid_limit itself.
const TaskQuery = Type.Object(
  {
    state: Type.Optional(
      Type.String({ maxLength: 16, description: "due | sent | done | skipped | failed" }),
    ),
    limit: Type.Optional(Type.String({ maxLength: 8, description: "1..500, default 50" })),
  },
  { additionalProperties: false },
);

const errors = { 401: errorRef, 403: errorRef, 503: errorRef };

export async function keepersAdminRoutes(app: FastifyInstance) {
  const admin = app.requireRole("admin");
  const keeper = createKeeperClient(app.config.keeperJobs, {
    timeoutMs,
    errors: {
      notConfigured: {
        code: "keepers.not_configured",
        message: "The scheduled keepers are not configured on this API (KEEPER_JOBS_URL)",
      },
      unavailable: { code: "keepers.unavailable", what: "The scheduled keepers" },
    },
  });

  app.get(
    "/keepers/jobs",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "The scheduled keepers' jobs: schedule, last outcome, lease and open tasks",
        security,
        response: { 200: JobsResponse, ...errors },
      },
    },
    () => keeper.request<Static<typeof JobsResponse>>("GET", "/jobs"),
  );

  app.get(
    "/keepers/jobs/:name/tasks",
    {
      preParsing: admin,
      schema: {
        tags: ["admin"],
        summary: "A job's latest tasks, newest first (optionally of one state)",
        security,
        params: TaskParams,
        querystring: TaskQuery,
        response: { 200: TasksResponse, 400: errorRef, 404: errorRef, ...errors },
      },
    },
    (request) => {
      const { name } = request.params as Static<typeof TaskParams>;
      const query = request.query as Static<typeof TaskQuery>;
      const search = new URLSearchParams();
      if (query.state !== undefined) search.set("state", query.state);
      if (query.limit !== undefined) search.set("limit", query.limit);
      const suffix = search.size > 0 ? `?${search}` : "";
      return keeper.request<Static<typeof TasksResponse>>(
        "GET",
        `/jobs/${encodeURIComponent(name)}/tasks${suffix}`,
      );
    },
  );
}
