// One error type for the whole API. Every failure a client can cause carries a stable, searchable
// `code` ("auth.nonce_expired") and an HTTP status; the error handler turns it into
// `{ error: { code, message, details? } }`. Anything else is a bug and answers 500 without internals.

export type ApiErrorOptions = {
  /** Extra machine-readable context (safe to show to the caller). */
  details?: Record<string, unknown>;
  cause?: unknown;
  /** Response headers to set with the error (e.g. Retry-After). */
  headers?: Record<string, string>;
};

export class ApiError extends Error {
  override name = "ApiError";
  readonly code: string;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(statusCode: number, code: string, message: string, options: ApiErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.statusCode = statusCode;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export const badRequest = (code: string, message: string, options?: ApiErrorOptions) =>
  new ApiError(400, code, message, options);
export const unauthorized = (code: string, message: string, options?: ApiErrorOptions) =>
  new ApiError(401, code, message, options);
export const forbidden = (code: string, message: string, options?: ApiErrorOptions) =>
  new ApiError(403, code, message, options);
export const notFound = (code: string, message: string, options?: ApiErrorOptions) =>
  new ApiError(404, code, message, options);
export const conflict = (code: string, message: string, options?: ApiErrorOptions) =>
  new ApiError(409, code, message, options);
export const unavailable = (code: string, message: string, options?: ApiErrorOptions) =>
  new ApiError(503, code, message, options);

/** The JSON body of every error response. */
export type ErrorBody = {
  error: { code: string; message: string; details?: Record<string, unknown> };
};
