// /v1/admin/webhook-endpoints: every account's outgoing webhook endpoints, for admins
// (endpointRoutes.ts). Endpoints registered here have no account: they receive every account's
// events and the broadcasts. A test event to one of them is logged for the admin's own address
// (the zero address for an API key).
import type { FastifyInstance } from "fastify";
import { zeroAddress } from "viem";
import { security } from "../compliance/schemas.ts";
import { registerEndpointRoutes } from "../webhooks/endpointRoutes.ts";

export async function webhookEndpointsAdminRoutes(app: FastifyInstance) {
  const admin = app.requireRole("admin");
  registerEndpointRoutes(app, {
    base: "/webhook-endpoints",
    tags: ["admin", "webhooks"],
    security,
    read: admin,
    write: admin,
    scopeOf: () => "admin",
    ownerOf: () => null,
    testAccountOf: (request) =>
      request.principal?.kind === "session" ? request.principal.address : zeroAddress,
    auditKind: (action) => `admin.webhook_endpoint_${action}`,
  });
}
