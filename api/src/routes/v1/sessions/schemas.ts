// TypeBox schemas shared by the session and sign-in routes: the session as shown to its owner,
// and the client-reported device signals, validated against the model's feature ranges.
import { type TSchema, Type } from "typebox";
import { clientSignalNames } from "../../../auth/sessionFeatures.ts";
import { featureSchema } from "../../../risk/featureSchema.ts";
import type { FeatureSpec } from "../../../risk/featureSpec.ts";

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SessionStatusSchema = Type.Union([
  Type.Literal("active"),
  Type.Literal("challenge_required"),
  Type.Literal("blocked"),
  Type.Literal("terminated"),
  Type.Literal("expired"),
]);

export const RiskSchema = Type.Object({
  score: nullable(Type.Number()),
  ema: nullable(Type.Number()),
  band: nullable(Type.String()),
});

export const SessionSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  address: Type.String(),
  status: SessionStatusSchema,
  current: Type.Boolean({ description: "Whether this is the session making the request" }),
  deviceFingerprint: nullable(Type.String()),
  ip: nullable(Type.String()),
  userAgent: nullable(Type.String()),
  signals: Type.Record(Type.String(), Type.Number()),
  risk: RiskSchema,
  riskModel: nullable(Type.String()),
  lastScoredAt: nullable(Type.String({ format: "date-time" })),
  challengePassedAt: nullable(Type.String({ format: "date-time" })),
  createdAt: Type.String({ format: "date-time" }),
  lastSeenAt: Type.String({ format: "date-time" }),
  endedAt: nullable(Type.String({ format: "date-time" })),
  endReason: nullable(Type.String()),
});

/**
 * The device signals a client may report (all optional): 0/1 for booleans, whole numbers for
 * integers, each within the feature's range in ml/features.json.
 */
export function signalsSchema(features: readonly FeatureSpec[]) {
  const reported = features.filter((feature) =>
    (clientSignalNames as readonly string[]).includes(feature.name),
  );
  return Type.Partial(featureSchema(reported), { additionalProperties: false });
}
