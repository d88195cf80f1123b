// One compliance check, start to finish: under the account's advisory lock and in one transaction
// it gathers the facts (denylist, KYC tier, today's total, recent actions), applies the rules,
// stores the decision with its record-keeping row, daily report and review item as they apply,
// and appends the audit entry. The event is published only after the commit.
import { randomUUID } from "node:crypto";
import { and, eq, gt, gte, inArray, lt, lte, ne, sql } from "drizzle-orm";
import type { AuditLog } from "../audit/auditLog.ts";
import type { Database } from "../db/client.ts";
import { accounts } from "../db/schema/auth.ts";
import {
  complianceDecisions,
  complianceRecords,
  complianceReports,
  denylist,
  type RuleResult,
} from "../db/schema/compliance.ts";
import { reviewItems } from "../db/schema/review.ts";
import { conflict } from "../errors.ts";
import type { Clock } from "../lib/clock.ts";
import type { EventBus } from "../stream/eventBus.ts";
import { lockAccount, type Tx } from "./accountLock.ts";
import { centsToUsd } from "./money.ts";
import type { CompliancePolicy } from "./policy.ts";
import { type Decision, evaluateRules, type RiskInput, reasonsOf } from "./rules.ts";
import type { SanctionsList } from "./sanctionsList.ts";

/** fiat_in: a fiat payment's mint (PAYMENT_RECEIVED, events/reactors/fiatMint.ts). */
export const actions = [
  "mint",
  "burn",
  "lightning_in",
  "lightning_out",
  "withdrawal",
  "fiat_in",
] as const;
export type Action = (typeof actions)[number];

export type CheckInput = {
  /** Checksummed. */
  account: string;
  action: Action;
  amountCents: bigint;
  /** Checksummed counterparties. */
  addresses: string[];
  reference: string | null;
  risk: RiskInput | null;
  /** Audit actor of the caller ("0x..." or "apikey:<id>"). */
  actor: string;
};

export type CheckResult = {
  id: string;
  decision: Decision;
  /** What holds now: allow / deny, or pending while a review waits. */
  outcome: "allow" | "deny" | "pending";
  /** True when the caller's reference named an earlier decision, which is returned unchanged. */
  replayed: boolean;
  rules: RuleResult[];
  reasons: string[];
  risk: RiskInput | null;
  recordKept: boolean;
  reportFiled: boolean;
  reviewId: string | null;
  createdAt: string;
};

export type CheckDeps = {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  events: EventBus;
  policy: CompliancePolicy;
  sanctions: Pick<SanctionsList, "screen">;
};

const dayMs = 86_400_000;

/** [start, end) of the UTC calendar day containing `at`, and its YYYY-MM-DD name. */
export function utcDay(at: Date): { start: Date; end: Date; name: string } {
  const start = new Date(Math.floor(at.getTime() / dayMs) * dayMs);
  return { start, end: new Date(start.getTime() + dayMs), name: start.toISOString().slice(0, 10) };
}

async function gatherFacts(tx: Tx, deps: CheckDeps, input: CheckInput, now: Date) {
  const screened = [...new Set([input.account, ...input.addresses])];
  const day = utcDay(now);
  const counted = and(
    eq(complianceDecisions.account, input.account),
    ne(complianceDecisions.outcome, "deny"),
  );
  // One query at a time: a transaction is one connection.
  const denied = await tx
    .select({ address: denylist.address, reason: denylist.reason })
    .from(denylist)
    .where(inArray(denylist.address, screened));
  const [account] = await tx
    .select({ kycTier: accounts.kycTier })
    .from(accounts)
    .where(eq(accounts.address, input.account));
  const [today] = await tx
    .select({ total: sql<string>`coalesce(sum(${complianceDecisions.amountCents}), 0)::text` })
    .from(complianceDecisions)
    .where(
      and(
        counted,
        gte(complianceDecisions.createdAt, day.start),
        lt(complianceDecisions.createdAt, day.end),
      ),
    );
  const [recent] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(complianceDecisions)
    .where(
      and(
        counted,
        gt(complianceDecisions.createdAt, new Date(now.getTime() - deps.policy.velocity.windowMs)),
        lte(complianceDecisions.createdAt, now),
      ),
    );
  return {
    day,
    facts: {
      amountCents: input.amountCents,
      sanctioned: deps.sanctions.screen(screened),
      denylisted: denied,
      kycTier: account?.kycTier ?? 0,
      dayTotalCents: BigInt(today?.total ?? "0"),
      recentActions: Number(recent?.count ?? 0),
      risk: input.risk,
    },
  };
}

/**
 * The earlier decision for this account, action and reference, if any. A retry with the same
 * amount and counterparties gets it back; a different request under the same reference is a
 * caller bug and is refused (409 compliance.reference_conflict) rather than silently merged.
 */
async function replayOf(tx: Tx, input: CheckInput): Promise<CheckResult | null> {
  if (input.reference === null) return null;
  const [row] = await tx
    .select()
    .from(complianceDecisions)
    .where(
      and(
        eq(complianceDecisions.account, input.account),
        eq(complianceDecisions.action, input.action),
        eq(complianceDecisions.reference, input.reference),
      ),
    );
  if (!row) return null;
  const sameAddresses =
    JSON.stringify([...row.addresses].sort()) === JSON.stringify([...input.addresses].sort());
  if (row.amountCents !== input.amountCents || !sameAddresses) {
    throw conflict(
      "compliance.reference_conflict",
      `Reference "${input.reference}" already names a ${input.action} of $${centsToUsd(row.amountCents)} with other details`,
      { details: { decisionId: row.id } },
    );
  }
  const [review] = await tx
    .select({ id: reviewItems.id })
    .from(reviewItems)
    .where(eq(reviewItems.decisionId, row.id));
  return {
    id: row.id,
    decision: row.decision as Decision,
    outcome: row.outcome as CheckResult["outcome"],
    replayed: true,
    rules: row.rules,
    reasons: reasonsOf(row.rules),
    risk:
      row.riskScore === null
        ? null
        : ({
            score: row.riskScore,
            model: row.riskModel ?? "",
            source: row.riskSource,
          } as RiskInput),
    recordKept: row.recordKept,
    reportFiled: row.reportFiled,
    reviewId: review?.id ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function runCheck(deps: CheckDeps, input: CheckInput): Promise<CheckResult> {
  const result = await deps.db.transaction(async (tx) => {
    await lockAccount(tx, input.account);
    const replay = await replayOf(tx, input);
    if (replay) return replay;
    // Read the clock under the lock so decisions are timestamped in the order they were made.
    const now = deps.clock.now();
    const { day, facts } = await gatherFacts(tx, deps, input, now);
    const { decision, rules } = evaluateRules(deps.policy, facts);
    const id = randomUUID();
    const recordKept = input.amountCents >= deps.policy.recordKeepingCents;
    const dayTotal = facts.dayTotalCents + input.amountCents;
    await tx.insert(complianceDecisions).values({
      id,
      account: input.account,
      action: input.action,
      amountCents: input.amountCents,
      addresses: input.addresses,
      reference: input.reference,
      decision,
      outcome: decision === "review" ? "pending" : decision,
      rules,
      riskScore: input.risk?.score ?? null,
      riskModel: input.risk?.model ?? null,
      riskSource: input.risk?.source ?? null,
      actor: input.actor,
      recordKept,
      reportFiled: false,
      createdAt: now,
    });
    if (recordKept) {
      await tx.insert(complianceRecords).values({
        decisionId: id,
        account: input.account,
        action: input.action,
        amountCents: input.amountCents,
        addresses: input.addresses,
        createdAt: now,
      });
    }
    let reportFiled = false;
    if (decision !== "deny" && dayTotal >= deps.policy.dailyReportCents) {
      // The unique (account, day) index makes the report once-per-day even without the lock.
      const filed = await tx
        .insert(complianceReports)
        .values({
          account: input.account,
          day: day.name,
          totalCents: dayTotal,
          decisionId: id,
          createdAt: now,
        })
        .onConflictDoNothing({ target: [complianceReports.account, complianceReports.day] })
        .returning({ id: complianceReports.id });
      reportFiled = filed.length > 0;
      if (reportFiled) {
        await tx
          .update(complianceDecisions)
          .set({ reportFiled: true })
          .where(eq(complianceDecisions.id, id));
      }
    }
    let reviewId: string | null = null;
    if (decision === "review") {
      reviewId = randomUUID();
      await tx.insert(reviewItems).values({
        id: reviewId,
        decisionId: id,
        account: input.account,
        status: "pending",
        createdAt: now,
      });
    }
    const reasons = reasonsOf(rules);
    await deps.audit.append(
      {
        kind: "compliance.decision",
        actor: input.actor,
        subject: input.account,
        data: {
          decisionId: id,
          action: input.action,
          amountUsd: centsToUsd(input.amountCents),
          addresses: input.addresses,
          reference: input.reference,
          decision,
          reasons,
          risk: input.risk,
          recordKept,
          reportFiled,
          reviewId,
        },
      },
      tx,
    );
    return {
      id,
      decision,
      outcome: decision === "review" ? "pending" : decision,
      replayed: false,
      rules,
      reasons,
      risk: input.risk,
      recordKept,
      reportFiled,
      reviewId,
      createdAt: now.toISOString(),
    } satisfies CheckResult;
  });
  if (result.replayed) return result;
  await deps.events.publish({
    kind: "compliance.decision",
    account: input.account,
    at: result.createdAt,
    data: {
      decisionId: result.id,
      action: input.action,
      amountUsd: centsToUsd(input.amountCents),
      decision: result.decision,
      reasons: result.reasons,
      reviewId: result.reviewId,
      reference: input.reference,
    },
  });
  const riskDenied = result.rules.find(
    (rule) => rule.rule === "risk.critical" && rule.outcome === "deny",
  );
  if (riskDenied) {
    // The risk model stopped this action: a fact of its own on the bus (risk.blocked).
    await deps.events.publish({
      kind: "risk.blocked",
      account: input.account,
      at: result.createdAt,
      data: {
        what: "compliance",
        decisionId: result.id,
        action: input.action,
        score: input.risk?.score ?? null,
        reason: riskDenied.detail,
      },
    });
  }
  return result;
}
