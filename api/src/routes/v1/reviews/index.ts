// /v1/reviews: the review queue for reviewers and admins — list, inspect, claim (30 minutes),
// approve or reject with a reason. Resolving sets the decision's outcome, is audited and is
// published to the account as "review.resolved".
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { actorOf } from "../../../auth/types.ts";
import {
  claimReview,
  getReview,
  listReviews,
  type ReviewDeps,
  resolveReview,
} from "../../../review/queue.ts";
import type { ReviewStatus } from "../../../review/status.ts";
import {
  CursorParam,
  Decision,
  errorRef,
  Limit,
  nullable,
  pageSize,
  Reason,
  ReviewSummary,
  security,
  Uuid,
} from "../compliance/schemas.ts";

const Review = Type.Intersect([
  ReviewSummary,
  Type.Object({
    decisionId: Type.String(),
    account: Type.String(),
    claimedAt: nullable(Type.String({ format: "date-time" })),
    createdAt: Type.String({ format: "date-time" }),
    decision: Decision,
  }),
]);

const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union(
        ["pending", "claimed", "approved", "rejected"].map((status) => Type.Literal(status)),
        { description: "Default pending" },
      ),
    ),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);

const Params = Type.Object({ id: Uuid });
const ResolveBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export async function reviewsRoutes(app: FastifyInstance) {
  const deps: ReviewDeps = { db: app.db, clock: app.clock, audit: app.audit, events: app.events };
  const reviewers = app.requireRole("reviewer", "admin");
  const base = { tags: ["reviews"], security };
  const idOf = (params: unknown) => (params as Static<typeof Params>).id.toLowerCase();

  app.get(
    "/",
    {
      preParsing: reviewers,
      schema: {
        ...base,
        summary: "Review items by status: pending and claimed oldest first, resolved newest first",
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Review), nextCursor: nullable(Type.String()) }),
          400: errorRef,
          401: errorRef,
          403: errorRef,
        },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof ListQuery>;
      return listReviews(
        app.db,
        {
          status: (query.status ?? "pending") as ReviewStatus,
          limit: pageSize(query.limit),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        },
        app.clock.now(),
      );
    },
  );

  app.get(
    "/:id",
    {
      preParsing: reviewers,
      schema: {
        ...base,
        summary: "One review item with its decision",
        params: Params,
        response: { 200: Review, 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef },
      },
    },
    async (request) => getReview(app.db, idOf(request.params), app.clock.now()),
  );

  app.post(
    "/:id/claim",
    {
      preParsing: reviewers,
      schema: {
        ...base,
        summary: "Claim an item for 30 minutes (re-claiming your own claim extends it)",
        params: Params,
        response: {
          200: Review,
          400: errorRef,
          401: errorRef,
          403: errorRef,
          404: errorRef,
          409: errorRef,
        },
      },
    },
    async (request) =>
      claimReview(deps, { id: idOf(request.params), actor: actorOf(request.principal) }),
  );

  for (const [path, outcome] of [
    ["approve", "approved"],
    ["reject", "rejected"],
  ] as const) {
    app.post(
      `/:id/${path}`,
      {
        preParsing: reviewers,
        schema: {
          ...base,
          summary:
            outcome === "approved"
              ? "Approve a claimed item: the decision's outcome becomes allow"
              : "Reject a claimed item: the decision's outcome becomes deny",
          params: Params,
          body: ResolveBody,
          response: {
            200: Review,
            400: errorRef,
            401: errorRef,
            403: errorRef,
            404: errorRef,
            409: errorRef,
          },
        },
      },
      async (request) => {
        const review = await resolveReview(deps, {
          id: idOf(request.params),
          actor: actorOf(request.principal),
          outcome,
          reason: (request.body as Static<typeof ResolveBody>).reason,
        });
        // A Lightning mint waiting for this review gets its invoice (or is rejected) now.
        app.lightning.reviewResolved(review.decision);
        return review;
      },
    );
  }
}
