// OpenAPI 3.1 generated from the routes' TypeBox schemas: JSON at /openapi.json, UI at /docs.
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export const swaggerPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "Fluxion API",
          version: "0.1.0",
          description:
            "Sign-in with Ethereum, sessions, risk scoring, compliance, review queue, audit log. " +
            "Every error is `{ error: { code, message, details? } }` with a stable code.",
        },
        components: {
          securitySchemes: {
            session: {
              type: "http",
              scheme: "bearer",
              description: "Session token from /v1/auth/verify",
            },
            apiKey: {
              type: "apiKey",
              in: "header",
              name: "x-api-key",
              description: "Service API key",
            },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: "/docs" });
    app.get("/openapi.json", { schema: { hide: true }, config: { rateLimit: false } }, async () =>
      app.swagger(),
    );
  },
  { name: "swagger" },
);
