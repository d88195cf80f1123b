// Builds a real app for tests: a fresh database on the chosen backend, a manual clock, silent
// logs, and the real risk model. Close it with `await app.close()` (drops the test database).
import { type App, type BuildAppOptions, buildApp } from "../app.ts";
import { type Config, loadConfig } from "../config.ts";
import { createManualClock, type ManualClock } from "../lib/clock.ts";
import { type Backend, openTestDatabase } from "./backends.ts";

export type TestApp = App & { clock: ManualClock };

export type BuildTestAppOptions = {
  backend?: Backend;
  /** Environment overrides, e.g. { API_ADMINS: "0x..." }. */
  env?: Record<string, string>;
  start?: Date | string;
  /** Chain access for contract-wallet sign-in (e.g. an in-process Hardhat network's client). */
  publicClient?: BuildAppOptions["publicClient"];
  /** Registers extra (test-only) routes or hooks before the app is readied. */
  extend?: (app: App) => void | Promise<void>;
  /** The deployment records /v1/ccip serves, and how it reaches each chain (in-process chains). */
  deployments?: BuildAppOptions["deployments"];
  chainTransports?: BuildAppOptions["chainTransports"];
};

export async function buildTestApp({
  backend = "pglite",
  env = {},
  start,
  publicClient,
  extend,
  deployments,
  chainTransports,
}: BuildTestAppOptions = {}) {
  const config: Config = loadConfig({ API_LOG_LEVEL: "silent", API_DATA_DIR: "memory://", ...env });
  const database = await openTestDatabase(backend);
  const clock = createManualClock(start);
  const app = await buildApp({
    config,
    clock,
    database,
    logger: false,
    publicClient,
    deployments,
    chainTransports,
  });
  app.addHook("onClose", () => database.close());
  await extend?.(app);
  await app.ready();
  return app as TestApp;
}
