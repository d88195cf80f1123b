import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "vitest";
import { type DatabaseHandle, openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { createEventLog } from "../events/log.ts";
import { createLogTail, type LogTail } from "../events/tail.ts";
import { createManualClock } from "../lib/clock.ts";
import {
  type BroadcastEvent,
  createEventBus,
  type EventBus,
  type StreamEvent,
} from "./eventBus.ts";

const alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

let database: DatabaseHandle;
let tail: LogTail;
let bus: EventBus;
const errors: unknown[] = [];

beforeEach(async () => {
  database = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(database);
  const log = createEventLog(database.db, createManualClock());
  tail = await createLogTail({ log, onError: (error) => errors.push(error) });
  bus = createEventBus({ log, tail, onError: (error) => errors.push(error) });
});

afterEach(async () => {
  await tail.close();
  await database.close();
  assert.deepEqual(errors, []);
});

test("an account's events reach only that account's subscribers, whatever the address case", async () => {
  const heard: string[] = [];
  const off = bus.subscribe(alice.toLowerCase(), (event) => heard.push(`alice ${event.kind}`));
  bus.subscribe(bob, (event) => heard.push(`bob ${event.kind}`));
  const event: StreamEvent = {
    kind: "review.resolved",
    account: alice,
    at: new Date().toISOString(),
    data: {},
  };
  await bus.publish(event);
  await tail.wake();
  assert.deepEqual(heard, ["alice review.resolved"]);
  assert.equal(bus.listenerCount(alice), 1);
  off();
  await bus.publish(event);
  await tail.wake();
  assert.equal(bus.listenerCount(alice), 0);
  assert.deepEqual(heard, ["alice review.resolved"]);
});

test("a broadcast reaches every broadcast subscriber and no account listener, with its cursor", async () => {
  const heard: string[] = [];
  bus.subscribe(alice, (event) => heard.push(`account ${event.kind}`));
  const offFirst = bus.subscribeBroadcasts((event) =>
    heard.push(`first ${event.account} ${event.cursor}`),
  );
  bus.subscribeBroadcasts((event) => heard.push(`second ${event.kind}`));
  const event: BroadcastEvent = {
    kind: "protocol.fees.distributed",
    account: null,
    at: new Date().toISOString(),
    data: {},
  };
  await bus.broadcast(event);
  await tail.wake();
  assert.deepEqual(heard, ["first null 1", "second protocol.fees.distributed"]);
  assert.equal(bus.broadcastListenerCount(), 2);
  offFirst();
  await bus.broadcast(event);
  await tail.wake();
  assert.equal(bus.broadcastListenerCount(), 1);
  assert.equal(heard.length, 3);
});

test("an event of a type the catalogue does not know is refused, not logged", async () => {
  await bus.publish({
    kind: "nonsense.type",
    account: alice,
    at: new Date().toISOString(),
    data: {},
  });
  assert.equal(errors.length, 1);
  assert.match(String((errors[0] as Error).message), /Unknown event type/);
  errors.length = 0;
});

test("a subscriber who arrives while the idle tail reads the head still gets what follows", async () => {
  // An idle tail (nobody listening) only moves its position to the log's head. A client subscribing
  // while that read is on its way must not have its first event skipped.
  const log = createEventLog(database.db, createManualClock());
  let hold: Promise<void> | undefined;
  const gated = {
    ...log,
    async head() {
      await hold;
      return log.head();
    },
  };
  const idle = await createLogTail({ log: gated, onError: (error) => errors.push(error) });
  try {
    let release!: () => void;
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reading = idle.wake(); // nobody listens: it asks for the head, held back here
    const heard: string[] = [];
    idle.subscribe(alice, (event) => heard.push(event.type));
    await log.append([
      {
        id: "late-subscriber",
        type: "review.resolved",
        source: "api",
        account: alice,
        payload: {},
        occurredAt: new Date(),
      },
    ]);
    release(); // the head arrives, and it already counts the new event
    await reading;
    await idle.wake();
    assert.deepEqual(heard, ["review.resolved"]);
  } finally {
    await idle.close();
  }
});
