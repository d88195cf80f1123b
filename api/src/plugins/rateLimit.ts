// Rate limits: anonymous requests per client IP, authenticated ones per account or API key
// (so one busy account cannot starve others behind the same NAT, and one IP cannot multiply its
// budget by rotating sessions). Runs after plugins/auth.ts has resolved `request.principal`.
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

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
      timeWindow: 60_000,
      keyGenerator: keyOf,
      max: (_request, key) =>
        key.startsWith("ip:") ? app.config.rateLimitPerIp : app.config.rateLimitPerAccount,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: "rate_limited",
        message: `Rate limit exceeded: ${context.max} requests per minute; retry in ${context.after}`,
      }),
    });
  },
  { name: "rate-limit", dependencies: ["config", "auth"] },
);
