// Sign-in after a verified SIWE message: consume the nonce, upsert the account, record the
// device, create the session and its first risk score, audit, all in one transaction; then
// publish "session.changed". The bearer token is returned once; only its sha256 is stored.
import { count, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Executor } from "../audit/auditLog.ts";
import { accounts, devices, sessions } from "../db/schema/index.ts";
import { forbidden } from "../errors.ts";
import { consumeNonce } from "./nonces.ts";
import { sessionFeatures } from "./sessionFeatures.ts";
import { applySessionScoreIn } from "./sessionRisk.ts";
import type { SessionRow } from "./sessionView.ts";
import type { VerifiedSiwe } from "./siwe.ts";
import { newSecret, sessionTokenPrefix, sha256Hex } from "./tokens.ts";

export type SignInContext = {
  deviceFingerprint?: string | undefined;
  signals: Record<string, number>;
  ip: string;
  userAgent: string | undefined;
};

/** Records the device; true when the account already had other devices (a risk signal). */
async function recordDevice(
  tx: Executor & Pick<FastifyInstance["db"], "update">,
  address: string,
  fingerprint: string,
  now: Date,
) {
  const [known] = await tx
    .select({
      total: count(),
      thisOne: sql<number>`count(*) filter (where ${devices.fingerprint} = ${fingerprint})::int`,
    })
    .from(devices)
    .where(eq(devices.address, address));
  await tx
    .insert(devices)
    .values({ address, fingerprint, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoUpdate({
      target: [devices.address, devices.fingerprint],
      set: { lastSeenAt: now, sessions: sql`${devices.sessions} + 1` },
    });
  return Number(known?.total ?? 0) > 0 && Number(known?.thisOne ?? 0) === 0;
}

export async function signInSession(
  app: FastifyInstance,
  siwe: VerifiedSiwe,
  context: SignInContext,
): Promise<{ token: string; row: SessionRow; newDevice: boolean }> {
  const now = app.clock.now();
  const features = await sessionFeatures(
    app,
    { id: null, address: siwe.address, createdAt: now, signals: context.signals },
    now,
  );
  const result = await app.risk.score(features);
  const token = newSecret(sessionTokenPrefix);
  const { row, event, newDevice } = await app.db.transaction(async (tx) => {
    await consumeNonce(tx, siwe.nonce, "sign-in", now);
    await tx.insert(accounts).values({ address: siwe.address }).onConflictDoNothing();
    const newDevice = context.deviceFingerprint
      ? await recordDevice(tx, siwe.address, context.deviceFingerprint, now)
      : false;
    const [created] = await tx
      .insert(sessions)
      .values({
        tokenHash: sha256Hex(token),
        address: siwe.address,
        deviceFingerprint: context.deviceFingerprint ?? null,
        ip: context.ip,
        userAgent: context.userAgent?.slice(0, 512) ?? null,
        signals: context.signals,
        createdAt: now,
        lastSeenAt: now,
      })
      .returning({ id: sessions.id });
    const scored = await applySessionScoreIn(app, tx, created!.id, result);
    await app.audit.append(
      {
        kind: "auth.signed_in",
        actor: siwe.address,
        subject: siwe.address,
        data: {
          sessionId: created!.id,
          chainId: siwe.chainId,
          signer: siwe.signer,
          deviceFingerprint: context.deviceFingerprint ?? null,
          newDevice,
          ip: context.ip,
          risk: { score: result.score, ema: scored.outcome.ema, band: result.band },
          status: scored.outcome.status,
        },
      },
      tx,
    );
    return { ...scored, newDevice };
  });
  if (event) await app.events.publish(event);
  if (row.status === "blocked") {
    throw forbidden("auth.session_blocked", "Sign-in blocked by risk controls", {
      details: {
        sessionId: row.id,
        risk: { score: row.riskScore, ema: row.riskEma, band: row.riskBand },
      },
    });
  }
  return { token, row, newDevice };
}
