// The Keepers tab's rules, apart from React: what the API's answer says about the tab (admins only,
// keepers not configured or down), and each job's last run, next run and tasks in words.
import { relativeTime } from "../../ui/format.ts";
import { accessOf } from "./reviewLogic.ts";

/** How often the tab reads the keepers' state. */
export const keepersRefreshMs = 5_000;

export type KeepersAccess =
  | "allowed"
  | "adminsOnly"
  | "signIn"
  /** The API has no KEEPER_JOBS_URL. */
  | "notConfigured"
  /** The keepers did not answer (down, slow, or a wrong service key). */
  | "unavailable"
  | "error";

export function keepersAccess(error: unknown): KeepersAccess {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (code === "keepers.not_configured") return "notConfigured";
  if (code === "keepers.unavailable") return "unavailable";
  const access = accessOf(error, true);
  return access === "reviewersOnly" ? "adminsOnly" : access;
}

/** Keeps reading while the keepers may come back; stops for answers that will not change. */
export function keepersRefetchInterval(error: unknown): number | false {
  const access = keepersAccess(error);
  return access === "allowed" || access === "unavailable" || access === "error"
    ? keepersRefreshMs
    : false;
}

export type JobView = {
  name: string;
  trigger: string;
  schedule: string;
  enabled: boolean;
  nextRunAt: string;
  nextBlock: string | null;
  runs: number;
  failures: number;
  consecutiveFailures: number;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: "ok" | "failed" | null;
  lastError: { code: string; message: string | null } | null;
  lease: { owner: string; until: string } | null;
  openTasks: number;
};

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** The last run: its outcome as a badge, when it ended, and the error of a failed one. */
export function lastRun(
  job: JobView,
  nowMs: number,
): { label: string; tone: "ok" | "danger" | "muted"; when: string | null; error: string | null } {
  const when = job.lastFinishedAt ? relativeTime(seconds(job.lastFinishedAt), nowMs / 1000) : null;
  if (job.lastOutcome === "ok") return { label: "OK", tone: "ok", when, error: null };
  if (job.lastOutcome === "failed") {
    const error = job.lastError
      ? `${job.lastError.code}${job.lastError.message ? `: ${job.lastError.message}` : ""}`
      : null;
    return { label: "Failed", tone: "danger", when, error };
  }
  return { label: "Not run yet", tone: "muted", when: null, error: null };
}

/** When the job runs next: running now (leased), at a block, due now, or in how long. */
export function nextRun(job: JobView, nowMs: number): string {
  if (!job.enabled) return "Disabled";
  if (job.lease) return "Running now";
  if (job.trigger === "block" && job.nextBlock !== null) return `At block ${job.nextBlock}`;
  const at = seconds(job.nextRunAt);
  if (Number.isNaN(at)) return "—";
  return at <= nowMs / 1000 ? "Due now" : relativeTime(at, nowMs / 1000);
}

/** "12 runs, 2 failed (1 in a row)". */
export function runsText(job: JobView): string {
  const runs = `${job.runs.toLocaleString("en-US")} run${job.runs === 1 ? "" : "s"}`;
  if (job.failures === 0) return runs;
  const streak = job.consecutiveFailures > 0 ? ` (${job.consecutiveFailures} in a row)` : "";
  return `${runs}, ${job.failures.toLocaleString("en-US")} failed${streak}`;
}

export const taskStates = ["due", "sent", "done", "skipped", "failed"] as const;
export type TaskState = (typeof taskStates)[number];

export const taskTone: Record<TaskState, "ok" | "warn" | "danger" | "muted"> = {
  due: "warn",
  sent: "warn",
  done: "ok",
  skipped: "muted",
  failed: "danger",
};

/** A task's outcome or error in a line: the error code, else the outcome's fields. */
export function taskResult(task: { outcome: unknown; errorCode: string | null }): string {
  if (task.errorCode) return task.errorCode;
  const outcome = task.outcome;
  if (outcome === null || outcome === undefined) return "—";
  if (typeof outcome !== "object") return String(outcome);
  const entries = Object.entries(outcome as Record<string, unknown>)
    .filter(([, value]) => value !== null && typeof value !== "object")
    .slice(0, 3)
    .map(([key, value]) => `${key} ${String(value)}`);
  return entries.length > 0 ? entries.join(", ") : "—";
}
