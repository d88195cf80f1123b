// Two chains made of real processes, as `npm run dev` runs them, for the cross-chain tests and the benchmark:
// a `hardhat node` for chain 31337 and one for 31338 (`--network node2`), the whole protocol deployed on each
// and their CCIP gateways connected (no seed: tests fund their own users), and CCIP relays started as
// `node keepers/src/ccip/main.ts` child processes that a test can SIGKILL at any moment and start again.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { crossChainGatewayAbi, localCCIPRouterAbi, syntheticAssetAbi } from "@fluxion/deploy";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Address,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  parseEventLogs,
  toHex,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { catchUpChainClock } from "../../deploy/src/chainClock.ts";
import { loadNetworkConfig } from "../../deploy/src/config.ts";
import { connectLanes, deployFluxion } from "../../deploy/src/deployFluxion.ts";
import type { DeploymentRecord } from "../../deploy/src/deploymentRecord.ts";
import { freePort, httpOk, rpcAnswers } from "../../scripts/lib/rpc.ts";
import { createTestDatabase, postgresProblem } from "../../scripts/lib/testPostgres.ts";
import { devKey, root, until } from "./bridgeStack.ts";

const require = createRequire(import.meta.url);
const hardhatPackage = require.resolve("hardhat/package.json");
const hardhatCli = join(dirname(hardhatPackage), require(hardhatPackage).bin.hardhat as string);

/** Hardhat dev account #12: RELAYER_ROLE on both local routers (deploy/networks/local.json). */
export const relayerKey = devKey(12);

type ChainHandle = ReturnType<typeof chainHandle>;
export type CcipChain = ChainHandle;

function output(child: ChildProcess, limit: number): () => string {
  let text = "";
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString("utf8")).slice(-limit);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => text;
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** Both chains' nodes, deployed and connected; `close` stops both. */
export async function startChains() {
  const nodes = await Promise.all(
    [undefined, "node2"].map(async (network) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = spawn(
        process.execPath,
        [
          hardhatCli,
          "node",
          ...(network ? ["--network", network] : []),
          "--hostname",
          "127.0.0.1",
          "--port",
          String(port),
        ],
        { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] },
      );
      const log = output(child, 20_000);
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      return { url, child, log, exited };
    }),
  );
  const ignitionDir = mkdtempSync(join(tmpdir(), "fluxion-ignition-"));
  const connections: NetworkConnection[] = [];
  const stop = async () => {
    await Promise.all(connections.map((c) => c.close().catch(() => {})));
    for (const n of nodes) killGroup(n.child);
    await Promise.all(nodes.map((n) => n.exited));
    rmSync(ignitionDir, { recursive: true, force: true });
  };
  try {
    for (const n of nodes) {
      await until("a hardhat node", () => rpcAnswers(n.url), {
        timeoutMs: 90_000,
        intervalMs: 200,
        detail: n.log,
      });
    }
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
          localhost: { type: "http", chainType: "l1", url: nodes[0]!.url },
          localhost2: { type: "http", chainType: "l1", url: nodes[1]!.url },
        },
      },
      { config: configPath },
      root,
    );
    const config = loadNetworkConfig("localhost");
    const deployed = await Promise.all(
      ["localhost", "localhost2"].map(async (name) => {
        const connection = await hre.network.create({ network: name });
        connections.push(connection);
        const record = await deployFluxion(connection, config, { peers: "later" });
        return { connection, record };
      }),
    );
    const [a, b] = deployed as [(typeof deployed)[0], (typeof deployed)[0]];
    await connectLanes(a.connection, config, a.record, [b.record]);
    await connectLanes(b.connection, config, b.record, [a.record]);

    const handles = await Promise.all(
      deployed.map(async ({ connection, record }, i) => {
        const node = nodes[i]!;
        const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
        await catchUpChainClock(publicClient);
        return chainHandle(node.url, node.child.pid!, connection, record, publicClient, stop);
      }),
    );
    return handles as [ChainHandle, ChainHandle];
  } catch (error) {
    await stop();
    throw error;
  }
}

function chainHandle(
  url: string,
  pid: number,
  connection: NetworkConnection,
  record: DeploymentRecord,
  publicClient: PublicClient,
  stop: () => Promise<void>,
) {
  const ccip = record.ccip!;
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
  const chain = {
    id: record.chainId,
    name: `chain ${record.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  };
  const sUSD = record.synths.sUSD!.address as Address;
  const timelock = record.contracts.FluxionTimelock!.address as Address;

  /** Runs `write` as the Timelock (impersonated): what a passed proposal would do. */
  async function asTimelock(
    write: (
      wallet: Awaited<ReturnType<NetworkConnection["viem"]["getWalletClient"]>>,
    ) => Promise<Hex>,
  ): Promise<void> {
    await rpc("hardhat_impersonateAccount", [timelock]);
    await rpc("hardhat_setBalance", [timelock, "0x56BC75E2D63100000"]);
    const wallet = await connection.viem.getWalletClient(timelock);
    const hash = await write(wallet);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    await rpc("hardhat_stopImpersonatingAccount", [timelock]);
    if (receipt.status !== "success") throw new Error(`as the Timelock: ${hash} reverted`);
  }

  return {
    url,
    /** The node's process id (the benchmark accounts its CPU time). */
    pid,
    chainId: record.chainId,
    selector: BigInt(ccip.chainSelector),
    record,
    publicClient,
    connection,
    rpc,
    router: ccip.router.address as Address,
    gateway: ccip.gateway.address as Address,
    sUSD,
    close: stop,
    /** A viem wallet for a private key on this chain. */
    wallet(privateKey: Hex) {
      return createWalletClient({
        account: privateKeyToAccount(privateKey),
        chain,
        transport: http(url),
      });
    },
    async sUsdSupply(): Promise<bigint> {
      return publicClient.readContract({
        address: sUSD,
        abi: syntheticAssetAbi,
        functionName: "totalSupply",
      });
    },
    async sUsdBalance(who: Address): Promise<bigint> {
      return publicClient.readContract({
        address: sUSD,
        abi: syntheticAssetAbi,
        functionName: "balanceOf",
        args: [who],
      });
    },
    asTimelock,
    /** Grants the local router's RELAYER_ROLE to `account`, as its operator (the deployer, account #0). */
    async grantRelayer(account: Address): Promise<void> {
      const router = ccip.router.address as Address;
      const role = await publicClient.readContract({
        address: router,
        abi: localCCIPRouterAbi,
        functionName: "RELAYER_ROLE",
      });
      const [operator] = await connection.viem.getWalletClients();
      const hash = await operator!.writeContract({
        address: router,
        abi: localCCIPRouterAbi,
        functionName: "grantRole",
        args: [role, account],
      });
      await publicClient.waitForTransactionReceipt({ hash });
    },
    /** Mints sUSD to `to` (the Timelock grants itself MINTER_ROLE first, once). */
    async fund(to: Address, amount: bigint): Promise<void> {
      const role = await publicClient.readContract({
        address: sUSD,
        abi: syntheticAssetAbi,
        functionName: "MINTER_ROLE",
      });
      await asTimelock((w) =>
        w.writeContract({
          address: sUSD,
          abi: syntheticAssetAbi,
          functionName: "grantRole",
          args: [role, timelock],
          account: timelock,
          chain: undefined,
        }),
      );
      await asTimelock((w) =>
        w.writeContract({
          address: sUSD,
          abi: syntheticAssetAbi,
          functionName: "mint",
          args: [to, amount],
          account: timelock,
          chain: undefined,
        }),
      );
      await rpc("hardhat_setBalance", [to, toHex(10n ** 20n)]);
    },
    /** Sends `amount` sUSD to `to` on `dest`, paying the native fee; returns the message id. */
    async send(
      privateKey: Hex,
      dest: { selector: bigint },
      to: Address,
      amount: bigint,
    ): Promise<{ messageId: Hex; blockNumber: bigint }> {
      const args = [dest.selector, sUSD, to, amount, zeroAddress] as const;
      const fee = await publicClient.readContract({
        address: ccip.gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "quoteTransfer",
        args,
      });
      const wallet = this.wallet(privateKey);
      const hash = await wallet.writeContract({
        address: ccip.gateway.address,
        abi: crossChainGatewayAbi,
        functionName: "sendSynth",
        args,
        value: fee,
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`sendSynth reverted (${hash})`);
      const [sent] = parseEventLogs({
        abi: crossChainGatewayAbi,
        eventName: "SynthSent",
        logs: receipt.logs,
      });
      return { messageId: sent!.args.messageId, blockNumber: receipt.blockNumber };
    },
    /** The router's execution state of a message on this (destination) chain: 0..3. */
    async stateOf(messageId: Hex): Promise<number> {
      return publicClient.readContract({
        address: ccip.router.address,
        abi: localCCIPRouterAbi,
        functionName: "getExecutionState",
        args: [messageId],
      });
    },
    async committedAt(messageId: Hex): Promise<bigint> {
      return publicClient.readContract({
        address: ccip.router.address,
        abi: localCCIPRouterAbi,
        functionName: "committedAt",
        args: [messageId],
      });
    },
    /** Every ExecutionStateChanged of this chain's router, by message id. */
    async executions(): Promise<Map<Hex, { state: number; manual: boolean }[]>> {
      const logs = await publicClient.getContractEvents({
        address: ccip.router.address,
        abi: localCCIPRouterAbi,
        eventName: "ExecutionStateChanged",
        fromBlock: 0n,
      });
      const byId = new Map<Hex, { state: number; manual: boolean }[]>();
      for (const log of logs) {
        const list = byId.get(log.args.messageId!) ?? [];
        list.push({ state: Number(log.args.state), manual: log.args.manual! });
        byId.set(log.args.messageId!, list);
      }
      return byId;
    },
  };
}

export type RelayDatabase = { env: Record<string, string>; close(): Promise<void> };

/** A fresh Postgres database when one is reachable, else an embedded PGlite directory. */
export async function createRelayDatabase(): Promise<RelayDatabase> {
  if (!postgresProblem) {
    const database = await createTestDatabase("fluxion_ccip_relay");
    return { env: { DATABASE_URL: database.url }, close: () => database.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), "fluxion-relay-pglite-"));
  return {
    env: { DATABASE_URL: "", KEEPER_CCIP_DATA_DIR: join(dir, "pglite") },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type RelayProcess = Awaited<ReturnType<typeof startRelay>>;

/** `node keepers/src/ccip/main.ts` between the two chains, in its own process group. */
export async function startRelay(
  name: string,
  chains: { chainId: number; url: string }[],
  database: RelayDatabase,
  env: Record<string, string> = {},
) {
  const port = await freePort();
  const serviceKey = `test-${name}-service-key-of-32-characters-or-more`;
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("KEEPER_") && k !== "DATABASE_URL" && k !== "NODE_TEST_CONTEXT",
    ),
  );
  const child = spawn(process.execPath, ["keepers/src/ccip/main.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...base,
      KEEPER_NAME: name,
      KEEPER_HOST: "127.0.0.1",
      KEEPER_CCIP_PORT: String(port),
      KEEPER_SERVICE_KEY: serviceKey,
      KEEPER_CCIP_CHAINS: chains.map((c) => `${c.chainId}=${c.url}`).join(","),
      KEEPER_CCIP_PRIVATE_KEY: relayerKey.privateKey,
      KEEPER_CCIP_FINALITY_DEPTH: "0",
      KEEPER_CCIP_POLL_MS: "100",
      ...database.env,
      ...env,
    },
  });
  const log = output(child, 200_000);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const url = `http://127.0.0.1:${port}`;
  await until(
    `relay ${name} to serve /health`,
    async () => gone || (await httpOk(`${url}/health`)),
    {
      timeoutMs: 60_000,
      intervalMs: 100,
      detail: log,
    },
  );
  if (gone) throw new Error(`relay ${name} exited (${await exited}) while starting:\n${log()}`);
  return {
    name,
    url,
    pid: child.pid!,
    log,
    alive: () => !gone,
    async kill(signal: NodeJS.Signals = "SIGKILL") {
      if (!gone) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // Exited meanwhile.
        }
      }
      await exited;
    },
    async request(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${serviceKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: response.status,
        body: (await response.json().catch(() => null)) as unknown,
      };
    },
  };
}
