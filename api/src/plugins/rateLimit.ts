// Rate limits: anonymous requests per client IP, authenticated ones per account or API key
// (so one busy account cannot starve others behind the same NAT, and one IP cannot multiply its
// budget by rotating sessions). Runs after plugins/auth.ts has resolved `request.principal`.
// Issuing a SIWE nonce writes a row, so it has its own, tighter budget per IP on top
// (`app.nonceRateLimit`, API_RATE_LIMIT_NONCE), shared by every route that issues one.
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../errors.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** onRequest hook: 429 rate_limited past API_RATE_LIMIT_NONCE nonces per minute per IP. */
    nonceRateLimit: onRequestAsyncHookHandler;
  }
}

const windowMs = 60_000;

/** The 429 every limiter answers. */
export function rateLimited(max: number, retryAfterS: number, what = "requests"): ApiError {
  return new ApiError(
    429,
    "rate_limited",
    `Rate limit exceeded: ${max} ${what} per minute; retry in ${retryAfterS} s`,
    { headers: { "retry-after": String(retryAfterS) }, details: { max, retryAfterS } },
  );
}

function keyOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.kind === "session") return `account:${principal.address}`;
  if (principal?.kind === "apiKey") return `apikey:${principal.keyId}`;
  return `ip:${request.ip}`;
}

export const rateLimitPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: true,
      hook: "onRequest",
      timeWindow: windowMs,
      keyGenerator: keyOf,
      max: (_request, key) =>
        key.startsWith("ip:") ? app.config.rateLimitPerIp : app.config.rateLimitPerAccount,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: "rate_limited",
        message: `Rate limit exceeded: ${context.max} requests per minute; retry in ${context.after}`,
      }),
    });

    const nonceLimiter = app.createRateLimit({
      timeWindow: windowMs,
      max: app.config.rateLimitNonce,
      keyGenerator: (request) => `nonce:${request.ip}`,
    });
    app.decorate("nonceRateLimit", async (request: FastifyRequest) => {
      const result = await nonceLimiter(request);
      if (!result.isAllowed && result.isExceeded) {
        throw rateLimited(result.max, Math.max(1, result.ttlInSeconds), "nonces");
      }
    });
  },
  { name: "rate-limit", dependencies: ["config", "auth"] },
);
