// Single-use SIWE nonces (10 minute TTL) bound to a purpose: "sign-in" or "challenge:<sessionId>".
// Consumption is one conditional UPDATE ... RETURNING, so two requests racing with the same
// signed message cannot both succeed. Nonces come from the OS CSPRNG (viem's generateSiweNonce
// slides a window over one Math.random buffer: each nonce is the previous one shifted by one
// character). Expired rows are deleted by sweepNonces (plugins/auth.ts runs it every minute) once
// a grace period has passed, so a late client still hears auth.nonce_expired, not nonce_unknown.
import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Executor } from "../audit/auditLog.ts";
import { siweNonces } from "../db/schema/index.ts";
import { unauthorized } from "../errors.ts";

export const nonceTtlMs = 10 * 60_000;
/** How long an expired nonce is kept (to tell "expired" from "unknown") before the sweep. */
export const nonceGraceMs = 10 * 60_000;

/** 128 bits from the CSPRNG as 32 hex digits (EIP-4361: alphanumeric, at least 8 characters). */
export function newNonce(): string {
  return randomBytes(16).toString("hex");
}

type NonceExecutor = Executor & Pick<FastifyInstance["db"], "update">;

export async function issueNonce(app: FastifyInstance, purpose: string) {
  const issuedAt = app.clock.now();
  const expiresAt = new Date(issuedAt.getTime() + nonceTtlMs);
  const nonce = newNonce();
  await app.db.insert(siweNonces).values({ nonce, purpose, issuedAt, expiresAt });
  return { nonce, issuedAt, expiresAt };
}

/** Throws auth.nonce_unknown / auth.nonce_expired / auth.nonce_used for an unusable nonce. */
export async function checkNonce(
  executor: Executor,
  nonce: string,
  purpose: string,
  now: Date,
): Promise<void> {
  const [row] = await executor
    .select()
    .from(siweNonces)
    .where(and(eq(siweNonces.nonce, nonce), eq(siweNonces.purpose, purpose)))
    .limit(1);
  if (!row) throw unauthorized("auth.nonce_unknown", "Nonce was not issued by this server");
  if (row.usedAt) throw unauthorized("auth.nonce_used", "Nonce was already used");
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw unauthorized("auth.nonce_expired", "Nonce expired; request a new one");
  }
}

/** Marks the nonce used, atomically; throws the reason when it cannot be used (any more). */
export async function consumeNonce(
  executor: NonceExecutor,
  nonce: string,
  purpose: string,
  now: Date,
): Promise<void> {
  const consumed = await executor
    .update(siweNonces)
    .set({ usedAt: now })
    .where(
      and(
        eq(siweNonces.nonce, nonce),
        eq(siweNonces.purpose, purpose),
        isNull(siweNonces.usedAt),
        gt(siweNonces.expiresAt, now),
      ),
    )
    .returning({ nonce: siweNonces.nonce });
  if (consumed.length === 1) return;
  await checkNonce(executor, nonce, purpose, now);
  // checkNonce found it usable, so another request consumed it in between.
  throw unauthorized("auth.nonce_used", "Nonce was already used");
}

/** Deletes nonces that expired more than nonceGraceMs ago, used or not; returns how many. */
export async function sweepNonces(app: Pick<FastifyInstance, "db" | "clock">): Promise<number> {
  const before = new Date(app.clock.now().getTime() - nonceGraceMs);
  const deleted = await app.db
    .delete(siweNonces)
    .where(lt(siweNonces.expiresAt, before))
    .returning({ nonce: siweNonces.nonce });
  return deleted.length;
}
