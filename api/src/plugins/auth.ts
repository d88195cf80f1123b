// Resolves `request.principal` and provides authenticate / requireRole / requireStepUp (being built).
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Role } from "../auth/types.ts";
import { forbidden, unauthorized } from "../errors.ts";

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest("principal", null);
    app.decorate("authenticate", async (request) => {
      if (!request.principal) throw unauthorized("auth.required", "Sign in or present an API key");
    });
    app.decorate("requireRole", (...roles: Role[]) => async (request) => {
      if (!request.principal) throw unauthorized("auth.required", "Sign in or present an API key");
      if (!request.principal.roles.some((role) => roles.includes(role))) {
        throw forbidden("auth.forbidden", `Requires role ${roles.join(" or ")}`);
      }
    });
    app.decorate("requireStepUp", async (request) => {
      if (!request.principal) throw unauthorized("auth.required", "Sign in or present an API key");
    });
  },
  { name: "auth", dependencies: ["config"] },
);
