// Event ids received through the signed ingress (lightning/ingress.ts), per source: delivery is at
// least once, and a batch resent after an API restart must not reach stream clients twice.
import { index, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { apiSchema } from "./namespace.ts";

export const ingressEvents = apiSchema.table(
  "ingress_events",
  {
    /** The API_INGRESS_SECRETS name that signed the batch. */
    source: text("source").notNull(),
    eventId: text("event_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.source, table.eventId] }),
    index("ingress_events_received_at_idx").on(table.receivedAt),
  ],
);
