// POST /v1/ingress/protocol: the scheduled keepers' protocol events, signed like the bridge keeper's
// swap events, streamed to their account or, account null, to every stream client.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, test } from "vitest";
import WebSocket from "ws";
import type { App } from "../../app.ts";
import { signatureHeader } from "../../lightning/ingress.ts";
import type { BroadcastEvent, StreamEvent } from "../../stream/eventBus.ts";
import { describeBackends } from "../../testing/backends.ts";
import { signIn } from "../../testing/signIn.ts";
import { buildTestApp, type TestApp } from "../../testing/testApp.ts";

const secret = randomBytes(32).toString("hex");
let nextId = 1;

type ProtocolEvent = {
  id: string;
  type: string;
  account: string | null;
  at: string;
  data: Record<string, unknown>;
};

function protocolEvent(overrides: Partial<ProtocolEvent> = {}): ProtocolEvent {
  return {
    id: String(nextId++),
    type: "oracle.breaker_tripped",
    account: null,
    at: "2026-01-15T12:00:00.000Z",
    data: { asset: `0x${"11".repeat(20)}`, symbol: "WETH", roundId: "7", price: "1" },
    ...overrides,
  };
}

function signed(app: App, body: string, options: { key?: string; ageS?: number } = {}) {
  const t = Math.floor(app.clock.now().getTime() / 1000) - (options.ageS ?? 0);
  const mac = createHmac("sha256", options.key ?? secret)
    .update(`${t}.${body}`)
    .digest("hex");
  return `t=${t},v1=${mac}`;
}

function post(app: App, events: unknown[], options: { key?: string; ageS?: number } = {}) {
  return postRaw(app, "/v1/ingress/protocol", JSON.stringify({ events }), options);
}

function postRaw(
  app: App,
  url: string,
  body: string,
  options: { key?: string; ageS?: number; remoteAddress?: string } = {},
) {
  return app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/json", [signatureHeader]: signed(app, body, options) },
    payload: body,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

type Frame = { kind: string; account: string | null; at: string; data?: Record<string, unknown> };

/** A stream client that queues frames, so tests await the next one instead of sleeping. */
function connect(url: string) {
  const socket = new WebSocket(url);
  const frames: Frame[] = [];
  const waiters: ((frame: Frame) => void)[] = [];
  socket.on("message", (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  socket.on("error", () => {});
  return {
    socket,
    pending: () => frames.length,
    next: () =>
      new Promise<Frame>((resolve) => {
        const queued = frames.shift();
        if (queued) resolve(queued);
        else waiters.push(resolve);
      }),
  };
}

describeBackends("POST /v1/ingress/protocol", (backend) => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await buildTestApp({
      backend,
      env: {
        API_INGRESS_SECRETS: `jobs=${secret}`,
        API_INGRESS_BODY_LIMIT: "262144",
        API_RATE_LIMIT_ACCOUNT: "100000",
      },
    });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    base = address.replace(/^http/, "ws");
  });
  afterAll(() => app.close());

  test("a valid batch: each event to its own account, as protocol.<type> with eventId", async () => {
    const owner = privateKeyToAccount(generatePrivateKey()).address;
    const other = privateKeyToAccount(generatePrivateKey()).address;
    const received: StreamEvent[] = [];
    const elsewhere: StreamEvent[] = [];
    const offOwner = app.events.subscribe(owner, (event) => received.push(event));
    const offOther = app.events.subscribe(other, (event) => elsewhere.push(event));
    const liquidation = protocolEvent({
      type: "liquidation",
      // The keepers' outbox holds lowercase addresses: streamed under the checksummed one.
      account: owner.toLowerCase(),
      at: "2026-01-15T12:00:01.000Z",
      data: { owner: owner.toLowerCase(), kind: "partial", repaid: "5", debtAfter: "95" },
    });
    const refunded = protocolEvent({
      type: "lightning.lock_refunded",
      account: owner,
      data: { paymentHash: "ab".repeat(32), direction: "burn" },
    });
    try {
      const response = await post(app, [liquidation, refunded]);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { accepted: 2, duplicates: 0 });
      assert.deepEqual(received, [
        {
          kind: "protocol.liquidation",
          account: owner,
          at: "2026-01-15T12:00:01.000Z",
          data: { ...liquidation.data, eventId: liquidation.id },
        },
        {
          kind: "protocol.lightning.lock_refunded",
          account: owner,
          at: refunded.at,
          data: { ...refunded.data, eventId: refunded.id },
        },
      ]);
      assert.deepEqual(elsewhere, [], "another account hears nothing of it");
    } finally {
      offOwner();
      offOther();
    }
  });

  test("an event without an account reaches every stream client; an account's only its own", async () => {
    const alice = privateKeyToAccount(generatePrivateKey());
    const bob = privateKeyToAccount(generatePrivateKey());
    const clients = await Promise.all(
      [alice, bob].map(async (account) => {
        const { token } = await signIn(app, account);
        const client = connect(`${base}/v1/stream?token=${token}`);
        assert.equal((await client.next()).kind, "hello");
        return client;
      }),
    );
    const [aliceSocket, bobSocket] = clients as [
      ReturnType<typeof connect>,
      ReturnType<typeof connect>,
    ];
    const broadcasts: BroadcastEvent[] = [];
    const off = app.events.subscribeBroadcasts((event) => broadcasts.push(event));
    try {
      const tripped = protocolEvent();
      const liquidated = protocolEvent({
        type: "liquidation",
        account: alice.address,
        data: { kind: "full" },
      });
      const fees = protocolEvent({ type: "fees.distributed", data: { symbol: "sUSD" } });
      const response = await post(app, [tripped, liquidated, fees]);
      assert.deepEqual(response.json(), { accepted: 3, duplicates: 0 });

      const trippedFrame = {
        kind: "protocol.oracle.breaker_tripped",
        account: null,
        at: tripped.at,
        data: { ...tripped.data, eventId: tripped.id },
      };
      const feesFrame = {
        kind: "protocol.fees.distributed",
        account: null,
        at: fees.at,
        data: { symbol: "sUSD", eventId: fees.id },
      };
      assert.deepEqual(await aliceSocket.next(), trippedFrame);
      assert.deepEqual(await aliceSocket.next(), {
        kind: "protocol.liquidation",
        account: alice.address,
        at: liquidated.at,
        data: { kind: "full", eventId: liquidated.id },
      });
      assert.deepEqual(await aliceSocket.next(), feesFrame);
      assert.deepEqual(await bobSocket.next(), trippedFrame);
      assert.deepEqual(await bobSocket.next(), feesFrame, "Bob never hears of Alice's liquidation");
      assert.equal(bobSocket.pending(), 0);
      assert.deepEqual(
        broadcasts.map((event) => event.kind),
        ["protocol.oracle.breaker_tripped", "protocol.fees.distributed"],
      );
    } finally {
      off();
      for (const client of clients) client.socket.close();
    }
    // Closed sockets stop listening to broadcasts too.
    for (let i = 0; i < 1000 && app.events.broadcastListenerCount() > 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(app.events.broadcastListenerCount(), 0);
  });

  test("a repeated id is dropped, and is not confused with a swap event of the same id", async () => {
    const account = privateKeyToAccount(generatePrivateKey()).address;
    const received: StreamEvent[] = [];
    const off = app.events.subscribe(account, (event) => received.push(event));
    try {
      const id = "900000001";
      const paymentHash = randomBytes(32).toString("hex");
      // The bridge keeper's swap event number `id`, signed by the same secret, arrives first.
      const swap = await postRaw(
        app,
        "/v1/ingress/keeper",
        JSON.stringify({
          events: [
            {
              id,
              paymentHash,
              direction: "mint",
              account,
              from: null,
              state: "invoice_open",
              at: "2026-01-15T12:00:00.000Z",
              detail: null,
              swap: { paymentHash, direction: "mint", state: "invoice_open" },
            },
          ],
        }),
      );
      assert.deepEqual(swap.json(), { accepted: 1, duplicates: 0 });
      const event = protocolEvent({ id, type: "liquidation", account, data: { kind: "full" } });
      assert.deepEqual((await post(app, [event])).json(), { accepted: 1, duplicates: 0 });
      assert.deepEqual((await post(app, [event, event])).json(), { accepted: 0, duplicates: 2 });
      const fresh = protocolEvent({ type: "liquidation", account, data: { kind: "partial" } });
      assert.deepEqual((await post(app, [fresh, event, fresh])).json(), {
        accepted: 1,
        duplicates: 2,
      });
      assert.deepEqual(
        received.map((e) => [e.kind, e.data.eventId]),
        [
          ["lightning.swap", id],
          ["protocol.liquidation", id],
          ["protocol.liquidation", fresh.id],
        ],
      );
    } finally {
      off();
    }
  });

  test("a wrong signature or an old one → 401, nothing streamed", async () => {
    const broadcasts: BroadcastEvent[] = [];
    const off = app.events.subscribeBroadcasts((event) => broadcasts.push(event));
    try {
      const forged = await post(app, [protocolEvent()], { key: "f".repeat(64) });
      assert.equal(forged.statusCode, 401);
      assert.equal(forged.json().error.code, "ingress.bad_signature");
      const old = await post(app, [protocolEvent()], { ageS: 301 });
      assert.equal(old.statusCode, 401);
      assert.equal(old.json().error.code, "ingress.signature_expired");
      const unsigned = await app.inject({
        method: "POST",
        url: "/v1/ingress/protocol",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ events: [protocolEvent()] }),
      });
      assert.equal(unsigned.statusCode, 401);
      assert.equal(unsigned.json().error.code, "ingress.signature_required");
      assert.deepEqual(broadcasts, []);
    } finally {
      off();
    }
  });

  test("an unknown type, a bad account, time or id, or over 1000 events → 400", async () => {
    for (const [events, path] of [
      [[protocolEvent({ type: "market.traded" })], /\/events\/0\/type/],
      [[protocolEvent({ account: "0x1234" })], /\/events\/0\/account/],
      [[protocolEvent({ at: "yesterday" })], /\/events\/0\/at/],
      [[protocolEvent({ id: "-1" })], /\/events\/0\/id/],
      [[{ ...protocolEvent(), data: null }], /\/events\/0\/data/],
      [Array.from({ length: 1001 }, () => ({ ...protocolEvent(), data: {} })), /\/events/],
    ] as const) {
      const response = await post(app, [...events]);
      assert.equal(response.statusCode, 400, response.body.slice(0, 200));
      assert.equal(response.json().error.code, "ingress.invalid_event");
      assert.match(response.json().error.message, /^Not a protocol event batch: /);
      assert.match(response.json().error.message, path);
    }
    // The whole batch is refused: its valid events were not recorded (they are accepted later).
    const valid = protocolEvent();
    await post(app, [valid, protocolEvent({ type: "nope" })]);
    assert.deepEqual((await post(app, [valid])).json(), { accepted: 1, duplicates: 0 });
  });

  test("an oversize body → 413 request.too_large", async () => {
    const events = Array.from({ length: 150 }, () =>
      protocolEvent({ data: { pad: "x".repeat(2000) } }),
    );
    // Refused while reading: neither a forged nor a correct signature is looked at.
    for (const key of ["0".repeat(64), secret]) {
      const response = await post(app, events, { key });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().error.code, "request.too_large");
    }
  });
});
