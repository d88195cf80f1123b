// TypeBox schemas of the webhook endpoint routes (/v1/webhooks/endpoints and
// /v1/admin/webhook-endpoints).
import { Type } from "typebox";
import { deliveryStatuses } from "../../../events/outgoing/deliveries.ts";
import { nullable, Uuid } from "../compliance/schemas.ts";

const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: "http(s) URL on a public host (private hosts only with API_WEBHOOK_ALLOW_PRIVATE)",
});
const Description = Type.String({ maxLength: 500 });
const EventTypes = nullable(
  Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
    minItems: 1,
    maxItems: 64,
    description: "Event types to receive (the catalogue's names); null: all of them",
  }),
);
const Status = Type.Union([Type.Literal("enabled"), Type.Literal("disabled")]);
const DateTime = Type.String({ format: "date-time" });

export const EndpointInput = Type.Object(
  {
    url: Url,
    description: Type.Optional(Description),
    eventTypes: Type.Optional(EventTypes),
  },
  { additionalProperties: false },
);

export const EndpointChange = Type.Object(
  {
    url: Type.Optional(Url),
    description: Type.Optional(Description),
    eventTypes: Type.Optional(EventTypes),
    status: Type.Optional(Status),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Rotation = Type.Optional(
  Type.Object(
    {
      overlapSeconds: Type.Optional(
        Type.Integer({
          minimum: 0,
          maximum: 7 * 86_400,
          description: "How long the current secrets keep signing (default 86400)",
        }),
      ),
    },
    { additionalProperties: false },
  ),
);

export const Endpoint = Type.Object({
  id: Type.String(),
  account: nullable(Type.String({ description: "null: every account's events (admins')" })),
  url: Type.String(),
  description: Type.String(),
  eventTypes: nullable(Type.Array(Type.String())),
  status: Status,
  disabledReason: nullable(Type.String({ description: "manual | gone (answered 410) | failing" })),
  consecutiveFailures: Type.Integer({ description: "Failed attempts since the last 2xx" }),
  failingSince: nullable(DateTime),
  secrets: Type.Array(Type.Object({ prefix: Type.String(), expiresAt: nullable(DateTime) })),
  createdBy: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const Delivery = Type.Object({
  eventId: Type.String(),
  eventType: Type.String(),
  eventCursor: Type.String(),
  status: Type.Union(deliveryStatuses.map((status) => Type.Literal(status))),
  attempts: Type.Integer({ description: "Failed attempts so far" }),
  nextAt: DateTime,
  lastStatus: nullable(Type.Integer()),
  lastError: nullable(Type.String()),
  deliveredAt: nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const Attempt = Type.Object({
  attempt: Type.Integer(),
  at: DateTime,
  status: nullable(Type.Integer({ description: "HTTP status; null: no answer" })),
  durationMs: Type.Integer(),
  error: nullable(Type.String()),
  response: nullable(Type.String({ description: "The answer's first KB" })),
});

export const IdParams = Type.Object({ id: Uuid });
export const DeliveryParams = Type.Object({
  id: Uuid,
  eventId: Type.String({ minLength: 1, maxLength: 200 }),
});

/** Query strings are not coerced (app.ts): numbers come as digit strings. */
export const DeliveriesQuery = Type.Object(
  {
    status: Type.Optional(Type.Union(deliveryStatuses.map((status) => Type.Literal(status)))),
    before: Type.Optional(
      Type.String({ pattern: "^\\d{1,18}$", description: "Only events before this cursor" }),
    ),
    limit: Type.Optional(
      Type.String({ pattern: "^([1-9]|[1-9][0-9]|100)$", description: "1..100, default 50" }),
    ),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    before: Type.Optional(Uuid),
    limit: Type.Optional(
      Type.String({ pattern: "^([1-9]|[1-9][0-9]|100)$", description: "1..100, default 100" }),
    ),
  },
  { additionalProperties: false },
);
