// Linux /proc readings of a child process: its command line and its peak resident memory.
import { readFileSync } from "node:fs";

/** The process' command line (arguments joined by spaces), or undefined when it is gone or off Linux. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return undefined;
  }
}

/** Peak resident set size (VmHWM) of a running process in MB, or null when it is gone or off Linux. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}
