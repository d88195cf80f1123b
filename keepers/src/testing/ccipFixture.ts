// Two in-process Hardhat chains (31337 and 31338) for the CCIP relay's tests: a LocalCCIPRouter and a
// MockCCIPReceiver on each, lanes both ways, RELAYER_ROLE for Hardhat accounts #12-#14, messages sent with
// `ccipSend` from an EOA, and relays (store, signers, metrics) that can be stepped, killed at any call and
// started again on the same database.
import { localCCIPRouterAbi, mockCCIPReceiverAbi } from "@fluxion/deploy";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import pino, { type Logger } from "pino";
import {
  type Address,
  concatHex,
  encodeAbiParameters,
  type Hex,
  type PublicClient,
  parseEventLogs,
  zeroAddress,
} from "viem";
import type { RelayChain } from "../ccip/execution.ts";
import { withTopLevelGasEstimate } from "../ccip/gas.ts";
import { createCcipMetrics } from "../ccip/metrics.ts";
import { CcipRelay, type CcipRelayOptions } from "../ccip/relay.ts";
import { CcipStore } from "../ccip/store.ts";
import {
  type CcipEndpoint,
  type CcipLane,
  type LocalMessage,
  lanesBetween,
} from "../ccip/types.ts";
import { NonceSigner } from "../chain/nonceSigner.ts";
import type { Sql } from "../db/sql.ts";
import { devAccount } from "./chain.ts";

export const logger = pino({ level: process.env.KEEPERS_TEST_LOG ?? "silent" });

/** The chains' CCIP selectors (the second one above 2^63, as real selectors are). */
export const selectors: Record<number, bigint> = {
  31337: 661990842721087453n,
  31338: 14916949317605581645n,
};

/** Hardhat accounts holding RELAYER_ROLE on both routers. */
export const relayerKeys = [12, 13, 14] as const;

/** `EVMExtraArgsV1` asking for `gasLimit`. */
export const extraArgsV1 = (gasLimit: bigint): Hex =>
  concatHex(["0x97a657c9", encodeAbiParameters([{ type: "uint256" }], [gasLimit])]);

export class InjectedCrash extends Error {
  override name = "InjectedCrash";
}

/**
 * A relay's death, for fault injection: `wrap` objects (its store, its signers) so that once `method` of
 * any of them has done its work and `when` holds for its arguments and result, the relay dies: that call
 * and every later call on a wrapped object throw, as calls of a killed process never return.
 */
export function doom(
  method: string,
  when: (args: unknown[], result: unknown) => boolean = () => true,
) {
  const state = { dead: false };
  function wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get(t, key) {
        const value = Reflect.get(t, key); // the target as receiver: getters use private fields
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          if (state.dead) throw new InjectedCrash(`dead: ${String(key)} never runs`);
          const result = await value.apply(t, args);
          if (key === method && !state.dead && when(args, result)) {
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

/**
 * Empties what the relay and its signers keep (PGlite takes seconds to open on a loaded machine: tests
 * reuse a database and start each case from nothing). Stop the relays on it first.
 */
export async function resetCcipTables(sql: Sql): Promise<void> {
  await sql.query(
    `truncate keepers.ccip_messages, keepers.ccip_commits, keepers.ccip_monitored, keepers.chain_txs,
       keepers.cursors, keepers.leases restart identity`,
  );
}

/** Polls `probe` until it returns something truthy (or fails after `timeoutMs`). */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Runtime code that logs whatever it is called with: calldata = abi.encode(topicCount, t1, t2, t3, t4) ++ data
 * emits LOG<topicCount>(data, t1..). Installed with hardhat_setCode where a gateway would be, it stands in for
 * Fluxion's CrossChainGateway in monitor tests (the monitor reads only the gateway's logs).
 */
export const logEmitterCode: Hex = (() => {
  // biome-ignore format: one line per instruction group
  const ops: (number | string)[] = [
    // t4, t3, t2, t1 from calldata words 4..1
    0x60, 0x80, 0x35, 0x60, 0x60, 0x35, 0x60, 0x40, 0x35, 0x60, 0x20, 0x35,
    // len = calldatasize - 0xa0; memory[0..len] = calldata[0xa0..]
    0x60, 0xa0, 0x36, 0x03, 0x80, 0x60, 0xa0, 0x60, 0x00, 0x37,
    // offset 0, then n = calldata word 0
    0x60, 0x00, 0x60, 0x00, 0x35,
    ...[4, 3, 2, 1].flatMap((n) => [0x80, 0x60, n, 0x14, 0x60, `L${n}`, 0x57]),
    0x50, 0xa0, 0x00,
    ...[1, 2, 3, 4].flatMap((n) => [`L${n}:`, 0x5b, 0x50, 0xa0 + n, 0x00]),
  ];
  const labels = new Map<string, number>();
  let at = 0;
  for (const op of ops) {
    if (typeof op === "string" && op.endsWith(":")) labels.set(op.slice(0, -1), at);
    else at++;
  }
  const bytes = ops
    .filter((op) => !(typeof op === "string" && op.endsWith(":")))
    .map((op) => (typeof op === "string" ? labels.get(op)! : op));
  return `0x${bytes.map((b) => b.toString(16).padStart(2, "0")).join("")}` as Hex;
})();

/** Calldata that makes `logEmitterCode` emit a log with `topics` and `data`. */
export function emitCalldata(topics: Hex[], data: Hex): Hex {
  const words = [BigInt(topics.length), ...[0, 1, 2, 3].map((i) => BigInt(topics[i] ?? 0))];
  return concatHex([
    encodeAbiParameters(
      words.map(() => ({ type: "uint256" })),
      words,
    ),
    data,
  ]);
}

export type CcipFixture = Awaited<ReturnType<typeof startCcipFixture>>;
export type FixtureChain = CcipFixture["chains"][number];
export type TestRelay = Awaited<ReturnType<CcipFixture["startRelay"]>>;

async function startChain(chainId: number) {
  const connection: NetworkConnection = await network.create({ override: { chainId } });
  const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
  const rpc = (method: string, params: unknown[] = []) =>
    connection.provider.request({ method, params }) as Promise<unknown>;
  const [deployer] = await connection.viem.getWalletClients();
  const router = await connection.viem.deployContract("LocalCCIPRouter", [
    selectors[chainId]!,
    deployer!.account.address,
  ]);
  const routerBlock = await publicClient.getBlockNumber();
  const receiver = await connection.viem.deployContract("MockCCIPReceiver", [router.address]);
  return {
    chainId,
    selector: selectors[chainId]!,
    connection,
    publicClient,
    rpc,
    router: router.address as Address,
    routerBlock,
    /** The default receiver of messages to this chain. */
    receiver: receiver.address as Address,
    async mine(blocks = 1) {
      for (let i = 0; i < blocks; i++) await rpc("evm_mine");
    },
    async setAutomine(on: boolean) {
      await rpc("evm_setAutomine", [on]);
    },
  };
}

export async function startCcipFixture() {
  // One after the other: both at once double the first EDR start on a loaded machine.
  const chains = [await startChain(31337), await startChain(31338)];
  const byId = new Map(chains.map((c) => [c.chainId, c]));
  const chain = (chainId: number) => byId.get(chainId)!;

  // The operator's setup: each router takes messages to and from the other, and the relayers may commit and
  // execute. Fees are small but not zero (the sender pays getFee).
  for (const here of chains) {
    const [deployer] = await here.connection.viem.getWalletClients();
    const write = async (functionName: string, args: readonly unknown[]) => {
      const hash = await deployer!.writeContract({
        address: here.router,
        abi: localCCIPRouterAbi,
        functionName: functionName as never,
        args: args as never,
      });
      await here.publicClient.waitForTransactionReceipt({ hash });
    };
    for (const there of chains.filter((c) => c !== here)) {
      await write("setLane", [
        there.selector,
        {
          enabled: true,
          baseFee: 10n ** 12n,
          gasPrice: 1n,
          feePerByte: 1,
          maxGasLimit: 3_000_000,
          maxDataBytes: 10_000,
        },
      ]);
      await write("setSourceChain", [there.selector, true]);
    }
    const role = await here.publicClient.readContract({
      address: here.router,
      abi: localCCIPRouterAbi,
      functionName: "RELAYER_ROLE",
    });
    for (const key of relayerKeys) await write("grantRole", [role, devAccount(key).address]);
  }

  /** Every chain's CCIP end; with `fromNow`, logs are read from the next blocks on. */
  async function endpoints(fromNow = false): Promise<CcipEndpoint[]> {
    return Promise.all(
      chains.map(async (c) => ({
        chainId: c.chainId,
        selector: c.selector,
        router: {
          address: c.router,
          blockNumber: fromNow ? (await c.publicClient.getBlockNumber()) + 1n : c.routerBlock,
        },
      })),
    );
  }

  /**
   * Sends a message from `sourceChainId` to the other chain with `ccipSend`, from Hardhat account `from`
   * (default #1), paying the router's fee. Returns the message as logged and where.
   */
  async function send(
    sourceChainId: number,
    options: { receiver?: Address; data?: Hex; gasLimit?: bigint; from?: number } = {},
  ): Promise<{ message: LocalMessage; messageId: Hex; blockNumber: bigint; blockHash: Hex }> {
    const source = chain(sourceChainId);
    const dest = chains.find((c) => c !== source)!;
    const wallets = await source.connection.viem.getWalletClients();
    const wallet = wallets[options.from ?? 1]!;
    const message = {
      receiver: encodeAbiParameters([{ type: "address" }], [options.receiver ?? dest.receiver]),
      data: options.data ?? "0x",
      tokenAmounts: [],
      feeToken: zeroAddress,
      extraArgs: options.gasLimit === undefined ? "0x" : extraArgsV1(options.gasLimit),
    } as const;
    const fee = await source.publicClient.readContract({
      address: source.router,
      abi: localCCIPRouterAbi,
      functionName: "getFee",
      args: [dest.selector, message],
    });
    const hash = await wallet.writeContract({
      address: source.router,
      abi: localCCIPRouterAbi,
      functionName: "ccipSend",
      args: [dest.selector, message],
      value: fee,
    });
    const receipt = await source.publicClient.waitForTransactionReceipt({ hash });
    const [log] = parseEventLogs({
      abi: localCCIPRouterAbi,
      logs: receipt.logs,
      eventName: "CCIPMessageSent",
    });
    return {
      message: log!.args.message as LocalMessage,
      messageId: log!.args.messageId,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
    };
  }

  /** A new MockCCIPReceiver on `chainId` (a test changes its behaviour without touching the others). */
  async function deployReceiver(chainId: number): Promise<Address> {
    const c = chain(chainId);
    return (await c.connection.viem.deployContract("MockCCIPReceiver", [c.router])).address;
  }

  /** Makes a receiver revert (`setShouldRevert`) or burn gas (`setGasToBurn`). */
  async function configureReceiver(
    chainId: number,
    receiver: Address,
    change: { shouldRevert?: boolean; gasToBurn?: bigint },
  ): Promise<void> {
    const c = chain(chainId);
    const [deployer] = await c.connection.viem.getWalletClients();
    const writes: Promise<Hex>[] = [];
    if (change.shouldRevert !== undefined) {
      writes.push(
        deployer!.writeContract({
          address: receiver,
          abi: mockCCIPReceiverAbi,
          functionName: "setShouldRevert",
          args: [change.shouldRevert],
        }),
      );
    }
    if (change.gasToBurn !== undefined) {
      writes.push(
        deployer!.writeContract({
          address: receiver,
          abi: mockCCIPReceiverAbi,
          functionName: "setGasToBurn",
          args: [change.gasToBurn],
        }),
      );
    }
    for (const hash of await Promise.all(writes)) {
      await c.publicClient.waitForTransactionReceipt({ hash });
    }
  }

  /** Every ExecutionStateChanged of `messageId` on `destChainId`, oldest first. */
  async function executions(destChainId: number, messageId: Hex) {
    const c = chain(destChainId);
    const logs = await c.publicClient.getContractEvents({
      address: c.router,
      abi: localCCIPRouterAbi,
      eventName: "ExecutionStateChanged",
      args: { messageId },
      fromBlock: 0n,
      strict: true,
    });
    return logs.map((l) => ({
      state: l.args.state,
      manual: l.args.manual,
      executor: l.args.executor,
      gasLimit: l.args.gasLimit,
      transactionHash: l.transactionHash,
    }));
  }

  /** How many MessageCommitted `messageId` has on `destChainId` (a second commit emits none). */
  async function commits(destChainId: number, messageId: Hex): Promise<number> {
    const c = chain(destChainId);
    const logs = await c.publicClient.getContractEvents({
      address: c.router,
      abi: localCCIPRouterAbi,
      eventName: "MessageCommitted",
      args: { messageId },
      fromBlock: 0n,
    });
    return logs.length;
  }

  async function stateOf(destChainId: number, messageId: Hex): Promise<number> {
    const c = chain(destChainId);
    return c.publicClient.readContract({
      address: c.router,
      abi: localCCIPRouterAbi,
      functionName: "getExecutionState",
      args: [messageId],
    });
  }

  /**
   * A relay on `sql` signing with Hardhat account `keyIndex` on both chains. Not started: `pass()` steps
   * it, `relay.start()` runs its loop. `wrap` replaces its store and signers (fault injection).
   */
  async function startRelay(
    sql: Sql,
    options: {
      name?: string;
      keyIndex?: number;
      finalityDepth?: number;
      leaseMs?: number;
      pollMs?: number;
      /** Lanes read from the current heads on (older messages belong to other tests). */
      fromNow?: boolean;
      lanes?: CcipLane[];
      wrap?: <T extends object>(target: T) => T;
      log?: Logger;
      relay?: Partial<CcipRelayOptions>;
    } = {},
  ) {
    const wrap = options.wrap ?? (<T>(t: T) => t);
    const log = options.log ?? logger;
    const lanes = options.lanes ?? lanesBetween(await endpoints(options.fromNow ?? true));
    const signers: NonceSigner[] = [];
    const relayChains = new Map<number, RelayChain>();
    for (const c of chains) {
      const signer = await NonceSigner.start({
        sql,
        client: withTopLevelGasEstimate(c.publicClient),
        account: devAccount(options.keyIndex ?? 12),
        chainId: c.chainId,
        logger: log,
      });
      signers.push(signer);
      relayChains.set(c.chainId, {
        chainId: c.chainId,
        client: c.publicClient,
        signer: wrap(signer),
      });
    }
    const store = new CcipStore(sql);
    let relay: CcipRelay | undefined;
    const metrics = createCcipMetrics({
      counts: () => store.counts(),
      undelivered: () => store.oldestUndelivered(),
      head: (chainId) => relay?.head(chainId),
      lanes: lanes.map((l) => ({ name: l.name, sourceChainId: l.source.chainId })),
    });
    relay = new CcipRelay({
      lanes,
      chains: relayChains,
      store: wrap(store),
      metrics,
      logger: log,
      keeper: options.name ?? "relay",
      finalityDepth: options.finalityDepth ?? 0,
      pollMs: options.pollMs ?? 20,
      leaseMs: options.leaseMs ?? 5_000,
      ...options.relay,
    });
    return {
      relay,
      store,
      metrics,
      signers,
      lanes,
      /** One pass over every lane. */
      pass: () => relay.pass(),
      /** Stops its loop (if started) and releases its signers' keys. */
      async stop() {
        await relay.stop();
        for (const signer of signers) await signer.stop();
      },
    };
  }

  return {
    chains,
    chain,
    endpoints,
    send,
    deployReceiver,
    configureReceiver,
    executions,
    commits,
    stateOf,
    startRelay,
    async close() {
      for (const c of chains) await c.connection.close();
    },
  };
}
