// /v1/admin/events: the event log and its reactions, for admins. Read the log by cursor (every
// account's events), list reactions by status (dead letters: ?status=dead), and replay: set the
// reactions of one event, or of every event in a time range, back to pending. A replay re-runs a
// reactor, and reactors are idempotent (a paid mint that happened is confirmed, never sent again).
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import { badRequest } from "../../../errors.ts";
import { wireEvent } from "../../../events/log.ts";
import { errorRef, nullable, security } from "../compliance/schemas.ts";

export const WireEvent = Type.Object({
  kind: Type.String(),
  type: Type.String(),
  version: Type.Integer(),
  id: Type.String(),
  cursor: Type.String(),
  account: nullable(Type.String()),
  at: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
});

const Reaction = Type.Object({
  reactor: Type.String(),
  eventId: Type.String(),
  eventCursor: Type.String(),
  status: Type.String({ description: "pending | running | done | dead" }),
  attempts: Type.Integer({ description: "Failed attempts so far" }),
  nextAt: Type.String(),
  lastError: nullable(Type.String()),
  state: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  doneAt: nullable(Type.String()),
});

/** These routes take no query parameters: an unknown one is a 400, not ignored. */
const NoQuery = Type.Object({}, { additionalProperties: false });

export async function eventsAdminRoutes(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const admin = app.requireRole("admin");
  const tags = ["admin", "events"];
  app.get(
    "/events",
    {
      preParsing: admin,
      schema: {
        tags,
        summary: "The event log after a cursor (every account)",
        security,
        querystring: Type.Object(
          {
            after: Type.Optional(Type.String({ pattern: "^\\d{1,19}$" })),
            types: Type.Optional(Type.String({ maxLength: 2000, description: "Comma-separated" })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ events: Type.Array(WireEvent), next: Type.String() }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async (request) => {
      const after = BigInt(request.query.after ?? "0");
      const types = request.query.types?.split(",").filter(Boolean);
      const events = await app.eventLog.read({ after, limit: request.query.limit ?? 100, types });
      return { events: events.map(wireEvent), next: (events.at(-1)?.cursor ?? after).toString() };
    },
  );
  app.get(
    "/events/reactions",
    {
      preParsing: admin,
      schema: {
        tags,
        summary: "Reactions, newest first (?status=dead: the dead letters)",
        security,
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union(["pending", "running", "done", "dead"].map((s) => Type.Literal(s))),
            ),
            reactor: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ reactions: Type.Array(Reaction) }),
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async (request) => ({
      reactions: await app.reactions.list({
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.reactor ? { reactor: request.query.reactor } : {}),
        limit: request.query.limit ?? 100,
      }),
    }),
  );
  app.post(
    "/events/replay",
    {
      preParsing: admin,
      schema: {
        querystring: NoQuery,
        tags,
        summary: "Run the reactions of an event (or of a time range) again",
        description:
          "Body: { eventId } or { from, to } (ISO times, at most 31 days apart), optionally { reactor }. " +
          "Done and dead reactions go back to pending; running ones are left alone. Reactors are " +
          "idempotent: a replayed payment whose mint happened is confirmed again, not minted again.",
        security,
        body: Type.Union([
          Type.Object(
            {
              eventId: Type.String({ minLength: 1, maxLength: 300 }),
              reactor: Type.Optional(Type.String({ maxLength: 64 })),
            },
            { additionalProperties: false },
          ),
          Type.Object(
            {
              from: Type.String({ format: "date-time" }),
              to: Type.String({ format: "date-time" }),
              reactor: Type.Optional(Type.String({ maxLength: 64 })),
            },
            { additionalProperties: false },
          ),
        ]),
        response: {
          200: Type.Object({ replayed: Type.Integer() }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async (request) => {
      const body = request.body;
      let replayed: number;
      if ("eventId" in body) {
        replayed = await app.reactions.replay(body);
      } else {
        const from = new Date(body.from);
        const to = new Date(body.to);
        if (!(from <= to) || to.getTime() - from.getTime() > 31 * 86_400_000) {
          throw badRequest("events.bad_range", "from must be before to, at most 31 days apart");
        }
        replayed = await app.reactions.replay({
          from,
          to,
          ...(body.reactor ? { reactor: body.reactor } : {}),
        });
      }
      await app.audit.append({
        kind: "admin.events_replayed",
        actor: actorOf(request.principal),
        subject: "eventId" in body ? body.eventId : null,
        data: { ...body, replayed },
      });
      return { replayed };
    },
  );
}
