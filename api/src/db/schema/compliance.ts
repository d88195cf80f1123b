// Compliance: every decision of POST /v1/compliance/check, the record-keeping rows (actions at or
// above the policy threshold), the once-per-account-per-UTC-day large-total reports, and the
// admin denylist. Money is integer cents (bigint), never floating point.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  jsonb,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apiSchema } from "./namespace.ts";

export type RuleOutcome = "pass" | "review" | "deny";
export type RuleResult = { rule: string; outcome: RuleOutcome; detail: string };

export const complianceDecisions = apiSchema.table(
  "compliance_decisions",
  {
    id: uuid("id").primaryKey(),
    /** Checksummed address the action is for. */
    account: text("account").notNull(),
    /** "mint" | "burn" | "lightning_in" | "lightning_out" | "withdrawal". */
    action: text("action").notNull(),
    amountCents: bigint("amount_cents", { mode: "bigint" }).notNull(),
    /** Counterparties screened with the account (checksummed). */
    addresses: jsonb("addresses").$type<string[]>().notNull(),
    reference: text("reference"),
    /** What the rules decided: "allow" | "review" | "deny". */
    decision: text("decision").notNull(),
    /**
     * What holds now: "allow" | "deny", or "pending" while a review decision waits for a reviewer.
     * Daily totals and velocity count every decision whose outcome is not "deny".
     */
    outcome: text("outcome").notNull(),
    rules: jsonb("rules").$type<RuleResult[]>().notNull(),
    riskScore: doublePrecision("risk_score"),
    riskModel: text("risk_model"),
    /** "features" (scored by the model for this check) or "session" (the session's EMA). */
    riskSource: text("risk_source"),
    /** Who asked: an address or "apikey:<id>". */
    actor: text("actor").notNull(),
    /** A record-keeping row was written / this check filed the day's report. */
    recordKept: boolean("record_kept").notNull(),
    reportFiled: boolean("report_filed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [
    index("compliance_decisions_account_created_idx").on(table.account, table.createdAt),
    index("compliance_decisions_created_idx").on(table.createdAt, table.id),
    // A caller's reference (e.g. a payment hash) names one decision per account and action:
    // retried checks get the stored decision back instead of counting twice.
    uniqueIndex("compliance_decisions_reference_idx")
      .on(table.account, table.action, table.reference)
      .where(sql`${table.reference} is not null`),
  ],
);

/** Record keeping: one row per action at or above the policy's record-keeping threshold. */
export const complianceRecords = apiSchema.table(
  "compliance_records",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => complianceDecisions.id),
    account: text("account").notNull(),
    action: text("action").notNull(),
    amountCents: bigint("amount_cents", { mode: "bigint" }).notNull(),
    addresses: jsonb("addresses").$type<string[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [
    uniqueIndex("compliance_records_decision_idx").on(table.decisionId),
    index("compliance_records_account_created_idx").on(table.account, table.createdAt),
  ],
);

/** One report per account and UTC day whose non-denied total reached the report threshold. */
export const complianceReports = apiSchema.table(
  "compliance_reports",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    account: text("account").notNull(),
    /** The UTC calendar day, YYYY-MM-DD. */
    day: date("day", { mode: "string" }).notNull(),
    /** The day's total when the threshold was reached (including the triggering action). */
    totalCents: bigint("total_cents", { mode: "bigint" }).notNull(),
    /** The decision whose amount made the total reach the threshold. */
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => complianceDecisions.id),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [uniqueIndex("compliance_reports_account_day_idx").on(table.account, table.day)],
);

/** Addresses an admin barred (checks naming them are denied), beside the sanctions list file. */
export const denylist = apiSchema.table("denylist", {
  /** Checksummed address. */
  address: text("address").primaryKey(),
  reason: text("reason").notNull(),
  addedBy: text("added_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
});
