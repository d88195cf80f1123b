// Test support: a real HTTP server on 127.0.0.1 standing in for a subscriber. It records every
// request, answers what the test tells it to, and verifies signatures with the independent
// `standardwebhooks` package against the secrets it is given, with the timestamp checked against
// the test's manual clock (the package reads Date.now(); a receiver whose clock agrees with ours).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { Clock } from "../../lib/clock.ts";

export type Received = {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Which of the receiver's secrets verified the request (by index); empty: none did. */
  verifiedWith: number[];
  /** Requests with the same webhook-id in flight at the same moment, this one included. */
  concurrent: number;
};

export type Answer = {
  status: number;
  body?: string;
  delayMs?: number;
  headers?: Record<string, string>;
};

export type TestReceiver = {
  url: string;
  received: Received[];
  /** The secrets to verify with (set or replaced by the test). */
  secrets: string[];
  /** How to answer the next requests (default 204). */
  respond: (request: Received) => Answer;
  /** The highest number of same-id requests ever in flight at once. */
  maxConcurrentPerId(): number;
  /** The highest number of requests of any ids ever in flight at once. */
  maxInFlight(): number;
  /** The webhook-ids received, in arrival order. */
  ids(): string[];
  close(): Promise<void>;
};

/** Verifies at the clock's time; the package's own error when nothing verifies. */
export function verifyAt(secret: string, body: string, headers: IncomingHttpHeaders, at: Date) {
  const realNow = Date.now;
  Date.now = () => at.getTime();
  try {
    return new Webhook(secret).verify(body, {
      "webhook-id": String(headers["webhook-id"] ?? ""),
      "webhook-timestamp": String(headers["webhook-timestamp"] ?? ""),
      "webhook-signature": String(headers["webhook-signature"] ?? ""),
    });
  } finally {
    Date.now = realNow;
  }
}

export async function startTestReceiver(clock: Clock): Promise<TestReceiver> {
  const inFlight = new Map<string, number>();
  let maxConcurrent = 0;
  let open = 0;
  let maxOpen = 0;
  const receiver: Omit<TestReceiver, "url" | "close"> = {
    received: [],
    secrets: [],
    respond: () => ({ status: 204 }),
    maxConcurrentPerId: () => maxConcurrent,
    maxInFlight: () => maxOpen,
    ids: () => receiver.received.map((request) => String(request.headers["webhook-id"])),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(request.headers["webhook-id"] ?? "");
      const concurrent = (inFlight.get(id) ?? 0) + 1;
      inFlight.set(id, concurrent);
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      const verifiedWith = receiver.secrets.flatMap((secret, index) => {
        try {
          verifyAt(secret, body, request.headers, clock.now());
          return [index];
        } catch {
          return [];
        }
      });
      const received: Received = {
        path: request.url ?? "/",
        headers: request.headers,
        body,
        verifiedWith,
        concurrent,
      };
      receiver.received.push(received);
      const answer = receiver.respond(received);
      setTimeout(() => {
        response.writeHead(answer.status, answer.headers ?? {});
        response.end(answer.body ?? "", () => {
          inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
          open -= 1;
        });
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
