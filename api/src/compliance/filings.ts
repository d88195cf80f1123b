// Reads of the record-keeping rows (actions at or above the record threshold) and the daily
// large-total reports, newest first with keyset cursors, for the people who file them.
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { complianceRecords, complianceReports } from "../db/schema/compliance.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { centsToUsd } from "./money.ts";

export type FilingQuery = { account?: string; limit: number; cursor?: string };

function keyset(table: typeof complianceRecords | typeof complianceReports, query: FilingQuery) {
  const conditions: SQL[] = [];
  if (query.account) conditions.push(eq(table.account, query.account));
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    conditions.push(
      sql`(${table.createdAt}, ${table.id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  return and(...conditions);
}

function paged<Row extends { createdAt: Date; id: string }, View>(
  rows: Row[],
  limit: number,
  view: (row: Row) => View,
) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

export async function listRecords(db: Database, query: FilingQuery) {
  const rows = await db
    .select()
    .from(complianceRecords)
    .where(keyset(complianceRecords, query))
    .orderBy(desc(complianceRecords.createdAt), desc(complianceRecords.id))
    .limit(query.limit + 1);
  return paged(rows, query.limit, (row) => ({
    id: row.id,
    decisionId: row.decisionId,
    account: row.account,
    action: row.action,
    amountUsd: centsToUsd(row.amountCents),
    addresses: row.addresses,
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function listReports(db: Database, query: FilingQuery) {
  const rows = await db
    .select()
    .from(complianceReports)
    .where(keyset(complianceReports, query))
    .orderBy(desc(complianceReports.createdAt), desc(complianceReports.id))
    .limit(query.limit + 1);
  return paged(rows, query.limit, (row) => ({
    id: row.id,
    account: row.account,
    day: row.day,
    totalUsd: centsToUsd(row.totalCents),
    decisionId: row.decisionId,
    createdAt: row.createdAt.toISOString(),
  }));
}
