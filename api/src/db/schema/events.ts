// The event bus (api/src/events/): the append-only event log every stream client, reactor and
// outgoing webhook reads by cursor; the webhook sources allowed to write to it; the reactions
// (exactly-once side effects of events, retried on a schedule, dead-lettered); the durable cursors
// of the log's consumers; and short leases that make one process the holder of a shared resource.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { apiSchema } from "./namespace.ts";

/**
 * Every event, once, in commit order. Appends are serialised (a transaction-scoped advisory lock),
 * so a reader that has seen cursor N has seen every event below N: reading `cursor > last` never
 * skips one. A trigger (in the migration) refuses UPDATE, DELETE and TRUNCATE.
 */
export const eventLog = apiSchema.table(
  "event_log",
  {
    cursor: bigint("cursor", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Globally unique: a webhook's event is `<source>:<webhook-id>`, ours are deterministic. */
    id: text("id").notNull(),
    type: text("type").notNull(),
    version: integer("version").notNull(),
    /** A webhook source's name, "api", "keeper" or "chain:<chain id>". */
    source: text("source").notNull(),
    /** Checksummed account the event concerns; null: everyone's (a fact about the protocol). */
    account: text("account"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
    /** The `webhook-id` it arrived under: idempotency per source, forever. */
    webhookId: text("webhook_id"),
  },
  (table) => [
    uniqueIndex("event_log_id_idx").on(table.id),
    uniqueIndex("event_log_webhook_idx").on(table.source, table.webhookId),
    index("event_log_account_idx").on(table.account, table.cursor),
    index("event_log_type_idx").on(table.type, table.cursor),
    index("event_log_occurred_idx").on(table.occurredAt),
  ],
);

/** Who may post to /v1/webhooks/:source, with which secrets, event types and accounts. */
export const webhookSources = apiSchema.table("webhook_sources", {
  name: text("name").primaryKey(),
  /** Standard Webhooks secrets (`whsec_...`); several during a rotation, each may expire. */
  secrets: jsonb("secrets").$type<{ secret: string; expiresAt: string | null }[]>().notNull(),
  /** Event types it may publish. */
  eventTypes: text("event_types").array().notNull(),
  /** Checksummed accounts it may publish for; null: any account. */
  accounts: text("accounts").array(),
  /** May publish events with no account (broadcasts). */
  broadcast: boolean("broadcast").notNull().default(false),
  /** Requests per second per client IP. */
  rateLimit: integer("rate_limit").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  /** "file" (API_WEBHOOK_SOURCES_FILE, rewritten at start-up), "env" or "admin". */
  managedBy: text("managed_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** A consumer's position in the log (reaction dispatch, outgoing webhook dispatch, ...). */
export const eventConsumers = apiSchema.table("event_consumers", {
  name: text("name").primaryKey(),
  cursor: bigint("cursor", { mode: "bigint" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/**
 * One reactor's handling of one event. pending (due at `nextAt`) → running (leased until
 * `leaseUntil`) → done, or back to pending after a failure, or dead after the last retry.
 */
export const reactions = apiSchema.table(
  "reactions",
  {
    reactor: text("reactor").notNull(),
    eventId: text("event_id").notNull(),
    eventCursor: bigint("event_cursor", { mode: "bigint" }).notNull(),
    status: text("status").notNull(),
    /** Failed attempts so far (a wait, e.g. for a review, is not a failure). */
    attempts: integer("attempts").notNull().default(0),
    nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
    leasedBy: text("leased_by"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastError: text("last_error"),
    /** What the reactor did (e.g. the mint's transaction); its own progress while running. */
    state: jsonb("state").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.reactor, table.eventId] }),
    index("reactions_due_idx").on(table.status, table.nextAt),
    index("reactions_cursor_idx").on(table.eventCursor),
  ],
);

/** A named lease: at most one holder until it expires (e.g. the fiat minter's signing key). */
export const leases = apiSchema.table("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  until: timestamp("until", { withTimezone: true }).notNull(),
});
