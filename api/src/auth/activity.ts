// Per-process request counters feeding the server-derived risk features: rapidApiCalls (a
// session's requests in the last 60 s) and actionsPerHour (its step-up actions in the last hour).
// In memory on purpose: they are rates over short windows, cheap to lose on restart.

const minute = 60_000;
const hour = 60 * minute;

export type SessionActivity = {
  /** Records one authenticated request of the session at `at` (ms). */
  request(sessionId: string, at: number): void;
  /** Records one request that went through requireStepUp. */
  action(sessionId: string, at: number): void;
  requestsLastMinute(sessionId: string, at: number): number;
  actionsLastHour(sessionId: string, at: number): number;
  forget(sessionId: string): void;
  /** Drops sessions without activity in the last hour (called by the sweep). */
  prune(at: number): void;
};

declare module "fastify" {
  interface FastifyInstance {
    /** Request counters per session (plugins/auth.ts). */
    sessionActivity: SessionActivity;
  }
}

type Window = { times: number[]; span: number };

function trim(window: Window, at: number): void {
  const from = at - window.span;
  let drop = 0;
  while (drop < window.times.length && window.times[drop]! <= from) drop++;
  if (drop > 0) window.times.splice(0, drop);
}

// Bounds memory per session; far above what the model distinguishes (its clamps are lower).
const maxEntries = 100_000;

export function createSessionActivity(): SessionActivity {
  const requests = new Map<string, Window>();
  const actions = new Map<string, Window>();

  function record(map: Map<string, Window>, span: number, sessionId: string, at: number) {
    let window = map.get(sessionId);
    if (!window) {
      window = { times: [], span };
      map.set(sessionId, window);
    }
    trim(window, at);
    if (window.times.length >= maxEntries) window.times.shift();
    window.times.push(at);
  }

  function count(map: Map<string, Window>, sessionId: string, at: number): number {
    const window = map.get(sessionId);
    if (!window) return 0;
    trim(window, at);
    return window.times.length;
  }

  return {
    request: (sessionId, at) => record(requests, minute, sessionId, at),
    action: (sessionId, at) => record(actions, hour, sessionId, at),
    requestsLastMinute: (sessionId, at) => count(requests, sessionId, at),
    actionsLastHour: (sessionId, at) => count(actions, sessionId, at),
    forget(sessionId) {
      requests.delete(sessionId);
      actions.delete(sessionId);
    },
    prune(at) {
      for (const map of [requests, actions]) {
        for (const [sessionId, window] of map) {
          trim(window, at);
          if (window.times.length === 0) map.delete(sessionId);
        }
      }
    },
  };
}
