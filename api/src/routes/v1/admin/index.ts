// /v1/admin: administration, admins only (each module applies app.requireRole("admin") as a
// preParsing hook: after rate limiting, before the body is read or validated).
import type { FastifyInstance } from "fastify";
import { apiKeysAdminRoutes } from "./apiKeys.ts";
import { denylistAdminRoutes } from "./denylist.ts";
import { eventsAdminRoutes } from "./events.ts";
import { keepersAdminRoutes } from "./keepers.ts";
import { kycAdminRoutes } from "./kyc.ts";
import { rolesAdminRoutes } from "./roles.ts";
import { sanctionsAdminRoutes } from "./sanctions.ts";
import { webhookEndpointsAdminRoutes } from "./webhookEndpoints.ts";
import { webhookSourcesAdminRoutes } from "./webhookSources.ts";

export async function adminRoutes(app: FastifyInstance) {
  await app.register(apiKeysAdminRoutes);
  await app.register(rolesAdminRoutes);
  await app.register(kycAdminRoutes);
  await app.register(sanctionsAdminRoutes);
  await app.register(denylistAdminRoutes);
  await app.register(keepersAdminRoutes);
  await app.register(eventsAdminRoutes);
  await app.register(webhookSourcesAdminRoutes);
  await app.register(webhookEndpointsAdminRoutes);
}
