// The Keepers tab (admins): the scheduled keepers' jobs as their own HTTP reports them through the API
// (/v1/admin/keepers/jobs): schedule, last outcome with its error, next run, runs and failures, open
// tasks and the keeper holding the job now, refreshed every few seconds; and a job's latest tasks.
// Loaded with the tab, not with the Review page.
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useId, useState } from "react";
import { api, call } from "../../api/client.ts";
import { Empty, ErrorState, QueryView } from "../../ui/States.tsx";
import { TableWrap } from "../../ui/TableWrap.tsx";
import {
  type JobView,
  keepersAccess,
  keepersRefetchInterval,
  keepersRefreshMs,
  lastRun,
  nextRun,
  runsText,
  type TaskState,
  taskResult,
  taskStates,
  taskTone,
} from "./keepersLogic.ts";

export function useKeeperJobs() {
  return useQuery({
    queryKey: ["admin", "keepers", "jobs"],
    queryFn: () => call(api.GET("/v1/admin/keepers/jobs")),
    refetchInterval: (q) => keepersRefetchInterval(q.state.error),
    retry: false,
  });
}

export function Keepers() {
  const id = useId();
  const jobs = useKeeperJobs();
  const access = keepersAccess(jobs.error);
  if (access === "adminsOnly") {
    return (
      <section className="card review-denied" role="status" data-testid="keepers-admins-only">
        <h2>Admins only</h2>
        <p>The keepers' state is for admins.</p>
      </section>
    );
  }
  const header = (
    <>
      <h2 id={`${id}-title`}>Keepers</h2>
      <p className="muted">
        The scheduled keepers' jobs (liquidations, oracle syncs, fee distribution, refunds), as the
        keepers report them; refreshed every {keepersRefreshMs / 1000} s.
      </p>
    </>
  );
  let body: ReactNode;
  if (access === "notConfigured") {
    body = (
      <Empty>
        This API is not connected to the scheduled keepers: set <code>KEEPER_JOBS_URL</code> (and{" "}
        <code>KEEPER_SERVICE_KEY</code>) on the API.
      </Empty>
    );
  } else if (access === "unavailable" && !jobs.isPending) {
    body = (
      <ErrorState
        error={Object.assign(
          new Error("The scheduled keepers did not answer: they may be down. Retrying…"),
          { code: "keepers.unavailable" },
        )}
        retry={() => void jobs.refetch()}
      />
    );
  } else {
    body = (
      <QueryView
        query={jobs}
        what="the keepers' jobs"
        isEmpty={(d) => d.jobs.length === 0}
        empty="No jobs yet: the keepers register theirs when they start."
      >
        {(data) => (
          <>
            <JobsTable jobs={data.jobs} nowMs={Date.now()} />
            <JobTasks names={data.jobs.map((job) => job.name)} />
          </>
        )}
      </QueryView>
    );
  }
  return (
    <section aria-labelledby={`${id}-title`} className="review-keepers" data-testid="keepers">
      {header}
      {body}
    </section>
  );
}

export function JobsTable({ jobs, nowMs }: { jobs: JobView[]; nowMs: number }) {
  return (
    <TableWrap label="Keeper jobs">
      <table>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Schedule</th>
            <th scope="col">Last run</th>
            <th scope="col">Next run</th>
            <th scope="col">Runs</th>
            <th scope="col" className="num">
              Open tasks
            </th>
            <th scope="col">Held by</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const last = lastRun(job, nowMs);
            return (
              <tr key={job.name} data-job={job.name}>
                <th scope="row">
                  {job.name}
                  {job.enabled ? null : (
                    <>
                      {" "}
                      <span className="badge">disabled</span>
                    </>
                  )}
                </th>
                <td>{job.schedule}</td>
                <td>
                  <span className={`badge ${last.tone === "muted" ? "" : last.tone}`}>
                    {last.label}
                  </span>
                  {last.when ? <span className="muted"> {last.when}</span> : null}
                  {last.error ? (
                    <div className="error keepers-error" data-testid="job-error">
                      {last.error}
                    </div>
                  ) : null}
                </td>
                <td>{nextRun(job, nowMs)}</td>
                <td>{runsText(job)}</td>
                <td className="num">{job.openTasks}</td>
                <td>{job.lease ? <code>{job.lease.owner}</code> : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

function JobTasks({ names }: { names: string[] }) {
  const id = useId();
  const [chosen, setChosen] = useState<string>();
  const [state, setState] = useState<TaskState | "">("");
  const job = chosen && names.includes(chosen) ? chosen : names[0];
  const tasks = useQuery({
    queryKey: ["admin", "keepers", "tasks", job, state],
    enabled: job !== undefined,
    queryFn: () =>
      call(
        api.GET("/v1/admin/keepers/jobs/{name}/tasks", {
          params: { path: { name: job! }, query: { limit: "20", ...(state ? { state } : {}) } },
        }),
      ),
    refetchInterval: (q) => keepersRefetchInterval(q.state.error),
    retry: false,
  });
  if (job === undefined) return null;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Latest tasks</h3>
      <div className="row review-filter-form">
        <div className="field">
          <label htmlFor={`${id}-job`}>Job</label>
          <select id={`${id}-job`} value={job} onChange={(e) => setChosen(e.target.value)}>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-state`}>State</label>
          <select
            id={`${id}-state`}
            value={state}
            onChange={(e) => setState(e.target.value as TaskState | "")}
          >
            <option value="">Any</option>
            {taskStates.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryView
        query={tasks}
        what={`the tasks of ${job}`}
        isEmpty={(d) => d.tasks.length === 0}
        empty={`No ${state ? `${state} ` : ""}tasks of ${job}.`}
      >
        {(data) => (
          <TableWrap label={`Tasks of ${job}`}>
            <table>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Task
                  </th>
                  <th scope="col">Subject</th>
                  <th scope="col">State</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Result</th>
                  <th scope="col">Keeper</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {data.tasks.map((task) => (
                  <tr key={task.id}>
                    <td className="num">{task.id}</td>
                    <td>
                      <code title={task.subject}>
                        {task.subject.length > 24 ? `${task.subject.slice(0, 20)}…` : task.subject}
                      </code>
                    </td>
                    <td>
                      <span className={`badge ${taskTone[task.state]}`}>{task.state}</span>
                    </td>
                    <td className="num">{task.attempts}</td>
                    <td>{taskResult(task)}</td>
                    <td>{task.keeper ? <code>{task.keeper}</code> : "—"}</td>
                    <td>{new Date(task.createdAt).toLocaleString("en-GB")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </QueryView>
    </section>
  );
}
