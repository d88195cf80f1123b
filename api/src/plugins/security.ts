// Security headers (helmet) and CORS for the web app's origins (API_CORS_ORIGINS).
// helmet's headers depend only on its configuration, so they are computed once at start-up and
// set by one hook: @fastify/helmet rebuilds them on every request, which cost ~40% of a cheap
// route's throughput in `npm run bench:api`.
import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import helmet from "helmet";

/** The headers helmet sets with our configuration (names lower-case). */
export function securityHeaders(): Record<string, string> {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        // The Swagger UI at /docs needs inline scripts and styles; everything else is JSON.
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
      },
    },
  });
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let called = false;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    called = true;
  });
  if (!called) throw new Error("helmet did not finish synchronously");
  return headers;
}

export const securityPlugin = fp(
  async (app: FastifyInstance) => {
    const headers = securityHeaders();
    app.addHook("onRequest", (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
    await app.register(cors, {
      origin: app.config.corsOrigins,
      credentials: true,
      methods: ["GET", "POST", "PUT", "DELETE"],
      allowedHeaders: ["authorization", "content-type", "x-api-key"],
    });
  },
  { name: "security", dependencies: ["config"] },
);
