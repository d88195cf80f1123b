// A session's model features: the client-reported signals (baseline when not reported) plus the
// server-derived rapidApiCalls, actionsPerHour, unusualHour and amountZScore (0: no amount).
import { and, eq, lt, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { sessions } from "../db/schema/index.ts";
import type { RiskFeatures } from "../risk/types.ts";

/** The features a client reports about its device and network (validated against features.json). */
export const clientSignalNames = [
  "rootedDevice",
  "vpn",
  "proxyHops",
  "thermalAnomaly",
  "biometricFailures",
  "locationChangesPerHour",
] as const;

const minEarlierSessions = 10;
const usualShare = 0.05;

/**
 * 1 when the account has at least 10 sessions before `before` and fewer than 5% of them started
 * in the UTC hour of `now` or the hour either side of it.
 */
export async function unusualHour(
  app: FastifyInstance,
  address: string,
  before: Date,
  now: Date,
): Promise<0 | 1> {
  const hour = now.getUTCHours();
  const hours = [(hour + 23) % 24, hour, (hour + 1) % 24];
  const startedHour = sql`extract(hour from ${sessions.createdAt} at time zone 'UTC')::int`;
  const [counts] = await app.db
    .select({
      total: sql<number>`count(*)::int`,
      near: sql<number>`(count(*) filter (where ${startedHour} in (${sql.join(
        hours.map((h) => sql`${h}::int`),
        sql`, `,
      )})))::int`,
    })
    .from(sessions)
    .where(and(eq(sessions.address, address), lt(sessions.createdAt, before)));
  const total = Number(counts?.total ?? 0);
  const near = Number(counts?.near ?? 0);
  return total >= minEarlierSessions && near < usualShare * total ? 1 : 0;
}

export type FeatureSubject = {
  /** The session id, or null before the session exists (sign-in). */
  id: string | null;
  address: string;
  createdAt: Date;
  signals: Record<string, number>;
};

export async function sessionFeatures(
  app: FastifyInstance,
  subject: FeatureSubject,
  now: Date,
): Promise<RiskFeatures> {
  const at = now.getTime();
  const activity = app.sessionActivity;
  const derived: RiskFeatures = {
    amountZScore: 0,
    rapidApiCalls: subject.id ? activity.requestsLastMinute(subject.id, at) : 0,
    actionsPerHour: subject.id ? activity.actionsLastHour(subject.id, at) : 0,
    unusualHour: await unusualHour(app, subject.address, subject.createdAt, now),
  };
  const features: RiskFeatures = {};
  for (const feature of app.risk.features) {
    const value =
      derived[feature.name] ??
      ((clientSignalNames as readonly string[]).includes(feature.name)
        ? subject.signals[feature.name]
        : undefined) ??
      feature.baseline;
    features[feature.name] = Math.min(feature.max, Math.max(feature.min, value));
  }
  return features;
}
