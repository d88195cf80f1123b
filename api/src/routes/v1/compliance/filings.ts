// GET /v1/compliance/records and /reports: the record-keeping rows and daily large-total reports,
// for reviewers and admins who file them with the authorities.
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { checksummed } from "../../../compliance/address.ts";
import { listRecords, listReports } from "../../../compliance/filings.ts";
import {
  Address,
  CursorParam,
  errorRef,
  Limit,
  nullable,
  pageSize,
  security,
  Uuid,
} from "./schemas.ts";

const Query = Type.Object(
  {
    account: Type.Optional(Address),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);

const Usd = Type.String({ description: "USD, two decimals" });

const RecordView = Type.Object({
  id: Uuid,
  decisionId: Uuid,
  account: Type.String(),
  action: Type.String(),
  amountUsd: Usd,
  addresses: Type.Array(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
});

const ReportView = Type.Object({
  id: Uuid,
  account: Type.String(),
  day: Type.String({ description: "UTC day, YYYY-MM-DD" }),
  totalUsd: Usd,
  decisionId: Uuid,
  createdAt: Type.String({ format: "date-time" }),
});

const errors = { 400: errorRef, 401: errorRef, 403: errorRef };

function query(raw: unknown) {
  const { account, limit, cursor } = raw as Static<typeof Query>;
  return {
    ...(account === undefined ? {} : { account: checksummed(account, "account") }),
    limit: pageSize(limit),
    ...(cursor ? { cursor } : {}),
  };
}

export async function filingRoutes(app: FastifyInstance) {
  const preParsing = app.requireRole("reviewer", "admin");
  app.get(
    "/records",
    {
      preParsing,
      schema: {
        tags: ["compliance"],
        summary: "Record-keeping rows (actions at or above the record threshold), newest first",
        security,
        querystring: Query,
        response: {
          200: Type.Object({ items: Type.Array(RecordView), nextCursor: nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (request) => listRecords(app.db, query(request.query)),
  );
  app.get(
    "/reports",
    {
      preParsing,
      schema: {
        tags: ["compliance"],
        summary:
          "Daily reports (an account's UTC-day total reached the report threshold), newest first",
        security,
        querystring: Query,
        response: {
          200: Type.Object({ items: Type.Array(ReportView), nextCursor: nullable(Type.String()) }),
          ...errors,
        },
      },
    },
    async (request) => listReports(app.db, query(request.query)),
  );
}
