// GET /v1/compliance/decisions[/:id]: stored decisions with their review status. The keepers poll
// a decision that waits for a reviewer. Accounts see their own; reviewers, admins and service
// keys see any.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import type { Principal } from "../../../auth/types.ts";
import { checksummed } from "../../../compliance/address.ts";
import { getDecision, listDecisions } from "../../../compliance/decisions.ts";
import { forbidden, notFound } from "../../../errors.ts";
import {
  Address,
  CursorParam,
  Decision,
  errorRef,
  Limit,
  nullable,
  pageSize,
  security,
  Uuid,
} from "./schemas.ts";

const ListQuery = Type.Object(
  {
    account: Type.Optional(Address),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);

function privileged(principal: Principal): boolean {
  return principal.roles.some(
    (role) => role === "reviewer" || role === "admin" || role === "service",
  );
}

function ownAddress(request: FastifyRequest): string | null {
  const principal = request.principal!;
  return principal.kind === "session" ? principal.address : null;
}

export async function decisionRoutes(app: FastifyInstance) {
  app.get(
    "/decisions/:id",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["compliance"],
        summary: "One decision with its review status (404 also for other accounts' decisions)",
        security,
        params: Type.Object({ id: Uuid }),
        response: { 200: Decision, 400: errorRef, 401: errorRef, 404: errorRef },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const decision = await getDecision(app.db, id.toLowerCase(), app.clock.now());
      // Someone else's decision answers like a missing one: ids are not a way to probe accounts.
      if (
        !decision ||
        (!privileged(request.principal!) && decision.account !== ownAddress(request))
      ) {
        throw notFound("compliance.decision_not_found", "No such decision");
      }
      return decision;
    },
  );

  app.get(
    "/decisions",
    {
      preHandler: app.authenticate,
      schema: {
        tags: ["compliance"],
        summary: "Decisions newest first: the caller's, or any account's for privileged callers",
        security,
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Decision), nextCursor: nullable(Type.String()) }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof ListQuery>;
      const principal = request.principal!;
      const own = ownAddress(request);
      const named = query.account === undefined ? undefined : checksummed(query.account, "account");
      let account: string | undefined;
      if (privileged(principal)) account = named;
      else if (own && (named === undefined || named === own)) account = own;
      else throw forbidden("compliance.account_forbidden", "You may only list your own decisions");
      return listDecisions(
        app.db,
        {
          account,
          limit: pageSize(query.limit),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        },
        app.clock.now(),
      );
    },
  );
}
