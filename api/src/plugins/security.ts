// helmet (security headers) and CORS for the web app's origins (API_CORS_ORIGINS).
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export const securityPlugin = fp(
  async (app: FastifyInstance) => {
    // The Swagger UI at /docs needs inline scripts/styles; everything else is JSON.
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          "script-src": ["'self'", "'unsafe-inline'"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
        },
      },
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
