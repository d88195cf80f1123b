// Typed errors with stable codes (searchable in logs and alerts). `retryable` tells the bridge whether
// trying the same step again later can succeed (a node that did not answer) or not (a revert, bad input).
export class KeeperError extends Error {
  override name = "KeeperError";
  readonly code: string;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  /** This error and every `cause` below it. */
  *walk(): Generator<unknown> {
    let current: unknown = this;
    while (current) {
      yield current;
      current = (current as { cause?: unknown }).cause;
    }
  }
}

/** Whether a failure may succeed on a later attempt (unknown errors are treated as transient). */
export function isRetryable(error: unknown): boolean {
  return error instanceof KeeperError ? error.retryable : true;
}
