// Session risk: the ONNX score of a session's features, smoothed as an EMA, decides its status.
// ema >= 0.92 blocks for good; crossing 0.6 from below (or a first score >= 0.6) requires a SIWE
// challenge, which stays required until passed. Rescored at sign-in, on new signals, lazily on
// requests once the score is 5 minutes old, and by the sweep (rescoreDueSessions).
import { and, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Executor } from "../audit/auditLog.ts";
import type { Database } from "../db/client.ts";
import { sessions } from "../db/schema/index.ts";
import { notFound } from "../errors.ts";
import { updateEma } from "../risk/ema.ts";
import type { RiskResult } from "../risk/types.ts";
import type { StreamEvent } from "../stream/eventBus.ts";
import { sessionFeatures } from "./sessionFeatures.ts";
import { expireIdleSessions, idleTimeoutMs, liveStatuses } from "./sessionLifecycle.ts";
import { type SessionRow, sessionChangedEvent } from "./sessionView.ts";
import type { SessionStatus } from "./types.ts";

export const challengeThreshold = 0.6;
export const blockThreshold = 0.92;
export const rescoreAfterMs = 5 * 60_000;
const sweepBatch = 500;

export type SessionScoreOutcome = { ema: number; band: string; status: SessionStatus };

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** The status after a new EMA; ended and blocked sessions keep theirs (blocking is sticky). */
export function nextSessionStatus(
  status: SessionStatus,
  previousEma: number | null,
  ema: number,
): SessionStatus {
  if (!liveStatuses.includes(status)) return status;
  if (ema >= blockThreshold) return "blocked";
  const crossed =
    ema >= challengeThreshold && (previousEma === null || previousEma < challengeThreshold);
  return crossed ? "challenge_required" : status;
}

/**
 * Applies a score inside the caller's transaction (row locked) and returns the event to publish
 * once it commits, if the status or band changed or this is the session's first score.
 */
export async function applySessionScoreIn(
  app: FastifyInstance,
  tx: Transaction,
  sessionId: string,
  result: RiskResult,
): Promise<{
  outcome: SessionScoreOutcome;
  row: SessionRow;
  event: StreamEvent | null;
  /** This score blocked the session (it was not blocked before). */
  blocked: boolean;
}> {
  const now = app.clock.now();
  const [before] = await tx.select().from(sessions).where(eq(sessions.id, sessionId)).for("update");
  if (!before) throw notFound("sessions.not_found", "No such session");
  const ema = updateEma(before.riskEma, result.score);
  const status = nextSessionStatus(before.status as SessionStatus, before.riskEma, ema);
  const [row] = await tx
    .update(sessions)
    .set({
      riskScore: result.score,
      riskEma: ema,
      riskBand: result.band,
      riskModel: result.model,
      lastScoredAt: now,
      status,
      ...(status === "blocked" && before.status !== "blocked"
        ? { endedAt: now, endReason: "risk" }
        : {}),
    })
    .where(eq(sessions.id, sessionId))
    .returning();
  if (status !== before.status) await auditTransition(app, tx, row!, before.status, result);
  const changed =
    status !== before.status || result.band !== before.riskBand || before.riskScore === null;
  return {
    outcome: { ema, band: result.band, status },
    row: row!,
    event: changed ? sessionChangedEvent(row!, now) : null,
    blocked: status === "blocked" && before.status !== "blocked",
  };
}

async function auditTransition(
  app: FastifyInstance,
  tx: Executor,
  row: SessionRow,
  from: string,
  result: RiskResult,
) {
  const kind = row.status === "blocked" ? "session.blocked" : `session.${row.status}`;
  await app.audit.append(
    {
      kind,
      actor: "system",
      subject: row.address,
      data: {
        sessionId: row.id,
        from,
        to: row.status,
        score: result.score,
        ema: row.riskEma,
        band: result.band,
        model: result.model,
        reasons: result.reasons,
      },
    },
    tx,
  );
}

async function applyAndPublish(app: FastifyInstance, sessionId: string, result: RiskResult) {
  const applied = await app.db.transaction((tx) => applySessionScoreIn(app, tx, sessionId, result));
  if (applied.event) await app.events.publish(applied.event);
  if (applied.blocked) {
    // The risk model stopped this account's session: a fact of its own on the bus (risk.blocked).
    await app.events.publish({
      kind: "risk.blocked",
      account: applied.row.address,
      at: app.clock.now().toISOString(),
      data: {
        what: "session",
        sessionId,
        score: result.score,
        ema: applied.outcome.ema,
        band: result.band,
        model: result.model,
        reasons: result.reasons,
      },
    });
  }
  if (applied.outcome.status === "blocked") app.sessionActivity.forget(sessionId);
  return applied;
}

/** Records a risk result for a session (EMA, band, status) and publishes the change. */
export async function applySessionScore(
  app: FastifyInstance,
  sessionId: string,
  result: RiskResult,
): Promise<SessionScoreOutcome> {
  return (await applyAndPublish(app, sessionId, result)).outcome;
}

/** Scores a session's current features with the model and applies the result; the new row. */
export async function rescoreSession(app: FastifyInstance, row: SessionRow): Promise<SessionRow> {
  const features = await sessionFeatures(app, row, app.clock.now());
  return (await applyAndPublish(app, row.id, await app.risk.score(features))).row;
}

export function isScoreDue(row: SessionRow, now: Date): boolean {
  return !row.lastScoredAt || now.getTime() - row.lastScoredAt.getTime() >= rescoreAfterMs;
}

/**
 * The background sweep: expires idle sessions, then rescores live sessions seen within the idle
 * window whose score is 5 minutes old or more. Returns how many sessions it rescored.
 */
export async function rescoreDueSessions(app: FastifyInstance): Promise<number> {
  await expireIdleSessions(app);
  const now = app.clock.now();
  app.sessionActivity.prune(now.getTime());
  const due = await app.db
    .select()
    .from(sessions)
    .where(
      and(
        inArray(sessions.status, liveStatuses),
        gt(sessions.lastSeenAt, new Date(now.getTime() - idleTimeoutMs)),
        or(
          isNull(sessions.lastScoredAt),
          lte(sessions.lastScoredAt, new Date(now.getTime() - rescoreAfterMs)),
        ),
      ),
    )
    .limit(sweepBatch);
  if (due.length === 0) return 0;
  const features = await Promise.all(due.map((row) => sessionFeatures(app, row, now)));
  const results = await app.risk.scoreBatch(features);
  for (const [index, row] of due.entries()) {
    await applySessionScore(app, row.id, results[index]!);
  }
  return due.length;
}
