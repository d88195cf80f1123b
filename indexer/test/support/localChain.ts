// Test and benchmark support: a real `hardhat node` on a free port, Fluxion deployed to it with the
// local config (same addresses and blocks as the committed record, since the node is fresh), and
// optionally the seeded demo.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { PublicClient } from "viem";
import { loadNetworkConfig } from "../../../deploy/src/config.ts";
import { deployFluxion } from "../../../deploy/src/deployFluxion.ts";
import type { DeploymentRecord } from "../../../deploy/src/deploymentRecord.ts";
import type { Wallet } from "../../../deploy/src/seed/actors.ts";
import { seedDemo } from "../../../deploy/src/seed/seedDemo.ts";
import { freePort, rpcAnswers } from "../../../scripts/lib/rpc.ts";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const require = createRequire(import.meta.url);
const hardhatPackage = require.resolve("hardhat/package.json");
const hardhatCli = join(dirname(hardhatPackage), require(hardhatPackage).bin.hardhat);

export type LocalChain = {
  url: string;
  wsUrl: string;
  port: number;
  stop(): Promise<void>;
};

/** Stops a child started in its own process group: SIGINT, then SIGKILL after `graceMs`. */
export async function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  try {
    process.kill(-child.pid!, "SIGINT");
  } catch {
    return child.exitCode;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/**
 * A fresh `hardhat node` on a free port: chain 31337, or with `network: "node2"` the second local
 * chain (31338), as `npm run dev` starts them.
 */
export async function startLocalChain(options: { network?: "node2" } = {}): Promise<LocalChain> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const network = options.network ? ["--network", options.network] : [];
  const node = spawn(
    process.execPath,
    [hardhatCli, "node", ...network, "--hostname", "127.0.0.1", "--port", String(port)],
    { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  let stderr = "";
  node.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (!(await rpcAnswers(url))) {
    if (node.exitCode !== null) throw new Error(`hardhat node exited: ${stderr}`);
    if (Date.now() > deadline) {
      await stopGroup(node);
      throw new Error(`hardhat node did not answer on ${url}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopGroup(node, 5_000);
    },
  };
}

export type Protocol = {
  connection: NetworkConnection;
  record: DeploymentRecord;
  publicClient: PublicClient;
  wallets: Wallet[];
  proposalId?: bigint;
};

/** Deploys Fluxion to the node at `url` (and seeds the demo unless told not to). */
export async function deployProtocol(
  url: string,
  options: { seed?: boolean } = {},
): Promise<Protocol> {
  const connection = await network.create({ network: "localhost", override: { url } });
  // A private Ignition journal, so concurrent runs never share one; removed once deployed.
  const deploymentId = `indexer-test-${process.pid}-${Date.now()}`;
  let record: DeploymentRecord;
  try {
    record = await deployFluxion(connection, loadNetworkConfig("localhost"), { deploymentId });
  } finally {
    rmSync(join(repoRoot, "deploy/ignition/deployments", deploymentId), {
      recursive: true,
      force: true,
    });
  }
  const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
  const wallets = (await connection.viem.getWalletClients()) as unknown as Wallet[];
  const protocol: Protocol = { connection, record, publicClient, wallets };
  if (options.seed ?? true) {
    protocol.proposalId = (await seedDemo(publicClient, wallets, record)).proposalId;
  }
  return protocol;
}
