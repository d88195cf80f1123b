// Reading stored compliance decisions: one by id (with its review, for the keepers that poll a
// decision waiting for a reviewer) and pages of an account's decisions, newest first.
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { complianceDecisions, type RuleResult } from "../db/schema/compliance.ts";
import { reviewItems } from "../db/schema/review.ts";
import { reviewStatusAt } from "../review/status.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { centsToUsd } from "./money.ts";
import { reasonsOf } from "./rules.ts";

type DecisionRow = typeof complianceDecisions.$inferSelect;
type ReviewRow = typeof reviewItems.$inferSelect;

export type ReviewSummary = {
  id: string;
  status: "pending" | "claimed" | "approved" | "rejected";
  claimedBy: string | null;
  claimExpiresAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  reason: string | null;
};

export type DecisionView = {
  id: string;
  account: string;
  action: string;
  amountUsd: string;
  addresses: string[];
  reference: string | null;
  decision: string;
  /** What holds now: allow, deny, or pending while the review is open. */
  outcome: string;
  rules: RuleResult[];
  reasons: string[];
  risk: { score: number; model: string; source: string } | null;
  recordKept: boolean;
  reportFiled: boolean;
  actor: string;
  createdAt: string;
  review: ReviewSummary | null;
};

export function reviewSummary(row: ReviewRow, now: Date): ReviewSummary {
  return {
    id: row.id,
    status: reviewStatusAt(row, now),
    claimedBy: row.claimedBy,
    claimExpiresAt: row.claimExpiresAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    reason: row.reason,
  };
}

export function decisionView(row: DecisionRow, review: ReviewRow | null, now: Date): DecisionView {
  return {
    id: row.id,
    account: row.account,
    action: row.action,
    amountUsd: centsToUsd(row.amountCents),
    addresses: row.addresses,
    reference: row.reference,
    decision: row.decision,
    outcome: row.outcome,
    rules: row.rules,
    reasons: reasonsOf(row.rules),
    risk:
      row.riskScore === null
        ? null
        : { score: row.riskScore, model: row.riskModel ?? "", source: row.riskSource ?? "" },
    recordKept: row.recordKept,
    reportFiled: row.reportFiled,
    actor: row.actor,
    createdAt: row.createdAt.toISOString(),
    review: review ? reviewSummary(review, now) : null,
  };
}

export async function getDecision(db: Database, id: string, now: Date) {
  const [row] = await db
    .select({ decision: complianceDecisions, review: reviewItems })
    .from(complianceDecisions)
    .leftJoin(reviewItems, eq(reviewItems.decisionId, complianceDecisions.id))
    .where(eq(complianceDecisions.id, id));
  return row ? decisionView(row.decision, row.review, now) : null;
}

/** Newest first; `account` undefined lists every account (privileged callers only). */
export async function listDecisions(
  db: Database,
  options: { account?: string; limit: number; cursor?: string },
  now: Date,
) {
  const conditions: SQL[] = [];
  if (options.account) conditions.push(eq(complianceDecisions.account, options.account));
  if (options.cursor) {
    const cursor = decodeCursor(options.cursor);
    conditions.push(
      sql`(${complianceDecisions.createdAt}, ${complianceDecisions.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  const rows = await db
    .select({ decision: complianceDecisions, review: reviewItems })
    .from(complianceDecisions)
    .leftJoin(reviewItems, eq(reviewItems.decisionId, complianceDecisions.id))
    .where(and(...conditions))
    .orderBy(desc(complianceDecisions.createdAt), desc(complianceDecisions.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => decisionView(row.decision, row.review, now)),
    nextCursor:
      rows.length > options.limit && last
        ? encodeCursor(last.decision.createdAt, last.decision.id)
        : null,
  };
}
