// The keeper's internal HTTP interface, for the API (which authenticates users and runs the compliance
// check first). Every request carries the shared service key as a bearer token. Errors are JSON
// `{ error: { code, message } }` with the KeeperError's stable code; retryable failures are 503.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { type Address, isAddress } from "viem";
import type { BridgeService, BurnQuote, MintQuote } from "../bridge/service.ts";
import { KeeperError } from "../errors.ts";
import { swapJson } from "../swaps/json.ts";
import type { SwapStore } from "../swaps/store.ts";
import { HttpError, readJsonBody } from "./request.ts";

export type KeeperHttpOptions = {
  service: BridgeService;
  store: SwapStore;
  serviceKey: string;
  logger: Logger;
  /** Called with a swap's payment hash when it should be looked at at once (a preimage handed over). */
  wake?: (paymentHash: string) => void;
};

const HASH = /^(0x)?[0-9a-fA-F]{64}$/;

/** A quote as JSON: amounts as decimal strings, chain times as unix seconds. */
export function quoteJson(quote: MintQuote | BurnQuote) {
  return {
    ...("paymentHash" in quote ? { paymentHash: quote.paymentHash } : {}),
    synth: quote.synth,
    sats: quote.sats.toString(),
    amount: quote.amount.toString(),
    fee: quote.fee.toString(),
    usdCents: quote.usdCents.toString(),
    quotedAt: Number(quote.quotedAt),
    ...("timelock" in quote
      ? {
          timelock: Number(quote.timelock),
          invoiceExpiresAt: Number(quote.invoiceExpiresAt),
          cltvDelta: quote.cltvDelta,
        }
      : {}),
  };
}

function invoiceOf(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 4096) {
    throw new HttpError(400, "request.invalid_invoice", "invoice must be a BOLT-11 string");
  }
  return raw;
}

const statusOf: Record<string, number> = {
  "lightning.swap_not_found": 404,
  "lightning.payment_hash_used": 409,
};

function hash(raw: string | undefined): string {
  if (!raw || !HASH.test(raw))
    throw new HttpError(400, "request.invalid_payment_hash", "expected a 32-byte hex payment hash");
  return raw.toLowerCase().replace(/^0x/, "");
}

function address(raw: unknown, field: string): Address {
  if (typeof raw !== "string" || !isAddress(raw))
    throw new HttpError(400, "request.invalid_address", `${field} must be an address`);
  return raw.toLowerCase() as Address;
}

function sats(raw: unknown): bigint {
  if (typeof raw !== "string" && typeof raw !== "number")
    throw new HttpError(400, "request.invalid_sats", "sats must be a positive integer");
  const text = String(raw);
  if (!/^[1-9]\d{0,15}$/.test(text))
    throw new HttpError(400, "request.invalid_sats", "sats must be a positive integer");
  return BigInt(text);
}

export function createKeeperHttp(o: KeeperHttpOptions): Server {
  const key = Buffer.from(o.serviceKey);
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    return given.length === key.length && timingSafeEqual(given, key);
  };

  async function route(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url ?? "/", "http://keeper");
    const parts = url.pathname.split("/").filter(Boolean);
    const method = req.method ?? "GET";
    if (method === "GET" && url.pathname === "/health") return [200, { status: "ok" }];
    if (!authorized(req))
      throw new HttpError(401, "auth.unauthorized", "a valid service key is required");

    if (method === "GET" && url.pathname === "/quotes/mint") {
      const unused = url.searchParams.get("paymentHash");
      const quote = await o.service.quoteMint(
        address(url.searchParams.get("synth"), "synth"),
        sats(url.searchParams.get("sats") ?? undefined),
        unused === null ? undefined : hash(unused),
      );
      return [200, quoteJson(quote)];
    }
    if (method === "POST" && url.pathname === "/quotes/burn") {
      const b = await readJsonBody(req);
      const quote = await o.service.quoteBurn({
        synth: address(b.synth, "synth"),
        invoice: invoiceOf(b.invoice),
      });
      return [200, quoteJson(quote)];
    }
    if (method === "POST" && url.pathname === "/swaps/mint") {
      const b = await readJsonBody(req);
      const swap = await o.service.createMint({
        paymentHash: hash(b.paymentHash as string),
        recipient: address(b.recipient, "recipient"),
        synth: address(b.synth, "synth"),
        sats: sats(b.sats as string),
        reference: typeof b.reference === "string" ? b.reference : undefined,
        review: b.review === true,
      });
      return [201, swapJson(swap)];
    }
    if (method === "POST" && url.pathname === "/swaps/burn") {
      const b = await readJsonBody(req);
      const swap = await o.service.registerBurn({
        account: address(b.account, "account"),
        synth: address(b.synth, "synth"),
        invoice: invoiceOf(b.invoice),
        reference: typeof b.reference === "string" ? b.reference : undefined,
      });
      o.wake?.(swap.paymentHash);
      return [201, swapJson(swap)];
    }
    if (parts[0] === "swaps" && parts.length === 3 && method === "POST") {
      const h = hash(parts[1]);
      const b = await readJsonBody(req);
      if (parts[2] === "preimage") {
        if (typeof b.preimage !== "string")
          throw new HttpError(400, "request.invalid_preimage", "preimage is required");
        const swap = await o.service.handPreimage(
          h,
          b.preimage,
          b.account === undefined ? undefined : address(b.account, "account"),
        );
        o.wake?.(h);
        return [200, swapJson(swap)];
      }
      if (parts[2] === "approve") return [200, swapJson(await o.service.approveMint(h))];
      if (parts[2] === "reject") {
        const reason =
          typeof b.reason === "string" ? b.reason.slice(0, 500) : "rejected by a reviewer";
        return [200, swapJson(await o.service.rejectMint(h, reason))];
      }
    }
    if (method === "GET" && parts[0] === "swaps" && parts.length === 2) {
      const swap = await o.store.get(hash(parts[1]));
      if (!swap) throw new HttpError(404, "lightning.swap_not_found", "no such swap");
      return [200, swapJson(swap)];
    }
    if (method === "GET" && parts[0] === "accounts" && parts[2] === "swaps" && parts.length === 3) {
      const limitRaw = url.searchParams.get("limit");
      const limit = limitRaw === null ? 50 : Number(limitRaw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw new HttpError(400, "request.invalid_limit", "limit must be an integer in [1, 200]");
      }
      const swaps = await o.store.listByAccount(address(parts[1], "address"), { limit });
      return [200, { items: swaps.map(swapJson) }];
    }
    throw new HttpError(404, "not_found", `no route ${method} ${url.pathname}`);
  }

  return createServer((req: IncomingMessage, res: ServerResponse) => {
    route(req)
      .then(([status, payload]) => send(res, status, payload))
      .catch((error: unknown) => {
        if (error instanceof HttpError)
          return send(res, error.status, { error: { code: error.code, message: error.message } });
        if (error instanceof KeeperError) {
          const status = statusOf[error.code] ?? (error.retryable ? 503 : 400);
          if (status >= 500)
            o.logger.warn({ code: error.code, err: error.message }, "keeper request failed");
          return send(res, status, { error: { code: error.code, message: error.message } });
        }
        o.logger.error({ err: error }, "keeper request failed");
        send(res, 500, { error: { code: "internal", message: "internal error" } });
      });
  });
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
