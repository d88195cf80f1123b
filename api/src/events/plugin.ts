// The event bus's moving parts for the routes: webhook sources (synced at start-up from
// API_INGRESS_SECRETS and API_WEBHOOK_SOURCES_FILE), the bus's metrics, and the reaction engine with
// its reactors (the paid mint when this process has the FiatMinter key). Registered after compliance
// (the paid mint runs a compliance check).
import { hostname } from "node:os";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { setUpChainFeed } from "./chain/setup.ts";
import { createEventMetrics } from "./metrics.ts";
import { setUpOutgoingWebhooks } from "./outgoing/plugin.ts";
import { createReactionEngine, type Reactor } from "./reactions.ts";
import { createFiatMintReactor } from "./reactors/fiatMint.ts";
import { createSourceRegistry, normaliseSource, readSourcesFile } from "./sources.ts";

/** What our keepers publish (API_INGRESS_SECRETS sources). */
export const keeperEventTypes = [
  "lightning.swap",
  "protocol.liquidation",
  "protocol.oracle.breaker_tripped",
  "protocol.oracle.breaker_rearmed",
  "protocol.oracle.stale",
  "protocol.fees.distributed",
  "protocol.lightning.lock_refunded",
];

export const eventsPlugin = fp(
  async (app: FastifyInstance) => {
    const sources = createSourceRegistry(app.db, app.clock);
    await sources.sync(
      "env",
      app.config.ingressSecrets.map(({ name, key }) =>
        normaliseSource(
          {
            name,
            secrets: [key],
            eventTypes: keeperEventTypes,
            broadcast: true,
            rateLimit: app.config.keeperWebhookRate,
          },
          "env",
        ),
      ),
    );
    await sources.sync(
      "file",
      app.config.webhookSourcesFile ? readSourcesFile(app.config.webhookSourcesFile) : [],
    );
    app.decorate("webhookSources", sources);

    const reactors: Reactor[] = [];
    const fiat = await createFiatMintReactor(app);
    if (fiat) reactors.push(fiat);
    const owner = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
    const engine = createReactionEngine({
      db: app.db,
      log: app.eventLog,
      clock: app.clock,
      reactors,
      owner,
      leaseMs: app.config.reactionLeaseMs,
      onError: (error, context) => app.log.error({ err: error }, `${context} failed`),
      onOutcome: (reactor, outcome, event) => {
        metrics.reactions.inc({ reactor, outcome });
        if (outcome === "done") {
          metrics.reactionLatency.observe(
            { reactor },
            (app.clock.now().getTime() - event.recordedAt.getTime()) / 1000,
          );
        }
      },
    });
    const metrics = createEventMetrics(app.metrics.registry, () => engine.counts());
    app.eventLog.onAppended((events) => {
      for (const event of events) metrics.appended.inc({ type: event.type });
      void engine.poke();
    });
    app.decorate("eventMetrics", metrics);
    app.decorate("reactions", engine);
    if (app.config.reactions) {
      app.addHook("onReady", async () => engine.start());
      app.addHook("onClose", async () => engine.stop());
    }
    // Outgoing webhooks: app.webhookEndpoints and app.webhookSender (outgoing/plugin.ts).
    const outgoing = setUpOutgoingWebhooks(app, owner);
    if (app.config.reactions) {
      app.addHook("onReady", async () => outgoing.start());
      app.addHook("onClose", async () => outgoing.stop());
    }
    // On-chain events from the indexer's feed (chain/poller.ts): app.chainFeed, null without API_INDEXER_URL.
    const chainFeed = setUpChainFeed(app, owner);
    if (chainFeed) {
      app.addHook("onReady", async () => chainFeed.start());
      app.addHook("onClose", async () => chainFeed.stop());
    }
  },
  { name: "events", dependencies: ["config", "compliance"] },
);
