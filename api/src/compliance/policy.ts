// The compliance policy (api/data/compliance-policy.json, API_POLICY_FILE): per-KYC-tier limits,
// velocity, risk thresholds and reporting thresholds. Read and validated once at start-up: a bad
// policy stops the API rather than running with limits nobody wrote.
import { readFile } from "node:fs/promises";
import { Type } from "typebox";
import { Value } from "typebox/value";
import { usdToCents } from "./money.ts";

const Usd = Type.String({ pattern: "^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?$" });

const PolicyFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    version: Type.Literal(1),
    tiers: Type.Array(
      Type.Object(
        {
          tier: Type.Integer({ minimum: 0, maximum: 3 }),
          singleLimitUsd: Usd,
          dailyLimitUsd: Usd,
        },
        { additionalProperties: false },
      ),
      { minItems: 4, maxItems: 4 },
    ),
    velocity: Type.Object(
      {
        maxActions: Type.Integer({ minimum: 1, maximum: 100_000 }),
        windowMinutes: Type.Integer({ minimum: 1, maximum: 10_080 }),
      },
      { additionalProperties: false },
    ),
    risk: Type.Object(
      {
        reviewAt: Type.Number({ minimum: 0, maximum: 1 }),
        denyAt: Type.Number({ minimum: 0, maximum: 1 }),
      },
      { additionalProperties: false },
    ),
    recordKeepingThresholdUsd: Usd,
    dailyReportThresholdUsd: Usd,
  },
  { additionalProperties: false },
);

export type TierLimits = { singleCents: bigint; dailyCents: bigint };

export type CompliancePolicy = {
  /** Index = KYC tier (0..3). */
  tiers: readonly TierLimits[];
  velocity: { maxActions: number; windowMs: number };
  risk: { reviewAt: number; denyAt: number };
  recordKeepingCents: bigint;
  dailyReportCents: bigint;
};

export class PolicyError extends Error {
  override name = "PolicyError";
  readonly code = "compliance.policy_invalid";
}

/** Validates a parsed policy document; throws PolicyError saying what is wrong. */
export function parsePolicy(document: unknown, source = "policy"): CompliancePolicy {
  if (!Value.Check(PolicyFile, document)) {
    const issues = Value.Errors(PolicyFile, document)
      .slice(0, 5)
      .map((error) => `${error.instancePath || "/"} ${error.message}`);
    throw new PolicyError(`${source}: ${issues.join("; ")}`);
  }
  const tiers: TierLimits[] = [];
  for (const entry of document.tiers) {
    if (tiers[entry.tier]) throw new PolicyError(`${source}: tier ${entry.tier} is listed twice`);
    const limits = {
      singleCents: usdToCents(entry.singleLimitUsd),
      dailyCents: usdToCents(entry.dailyLimitUsd),
    };
    if (limits.singleCents > limits.dailyCents) {
      throw new PolicyError(`${source}: tier ${entry.tier} single limit exceeds its daily limit`);
    }
    tiers[entry.tier] = limits;
  }
  if (document.risk.reviewAt > document.risk.denyAt) {
    throw new PolicyError(`${source}: risk.reviewAt must not exceed risk.denyAt`);
  }
  return {
    tiers,
    velocity: {
      maxActions: document.velocity.maxActions,
      windowMs: document.velocity.windowMinutes * 60_000,
    },
    risk: { ...document.risk },
    recordKeepingCents: usdToCents(document.recordKeepingThresholdUsd),
    dailyReportCents: usdToCents(document.dailyReportThresholdUsd),
  };
}

export async function loadPolicy(file: string): Promise<CompliancePolicy> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new PolicyError(`${file}: ${(error as Error).message}`, { cause: error });
  }
  return parsePolicy(document, file);
}
