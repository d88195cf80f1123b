// CPU time accounting for benchmarks that run several processes on one machine (Linux /proc; elsewhere
// every figure is null). Busy cores of the whole machine and of each named process over a window, so
// a result shows whether the machine itself was the limit, and which process spent what.
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build in use). */
const ticksPerSecond = 100;

/** Busy and total ticks of the whole machine (all cores), or undefined off Linux. */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as number[];
    const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    return { busy, total: busy + idle! + (iowait ?? 0) };
  } catch {
    return undefined;
  }
}

/** User + system ticks spent by one process so far, or undefined when it is gone or off Linux. */
function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start at state; utime and stime are 14 and 15.
    const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(after[11]) + Number(after[12]);
  } catch {
    return undefined;
  }
}

export type CpuWindow = {
  /** Ends the window: busy cores of the machine and of each process, and CPU ms each spent per unit. */
  stop(units: number): CpuReport;
};

export type CpuReport = {
  /** Cores the machine kept busy on average over the window (of `cores`). */
  machineBusyCores: number | null;
  cores: number;
  /** Per process: cores busy on average, and CPU milliseconds per unit of work (e.g. per swap). */
  processes: Record<string, { busyCores: number; cpuMsPerUnit: number } | null>;
  /** CPU milliseconds per unit of the whole machine (these processes and everything else). */
  machineCpuMsPerUnit: number | null;
};

/** Starts a window over the machine and the given processes (`self` adds this process). */
export function cpuWindow(processes: Record<string, number | "self">, cores: number): CpuWindow {
  const startedAt = performance.now();
  const machine = machineTicks();
  const self = process.cpuUsage();
  const before = Object.fromEntries(
    Object.entries(processes).map(([name, pid]) => [
      name,
      pid === "self" ? undefined : processTicks(pid),
    ]),
  );
  return {
    stop(units) {
      const seconds = (performance.now() - startedAt) / 1000;
      const machineNow = machineTicks();
      const round = (value: number) => Number(value.toFixed(2));
      const report = (cpuSeconds: number) => ({
        busyCores: round(cpuSeconds / seconds),
        cpuMsPerUnit: round((cpuSeconds * 1000) / units),
      });
      const out: CpuReport["processes"] = {};
      for (const [name, pid] of Object.entries(processes)) {
        if (pid === "self") {
          const used = process.cpuUsage(self);
          out[name] = report((used.user + used.system) / 1e6);
          continue;
        }
        const start = before[name];
        const end = processTicks(pid);
        out[name] =
          start === undefined || end === undefined ? null : report((end - start) / ticksPerSecond);
      }
      const busy =
        machine && machineNow ? (machineNow.busy - machine.busy) / ticksPerSecond : undefined;
      return {
        machineBusyCores: busy === undefined ? null : round(busy / seconds),
        cores,
        processes: out,
        machineCpuMsPerUnit: busy === undefined ? null : round((busy * 1000) / units),
      };
    },
  };
}
