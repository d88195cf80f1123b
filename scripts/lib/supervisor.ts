// Process supervisor behind `npm run dev`: starts services and one-shot tasks in dependency
// order, waits for each to be ready, restarts services that crash (when allowed), and on
// Ctrl-C stops everything in reverse order, escalating to SIGKILL after a grace period.
// Every child runs in its own process group so grandchildren (npx, shells) die with it.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export type ReadyCheck = () => Promise<boolean>;

export type UnitDefinition = {
  /** Unique name, used for log prefixes and `dependsOn`. */
  name: string;
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** `service` runs until stopped; `task` must exit 0 before dependents start. */
  kind: "service" | "task";
  dependsOn?: string[];
  /** Polled until it resolves true (services only). Without it a service is ready once spawned. */
  ready?: ReadyCheck;
  readyTimeoutMs?: number;
  /** Restart a crashed service (with backoff) instead of stopping everything. */
  restart?: { maxRestarts: number; backoffMs: number };
};

export type SupervisorLogger = {
  line(unit: string, stream: "stdout" | "stderr", text: string): void;
  event(text: string): void;
};

export type SupervisorOptions = {
  logger: SupervisorLogger;
  /** Time a unit gets to exit after SIGINT before SIGKILL. */
  stopGraceMs?: number;
  readyPollMs?: number;
  /** How often a running task reports that it is still at work. */
  heartbeatMs?: number;
};

type RunningUnit = {
  def: UnitDefinition;
  child: ChildProcess;
  exited: Promise<number | null>;
};

export class SupervisorError extends Error {
  override name = "SupervisorError";
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export class Supervisor {
  readonly #units: UnitDefinition[];
  readonly #opts: Required<SupervisorOptions>;
  readonly #running = new Map<string, RunningUnit>();
  readonly #startOrder: string[] = [];
  #stopping = false;
  #failure: SupervisorError | undefined;
  #settle!: (error: SupervisorError | undefined) => void;
  /** Resolves when the supervisor has stopped: undefined after a clean stop, an error after a fatal one. */
  readonly done: Promise<SupervisorError | undefined>;

  constructor(units: UnitDefinition[], opts: SupervisorOptions) {
    this.#units = orderByDependencies(units);
    this.#opts = { stopGraceMs: 5_000, readyPollMs: 200, heartbeatMs: 15_000, ...opts };
    this.done = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /** Starts every unit in dependency order. Rejects (after stopping what started) if one fails. */
  async start(): Promise<void> {
    for (const def of this.#units) {
      if (this.#stopping) break;
      try {
        await this.#startUnit(def);
      } catch (error) {
        const failure =
          error instanceof SupervisorError
            ? error
            : new SupervisorError("supervisor.start_failed", String(error));
        await this.#fail(failure);
        throw failure;
      }
    }
  }

  /** Stops every running unit, last started first. Safe to call more than once. */
  async stop(): Promise<void> {
    if (this.#stopping) {
      await this.done;
      return;
    }
    this.#stopping = true;
    for (const name of [...this.#startOrder].reverse()) {
      const unit = this.#running.get(name);
      if (unit) await this.#stopUnit(unit);
    }
    this.#settle(this.#failure);
  }

  async #fail(error: SupervisorError): Promise<void> {
    this.#failure ??= error;
    this.#opts.logger.event(`${error.code}: ${error.message}`);
    await this.stop();
  }

  async #startUnit(def: UnitDefinition, attempt = 0): Promise<void> {
    const started = performance.now();
    const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    this.#opts.logger.event(`${def.name} starting`);
    const unit = this.#spawn(def);
    if (!this.#startOrder.includes(def.name)) this.#startOrder.push(def.name);

    if (def.kind === "task") {
      // A long task (a first compile takes minutes) says it is still at work every `heartbeatMs`.
      const heartbeat = setInterval(
        () => this.#opts.logger.event(`${def.name} still running (${took()})`),
        this.#opts.heartbeatMs,
      );
      const code = await unit.exited.finally(() => clearInterval(heartbeat));
      this.#running.delete(def.name);
      if (code !== 0 && !this.#stopping) {
        throw new SupervisorError("supervisor.task_failed", `${def.name} exited with code ${code}`);
      }
      this.#opts.logger.event(`${def.name} done (${took()})`);
      return;
    }

    await this.#waitReady(unit);
    this.#opts.logger.event(`${def.name} is ready (${took()})`);
    void unit.exited.then((code) => this.#onServiceExit(def, code, attempt));
  }

  async #onServiceExit(def: UnitDefinition, code: number | null, attempt: number): Promise<void> {
    if (this.#stopping) return;
    this.#running.delete(def.name);
    const restart = def.restart;
    if (restart && attempt < restart.maxRestarts) {
      const delay = restart.backoffMs * 2 ** attempt;
      this.#opts.logger.event(
        `${def.name} exited (code ${code}); restart ${attempt + 1}/${restart.maxRestarts} in ${delay} ms`,
      );
      await sleep(delay);
      if (this.#stopping) return;
      try {
        await this.#startUnit(def, attempt + 1);
      } catch (error) {
        await this.#fail(
          error instanceof SupervisorError
            ? error
            : new SupervisorError("supervisor.restart_failed", String(error)),
        );
      }
      return;
    }
    await this.#fail(
      new SupervisorError("supervisor.service_exited", `${def.name} exited with code ${code}`),
    );
  }

  #spawn(def: UnitDefinition): RunningUnit {
    const child = spawn(def.command, def.args ?? [], {
      cwd: def.cwd,
      env: { ...process.env, ...def.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group: stopping it reaches every descendant
    });
    const exited = new Promise<number | null>((resolve) => {
      child.once("error", (error) => {
        this.#opts.logger.line(def.name, "stderr", `failed to start: ${error.message}`);
        resolve(-1);
      });
      child.once("exit", (code, signal) => resolve(code ?? (signal ? null : -1)));
    });
    for (const stream of ["stdout", "stderr"] as const) {
      const source = child[stream];
      if (!source) continue;
      createInterface({ input: source }).on("line", (text) =>
        this.#opts.logger.line(def.name, stream, text),
      );
    }
    const unit = { def, child, exited };
    this.#running.set(def.name, unit);
    return unit;
  }

  async #waitReady(unit: RunningUnit): Promise<void> {
    const { def } = unit;
    if (!def.ready) return;
    const deadline = Date.now() + (def.readyTimeoutMs ?? 60_000);
    let exited = false;
    void unit.exited.then(() => {
      exited = true;
    });
    while (!this.#stopping) {
      if (exited) {
        throw new SupervisorError(
          "supervisor.exited_before_ready",
          `${def.name} exited before it was ready`,
        );
      }
      if (await def.ready().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new SupervisorError("supervisor.ready_timeout", `${def.name} was not ready in time`);
      }
      await sleep(this.#opts.readyPollMs);
    }
  }

  async #stopUnit(unit: RunningUnit): Promise<void> {
    const { child, def } = unit;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    signalGroup(child.pid, "SIGINT");
    const timer = setTimeout(() => {
      this.#opts.logger.event(
        `${def.name} did not stop in ${this.#opts.stopGraceMs} ms; killing it`,
      );
      signalGroup(child.pid!, "SIGKILL");
    }, this.#opts.stopGraceMs);
    await unit.exited;
    clearTimeout(timer);
    this.#running.delete(def.name);
    this.#opts.logger.event(`${def.name} stopped`);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Topological order; throws on unknown dependencies and cycles. */
export function orderByDependencies(units: UnitDefinition[]): UnitDefinition[] {
  const byName = new Map(units.map((u) => [u.name, u]));
  if (byName.size !== units.length) {
    throw new SupervisorError("supervisor.duplicate_unit", "unit names must be unique");
  }
  const ordered: UnitDefinition[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (unit: UnitDefinition, path: string[]) => {
    const seen = state.get(unit.name);
    if (seen === "done") return;
    if (seen === "visiting") {
      throw new SupervisorError("supervisor.dependency_cycle", [...path, unit.name].join(" -> "));
    }
    state.set(unit.name, "visiting");
    for (const dep of unit.dependsOn ?? []) {
      const target = byName.get(dep);
      if (!target) {
        throw new SupervisorError(
          "supervisor.unknown_dependency",
          `${unit.name} depends on unknown ${dep}`,
        );
      }
      visit(target, [...path, unit.name]);
    }
    state.set(unit.name, "done");
    ordered.push(unit);
  };
  for (const unit of units) visit(unit, []);
  return ordered;
}

/** Installs SIGINT/SIGTERM handlers that stop the supervisor once; a second Ctrl-C forces exit. */
export function stopOnSignals(supervisor: Supervisor): void {
  let signalled = false;
  const handler = () => {
    if (signalled) process.exit(130);
    signalled = true;
    void supervisor.stop();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
