// The API's event stream (/v1/stream, WebSocket): one connection per signed-in session, reconnected
// with backoff, fanned out to whoever listens. Closing with 4401 (session ended) or 4403 (blocked)
// updates the session instead of reconnecting. Every event carries its cursor in the API's event log:
// a reconnect asks for everything after the last one seen (?cursor=), so nothing that happened while
// the connection was down is missed, and nothing is heard twice.

import { apiBase } from "../api/client.ts";
import { sessionStore } from "../auth/sessionStore.ts";
import { refreshSession } from "../auth/signIn.ts";

export type StreamEvent = {
  kind: string;
  /** The event's position in the API's log (decimal); absent on control frames other than hello. */
  cursor?: string;
  /** The account the event belongs to; null for a broadcast to everyone (protocol.* events). */
  account: string | null;
  at: string;
  data: Record<string, unknown>;
};

type Listener = (event: StreamEvent) => void;

const listeners = new Set<Listener>();
let socket: WebSocket | undefined;
let socketToken: string | undefined;
let retry: ReturnType<typeof setTimeout> | undefined;
let attempts = 0;
/** The session whose stream `lastCursor` belongs to, and the last cursor it delivered. */
let cursorToken: string | undefined;
let lastCursor: string | undefined;
const statusListeners = new Set<() => void>();
let connected = false;

function setConnected(value: boolean) {
  connected = value;
  for (const listener of statusListeners) listener();
}

function close() {
  if (retry) clearTimeout(retry);
  retry = undefined;
  const current = socket;
  socket = undefined;
  socketToken = undefined;
  current?.close(1000, "client closed");
  setConnected(false);
}

function open(token: string) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  if (token !== cursorToken) {
    cursorToken = token;
    lastCursor = undefined;
  }
  const resume = lastCursor === undefined ? "" : `&cursor=${lastCursor}`;
  const ws = new WebSocket(
    `${scheme}://${location.host}${apiBase}/v1/stream?token=${encodeURIComponent(token)}${resume}`,
  );
  socket = ws;
  socketToken = token;
  ws.onopen = () => {
    attempts = 0;
    setConnected(true);
  };
  ws.onmessage = (message) => {
    let event: StreamEvent;
    try {
      event = JSON.parse(String(message.data)) as StreamEvent;
    } catch {
      return;
    }
    if (typeof event?.kind !== "string") return;
    if (event.kind === "hello") {
      // A first connection starts at the log's head; a resumed one keeps its own place.
      lastCursor ??= event.cursor;
    } else if (typeof event.cursor === "string" && /^\d+$/.test(event.cursor)) {
      if (lastCursor !== undefined && BigInt(event.cursor) <= BigInt(lastCursor)) return;
      lastCursor = event.cursor;
    }
    // A session's risk moved (challenge required, blocked, back to active): ask the API where it stands.
    if (event.kind === "session.changed") void refreshSession();
    for (const listener of listeners) listener(event);
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = undefined;
    setConnected(false);
    if (event.code === 4401) return sessionStore.onApiError("auth.session_expired");
    if (event.code === 4403) return sessionStore.onApiError("auth.session_blocked");
    const delay = Math.min(30_000, 500 * 2 ** attempts++);
    retry = setTimeout(() => {
      retry = undefined;
      sync();
    }, delay);
  };
}

/** Opens, keeps or closes the connection to match the session. */
function sync() {
  const { token, status } = sessionStore.get();
  const wanted = token && (status === "active" || status === "challenge") ? token : undefined;
  if (wanted === socketToken && (socket || retry)) return;
  close();
  if (wanted) open(wanted);
}

let started = false;
function start() {
  if (started || typeof window === "undefined") return;
  started = true;
  sessionStore.subscribe(sync);
  sync();
}

/** Calls `listener` with every event of the signed-in account and every broadcast; returns the unsubscribe. */
export function subscribe(listener: Listener): () => void {
  start();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function streamConnected(): boolean {
  return connected;
}

export function subscribeStatus(listener: () => void): () => void {
  start();
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}
