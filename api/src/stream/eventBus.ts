// In-process publish/subscribe of per-account events for the WebSocket stream (/v1/stream).
// Publishers call `publish` after their transaction commits; subscribers get only the events of
// the account they subscribed to. Fan-out across several API processes is a later step (Postgres
// LISTEN/NOTIFY); every event is also durable in its own table, so a reconnecting client re-reads.
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

export type EventBus = {
  publish(event: StreamEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(account: string, listener: (event: StreamEvent) => void): () => void;
  listenerCount(account: string): number;
};

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
  };
}
