// Monitor mode against gateways that only log (Chainlink's routers deliver; the relay must not): sends and
// arrivals matched by message id in whichever order they are seen, events read only once `finalityDepth`
// blocks deep, an alert (warn + metric) once per message that failed or was not delivered in time, and the
// HTTP interface listing what it watches while refusing to execute anything.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { crossChainGatewayAbi } from "@fluxion/deploy";
import pino from "pino";
import {
  type Address,
  encodeAbiParameters,
  encodeEventTopics,
  getAbiItem,
  type Hex,
  keccak256,
  toHex,
} from "viem";
import { afterAll, beforeAll, it } from "vitest";
import { describeBackends, openTestSql } from "../testing/backends.ts";
import {
  type CcipFixture,
  emitCalldata,
  logEmitterCode,
  startCcipFixture,
} from "../testing/ccipFixture.ts";
import { createCcipHttp } from "./http.ts";
import { createCcipMetrics } from "./metrics.ts";
import { CcipMonitor } from "./monitor.ts";
import { MonitorStore } from "./monitorStore.ts";
import { CcipStore } from "./store.ts";
import { lanesBetween } from "./types.ts";

const gateways: Record<number, Address> = {
  31337: "0x00000000000000000000000000000000000cca01",
  31338: "0x00000000000000000000000000000000000ccb02",
};
const serviceKey = "ccip-monitor-service-key-of-32-characters";
const id = (name: string) => keccak256(toHex(name));

describeBackends("CCIP monitor", (backend) => {
  let f: CcipFixture;
  let db: Awaited<ReturnType<typeof openTestSql>>;
  let monitor: CcipMonitor;
  let store: MonitorStore;
  let metrics: ReturnType<typeof createCcipMetrics>;
  /** How far the monitor's clock runs ahead of the wall clock. */
  let clockAhead = 0;
  const lines: { level: number; code?: string; messageId?: string; reason?: string }[] = [];

  beforeAll(async () => {
    f = await startCcipFixture();
    for (const c of f.chains) await c.rpc("hardhat_setCode", [gateways[c.chainId], logEmitterCode]);
    db = await openTestSql(backend);
    store = new MonitorStore(db.sql);
    const endpoints = (await f.endpoints(true)).map((e) => ({
      ...e,
      gateway: { address: gateways[e.chainId]!, blockNumber: e.router.blockNumber },
    }));
    const lanes = lanesBetween(endpoints);
    metrics = createCcipMetrics({
      counts: () => store.counts(),
      undelivered: () => store.oldestUndelivered(),
      head: (chainId) => monitor.head(chainId),
      lanes: lanes.map((l) => ({ name: l.name, sourceChainId: l.source.chainId })),
    });
    monitor = new CcipMonitor({
      lanes,
      clients: new Map(f.chains.map((c) => [c.chainId, c.publicClient])),
      store,
      cursors: new CcipStore(db.sql),
      metrics,
      logger: pino(
        { level: "info" },
        { write: (line: string) => void lines.push(JSON.parse(line)) },
      ),
      finalityDepth: 1,
      alertAfterMs: 60_000,
      now: () => Date.now() + clockAhead,
    });
  });
  afterAll(async () => {
    await db?.close();
    await f?.close();
  });

  /** Logs `eventName` from the gateway on `chainId`, as the real gateway would. */
  async function emit(chainId: number, eventName: string, args: Record<string, unknown>) {
    const c = f.chain(chainId);
    const item = getAbiItem({ abi: crossChainGatewayAbi, name: eventName as never }) as unknown as {
      inputs: { name: string; type: string; indexed?: boolean }[];
    };
    const topics = encodeEventTopics({
      abi: crossChainGatewayAbi,
      eventName: eventName as never,
      args: args as never,
    }) as Hex[];
    const plain = item.inputs.filter((input) => !input.indexed);
    const data = encodeAbiParameters(
      plain,
      plain.map((input) => args[input.name]),
    );
    const [wallet] = await c.connection.viem.getWalletClients();
    const hash = await wallet!.sendTransaction({
      to: gateways[chainId]!,
      data: emitCalldata(topics, data),
    });
    await c.publicClient.waitForTransactionReceipt({ hash });
  }

  const synthSent = (messageId: Hex, destChainSelector: bigint) => ({
    messageId,
    destChainSelector,
    from: gateways[31337],
    to: gateways[31338],
    synth: gateways[31337],
    assetId: id("sUSD"),
    amount: 10n ** 18n,
    feeToken: "0x0000000000000000000000000000000000000000",
    fee: 1n,
  });
  const synthReceived = (messageId: Hex, sourceChainSelector: bigint) => ({
    messageId,
    sourceChainSelector,
    to: gateways[31338],
    from: gateways[31337],
    synth: gateways[31338],
    assetId: id("sUSD"),
    amount: 10n ** 18n,
  });
  const mineBoth = async () => {
    for (const c of f.chains) await c.mine(1);
  };

  it("matches sends and arrivals, reads only final blocks, and alerts once on failures and overdue sends", async () => {
    const [a, b] = [f.chain(31337), f.chain(31338)];
    const delivered = id("delivered");
    const overdue = id("overdue");
    const failed = id("failed");
    const early = id("arrived first");
    const elsewhere = id("to another chain");
    await emit(31337, "SynthSent", synthSent(delivered, b.selector));
    await emit(31338, "SynthReceived", synthReceived(delivered, a.selector));
    await emit(31337, "SynthSent", synthSent(overdue, b.selector));
    await emit(31337, "SynthSent", synthSent(elsewhere, 42n));
    await emit(31338, "SynthReceived", synthReceived(early, a.selector));
    await emit(31338, "LiquiditySent", {
      messageId: failed,
      destChainSelector: a.selector,
      sourcePoolId: id("pool"),
      destPoolId: id("pool"),
      lpAmount: 5n,
      assetIds: [id("sUSD")],
      amounts: [5n],
    });
    await emit(31337, "MessageFailed", {
      messageId: failed,
      sourceChainSelector: b.selector,
      reason:
        "0x08c379a000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000004626f6f6d00000000000000000000000000000000000000000000000000000000",
    });
    await monitor.pass();
    // The newest block of each chain (the liquidity send on B, its failure on A) is not final yet (depth 1).
    assert.equal(await store.get(failed), undefined, "the head blocks are not read");
    assert.equal((await store.get(early))?.state, "delivered", "one block deep: read");
    assert.equal((await store.get(early))?.kind, null, "its send is not seen yet");
    await mineBoth();
    await monitor.pass();
    await emit(31337, "SynthSent", synthSent(early, b.selector));
    await mineBoth();
    await monitor.pass();

    assert.equal((await store.get(delivered))?.state, "delivered");
    assert.equal((await store.get(delivered))?.kind, "synth");
    assert.equal((await store.get(overdue))?.state, "sent");
    assert.equal((await store.get(elsewhere))?.state, undefined, "another lane's send is not ours");
    assert.equal((await store.get(early))?.state, "delivered", "arrived before its send was seen");
    assert.equal((await store.get(failed))?.state, "failed");
    assert.equal((await store.get(failed))?.kind, "liquidity");
    const failedAlert = lines.filter((l) => l.code === "ccip.message_failed");
    assert.equal(failedAlert.length, 1);
    assert.equal(failedAlert[0]?.level, 40);
    assert.equal(failedAlert[0]?.reason, "Error(boom)");
    assert.equal(lines.filter((l) => l.code === "ccip.message_overdue").length, 0, "not yet due");

    clockAhead = 61_000;
    await monitor.pass();
    await monitor.pass();
    const overdueAlerts = lines.filter((l) => l.code === "ccip.message_overdue");
    assert.deepEqual(
      overdueAlerts.map((l) => l.messageId),
      [overdue],
      "one alert, for the undelivered send only",
    );
    const text = await metrics.registry.metrics();
    assert.match(text, /keeper_ccip_alerts_total\{lane="31337->31338",reason="overdue"\} 1/);
    assert.match(text, /keeper_ccip_alerts_total\{lane="31338->31337",reason="failed"\} 1/);
    assert.match(text, /keeper_ccip_messages\{lane="31337->31338",state="delivered"\} 2/);
    assert.match(text, /keeper_ccip_lag_seconds\{lane="31337->31338"\} \d/);
    assert.match(text, /keeper_ccip_lag_blocks\{lane="31337->31338"\} [1-9]/);

    // A late delivery clears it (no second alert), and the HTTP interface shows the watched messages.
    await emit(31338, "SynthReceived", synthReceived(overdue, a.selector));
    await mineBoth();
    await monitor.pass();
    assert.equal((await store.get(overdue))?.state, "delivered");
    const server = createCcipHttp({
      mode: "monitor",
      keeper: "monitor",
      lanes: ["31337->31338", "31338->31337"],
      serviceKey,
      logger: pino({ level: "silent" }),
      metrics,
      monitor: { store },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const headers = { authorization: `Bearer ${serviceKey}` };
      const list = await fetch(`${base}/v1/ccip/messages?state=failed`, { headers });
      const body = (await list.json()) as { mode: string; messages: { messageId: string }[] };
      assert.equal(body.mode, "monitor");
      assert.deepEqual(
        body.messages.map((m) => m.messageId),
        [failed],
      );
      const one = await fetch(`${base}/v1/ccip/messages/${failed}`, { headers });
      const shown = (await one.json()) as { message: { failedReason: string; kind: string } };
      assert.equal(shown.message.failedReason, "Error(boom)");
      const bad = await fetch(`${base}/v1/ccip/messages?state=success`, { headers });
      assert.equal(bad.status, 400, "relay states are not monitor states");
      const execute = await fetch(`${base}/v1/ccip/messages/${failed}/execute`, {
        method: "POST",
        headers,
      });
      assert.equal(execute.status, 409);
      assert.equal(
        ((await execute.json()) as { error: { code: string } }).error.code,
        "ccip.monitor_mode",
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
