// Outgoing webhooks in the app (called by events/plugin.ts): the endpoint store the routes use
// (app.webhookEndpoints) and this process's sender (app.webhookSender), which wakes on every event
// the tail sees (ours and other processes') and on a 1 s poll for retries that came due. It counts
// attempts on fluxion_webhook_deliveries_total and audits an endpoint the sender disabled.
import type { FastifyInstance } from "fastify";
import { createEndpointStore } from "./endpoints.ts";
import { createWebhookSender } from "./sender.ts";

export type OutgoingWebhooks = { start(): void; stop(): Promise<void> };

export function setUpOutgoingWebhooks(app: FastifyInstance, owner: string): OutgoingWebhooks {
  const allowPrivate = app.config.webhookAllowPrivate;
  app.decorate(
    "webhookEndpoints",
    createEndpointStore({ db: app.db, log: app.eventLog, clock: app.clock, allowPrivate }),
  );
  const sender = createWebhookSender({
    db: app.db,
    log: app.eventLog,
    clock: app.clock,
    owner,
    allowPrivate,
    onError: (error, context) => app.log.error({ err: error }, `${context} failed`),
    onOutcome: (endpoint, outcome) => app.eventMetrics.deliveries.inc({ endpoint, outcome }),
    onDisabled: (endpoint, reason) => {
      app.log.warn({ endpoint, reason }, "webhook endpoint disabled");
      app.audit
        .append({
          kind: "webhook_endpoint.disabled",
          actor: "system",
          subject: endpoint,
          data: { reason },
        })
        .catch((error: unknown) => app.log.error({ err: error }, "audit of a disabled endpoint"));
    },
  });
  app.decorate("webhookSender", sender);
  let unsubscribe: (() => void) | undefined;
  return {
    start() {
      unsubscribe = app.tail.subscribeAll(() => void sender.poke());
      sender.start();
    },
    async stop() {
      unsubscribe?.();
      await sender.stop();
    },
  };
}
