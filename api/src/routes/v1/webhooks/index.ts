// /v1/webhooks: signed events in (POST /v1/webhooks/:source, ingress.ts).
import type { FastifyInstance } from "fastify";
import { webhookEndpointRoutes } from "./endpoints.ts";
import { webhookIngressRoutes } from "./ingress.ts";

export async function webhookRoutes(app: FastifyInstance) {
  await app.register(webhookIngressRoutes);
  await app.register(webhookEndpointRoutes);
}
