// The keeper process (`node keepers/src/ccip/main.ts`) against two in-process Hardhat chains served over
// HTTP, its routers read from a deployment directory: it delivers both ways, serves /health, /metrics and
// /v1/ccip, stops cleanly on SIGTERM and SIGINT (state kept for the next start), and refuses to start on a
// bad variable or a key without RELAYER_ROLE, naming what is wrong.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localCCIPRouterAbi } from "@fluxion/deploy";
import { network } from "hardhat";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  type Hex,
  http,
  type PublicClient,
  parseEventLogs,
  toHex,
  zeroAddress,
} from "viem";
import type { HDAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, it } from "vitest";
import { repoRoot } from "../config.ts";
import { selectors, until } from "../testing/ccipFixture.ts";
import { devAccount } from "../testing/chain.ts";

const serviceKey = "ccip-main-test-service-key-of-32-chars";

function artifact(path: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(join(repoRoot, "artifacts/contracts/src", path), "utf8"));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Chain = {
  chainId: number;
  url: string;
  client: PublicClient;
  router: Address;
  receiver: Address;
};

describe("the CCIP keeper process", () => {
  const servers: { close(): Promise<void> }[] = [];
  const chains: Chain[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ccip-main-"));
    const router = artifact("ccip/LocalCCIPRouter.sol/LocalCCIPRouter.json");
    const receiver = artifact("mocks/MockCCIPReceiver.sol/MockCCIPReceiver.json");
    for (const chainId of [31337, 31338]) {
      const server = await network.createServer({ override: { chainId } }, "127.0.0.1", 0);
      const { port } = await server.listen();
      servers.push(server);
      const url = `http://127.0.0.1:${port}`;
      const client = createPublicClient({ transport: http(url) }) as PublicClient;
      const wallet = createWalletClient({ account: devAccount(0), transport: http(url) });
      const deploy = async (a: { abi: Abi; bytecode: Hex }, args: unknown[]) => {
        const hash = await wallet.deployContract({ ...a, args, chain: null });
        return (await client.waitForTransactionReceipt({ hash })).contractAddress!;
      };
      const routerAddress = await deploy(router, [selectors[chainId], devAccount(0).address]);
      const routerBlock = await client.getBlockNumber();
      chains.push({
        chainId,
        url,
        client,
        router: routerAddress,
        receiver: await deploy(receiver, [routerAddress]),
      });
      writeFileSync(
        join(dir, `${chainId}.json`),
        JSON.stringify({
          chainId,
          ccip: {
            chainSelector: selectors[chainId]!.toString(),
            local: true,
            router: { address: routerAddress, blockNumber: Number(routerBlock) },
          },
        }),
      );
    }
    for (const here of chains) {
      const wallet = createWalletClient({ account: devAccount(0), transport: http(here.url) });
      const other = chains.find((c) => c !== here)!;
      const write = async (functionName: string, args: unknown[]) => {
        const hash = await wallet.writeContract({
          address: here.router,
          abi: localCCIPRouterAbi,
          functionName: functionName as never,
          args: args as never,
          chain: null,
        });
        await here.client.waitForTransactionReceipt({ hash });
      };
      await write("setLane", [
        selectors[other.chainId],
        {
          enabled: true,
          baseFee: 0n,
          gasPrice: 0n,
          feePerByte: 0,
          maxGasLimit: 1_000_000,
          maxDataBytes: 1_000,
        },
      ]);
      await write("setSourceChain", [selectors[other.chainId], true]);
      const role = await here.client.readContract({
        address: here.router,
        abi: localCCIPRouterAbi,
        functionName: "RELAYER_ROLE",
      });
      await write("grantRole", [role, devAccount(12).address]);
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function start(env: Record<string, string>) {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("KEEPER_") && k !== "DATABASE_URL"),
    );
    const child: ChildProcess = spawn(process.execPath, ["keepers/src/ccip/main.ts"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...base,
        KEEPER_CCIP_CHAINS: chains.map((c) => `${c.chainId}=${c.url}`).join(","),
        KEEPER_CCIP_DEPLOYMENT_DIR: dir,
        KEEPER_CCIP_DATA_DIR: join(dir, "pglite"),
        KEEPER_CCIP_FINALITY_DEPTH: "0",
        KEEPER_CCIP_POLL_MS: "50",
        KEEPER_SERVICE_KEY: serviceKey,
        KEEPER_NAME: "main-test",
        DATABASE_URL: "",
        ...env,
      },
    });
    let out = "";
    const keep = (chunk: Buffer) => {
      out += chunk.toString();
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    return { child, exited, output: () => out };
  }

  async function send(from: Chain, to: Chain, data: Hex): Promise<Hex> {
    const wallet = createWalletClient({ account: devAccount(1), transport: http(from.url) });
    const hash = await wallet.writeContract({
      address: from.router,
      abi: localCCIPRouterAbi,
      functionName: "ccipSend",
      args: [
        selectors[to.chainId]!,
        {
          receiver: encodeAbiParameters([{ type: "address" }], [to.receiver]),
          data,
          tokenAmounts: [],
          feeToken: zeroAddress,
          extraArgs: "0x",
        },
      ],
      chain: null,
    });
    const receipt = await from.client.waitForTransactionReceipt({ hash });
    return parseEventLogs({
      abi: localCCIPRouterAbi,
      logs: receipt.logs,
      eventName: "CCIPMessageSent",
    })[0]!.args.messageId;
  }

  it("delivers both ways, serves its HTTP interface, and stops cleanly on SIGTERM and SIGINT", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${serviceKey}` };
    let keeper = start({ KEEPER_CCIP_PORT: String(port) });
    try {
      await until(
        "/health",
        () =>
          fetch(`${url}/health`).then(
            (r) => r.ok,
            () => false,
          ),
        60_000,
        100,
      );
      const [a, b] = chains as [Chain, Chain];
      const ids = [await send(a, b, "0x01"), await send(b, a, "0x02")];
      for (const id of ids) {
        await until(
          `${id} executed`,
          async () => {
            const response = await fetch(`${url}/v1/ccip/messages/${id}`, { headers });
            if (!response.ok) return false;
            return (
              ((await response.json()) as { message: { state: string } }).message.state ===
              "success"
            );
          },
          30_000,
          50,
        );
      }
      const metrics = await (await fetch(`${url}/metrics`)).text();
      assert.match(metrics, /keeper_ccip_messages\{lane="31337->31338",state="success"\} 1/);
      keeper.child.kill("SIGTERM");
      assert.equal(await keeper.exited, 0, keeper.output());
      assert.match(keeper.output(), /"msg":"stopping"/);

      // Started again on the same data: what it recorded is there; SIGINT stops it as well.
      keeper = start({ KEEPER_CCIP_PORT: String(port) });
      await until(
        "/health again",
        () =>
          fetch(`${url}/health`).then(
            (r) => r.ok,
            () => false,
          ),
        60_000,
        100,
      );
      const list = await fetch(`${url}/v1/ccip/messages?state=success`, { headers });
      const body = (await list.json()) as { messages: { messageId: string }[] };
      assert.deepEqual(
        body.messages.map((m) => m.messageId).sort(),
        [...ids].map((id) => id.toLowerCase()).sort(),
      );
      keeper.child.kill("SIGINT");
      assert.equal(await keeper.exited, 0, keeper.output());
    } finally {
      keeper.child.kill("SIGKILL");
    }
  });

  it("refuses to start on a bad variable or a key that may not relay, naming what is wrong", async () => {
    const bad = start({ KEEPER_CCIP_MODE: "teleport" });
    assert.equal(await bad.exited, 1);
    assert.match(bad.output(), /keepers:ccip: KEEPER_CCIP_MODE: must be one of relay, monitor/);
    const stranger = start({
      KEEPER_CCIP_PRIVATE_KEY: toHex(
        (devAccount(15) as unknown as HDAccount).getHdKey().privateKey!,
      ),
      KEEPER_CCIP_DATA_DIR: join(dir, "pglite-stranger"),
      KEEPER_CCIP_PORT: String(await freePort()),
    });
    assert.equal(await stranger.exited, 1);
    assert.match(stranger.output(), /lacks RELAYER_ROLE/);
  });
});
