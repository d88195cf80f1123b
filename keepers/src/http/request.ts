// What the keepers' internal HTTP servers (the bridge keeper's and the CCIP relay's) share: an error that
// answers with a status and a stable code, and a JSON-object body read with a size limit.
import type { IncomingMessage } from "node:http";

/** Largest request body the keepers accept. */
export const MAX_BODY = 16 * 1024;

/** Answered as `{ error: { code, message } }` with `status`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The request's JSON object body (`{}` when empty): 413 over `MAX_BODY`, 400 when not a JSON object. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, "request.too_large", "body over 16 KiB");
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
    return parsed as Record<string, unknown>;
  } catch {
    throw new HttpError(400, "request.invalid_json", "the body must be a JSON object");
  }
}
