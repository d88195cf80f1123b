// Response schemas shared by /v1/compliance, /v1/reviews and the admin compliance routes.
import { type TSchema, Type } from "typebox";
import { addressPattern } from "../../../compliance/address.ts";

export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Address = Type.String({ pattern: addressPattern, description: "0x address" });
export const Uuid = Type.String({
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
});
export const Reason = Type.String({ minLength: 3, maxLength: 1000, pattern: "\\S" });
/** Query strings are not type-coerced (app.ts), so a page size is a numeric string 1..100. */
export const Limit = Type.String({
  pattern: "^([1-9]|[1-9][0-9]|100)$",
  description: "1..100, default 20",
});
export const pageSize = (limit: string | undefined) => (limit === undefined ? 20 : Number(limit));
export const CursorParam = Type.String({ minLength: 1, maxLength: 200 });

export const Rule = Type.Object({
  rule: Type.String({ description: "sanctions, denylist, kyc.single_limit, ..." }),
  outcome: Type.Union([Type.Literal("pass"), Type.Literal("review"), Type.Literal("deny")]),
  detail: Type.String(),
});

export const DecisionValue = Type.Union([
  Type.Literal("allow"),
  Type.Literal("review"),
  Type.Literal("deny"),
]);

export const Risk = Type.Object({
  score: Type.Number(),
  model: Type.String(),
  source: Type.String({ description: "features (scored for this check) or session (EMA)" }),
});

export const ReviewSummary = Type.Object({
  id: Type.String(),
  status: Type.Union([
    Type.Literal("pending"),
    Type.Literal("claimed"),
    Type.Literal("approved"),
    Type.Literal("rejected"),
  ]),
  claimedBy: nullable(Type.String()),
  claimExpiresAt: nullable(Type.String({ format: "date-time" })),
  resolvedBy: nullable(Type.String()),
  resolvedAt: nullable(Type.String({ format: "date-time" })),
  reason: nullable(Type.String()),
});

export const Decision = Type.Object({
  id: Type.String(),
  account: Type.String(),
  action: Type.String(),
  amountUsd: Type.String(),
  addresses: Type.Array(Type.String()),
  reference: nullable(Type.String()),
  decision: DecisionValue,
  outcome: Type.Union([Type.Literal("allow"), Type.Literal("deny"), Type.Literal("pending")], {
    description: "What holds now: the decision, or the review's result (pending until then)",
  }),
  rules: Type.Array(Rule),
  reasons: Type.Array(Type.String()),
  risk: nullable(Risk),
  recordKept: Type.Boolean(),
  reportFiled: Type.Boolean(),
  actor: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  review: nullable(ReviewSummary),
});

export const errorRef = { $ref: "Error#" };
export const security: { [scheme: string]: string[] }[] = [{ session: [] }, { apiKey: [] }];
