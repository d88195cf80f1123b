// TypeBox schemas of the /v1/risk routes. The feature row comes from features.json (at
// registration), so the request contract follows the loaded model. Response schemas double as
// fast-json-stringify serializers: plain `enum` strings, no anyOf, so serializing stays cheap.
import { type TObject, type TSchema, Type } from "typebox";
import { riskBands } from "../../../risk/bands.ts";
import { maxReasons } from "../../../risk/reasons.ts";

/** Rows per batch request: a 1000-row body is ~250 kB, well under the 1 MB body limit. */
export const maxBatchItems = 1000;

const Band = Type.Unsafe<(typeof riskBands)[number]>({
  type: "string",
  enum: [...riskBands],
  description: "low < 0.3 <= medium < 0.6 <= high < 0.85 <= critical",
});

const Reason = Type.Object({
  feature: Type.String(),
  value: Type.Number({ description: "The feature's value in the request" }),
  contribution: Type.Number({
    description: "score minus the score with this feature at its benign baseline",
  }),
});

const Score = Type.Number({ minimum: 0, maximum: 1, description: "Probability of fraud" });
const Model = Type.String({ description: "Version of the model that scored (ONNX metadata)" });
const Reasons = Type.Array(Reason, {
  maxItems: maxReasons,
  description: "Features that raised the score by >= 0.01, largest first, at most 3",
});

const SessionOutcome = Type.Object({
  id: Type.String({ format: "uuid" }),
  ema: Type.Number({ description: "Exponential moving average of the session's scores" }),
  band: Band,
  status: Type.String({ description: "The session's status after this score" }),
});

export function scoreSchemas(features: TObject<Record<string, TSchema>>) {
  const body = Type.Object(
    {
      features,
      sessionId: Type.Optional(
        Type.String({
          format: "uuid",
          description:
            "Also fold the score into this session's EMA (your own, or any as a service)",
        }),
      ),
    },
    { additionalProperties: false },
  );
  const response = Type.Object({
    score: Score,
    band: Band,
    model: Model,
    reasons: Reasons,
    session: Type.Optional(SessionOutcome),
  });
  return { body, response };
}

export function batchSchemas(features: TObject<Record<string, TSchema>>) {
  const item = Type.Object(
    {
      id: Type.Optional(
        Type.String({ minLength: 1, maxLength: 128, description: "Echoed in the result" }),
      ),
      features,
    },
    { additionalProperties: false },
  );
  const body = Type.Object(
    { items: Type.Array(item, { minItems: 1, maxItems: maxBatchItems }) },
    { additionalProperties: false },
  );
  const result = Type.Object({
    id: Type.Optional(Type.String()),
    score: Score,
    band: Band,
    reasons: Reasons,
  });
  const response = Type.Object({
    model: Model,
    results: Type.Array(result, { description: "In request order" }),
  });
  return { body, response };
}

/** Documented error answers of every risk route. */
export const errorResponses = {
  400: { $ref: "Error#" },
  401: { $ref: "Error#" },
  429: { $ref: "Error#" },
} as const;

/** Either a session token or an API key. */
export const security: Record<string, string[]>[] = [{ session: [] }, { apiKey: [] }];
