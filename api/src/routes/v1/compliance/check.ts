// POST /v1/compliance/check: decides allow / review / deny for one action of an account. A
// sensitive action (requireStepUp). Sessions check for themselves; service keys for any account.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import { addressPattern, checksummed } from "../../../compliance/address.ts";
import { actions } from "../../../compliance/check.ts";
import { usdPattern, usdToCents } from "../../../compliance/money.ts";
import type { RiskInput } from "../../../compliance/rules.ts";
import { badRequest, forbidden } from "../../../errors.ts";
import { featureSchema } from "../../../risk/featureSchema.ts";
import type { FeatureSpec } from "../../../risk/featureSpec.ts";
import { DecisionValue, errorRef, Risk, Rule, security } from "./schemas.ts";

const maxAddresses = 20;

export function checkBody(features: readonly FeatureSpec[]) {
  return Type.Object(
    {
      action: Type.Union(actions.map((action) => Type.Literal(action))),
      amountUsd: Type.String({
        pattern: usdPattern,
        description: "US dollars, > 0, at most 2 decimals, e.g. 2999.99",
      }),
      account: Type.Optional(
        Type.String({ pattern: addressPattern, description: "Defaults to the caller" }),
      ),
      addresses: Type.Optional(
        Type.Array(Type.String({ pattern: addressPattern }), {
          maxItems: maxAddresses,
          description: "Counterparties / recipients screened with the account",
        }),
      ),
      features: Type.Optional(featureSchema(features)),
      reference: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 128,
          description:
            "Caller's id for the action (e.g. a payment hash): a retried check with the same reference gets the earlier decision back",
        }),
      ),
    },
    { additionalProperties: false },
  );
}

export const CheckResponse = Type.Object({
  id: Type.String(),
  decision: DecisionValue,
  outcome: Type.Union([Type.Literal("allow"), Type.Literal("deny"), Type.Literal("pending")]),
  rules: Type.Array(Rule),
  reasons: Type.Array(Type.String()),
  risk: Type.Optional(Risk),
  recordKept: Type.Boolean(),
  reportFiled: Type.Boolean(),
  reviewId: Type.Optional(Type.String({ description: "Set when the decision is review" })),
  replayed: Type.Boolean({
    description: "True when `reference` named an earlier identical check: its decision, unchanged",
  }),
});

type Body = Static<ReturnType<typeof checkBody>>;

/** The account the check is for; 403 compliance.account_forbidden when the caller may not. */
function accountOf(request: FastifyRequest, named: string | undefined): string {
  const principal = request.principal!;
  if (named === undefined) {
    if (principal.kind === "session") return principal.address;
    throw badRequest("compliance.account_required", "API keys must name the account");
  }
  const account = checksummed(named, "account");
  const allowed =
    principal.kind === "session"
      ? account === principal.address
      : principal.roles.includes("service");
  if (!allowed) {
    throw forbidden(
      "compliance.account_forbidden",
      "You may only check actions of your own account",
    );
  }
  return account;
}

export async function checkRoute(app: FastifyInstance, features: readonly FeatureSpec[]) {
  app.post(
    "/check",
    {
      preHandler: app.requireStepUp,
      schema: {
        tags: ["compliance"],
        summary:
          "Decide allow / review / deny for an action (sanctions, KYC limits, velocity, risk)",
        security,
        body: checkBody(features),
        response: {
          200: CheckResponse,
          400: errorRef,
          401: errorRef,
          403: errorRef,
          409: errorRef,
          503: errorRef,
        },
      },
    },
    async (request) => {
      const body = request.body as Body;
      const principal = request.principal!;
      const account = accountOf(request, body.account);
      const addresses = [
        ...new Set((body.addresses ?? []).map((value, i) => checksummed(value, `addresses[${i}]`))),
      ];
      let risk: RiskInput | null = null;
      if (body.features) {
        const scored = await app.risk.score(body.features as Record<string, number>);
        risk = { score: scored.score, model: scored.model, source: "features" };
      } else if (principal.kind === "session" && principal.risk.ema !== null) {
        risk = { score: principal.risk.ema, model: app.risk.version, source: "session" };
      }
      const result = await app.compliance.check({
        account,
        action: body.action,
        amountCents: usdToCents(body.amountUsd),
        addresses,
        reference: body.reference ?? null,
        risk,
        actor: actorOf(principal),
      });
      return {
        id: result.id,
        decision: result.decision,
        outcome: result.outcome,
        replayed: result.replayed,
        rules: result.rules,
        reasons: result.reasons,
        ...(result.risk ? { risk: result.risk } : {}),
        recordKept: result.recordKept,
        reportFiled: result.reportFiled,
        ...(result.reviewId ? { reviewId: result.reviewId } : {}),
      };
    },
  );
}
