// The dev chain's control endpoint, in the spirit of regtest bitcoind's RPC: read the height, mine
// blocks, move the clock, from outside the process (the CLI, tests, people). Loopback only, with a
// random bearer token; its URL and token go to `chain.json` in the network directory (mode 0600),
// which is where the CLI finds them.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { DevChain } from "./network.ts";
import { writeFileAtomic } from "./state.ts";

/** The file, in the network directory, that names a running chain's control endpoint. */
export const chainControlFile = "chain.json";

/** What `chain.json` holds. */
export interface ChainControlInfo {
  url: string;
  token: string;
  pid: number;
}

/** Every route answers with the chain as it stands after the call. */
export interface ChainStatus {
  height: number;
  /** The chain's clock (ISO 8601), which runs ahead of the wall clock once advanced. */
  time: string;
  timeMs: number;
  blockSeconds: number;
}

export interface StartChainControlParameters {
  chain: DevChain;
  /** The network directory: `chain.json` is written there. */
  dir: string;
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
}

export interface ChainControl extends ChainControlInfo {
  /** Path of the `chain.json` written. */
  file: string;
  /** Stops serving and removes `chain.json` (unless another chain has replaced it since). */
  close(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const maxBodyBytes = 1024;
/** Per call: heights stay far below lnd's uint32 fields, the clock within what Date can print. */
const maxBlocks = 1_000_000;
const maxSeconds = 1_000_000_000;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new HttpError(413, `body over ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new HttpError(400, "body must be a JSON object");
}

export function chainStatus(chain: DevChain): ChainStatus {
  const timeMs = chain.now();
  return {
    height: chain.height,
    time: new Date(timeMs).toISOString(),
    timeMs,
    blockSeconds: chain.blockMs / 1000,
  };
}

/**
 * Serves on 127.0.0.1:
 * - `GET /height` → the chain's status
 * - `POST /mine` `{"blocks": n}` → n blocks at once, the clock unmoved (generatetoaddress)
 * - `POST /advance` `{"seconds": s}` → the clock s seconds on, with the blocks that time covers
 * each with `Authorization: Bearer <token>`; answers JSON, errors as `{"error": "..."}`.
 */
export async function startChainControl(p: StartChainControlParameters): Promise<ChainControl> {
  const { chain } = p;
  const token = randomBytes(32).toString("hex");
  const expected = Buffer.from(`Bearer ${token}`);
  const authorized = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const handle = async (req: IncomingMessage): Promise<ChainStatus> => {
    if (!authorized(req))
      throw new HttpError(401, "missing or wrong bearer token (see chain.json)");
    const route = `${req.method} ${new URL(req.url ?? "/", "http://localhost").pathname}`;
    switch (route) {
      case "GET /height":
        return chainStatus(chain);
      case "POST /mine": {
        const { blocks } = await readJson(req);
        if (typeof blocks !== "number" || !Number.isSafeInteger(blocks) || blocks < 0) {
          throw new HttpError(400, "blocks must be a non-negative integer");
        }
        if (blocks > maxBlocks) throw new HttpError(400, `at most ${maxBlocks} blocks per call`);
        chain.mineBlocks(blocks);
        return chainStatus(chain);
      }
      case "POST /advance": {
        const { seconds } = await readJson(req);
        if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
          throw new HttpError(
            400,
            "seconds must be a non-negative number (the clock only moves on)",
          );
        }
        if (seconds > maxSeconds)
          throw new HttpError(400, `at most ${maxSeconds} seconds per call`);
        chain.advanceTime(seconds * 1000);
        return chainStatus(chain);
      }
    }
    if (["/height", "/mine", "/advance"].some((path) => route.endsWith(` ${path}`))) {
      throw new HttpError(405, `${req.method} not allowed here`);
    }
    throw new HttpError(404, "routes: GET /height, POST /mine, POST /advance");
  };

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    handle(req).then(
      (status) => reply(res, 200, status),
      (err: unknown) => {
        const status = err instanceof HttpError ? err.status : 500;
        reply(res, status, { error: err instanceof Error ? err.message : String(err) });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(p.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const info: ChainControlInfo = { url: `http://127.0.0.1:${port}`, token, pid: process.pid };
  const file = join(p.dir, chainControlFile);
  await writeFileAtomic(file, `${JSON.stringify(info, null, 2)}\n`);

  let closed = false;
  return {
    ...info,
    file,
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const current = await readFile(file, "utf8").catch(() => "");
      if (current.includes(token)) await rm(file, { force: true });
    },
  };
}
