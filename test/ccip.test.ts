// Cross-chain transfers over real processes: two `hardhat node`s (31337 and 31338) with the protocol deployed
// and connected, and CCIP relays (`keepers/src/ccip/main.ts`) between them, on Postgres when one answers.
// Transfers both ways with exact supplies; a relay SIGKILLed mid-burst and restarted; two relays at once; a
// reorg on the source before finality; a message that runs out of gas on the destination, then manually
// executed with a higher limit from the CLI; a transfer over the inbound limit stored by the gateway and
// retried once governance raised it; and a stranger's message to the gateway refused.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { crossChainGatewayAbi, localCCIPRouterAbi } from "@fluxion/deploy";
import type { Hex } from "viem";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, it } from "vitest";
import { devKey, root, until } from "./lib/bridgeStack.ts";
import {
  type CcipChain,
  createRelayDatabase,
  type RelayDatabase,
  type RelayProcess,
  startChains,
  startRelay,
} from "./lib/ccipStack.ts";

const SUCCESS = 2;
const FAILURE = 3;
const alice = devKey(3);
const bob = devKey(4);
const sUsd = (n: string) => parseUnits(n, 18);

describe("CCIP between two chains (processes)", () => {
  let a: CcipChain;
  let b: CcipChain;
  const relays: RelayProcess[] = [];
  const databases: RelayDatabase[] = [];

  beforeAll(async () => {
    [a, b] = await startChains();
    await a.fund(alice.address, sUsd("100000"));
    await b.fund(bob.address, sUsd("100000"));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.kill()));
    await Promise.all(databases.map((d) => d.close().catch(() => {})));
    await a?.close();
  });

  const chains = () => [
    { chainId: a.chainId, url: a.url },
    { chainId: b.chainId, url: b.url },
  ];
  async function relay(name: string, env: Record<string, string> = {}, db?: RelayDatabase) {
    const database = db ?? (await createRelayDatabase());
    if (!db) databases.push(database);
    const r = await startRelay(name, chains(), database, env);
    relays.push(r);
    return { relay: r, database };
  }
  const total = async () => (await a.sUsdSupply()) + (await b.sUsdSupply());
  const logs = () => relays.map((r) => `--- ${r.name}\n${r.log().slice(-3000)}`).join("\n");
  async function executed(dest: CcipChain, id: Hex, state = SUCCESS): Promise<void> {
    await until(
      `message ${id} to reach state ${state}`,
      async () => (await dest.stateOf(id)) === state,
      {
        timeoutMs: 60_000,
        intervalMs: 100,
        detail: logs,
      },
    );
  }

  it("moves sUSD both ways; the sum of both supplies is what it was once nothing is in flight", async () => {
    const { relay: r } = await relay("relay-both-ways");
    const before = await total();
    const there = await a.send(alice.privateKey, b, alice.address, sUsd("250"));
    const back = await b.send(bob.privateKey, a, bob.address, sUsd("75"));
    await executed(b, there.messageId);
    await executed(a, back.messageId);
    assert.equal(await total(), before);
    assert.equal(await b.sUsdBalance(alice.address), sUsd("250"));
    assert.equal(await a.sUsdBalance(bob.address), sUsd("75"));
    await r.kill();
  });

  it("a relay SIGKILLed mid-burst and restarted on its database executes every message exactly once", async () => {
    const { relay: first, database } = await relay("relay-killed");
    const ids: Hex[] = [];
    for (let i = 0; i < 12; i++)
      ids.push((await a.send(alice.privateKey, b, alice.address, sUsd("1"))).messageId);
    // Kill it as soon as something was delivered: the rest is somewhere between seen and executed.
    await until("a first delivery", async () => (await b.stateOf(ids[0]!)) !== 0, {
      timeoutMs: 60_000,
      intervalMs: 20,
      detail: logs,
    });
    await first.kill("SIGKILL");
    const { relay: second } = await relay("relay-restarted", {}, database);
    for (const id of ids) await executed(b, id);
    const executions = await b.executions();
    for (const id of ids) assert.equal(executions.get(id)?.length, 1, `${id} executed once`);
    await second.kill();
  });

  it("two relays at once (separate databases, keys of their own) never execute a message twice", async () => {
    const second = devKey(13);
    await a.grantRelayer(second.address);
    await b.grantRelayer(second.address);
    const { relay: one } = await relay("relay-one");
    const { relay: two } = await relay("relay-two", { KEEPER_CCIP_PRIVATE_KEY: second.privateKey });
    const ids: Hex[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push((await a.send(alice.privateKey, b, alice.address, sUsd("1"))).messageId);
      ids.push((await b.send(bob.privateKey, a, bob.address, sUsd("1"))).messageId);
    }
    for (const [i, id] of ids.entries()) await executed(i % 2 === 0 ? b : a, id);
    const [onA, onB] = [await a.executions(), await b.executions()];
    for (const [i, id] of ids.entries())
      assert.equal((i % 2 === 0 ? onB : onA).get(id)?.length, 1, `${id} executed once`);
    await Promise.all([one.kill(), two.kill()]);
  });

  it("a message reorged out of the source before finality is never delivered", async () => {
    const { relay: r } = await relay("relay-depth-2", { KEEPER_CCIP_FINALITY_DEPTH: "2" });
    const snapshot = (await a.rpc("evm_snapshot")) as string;
    const gone = await a.send(alice.privateKey, b, alice.address, sUsd("5"));
    // The relay sees it at depth 0, waits for depth 2; the fork drops it before then.
    await new Promise((res) => setTimeout(res, 1_000));
    await a.rpc("evm_revert", [snapshot]);
    const kept = await a.send(alice.privateKey, b, bob.address, sUsd("6"));
    for (let i = 0; i < 3; i++) await a.rpc("evm_mine");
    await executed(b, kept.messageId);
    await new Promise((res) => setTimeout(res, 2_000));
    assert.equal(await b.stateOf(gone.messageId), 0, "never executed");
    assert.equal(await b.committedAt(gone.messageId), 0n, "never committed");
    await r.kill();
  });

  it("out of gas on the destination: FAILURE, then manual execution with a higher limit from the CLI", async () => {
    const { relay: r } = await relay("relay-gas");
    const lane = await a.publicClient.readContract({
      address: a.gateway,
      abi: crossChainGatewayAbi,
      functionName: "lane",
      args: [b.selector],
    });
    // Governance on chain A gives its transfers too little gas on B (a mistake a proposal could make).
    await a.asTimelock((w) =>
      w.writeContract({
        address: a.gateway,
        abi: crossChainGatewayAbi,
        functionName: "setLane",
        args: [b.selector, { ...lane, transferGasLimit: 30_000 }],
        account: a.record.contracts.FluxionTimelock!.address,
        chain: undefined,
      }),
    );
    const before = await b.sUsdBalance(bob.address);
    const { messageId } = await a.send(alice.privateKey, b, bob.address, sUsd("42"));
    await executed(b, messageId, FAILURE);
    assert.equal(await b.sUsdBalance(bob.address), before, "nothing minted");
    const low = runCli(["execute", messageId, "--gas-limit", "1000"]);
    assert.notEqual(low.status, 0, "a lower limit than the message's is refused");
    const cli = runCli(["execute", messageId, "--gas-limit", "250000"]);
    assert.equal(cli.status, 0, `${cli.stdout}${cli.stderr}`);
    assert.match(cli.stdout, /executed/);
    assert.equal(await b.stateOf(messageId), SUCCESS);
    assert.equal(await b.sUsdBalance(bob.address), before + sUsd("42"));
    const history = (await b.executions()).get(messageId)!;
    assert.deepEqual(history, [
      { state: FAILURE, manual: false },
      { state: SUCCESS, manual: true },
    ]);
    await a.asTimelock((w) =>
      w.writeContract({
        address: a.gateway,
        abi: crossChainGatewayAbi,
        functionName: "setLane",
        args: [b.selector, lane],
        account: a.record.contracts.FluxionTimelock!.address,
        chain: undefined,
      }),
    );
    await r.kill();
  });

  it("over the inbound limit: the gateway stores it, and a retry mints once governance raised the limit", async () => {
    const { relay: r } = await relay("relay-limit");
    const limits = await b.publicClient.readContract({
      address: b.gateway,
      abi: crossChainGatewayAbi,
      functionName: "rateLimits",
      args: [a.selector, b.sUSD],
    });
    const timelockB = b.record.contracts.FluxionTimelock!.address;
    const setInbound = (capacity: bigint, rate: bigint) =>
      b.asTimelock((w) =>
        w.writeContract({
          address: b.gateway,
          abi: crossChainGatewayAbi,
          functionName: "setRateLimits",
          args: [
            a.selector,
            b.sUSD,
            { isEnabled: limits[0].isEnabled, capacity: limits[0].capacity, rate: limits[0].rate },
            { isEnabled: true, capacity, rate },
          ],
          account: timelockB,
          chain: undefined,
        }),
      );
    await setInbound(sUsd("50"), sUsd("1"));
    const before = await b.sUsdBalance(alice.address);
    const { messageId } = await a.send(alice.privateKey, b, alice.address, sUsd("100"));
    await executed(b, messageId, SUCCESS);
    const stored = await b.publicClient.readContract({
      address: b.gateway,
      abi: crossChainGatewayAbi,
      functionName: "isFailed",
      args: [messageId],
    });
    assert.equal(stored, true, "stored as failed, not reverted");
    assert.equal(await b.sUsdBalance(alice.address), before);
    const early = runCli(["execute", messageId]);
    assert.notEqual(early.status, 0, "still above capacity: the retry reverts and it stays stored");
    // Raising the capacity keeps the bucket's tokens (Chainlink's rule): it refills at 1 sUSD a second.
    await setInbound(sUsd("1000"), sUsd("1"));
    const tooSoon = runCli(["execute", messageId]);
    assert.notEqual(tooSoon.status, 0, "not yet refilled to 100");
    await b.rpc("evm_increaseTime", [60]);
    await b.rpc("evm_mine");
    const retried = runCli(["execute", messageId]);
    assert.equal(retried.status, 0, `${retried.stdout}${retried.stderr}`);
    assert.equal(await b.sUsdBalance(alice.address), before + sUsd("100"));
    await r.kill();
  });

  it("a stranger's message to the gateway is delivered by the relay and refused by the gateway: nothing minted", async () => {
    const { relay: r } = await relay("relay-stranger");
    const stranger = devKey(5);
    await a.rpc("hardhat_setBalance", [stranger.address, "0x56BC75E2D63100000"]);
    const supplyBefore = await b.sUsdSupply();
    const message = {
      receiver: encodeAddress(b.gateway),
      data: "0x" as Hex,
      tokenAmounts: [],
      feeToken: "0x0000000000000000000000000000000000000000" as const,
      extraArgs: "0x" as Hex,
    };
    const fee = await a.publicClient.readContract({
      address: a.router,
      abi: localCCIPRouterAbi,
      functionName: "getFee",
      args: [b.selector, message],
    });
    const wallet = a.wallet(stranger.privateKey);
    const hash = await wallet.writeContract({
      address: a.router,
      abi: localCCIPRouterAbi,
      functionName: "ccipSend",
      args: [b.selector, message],
      value: fee,
    });
    const receipt = await a.publicClient.waitForTransactionReceipt({ hash });
    const logs = await a.publicClient.getContractEvents({
      address: a.router,
      abi: localCCIPRouterAbi,
      eventName: "CCIPMessageSent",
      blockHash: receipt.blockHash,
    });
    const messageId = logs[0]!.args.messageId!;
    await executed(b, messageId, FAILURE);
    assert.equal(await b.sUsdSupply(), supplyBefore);
    await r.kill();
  });

  function runCli(args: string[]) {
    return spawnSync(process.execPath, ["scripts/ccip.ts", ...args], {
      cwd: root,
      env: {
        ...process.env,
        FLUXION_RPC_URL: a.url,
        FLUXION_RPC_URL_2: b.url,
        CCIP_PRIVATE_KEY: devKey(6).privateKey,
      },
      encoding: "utf8",
      timeout: 120_000,
    });
  }
});

function encodeAddress(address: string): Hex {
  return `0x${address.slice(2).toLowerCase().padStart(64, "0")}` as Hex;
}
