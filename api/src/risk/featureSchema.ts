// The request schema of a feature row, generated from features.json so the API and the model
// can never disagree: every feature required, typed (integer / 0-1 boolean / number) and bounded
// by its valid range, nothing else allowed.
import { type TObject, type TSchema, Type } from "typebox";

type Described = { name: string; type: string; min: number; max: number; description?: string };

function featureProperty(feature: Described) {
  const bounds = { minimum: feature.min, maximum: feature.max };
  const described = (suffix: string) =>
    feature.description ? { description: `${feature.description}${suffix}` } : {};
  if (feature.type === "boolean")
    return Type.Integer({ minimum: 0, maximum: 1, ...described(" (0/1)") });
  if (feature.type === "integer") return Type.Integer({ ...bounds, ...described("") });
  return Type.Number({ ...bounds, ...described("") });
}

export function featureSchema(features: readonly Described[]): TObject<Record<string, TSchema>> {
  const properties: Record<string, TSchema> = {};
  for (const feature of features) properties[feature.name] = featureProperty(feature);
  return Type.Object(properties, {
    additionalProperties: false,
    description: "Raw feature values, named as in ml/features.json",
  });
}
