// Errors of the indexer's HTTP API. Each has a stable code (searchable in logs and handled by
// clients) and an HTTP status; bad input is always a 4xx, never a 5xx.

export type ApiErrorCode =
  | "request.invalid_address"
  | "request.invalid_chain_id"
  | "request.unknown_chain"
  | "candles.invalid_pool_id"
  | "candles.unknown_pool"
  | "candles.ambiguous_pool"
  | "candles.invalid_interval"
  | "candles.invalid_time"
  | "candles.invalid_range"
  | "candles.invalid_limit"
  | "candles.invalid_token"
  | "ccip.invalid_message_id"
  | "ccip.unknown_message"
  | "ccip.invalid_state"
  | "ccip.invalid_limit"
  | "graphql.invalid_request"
  | "graphql.unsupported_media_type"
  | "graphql.too_large"
  | "graphql.too_many_tokens"
  | "graphql.too_deep"
  | "graphql.too_many_aliases"
  | "graphql.too_costly"
  | "graphql.limit_invalid"
  | "graphql.offset_invalid"
  | "graphql.timeout"
  | "not_found"
  | "internal";

export type ApiErrorStatus = 400 | 404 | 413 | 415 | 500 | 504;

export class ApiError extends Error {
  override name = "ApiError";
  readonly code: ApiErrorCode;
  readonly status: ApiErrorStatus;
  constructor(code: ApiErrorCode, message: string, status: ApiErrorStatus = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** The body every error response carries. */
export function errorBody(code: ApiErrorCode, message: string) {
  return { error: { code, message } };
}

/** Most characters of client input an error message repeats. */
export const MAX_ECHO = 200;

/**
 * Client input quoted in an error message, cut to MAX_ECHO characters: a message names what was
 * wrong without handing a megabyte back to whoever sent it.
 */
export function quoteInput(raw: string): string {
  if (raw.length <= MAX_ECHO) return JSON.stringify(raw);
  return `${JSON.stringify(raw.slice(0, MAX_ECHO))}... (${raw.length} characters)`;
}
