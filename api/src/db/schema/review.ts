// The review queue: a compliance decision of "review" waits here until a reviewer claims it and
// approves (the decision's outcome becomes allow) or rejects it (deny). Claims expire, so an
// abandoned item returns to the queue.
import { index, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { complianceDecisions } from "./compliance.ts";
import { apiSchema } from "./namespace.ts";

export const reviewItems = apiSchema.table(
  "review_items",
  {
    id: uuid("id").primaryKey(),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => complianceDecisions.id),
    /** The decision's account (checksummed), for events and the self-review check. */
    account: text("account").notNull(),
    /**
     * "pending" | "claimed" | "approved" | "rejected". A "claimed" row whose claim expired is
     * pending again (readers compare claim_expires_at with the clock).
     */
    status: text("status").notNull(),
    claimedBy: text("claimed_by"),
    claimedAt: timestamp("claimed_at", { withTimezone: true, mode: "date" }),
    claimExpiresAt: timestamp("claim_expires_at", { withTimezone: true, mode: "date" }),
    resolvedBy: text("resolved_by"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [
    uniqueIndex("review_items_decision_idx").on(table.decisionId),
    index("review_items_status_created_idx").on(table.status, table.createdAt, table.id),
  ],
);
