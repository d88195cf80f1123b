// `npm run dev` end to end: a real Hardhat node on a free port, the deploy and seed, the printed
// summary, live contracts at the recorded addresses, then Ctrl-C (SIGINT) stops everything and
// frees the port.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { liquidityPoolManagerAbi } from "@fluxion/deploy";
import {
  decodeFunctionResult,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  keccak256,
  pad,
  parseUnits,
  toBytes,
} from "viem";
import { describe, it } from "vitest";
import { freePort, portInUse } from "../scripts/lib/rpc.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * fetch, once more when the server closed a kept-alive connection just as it was reused (undici's
 * "other side closed"): every request here is a read, or a nonce that is asked for again anyway.
 */
async function get(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") throw error;
    return fetch(url, init);
  }
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await get(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

/** Hardhat dev account #3: alice, whom `npm run ccip` signs for by default. */
const alice = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

/** An account's sUSD (by default Hardhat dev account #1, whom `npm run swap` signs in with). */
async function sUsdBalance(
  url: string,
  record: { synths: Record<string, { address: string }> },
  who: `0x${string}` = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
): Promise<bigint> {
  const call = { abi: erc20Abi, functionName: "balanceOf" } as const;
  const data = encodeFunctionData({ ...call, args: [who] });
  const result = (await rpc(url, "eth_call", [
    { to: record.synths.sUSD!.address, data },
    "latest",
  ])) as Hex;
  return decodeFunctionResult({ ...call, data: result });
}

describe("npm run dev", () => {
  it("brings up the seeded protocol and shuts down cleanly on Ctrl-C", {
    timeout: 300_000,
  }, async (t) => {
    const recordPath = `${root}deploy/deployments/31337.json`;
    const committedRecord = readFileSync(recordPath, "utf8");
    const recordPath2 = `${root}deploy/deployments/31338.json`;
    const committedRecord2 = readFileSync(recordPath2, "utf8");
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const port2 = await freePort();
    const url2 = `http://127.0.0.1:${port2}`;
    const relayPort = await freePort();
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const indexerPort = await freePort();
    const keeperPort = await freePort();
    const jobsPort = await freePort();
    const webPort = await freePort();
    const indexerUrl = `http://127.0.0.1:${indexerPort}`;
    const apiData = mkdtempSync(`${tmpdir()}/fluxion-dev-api-`);
    t.onTestFinished(() => rmSync(apiData, { recursive: true, force: true }));
    const dev = spawn(process.execPath, ["scripts/dev.ts"], {
      cwd: root,
      env: {
        ...process.env,
        FLUXION_CHAIN_PORT: String(port),
        FLUXION_CHAIN_PORT_2: String(port2),
        KEEPER_CCIP_PORT: String(relayPort),
        API_PORT: String(apiPort),
        API_DATA_DIR: apiData,
        INDEXER_PORT: String(indexerPort),
        KEEPER_PORT: String(keeperPort),
        KEEPER_JOBS_PORT: String(jobsPort),
        WEB_PORT: String(webPort),
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a failing test can still stop dev and its node
    });
    // However the test ends, nothing of this stack outlives it: dev's services run in process groups of
    // their own, which only dev's Ctrl-C handling stops (a SIGKILL of dev's group would orphan them).
    t.onTestFinished(async () => {
      if (dev.exitCode === null && dev.signalCode === null) {
        dev.kill("SIGINT");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      }
      try {
        process.kill(-dev.pid!, "SIGKILL");
      } catch {
        // Already stopped.
      }
    });
    let output = "";
    dev.stdout.on("data", (chunk) => {
      output += chunk;
    });
    dev.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) =>
      dev.once("exit", (code) => resolve(code)),
    );

    // (The poll stops either way: a timer left running would keep this test process alive forever.)
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (output.includes("Press Ctrl-C to stop.")) {
          clearInterval(timer);
          resolve(true);
        }
      }, 200);
      void exited.then(() => {
        clearInterval(timer);
        resolve(false);
      });
    });
    assert.ok(ready, `dev did not come up:\n${output}`);

    // The chain's clock did not run ahead of real time while the deploy and the seed mined their
    // blocks: the next block carries about now (a chain ahead made every wall-clock timelock short).
    const pending = (await rpc(url, "eth_getBlockByNumber", ["pending", false])) as {
      timestamp: Hex;
    };
    const ahead = Number(BigInt(pending.timestamp)) - Math.floor(Date.now() / 1000);
    assert.ok(ahead <= 5, `the dev chain's next block is ${ahead} s ahead of the wall clock`);

    // A person mints the moment dev is ready, no block mined in between: `npm run swap -- mint` asks
    // the API (sign-in, compliance, the keeper's invoice), `npm run ln -- pay` pays it from the user's
    // node, and the synths arrive.
    const record = JSON.parse(readFileSync(recordPath, "utf8"));
    const synthBefore = await sUsdBalance(url, record);
    const swap = spawn(process.execPath, ["scripts/swap.ts", "mint", "20000"], {
      cwd: root,
      env: { ...process.env, API_URL: apiUrl, FLUXION_RPC_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    t.onTestFinished(() => {
      swap.kill("SIGKILL");
    });
    let swapOutput = "";
    swap.stdout.on("data", (chunk) => {
      swapOutput += chunk;
    });
    swap.stderr.on("data", (chunk) => {
      swapOutput += chunk;
    });
    const swapExited = new Promise<number | null>((resolve) => swap.once("exit", resolve));
    const invoice = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = /npm run ln -- pay (lnbcrt\w+)/.exec(swapOutput);
        if (found) {
          clearInterval(timer);
          resolve(found[1]!);
        }
      }, 100);
      void swapExited.then(() => {
        clearInterval(timer);
        reject(new Error(`swap mint exited early:\n${swapOutput}`));
      });
    });
    const pay = spawnSync(process.execPath, ["tools/lnd-dev/src/cli.ts", "pay", invoice], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(pay.status, 0, `${pay.stdout}${pay.stderr}\n${swapOutput}`);
    assert.match(pay.stdout, /succeeded: 20000 sats/);
    assert.equal(await swapExited, 0, swapOutput);
    for (const status of ["invoice.accepted", "transaction.locked", "invoice.settled"]) {
      assert.ok(swapOutput.includes(status), `the stream reported ${status}:\n${swapOutput}`);
    }
    const net = /-> ([\d.]+) sUSD/.exec(swapOutput)![1]!;
    assert.equal(await sUsdBalance(url, record), synthBefore + parseUnits(net, 18));
    assert.match(swapOutput, /minted\. balance: [\d.]+ sUSD/);

    assert.match(output, new RegExp(`Chain RPC\\s+${url.replaceAll(".", "\\.")}`));
    assert.match(output, /Proposal \d+ is active/);
    // Other packages default to the committed local addresses: dev must reproduce them exactly.
    assert.equal(
      readFileSync(recordPath, "utf8"),
      committedRecord,
      "npm run dev reproduces the committed local deployment",
    );
    assert.equal(
      readFileSync(recordPath2, "utf8"),
      committedRecord2,
      "npm run dev reproduces the committed deployment of the second chain",
    );
    assert.match(output, new RegExp(`${url2.replaceAll(".", "\\.")}\\s+\\(chain id 31338\\)`));
    for (const name of [
      "SynthVault",
      "LiquidityPoolManager",
      "FluxionGovernor",
      "SupplyChainTracker",
    ]) {
      const code = (await rpc(url, "eth_getCode", [
        record.contracts[name].address,
        "latest",
      ])) as string;
      assert.ok(code.length > 2, `${name} is deployed at its recorded address`);
      assert.ok(output.includes(record.contracts[name].address), `${name} is in the summary`);
    }

    // The API is up on its embedded database, with the model loaded, and hands out SIWE nonces.
    assert.match(output, new RegExp(`API\\s+${apiUrl.replaceAll(".", "\\.")}`));
    const readyz = await get(`${apiUrl}/ready`);
    assert.equal(readyz.status, 200);
    assert.deepEqual(((await readyz.json()) as { checks: unknown }).checks, {
      database: "ok",
      model: "ok",
    });
    const nonce = await get(`${apiUrl}/v1/auth/nonce`, { method: "POST" });
    assert.equal(nonce.status, 200);
    assert.match(((await nonce.json()) as { nonce: string }).nonce, /^[a-zA-Z0-9]{8,}$/);

    // The indexer has the seeded demo in GraphQL: every pool at the chain's balances, and the proposal,
    // on each chain.
    assert.match(output, new RegExp(`GraphQL\\s+${indexerUrl.replaceAll(".", "\\.")}/graphql`));
    const proposalId = /Proposal (\d+) is active/.exec(output)![1]!;
    const graphql = await get(`${indexerUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          "{ pools(where: { chainId: 31337 }) { items { poolId balances } } " +
          "proposals(where: { chainId: 31337 }) { items { proposalId state } } " +
          "other: proposals(where: { chainId: 31338 }) { items { state } } }",
      }),
    });
    assert.equal(graphql.status, 200);
    const { data } = (await graphql.json()) as {
      data: {
        pools: { items: { poolId: string; balances: string[] }[] };
        proposals: { items: { proposalId: string; state: string }[] };
        other: { items: { state: string }[] };
      };
    };
    assert.deepEqual(data.proposals.items, [{ proposalId, state: "active" }]);
    // The second chain is seeded the same way and indexed too.
    assert.deepEqual(data.other.items, [{ state: "active" }]);
    const manager = record.contracts.LiquidityPoolManager.address;
    const pools = Object.values(record.pools as Record<string, { poolId: string }>);
    assert.equal(data.pools.items.length, pools.length);
    for (const { poolId } of pools) {
      const indexed = data.pools.items.find((p) => p.poolId === poolId);
      assert.ok(indexed, `pool ${poolId} is indexed`);
      const call = { abi: liquidityPoolManagerAbi, functionName: "getPoolState" } as const;
      const result = (await rpc(url, "eth_call", [
        { to: manager, data: encodeFunctionData({ ...call, args: [poolId as Hex] }) },
        "latest",
      ])) as Hex;
      const [, balances] = decodeFunctionResult({ ...call, data: result });
      assert.deepEqual(
        indexed.balances.map(BigInt),
        [...balances],
        `pool ${poolId} balances match the chain`,
      );
    }

    // Both chains keep mining a block a second (the clocks), and the indexer follows every one of them.
    for (const [chainUrl, chain] of [
      [url, "chain31337"],
      [url2, "chain31338"],
    ] as const) {
      const before = BigInt((await rpc(chainUrl, "eth_blockNumber", [])) as Hex);
      await new Promise((r) => setTimeout(r, 3_000));
      const head = BigInt((await rpc(chainUrl, "eth_blockNumber", [])) as Hex);
      assert.ok(head >= before + 2n, `${chain} mines on its own (${before} -> ${head})`);
      let indexed = 0n;
      for (let i = 0; i < 50 && indexed < head; i++) {
        const status = (await (await get(`${indexerUrl}/status`)).json()) as Record<
          string,
          { block?: { number: number } }
        >;
        indexed = BigInt(status[chain]?.block?.number ?? 0);
        if (indexed < head) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(indexed >= head, `the indexer follows ${chain}'s clock (${indexed} < ${head})`);
    }

    // Two dev Lightning nodes, and the user's wallet CLI talks to its node through the lightning client.
    assert.match(output, /Lightning\s+user localhost:\d+, service localhost:\d+/);
    const cli = spawnSync(process.execPath, ["tools/lnd-dev/src/cli.ts", "info"], {
      cwd: root,
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /"alias": "user"/);

    // The bridge keeper runs against the gateway and the service node.
    assert.match(output, new RegExp(`Keeper\\s+http://127\\.0\\.0\\.1:${keeperPort}`));
    const health = await get(`http://127.0.0.1:${keeperPort}/health`);
    assert.equal(health.status, 200);
    const unauthorized = await get(`http://127.0.0.1:${keeperPort}/swaps/${"ab".repeat(32)}`);
    assert.equal(unauthorized.status, 401, "the keeper's swap routes need the service key");

    // And back: the user's node makes an invoice, `npm run swap -- burn` locks sUSD for it on the
    // gateway, and the keeper pays it.
    const ln = (...args: string[]) =>
      spawnSync(process.execPath, ["tools/lnd-dev/src/cli.ts", ...args], {
        cwd: root,
        encoding: "utf8",
        timeout: 30_000,
      });
    const channelBefore = Number(JSON.parse(ln("balance").stdout).local);
    const { request } = JSON.parse(ln("invoice", "10000", "withdraw").stdout) as {
      request: string;
    };
    const burnBefore = await sUsdBalance(url, record);
    const burn = spawnSync(process.execPath, ["scripts/swap.ts", "burn", request], {
      cwd: root,
      env: { ...process.env, API_URL: apiUrl, FLUXION_RPC_URL: url },
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(burn.status, 0, `${burn.stdout}${burn.stderr}`);
    assert.match(burn.stdout, /transaction\.claimed/);
    const locked = /locking ([\d.]+) sUSD/.exec(burn.stdout)![1]!;
    assert.equal(await sUsdBalance(url, record), burnBefore - parseUnits(locked, 18));
    assert.equal(Number(JSON.parse(ln("balance").stdout).local), channelBefore + 10_000);

    // `npm run swap -- swaps` lists both, each with its state (and, for a lock still standing, when its
    // refund opens).
    const listed = spawnSync(process.execPath, ["scripts/swap.ts", "swaps"], {
      cwd: root,
      env: { ...process.env, API_URL: apiUrl, FLUXION_RPC_URL: url },
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, / mint 20000 sats {2}invoice\.settled \(settled\)/);
    assert.match(listed.stdout, / burn 10000 sats {2}transaction\.claimed \(claimed\)/);

    // The scheduled keepers run, and the README's liquidation wave happens: `npm run market -- crash ETH 30`
    // trips the ETH breaker, the market's next rounds re-arm it, and the keepers liquidate carol's
    // WETH/sXAU position (156% before the crash, about 109% after: under water, closed as bad debt).
    assert.match(output, new RegExp(`Keepers\\s+http://127\\.0\\.0\\.1:${jobsPort}/metrics`));
    const jobsHealth = (await (await get(`http://127.0.0.1:${jobsPort}/health`)).json()) as {
      jobs: string[];
    };
    assert.ok(
      jobsHealth.jobs.includes("liquidations") && jobsHealth.jobs.includes("market-prices"),
    );
    const crash = spawnSync(process.execPath, ["scripts/market.ts", "crash", "ETH", "30"], {
      cwd: root,
      env: { ...process.env, FLUXION_RPC_URL: url },
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(crash.status, 0, `${crash.stdout}${crash.stderr}`);
    assert.match(crash.stdout, /ETH\/USD -30%/);
    const carol = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
    const liquidatedTopic = keccak256(
      toBytes("Liquidated(address,address,address,address,uint256,uint256,uint256,uint256)"),
    );
    let carolLiquidated = false;
    for (const deadline = Date.now() + 90_000; !carolLiquidated && Date.now() < deadline; ) {
      const logs = (await rpc(url, "eth_getLogs", [
        {
          address: record.contracts.SynthVault.address,
          fromBlock: "0x0",
          topics: [liquidatedTopic, pad(carol.toLowerCase() as Hex)],
        },
      ])) as unknown[];
      carolLiquidated = logs.length === 1;
      if (!carolLiquidated) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(carolLiquidated, "the keepers liquidated carol's position after the crash");
    // The keeper counts a liquidation once it has read the receipt, which can be just after the log is
    // on chain: wait for the count. Under water (bad debt) at the seeded price; the market's walk
    // before the crash may leave it just above water (a full liquidation).
    let metrics = "";
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      metrics = await (await get(`http://127.0.0.1:${jobsPort}/metrics`)).text();
      if (/keeper_liquidations_total\{kind="\w+"\} 1/.test(metrics)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.match(metrics, /keeper_liquidations_total\{kind="(bad_debt|full)"\} 1/);

    // The README's paid mint: a webhook source, a signed PAYMENT_RECEIVED, the mint on the stream and
    // on the account's own endpoint, then a replay that mints nothing more.
    const source = `readme${process.pid}`;
    const webhooksEnv = { ...process.env, API_URL: apiUrl, WEBHOOK_SOURCE: source };
    const webhooks = (...args: string[]) =>
      spawnSync(process.execPath, ["scripts/webhooks.ts", ...args], {
        cwd: root,
        env: webhooksEnv,
        encoding: "utf8",
        timeout: 60_000,
      });
    const follow = (...args: string[]) => {
      const child = spawn(process.execPath, ["scripts/webhooks.ts", ...args], {
        cwd: root,
        env: webhooksEnv,
      });
      const lines = { text: "" };
      child.stdout.on("data", (chunk: Buffer) => {
        lines.text += String(chunk);
      });
      child.stderr.on("data", (chunk: Buffer) => {
        lines.text += String(chunk);
      });
      return { child, lines };
    };
    const registered = webhooks("source", source);
    assert.equal(registered.status, 0, `${registered.stdout}${registered.stderr}`);
    assert.match(registered.stdout, /secret whsec_/);
    const listener = follow("listen");
    const streamer = follow("stream");
    const waitFor = async (what: string, f: { lines: { text: string } }, pattern: RegExp) => {
      for (const deadline = Date.now() + 60_000; !pattern.test(f.lines.text); ) {
        if (Date.now() > deadline) assert.fail(`${what}: ${f.lines.text}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    try {
      await waitFor("the endpoint registered", listener, /endpoint \S+ at http/);
      await waitFor("the stream open", streamer, /^hello/m);
      const paidBefore = await sUsdBalance(url, record);
      const paid = webhooks("pay", "250.00");
      assert.equal(paid.status, 0, `${paid.stdout}${paid.stderr}`);
      const eventId = /"id":"([^"]+)"/.exec(paid.stdout)![1]!;
      await waitFor("MINT_CONFIRMED at the endpoint", listener, /verified MINT_CONFIRMED/);
      await waitFor("MINT_CONFIRMED on the stream", streamer, /^MINT_CONFIRMED/m);
      assert.equal(await sUsdBalance(url, record), paidBefore + parseUnits("250", 18));
      const replayed = webhooks("replay", eventId);
      assert.equal(replayed.status, 0, `${replayed.stdout}${replayed.stderr}`);
      assert.match(replayed.stdout, /replayed: 1/);
      const dead = webhooks("dead");
      assert.match(dead.stdout, /no dead letters/);
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(
        await sUsdBalance(url, record),
        paidBefore + parseUnits("250", 18),
        "no second mint",
      );
      assert.equal(listener.lines.text.match(/verified MINT_CONFIRMED/g)?.length, 1);
    } finally {
      listener.child.kill("SIGINT");
      streamer.child.kill("SIGINT");
      rmSync(`${root}.dev/webhooks/${source}.secret`, { force: true });
    }

    // The README's cross-chain transfer: `npm run ccip -- send` burns sUSD on 31337, the relay delivers it
    // on 31338 once final, and back; the balances move on each chain and their sum is unchanged.
    const record2 = JSON.parse(readFileSync(recordPath2, "utf8"));
    const ccipEnv = { ...process.env, FLUXION_RPC_URL: url, FLUXION_RPC_URL_2: url2 };
    const ccip = (...args: string[]) =>
      spawnSync(process.execPath, ["scripts/ccip.ts", ...args], {
        cwd: root,
        env: ccipEnv,
        encoding: "utf8",
        timeout: 150_000,
      });
    const [onA, onB] = [
      await sUsdBalance(url, record, alice),
      await sUsdBalance(url2, record2, alice),
    ];
    const there = ccip("send", "100", "sUSD", "--to", "31338");
    assert.equal(there.status, 0, `${there.stdout}${there.stderr}`);
    assert.match(there.stdout, /fee [\d.]+ ETH/);
    assert.match(there.stdout, /^ {2}executed$/m);
    const messageId = /message (0x[0-9a-f]{64})/.exec(there.stdout)![1]!;
    assert.equal(await sUsdBalance(url, record, alice), onA - parseUnits("100", 18));
    assert.equal(await sUsdBalance(url2, record2, alice), onB + parseUnits("100", 18));
    const status = ccip("status", messageId);
    assert.match(status.stdout, /sent on chain 31337[\s\S]*to chain 31338: executed/);
    const back = ccip("send", "40", "sUSD", "--to", "31337", "--fee", "LINK");
    assert.equal(back.status, 0, `${back.stdout}${back.stderr}`);
    assert.match(back.stdout, /fee [\d.]+ LINK/);
    assert.match(back.stdout, /^ {2}executed$/m);
    const balances = ccip("balance", "sUSD");
    assert.match(balances.stdout, /chain 31337: [\d.]+ sUSD\nchain 31338: [\d.]+ sUSD\ntotal/);
    assert.equal(await sUsdBalance(url, record, alice), onA - parseUnits("60", 18));
    assert.equal(await sUsdBalance(url2, record2, alice), onB + parseUnits("60", 18));

    // The console showed each phase with its time, and none of the services' request logs (those are
    // in .dev/logs/), although the API served every request above.
    for (const phase of [
      "compile done",
      "chain is ready",
      "deploy done",
      "api is ready",
      "keeper is ready",
      "keepers is ready",
      "chain2 is ready",
      "relay is ready",
    ]) {
      assert.match(output, new RegExp(`dev +\\+[\\d.]+s ${phase}`), `${phase} on the console`);
    }
    assert.ok(!output.includes('"reqId"'), `request logs on the console:\n${output.slice(-1500)}`);

    dev.kill("SIGINT");
    const code = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r("timeout"), 20_000)),
    ]);
    assert.equal(code, 0, `dev exits cleanly on Ctrl-C:\n${output.slice(-2000)}`);
    assert.equal(await portInUse(port, "127.0.0.1"), false, "the chain's port is free again");
    assert.equal(await portInUse(port2, "127.0.0.1"), false, "the second chain's port is free");
    assert.equal(await portInUse(relayPort, "127.0.0.1"), false, "the relay's port is free");
    assert.equal(await portInUse(apiPort, "127.0.0.1"), false, "the API's port is free again");
    assert.equal(await portInUse(indexerPort, "127.0.0.1"), false, "the indexer's port is free");
    assert.equal(await portInUse(keeperPort, "127.0.0.1"), false, "the keeper's port is free");
    assert.equal(await portInUse(jobsPort, "127.0.0.1"), false, "the keepers' port is free");
  });
});
