// Webhook endpoints: registering, changing, rotating and removing them, test sends, and reading
// their deliveries. Every call names a scope: an account sees only its own endpoints (another's
// answers 404 webhook_endpoint.not_found, as if it did not exist); "admin" sees all of them.
// Secrets are returned once, when created or rotated; views show a prefix.
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { type EndpointSecret, webhookDeliveries, webhookEndpoints } from "../../db/schema/index.ts";
import { badRequest, conflict, notFound } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { isEventType } from "../catalogue.ts";
import type { EventLog, LoggedEvent } from "../log.ts";
import { newSecret } from "../standardWebhooks.ts";
import { checkEndpointUrl } from "./addressPolicy.ts";
import {
  type AttemptView,
  type DeliveryView,
  listAttempts,
  listDeliveries,
  retryDelivery,
} from "./deliveries.ts";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** Whose endpoints a call may see: one account's (checksummed), or every one (admins). */
export type EndpointScope = { account: string } | "admin";

export type EndpointInput = {
  url: string;
  description?: string | undefined;
  /** null or absent: every type. */
  eventTypes?: string[] | null | undefined;
};

export type EndpointChange = Partial<EndpointInput> & { status?: "enabled" | "disabled" };

export type EndpointView = {
  id: string;
  account: string | null;
  url: string;
  description: string;
  eventTypes: string[] | null;
  status: "enabled" | "disabled";
  disabledReason: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  secrets: { prefix: string; expiresAt: string | null }[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

export type WebhookEndpointStore = {
  list(scope: EndpointScope, filter?: { before?: string; limit?: number }): Promise<EndpointRow[]>;
  get(scope: EndpointScope, id: string): Promise<EndpointRow>;
  /** `account` null: an admin's endpoint, every account's events. 409 webhook_endpoint.limit. */
  create(
    account: string | null,
    input: EndpointInput,
    createdBy: string,
  ): Promise<{ endpoint: EndpointRow; secret: string }>;
  update(scope: EndpointScope, id: string, change: EndpointChange): Promise<EndpointRow>;
  remove(scope: EndpointScope, id: string): Promise<EndpointRow>;
  /** A new secret; the current ones keep signing for `overlapS` seconds. */
  rotate(
    scope: EndpointScope,
    id: string,
    overlapS: number,
  ): Promise<{ endpoint: EndpointRow; secret: string }>;
  /**
   * Logs a webhook.test event for the endpoint (only it receives it); `account` is the event's
   * account when the endpoint has none. 409 webhook_endpoint.disabled.
   */
  sendTest(scope: EndpointScope, id: string, account: string): Promise<LoggedEvent>;
  deliveries(
    scope: EndpointScope,
    id: string,
    filter: { status?: string; before?: bigint; limit: number },
  ): Promise<DeliveryView[]>;
  attempts(scope: EndpointScope, id: string, eventId: string): Promise<AttemptView[]>;
  /** A failed or dead delivery back to pending, due now, with a fresh schedule. */
  retry(scope: EndpointScope, id: string, eventId: string): Promise<DeliveryView>;
};

export type EndpointStoreOptions = {
  db: Database;
  log: EventLog;
  clock: Clock;
  /** API_WEBHOOK_ALLOW_PRIVATE: URLs on private and loopback hosts are allowed. */
  allowPrivate: boolean;
};

/** Endpoints per account (and admin endpoints in all). */
export const maxEndpointsPerAccount = 20;
/** pg_advisory_xact_lock(key, hashtext(owner)): one registration per owner at a time. */
const registrationLockKey = 0x77686b73;

/** The secrets that still sign at `now`, newest first. */
export function liveEndpointSecrets(secrets: readonly EndpointSecret[], now: Date): string[] {
  return secrets
    .filter((entry) => entry.expiresAt === null || new Date(entry.expiresAt) > now)
    .map((entry) => entry.secret);
}

export function endpointView(row: EndpointRow): EndpointView {
  return {
    id: row.id,
    account: row.account,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    status: row.status as EndpointView["status"],
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    failingSince: row.failingSince?.toISOString() ?? null,
    secrets: row.secrets.map((entry) => ({
      prefix: `${entry.secret.slice(0, 10)}…`,
      expiresAt: entry.expiresAt,
    })),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function checkEventTypes(types: string[] | null | undefined): string[] | null {
  if (types === undefined || types === null) return null;
  for (const type of types) {
    if (!isEventType(type)) {
      throw badRequest("webhook_endpoint.unknown_event_type", `Unknown event type "${type}"`);
    }
  }
  return [...new Set(types)];
}

const notFoundError = () => notFound("webhook_endpoint.not_found", "No such webhook endpoint");

export function createEndpointStore(options: EndpointStoreOptions): WebhookEndpointStore {
  const { db, log, clock, allowPrivate } = options;

  const inScope = (scope: EndpointScope) =>
    scope === "admin" ? sql`true` : eq(webhookEndpoints.account, scope.account);

  async function get(scope: EndpointScope, id: string): Promise<EndpointRow> {
    const [row] = await db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), inScope(scope)));
    if (!row) throw notFoundError();
    return row;
  }

  async function write(id: string, change: Partial<EndpointRow>): Promise<EndpointRow> {
    const [row] = await db
      .update(webhookEndpoints)
      .set({ ...change, updatedAt: clock.now() })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) throw notFoundError();
    return row;
  }

  /** Queued deliveries of the endpoint become due now (it was re-enabled or its URL fixed). */
  const resumeQueued = (id: string) =>
    db
      .update(webhookDeliveries)
      .set({ nextAt: clock.now(), updatedAt: clock.now() })
      .where(
        and(
          eq(webhookDeliveries.endpointId, id),
          or(eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.status, "failed")),
        ),
      );

  return {
    async list(scope, { before, limit = 100 } = {}) {
      const after = before
        ? sql`(${webhookEndpoints.createdAt}, ${webhookEndpoints.id}) < (select created_at, id from ${webhookEndpoints} where id = ${before})`
        : sql`true`;
      return db
        .select()
        .from(webhookEndpoints)
        .where(and(inScope(scope), after))
        .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
        .limit(limit);
    },
    get,
    async create(account, input, createdBy) {
      const url = checkEndpointUrl(input.url, allowPrivate);
      const eventTypes = checkEventTypes(input.eventTypes);
      const secret = newSecret();
      const fromCursor = await log.head();
      const endpoint = await db.transaction(async (tx) => {
        await tx.execute(
          sql`select pg_advisory_xact_lock(${registrationLockKey}, hashtext(${account ?? "*"}))`,
        );
        const [count] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(webhookEndpoints)
          .where(
            account === null
              ? isNull(webhookEndpoints.account)
              : eq(webhookEndpoints.account, account),
          );
        if ((count?.n ?? 0) >= maxEndpointsPerAccount) {
          throw conflict(
            "webhook_endpoint.limit",
            `At most ${maxEndpointsPerAccount} webhook endpoints per account; remove one first`,
            { details: { limit: maxEndpointsPerAccount } },
          );
        }
        const now = clock.now();
        const [row] = await tx
          .insert(webhookEndpoints)
          .values({
            account,
            url,
            description: input.description ?? "",
            eventTypes,
            secrets: [{ secret, expiresAt: null }],
            status: "enabled",
            fromCursor,
            createdBy,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return row!;
      });
      return { endpoint, secret };
    },
    async update(scope, id, change) {
      const current = await get(scope, id);
      const next: Partial<EndpointRow> = {};
      if (change.url !== undefined) next.url = checkEndpointUrl(change.url, allowPrivate);
      if (change.description !== undefined) next.description = change.description;
      if (change.eventTypes !== undefined) next.eventTypes = checkEventTypes(change.eventTypes);
      const reEnabled = change.status === "enabled" && current.status !== "enabled";
      if (change.status === "disabled" && current.status !== "disabled") {
        Object.assign(next, { status: "disabled", disabledReason: "manual" });
      }
      if (reEnabled) {
        // Events logged while it was disabled are not delivered; what was queued resumes.
        Object.assign(next, {
          status: "enabled",
          disabledReason: null,
          consecutiveFailures: 0,
          failingSince: null,
          fromCursor: await log.head(),
        });
      }
      const row = await write(id, next);
      if (reEnabled || (next.url !== undefined && next.url !== current.url)) await resumeQueued(id);
      return row;
    },
    async remove(scope, id) {
      const row = await get(scope, id);
      await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
      return row;
    },
    async rotate(scope, id, overlapS) {
      const current = await get(scope, id);
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + overlapS * 1000).toISOString();
      const secret = newSecret();
      const kept = current.secrets
        .filter((entry) => entry.expiresAt === null || new Date(entry.expiresAt) > now)
        .map((entry) => ({
          secret: entry.secret,
          expiresAt:
            entry.expiresAt !== null && entry.expiresAt < expiresAt ? entry.expiresAt : expiresAt,
        }));
      const endpoint = await write(id, { secrets: [{ secret, expiresAt: null }, ...kept] });
      return { endpoint, secret };
    },
    async sendTest(scope, id, account) {
      const endpoint = await get(scope, id);
      if (endpoint.status !== "enabled") {
        throw conflict(
          "webhook_endpoint.disabled",
          "The endpoint is disabled; enable it (PATCH status) to send to it",
        );
      }
      const owner = endpoint.account ?? account;
      const [appended] = await log.append([
        {
          id: `webhook.test:${randomUUID()}`,
          type: "webhook.test",
          source: "api",
          account: owner,
          payload: { account: owner, endpointId: endpoint.id },
          occurredAt: clock.now(),
        },
      ]);
      return appended!.event;
    },
    async deliveries(scope, id, filter) {
      await get(scope, id);
      return listDeliveries(db, id, filter);
    },
    async attempts(scope, id, eventId) {
      await get(scope, id);
      return listAttempts(db, id, eventId);
    },
    async retry(scope, id, eventId) {
      await get(scope, id);
      return retryDelivery(db, clock, id, eventId);
    },
  };
}
