// Console + file logger for the dev supervisor: every unit's output goes to .dev/logs/<unit>.log;
// the console shows it prefixed with the unit's name (coloured on a TTY), except a quiet unit's
// ordinary output: of a quiet unit the console shows only stderr and warnings or errors (pino JSON
// lines of level 40 and up, other lines that say "warn" or "error"), of a silent one only stderr.
// Supervisor events carry the time since the start.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import type { SupervisorLogger } from "./supervisor.ts";

const colours = [36, 35, 33, 32, 34, 91, 96, 95];

export type ConsoleLoggerOptions = {
  logDir: string;
  /** Units whose stdout reaches the console only for warnings and errors. */
  quietUnits?: string[];
  /** Units whose stdout never reaches the console (a node's log of its clients' reverted calls). */
  silentUnits?: string[];
};

/** Whether a line of a quiet unit's stdout is a warning or an error (worth the console). */
export function isWarningOrError(text: string): boolean {
  if (text.startsWith("{")) {
    try {
      const level = (JSON.parse(text) as { level?: unknown }).level;
      if (typeof level === "number") return level >= 40;
      if (typeof level === "string") return /^(warn|error|fatal)/i.test(level);
    } catch {
      // Not JSON after all: judged by its words below.
    }
  }
  return /\b(warn(ing)?|error|fatal)\b/i.test(text);
}

export function createConsoleLogger({
  logDir,
  quietUnits = [],
  silentUnits = [],
}: ConsoleLoggerOptions): SupervisorLogger {
  mkdirSync(logDir, { recursive: true });
  const tty = process.stdout.isTTY;
  const quiet = new Set(quietUnits);
  const silent = new Set(silentUnits);
  const started = performance.now();
  const seen = new Map<string, number>();
  const label = (unit: string) => {
    if (!seen.has(unit)) {
      seen.set(unit, seen.size);
      writeFileSync(`${logDir}${unit}.log`, "");
    }
    const text = unit.padEnd(8);
    return tty ? `\x1b[${colours[seen.get(unit)! % colours.length]}m${text}\x1b[0m` : text;
  };
  return {
    line(unit, stream, text) {
      const prefix = label(unit);
      appendFileSync(`${logDir}${unit}.log`, `${text}\n`);
      if (stream === "stdout" && silent.has(unit)) return;
      if (stream === "stdout" && quiet.has(unit) && !isWarningOrError(text)) return;
      (stream === "stderr" ? process.stderr : process.stdout).write(`${prefix} ${text}\n`);
    },
    event(text) {
      const at = `+${((performance.now() - started) / 1000).toFixed(1)}s`.padStart(7);
      process.stdout.write(`${tty ? "\x1b[2m" : ""}dev ${at} ${text}${tty ? "\x1b[0m" : ""}\n`);
    },
  };
}
