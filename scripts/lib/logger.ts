// Console + file logger for the dev supervisor: every unit's output goes to .dev/logs/<unit>.log;
// the console shows it prefixed with the unit's name (coloured on a TTY) unless the unit is quiet.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import type { SupervisorLogger } from "./supervisor.ts";

const colours = [36, 35, 33, 32, 34, 91, 96, 95];

export type ConsoleLoggerOptions = { logDir: string; quietUnits?: string[] };

export function createConsoleLogger({
  logDir,
  quietUnits = [],
}: ConsoleLoggerOptions): SupervisorLogger {
  mkdirSync(logDir, { recursive: true });
  const tty = process.stdout.isTTY;
  const quiet = new Set(quietUnits);
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
      if (quiet.has(unit) && stream === "stdout") return;
      (stream === "stderr" ? process.stderr : process.stdout).write(`${prefix} ${text}\n`);
    },
    event(text) {
      process.stdout.write(`${tty ? "\x1b[2m" : ""}dev      ${text}${tty ? "\x1b[0m" : ""}\n`);
    },
  };
}
