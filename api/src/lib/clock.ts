// Time as a dependency: production reads the system clock; tests move a manual clock to cross
// idle timeouts, rescoring periods, hourly windows and UTC midnight without sleeping.

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export type ManualClock = Clock & {
  set(at: Date | string): void;
  advance(ms: number): void;
};

export function createManualClock(start: Date | string = "2026-01-15T12:00:00.000Z"): ManualClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
