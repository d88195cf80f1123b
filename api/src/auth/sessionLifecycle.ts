// Ending sessions: terminated (logout, owner or admin revoked it) or expired (idle for 30 min).
// Only live sessions end; blocked ones stay blocked for the record. Each end is published.
import { and, eq, inArray, lte } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { sessions } from "../db/schema/index.ts";
import { type SessionRow, sessionChangedEvent } from "./sessionView.ts";

export const idleTimeoutMs = 30 * 60_000;
export const liveStatuses = ["active", "challenge_required"];

/** Ends a live session; returns the updated row, or null when it was not live. */
export async function endSession(
  app: FastifyInstance,
  sessionId: string,
  status: "terminated" | "expired",
  reason: string,
  actor: string,
): Promise<SessionRow | null> {
  const now = app.clock.now();
  const row = await app.db.transaction(async (tx) => {
    const [ended] = await tx
      .update(sessions)
      .set({ status, endedAt: now, endReason: reason })
      .where(and(eq(sessions.id, sessionId), inArray(sessions.status, liveStatuses)))
      .returning();
    if (ended && status === "terminated") {
      await app.audit.append(
        { kind: "session.terminated", actor, subject: ended.address, data: { sessionId, reason } },
        tx,
      );
    }
    return ended ?? null;
  });
  if (!row) return null;
  app.sessionActivity.forget(sessionId);
  await app.events.publish(sessionChangedEvent(row, now));
  return row;
}

/** Marks every live session idle for 30 minutes or more as expired (the sweep's first step). */
export async function expireIdleSessions(app: FastifyInstance): Promise<number> {
  const now = app.clock.now();
  const rows = await app.db
    .update(sessions)
    .set({ status: "expired", endedAt: now, endReason: "idle" })
    .where(
      and(
        inArray(sessions.status, liveStatuses),
        lte(sessions.lastSeenAt, new Date(now.getTime() - idleTimeoutMs)),
      ),
    )
    .returning();
  for (const row of rows) {
    app.sessionActivity.forget(row.id);
    await app.events.publish(sessionChangedEvent(row, now));
  }
  return rows.length;
}
