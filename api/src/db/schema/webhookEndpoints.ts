// Outgoing webhooks (events/outgoing/): the endpoints accounts and admins register, one delivery per
// (endpoint, event) the dispatcher routed there, and every HTTP attempt at a delivery.
import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apiSchema } from "./namespace.ts";

export type EndpointSecret = { secret: string; expiresAt: string | null };

/**
 * Where events are POSTed, signed the Standard Webhooks way. An account's endpoint receives that
 * account's events and the broadcasts; an admin's (account null) receives every event. Disabled
 * endpoints get no new deliveries; their queued ones wait until re-enabled.
 */
export const webhookEndpoints = apiSchema.table(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    /** Checksummed owner; null: an admin's endpoint, every account's events. */
    account: text("account"),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Event types it wants; null: all of them. */
    eventTypes: text("event_types").array(),
    /** Standard Webhooks secrets (`whsec_...`), newest first; every live one signs (rotation). */
    secrets: jsonb("secrets").$type<EndpointSecret[]>().notNull(),
    /** "enabled" | "disabled". */
    status: text("status").notNull().default("enabled"),
    /** Why it is disabled: "manual", "gone" (it answered 410) or "failing". */
    disabledReason: text("disabled_reason"),
    /** Failed attempts since the last 2xx, and when that run of failures began. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    failingSince: timestamp("failing_since", { withTimezone: true }),
    /** It receives events after this cursor: the log's head when it was created or re-enabled. */
    fromCursor: bigint("from_cursor", { mode: "bigint" }).notNull(),
    /** Who registered it: an address or "apikey:<id>". */
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("webhook_endpoints_account_idx").on(table.account, table.createdAt)],
);

/**
 * One event on its way to one endpoint. pending → sending (leased) → delivered, or failed (waiting
 * for its retry at `nextAt`) → ... → dead after the last attempt. An endpoint's deliveries go out
 * one at a time in cursor order.
 */
export const webhookDeliveries = apiSchema.table(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    eventCursor: bigint("event_cursor", { mode: "bigint" }).notNull(),
    /** "pending" | "sending" | "delivered" | "failed" | "dead". */
    status: text("status").notNull(),
    /** Failed attempts so far. */
    attempts: integer("attempts").notNull().default(0),
    nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
    leasedBy: text("leased_by"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    /** The last attempt's HTTP status (null: no answer) and error. */
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_endpoint_event_idx").on(table.endpointId, table.eventId),
    index("webhook_deliveries_endpoint_cursor_idx").on(table.endpointId, table.eventCursor),
    index("webhook_deliveries_open_idx")
      .on(table.endpointId, table.eventCursor)
      .where(sql`status in ('pending', 'failed', 'sending')`),
  ],
);

/** Every HTTP attempt at a delivery, successful or not. */
export const webhookAttempts = apiSchema.table(
  "webhook_attempts",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    /** 1 for the first attempt at the delivery, 2 for its first retry, ... */
    attempt: integer("attempt").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** The HTTP status; null when there was no answer (refused, timed out, ...). */
    status: integer("status"),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    /** The first KB of the response body. */
    response: text("response"),
  },
  (table) => [index("webhook_attempts_delivery_idx").on(table.deliveryId, table.id)],
);
