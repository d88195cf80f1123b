// The dev chain moved from outside the process: the control endpoint of startDevNetwork, and the
// CLI's height/mine/advance against a running `npm run ln:node` process.
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import lightning from "lightning";
import { afterAll, beforeAll, describe, test } from "vitest";
import type { ChainStatus } from "./index.ts";
import { startDevNetwork } from "./index.ts";
import { serveConfig } from "./serve.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const serve = fileURLToPath(new URL("./serve.ts", import.meta.url));
/** No real lnd for these processes, whatever the shell has. */
const noLnd = { LND_SOCKET: "", LND_CERT: "", LND_MACAROON: "" };

describe("control endpoint (startDevNetwork)", () => {
  let dir: string;
  let net: Awaited<ReturnType<typeof startDevNetwork<"user" | "service">>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lnd-dev-control-"));
    net = await startDevNetwork({ nodes: ["user", "service"], dir, control: true });
  });
  afterAll(async () => {
    await net.close();
    await rm(dir, { recursive: true, force: true });
  });

  const call = (path: string, init: RequestInit = {}, token = net.control?.token) =>
    fetch(`${net.control?.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });

  test("chain.json names a loopback URL and a token, readable by the owner only", async () => {
    const file = join(dir, "chain.json");
    const info = JSON.parse(await readFile(file, "utf8"));
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.url, net.control?.url);
    assert.match(info.token, /^[0-9a-f]{64}$/);
    assert.equal(info.pid, process.pid);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  const status = async (res: Promise<Response>) => (await (await res).json()) as ChainStatus;

  test("height, mine and advance; what they did is what GetInfo reports", async () => {
    const { lnd } = lightning.authenticatedLndGrpc(net.nodes.service);
    const start = await status(call("/height"));
    assert.equal(start.height, net.network.chain.height);
    assert.equal(start.blockSeconds, 600);

    const mined = await status(call("/mine", { method: "POST", body: '{"blocks":6}' }));
    assert.equal(mined.height, start.height + 6);
    assert.ok(Math.abs(mined.timeMs - start.timeMs) < 5_000, "mining leaves the clock alone");

    const advanced = await status(call("/advance", { method: "POST", body: '{"seconds":1200}' }));
    assert.equal(advanced.height, start.height + 8);
    assert.ok(advanced.timeMs - start.timeMs >= 1_200_000);
    assert.equal(Date.parse(advanced.time), advanced.timeMs);

    const info = await lightning.getWalletInfo({ lnd });
    assert.equal(info.current_block_height, start.height + 8);
    for (const client of Object.values(lnd)) (client as { close(): void }).close();
  });

  test("a wrong token, bad input, unknown routes and methods are refused", async () => {
    assert.equal((await call("/height", {}, "0".repeat(64))).status, 401);
    assert.equal((await fetch(`${net.control?.url}/height`)).status, 401);
    const bad = await call("/mine", { method: "POST", body: '{"blocks":-1}' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /non-negative integer/);
    const backwards = await call("/advance", { method: "POST", body: '{"seconds":-5}' });
    assert.equal(backwards.status, 400);
    assert.equal((await call("/mine", { method: "POST", body: "[1]" })).status, 400);
    const many = await call("/mine", { method: "POST", body: '{"blocks":1000001}' });
    assert.equal(many.status, 400);
    const far = await call("/advance", { method: "POST", body: '{"seconds":1e12}' });
    assert.equal(far.status, 400);
    assert.equal((await call("/mine")).status, 405);
    assert.equal((await call("/blocks")).status, 404);
  });

  test("closing removes chain.json", async () => {
    const file = net.control?.file ?? "";
    await net.control?.close();
    assert.equal(existsSync(file), false);
  });
});

describe("npm run ln -- height | mine | advance (an ln:node process)", () => {
  let dir: string;
  let node: ChildProcess;
  let output = "";
  const ln = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [cli, ...args], {
      env: { ...process.env, ...noLnd, LN_NETWORK_DIR: dir, LN_DIR: "", ...env },
    });
  const fails = async (args: string[], env: Record<string, string>, stderr: RegExp) => {
    await assert.rejects(ln(args, env), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1, err.stderr);
      assert.match(err.stderr, stderr);
      return true;
    });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lnd-dev-lnnode-"));
    node = spawn(process.execPath, [serve, "--hold-until-expiry", "user"], {
      env: { ...process.env, ...noLnd, LN_NETWORK_DIR: dir, LN_BLOCK_SECONDS: "600" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    node.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 30_000;
    while (!output.includes("dev lnd network running")) {
      if (Date.now() > deadline || node.exitCode !== null) throw new Error(`ln:node: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    if (node.exitCode === null) node.kill("SIGINT");
    await rm(dir, { recursive: true, force: true });
  });

  test("ln:node prints its chain and control endpoint and the hostile payee", () => {
    assert.match(output, /user: [0-9a-f]{66} {2}\(holds HTLCs until their expiry\)/);
    assert.match(output, /chain: height \d+, a block every 600 s/);
    assert.match(output, /control: http:\/\/127\.0\.0\.1:\d+ \(token in .*chain\.json\)/);
  });

  test("height, mine <blocks>, advance <seconds> print the height; info agrees", async () => {
    const height = Number((await ln(["height"])).stdout.trim());
    assert.ok(height >= 200);
    assert.equal(Number((await ln(["mine", "5"])).stdout.trim()), height + 5);
    assert.equal(Number((await ln(["advance", "1800"])).stdout.trim()), height + 8);
    // Found from LN_DIR's parent as well; info reads the same chain through the lightning client.
    const viaNodeDir = { LN_NETWORK_DIR: "", LN_DIR: join(dir, "user") };
    assert.equal(Number((await ln(["height"], viaNodeDir)).stdout.trim()), height + 8);
    const info = JSON.parse((await ln(["info"], viaNodeDir)).stdout);
    assert.equal(info.block_height, height + 8);
    await assert.rejects(ln(["mine", "-1"]), (err: { code: number }) => err.code === 2);
    await assert.rejects(ln(["advance"]), (err: { code: number }) => err.code === 2);
  });

  test("after ln:node stops: chain.json is gone and the commands say no dev chain runs", async () => {
    node.kill("SIGINT");
    await once(node, "exit");
    assert.equal(existsSync(join(dir, "chain.json")), false);
    await fails(["height"], {}, /no dev chain running: .*chain\.json not found/);

    // A stale chain.json (the process was killed) names a port nobody answers on.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const stale = { url: `http://127.0.0.1:${port}`, token: "00", pid: 1 };
    await writeFile(join(dir, "chain.json"), JSON.stringify(stale));
    await fails(
      ["mine", "1"],
      {},
      /no dev chain answers at http:\/\/127\.0\.0\.1:\d+ \(.* is stale/,
    );
  });

  test("LND_* naming a real lnd: the chain commands refuse", async () => {
    const real = {
      LND_SOCKET: "127.0.0.1:10009",
      LND_CERT: Buffer.from(
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      ).toString("base64"),
      LND_MACAROON: "0201",
    };
    await fails(["mine", "1"], real, /LND_SOCKET points at a real lnd/);
  });
});

test("ln:node settings: flags over environment, bad values name their variable", () => {
  const config = serveConfig(["--block-seconds", "30"], {
    LN_BLOCK_SECONDS: "5",
    LN_HOLD_UNTIL_EXPIRY: " user , service ",
    LN_NETWORK_DIR: "/tmp/x",
  });
  assert.equal(config.blockSeconds, 30);
  assert.deepEqual(config.holdUntilExpiry, ["user", "service"]);
  assert.equal(config.dir, "/tmp/x");
  assert.equal(config.chainPort, 0);
  assert.equal(serveConfig([], {}).blockSeconds, 600);
  assert.deepEqual(serveConfig([], {}).holdUntilExpiry, []);
  assert.throws(() => serveConfig([], { LN_BLOCK_SECONDS: "0" }), /LN_BLOCK_SECONDS must be/);
  assert.throws(() => serveConfig(["--block-seconds", "x"], {}), /--block-seconds must be/);
  assert.throws(
    () => serveConfig([], { LN_HOLD_UNTIL_EXPIRY: "carol" }),
    /LN_HOLD_UNTIL_EXPIRY names unknown nodes \(carol\)/,
  );
  assert.throws(() => serveConfig([], { LN_CHAIN_PORT: "70000" }), /LN_CHAIN_PORT must be/);
});
