// Publish/subscribe of events for the WebSocket stream (/v1/stream), over the durable event log
// (events/log.ts). Publishers call `publish` (one account's event) or `broadcast` (everyone's: a
// protocol-wide fact such as a tripped circuit breaker) after their transaction commits; the event is
// appended to the log, and every API process's tail (events/tail.ts) hands it to that process's
// subscribers: the account's, or for a broadcast everyone's. Subscribers get the event with its
// cursor, so a client that reconnects resumes from the log where it left off.
import type { EventLog, LoggedEvent } from "../events/log.ts";
import { wireEvent } from "../events/log.ts";
import type { LogTail } from "../events/tail.ts";

export type StreamEvent = {
  /** The event type, e.g. "compliance.decision", "session.changed", "review.resolved". */
  kind: string;
  /** Checksummed address of the account the event belongs to. */
  account: string;
  /** ISO time of the change. */
  at: string;
  data: Record<string, unknown>;
  /** Set on events read back from the log. */
  id?: string;
  cursor?: string;
  version?: number;
};

/** An event for every stream client: `account` is null on the wire. */
export type BroadcastEvent = Omit<StreamEvent, "account"> & { account: null };

export type EventBus = {
  /** Appends `event` to the log (errors go to `onError`); resolves once it is durable. */
  publish(event: StreamEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(account: string, listener: (event: StreamEvent) => void): () => void;
  listenerCount(account: string): number;
  /** Appends an event for every stream client. */
  broadcast(event: BroadcastEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribeBroadcasts(listener: (event: BroadcastEvent) => void): () => void;
  broadcastListenerCount(): number;
};

export function createEventBus(deps: {
  log: EventLog;
  tail: LogTail;
  onError(error: unknown): void;
}): EventBus {
  const { log, tail } = deps;
  const append = (event: StreamEvent | BroadcastEvent) =>
    log
      .append([
        {
          id: event.id ?? `api:${crypto.randomUUID()}`,
          type: event.kind,
          source: "api",
          account: event.account,
          payload: event.data,
          occurredAt: new Date(event.at),
        },
      ])
      .then(
        () => undefined,
        (error: unknown) => deps.onError(error),
      );
  return {
    publish: append,
    broadcast: append,
    subscribe(account, listener) {
      return tail.subscribe(account, (event) => listener(wireEvent(event) as StreamEvent));
    },
    listenerCount: (account) => tail.listenerCount(account),
    subscribeBroadcasts(listener) {
      return tail.subscribeBroadcasts((event: LoggedEvent) =>
        listener(wireEvent(event) as BroadcastEvent),
      );
    },
    broadcastListenerCount: () => tail.broadcastListenerCount(),
  };
}
