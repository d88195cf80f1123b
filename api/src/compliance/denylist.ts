// The admin denylist: addresses barred by an administrator, in the database beside the sanctions
// file. Changes are audited in the same transaction.
import { eq, sql } from "drizzle-orm";
import type { AuditLog } from "../audit/auditLog.ts";
import type { Database } from "../db/client.ts";
import { denylist } from "../db/schema/compliance.ts";
import { conflict, notFound } from "../errors.ts";
import type { Clock } from "../lib/clock.ts";

export type DenylistEntry = { address: string; reason: string; addedBy: string; createdAt: string };

type Deps = { db: Database; audit: AuditLog; clock: Clock };

const view = (row: typeof denylist.$inferSelect): DenylistEntry => ({
  address: row.address,
  reason: row.reason,
  addedBy: row.addedBy,
  createdAt: row.createdAt.toISOString(),
});

/** Address order; `after` is the last address of the previous page. */
export async function listDenylist(db: Database, limit: number, after?: string) {
  const rows = await db
    .select()
    .from(denylist)
    // Byte order ("C"), whatever the database's collation, so pages are stable everywhere.
    .where(after ? sql`${denylist.address} collate "C" > ${after}` : undefined)
    .orderBy(sql`${denylist.address} collate "C"`)
    .limit(limit + 1);
  const page = rows.slice(0, limit).map(view);
  return { items: page, nextCursor: rows.length > limit ? (page.at(-1)?.address ?? null) : null };
}

/** Throws 409 compliance.denylist_exists when the address is already listed. */
export async function addToDenylist(
  deps: Deps,
  entry: { address: string; reason: string; actor: string },
): Promise<DenylistEntry> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(denylist)
      .values({
        address: entry.address,
        reason: entry.reason,
        addedBy: entry.actor,
        createdAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw conflict("compliance.denylist_exists", `${entry.address} is already on the denylist`);
    }
    await deps.audit.append(
      {
        kind: "compliance.denylist_added",
        actor: entry.actor,
        subject: entry.address,
        data: { address: entry.address, reason: entry.reason },
      },
      tx,
    );
    return view(row);
  });
}

/** Throws 404 compliance.denylist_not_found when the address is not listed. */
export async function removeFromDenylist(
  deps: Deps,
  entry: { address: string; actor: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.delete(denylist).where(eq(denylist.address, entry.address)).returning();
    if (!row) {
      throw notFound("compliance.denylist_not_found", `${entry.address} is not on the denylist`);
    }
    await deps.audit.append(
      {
        kind: "compliance.denylist_removed",
        actor: entry.actor,
        subject: entry.address,
        data: { address: entry.address, reason: row.reason },
      },
      tx,
    );
  });
}
