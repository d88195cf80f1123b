// Follows the end of the event log in this process and hands each new event, in cursor order, to the
// process's subscribers (stream connections, by account; broadcasts to all). It wakes when this
// process appends, when another API process appends (Postgres LISTEN "fluxion_events", which the
// appending transaction NOTIFYs on commit), and on a slow poll that covers a lost LISTEN connection.
// Reading by cursor rather than trusting notification payloads is what makes the fan-out exact:
// a notification only says "look"; the log says what is there.
import pg from "pg";
import type { EventLog, LoggedEvent } from "./log.ts";

export type TailListener = (event: LoggedEvent) => void;

export type LogTail = {
  /** The last cursor handed out. */
  readonly position: bigint;
  /** Events of `account` (checksummed or not) and every broadcast. */
  subscribe(account: string, listener: TailListener): () => void;
  /** Every event that has no account. */
  subscribeBroadcasts(listener: TailListener): () => void;
  /** Every event. */
  subscribeAll(listener: TailListener): () => void;
  listenerCount(account: string): number;
  broadcastListenerCount(): number;
  /** Reads what is new now; resolves when caught up. */
  wake(): Promise<void>;
  close(): Promise<void>;
};

export type LogTailOptions = {
  log: EventLog;
  /** Postgres URL for LISTEN; unset on PGlite (one process holds the database). */
  listenUrl?: string | undefined;
  pollMs?: number;
  onError(error: unknown): void;
};

const pageSize = 1000;

export async function createLogTail(options: LogTailOptions): Promise<LogTail> {
  const { log } = options;
  let position = await log.head();
  const byAccount = new Map<string, Set<TailListener>>();
  const broadcasts = new Set<TailListener>();
  const everything = new Set<TailListener>();
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  function dispatch(event: LoggedEvent) {
    const call = (listener: TailListener) => {
      try {
        listener(event);
      } catch (error) {
        options.onError(error);
      }
    };
    for (const listener of everything) call(listener);
    if (event.account === null) {
      for (const listener of broadcasts) call(listener);
    } else {
      for (const listener of byAccount.get(event.account.toLowerCase()) ?? []) call(listener);
    }
  }

  const listening = () => everything.size > 0 || broadcasts.size > 0 || byAccount.size > 0;

  async function catchUp() {
    do {
      again = false;
      // Nobody to hand events to: only the position moves (to the head, read cheaply).
      if (!listening()) {
        const head = await log.head();
        // Someone subscribed while the head was read: the events up to it may be theirs. Read them.
        if (listening()) {
          again = true;
          continue;
        }
        if (head > position) position = head;
        continue;
      }
      for (;;) {
        const events = await log.read({ after: position, limit: pageSize });
        for (const event of events) {
          position = event.cursor;
          dispatch(event);
        }
        if (events.length < pageSize) break;
      }
    } while (again && !closed);
  }

  function wake(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = catchUp()
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        running = null;
      });
    return running;
  }

  // This process's own appends: with nobody listening, their cursors are the new position (no read).
  const unsubscribeLocal = log.onAppended((events) => {
    if (!listening() && !running) {
      for (const event of events) if (event.cursor > position) position = event.cursor;
      return;
    }
    void wake();
  });
  const poll = setInterval(() => void wake(), options.pollMs ?? 1000);
  poll.unref();

  let listener: pg.Client | null = null;
  async function listen() {
    if (!options.listenUrl || closed) return;
    const client = new pg.Client({ connectionString: options.listenUrl });
    client.on("error", (error) => {
      options.onError(error);
      listener = null;
      // The poll keeps events flowing meanwhile; LISTEN again shortly.
      setTimeout(() => void listen().catch(options.onError), 1000).unref();
    });
    client.on("notification", () => void wake());
    await client.connect();
    await client.query("listen fluxion_events");
    listener = client;
    void wake();
  }
  await listen();

  const add = <K>(map: Map<K, Set<TailListener>>, key: K, fn: TailListener) => {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) map.delete(key);
    };
  };

  return {
    get position() {
      return position;
    },
    subscribe(account, fn) {
      return add(byAccount, account.toLowerCase(), fn);
    },
    subscribeBroadcasts(fn) {
      broadcasts.add(fn);
      return () => broadcasts.delete(fn);
    },
    subscribeAll(fn) {
      everything.add(fn);
      return () => everything.delete(fn);
    },
    listenerCount(account) {
      return byAccount.get(account.toLowerCase())?.size ?? 0;
    },
    broadcastListenerCount() {
      return broadcasts.size;
    },
    wake,
    async close() {
      closed = true;
      clearInterval(poll);
      unsubscribeLocal();
      await running;
      await listener?.end().catch(() => {});
    },
  };
}
