// A whole Lightning bridge made of real processes, for process-level fault injection: a `hardhat node`
// child process with the protocol deployed on it, the two dev Lightning nodes ("user" pays, "service" is
// the bridge's node) in this process, a keepers database (a fresh Postgres database when one is reachable,
// else an embedded PGlite directory), and bridge keepers started as `node keepers/src/main.ts` child
// processes that a test can SIGKILL at any moment and start again on the same database.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { syntheticAssetAbi, synthVaultAbi } from "@fluxion/deploy";
import { type DevNetworkHandle, startDevNetwork } from "@fluxion/lnd-dev";
import type { NetworkConnection } from "hardhat/types/network";
import { authenticatedLndGrpc } from "lightning";
import {
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  parseAbi,
  parseAbiItem,
  parseUnits,
  toHex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { catchUpChainClock } from "../../deploy/src/chainClock.ts";
import { loadNetworkConfig } from "../../deploy/src/config.ts";
import { deployFluxion } from "../../deploy/src/deployFluxion.ts";
import type { DeploymentRecord } from "../../deploy/src/deploymentRecord.ts";
import type { Wallet } from "../../deploy/src/seed/actors.ts";
import { openSql, type Sql } from "../../keepers/src/db/sql.ts";
import { grantKeeperRole } from "../../keepers/src/testing/chain.ts";
import { freePort, httpOk, rpcAnswers } from "../../scripts/lib/rpc.ts";
import { createTestDatabase, postgresProblem } from "../../scripts/lib/testPostgres.ts";

export const root = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const hardhatPackage = require.resolve("hardhat/package.json");
const hardhatCli = join(dirname(hardhatPackage), require(hardhatPackage).bin.hardhat as string);
const hardhatMnemonic = "test test test test test test test test test test test junk";

/** Why the keepers cannot share a Postgres database here (null when they can). */
export { postgresProblem };

/** Hardhat development account `index`: its address and private key (never on a real network). */
export function devKey(index: number): { address: Address; privateKey: Hex } {
  const account = mnemonicToAccount(hardhatMnemonic, { addressIndex: index });
  return { address: account.address, privateKey: toHex(account.getHdKey().privateKey!) };
}

/** Polls `probe` until it returns something truthy; on timeout the error names `what` and `detail()`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  options: {
    timeoutMs?: number;
    intervalMs?: number;
    detail?: () => Promise<string> | string;
  } = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const detail = options.detail ? `: ${await options.detail()}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Keeps the last `max` characters written by a child process. */
function capture(child: ChildProcess, max: number): () => string {
  let text = "";
  const add = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    if (text.length > max * 2) text = text.slice(-max);
  };
  child.stdout?.on("data", add);
  child.stderr?.on("data", add);
  return () => text.slice(-max);
}

function exitOf(child: ChildProcess): Promise<number | string | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode ?? child.signalCode);
      return;
    }
    child.once("exit", (code, signal) => resolve(code ?? signal));
  });
}

/** Kills a detached child's whole process group (ignores one that is gone). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

// ---- the chain ---------------------------------------------------------------------------------

const gatewayEvents = {
  MintLocked: parseAbiItem(
    "event MintLocked(bytes32 indexed paymentHash, address indexed recipient, address indexed synth, uint64 sats, uint256 amount, uint256 fee, uint64 timelock)",
  ),
  MintClaimed: parseAbiItem(
    "event MintClaimed(bytes32 indexed paymentHash, bytes32 preimage, address indexed recipient, uint256 amount, uint256 fee)",
  ),
  MintRefunded: parseAbiItem(
    "event MintRefunded(bytes32 indexed paymentHash, address indexed recipient, uint256 amount)",
  ),
  BurnLocked: parseAbiItem(
    "event BurnLocked(bytes32 indexed paymentHash, address indexed locker, address indexed synth, uint64 sats, uint256 amount, uint256 fee, uint64 timelock)",
  ),
  BurnClaimed: parseAbiItem(
    "event BurnClaimed(bytes32 indexed paymentHash, bytes32 preimage, address indexed locker, uint256 amount, uint256 fee)",
  ),
  BurnRefunded: parseAbiItem(
    "event BurnRefunded(bytes32 indexed paymentHash, address indexed locker, uint256 amount)",
  ),
} as const;
export type GatewayEvent = keyof typeof gatewayEvents;

export type ChainNode = Awaited<ReturnType<typeof startChainNode>>;

/**
 * A `hardhat node` child process on a free port with the protocol deployed on it by Ignition from this
 * process. Ignition's journal goes to a temporary directory (never the repository's), and nothing of
 * the repository's deployment records is touched: the keepers are given the gateway's address.
 */
export async function startChainNode() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [hardhatCli, "node", "--hostname", "127.0.0.1", "--port", String(port)],
    { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output = capture(child, 20_000);
  const exited = exitOf(child);
  const ignitionDir = mkdtempSync(join(tmpdir(), "fluxion-ignition-"));
  let connection: NetworkConnection | undefined;
  try {
    let gone: number | string | null | undefined;
    void exited.then((code) => {
      gone = code ?? "exited";
    });
    await until("the hardhat node", async () => gone !== undefined || (await rpcAnswers(url)), {
      timeoutMs: 90_000,
      intervalMs: 200,
      detail: () => output(),
    });
    if (gone !== undefined) throw new Error(`hardhat node exited (${gone}):\n${output()}`);

    // A Hardhat runtime of our own: the repository's config, its localhost network at this node, and
    // Ignition's deployments directory somewhere temporary.
    const { createHardhatRuntimeEnvironment } = await import("hardhat/hre");
    const configPath = join(root, "hardhat.config.ts");
    const userConfig = (await import(configPath)).default as Parameters<
      typeof createHardhatRuntimeEnvironment
    >[0];
    const hre = await createHardhatRuntimeEnvironment(
      {
        ...userConfig,
        paths: { ...userConfig.paths, ignition: ignitionDir },
        networks: {
          ...userConfig.networks,
          localhost: { type: "http", chainType: "l1", url },
        },
      },
      { config: configPath },
      root,
    );
    connection = await hre.network.create({ network: "localhost" });
    const record: DeploymentRecord = await deployFluxion(
      connection,
      loadNetworkConfig("localhost"),
    );
    const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
    // The node starts in the past (hardhat.config.ts): from here on its blocks carry real time.
    await catchUpChainClock(publicClient);
    const wallets = (await connection.viem.getWalletClients()) as unknown as Wallet[];
    const conn = connection;
    const gateway = record.contracts.LightningGateway!.address as Address;

    const rpc = async (method: string, params: unknown[] = []): Promise<unknown> => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      const body = (await response.json()) as { result?: unknown; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result;
    };

    return {
      url,
      /** The node's process id (a benchmark accounts its CPU time). */
      pid: child.pid!,
      connection: conn,
      record,
      publicClient,
      wallets,
      gateway,
      rpc,
      output,
      synth: (symbol: string) => record.synths[symbol]!.address as Address,
      async setAutomine(on: boolean) {
        await rpc("evm_setAutomine", [on]);
      },
      async mine() {
        await rpc("evm_mine");
      },
      async increaseTime(seconds: number) {
        await rpc("evm_increaseTime", [seconds]);
        await rpc("evm_mine");
      },
      /** Chain time: the latest block's timestamp. */
      async now(): Promise<bigint> {
        return (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
      },
      /** Whether a transaction is known to the node but not yet in a block. */
      async inMempool(hash: Hex): Promise<boolean> {
        const tx = (await rpc("eth_getTransactionByHash", [hash])) as {
          blockNumber: string | null;
        } | null;
        return tx !== null && tx.blockNumber === null;
      },
      /** How many of `event` the gateway emitted for `paymentHash`. */
      async count(event: GatewayEvent, paymentHash: string): Promise<number> {
        const logs = await publicClient.getLogs({
          address: gateway,
          event: gatewayEvents[event],
          args: { paymentHash: `0x${paymentHash}` } as never,
          fromBlock: 0n,
        });
        return logs.length;
      },
      /** The payment hashes (no 0x) of every `event` the gateway emitted. */
      async hashesOf(event: GatewayEvent): Promise<string[]> {
        const logs = await publicClient.getLogs({
          address: gateway,
          event: gatewayEvents[event],
          fromBlock: 0n,
        });
        return logs.map((l) => (l.topics[1] as string).slice(2));
      },
      /** Grants KEEPER_ROLE to `account` the way governance would (as the Timelock, impersonated). */
      grantKeeper: (account: Address) =>
        grantKeeperRole(
          { connection: conn, publicClient, rpc },
          { gateway, timelock: record.contracts.FluxionTimelock!.address as Address },
          account,
        ),
      async close() {
        await conn.close().catch(() => {});
        killGroup(child);
        await exited;
        rmSync(ignitionDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await connection?.close().catch(() => {});
    killGroup(child);
    rmSync(ignitionDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Wallet `index` of the chain, holding 0.1 sBTC got the ordinary way (WBTC deposited in the vault, sBTC
 * minted against it) and approved to the gateway: a user who can burn.
 */
export async function fundBurner(chain: ChainNode, index: number) {
  const wallet = chain.wallets[index]!;
  const sBTC = chain.synth("sBTC");
  const wbtc = chain.record.collateral.WBTC!.address as Address;
  const vault = chain.record.contracts.SynthVault!.address as Address;
  const send = async (address: Address, abi: Abi, functionName: string, args: unknown[]) => {
    const hash = await wallet.writeContract({
      address,
      abi,
      functionName: functionName as never,
      args: args as never,
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  };
  await send(wbtc, syntheticAssetAbi, "approve", [vault, 2n ** 255n]);
  await send(wbtc, parseAbi(["function mint(address to, uint256 amount)"]), "mint", [
    wallet.account.address,
    parseUnits("1", 8),
  ]);
  await send(vault, synthVaultAbi, "deposit", [wbtc, sBTC, parseUnits("1", 8)]);
  await send(vault, synthVaultAbi, "mint", [wbtc, sBTC, parseUnits("0.1", 18)]);
  await send(sBTC, syntheticAssetAbi, "approve", [chain.gateway, 2n ** 255n]);
  return wallet;
}

// ---- the keepers' database -----------------------------------------------------------------------

/** What the test reads of a swap row. */
export type SwapView = {
  state: string;
  amount: bigint;
  fee: bigint;
  timelock: bigint | null;
  preimage: string | null;
  failureCode: string | null;
};

export type KeeperDatabase = {
  kind: "postgres" | "pglite";
  /** Environment that points a keeper process at this database. */
  env: Record<string, string>;
  /** Postgres only: a connection of the test's own. */
  sql: Sql | undefined;
  /** The swap's row (PGlite: asked of `viaKeeper`, the running keeper process that owns the directory). */
  swap(paymentHash: string, viaKeeper?: KeeperProcess): Promise<SwapView | undefined>;
  /**
   * Waits until at most `stillHeld` signer locks are held (those of the keepers still running): a killed
   * keeper's database session, and with it its signer's advisory lock, is gone.
   */
  waitSignersFree(stillHeld?: number): Promise<void>;
  close(): Promise<void>;
};

/**
 * A fresh keepers database: Postgres when reachable (several keeper processes may share it), else a
 * PGlite directory (one keeper process at a time).
 */
export async function createKeeperDatabase(): Promise<KeeperDatabase> {
  if (!postgresProblem) {
    const database = await createTestDatabase("fluxion_keepers_process");
    const sql = await openSql({ databaseUrl: database.url, dataDir: "memory://" });
    const { fromRow } = await import("../../keepers/src/swaps/store.ts");
    return {
      kind: "postgres",
      env: { DATABASE_URL: database.url },
      sql,
      async swap(paymentHash) {
        // The keeper process migrates: before its first start there is no table yet.
        const rows = await sql
          .query("select * from keepers.swaps where payment_hash = $1", [paymentHash])
          .catch(() => []);
        if (!rows[0]) return undefined;
        const s = fromRow(rows[0]);
        return {
          state: s.state,
          amount: s.amount,
          fee: s.fee,
          timelock: s.timelock,
          preimage: s.preimage,
          failureCode: s.failureCode,
        };
      },
      async waitSignersFree(stillHeld = 0) {
        await until(
          "the killed keeper's signer lock to be released",
          async () => {
            const [row] = await sql.query<{ n: string }>(
              `select count(*)::text as n from pg_locks l join pg_database d on d.oid = l.database
               where l.locktype = 'advisory' and d.datname = current_database()`,
            );
            return Number(row?.n) <= stillHeld;
          },
          { timeoutMs: 15_000 },
        );
      },
      async close() {
        await sql.close().catch(() => {});
        await database.drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "fluxion-keeper-pglite-"));
  return {
    kind: "pglite",
    env: { DATABASE_URL: "", KEEPER_DATA_DIR: join(dir, "pglite") },
    sql: undefined,
    async swap(paymentHash, viaKeeper) {
      if (!viaKeeper) throw new Error("on PGlite the swap is read through its running keeper");
      const response = await viaKeeper.request("GET", `/swaps/${paymentHash}`);
      if (response.status === 404) return undefined;
      if (response.status !== 200) return undefined; // starting up or busy: ask again
      const s = response.body as {
        state: string;
        amount: string;
        fee: string;
        timelock: number | null;
        preimage: string | null;
        failure: { code: string } | null;
      };
      return {
        state: s.state,
        amount: BigInt(s.amount),
        fee: BigInt(s.fee),
        timelock: s.timelock === null ? null : BigInt(s.timelock),
        preimage: s.preimage,
        failureCode: s.failure?.code ?? null,
      };
    },
    async waitSignersFree() {
      // One process at a time on PGlite: the killed one is gone once it has exited.
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- keeper processes --------------------------------------------------------------------------

export type KeeperProcess = {
  name: string;
  pid: number;
  url: string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string | null>;
  /** Everything it wrote so far (its pino log). */
  log(): string;
  /** Sends `signal` (SIGKILL by default) and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  alive(): boolean;
  /** Waits until GET /health answers (fails at once if the process exits instead). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** A call to its internal HTTP interface with the service key. */
  request(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }>;
};

/** Every keeper process started here, for logs on failure and for cleanup. */
export const keeperProcesses: KeeperProcess[] = [];

/**
 * Starts `node keepers/src/main.ts` (the bridge; `program: "jobs"`: `keepers/src/jobs/main.ts`, the
 * scheduled keepers) as keeper `name` signing with Hardhat account `keyIndex`, with `env` (the chain,
 * Lightning and database variables) over a copy of this process's environment from which any LND_*,
 * DATABASE_URL and KEEPER_* are removed.
 */
export async function startKeeperProcess(
  name: string,
  keyIndex: number,
  env: Record<string, string>,
  options: { program?: "bridge" | "jobs" } = {},
): Promise<KeeperProcess> {
  const jobs = options.program === "jobs";
  const port = await freePort();
  const serviceKey = `test-${name}-service-key-of-32-characters-or-more`;
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !k.startsWith("LND_") &&
        !k.startsWith("KEEPER_") &&
        k !== "DATABASE_URL" &&
        k !== "FLUXION_RPC_URL" &&
        k !== "NODE_TEST_CONTEXT",
    ),
  );
  const child = spawn(
    process.execPath,
    [jobs ? "keepers/src/jobs/main.ts" : "keepers/src/main.ts"],
    {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...base,
        KEEPER_NAME: name,
        KEEPER_HOST: "127.0.0.1",
        [jobs ? "KEEPER_JOBS_PORT" : "KEEPER_PORT"]: String(port),
        KEEPER_SERVICE_KEY: serviceKey,
        [jobs ? "KEEPER_JOBS_PRIVATE_KEY" : "KEEPER_PRIVATE_KEY"]: devKey(keyIndex).privateKey,
        KEEPER_CHAIN_ID: "31337",
        KEEPER_POLL_MS: "200",
        KEEPER_LEASE_MS: "1000",
        KEEPER_LOG_LEVEL: "info",
        ...env,
      },
    },
  );
  const log = capture(child, 200_000);
  const exited = exitOf(child);
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const handle: KeeperProcess = {
    name,
    pid: child.pid!,
    url,
    exited,
    log,
    alive: () => !gone,
    async kill(signal = "SIGKILL") {
      if (!gone) {
        try {
          process.kill(child.pid!, signal);
        } catch {
          // Exited meanwhile.
        }
      }
      await exited;
    },
    async waitHealthy(timeoutMs = 60_000) {
      await until(
        `keeper ${name} to serve /health`,
        async () => gone || (await httpOk(`${url}/health`)),
        {
          timeoutMs,
          intervalMs: 100,
          detail: () => log(),
        },
      );
      if (gone)
        throw new Error(`keeper ${name} exited (${await exited}) while starting:\n${log()}`);
    },
    async request(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${serviceKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.status, body: parsed };
    },
  };
  keeperProcesses.push(handle);
  return handle;
}

/** The last `lines` lines of every keeper process's log, for a failure message. */
export function keeperLogs(processes: KeeperProcess[] = keeperProcesses, lines = 60): string {
  return processes
    .map((k) => {
      const tail = k.log().trimEnd().split("\n").slice(-lines).join("\n");
      return `--- keeper ${k.name} (pid ${k.pid}${k.alive() ? "" : ", exited"}) ---\n${tail}`;
    })
    .join("\n");
}

/** Kills every keeper process still running (their process groups). */
export async function killAllKeepers(): Promise<void> {
  await Promise.all(
    keeperProcesses.map(async (k) => {
      if (!k.alive()) return;
      try {
        process.kill(-k.pid, "SIGKILL");
      } catch {
        // Gone.
      }
      await k.exited;
    }),
  );
}

// ---- Lightning ---------------------------------------------------------------------------------

export type Lightning = Awaited<ReturnType<typeof startLightning>>;

/**
 * The dev Lightning network in this process: the user's node and the bridge's (service) node. With
 * `hostileUser`, the user's node runs as a thief's would: it holds an HTLC it receives until the very
 * expiry instead of failing it back early as LND does.
 */
export async function startLightning(options: { hostileUser?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "fluxion-ln-process-"));
  const ln: DevNetworkHandle<"user" | "service"> = await startDevNetwork({
    nodes: ["user", "service"],
    dir,
    holdUntilExpiry: options.hostileUser ? ["user"] : [],
  });
  return {
    ln,
    dir,
    /** KEEPER_LN_DIR of the bridge's node. */
    serviceDir: join(dir, "service"),
    userLnd: authenticatedLndGrpc(ln.nodes.user).lnd,
    serviceLnd: authenticatedLndGrpc(ln.nodes.service).lnd,
    async close() {
      await ln.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
