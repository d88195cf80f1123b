// The Fluxion API as a Fastify plugin tree: infrastructure plugins first (config, database,
// errors, JSON bodies, security, docs, metrics, auth, rate limits, risk model), the features'
// services next (compliance, Lightning, CCIP, events), then the routes, mirroring URLs.
// server.ts only starts it; tests build it with `buildApp` and drive it with `app.inject`.

import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import websocket from "@fastify/websocket";
import type { DeploymentRecord } from "@fluxion/deploy";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from "fastify";
import fp from "fastify-plugin";
import { http, type Transport } from "viem";
import { createAuditLog } from "./audit/auditLog.ts";
import { type ChainReader, createChainReader } from "./auth/chainReader.ts";
import { ccipPlugin } from "./ccip/plugin.ts";
import { compliancePlugin } from "./compliance/plugin.ts";
import type { Config } from "./config.ts";
import { type DatabaseHandle, openDatabase } from "./db/client.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { createEventLog } from "./events/log.ts";
import { eventsPlugin } from "./events/plugin.ts";
import { createLogTail } from "./events/tail.ts";
import { type Clock, systemClock } from "./lib/clock.ts";
import { lightningPlugin } from "./lightning/plugin.ts";
import { authPlugin } from "./plugins/auth.ts";
import { errorHandler, errorResponseSchema } from "./plugins/errorHandler.ts";
import { jsonBodyPlugin } from "./plugins/jsonBody.ts";
import { metricsPlugin } from "./plugins/metrics.ts";
import { rateLimitPlugin } from "./plugins/rateLimit.ts";
import { riskPlugin } from "./plugins/risk.ts";
import { securityPlugin } from "./plugins/security.ts";
import { swaggerPlugin } from "./plugins/swagger.ts";
import { healthRoutes } from "./routes/health.ts";
import { adminRoutes } from "./routes/v1/admin/index.ts";
import { auditRoutes } from "./routes/v1/audit/index.ts";
import { authRoutes } from "./routes/v1/auth/index.ts";
import { ccipRoutes } from "./routes/v1/ccip/index.ts";
import { complianceRoutes } from "./routes/v1/compliance/index.ts";
import { lightningRoutes } from "./routes/v1/lightning/index.ts";
import { reviewsRoutes } from "./routes/v1/reviews/index.ts";
import { riskRoutes } from "./routes/v1/risk/index.ts";
import { sessionsRoutes } from "./routes/v1/sessions/index.ts";
import { streamRoutes } from "./routes/v1/stream.ts";
import { webhookRoutes } from "./routes/v1/webhooks/index.ts";
import { createEventBus } from "./stream/eventBus.ts";

export type BuildAppOptions = {
  config: Config;
  /** Defaults to the system clock; tests pass a manual one. */
  clock?: Clock;
  /** An already open database (tests); otherwise opened from the config and closed with the app. */
  database?: DatabaseHandle;
  logger?: FastifyServerOptions["logger"];
  /** Chain access for ERC-1271 sign-in; defaults to a viem public client over API_RPC_URL. */
  publicClient?: ChainReader;
  /** How the reactors reach the chain; defaults to HTTP to API_RPC_URL (tests: an in-process chain). */
  chainTransport?: Transport;
  /**
   * How /v1/ccip reaches each chain, by chain id; defaults to HTTP to API_RPC_URL and
   * API_RPC_URL_<chainId> (tests: in-process chains).
   */
  chainTransports?: Record<number, Transport>;
  /** The deployment records /v1/ccip serves; defaults to @fluxion/deploy's (tests: their own). */
  deployments?: DeploymentRecord[];
  /** Test seams (a crash at a chosen step); never set in production. */
  hooks?: AppHooks;
};

export type AppHooks = {
  /** Runs after a paid mint's transaction is sent, before the reaction records it. */
  afterMintSent?(hash: `0x${string}`): Promise<void>;
};

export type App = FastifyInstance;

/** Config, clock, database (migrated), audit log and event bus as decorations. */
const corePlugin = fp(
  async (app: FastifyInstance, options: BuildAppOptions) => {
    app.decorate("config", options.config);
    app.decorate("clock", options.clock ?? systemClock);
    const database =
      options.database ??
      (await openDatabase({
        databaseUrl: options.config.databaseUrl,
        dataDir: options.config.dataDir,
      }));
    await migrateDatabase(database);
    app.decorate("database", database);
    app.decorate("db", database.db);
    app.decorate("audit", createAuditLog(database.db, app.clock));
    const eventLog = createEventLog(database.db, app.clock);
    const onError = (error: unknown) => app.log.error({ err: error }, "event log");
    const tail = await createLogTail({
      log: eventLog,
      listenUrl: database.kind === "postgres" ? database.url : undefined,
      onError,
    });
    app.decorate("eventLog", eventLog);
    app.decorate("tail", tail);
    app.decorate("events", createEventBus({ log: eventLog, tail, onError }));
    app.addHook("onClose", async () => {
      await tail.close();
      if (!options.database) await database.close();
    });
    app.decorate("publicClient", options.publicClient ?? createChainReader(options.config.rpcUrl));
    app.decorate("chainTransport", options.chainTransport ?? http(options.config.rpcUrl));
    app.decorate("hooks", options.hooks ?? {});
    app.addSchema(errorResponseSchema);
  },
  { name: "config" },
);

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? {
      level: options.config.logLevel,
      // Browsers authenticate WebSockets with ?token=: never write a bearer token to the logs.
      serializers: {
        req: (request) => ({
          method: request.method,
          url: String(request.url).replace(/([?&]token=)[^&]*/g, "$1[redacted]"),
          remoteAddress: request.ip,
        }),
      },
    },
    trustProxy: options.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Ids for correlating logs; a client's x-request-id is echoed when well-formed.
    requestIdHeader: "x-request-id",
    genReqId: () => crypto.randomUUID(),
    // "/v1/reviews" and "/v1/reviews/" are the same resource.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // URL errors the router raises before any route runs get the same error shape as the rest.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const uriTooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
      reply.code(uriTooLong ? 414 : 400).send({
        error: {
          code: uriTooLong ? "request.uri_too_long" : "request.bad_url",
          message: error.message,
        },
      });
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(corePlugin, options);
  await app.register(errorHandler);
  await app.register(jsonBodyPlugin);
  await app.register(securityPlugin);
  await app.register(swaggerPlugin);
  await app.register(metricsPlugin);
  await app.register(authPlugin);
  await app.register(rateLimitPlugin);
  await app.register(riskPlugin);
  await app.register(compliancePlugin);
  await app.register(lightningPlugin);
  await app.register(ccipPlugin, {
    deployments: options.deployments,
    transports: options.chainTransports,
  });
  await app.register(eventsPlugin);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: "/v1/auth" });
  await app.register(sessionsRoutes, { prefix: "/v1/sessions" });
  await app.register(riskRoutes, { prefix: "/v1/risk" });
  await app.register(complianceRoutes, { prefix: "/v1/compliance" });
  await app.register(reviewsRoutes, { prefix: "/v1/reviews" });
  await app.register(auditRoutes, { prefix: "/v1/audit" });
  await app.register(adminRoutes, { prefix: "/v1/admin" });
  await app.register(lightningRoutes, { prefix: "/v1/lightning" });
  await app.register(ccipRoutes, { prefix: "/v1/ccip" });
  await app.register(webhookRoutes, { prefix: "/v1/webhooks" });
  await app.register(streamRoutes, { prefix: "/v1" });
  return app;
}
