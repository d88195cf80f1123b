// The review queue: listing, claiming and resolving the review items that "review" compliance
// decisions create. Claims and resolutions lock the item's row, so two reviewers cannot both win;
// a resolution also takes the account's compliance lock because it changes what counts toward the
// account's totals (a rejected decision stops counting).
import { and, asc, desc, eq, gt, lte, or, type SQL, sql } from "drizzle-orm";
import type { AuditLog } from "../audit/auditLog.ts";
import { lockAccount } from "../compliance/accountLock.ts";
import { decodeCursor, encodeCursor } from "../compliance/cursor.ts";
import {
  type DecisionView,
  decisionView,
  type ReviewSummary,
  reviewSummary,
} from "../compliance/decisions.ts";
import type { Database } from "../db/client.ts";
import { complianceDecisions } from "../db/schema/compliance.ts";
import { reviewItems } from "../db/schema/review.ts";
import { conflict, forbidden, notFound } from "../errors.ts";
import type { Clock } from "../lib/clock.ts";
import type { EventBus } from "../stream/eventBus.ts";
import { claimTtlMs, type ReviewStatus, reviewStatusAt } from "./status.ts";

export type ReviewView = ReviewSummary & {
  decisionId: string;
  account: string;
  claimedAt: string | null;
  createdAt: string;
  decision: DecisionView;
};

export type ReviewDeps = { db: Database; clock: Clock; audit: AuditLog; events: EventBus };

type Row = {
  review: typeof reviewItems.$inferSelect;
  decision: typeof complianceDecisions.$inferSelect;
};

function view(row: Row, now: Date): ReviewView {
  return {
    ...reviewSummary(row.review, now),
    decisionId: row.review.decisionId,
    account: row.review.account,
    claimedAt: row.review.claimedAt?.toISOString() ?? null,
    createdAt: row.review.createdAt.toISOString(),
    decision: decisionView(row.decision, row.review, now),
  };
}

function statusCondition(status: ReviewStatus, now: Date): SQL | undefined {
  const lapsed = and(eq(reviewItems.status, "claimed"), lte(reviewItems.claimExpiresAt, now));
  if (status === "pending") return or(eq(reviewItems.status, "pending"), lapsed);
  if (status === "claimed") {
    return and(eq(reviewItems.status, "claimed"), gt(reviewItems.claimExpiresAt, now));
  }
  return eq(reviewItems.status, status);
}

/** Open items (pending, claimed) oldest first — a queue; resolved ones newest first. */
export async function listReviews(
  db: Database,
  options: { status: ReviewStatus; limit: number; cursor?: string },
  now: Date,
) {
  const open = options.status === "pending" || options.status === "claimed";
  const conditions = [statusCondition(options.status, now)];
  if (options.cursor) {
    const cursor = decodeCursor(options.cursor);
    const key = sql`(${reviewItems.createdAt}, ${reviewItems.id})`;
    const at = sql`(${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
    conditions.push(open ? sql`${key} > ${at}` : sql`${key} < ${at}`);
  }
  const order = open
    ? [asc(reviewItems.createdAt), asc(reviewItems.id)]
    : [desc(reviewItems.createdAt), desc(reviewItems.id)];
  const rows = await db
    .select({ review: reviewItems, decision: complianceDecisions })
    .from(reviewItems)
    .innerJoin(complianceDecisions, eq(complianceDecisions.id, reviewItems.decisionId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => view(row, now)),
    nextCursor:
      rows.length > options.limit && last
        ? encodeCursor(last.review.createdAt, last.review.id)
        : null,
  };
}

export async function getReview(db: Database, id: string, now: Date): Promise<ReviewView> {
  const [row] = await db
    .select({ review: reviewItems, decision: complianceDecisions })
    .from(reviewItems)
    .innerJoin(complianceDecisions, eq(complianceDecisions.id, reviewItems.decisionId))
    .where(eq(reviewItems.id, id));
  if (!row) throw notFound("review.not_found", "No such review item");
  return view(row, now);
}

type Executor = Parameters<Parameters<Database["transaction"]>[0]>[0];

async function lockItem(tx: Executor, id: string) {
  const [row] = await tx.select().from(reviewItems).where(eq(reviewItems.id, id)).for("update");
  if (!row) throw notFound("review.not_found", "No such review item");
  if (row.status === "approved" || row.status === "rejected") {
    throw conflict("review.already_resolved", `The review was already ${row.status}`, {
      details: { status: row.status, resolvedBy: row.resolvedBy },
    });
  }
  return row;
}

/**
 * Claims (or re-claims, extending) an open item for `actor` for 30 minutes. 409
 * review.already_claimed while someone else's claim runs; 403 review.own_account when the
 * reviewer would decide on their own account's action.
 */
export async function claimReview(
  deps: ReviewDeps,
  claim: { id: string; actor: string },
): Promise<ReviewView> {
  await deps.db.transaction(async (tx) => {
    const row = await lockItem(tx, claim.id);
    const now = deps.clock.now();
    if (row.account.toLowerCase() === claim.actor.toLowerCase()) {
      throw forbidden("review.own_account", "Reviewers cannot review their own account's actions");
    }
    if (reviewStatusAt(row, now) === "claimed" && row.claimedBy !== claim.actor) {
      throw conflict("review.already_claimed", "Another reviewer holds the claim", {
        details: { claimedBy: row.claimedBy, claimExpiresAt: row.claimExpiresAt?.toISOString() },
      });
    }
    const expiresAt = new Date(now.getTime() + claimTtlMs);
    await tx
      .update(reviewItems)
      .set({ status: "claimed", claimedBy: claim.actor, claimedAt: now, claimExpiresAt: expiresAt })
      .where(eq(reviewItems.id, claim.id));
    await deps.audit.append(
      {
        kind: "review.claimed",
        actor: claim.actor,
        subject: claim.id,
        data: {
          reviewId: claim.id,
          decisionId: row.decisionId,
          claimExpiresAt: expiresAt.toISOString(),
        },
      },
      tx,
    );
  });
  return getReview(deps.db, claim.id, deps.clock.now());
}

/**
 * Approves (decision outcome → allow) or rejects (→ deny) a claimed item. Only the holder of an
 * unexpired claim may resolve: 403 review.not_claimer otherwise.
 */
export async function resolveReview(
  deps: ReviewDeps,
  resolution: { id: string; actor: string; outcome: "approved" | "rejected"; reason: string },
): Promise<ReviewView> {
  const resolved = await deps.db.transaction(async (tx) => {
    const row = await lockItem(tx, resolution.id);
    const now = deps.clock.now();
    if (reviewStatusAt(row, now) !== "claimed" || row.claimedBy !== resolution.actor) {
      const lapsed = row.claimedBy === resolution.actor;
      throw forbidden(
        "review.not_claimer",
        lapsed
          ? "Your claim expired; claim the review again"
          : "Claim the review before resolving it",
        { details: { claimExpired: lapsed } },
      );
    }
    await lockAccount(tx, row.account);
    const decisionOutcome = resolution.outcome === "approved" ? "allow" : "deny";
    await tx
      .update(reviewItems)
      .set({
        status: resolution.outcome,
        resolvedBy: resolution.actor,
        resolvedAt: now,
        reason: resolution.reason,
      })
      .where(eq(reviewItems.id, resolution.id));
    await tx
      .update(complianceDecisions)
      .set({ outcome: decisionOutcome })
      .where(eq(complianceDecisions.id, row.decisionId));
    await deps.audit.append(
      {
        kind: `review.${resolution.outcome}`,
        actor: resolution.actor,
        subject: row.account,
        data: {
          reviewId: resolution.id,
          decisionId: row.decisionId,
          outcome: resolution.outcome,
          decisionOutcome,
          reason: resolution.reason,
        },
      },
      tx,
    );
    return { row, now, decisionOutcome };
  });
  await deps.events.publish({
    kind: "review.resolved",
    account: resolved.row.account,
    at: resolved.now.toISOString(),
    data: {
      reviewId: resolution.id,
      decisionId: resolved.row.decisionId,
      outcome: resolution.outcome,
      decisionOutcome: resolved.decisionOutcome,
      reason: resolution.reason,
    },
  });
  return getReview(deps.db, resolution.id, deps.clock.now());
}
