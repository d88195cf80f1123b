// Swap events from the keeper's outbox to the API's stream: the real EventPublisher against the real API
// (Standard Webhooks to /v1/webhooks/keeper), over a keepers database with swaps moved by the real
// SwapStore. Every change arrives once and in order; while the API is down nothing is lost and nothing
// is marked delivered; a message sent again is dropped by the API; one publisher at a time holds the
// lease; an event the API refuses for good is set aside without holding up the rest.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type App, buildApp } from "../api/src/app.ts";
import { loadConfig } from "../api/src/config.ts";
import type { StreamEvent } from "../api/src/stream/eventBus.ts";
import { migrate } from "../keepers/src/db/migrate.ts";
import { openSql, type Sql } from "../keepers/src/db/sql.ts";
import { EventPublisher, protocolOutbox } from "../keepers/src/events/publisher.ts";
import { type NewSwap, SwapStore } from "../keepers/src/swaps/store.ts";
import { logger, until } from "../keepers/src/testing/bridgeFixture.ts";

const account = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const secret = `whsec_${randomBytes(32).toString("base64")}`;
const mint = (): NewSwap => ({
  paymentHash: randomBytes(32).toString("hex"),
  direction: "mint",
  state: "invoice_open",
  chainId: 31337,
  account,
  synth: "0x610178dA211FEF7D417bC0e6FeD39F05609AD788",
  sats: 25_000n,
  amount: 15_000_000_000_000_000_000n,
  fee: 15_000_000_000_000_000n,
  quotedAt: 1_800_000_000n,
});

async function startApi(
  port = 0,
  env: Record<string, string> = {},
): Promise<{ app: App; url: string }> {
  const app = await buildApp({
    config: loadConfig({
      API_LOG_LEVEL: "silent",
      API_DATA_DIR: "memory://",
      API_INGRESS_SECRETS: `keeper=${secret}`,
      ...env,
    }),
    logger: false,
  });
  await app.listen({ port, host: "127.0.0.1" });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

describe("swap events: keeper outbox -> signed ingress -> stream", () => {
  let sql: Sql;
  let store: SwapStore;
  let api: { app: App; url: string };
  const received: StreamEvent[] = [];

  beforeAll(async () => {
    sql = await openSql({ dataDir: "memory://" });
    await migrate(sql);
    store = new SwapStore(sql);
    api = await startApi();
    api.app.events.subscribe(account, (event) => received.push(event));
  });
  afterAll(async () => {
    await api?.app.close();
    await sql?.close();
  });

  const publisher = (owner: string, url = `${api.url}/v1/webhooks/keeper`) =>
    new EventPublisher({ sql, url, secret, owner, logger, idleMs: 10, leaseMs: 60_000 });
  const undelivered = async () =>
    Number(
      (
        await sql.query<{ n: string }>(
          "select count(*) as n from keepers.swap_events where delivered_at is null",
        )
      )[0]!.n,
    );
  /** Moves a swap through `states` as a keeper would (lease, then transition). */
  async function walk(paymentHash: string, states: string[]) {
    for (const to of states) {
      const [leased] = await store.lease("k1", 1, 30_000, paymentHash);
      await store.transition(leased!, "k1", { to: to as never });
    }
  }
  const statesOf = (hash: string) =>
    received
      .filter((e) => e.kind === "lightning.swap" && e.data.paymentHash === hash)
      .map((e) => e.data.status);

  it("streams every change once, in order, with the public status", async () => {
    const swap = await store.create(mint(), "k1");
    await walk(swap.paymentHash, ["invoice_accepted", "lock_sent", "locked"]);
    const p = publisher("k1");
    assert.equal(await p.runOnce(), 4);
    assert.equal(await p.runOnce(), 0, "nothing is sent twice");
    await p.stop();
    assert.deepEqual(statesOf(swap.paymentHash), [
      "invoice.set",
      "invoice.accepted",
      "transaction.lock_sent",
      "transaction.locked",
    ]);
    const last = received.at(-1)!;
    assert.equal(last.account, account);
    assert.equal(last.data.from, "lock_sent");
    assert.equal((last.data.swap as { amount: string }).amount, "15000000000000000000");
    assert.equal(await undelivered(), 0);
  });

  it("keeps events while the API is down and delivers them once it is back", async () => {
    const swap = await store.create(mint(), "k1");
    await walk(swap.paymentHash, ["invoice_accepted"]);
    const port = (api.app.server.address() as AddressInfo).port;
    await api.app.close();
    const p = publisher("k1", `http://127.0.0.1:${port}/v1/webhooks/keeper`);
    await assert.rejects(p.runOnce(), /fetch failed|ECONNREFUSED/);
    assert.equal(await undelivered(), 2, "nothing is marked delivered without an answer");

    api = await startApi(port);
    api.app.events.subscribe(account, (event) => received.push(event));
    p.start();
    await until("delivery after the API is back", async () => (await undelivered()) === 0);
    await p.stop();
    assert.deepEqual(statesOf(swap.paymentHash), ["invoice.set", "invoice.accepted"]);
  });

  it("drops a batch the keeper sends again (an acknowledgement lost to a crash)", async () => {
    const swap = await store.create(mint(), "k1");
    const p = publisher("k1");
    assert.equal(await p.runOnce(), 1);
    // The keeper dies after the API answered, before it recorded the delivery (which rides on its next
    // query): a new process sends the batch again.
    assert.equal(await undelivered(), 1, "not marked until the next query");
    const restarted = publisher("k1");
    assert.equal(await restarted.runOnce(), 1, "sent again");
    await restarted.stop();
    assert.equal(await undelivered(), 0, "marked on stop");
    assert.deepEqual(statesOf(swap.paymentHash), ["invoice.set"], "streamed once");
  });

  it("lets one publisher at a time send: the lease", async () => {
    const a = publisher("a");
    const b = publisher("b");
    await store.create(mint(), "k1");
    assert.equal(await a.runOnce(), 1);
    await store.create(mint(), "k1");
    assert.equal(await b.runOnce(), 0, "b waits while a's lease runs");
    assert.equal(await a.runOnce(), 1);
    await a.stop(); // gives the lease up
    await store.create(mint(), "k1");
    assert.equal(await b.runOnce(), 1, "b takes over once a stopped");
    await b.stop();
  });

  it("sets aside an event the API refuses for good (400), delivering the ones after it", async () => {
    const got: StreamEvent[] = [];
    const off = api.app.events.subscribeBroadcasts((event) => got.push(event as never));
    // A keeper newer than the API: it announces a type the API's catalogue does not know.
    await sql.query(
      `insert into keepers.job_events (type, account, data) values
         ('oracle.brand_new_fact', null, '{}'), ('fees.distributed', null, '{"total":"1"}')`,
    );
    const p = new EventPublisher({
      sql,
      url: `${api.url}/v1/webhooks/keeper`,
      secret,
      owner: "k1",
      logger,
      idleMs: 10,
      leaseMs: 60_000,
      outbox: protocolOutbox,
    });
    assert.equal(await p.runOnce(), 2, "both handled: one set aside, one delivered");
    await p.stop();
    const pending = await sql.query(
      "select count(*)::int as n from keepers.job_events where delivered_at is null",
    );
    assert.equal(pending[0]!.n, 0);
    await until("the valid event streamed", async () => got.length === 1);
    assert.equal(got[0]!.kind, "protocol.fees.distributed");
    off();
  });

  it("keeps an event signed with another secret undelivered (a configuration to fix)", async () => {
    await store.create(mint(), "k1");
    const wrong = new EventPublisher({
      sql,
      url: `${api.url}/v1/webhooks/keeper`,
      secret: `whsec_${Buffer.alloc(32, 3).toString("base64")}`,
      owner: "k1",
      logger,
    });
    await assert.rejects(wrong.runOnce(), /401.*webhook\.bad_signature/);
    await wrong.stop();
    assert.equal(await undelivered(), 1);
  });
});
