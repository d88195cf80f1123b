// One HTTP attempt at a delivery: POST the body, follow no redirect, give up after the timeout
// (connecting, sending and the answer's headers and first KB all count), keep the first KB of the
// answer. Never throws: what happened is the result.
import http from "node:http";
import https from "node:https";
import { deliverableHostProblem, publicOnlyLookup } from "./addressPolicy.ts";

export type PostRequest = {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Deliver to private and loopback addresses too (API_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
};

export type PostResult = {
  /** The HTTP status; null when there was no answer. */
  status: number | null;
  durationMs: number;
  /** Why it failed, when it did (not set for a 2xx). */
  error: string | null;
  /** The answer's first KB, as text. */
  response: string | null;
};

export const responseExcerptBytes = 1024;
const userAgent = "Fluxion-Webhooks/1.0";

/** Text safe to store: no NUL (Postgres text refuses it), at most `bytes` of UTF-8. */
export function excerpt(chunks: Buffer[], bytes = responseExcerptBytes): string {
  const buffer = Buffer.concat(chunks).subarray(0, bytes);
  // stream: true holds back a character cut in half at the end instead of mangling it.
  return new TextDecoder("utf-8", { fatal: false })
    .decode(buffer, { stream: true })
    .replaceAll("\u0000", "");
}

export function postWebhook(request: PostRequest): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<PostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      finish({ status: null, error: "not a URL", response: null });
      return;
    }
    const refused = request.allowPrivate ? null : deliverableHostProblem(url);
    if (refused) {
      finish({ status: null, error: `refused: ${refused}`, response: null });
      return;
    }
    const client = url.protocol === "https:" ? https : http;
    const outgoing = client.request(url, {
      method: "POST",
      headers: {
        ...request.headers,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(request.body).toString(),
        "user-agent": userAgent,
      },
      agent: false,
      ...(request.allowPrivate ? {} : { lookup: publicOnlyLookup }),
    });
    timer = setTimeout(() => {
      outgoing.destroy(new Error(`no answer within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      const code = error.code && !error.message.includes(error.code) ? `${error.code}: ` : "";
      finish({ status: null, error: `${code}${error.message}`, response: null });
    });
    outgoing.on("response", (answer) => {
      const status = answer.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const ok = status >= 200 && status < 300;
        const location = answer.headers.location;
        const error = ok
          ? null
          : status >= 300 && status < 400
            ? `HTTP ${status}: redirects are not followed${location ? ` (to ${location})` : ""}`
            : `HTTP ${status}`;
        finish({ status, error, response: excerpt(chunks) });
        answer.destroy();
      };
      answer.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= responseExcerptBytes) done();
      });
      answer.on("end", done);
      answer.on("error", done);
      answer.on("close", done);
    });
    outgoing.end(request.body);
  });
}
