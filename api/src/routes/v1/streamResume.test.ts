// /v1/stream over the event log: filtering by type, resuming from a cursor after a disconnect (every
// missed event once, in order), and two API instances on one Postgres (a client of either gets every
// event of its account, whichever instance appended it).
import assert from "node:assert/strict";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, test } from "vitest";
import WebSocket from "ws";
import { createTestDatabase, onPostgres } from "../../../../scripts/lib/testPostgres.ts";
import { type App, buildApp } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/client.ts";
import { describeBackends } from "../../testing/backends.ts";
import { buildTestApp, type TestApp } from "../../testing/testApp.ts";

const serviceKey = "s".repeat(40);

type Frame = {
  kind: string;
  id?: string;
  cursor?: string;
  account?: string | null;
  code?: string;
  data?: Record<string, unknown>;
};

function connect(url: string) {
  const socket = new WebSocket(url, { headers: { "x-api-key": serviceKey } });
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  socket.on("message", (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    for (const waiter of waiters.splice(0)) waiter();
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  const opened = new Promise<void>((resolve) => socket.on("open", () => resolve()));
  return {
    socket,
    frames,
    opened,
    closed,
    /** Resolves once `predicate` holds for the frames received so far. */
    async until(predicate: (frames: Frame[]) => boolean, what: string, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(frames)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what} (${frames.length} frames)`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

/** Event frames (control frames such as hello and subscribed carry no id). */
const events = (frames: Frame[]) => frames.filter((f) => f.id !== undefined);

function publisher(app: App, account: string) {
  let n = 0;
  return {
    mine: (kind = "compliance.decision") =>
      app.events.publish({ kind, account, at: new Date().toISOString(), data: { n: ++n } }),
    other: (who: string) =>
      app.events.publish({
        kind: "compliance.decision",
        account: who,
        at: new Date().toISOString(),
        data: { n: ++n },
      }),
    everyone: () =>
      app.events.broadcast({
        kind: "protocol.fees.distributed",
        account: null,
        at: new Date().toISOString(),
        data: { n: ++n },
      }),
  };
}

function assertInOrderOnce(frames: Frame[]) {
  const cursors = events(frames).map((f) => BigInt(f.cursor!));
  for (let i = 1; i < cursors.length; i++) {
    assert.ok(
      cursors[i]! > cursors[i - 1]!,
      `cursor ${cursors[i]} after ${cursors[i - 1]}: in order, no repeat`,
    );
  }
}

describeBackends("the stream over the event log", (backend) => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await buildTestApp({ backend, env: { API_SERVICE_KEYS: `svc=${serviceKey}` } });
    base = (await app.listen({ port: 0, host: "127.0.0.1" })).replace(/^http/, "ws");
  });
  afterAll(() => app.close());

  test("subscribe filters by type; an unknown type is an error frame", async () => {
    const account = privateKeyToAccount(generatePrivateKey()).address;
    const client = connect(`${base}/v1/stream?account=${account}`);
    await client.until((f) => f.some((x) => x.kind === "hello"), "hello");
    client.socket.send(JSON.stringify({ action: "subscribe", events: ["nope.nothing"] }));
    await client.until((f) => f.some((x) => x.kind === "error"), "the error frame");
    assert.equal(client.frames.find((x) => x.kind === "error")?.code, "stream.unknown_type");
    client.socket.send(JSON.stringify({ action: "subscribe", events: ["review.resolved"] }));
    await client.until((f) => f.some((x) => x.kind === "subscribed"), "subscribed");
    const p = publisher(app, account);
    await p.mine("compliance.decision");
    await p.mine("review.resolved");
    await p.everyone();
    await p.mine("review.resolved");
    await client.until((f) => events(f).length >= 2, "two review events");
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(
      events(client.frames).map((f) => f.kind),
      ["review.resolved", "review.resolved"],
    );
    client.socket.close();
    await client.closed;
  });

  test("a client disconnected during 1,000 events resumes with none lost or repeated", async () => {
    const account = privateKeyToAccount(generatePrivateKey()).address;
    const stranger = privateKeyToAccount(generatePrivateKey()).address;
    const p = publisher(app, account);
    const first = connect(`${base}/v1/stream?account=${account}`);
    await first.until((f) => f.some((x) => x.kind === "hello"), "hello");
    const start = BigInt(first.frames[0]!.cursor!);

    // 1,000 events for the account, with others' events and broadcasts mixed in, published while
    // the client drops after the first 300 and comes back.
    const publishing = (async () => {
      for (let i = 0; i < 1000; i++) {
        const writes = [p.mine()];
        if (i % 10 === 0) writes.push(p.other(stranger));
        if (i % 50 === 0) writes.push(p.everyone());
        await Promise.all(writes);
      }
    })();
    await first.until((f) => events(f).length >= 300, "300 events before the drop", 60_000);
    first.socket.terminate();
    await first.closed;
    const seen = events(first.frames);
    const last = seen.at(-1)!.cursor!;

    const second = connect(`${base}/v1/stream?account=${account}&cursor=${last}`);
    await publishing;
    const expected = await app.eventLog.read({ after: start, limit: 10_000, audience: account });
    assert.equal(expected.filter((e) => e.account === account).length, 1000);
    await second.until(
      (f) => events(f).at(-1)?.cursor === expected.at(-1)!.cursor.toString(),
      "the last event after resuming",
      60_000,
    );
    const got = [...seen, ...events(second.frames)];
    assertInOrderOnce(got);
    assert.deepEqual(
      got.map((f) => f.cursor),
      expected.map((e) => e.cursor.toString()),
      "every event of the account and every broadcast, once, in log order",
    );
    assert.ok(
      got.every((f) => f.account === account || f.account === null),
      "nobody else's",
    );

    // Live again after the replay.
    await p.mine();
    await second.until((f) => events(f).length > got.length - seen.length, "a live event");
    second.socket.close();
    await second.closed;
  }, 120_000);

  test("resuming with a type filter skips the other types but never repeats", async () => {
    const account = privateKeyToAccount(generatePrivateKey()).address;
    const p = publisher(app, account);
    const head = await app.eventLog.head();
    for (let i = 0; i < 30; i++)
      await p.mine(i % 3 === 0 ? "review.resolved" : "compliance.decision");
    const client = connect(`${base}/v1/stream?account=${account}`);
    await client.until((f) => f.some((x) => x.kind === "hello"), "hello");
    client.socket.send(
      JSON.stringify({ action: "subscribe", events: ["review.resolved"], cursor: head.toString() }),
    );
    await client.until((f) => events(f).length >= 10, "the ten review events");
    await p.mine("review.resolved");
    await client.until((f) => events(f).length >= 11, "a live one");
    assert.ok(events(client.frames).every((f) => f.kind === "review.resolved"));
    assertInOrderOnce(client.frames);
    client.socket.close();
    await client.closed;
  });

  test("a bad cursor is an error frame, not a crash", async () => {
    const account = privateKeyToAccount(generatePrivateKey()).address;
    const client = connect(`${base}/v1/stream?account=${account}`);
    await client.until((f) => f.some((x) => x.kind === "hello"), "hello");
    client.socket.send(JSON.stringify({ action: "subscribe", cursor: "-1" }));
    client.socket.send("{not json");
    await client.until((f) => f.filter((x) => x.kind === "error").length >= 2, "two errors");
    assert.deepEqual(
      client.frames.filter((x) => x.kind === "error").map((x) => x.code),
      ["stream.bad_cursor", "stream.bad_message"],
    );
    client.socket.close();
    await client.closed;
  });
});

describe(...onPostgres("two API instances on one Postgres"), () => {
  let apps: App[] = [];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase("fluxion_api_test");
    drop = database.drop;
    for (let i = 0; i < 2; i++) {
      const handle = await openDatabase({ databaseUrl: database.url, dataDir: "memory://" });
      const app = await buildApp({
        config: loadConfig({
          API_LOG_LEVEL: "silent",
          DATABASE_URL: database.url,
          API_SERVICE_KEYS: `svc=${serviceKey}`,
        }),
        database: handle,
        logger: false,
      });
      app.addHook("onClose", () => handle.close());
      await app.listen({ port: 0, host: "127.0.0.1" });
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    apps = [];
    await drop();
  });

  test("a client of either instance gets every event of its account once, in order", async () => {
    const account = privateKeyToAccount(generatePrivateKey()).address;
    const clients = apps.map((app) => {
      const url = (app.server.address() as { port: number }).port;
      return connect(`ws://127.0.0.1:${url}/v1/stream?account=${account}`);
    });
    for (const client of clients)
      await client.until((f) => f.some((x) => x.kind === "hello"), "hello");
    // Both instances append at once, interleaved.
    await Promise.all(
      apps.map(async (app) => {
        const p = publisher(app, account);
        for (let i = 0; i < 100; i++) await p.mine();
      }),
    );
    for (const client of clients) {
      await client.until((f) => events(f).length >= 200, "200 events", 30_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [a, b] = clients.map((client) => events(client.frames).map((f) => f.cursor));
    assert.equal(a!.length, 200);
    assert.deepEqual(a, b, "the same events in the same order on both");
    assertInOrderOnce(clients[0]!.frames);
    for (const client of clients) {
      client.socket.close();
      await client.closed;
    }
  });
});
