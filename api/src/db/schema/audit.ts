// The append-only audit log. Each row's hash covers its content and the previous row's hash, so
// editing or deleting any row breaks the chain from that row on. A trigger (in the migration)
// rejects UPDATE and DELETE; the chain catches whoever gets around it.
import { bigint, jsonb, text, timestamp } from "drizzle-orm/pg-core";
import { apiSchema } from "./namespace.ts";

export const auditLog = apiSchema.table("audit_log", {
  /** 1, 2, 3, ... without gaps: appends are serialised. */
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true, mode: "string" }).notNull(),
  /** What happened, e.g. "compliance.decision", "review.approved", "admin.api_key_created". */
  kind: text("kind").notNull(),
  /** Who did it: an address, "apikey:<id>" or "system". */
  actor: text("actor").notNull(),
  /** What it concerns (account address, review id, ...). */
  subject: text("subject"),
  data: jsonb("data").$type<Record<string, unknown>>().notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});
