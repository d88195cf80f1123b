// The scheduled keepers' durable state (migration 0005): jobs (when each is due, its last outcome, its
// lease), their tasks (one per thing to do, taken with FOR UPDATE SKIP LOCKED so that keepers sharing a
// database split them and never run one twice at once), and the protocol-event outbox.
//
// Why plain tables rather than a job-queue package (pg-boss, graphile-worker): a task's effect is a
// transaction whose purpose the nonce-owning signer records in keepers.chain_txs, and the task must move
// with it; keeping both in the keepers' own schema lets one SQL statement decide what a keeper may do,
// on PGlite as on Postgres, with the same lease rules the bridge's swaps use.
import type { Queryable, Sql } from "../db/sql.ts";

export type JobRow = {
  name: string;
  chainId: number;
  trigger: string;
  schedule: string;
  enabled: boolean;
  nextRunAt: Date;
  nextBlock: bigint | null;
  runs: number;
  failures: number;
  consecutiveFailures: number;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOutcome: "ok" | "failed" | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastSummary: Record<string, unknown> | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
};

export type TaskState = "due" | "sent" | "done" | "skipped" | "failed";

export type Task = {
  id: string;
  job: string;
  subject: string;
  state: TaskState;
  payload: Record<string, unknown>;
  purpose: string | null;
  attempts: number;
  nextRunAt: Date;
  createdAt: Date;
};

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

function jobFromRow(r: Record<string, unknown>): JobRow {
  return {
    name: r.name as string,
    chainId: Number(r.chain_id),
    trigger: r.trigger as string,
    schedule: r.schedule as string,
    enabled: Boolean(r.enabled),
    nextRunAt: new Date(r.next_run_at as string),
    nextBlock: r.next_block === null ? null : BigInt(r.next_block as string),
    runs: Number(r.runs),
    failures: Number(r.failures),
    consecutiveFailures: Number(r.consecutive_failures),
    lastStartedAt: date(r.last_started_at),
    lastFinishedAt: date(r.last_finished_at),
    lastOutcome: (r.last_outcome as JobRow["lastOutcome"]) ?? null,
    lastErrorCode: (r.last_error_code as string | null) ?? null,
    lastErrorMessage: (r.last_error_message as string | null) ?? null,
    lastSummary: (r.last_summary as Record<string, unknown> | null) ?? null,
    leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseUntil: date(r.lease_until),
  };
}

function taskFromRow(r: Record<string, unknown>): Task {
  return {
    id: String(r.id),
    job: r.job as string,
    subject: r.subject as string,
    state: r.state as TaskState,
    payload: (r.payload as Record<string, unknown>) ?? {},
    purpose: (r.purpose as string | null) ?? null,
    attempts: Number(r.attempts),
    nextRunAt: new Date(r.next_run_at as string),
    createdAt: new Date(r.created_at as string),
  };
}

export type ProtocolEvent = {
  type: string;
  /** Lowercase address the event belongs to; null: everyone's. */
  account: string | null;
  data: Record<string, unknown>;
  /** Announce a fact once: a second event of the same type and dedupe is dropped. */
  dedupe?: string;
};

export class JobStore {
  readonly sql: Sql;
  constructor(sql: Sql) {
    this.sql = sql;
  }

  /**
   * Makes the jobs table match this process's configuration: new jobs are added (due now), a changed
   * schedule or enabled flag is written; a job's history stays. Jobs other processes run are untouched.
   */
  async register(
    jobs: { name: string; chainId: number; trigger: string; schedule: string; enabled: boolean }[],
  ): Promise<void> {
    for (const job of jobs) {
      await this.sql.query(
        `insert into keepers.jobs (name, chain_id, trigger, schedule, enabled) values ($1, $2, $3, $4, $5)
         on conflict (name) do update set trigger = excluded.trigger, schedule = excluded.schedule,
           enabled = excluded.enabled, chain_id = excluded.chain_id,
           next_run_at = case when keepers.jobs.schedule <> excluded.schedule then now()
                              else keepers.jobs.next_run_at end,
           updated_at = now()
         where keepers.jobs.schedule <> excluded.schedule or keepers.jobs.enabled <> excluded.enabled
           or keepers.jobs.trigger <> excluded.trigger or keepers.jobs.chain_id <> excluded.chain_id`,
        [job.name, job.chainId, job.trigger, job.schedule, job.enabled],
      );
    }
  }

  /**
   * Leases the jobs among `names` that are due (by time, or by block for per-block jobs) and that no live
   * keeper holds, for `leaseMs`. Each due job goes to exactly one keeper.
   */
  async claimDue(
    names: string[],
    owner: string,
    leaseMs: number,
    head: bigint | undefined,
  ): Promise<JobRow[]> {
    if (names.length === 0) return [];
    const rows = await this.sql.transaction(async (tx) => {
      const due = await tx.query(
        `select name from keepers.jobs
         where name = any($1::text[]) and enabled
           and (lease_until is null or lease_until < now())
           and (next_run_at <= now() or (next_block is not null and $2::bigint is not null and next_block <= $2::bigint))
         for update skip locked`,
        [names, head?.toString() ?? null],
      );
      if (due.length === 0) return [];
      return tx.query(
        `update keepers.jobs set lease_owner = $2, lease_until = now() + ($3::bigint * interval '1 millisecond'),
           last_started_at = now(), updated_at = now()
         where name = any($1::text[]) returning *`,
        [due.map((r) => r.name), owner, leaseMs],
      );
    });
    return rows.map(jobFromRow);
  }

  /** Records a run's end and when the job is due next; releases the lease (only if still ours). */
  async finish(
    name: string,
    owner: string,
    result:
      | {
          outcome: "ok";
          summary: Record<string, unknown>;
          nextRunAt: Date;
          nextBlock: bigint | null;
        }
      | { outcome: "failed"; code: string; message: string; nextRunAt: Date },
  ): Promise<void> {
    if (result.outcome === "ok") {
      await this.sql.query(
        `update keepers.jobs set runs = runs + 1, consecutive_failures = 0, last_outcome = 'ok',
           last_error_code = null, last_error_message = null, last_summary = $3::jsonb,
           last_finished_at = now(), next_run_at = $4, next_block = $5::bigint,
           lease_owner = null, lease_until = null, updated_at = now()
         where name = $1 and lease_owner = $2`,
        [
          name,
          owner,
          JSON.stringify(result.summary),
          result.nextRunAt,
          result.nextBlock?.toString() ?? null,
        ],
      );
    } else {
      await this.sql.query(
        `update keepers.jobs set runs = runs + 1, failures = failures + 1,
           consecutive_failures = consecutive_failures + 1, last_outcome = 'failed',
           last_error_code = $3, last_error_message = $4, last_finished_at = now(),
           next_run_at = $5, next_block = null, lease_owner = null, lease_until = null, updated_at = now()
         where name = $1 and lease_owner = $2`,
        [name, owner, result.code, result.message.slice(0, 1000), result.nextRunAt],
      );
    }
  }

  /** Makes jobs due now (a contract event they listen to arrived). */
  async wake(names: string[]): Promise<void> {
    if (names.length === 0) return;
    await this.sql.query(
      "update keepers.jobs set next_run_at = now(), updated_at = now() where name = any($1::text[]) and next_run_at > now()",
      [names],
    );
  }

  async list(): Promise<JobRow[]> {
    return (await this.sql.query("select * from keepers.jobs order by name")).map(jobFromRow);
  }

  async get(name: string): Promise<JobRow | undefined> {
    const rows = await this.sql.query("select * from keepers.jobs where name = $1", [name]);
    return rows[0] ? jobFromRow(rows[0]) : undefined;
  }

  // ---- tasks ------------------------------------------------------------------------------------

  /**
   * Adds a task per subject that has no open task (due or sent) yet; returns how many were added. Runs
   * of the same job on two keepers, or twice on one, plan each subject once.
   */
  async plan(
    job: string,
    tasks: { subject: string; payload?: Record<string, unknown> }[],
  ): Promise<number> {
    if (tasks.length === 0) return 0;
    const rows = await this.sql.query(
      `insert into keepers.job_tasks (job, subject, state, payload)
       select $1, t.subject, 'due', t.payload
       from jsonb_to_recordset($2::jsonb) as t(subject text, payload jsonb)
       on conflict (job, subject) where state in ('due', 'sent') do nothing
       returning id`,
      [job, JSON.stringify(tasks.map((t) => ({ subject: t.subject, payload: t.payload ?? {} })))],
    );
    return rows.length;
  }

  /** Leases up to `limit` due tasks of `jobs` for `leaseMs`, oldest first. */
  async claimTasks(jobs: string[], owner: string, leaseMs: number, limit: number): Promise<Task[]> {
    if (jobs.length === 0) return [];
    const rows = await this.sql.transaction(async (tx) => {
      const due = await tx.query(
        `select id from keepers.job_tasks
         where job = any($1::text[]) and state in ('due', 'sent') and next_run_at <= now()
           and (lease_until is null or lease_until < now())
         order by next_run_at, id limit $2
         for update skip locked`,
        [jobs, limit],
      );
      if (due.length === 0) return [];
      return tx.query(
        `update keepers.job_tasks set lease_owner = $2,
           lease_until = now() + ($3::bigint * interval '1 millisecond'),
           attempts = attempts + 1, keeper = $2, updated_at = now()
         where id = any($1::bigint[]) returning *`,
        [due.map((r) => r.id), owner, leaseMs],
      );
    });
    return rows.map(taskFromRow);
  }

  /** Records the purpose of the transaction a task is about to send (before the signer sends it). */
  async setPurpose(task: Task, owner: string, purpose: string): Promise<void> {
    await this.sql.query(
      "update keepers.job_tasks set purpose = $3, updated_at = now() where id = $1 and lease_owner = $2",
      [task.id, owner, purpose],
    );
  }

  /**
   * Moves a leased task on: `sent` (its transaction is out; look again at `runAt`), or a final state
   * with its outcome, plus the protocol events that announce it, in one transaction. Refused (returns
   * false) when the lease was lost meanwhile.
   */
  async move(
    task: Task,
    owner: string,
    to: TaskState,
    options: {
      runAt?: Date;
      outcome?: Record<string, unknown>;
      error?: { code: string; message: string };
      events?: ProtocolEvent[];
      payload?: Record<string, unknown>;
    } = {},
  ): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const final = to === "done" || to === "skipped" || to === "failed";
      const rows = await tx.query(
        `update keepers.job_tasks set state = $3, next_run_at = coalesce($4, next_run_at),
           outcome = coalesce($5::jsonb, outcome), error_code = $6, error_message = $7,
           payload = coalesce($8::jsonb, payload),
           lease_owner = case when $9 then null else lease_owner end,
           lease_until = case when $9 then null else lease_until end, updated_at = now()
         where id = $1 and lease_owner = $2 returning id`,
        [
          task.id,
          owner,
          to,
          options.runAt ?? null,
          options.outcome ? JSON.stringify(options.outcome) : null,
          options.error?.code ?? null,
          options.error?.message.slice(0, 1000) ?? null,
          options.payload ? JSON.stringify(options.payload) : null,
          final || options.runAt !== undefined,
        ],
      );
      if (rows.length === 0) return false;
      await appendEvents(tx, options.events ?? []);
      return true;
    });
  }

  /** A task that failed for a reason that may pass: due again at `runAt`, lease released. */
  async retry(task: Task, owner: string, runAt: Date, error: { code: string; message: string }) {
    await this.sql.query(
      `update keepers.job_tasks set next_run_at = $3, error_code = $4, error_message = $5,
         lease_owner = null, lease_until = null, updated_at = now()
       where id = $1 and lease_owner = $2`,
      [task.id, owner, runAt, error.code, error.message.slice(0, 1000)],
    );
  }

  async tasks(
    filter: { job?: string; states?: TaskState[]; limit?: number } = {},
  ): Promise<(Task & { outcome: unknown; errorCode: string | null; keeper: string | null })[]> {
    const rows = await this.sql.query(
      `select * from keepers.job_tasks
       where ($1::text is null or job = $1) and ($2::text[] is null or state = any($2::text[]))
       order by id desc limit $3`,
      [filter.job ?? null, filter.states ?? null, filter.limit ?? 100],
    );
    return rows.map((r) => ({
      ...taskFromRow(r),
      outcome: r.outcome ?? null,
      errorCode: (r.error_code as string | null) ?? null,
      keeper: (r.keeper as string | null) ?? null,
    }));
  }

  /** Open (due or sent) task counts by job. */
  async openTasks(): Promise<Record<string, number>> {
    const rows = await this.sql.query<{ job: string; n: string }>(
      "select job, count(*)::text as n from keepers.job_tasks where state in ('due', 'sent') group by job",
    );
    return Object.fromEntries(rows.map((r) => [r.job, Number(r.n)]));
  }

  /** Appends protocol events outside any task (a stale feed seen by a job's run). */
  async announce(events: ProtocolEvent[]): Promise<number> {
    return appendEvents(this.sql, events);
  }
}

/** Appends to the protocol-event outbox; an event whose (type, dedupe) was announced before is dropped. */
async function appendEvents(q: Queryable, events: ProtocolEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = await q.query(
    `insert into keepers.job_events (type, account, data, dedupe)
     select e.type, e.account, e.data, e.dedupe
     from jsonb_to_recordset($1::jsonb) as e(type text, account text, data jsonb, dedupe text)
     on conflict (type, dedupe) where dedupe is not null do nothing
     returning id`,
    [
      JSON.stringify(
        events.map((e) => ({
          type: e.type,
          account: e.account?.toLowerCase() ?? null,
          data: e.data,
          dedupe: e.dedupe ?? null,
        })),
      ),
    ],
  );
  return rows.length;
}
