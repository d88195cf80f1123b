// Prometheus metrics at /metrics: one registry per app (tests build many apps in one process),
// default process metrics, and an HTTP histogram labelled by route pattern (not raw URL, which
// would explode cardinality). Other plugins register their own metrics on `app.metrics.registry`.
// Metrics tell an outsider a lot (traffic, routes, error rates, memory), so who may read them is
// configured (API_METRICS): loopback only by default, a bearer token, anyone, or no route at all.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { ApiError, forbidden } from "../errors.ts";

export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
};

/** A direct connection from this machine: a loopback peer, and no proxy in between. */
function isLocal(request: FastifyRequest): boolean {
  if (request.headers["x-forwarded-for"] !== undefined || request.headers.forwarded !== undefined) {
    return false;
  }
  const peer = request.socket.remoteAddress ?? "";
  return peer === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(peer);
}

const digest = (value: string) => createHash("sha256").update(value).digest();

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const httpDuration = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by method, route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    app.decorate("metrics", { registry, httpDuration });
    app.addHook("onResponse", async (request, reply) => {
      httpDuration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? "unmatched",
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
    const { access, token } = app.config.metrics;
    if (access === "off") return;
    app.get(
      "/metrics",
      {
        schema: { hide: true },
        config: { rateLimit: false },
        onRequest: async (request) => {
          if (access === "loopback" && !isLocal(request)) {
            throw forbidden("metrics.forbidden", "Metrics are served to this machine only");
          }
          if (access === "token" && !bearerMatches(request, token!)) {
            throw new ApiError(401, "metrics.token_required", "Metrics need the bearer token", {
              headers: { "www-authenticate": 'Bearer realm="metrics"' },
            });
          }
        },
      },
      async (_request, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  },
  { name: "metrics", dependencies: ["config"] },
);
