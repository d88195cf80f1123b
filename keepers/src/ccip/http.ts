// The CCIP keeper's HTTP interface. Open: GET /health, GET /metrics (Prometheus text, for the scraper on the
// private network). With the service key as a bearer token (KEEPER_SERVICE_KEY; unset: 401 to everyone):
//   GET  /v1/ccip/messages?state=&lane=&limit=   the newest messages first
//   GET  /v1/ccip/messages/:id
//   POST /v1/ccip/messages/:id/execute {"gasLimit"?: "<decimal>"}   manual execution of a failed message
//        (relay mode): 200 with the message once mined, 202 while its transaction is not yet mined.
// Errors are `{ error: { code, message } }` with a stable code: bad input is 4xx, never 500; an unexpected
// failure is 503 `keepers.unavailable` with the details only in the log.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Hex } from "viem";
import { KeeperError } from "../errors.ts";
import { HttpError, readJsonBody } from "../http/request.ts";
import { revertReason } from "./execution.ts";
import type { ManualOutcome } from "./manual.ts";
import type { CcipMetrics } from "./metrics.ts";
import type { MonitoredRow, MonitorStore } from "./monitorStore.ts";
import type { CcipStore, MessageRow } from "./store.ts";
import {
  MESSAGE_ID,
  type MessageState,
  type MonitoredState,
  messageStates,
  monitoredStates,
} from "./types.ts";

/** Highest manual gas limit accepted: with the router's own gas it must fit one transaction (2^24, EIP-7825). */
export const maxManualGasLimit = 15_000_000n;

export type CcipHttpOptions = {
  mode: "relay" | "monitor";
  keeper: string;
  lanes: string[];
  serviceKey: string | undefined;
  logger: Logger;
  metrics: CcipMetrics;
  /** Relay mode: the messages and manual execution. */
  relay?: {
    store: CcipStore;
    manuallyExecute(messageId: Hex, gasLimitOverride: bigint): Promise<ManualOutcome>;
  };
  /** Monitor mode: the messages watched. */
  monitor?: { store: MonitorStore };
};

/** HTTP status of the relay's KeeperError codes (others: 503 when retryable, else 409). */
const statusOf: Record<string, number> = {
  "ccip.message_not_found": 404,
  "ccip.message_not_failed": 400,
  "ccip.gas_limit_below_message": 400,
  "ccip.manual_in_progress": 409,
  "ccip.execution_would_revert": 409,
  "ccip.lane_not_served": 409,
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function messageJson(row: MessageRow) {
  const m = row.message;
  return {
    messageId: row.messageId,
    lane: row.lane,
    sourceChainId: row.sourceChainId,
    destChainId: row.destChainId,
    state: row.state,
    message: {
      sourceChainSelector: m.sourceChainSelector.toString(),
      destChainSelector: m.destChainSelector.toString(),
      sequenceNumber: m.sequenceNumber.toString(),
      sender: m.sender,
      receiver: m.receiver,
      data: m.data,
      gasLimit: m.gasLimit.toString(),
      feeToken: m.feeToken,
      feeTokenAmount: m.feeTokenAmount.toString(),
    },
    source: {
      blockNumber: row.blockNumber.toString(),
      blockHash: row.blockHash,
      transactionHash: row.txHash,
      logIndex: row.logIndex,
      blockTime: iso(row.sourceBlockTime),
    },
    execution: row.result
      ? {
          transactionHash: row.result.txHash,
          blockNumber: row.result.blockNumber.toString(),
          returnData: row.result.returnData,
          reason: row.state === "failure" ? revertReason(row.result.returnData) : null,
          gasLimit: row.result.gasLimit.toString(),
          gasUsed: row.result.gasUsed.toString(),
          manual: row.result.manual,
          executor: row.result.executor,
          byThisRelay: row.result.byUs,
        }
      : null,
    manualExecutionInFlight: row.manualPurpose !== null,
    error: row.error,
    failures: row.failures,
    seenAt: row.seenAt.toISOString(),
    finalizedAt: iso(row.finalizedAt),
    committedAt: iso(row.committedAt),
    executedAt: iso(row.executedAt),
  };
}

export function monitoredJson(row: MonitoredRow) {
  return {
    messageId: row.messageId,
    lane: row.lane,
    kind: row.kind,
    state: row.state,
    sent: row.sentTx
      ? {
          blockNumber: row.sentBlock?.toString() ?? null,
          transactionHash: row.sentTx,
          at: iso(row.sentAt),
        }
      : null,
    arrived: row.deliveredTx
      ? {
          blockNumber: row.deliveredBlock?.toString() ?? null,
          transactionHash: row.deliveredTx,
          at: iso(row.deliveredAt),
        }
      : null,
    failedReason: row.failedReason ? revertReason(row.failedReason) : null,
    alertedAt: iso(row.alertedAt),
    seenAt: row.seenAt.toISOString(),
  };
}

function messageId(raw: string): Hex {
  if (!MESSAGE_ID.test(raw)) {
    throw new HttpError(
      400,
      "ccip.invalid_message_id",
      "expected a message id: 0x and 64 hex digits",
    );
  }
  return raw.toLowerCase() as Hex;
}

/** The body's gasLimit: a decimal string (0 or absent: the message's own). */
export function gasLimitOf(raw: unknown): bigint {
  if (raw === undefined || raw === null) return 0n;
  if (typeof raw !== "string" || !/^\d{1,9}$/.test(raw) || BigInt(raw) > maxManualGasLimit) {
    throw new HttpError(
      400,
      "ccip.invalid_gas_limit",
      `gasLimit must be a decimal string in [0, ${maxManualGasLimit}] (0 or absent: the message's own)`,
    );
  }
  return BigInt(raw);
}

export function createCcipHttp(o: CcipHttpOptions): Server {
  const key = o.serviceKey ? Buffer.from(o.serviceKey) : undefined;
  const authorized = (req: IncomingMessage) => {
    if (!key) return false;
    const given = Buffer.from((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    return given.length === key.length && timingSafeEqual(given, key);
  };
  const states: readonly string[] = o.mode === "relay" ? messageStates : monitoredStates;

  async function list(url: URL): Promise<unknown> {
    const state = url.searchParams.get("state");
    if (state !== null && !states.includes(state)) {
      throw new HttpError(
        400,
        "request.invalid_state",
        `state must be one of ${states.join(", ")}`,
      );
    }
    const lane = url.searchParams.get("lane");
    if (lane !== null && !o.lanes.includes(lane)) {
      throw new HttpError(400, "request.invalid_lane", `lane must be one of ${o.lanes.join(", ")}`);
    }
    const limitRaw = url.searchParams.get("limit") ?? "50";
    const limit = Number(limitRaw);
    if (!/^\d{1,4}$/.test(limitRaw) || limit < 1 || limit > 500) {
      throw new HttpError(400, "request.invalid_limit", "limit must be an integer in [1, 500]");
    }
    const filter = { limit, ...(lane ? { lane } : {}) };
    if (o.relay) {
      const rows = await o.relay.store.list({
        ...filter,
        ...(state ? { state: state as MessageState } : {}),
      });
      return { mode: o.mode, messages: rows.map(messageJson) };
    }
    const rows = await o.monitor!.store.list({
      ...filter,
      ...(state ? { state: state as MonitoredState } : {}),
    });
    return { mode: o.mode, messages: rows.map(monitoredJson) };
  }

  async function one(id: Hex): Promise<unknown> {
    const row = o.relay ? await o.relay.store.get(id) : await o.monitor!.store.get(id);
    if (!row) throw new HttpError(404, "ccip.message_not_found", `no CCIP message ${id}`);
    return {
      mode: o.mode,
      message: o.relay ? messageJson(row as MessageRow) : monitoredJson(row as MonitoredRow),
    };
  }

  async function execute(id: Hex, req: IncomingMessage): Promise<[number, unknown]> {
    const gasLimit = gasLimitOf((await readJsonBody(req)).gasLimit);
    if (!o.relay) {
      throw new HttpError(
        409,
        "ccip.monitor_mode",
        "this keeper only monitors (Chainlink executes); retry failed messages on the gateway",
      );
    }
    const outcome = await o.relay.manuallyExecute(id, gasLimit);
    return [
      outcome.pending ? 202 : 200,
      { pending: outcome.pending, message: messageJson(outcome.row) },
    ];
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<[number, unknown] | undefined> {
    const url = new URL(req.url ?? "/", "http://keeper");
    const method = req.method ?? "GET";
    if (url.pathname === "/health") {
      if (method !== "GET") throw new HttpError(405, "request.method_not_allowed", "GET only");
      return [200, { ok: true, keeper: o.keeper, mode: o.mode, lanes: o.lanes }];
    }
    if (url.pathname === "/metrics") {
      if (method !== "GET") throw new HttpError(405, "request.method_not_allowed", "GET only");
      const text = await o.metrics.registry.metrics();
      res.writeHead(200, { "content-type": o.metrics.registry.contentType });
      res.end(text);
      return undefined;
    }
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== "v1" || parts[1] !== "ccip" || parts[2] !== "messages" || parts.length > 5) {
      throw new HttpError(404, "request.not_found", "no such route");
    }
    if (!authorized(req)) {
      throw new HttpError(401, "auth.service_key_required", "a valid service key is required");
    }
    if (parts.length === 3) {
      if (method !== "GET") throw new HttpError(405, "request.method_not_allowed", "GET only");
      return [200, await list(url)];
    }
    const id = messageId(parts[3]!);
    if (parts.length === 4) {
      if (method !== "GET") throw new HttpError(405, "request.method_not_allowed", "GET only");
      return [200, await one(id)];
    }
    if (parts[4] !== "execute") throw new HttpError(404, "request.not_found", "no such route");
    if (method !== "POST") throw new HttpError(405, "request.method_not_allowed", "POST only");
    return execute(id, req);
  }

  const send = (res: ServerResponse, status: number, payload: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  };

  return createServer(async (req, res) => {
    try {
      const answer = await route(req, res);
      if (answer) send(res, answer[0], answer[1]);
    } catch (error) {
      if (res.headersSent) return;
      if (error instanceof HttpError) {
        return send(res, error.status, { error: { code: error.code, message: error.message } });
      }
      if (error instanceof KeeperError && !error.retryable && error.code.startsWith("ccip.")) {
        return send(res, statusOf[error.code] ?? 409, {
          error: { code: error.code, message: error.message },
        });
      }
      o.logger.error({ err: error, url: req.url }, "CCIP keeper http failed");
      send(res, 503, {
        error: { code: "keepers.unavailable", message: "the keeper could not answer" },
      });
    }
  });
}
