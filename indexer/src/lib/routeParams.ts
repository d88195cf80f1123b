// Validation of the custom routes' path and query parameters: one place that turns raw strings into
// typed values or an ApiError naming what was wrong.
import type { Address, Hex } from "viem";
import { ApiError, quoteInput } from "./apiError.ts";
import { type CandleInterval, isCandleInterval } from "./candles.ts";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const UINT = /^\d{1,15}$/;

export function parseAddress(raw: string | undefined, what = "address"): Address {
  if (raw === undefined || !ADDRESS.test(raw)) {
    throw new ApiError(
      "request.invalid_address",
      `${what} must be a 20-byte hex address (0x + 40 hex digits), got ${quoteInput(raw ?? "")}`,
    );
  }
  return raw.toLowerCase() as Address;
}

export function parseChainId(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!UINT.test(raw) || Number(raw) === 0) {
    throw new ApiError(
      "request.invalid_chain_id",
      `chainId must be a positive integer, got ${quoteInput(raw)}`,
    );
  }
  return Number(raw);
}

export type CandleQuery = {
  poolId: Hex;
  chainId: number | undefined;
  interval: CandleInterval;
  from: bigint | undefined;
  to: bigint | undefined;
  base: Address | undefined;
  quote: Address | undefined;
  limit: number;
};

export const MAX_CANDLES = 10_000;
export const DEFAULT_CANDLES = 1_000;

function parseTime(raw: string | undefined, name: "from" | "to"): bigint | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!UINT.test(raw)) {
    throw new ApiError(
      "candles.invalid_time",
      `${name} must be a unix time in seconds (a non-negative integer), got ${quoteInput(raw)}`,
    );
  }
  return BigInt(raw);
}

export function parseCandleQuery(
  poolIdRaw: string | undefined,
  query: Record<string, string | undefined>,
): CandleQuery {
  if (poolIdRaw === undefined || !BYTES32.test(poolIdRaw)) {
    throw new ApiError(
      "candles.invalid_pool_id",
      `poolId must be a 32-byte hex id (0x + 64 hex digits), got ${quoteInput(poolIdRaw ?? "")}`,
    );
  }
  const interval = query.interval;
  if (interval === undefined || !isCandleInterval(interval)) {
    throw new ApiError(
      "candles.invalid_interval",
      `interval must be "1m" or "1h", got ${quoteInput(interval ?? "")}`,
    );
  }
  const from = parseTime(query.from, "from");
  const to = parseTime(query.to, "to");
  if (from !== undefined && to !== undefined && from > to) {
    throw new ApiError("candles.invalid_range", `from (${from}) is after to (${to})`);
  }
  let limit = DEFAULT_CANDLES;
  if (query.limit !== undefined && query.limit !== "") {
    if (!UINT.test(query.limit) || Number(query.limit) < 1 || Number(query.limit) > MAX_CANDLES) {
      throw new ApiError(
        "candles.invalid_limit",
        `limit must be an integer in [1, ${MAX_CANDLES}], got ${quoteInput(query.limit)}`,
      );
    }
    limit = Number(query.limit);
  }
  const token = (raw: string | undefined, name: string) => {
    if (raw === undefined || raw === "") return undefined;
    if (!ADDRESS.test(raw)) {
      throw new ApiError(
        "candles.invalid_token",
        `${name} must be a token address, got ${quoteInput(raw)}`,
      );
    }
    return raw.toLowerCase() as Address;
  };
  return {
    poolId: poolIdRaw.toLowerCase() as Hex,
    chainId: parseChainId(query.chainId),
    interval,
    from,
    to,
    base: token(query.base, "base"),
    quote: token(query.quote, "quote"),
    limit,
  };
}

export const CCIP_STATES = ["sent", "committed", "executed", "failed"] as const;
export type CcipStateFilter = (typeof CCIP_STATES)[number];

export type CcipMessagesQuery = {
  account: Address | undefined;
  state: CcipStateFilter | undefined;
  limit: number;
};

export const MAX_CCIP_MESSAGES = 500;
export const DEFAULT_CCIP_MESSAGES = 50;

/** `GET /ccip/messages?account=&state=&limit=`: every parameter optional. */
export function parseCcipMessagesQuery(
  query: Record<string, string | undefined>,
): CcipMessagesQuery {
  const account =
    query.account === undefined || query.account === ""
      ? undefined
      : parseAddress(query.account, "account");
  let state: CcipStateFilter | undefined;
  if (query.state !== undefined && query.state !== "") {
    if (!(CCIP_STATES as readonly string[]).includes(query.state)) {
      throw new ApiError(
        "ccip.invalid_state",
        `state must be one of ${CCIP_STATES.join(", ")}, got ${quoteInput(query.state)}`,
      );
    }
    state = query.state as CcipStateFilter;
  }
  let limit = DEFAULT_CCIP_MESSAGES;
  if (query.limit !== undefined && query.limit !== "") {
    if (
      !UINT.test(query.limit) ||
      Number(query.limit) < 1 ||
      Number(query.limit) > MAX_CCIP_MESSAGES
    ) {
      throw new ApiError(
        "ccip.invalid_limit",
        `limit must be an integer in [1, ${MAX_CCIP_MESSAGES}], got ${quoteInput(query.limit)}`,
      );
    }
    limit = Number(query.limit);
  }
  return { account, state, limit };
}

/** A CCIP message id: 32 bytes of hex. */
export function parseMessageId(raw: string | undefined): Hex {
  if (raw === undefined || !BYTES32.test(raw)) {
    throw new ApiError(
      "ccip.invalid_message_id",
      `messageId must be a 32-byte hex id (0x + 64 hex digits), got ${quoteInput(raw ?? "")}`,
    );
  }
  return raw.toLowerCase() as Hex;
}
