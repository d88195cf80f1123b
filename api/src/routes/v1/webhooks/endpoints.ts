// /v1/webhooks/endpoints: a signed-in account's outgoing webhook endpoints (endpointRoutes.ts).
// They receive the account's events and the broadcasts. Session principals only (403
// auth.session_required for API keys); changes need a passed step-up challenge when the session's
// risk asks for one. Registered as a scope of its own, so ingress.ts's raw-body parser (its own
// scope) never applies here.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { SessionPrincipal } from "../../../auth/types.ts";
import { forbidden } from "../../../errors.ts";
import { registerEndpointRoutes } from "./endpointRoutes.ts";

function sessionOf(request: FastifyRequest): SessionPrincipal {
  const principal = request.principal!;
  if (principal.kind !== "session") {
    throw forbidden("auth.session_required", "Webhook endpoints belong to signed-in accounts");
  }
  return principal;
}

export async function webhookEndpointRoutes(app: FastifyInstance) {
  registerEndpointRoutes(app, {
    base: "/endpoints",
    tags: ["webhooks"],
    security: [{ session: [] }],
    read: app.authenticate,
    write: app.requireStepUp,
    scopeOf: (request) => ({ account: sessionOf(request).address }),
    ownerOf: (request) => sessionOf(request).address,
    testAccountOf: (request) => sessionOf(request).address,
    auditKind: (action) => `webhook_endpoint.${action}`,
  });
}
