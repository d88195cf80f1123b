// Turns presented credentials into a Principal: a session token (Authorization: Bearer) or an
// API key (x-api-key; database keys and API_SERVICE_KEYS). Each failure has its own code.
import { and, eq, isNull, lt } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { accounts, apiKeys, sessions } from "../db/schema/index.ts";
import { forbidden, unauthorized } from "../errors.ts";
import { effectiveRoles } from "./roles.ts";
import { endSession, idleTimeoutMs } from "./sessionLifecycle.ts";
import type { SessionRow } from "./sessionView.ts";
import { sha256Hex } from "./tokens.ts";
import type { ApiKeyPrincipal, Role, SessionPrincipal, SessionStatus } from "./types.ts";

/** Writes of last_seen_at / last_used_at are skipped when the stored value is this fresh. */
export const touchIntervalMs = 5_000;

export type LoadedSession = { row: SessionRow; accountRole: string | null };

/** Finds the live session of a bearer token; expires it when idle, rejects ended/blocked ones. */
export async function loadSession(app: FastifyInstance, token: string): Promise<LoadedSession> {
  const [found] = await app.db
    .select({ row: sessions, accountRole: accounts.role })
    .from(sessions)
    .leftJoin(accounts, eq(accounts.address, sessions.address))
    .where(eq(sessions.tokenHash, sha256Hex(token)))
    .limit(1);
  if (!found || found.row.status === "terminated") {
    throw unauthorized("auth.session_invalid", "Unknown or terminated session; sign in again");
  }
  const { row } = found;
  if (row.status === "expired") {
    throw unauthorized("auth.session_expired", "Session expired after inactivity; sign in again");
  }
  if (row.status === "blocked") {
    throw forbidden("auth.session_blocked", "Session blocked by risk controls", {
      details: { sessionId: row.id },
    });
  }
  const now = app.clock.now();
  if (now.getTime() - row.lastSeenAt.getTime() >= idleTimeoutMs) {
    await endSession(app, row.id, "expired", "idle", "system");
    throw unauthorized("auth.session_expired", "Session expired after inactivity; sign in again");
  }
  return found;
}

export function toSessionPrincipal(
  app: FastifyInstance,
  { row, accountRole }: LoadedSession,
): SessionPrincipal {
  return {
    kind: "session",
    sessionId: row.id,
    address: row.address as `0x${string}`,
    roles: effectiveRoles(row.address, accountRole, app.config.admins),
    status: row.status as SessionStatus,
    risk: { score: row.riskScore, ema: row.riskEma, band: row.riskBand },
  };
}

/** Records activity at most once per touchIntervalMs per session (not a write per request). */
export async function touchSession(app: FastifyInstance, row: SessionRow): Promise<void> {
  const now = app.clock.now();
  if (now.getTime() - row.lastSeenAt.getTime() < touchIntervalMs) return;
  await app.db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(and(eq(sessions.id, row.id), lt(sessions.lastSeenAt, now)));
}

/** sha256(key) → name of the bootstrap keys from API_SERVICE_KEYS. */
export function serviceKeyIndex(keys: readonly { name: string; key: string }[]) {
  return new Map(keys.map(({ name, key }) => [sha256Hex(key), name]));
}

export async function resolveApiKey(
  app: FastifyInstance,
  serviceKeys: Map<string, string>,
  key: string,
): Promise<ApiKeyPrincipal> {
  const hash = sha256Hex(key);
  const serviceName = serviceKeys.get(hash);
  if (serviceName !== undefined) {
    return { kind: "apiKey", keyId: `env:${serviceName}`, name: serviceName, roles: ["service"] };
  }
  const [row] = await app.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) throw unauthorized("auth.api_key_invalid", "Unknown or revoked API key");
  const now = app.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= touchIntervalMs) {
    await app.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { kind: "apiKey", keyId: row.id, name: row.name, roles: row.roles as Role[] };
}
