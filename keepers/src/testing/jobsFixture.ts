// The scheduled keepers for tests: the protocol deployed on an in-process Hardhat chain, positions opened
// by fresh accounts, prices moved on the mock feeds, and keepers (runtime, signer, store) that can be
// stepped pass by pass, killed and started again on the same database.
import { mockERC20Abi, mockPriceFeedAbi, synthVaultAbi } from "@fluxion/deploy";
import pino from "pino";
import {
  type Address,
  createWalletClient,
  custom,
  type Hex,
  type PublicClient,
  parseEther,
  parseUnits,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { deployLocal } from "../../../deploy/src/testing/deployed.ts";
import { NonceSigner } from "../chain/nonceSigner.ts";
import type { Sql } from "../db/sql.ts";
import { buildJobs } from "../jobs/build.ts";
import { type JobName, readJobsConfig } from "../jobs/config.ts";
import { createJobMetrics } from "../jobs/metrics.ts";
import { protocolOf } from "../jobs/protocol.ts";
import { JobRuntime } from "../jobs/runtime.ts";
import { JobStore } from "../jobs/store.ts";
import { devAccount } from "./chain.ts";

export const logger = pino({ level: process.env.KEEPERS_TEST_LOG ?? "silent" });

export type JobsFixture = Awaited<ReturnType<typeof startJobsFixture>>;
export type TestKeeper = Awaited<ReturnType<JobsFixture["startKeeper"]>>;

export async function startJobsFixture() {
  const deployed = await deployLocal();
  const { connection, record, wallets } = deployed;
  const publicClient = deployed.publicClient as PublicClient;
  const protocol = protocolOf(record);
  const rpc = (method: string, params: unknown[] = []) =>
    connection.provider.request({ method, params }) as Promise<unknown>;
  const deployer = wallets[0]!;
  const wait = (hash: Hex) => publicClient.waitForTransactionReceipt({ hash });

  const token = (symbol: string) =>
    (record.synths[symbol] ?? record.collateral[symbol])!.address as Address;

  /** Answers `price` (USD) on the mock feed of `pair`, as the deployer. */
  async function setPrice(pair: string, price: number | string): Promise<void> {
    const feed = record.feeds[pair]!;
    await wait(
      await deployer.writeContract({
        address: feed.address as Address,
        abi: mockPriceFeedAbi,
        functionName: "updateAnswer",
        args: [parseUnits(String(price), feed.decimals)],
      }),
    );
  }

  /**
   * Opens a position for a fresh account: faucet collateral, approval, then `depositAndMint` of `mint`
   * synths (decimal strings). Returns the owner.
   */
  async function openPosition(p: {
    collateral: string;
    synth: string;
    deposit: string;
    mint: string;
  }): Promise<Address> {
    const key = generatePrivateKey();
    const account = privateKeyToAccount(key);
    await rpc("hardhat_setBalance", [account.address, toHex(parseEther("10"))]);
    const wallet = createWalletClient({ account, transport: custom(connection.provider) });
    const collateral = record.collateral[p.collateral]!;
    const synth = record.synths[p.synth]!;
    const amount = parseUnits(p.deposit, collateral.decimals);
    await wait(
      await deployer.writeContract({
        address: collateral.address as Address,
        abi: mockERC20Abi,
        functionName: "mint",
        args: [account.address, amount],
      }),
    );
    await wait(
      await wallet.writeContract({
        address: collateral.address as Address,
        abi: mockERC20Abi,
        functionName: "approve",
        args: [protocol.vault, amount],
        chain: null,
      }),
    );
    await wait(
      await wallet.writeContract({
        address: protocol.vault,
        abi: synthVaultAbi,
        functionName: "depositAndMint",
        args: [
          collateral.address as Address,
          synth.address as Address,
          amount,
          parseUnits(p.mint, synth.decimals),
        ],
        chain: null,
      }),
    );
    return account.address;
  }

  /**
   * A keeper on `sql` signing with Hardhat account `keyIndex`, running `jobs` (name -> schedule); the
   * rest of the configuration is the local default with `env` on top. Not started: call `pass()` to step
   * it, or `runtime.start()`.
   */
  async function startKeeper(
    sql: Sql,
    name: string,
    jobs: Partial<Record<JobName, string>>,
    options: {
      keyIndex?: number;
      env?: Record<string, string>;
      /** Fault injection: what the runtime and the jobs see instead of the signer and the store. */
      signer?: (signer: NonceSigner) => NonceSigner;
      store?: (store: JobStore) => JobStore;
      /** Job and task leases (short ones let a dead keeper's work come back within a test). */
      leaseMs?: number;
    } = {},
  ) {
    const env: Record<string, string> = {
      KEEPER_JOBS: Object.keys(jobs).join(","),
      ...Object.fromEntries(
        Object.entries(jobs).map(([job, schedule]) => [
          `KEEPER_${job.toUpperCase().replace(/-/g, "_")}_SCHEDULE`,
          schedule,
        ]),
      ),
      ...options.env,
    };
    const config = { ...readJobsConfig(env), record };
    const realSigner = await NonceSigner.start({
      sql,
      client: publicClient,
      account: devAccount(options.keyIndex ?? 8),
      chainId: 31337,
      logger,
    });
    const signer = options.signer ? options.signer(realSigner) : realSigner;
    const realStore = new JobStore(sql);
    const store = options.store ? options.store(realStore) : realStore;
    const metrics = createJobMetrics();
    const built = buildJobs(config, { client: publicClient, sql });
    const runtime = new JobRuntime({
      jobs: built,
      chainId: 31337,
      client: publicClient,
      signer,
      store,
      metrics,
      logger,
      keeper: name,
      pollMs: 20,
      followMs: 20,
      ...(options.leaseMs ? { jobLeaseMs: options.leaseMs, taskLeaseMs: options.leaseMs } : {}),
    });
    await runtime.register();
    return {
      runtime,
      signer: realSigner,
      store: realStore,
      metrics,
      /** One pass and the task steps it started. */
      async pass() {
        await runtime.pass();
        await runtime.settled();
      },
      async stop() {
        await runtime.stop();
        await realSigner.stop();
      },
    };
  }

  return {
    ...deployed,
    publicClient,
    protocol,
    rpc,
    token,
    setPrice,
    openPosition,
    startKeeper,
    async mine(blocks = 1) {
      for (let i = 0; i < blocks; i++) await rpc("evm_mine");
    },
    close: () => connection.close(),
  };
}

export class InjectedCrash extends Error {
  override name = "InjectedCrash";
}

/**
 * A keeper's death, for fault injection: `wrap` an object so that once `method` (of any wrapped object)
 * has done its work the keeper dies; that call and every later call on a wrapped object throw, as calls
 * of a killed process never return.
 */
export function doom(method: string) {
  const state = { dead: false };
  function wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get(t, key) {
        const value = Reflect.get(t, key);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          if (state.dead) throw new InjectedCrash(`dead: ${String(key)} never runs`);
          const result = await value.apply(t, args);
          if (key === method && !state.dead) {
            state.dead = true;
            throw new InjectedCrash(`killed after ${method}`);
          }
          return result;
        };
      },
    });
  }
  return { wrap, isDead: () => state.dead };
}
