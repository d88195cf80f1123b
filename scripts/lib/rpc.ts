// Tiny helpers for talking to (and waiting on) local processes over the network.
import { connect, createServer } from "node:net";

/** Resolves true once a JSON-RPC endpoint answers `eth_chainId`. */
export async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    if (!response.ok) return false;
    const body = (await response.json()) as { result?: string };
    return typeof body.result === "string";
  } catch {
    return false;
  }
}

/** Whether something already listens on host:port. */
export function portInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/** A port the OS considers free right now (for tests). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true once an HTTP endpoint answers 2xx (e.g. a service's /ready). */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** The chain's latest block number, or undefined when the node does not answer. */
export async function blockNumber(url: string): Promise<bigint | undefined> {
  const result = await rpcCall(url, "eth_blockNumber");
  return typeof result === "string" ? BigInt(result) : undefined;
}

/** Whether the chain's latest block carries the wall clock's time (within `slackSeconds`). */
export async function chainAtRealTime(url: string, slackSeconds = 5): Promise<boolean> {
  const block = (await rpcCall(url, "eth_getBlockByNumber", ["latest", false])) as
    | { timestamp?: string }
    | undefined;
  if (typeof block?.timestamp !== "string") return false;
  return Number(BigInt(block.timestamp)) >= Math.floor(Date.now() / 1000) - slackSeconds;
}

/**
 * Resolves true once a Ponder indexer has finished its backfill (`/ready`) and processed every block
 * up to the chain's head at the time of the call (`/status`): Ponder reports ready before it has
 * caught up with the last, not yet final, blocks.
 */
export async function indexerCaughtUp(
  indexerUrl: string,
  rpcUrl: string,
  chain = "chain31337",
): Promise<boolean> {
  const head = await blockNumber(rpcUrl);
  if (head === undefined || !(await httpOk(`${indexerUrl}/ready`))) return false;
  try {
    const response = await fetch(`${indexerUrl}/status`, { signal: AbortSignal.timeout(1_000) });
    const status = (await response.json()) as Record<string, { block?: { number: number } }>;
    const indexed = status[chain]?.block?.number;
    return indexed !== undefined && BigInt(indexed) >= head;
  } catch {
    return false;
  }
}

/** One JSON-RPC call, its result or undefined when the node does not answer it. */
async function rpcCall(rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(1_000),
    });
    return ((await response.json()) as { result?: unknown }).result;
  } catch {
    return undefined;
  }
}

/** Resolves true once something accepts TCP connections at `host:port` (e.g. a gRPC server). */
export function tcpOpen(hostPort: string): Promise<boolean> {
  const at = hostPort.lastIndexOf(":");
  const host = hostPort.slice(0, at);
  const port = Number(hostPort.slice(at + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}
