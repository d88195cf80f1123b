// Resolves `request.principal` on every request (before rate limiting, which keys on it) from
// `Authorization: Bearer <session token>` or `x-api-key`, and provides the authenticate /
// requireRole / requireStepUp preHandlers. Bad credentials fail only routes that need a principal.
// Role checks run before body parsing and validation (see the onRoute hook below).
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { createSessionActivity } from "../auth/activity.ts";
import { sweepNonces } from "../auth/nonces.ts";
import {
  type LoadedSession,
  loadSession,
  resolveApiKey,
  serviceKeyIndex,
  toSessionPrincipal,
  touchSession,
} from "../auth/principal.ts";
import { isScoreDue, rescoreDueSessions, rescoreSession } from "../auth/sessionRisk.ts";
import type { Role } from "../auth/types.ts";
import { ApiError, forbidden, unauthorized } from "../errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Why the presented credentials were rejected; thrown by authenticate. */
    authFailure: ApiError | null;
  }
  interface FastifyContextConfig {
    /** Also accept the session token as `?token=` (WebSocket upgrades cannot set headers). */
    tokenInQuery?: boolean;
  }
}

const sweepIntervalMs = 60_000;

/** Marks the hooks requireRole makes, so onRoute can move them to preParsing. */
const roleGuard = Symbol("roleGuard");

function isRoleGuard(hook: unknown): boolean {
  return typeof hook === "function" && roleGuard in hook;
}

function toArray(hooks: unknown): unknown[] {
  if (hooks === undefined || hooks === null) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}

function bearerOf(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : null;
  }
  if (request.routeOptions.config?.tokenInQuery) {
    const token = new URL(request.url, "http://local").searchParams.get("token");
    if (token) return token;
  }
  return undefined;
}

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    const serviceKeys = serviceKeyIndex(app.config.serviceKeys);
    // Concurrent requests of one session share a single lazy rescoring.
    const rescoring = new Map<string, Promise<LoadedSession>>();

    app.decorate("sessionActivity", createSessionActivity());
    app.decorateRequest("principal", null);
    app.decorateRequest("authFailure", null);

    async function rescoreIfDue(loaded: LoadedSession): Promise<LoadedSession> {
      if (!isScoreDue(loaded.row, app.clock.now())) return loaded;
      let pending = rescoring.get(loaded.row.id);
      if (!pending) {
        pending = rescoreSession(app, loaded.row)
          .then((row) => ({ ...loaded, row }))
          .finally(() => rescoring.delete(loaded.row.id));
        rescoring.set(loaded.row.id, pending);
      }
      return pending;
    }

    async function resolve(request: FastifyRequest) {
      const apiKey = request.headers["x-api-key"];
      if (typeof apiKey === "string" && apiKey !== "") {
        request.principal = await resolveApiKey(app, serviceKeys, apiKey);
        return;
      }
      const token = bearerOf(request);
      if (token === undefined) return;
      if (token === null) {
        throw unauthorized("auth.session_invalid", "Authorization must be `Bearer <token>`");
      }
      let loaded = await loadSession(app, token);
      loaded = await rescoreIfDue(loaded);
      if (loaded.row.status === "blocked") {
        throw forbidden("auth.session_blocked", "Session blocked by risk controls", {
          details: { sessionId: loaded.row.id },
        });
      }
      await touchSession(app, loaded.row);
      app.sessionActivity.request(loaded.row.id, app.clock.now().getTime());
      request.principal = toSessionPrincipal(app, loaded);
    }

    app.addHook("onRequest", async (request) => {
      try {
        await resolve(request);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        request.authFailure = error;
      }
    });

    const authenticate = async (request: FastifyRequest) => {
      if (request.authFailure) throw request.authFailure;
      if (!request.principal) throw unauthorized("auth.required", "Sign in or present an API key");
    };
    app.decorate("authenticate", authenticate);

    app.decorate("requireRole", (...roles: Role[]) =>
      Object.assign(
        async (request: FastifyRequest) => {
          await authenticate(request);
          if (!request.principal!.roles.some((role) => roles.includes(role))) {
            throw forbidden("auth.forbidden", `Requires role ${roles.join(" or ")}`);
          }
        },
        { [roleGuard]: true },
      ),
    );

    // Authorize first: a role guard runs as a preParsing hook — after the onRequest hooks (the
    // principal, rate limits), before the body is read, parsed and validated — wherever the route
    // put it (preValidation, preHandler). Otherwise a caller without the role gets the route's 400
    // with its schema, or "not valid JSON", instead of 403.
    app.addHook("onRoute", (route) => {
      const options = route as unknown as Record<string, unknown>;
      const hoisted: unknown[] = [];
      for (const name of ["preValidation", "preHandler"]) {
        const hooks = toArray(options[name]);
        if (!hooks.some(isRoleGuard)) continue;
        hoisted.push(...hooks.filter(isRoleGuard));
        options[name] = hooks.filter((hook) => !isRoleGuard(hook));
      }
      if (hoisted.length > 0) options.preParsing = [...hoisted, ...toArray(options.preParsing)];
    });

    app.decorate("requireStepUp", async (request: FastifyRequest) => {
      await authenticate(request);
      const principal = request.principal!;
      if (principal.kind !== "session") return;
      if (principal.status === "challenge_required") {
        throw forbidden(
          "auth.challenge_required",
          "Risk is elevated: pass a SIWE challenge (POST /v1/auth/challenge) first",
          { details: { sessionId: principal.sessionId, risk: principal.risk } },
        );
      }
      app.sessionActivity.action(principal.sessionId, app.clock.now().getTime());
    });

    // The sweep expires idle sessions and rescores stale ones (it needs the risk model, which
    // registers after this plugin, so it starts once the app is ready), and deletes expired
    // SIWE nonces so their table stays bounded.
    let sweep: NodeJS.Timeout | undefined;
    app.addHook("onReady", async () => {
      sweep = setInterval(() => {
        rescoreDueSessions(app).catch((error: unknown) =>
          app.log.error({ err: error }, "session sweep failed"),
        );
        sweepNonces(app).catch((error: unknown) =>
          app.log.error({ err: error }, "nonce sweep failed"),
        );
      }, sweepIntervalMs);
      sweep.unref();
    });
    app.addHook("onClose", async () => clearInterval(sweep));
  },
  { name: "auth", dependencies: ["config"] },
);
