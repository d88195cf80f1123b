import assert from "node:assert/strict";
import { test } from "vitest";
import { type BroadcastEvent, createEventBus, type StreamEvent } from "./eventBus.ts";

const alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

test("an account's events reach only that account's subscribers, whatever the address case", () => {
  const bus = createEventBus();
  const heard: string[] = [];
  const off = bus.subscribe(alice.toLowerCase(), (event) => heard.push(`alice ${event.kind}`));
  bus.subscribe(bob, (event) => heard.push(`bob ${event.kind}`));
  const event: StreamEvent = { kind: "review.resolved", account: alice, at: "", data: {} };
  bus.publish(event);
  assert.deepEqual(heard, ["alice review.resolved"]);
  assert.equal(bus.listenerCount(alice), 1);
  off();
  bus.publish(event);
  assert.equal(bus.listenerCount(alice), 0);
  assert.deepEqual(heard, ["alice review.resolved"]);
});

test("a broadcast reaches every broadcast subscriber and no account listener", () => {
  const bus = createEventBus();
  const heard: string[] = [];
  bus.subscribe(alice, (event) => heard.push(`account ${event.kind}`));
  const offFirst = bus.subscribeBroadcasts((event) => heard.push(`first ${event.account}`));
  bus.subscribeBroadcasts((event) => heard.push(`second ${event.kind}`));
  const event: BroadcastEvent = {
    kind: "protocol.fees.distributed",
    account: null,
    at: "",
    data: {},
  };
  bus.broadcast(event);
  assert.deepEqual(heard, ["first null", "second protocol.fees.distributed"]);
  assert.equal(bus.broadcastListenerCount(), 2);
  offFirst();
  bus.broadcast(event);
  assert.equal(bus.broadcastListenerCount(), 1);
  assert.equal(heard.length, 3);
});
