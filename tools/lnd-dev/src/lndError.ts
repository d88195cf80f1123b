// An error lnd answers a call with: a gRPC status code and the exact `details` text lnd uses, which
// clients such as the `lightning` package match on.

/** The gRPC status codes lnd answers with (same numbers as @grpc/grpc-js `status`). */
export const grpcStatus = {
  UNKNOWN: 2,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  UNIMPLEMENTED: 12,
} as const;

export class LndError extends Error {
  readonly code: number;
  readonly details: string;
  constructor(details: string, code: number = grpcStatus.UNKNOWN) {
    super(details);
    this.name = "LndError";
    this.code = code;
    this.details = details;
  }
}
