// The compliance rules as a pure function of the facts gathered under the account's lock. Every
// rule is evaluated and reported; the decision is the most severe outcome (deny > review > allow).
import type { RuleOutcome, RuleResult } from "../db/schema/compliance.ts";
import { formatUsd } from "./money.ts";
import type { CompliancePolicy } from "./policy.ts";

export type Decision = "allow" | "review" | "deny";

export type RiskInput = { score: number; model: string; source: "features" | "session" };

export type CheckFacts = {
  amountCents: bigint;
  /** Screened addresses found on the sanctions list / the admin denylist. */
  sanctioned: string[];
  denylisted: { address: string; reason: string }[];
  kycTier: number;
  /** The account's non-denied total today (UTC) before this action. */
  dayTotalCents: bigint;
  /** The account's non-denied actions in the velocity window before this one. */
  recentActions: number;
  risk: RiskInput | null;
};

const severity: Record<RuleOutcome, number> = { pass: 0, review: 1, deny: 2 };
const decisionOf: Record<RuleOutcome, Decision> = { pass: "allow", review: "review", deny: "deny" };

export function evaluateRules(
  policy: CompliancePolicy,
  facts: CheckFacts,
): { decision: Decision; rules: RuleResult[] } {
  const limits = policy.tiers[facts.kycTier] ?? policy.tiers[0]!;
  const amount = formatUsd(facts.amountCents);
  const dayTotal = facts.dayTotalCents + facts.amountCents;
  const windowMinutes = policy.velocity.windowMs / 60_000;
  const risk = facts.risk;
  const rules: RuleResult[] = [
    facts.sanctioned.length > 0
      ? {
          rule: "sanctions",
          outcome: "deny",
          detail: `On the sanctions list: ${facts.sanctioned.join(", ")}`,
        }
      : { rule: "sanctions", outcome: "pass", detail: "No screened address is sanctioned" },
    facts.denylisted.length > 0
      ? {
          rule: "denylist",
          outcome: "deny",
          detail: `On the denylist: ${facts.denylisted
            .map((entry) => `${entry.address} (${entry.reason})`)
            .join(", ")}`,
        }
      : { rule: "denylist", outcome: "pass", detail: "No screened address is denylisted" },
    {
      rule: "kyc.single_limit",
      outcome: facts.amountCents > limits.singleCents ? "deny" : "pass",
      detail: `${amount} against the KYC tier ${facts.kycTier} single-action limit of ${formatUsd(limits.singleCents)}`,
    },
    {
      rule: "kyc.daily_limit",
      outcome: dayTotal > limits.dailyCents ? "deny" : "pass",
      detail: `Today's total with this action ${formatUsd(dayTotal)} against the KYC tier ${facts.kycTier} daily limit of ${formatUsd(limits.dailyCents)}`,
    },
    {
      rule: "velocity",
      outcome: facts.recentActions >= policy.velocity.maxActions ? "deny" : "pass",
      detail: `Action ${facts.recentActions + 1} in the last ${windowMinutes} minutes (at most ${policy.velocity.maxActions})`,
    },
    {
      rule: "risk.critical",
      outcome: risk && risk.score >= policy.risk.denyAt ? "deny" : "pass",
      detail: risk
        ? `Risk score ${risk.score.toFixed(3)} (${risk.source}) against the deny threshold ${policy.risk.denyAt}`
        : "No risk score available",
    },
    {
      // Scores at or above the deny threshold are risk.critical's; this rule is the band below.
      rule: "risk.high",
      outcome:
        risk && risk.score >= policy.risk.reviewAt && risk.score < policy.risk.denyAt
          ? "review"
          : "pass",
      detail: risk
        ? `Risk score ${risk.score.toFixed(3)} (${risk.source}) against the review threshold ${policy.risk.reviewAt}`
        : "No risk score available",
    },
  ];
  const worst = rules.reduce<RuleOutcome>(
    (acc, rule) => (severity[rule.outcome] > severity[acc] ? rule.outcome : acc),
    "pass",
  );
  return { decision: decisionOf[worst], rules };
}

/** The rules that did not pass, as sentences for the caller. */
export function reasonsOf(rules: readonly RuleResult[]): string[] {
  return rules
    .filter((rule) => rule.outcome !== "pass")
    .map((rule) => `${rule.rule}: ${rule.detail}`);
}
