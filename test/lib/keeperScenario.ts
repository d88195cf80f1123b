// One process-level scenario's world: a fresh keepers database and the keeper processes started on it
// (against a `hardhat node` and the in-process dev Lightning nodes), killed with SIGKILL and restarted at
// will. A failing scenario's error carries the tail of every keeper's log.
import assert from "node:assert/strict";
import { it } from "vitest";
import {
  type ChainNode,
  createKeeperDatabase,
  type KeeperDatabase,
  type KeeperProcess,
  keeperLogs,
  type Lightning,
  type SwapView,
  startKeeperProcess,
  until,
} from "./bridgeStack.ts";

export class KeeperScenario {
  db!: KeeperDatabase;
  keepers: KeeperProcess[] = [];
  current: KeeperProcess | undefined;
  readonly #chain: ChainNode;
  readonly #lightning: Lightning;
  readonly #env: Record<string, string>;

  constructor(chain: ChainNode, lightning: Lightning, env: Record<string, string> = {}) {
    this.#chain = chain;
    this.#lightning = lightning;
    this.#env = env;
  }

  async open(databases: KeeperDatabase[]) {
    this.db = await createKeeperDatabase();
    databases.push(this.db);
    return this;
  }

  /** Starts keeper `name` (signing with account `keyIndex`) and waits until it serves HTTP. */
  async start(name: string, keyIndex = 7): Promise<KeeperProcess> {
    const keeper = await startKeeperProcess(name, keyIndex, {
      KEEPER_RPC_URL: this.#chain.url,
      KEEPER_GATEWAY: this.#chain.gateway,
      KEEPER_LN_DIR: this.#lightning.serviceDir,
      ...this.#env,
      ...this.db.env,
    });
    this.keepers.push(keeper);
    await keeper.waitHealthy();
    this.current = keeper;
    return keeper;
  }

  /** SIGKILLs `keeper` (the current one by default) and waits until its database session is gone. */
  async kill(keeper = this.current!): Promise<void> {
    await keeper.kill("SIGKILL");
    assert.equal(await keeper.exited, "SIGKILL", `${keeper.name} died of SIGKILL`);
    await this.db.waitSignersFree(this.keepers.filter((k) => k.alive()).length);
  }

  async swap(paymentHash: string): Promise<SwapView | undefined> {
    const via = this.keepers.filter((k) => k.alive()).at(-1);
    if (this.db.kind === "pglite" && !via) return undefined;
    return this.db.swap(paymentHash, via);
  }

  async waitState(paymentHash: string, states: string[], timeoutMs = 60_000): Promise<SwapView> {
    return until(
      `swap ${paymentHash.slice(0, 12)} in ${states.join("|")}`,
      async () => {
        const s = await this.swap(paymentHash);
        return s && states.includes(s.state) ? s : undefined;
      },
      {
        timeoutMs,
        detail: async () => `it is ${(await this.swap(paymentHash))?.state ?? "missing"}`,
      },
    );
  }

  async close() {
    await Promise.all(this.keepers.map((k) => k.kill("SIGKILL")));
  }
}

/**
 * A test run in a fresh scenario (made by `open`), whose failure message includes the keeper logs and
 * whose keepers are always stopped.
 */
export function scenarioTest(
  name: string,
  open: () => Promise<KeeperScenario>,
  body: (s: KeeperScenario) => Promise<void>,
  options: { skip?: string | false; timeout?: number } = {},
) {
  // A skipped scenario carries its reason in its name (vitest's skip takes no reason).
  const title = options.skip ? `${name} (skipped: ${options.skip})` : name;
  it(title, { timeout: options.timeout ?? 180_000, skip: Boolean(options.skip) }, async () => {
    const s = await open();
    try {
      await body(s);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failure = new Error(`${message}\n\nkeeper logs:\n${keeperLogs(s.keepers)}`, {
        cause: error,
      });
      if (error instanceof Error && error.stack)
        failure.stack = `${failure.message}\n${error.stack}`;
      throw failure;
    } finally {
      await s.close();
    }
  });
}
