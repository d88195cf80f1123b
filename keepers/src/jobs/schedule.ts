// When a job runs: every N milliseconds, on a cron schedule (5 or 6 fields, UTC), or every N blocks, the
// three triggers Gelato and Chainlink Automation offer besides log triggers; a job is also woken early by
// the contract events it listens to (see runtime.ts). `parseSchedule` validates the text a KEEPER_*_SCHEDULE
// variable holds; `nextRun` says when a job that just ran is due again.
import { Cron } from "croner";

export type Schedule =
  | { trigger: "interval"; everyMs: number; text: string }
  | { trigger: "cron"; cron: Cron; text: string }
  | { trigger: "block"; everyBlocks: number; text: string };

export class ScheduleError extends Error {
  override name = "ScheduleError";
}

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * `every 30s` | `every 500ms` | `every 2m` | `every block` | `every 3 blocks` | `cron 0 * * * *`
 * (any 5- or 6-field cron expression, UTC).
 * A bare duration (`30s`) means `every 30s`.
 */
export function parseSchedule(raw: string): Schedule {
  const text = raw.trim().replace(/\s+/g, " ");
  const cron = /^cron (.+)$/.exec(text);
  if (cron) {
    try {
      return { trigger: "cron", cron: new Cron(cron[1]!, { paused: true, timezone: "UTC" }), text };
    } catch (error) {
      throw new ScheduleError(`invalid cron expression "${cron[1]}": ${(error as Error).message}`);
    }
  }
  const blocks = /^every (?:(\d+) )?blocks?$/.exec(text);
  if (blocks) {
    const everyBlocks = Number(blocks[1] ?? 1);
    if (everyBlocks < 1 || everyBlocks > 100_000) {
      throw new ScheduleError(`"${text}": the block count must be in [1, 100000]`);
    }
    return { trigger: "block", everyBlocks, text };
  }
  const every = /^(?:every )?(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (every) {
    const everyMs = Math.round(Number(every[1]) * units[every[2]!]!);
    if (everyMs < 10 || everyMs > 7 * 86_400_000) {
      throw new ScheduleError(`"${text}": the interval must be between 10ms and 7 days`);
    }
    return { trigger: "interval", everyMs, text };
  }
  throw new ScheduleError(
    `"${raw}" is not a schedule: use "every 30s", "every block", "every 5 blocks" or "cron */5 * * * *"`,
  );
}

/** When a job on `schedule` that finished at `now` (at chain block `block`) is due again. */
export function nextRun(
  schedule: Schedule,
  now: Date,
  block: bigint | undefined,
): { at: Date; block: bigint | null } {
  switch (schedule.trigger) {
    case "interval":
      return { at: new Date(now.getTime() + schedule.everyMs), block: null };
    case "cron":
      return {
        at: schedule.cron.nextRun(now) ?? new Date(now.getTime() + 86_400_000),
        block: null,
      };
    case "block":
      // Due by block; the time is a fallback that makes a job run even when no block comes (a quiet
      // chain still ages: the oracle job reports stale feeds; an indexer catches up meanwhile).
      return {
        at: new Date(now.getTime() + 10_000),
        block: (block ?? 0n) + BigInt(schedule.everyBlocks),
      };
  }
}

/**
 * Backoff after `failures` consecutive failed runs: 1 s doubling to `maxMs`, with up to 20% jitter so
 * that keepers sharing a failing dependency do not retry in step.
 */
export function backoffMs(failures: number, maxMs = 300_000, random = Math.random): number {
  const base = Math.min(1_000 * 2 ** Math.max(0, failures - 1), maxMs);
  return Math.round(base * (1 + 0.2 * random()));
}
