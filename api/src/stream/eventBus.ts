// In-process publish/subscribe of events for the WebSocket stream (/v1/stream). Publishers call
// `publish` (one account's event) or `broadcast` (everyone's: a protocol-wide fact such as a tripped
// circuit breaker) after their transaction commits; subscribers get the events of the account they
// subscribed to, and broadcast subscribers every broadcast. Fan-out across several API processes is a
// later step (Postgres LISTEN/NOTIFY); every event is also durable in its own table, so a reconnecting
// client re-reads.
import { EventEmitter } from "node:events";

export type StreamEvent = {
  /** e.g. "compliance.decision", "session.changed", "review.resolved". */
  kind: string;
  /** Checksummed address of the account the event belongs to. */
  account: string;
  /** ISO time of the change. */
  at: string;
  data: Record<string, unknown>;
};

/** An event for every stream client: `account` is null on the wire. */
export type BroadcastEvent = Omit<StreamEvent, "account"> & { account: null };

export type EventBus = {
  publish(event: StreamEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(account: string, listener: (event: StreamEvent) => void): () => void;
  listenerCount(account: string): number;
  /** Sends `event` to every broadcast subscriber (each stream connection is one). */
  broadcast(event: BroadcastEvent): void;
  /** Returns the unsubscribe function. */
  subscribeBroadcasts(listener: (event: BroadcastEvent) => void): () => void;
  broadcastListenerCount(): number;
};

/** Account keys are lowercase addresses: a symbol can never collide with one. */
const everyone = Symbol("broadcast");

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(event) {
      emitter.emit(event.account.toLowerCase(), event);
    },
    subscribe(account, listener) {
      const key = account.toLowerCase();
      emitter.on(key, listener);
      return () => emitter.off(key, listener);
    },
    listenerCount(account) {
      return emitter.listenerCount(account.toLowerCase());
    },
    broadcast(event) {
      emitter.emit(everyone, event);
    },
    subscribeBroadcasts(listener) {
      emitter.on(everyone, listener);
      return () => emitter.off(everyone, listener);
    },
    broadcastListenerCount() {
      return emitter.listenerCount(everyone);
    },
  };
}
