import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import WebSocket from "ws";
import { applySessionScore } from "../../auth/sessionRisk.ts";
import { sessions } from "../../db/schema/index.ts";
import { describeBackends } from "../../testing/backends.ts";
import { signIn } from "../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../testing/testApp.ts";

const serviceKey = "w".repeat(40);

type Frame = { kind: string; account: string; at: string; data?: Record<string, unknown> };

/** A client that queues frames, so tests await the next one instead of sleeping. */
function connect(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters: ((frame: Frame) => void)[] = [];
  socket.on("message", (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const rejected = new Promise<{ status: number; body: string }>((resolve) =>
    socket.on("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    }),
  );
  socket.on("error", () => {});
  return {
    socket,
    closed,
    rejected,
    next: () =>
      new Promise<Frame>((resolve) => {
        const queued = frames.shift();
        if (queued) resolve(queued);
        else waiters.push(resolve);
      }),
  };
}

describeBackends("GET /v1/stream", (backend) => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await buildTestApp({ backend, env: { API_SERVICE_KEYS: `indexer=${serviceKey}` } });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    base = address.replace(/^http/, "ws");
  });
  afterAll(() => app.close());

  async function listenerCountReaches(account: string, count: number) {
    for (let i = 0; i < 1000 && app.events.listenerCount(account) !== count; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return app.events.listenerCount(account);
  }

  test("hello, then the account's own session.changed events", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const s = await signIn(app, account);
    const client = connect(`${base}/v1/stream?token=${s.token}`);
    const hello = await client.next();
    assert.deepEqual(hello, {
      kind: "hello",
      account: account.address,
      at: app.clock.now().toISOString(),
      cursor: (await app.eventLog.head()).toString(),
    });

    const other = privateKeyToAccount(generatePrivateKey());
    await signIn(app, other); // another account's event: must not arrive
    const second = await signIn(app, account);
    const frame = await client.next();
    assert.equal(frame.kind, "session.changed");
    assert.equal(frame.account, account.address);
    assert.equal(frame.data?.sessionId, second.sessionId);
    assert.equal(frame.data?.status, "active");
    client.socket.close();
    await client.closed;
    assert.equal(await listenerCountReaches(account.address, 0), 0);
  });

  test("the Authorization header works as well as ?token=", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const s = await signIn(app, account);
    const client = connect(`${base}/v1/stream`, s.headers);
    assert.equal((await client.next()).kind, "hello");
    client.socket.close();
    await client.closed;
  });

  test("unauthenticated upgrades are refused with a 401 JSON error", async () => {
    const anonymous = connect(`${base}/v1/stream`);
    const refused = await anonymous.rejected;
    assert.equal(refused.status, 401);
    assert.equal(JSON.parse(refused.body).error.code, "auth.required");

    const bogus = connect(`${base}/v1/stream?token=fxs_bogus`);
    const refusedToken = await bogus.rejected;
    assert.equal(refusedToken.status, 401);
    assert.equal(JSON.parse(refusedToken.body).error.code, "auth.session_invalid");
  });

  test("a session that gets blocked is closed with 4403", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const s = await signIn(app, account);
    const client = connect(`${base}/v1/stream?token=${s.token}`);
    await client.next();
    await app.db.update(sessions).set({ riskEma: null }).where(eq(sessions.id, s.sessionId));
    await applySessionScore(app, s.sessionId, {
      score: 0.97,
      band: "critical",
      model: "test",
      reasons: [],
    });
    const frame = await client.next();
    assert.equal(frame.data?.status, "blocked");
    assert.equal((await client.closed).code, 4403);
    assert.equal(await listenerCountReaches(account.address, 0), 0);
  });

  test("a session that logs out is closed with 4401", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const s = await signIn(app, account);
    const client = connect(`${base}/v1/stream?token=${s.token}`);
    await client.next();
    await app.inject({ method: "POST", url: "/v1/auth/logout", headers: s.headers });
    assert.equal((await client.closed).code, 4401);
  });

  test("more than 20 inbound messages in 10 s → closed with 1008", async () => {
    const s = await signIn(app, privateKeyToAccount(generatePrivateKey()));
    const client = connect(`${base}/v1/stream?token=${s.token}`);
    await client.next();
    for (let i = 0; i < 21; i++) client.socket.send("ping");
    assert.equal((await client.closed).code, 1008);
  });

  test("API keys follow a named account", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const client = connect(`${base}/v1/stream?account=${account.address.toLowerCase()}`, {
      "x-api-key": serviceKey,
    });
    assert.deepEqual((await client.next()).account, account.address);
    const s = await signIn(app, account);
    assert.equal((await client.next()).data?.sessionId, s.sessionId);
    client.socket.close();
    await client.closed;

    const unnamed = connect(`${base}/v1/stream`, { "x-api-key": serviceKey });
    const refused = await unnamed.rejected;
    assert.equal(refused.status, 400);
    assert.equal(JSON.parse(refused.body).error.code, "stream.account_required");
  });
});
