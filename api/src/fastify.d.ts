// The decorations every plugin and route can rely on (see app.ts for where each comes from).
import type { preHandlerAsyncHookHandler } from "fastify";
import type { Transport } from "viem";
import type { AppHooks } from "./app.ts";
import type { AuditLog } from "./audit/auditLog.ts";
import type { Principal, Role } from "./auth/types.ts";
import type { Config } from "./config.ts";
import type { Database, DatabaseHandle } from "./db/client.ts";
import type { ChainFeed } from "./events/chain/poller.ts";
import type { EventLog } from "./events/log.ts";
import type { EventMetrics } from "./events/metrics.ts";
import type { WebhookEndpointStore } from "./events/outgoing/endpoints.ts";
import type { WebhookSender } from "./events/outgoing/sender.ts";
import type { ReactionEngine } from "./events/reactions.ts";
import type { Source, SourceRegistry } from "./events/sources.ts";
import type { LogTail } from "./events/tail.ts";
import type { Clock } from "./lib/clock.ts";
import type { Metrics } from "./plugins/metrics.ts";
import type { RiskScorer } from "./risk/types.ts";
import type { EventBus } from "./stream/eventBus.ts";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    /** How reactors reach the chain (app.ts). */
    chainTransport: Transport;
    /** Test seams (app.ts); empty in production. */
    hooks: AppHooks;
    db: Database;
    database: DatabaseHandle;
    clock: Clock;
    audit: AuditLog;
    events: EventBus;
    /** The durable event log (events/log.ts) and this process's tail of it (events/tail.ts). */
    eventLog: EventLog;
    tail: LogTail;
    /** Webhook sources (events/sources.ts), reactions and the bus's metrics (events/plugin.ts). */
    webhookSources: SourceRegistry;
    reactions: ReactionEngine;
    eventMetrics: EventMetrics;
    /** On-chain events from the indexer's feed onto the log (events/chain/); null without API_INDEXER_URL. */
    chainFeed: ChainFeed | null;
    /** Outgoing webhooks: endpoints and deliveries, and this process's sender (events/outgoing/). */
    webhookEndpoints: WebhookEndpointStore;
    webhookSender: WebhookSender;
    metrics: Metrics;
    /** The ONNX risk model (plugins/risk.ts). */
    risk: RiskScorer;
    /** preHandler: 401 auth.required unless a valid session or API key is presented. */
    authenticate: preHandlerAsyncHookHandler;
    /** preHandler: authenticate, then 403 auth.forbidden unless the principal has one of the roles. */
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
    /**
     * preHandler for sensitive actions: authenticate, then 403 auth.challenge_required when the
     * session's risk reached 0.6 and no fresh SIWE challenge was passed since (API keys pass).
     */
    requireStepUp: preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The source of a /v1/webhooks/:source request, once admitted. */
    webhookSource?: Source;
  }
}
