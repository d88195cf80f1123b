// How a session row is shown to its owner (and admins), and the payload of "session.changed".
import type { sessions } from "../db/schema/index.ts";
import type { StreamEvent } from "../stream/eventBus.ts";

export type SessionRow = typeof sessions.$inferSelect;

export function riskOf(row: Pick<SessionRow, "riskScore" | "riskEma" | "riskBand">) {
  return { score: row.riskScore, ema: row.riskEma, band: row.riskBand };
}

export function sessionView(row: SessionRow, currentId?: string) {
  return {
    id: row.id,
    address: row.address,
    status: row.status,
    current: row.id === currentId,
    deviceFingerprint: row.deviceFingerprint,
    ip: row.ip,
    userAgent: row.userAgent,
    signals: row.signals,
    risk: riskOf(row),
    riskModel: row.riskModel,
    lastScoredAt: row.lastScoredAt?.toISOString() ?? null,
    challengePassedAt: row.challengePassedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    endReason: row.endReason,
  };
}

export function sessionChangedEvent(row: SessionRow, at: Date): StreamEvent {
  return {
    kind: "session.changed",
    account: row.address,
    at: at.toISOString(),
    data: { sessionId: row.id, status: row.status, risk: riskOf(row) },
  };
}
